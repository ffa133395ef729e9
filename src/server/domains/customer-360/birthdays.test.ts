import { describe, expect, it } from 'vitest';
import { nextLunarBirthday, nextSolarBirthday } from './birthdays.ts';

describe('next birthdays', () => {
  it('finds the next solar birthday this year or next, today included', () => {
    expect(nextSolarBirthday('1990-12-01', '2026-11-26')).toBe('2026-12-01');
    expect(nextSolarBirthday('1990-11-26', '2026-11-26')).toBe('2026-11-26');
    expect(nextSolarBirthday('1990-03-08', '2026-11-26')).toBe('2027-03-08');
    expect(nextSolarBirthday('2000-02-29', '2026-11-26')).toBe('2027-02-28');
    expect(nextSolarBirthday('2000-02-29', '2027-11-26')).toBe('2028-02-29');
  });

  it('turns a lunar birthday into its next solar date', () => {
    // 正月初一 2027 (Spring Festival) is 2027-02-06; 2026's was 2026-02-17.
    expect(nextLunarBirthday({ month: 1, day: 1, leap: false }, '2026-11-26')).toBe('2027-02-06');
    expect(nextLunarBirthday({ month: 1, day: 1, leap: false }, '2026-01-10')).toBe('2026-02-17');
    // 八月十五 (Mid-Autumn) 2026 is 2026-09-25, so from late November the next is 2027's (2027-09-15).
    expect(nextLunarBirthday({ month: 8, day: 15, leap: false }, '2026-11-26')).toBe('2027-09-15');
    // In January 2026 the lunar year is still 2025: 腊月十五 falls on 2026-02-02.
    expect(nextLunarBirthday({ month: 12, day: 15, leap: false }, '2026-01-10')).toBe('2026-02-02');
  });

  it('keeps a leap-month birthday in the leap month when the year has one (2025 has 闰六月)', () => {
    expect(nextLunarBirthday({ month: 6, day: 1, leap: true }, '2025-07-01')).toBe('2025-07-25');
    expect(nextLunarBirthday({ month: 6, day: 1, leap: false }, '2025-06-01')).toBe('2025-06-25');
  });
});
