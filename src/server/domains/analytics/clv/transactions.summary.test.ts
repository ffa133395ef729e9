import { describe, expect, it } from 'vitest';
import { ClvError } from './clv.errors.ts';
import { simulateBgNbd, toTransactionLog } from './clv.simulate.ts';
import { dayNumber, summarizeTransactions, type Transaction, TransactionCollector } from './transactions.summary.ts';

const tx = (customerId: string, date: Date | string, amount: number): Transaction => ({ customerId, date, amount });

describe('dayNumber', () => {
  it('reads YYYY-MM-DD (time ignored), YYYYMMDD, YYYY/M/D and Dates (UTC) as the same day', () => {
    const day = dayNumber('2025-03-07');
    expect(day).toBe(Date.UTC(2025, 2, 7) / 86_400_000);
    for (const form of ['20250307', '2025/3/7', '2025-03-07T23:59:59+08:00', '2025-03-07 08:00', ' 2025-03-07 ', new Date('2025-03-07T12:00:00Z')]) {
      expect(dayNumber(form), String(form)).toBe(day);
    }
  });

  it('returns NaN for non-dates and impossible dates', () => {
    for (const form of ['2025-02-30', '20251301', '07/03/2025', '', 'yesterday', '2025-3', new Date('nope')]) {
      expect(dayNumber(form), String(form)).toBeNaN();
    }
    expect(dayNumber('2024-02-29')).not.toBeNaN(); // a leap day
  });
});

describe('summarizeTransactions', () => {
  it('counts repeat purchase days, merging same-day purchases and excluding the first day', () => {
    const [summary] = summarizeTransactions(
      [
        tx('a', '2025-01-01', 10),
        tx('a', '2025-01-01', 5), // same day as the first purchase: part of it
        tx('a', '2025-01-08', 20),
        tx('a', '2025-01-08', 30), // merged with the line above: one purchase of 50
        tx('a', '20250122', 70),
      ],
      '2025-01-29',
    );
    expect(summary).toEqual({ customerId: 'a', x: 2, frequency: 2, tx: 3, T: 4, monetaryValue: 60, firstPurchase: '2025-01-01' });
  });

  it('ignores transactions after the calibration end, counts those on it, and leaves out later customers', () => {
    const summaries = summarizeTransactions(
      [
        tx('late', '2025-02-01', 10),
        tx('b', '2025-01-29', 40), // out of order: the log need not be sorted
        tx('b', '2025-01-15', 10),
        tx('b', '2025-02-05', 99),
        tx('c', '2025-01-10', 7),
      ],
      '2025-01-29',
    );
    expect(summaries).toEqual([
      { customerId: 'b', x: 1, frequency: 1, tx: 2, T: 2, monetaryValue: 40, firstPurchase: '2025-01-15' },
      { customerId: 'c', x: 0, frequency: 0, tx: 0, T: 19 / 7, monetaryValue: 0, firstPurchase: '2025-01-10' },
    ]);
  });

  it('reports what it left out when used as a collector', () => {
    const collector = new TransactionCollector();
    for (const [id, date] of [['a', '2025-01-01'], ['a', '2025-03-01'], ['z', '2025-04-01']]) collector.add(id!, dayNumber(date!), 1);
    const result = collector.summarize('2025-02-01');
    expect(result.customers.map((c) => c.customerId)).toEqual(['a']);
    expect(result.ignoredTransactions).toBe(2);
    expect(result.ignoredCustomers).toBe(1);
    expect(collector.transactions).toBe(3);
  });

  it('grows past its initial capacity without losing rows', () => {
    // 5,000 rows: customer i mod 7 on day i mod 300, so every customer buys on each of the 300 days
    const collector = new TransactionCollector();
    for (let i = 0; i < 5000; i++) collector.add(`c${i % 7}`, dayNumber('2024-01-01') + (i % 300), 1);
    const { customers } = collector.summarize('2024-12-31');
    expect(collector.transactions).toBe(5000);
    expect(customers.map((c) => c.x)).toEqual(Array(7).fill(299));
  });

  it('rejects bad dates and amounts with a coded error', () => {
    expect(() => summarizeTransactions([tx('a', '2025-13-01', 1)], '2025-12-31')).toThrow(ClvError);
    expect(() => summarizeTransactions([tx('a', '2025-01-01', Number.NaN)], '2025-12-31')).toThrow(/amount/);
    expect(() => summarizeTransactions([tx('a', '2025-01-01', 1)], 'soon')).toThrow(/calibration end/);
  });

  it('agrees with the simulation it came from, up to purchases that fell on one day', () => {
    const sim = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 400, seed: 9, acquisitionWeeks: 12, calibrationWeeks: 39, holdoutWeeks: 13 });
    const log = toTransactionLog(sim, { studyStart: '2025-01-06', spend: { p: 6.25, q: 3.74, gamma: 15.44 }, seed: 10 });
    const calibrationEnd = new Date(Date.UTC(2025, 0, 6 + 39 * 7 - 1)); // the day on which week 39 ends
    const summaries = summarizeTransactions(log, calibrationEnd);
    expect(summaries).toHaveLength(400);
    let merged = 0;
    summaries.forEach((summary, i) => {
      expect(summary.customerId).toBe(`C${String(i + 1).padStart(6, '0')}`);
      expect(summary.x).toBeLessThanOrEqual(sim.x[i]!);
      merged += sim.x[i]! - summary.x;
      expect(Math.abs(summary.T - sim.T[i]!)).toBeLessThan(2 / 7);
      expect(summary.tx).toBeLessThanOrEqual(summary.T);
      if (summary.x > 0) expect(summary.monetaryValue).toBeGreaterThan(0);
    });
    expect(merged).toBeLessThan(0.05 * sim.x.reduce((sum, x) => sum + x, 0)); // same-day repeats are rare at these rates
  });
});
