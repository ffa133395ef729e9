import { describe, expect, it } from 'vitest';
import { sharedBuffersMiB } from './embedded-postgres.ts';

const GiB = 2 ** 30;

describe('the embedded PostgreSQL buffer cache', () => {
  it('takes an eighth of the memory, from 128 MB up to 1 GB', () => {
    expect(sharedBuffersMiB(24 * GiB)).toBe(1024);
    expect(sharedBuffersMiB(4 * GiB)).toBe(512);
    expect(sharedBuffersMiB(GiB / 2)).toBe(128);
  });
});
