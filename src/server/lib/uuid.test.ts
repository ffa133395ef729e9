import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid.ts';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the UUID format with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7();
      expect(id).toMatch(FORMAT);
      const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
      expect(bytes[6]! >> 4).toBe(7);
      expect(bytes[8]! >> 6).toBe(0b10);
    }
  });

  it('never repeats, also across refills of its pool of random bytes (256 ids a pool)', () => {
    const now = Date.now();
    const ids = Array.from({ length: 1000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(1000);
  });

  it('carries the Unix milliseconds in its first 48 bits', () => {
    const when = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const id = uuidv7(when);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(when);
    expect(id.startsWith(when.toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-'))).toBe(true);
  });

  it('sorts by creation time, as text', () => {
    const times = [0, 1, 255, 256, 1_700_000_000_000, 1_700_000_000_001, Date.UTC(2100, 0, 1)];
    const ids = times.map((time) => uuidv7(time));
    expect([...ids].sort()).toEqual(ids);
    const shuffled = [...ids].reverse();
    expect(shuffled.sort()).toEqual(ids);
  });

  it('differs between ids made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
