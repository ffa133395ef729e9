import { createRequire } from 'node:module';

// lunar-javascript ships no types; this is the one call we make.
const { Lunar } = createRequire(import.meta.url)('lunar-javascript') as {
  Lunar: { fromYmd(year: number, month: number, day: number): { getSolar(): { toYmd(): string } } };
};

const DAY = 86_400_000;
/** China Standard Time: the calendar day of an order is the day in Beijing. */
const CST_OFFSET = 8 * 3_600_000;

/** Gregorian date (YYYY-MM-DD) of the Spring Festival, 正月初一, of a year. */
export function springFestival(year: number): string {
  let date = festivals.get(year);
  if (!date) festivals.set(year, (date = Lunar.fromYmd(year, 1, 1).getSolar().toYmd()));
  return date;
}
// The lunar conversion costs ~0.1 ms; a season table asks for each year's date on every day.
const festivals = new Map<number, string>();

/** The calendar day (days since 1970-01-01 in Beijing) of an instant. */
export function beijingDay(time: number): number {
  return Math.floor((time + CST_OFFSET) / DAY);
}

const dayOf = (ymd: string) => Math.floor(Date.parse(`${ymd}T00:00:00Z`) / DAY);

/**
 * How much busier a day is than an ordinary one for retail buying in China:
 * Double 11 (the run-up from Nov 1, the day itself), 618, Double 12, the
 * New Year's goods weeks before the Spring Festival and the quiet holiday week
 * after it. 1 is an ordinary day.
 */
export function seasonalBoost(day: number): number {
  const date = new Date(day * DAY);
  const month = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  const festival = dayOf(springFestival(date.getUTCFullYear()));
  const nextFestival = dayOf(springFestival(date.getUTCFullYear() + 1));
  const untilFestival = (day < festival ? festival : nextFestival) - day;
  const sinceFestival = day - festival;

  if (sinceFestival >= 0 && sinceFestival < 7) return 0.35; // 春节 holiday: shops and offices close
  if (untilFestival > 0 && untilFestival <= 21) return 1.9; // 年货节
  if (month === 11 && dom === 11) return 8;
  if (month === 11 && dom >= 1 && dom <= 10) return 1.7;
  if (month === 11 && (dom === 12 || dom === 13)) return 1.4;
  if (month === 6 && dom === 18) return 4;
  if (month === 6 && dom >= 1 && dom <= 17) return 1.35;
  if (month === 12 && dom === 12) return 2.5;
  return 1;
}

/** Day-indexed boosts over [from, to] so the purchase simulation looks a day up in O(1). */
export interface SeasonTable {
  firstDay: number;
  boosts: Float64Array;
  max: number;
}

export function buildSeasonTable(from: number, to: number): SeasonTable {
  const firstDay = beijingDay(from);
  const boosts = new Float64Array(beijingDay(to) - firstDay + 1);
  let max = 0;
  for (let i = 0; i < boosts.length; i++) {
    boosts[i] = seasonalBoost(firstDay + i);
    max = Math.max(max, boosts[i]!);
  }
  return { firstDay, boosts, max };
}

export function boostAt(table: SeasonTable, time: number): number {
  return table.boosts[beijingDay(time) - table.firstDay] ?? 1;
}
