import { createRequire } from 'node:module';
import type { LunarBirthday } from '../../../shared/customer-profile.ts';

// lunar-javascript ships no types; these are the calls we make.
interface LunarLib {
  Lunar: { fromYmd(year: number, month: number, day: number): { getSolar(): { toYmd(): string } } };
  LunarYear: { fromYear(year: number): { getLeapMonth(): number } };
  LunarMonth: { fromYm(year: number, month: number): { getDayCount(): number } | null };
}
const { Lunar, LunarYear, LunarMonth } = createRequire(import.meta.url)('lunar-javascript') as LunarLib;

const pad = (n: number) => String(n).padStart(2, '0');
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The next solar date (YYYY-MM-DD, today included) of a solar birthday; 29 Feb falls on 28 Feb in common years. */
export function nextSolarBirthday(birthday: string, today: string): string {
  const [, month, day] = birthday.split('-').map(Number) as [number, number, number];
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const d = month === 2 && day === 29 && !isLeapYear(y) ? 28 : day;
    const date = `${y}-${pad(month)}-${pad(d)}`;
    if (date >= today) return date;
  }
  throw new Error('unreachable');
}

/**
 * The next solar date of a lunar birthday (农历生日). A leap-month birthday is
 * kept in the leap month when the year has it, else in the ordinary month; day
 * 30 falls on the 29th in a short month.
 */
export function nextLunarBirthday(birthday: LunarBirthday, today: string): string {
  const year = Number(today.slice(0, 4));
  // The lunar year starts in January or February, so the current solar year may still be in the previous lunar year.
  for (const y of [year - 1, year, year + 1]) {
    const month = birthday.leap && LunarYear.fromYear(y).getLeapMonth() === birthday.month ? -birthday.month : birthday.month;
    const days = LunarMonth.fromYm(y, month)?.getDayCount() ?? 29;
    const date = Lunar.fromYmd(y, month, Math.min(birthday.day, days)).getSolar().toYmd();
    if (date >= today) return date;
  }
  throw new Error('unreachable');
}

