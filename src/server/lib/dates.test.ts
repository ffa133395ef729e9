import { describe, expect, it } from 'vitest';
import { daysBefore, todayIn } from './dates.ts';

describe('todayIn', () => {
  it('reads today in the given time zone', () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-11-26T17:00:00Z'))).toBe('2026-11-27');
    expect(todayIn('UTC', new Date('2026-11-26T17:00:00Z'))).toBe('2026-11-26');
  });
});

describe('daysBefore', () => {
  it('counts calendar days back across month, year and leap-day boundaries', () => {
    expect(daysBefore('2026-11-26', 364)).toBe('2025-11-27');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2026-01-01', 1)).toBe('2025-12-31');
    expect(daysBefore('2026-05-10', 0)).toBe('2026-05-10');
  });
});
