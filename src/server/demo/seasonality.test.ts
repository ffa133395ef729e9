import { describe, expect, it } from 'vitest';
import { beijingDay, buildSeasonTable, boostAt, seasonalBoost, springFestival } from './seasonality.ts';

const day = (ymd: string) => beijingDay(Date.parse(`${ymd}T12:00:00+08:00`));

describe('springFestival', () => {
  it('finds 正月初一 through the lunar calendar', () => {
    expect([2024, 2025, 2026, 2027].map(springFestival)).toEqual(['2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06']);
  });
});

describe('seasonalBoost', () => {
  it('peaks on Double 11, is busy before the Spring Festival and quiet in its holiday week', () => {
    expect(seasonalBoost(day('2025-11-11'))).toBeGreaterThan(5);
    expect(seasonalBoost(day('2025-11-05'))).toBeGreaterThan(1);
    expect(seasonalBoost(day('2026-02-10'))).toBeGreaterThan(1);
    expect(seasonalBoost(day('2026-02-18'))).toBeLessThan(1);
    expect(seasonalBoost(day('2026-04-15'))).toBe(1);
  });

  it('counts days in Beijing time: 23:30 on Nov 10 in UTC is already Double 11', () => {
    const lateUtc = Date.parse('2025-11-10T16:30:00Z');
    const table = buildSeasonTable(Date.parse('2025-01-01T00:00:00+08:00'), Date.parse('2026-01-01T00:00:00+08:00'));
    expect(boostAt(table, lateUtc)).toBe(seasonalBoost(day('2025-11-11')));
    expect(table.max).toBe(seasonalBoost(day('2025-11-11')));
  });
});
