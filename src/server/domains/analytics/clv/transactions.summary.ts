import { ClvError } from './clv.errors.ts';

export type Transaction = { customerId: string; date: Date | string; amount: number };

/** One customer's calibration history, in weeks from their first purchase. */
export type CustomerSummary = {
  customerId: string;
  /** Repeat purchases: distinct purchase days after the first, up to the calibration end. */
  x: number;
  /** The same count under the name lifetimes and most CLV write-ups use. */
  frequency: number;
  /** Weeks from the first purchase to the last repeat purchase (0 without one). */
  tx: number;
  /** Weeks from the first purchase to the calibration end. */
  T: number;
  /** Mean value of the repeat purchase days (same-day amounts summed); 0 without repeat purchases. */
  monetaryValue: number;
  /** The first purchase day, YYYY-MM-DD. */
  firstPurchase: string;
};

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const SLASH_DAY = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: .*)?$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Day number (days since 1970-01-01) of a calendar date: 'YYYY-MM-DD' (any
 * time after it is ignored — the day as written counts, not a time zone's),
 * 'YYYYMMDD', 'YYYY/M/D' (spreadsheet exports), or a Date, read in UTC.
 * Returns NaN for anything else, including impossible dates like 2025-02-30.
 *
 * @example dayNumber('19700102') // 1
 */
export function dayNumber(value: Date | string): number {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? NaN : Math.floor(time / MS_PER_DAY);
  }
  const text = value.trim();
  const match = ISO_DAY.exec(text) ?? SLASH_DAY.exec(text) ?? COMPACT_DAY.exec(text);
  if (!match) return NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return NaN;
  return time / MS_PER_DAY;
}

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export type SummaryResult = {
  customers: CustomerSummary[];
  /** Transactions dated after the calibration end, left out. */
  ignoredTransactions: number;
  /** Customers whose first purchase falls after the calibration end, left out. */
  ignoredCustomers: number;
};

/**
 * Collects a transaction log column by column (16 bytes a transaction), so a
 * CLI can stream millions of rows from a file; summarize() sorts once.
 */
export class TransactionCollector {
  private ids = new Map<string, number>();
  private names: string[] = [];
  private customer = new Int32Array(1024);
  private day = new Int32Array(1024);
  private amount = new Float64Array(1024);
  private size = 0;

  get transactions(): number {
    return this.size;
  }

  /** day as from dayNumber(); throws ClvError('invalid_data') on a NaN day or amount. */
  add(customerId: string, day: number, amount: number) {
    if (!Number.isInteger(day)) throw new ClvError('invalid_data', `customer ${customerId}: not a calendar day`);
    if (!Number.isFinite(amount)) throw new ClvError('invalid_data', `customer ${customerId}: amount ${amount} is not a number`);
    let index = this.ids.get(customerId);
    if (index === undefined) {
      index = this.names.length;
      this.ids.set(customerId, index);
      this.names.push(customerId);
    }
    if (this.size === this.day.length) this.grow();
    this.customer[this.size] = index;
    this.day[this.size] = day;
    this.amount[this.size] = amount;
    this.size++;
  }

  private grow() {
    const capacity = this.day.length * 2;
    const customer = new Int32Array(capacity);
    const day = new Int32Array(capacity);
    const amount = new Float64Array(capacity);
    customer.set(this.customer);
    day.set(this.day);
    amount.set(this.amount);
    this.customer = customer;
    this.day = day;
    this.amount = amount;
  }

  /** Summaries as of the end of calibrationEnd (its transactions count), in order of first appearance. */
  summarize(calibrationEnd: Date | string): SummaryResult {
    const endDay = dayNumber(calibrationEnd);
    if (Number.isNaN(endDay)) throw new ClvError('invalid_data', `calibration end ${String(calibrationEnd)} is not a date`);
    const order = new Uint32Array(this.size);
    let kept = 0;
    for (let i = 0; i < this.size; i++) if (this.day[i]! <= endDay) order[kept++] = i;
    const rows = order.subarray(0, kept);
    rows.sort((i, j) => this.customer[i]! - this.customer[j]! || this.day[i]! - this.day[j]!);
    const customers: CustomerSummary[] = [];
    let k = 0;
    while (k < rows.length) {
      const customer = this.customer[rows[k]!]!;
      const firstDay = this.day[rows[k]!]!;
      let lastDay = firstDay;
      let x = 0;
      let repeatTotal = 0;
      for (; k < rows.length && this.customer[rows[k]!] === customer; k++) {
        const row = rows[k]!;
        if (this.day[row] === firstDay) continue; // same day as the first purchase: part of it
        if (this.day[row] !== lastDay) {
          x++;
          lastDay = this.day[row]!;
        }
        repeatTotal += this.amount[row]!;
      }
      const tx = x > 0 ? (lastDay - firstDay) / 7 : 0;
      customers.push({
        customerId: this.names[customer]!,
        x,
        frequency: x,
        tx,
        T: (endDay - firstDay) / 7,
        monetaryValue: x > 0 ? repeatTotal / x : 0,
        firstPurchase: formatDay(firstDay),
      });
    }
    // Customer indices are in order of first appearance, and the sort kept them so.
    return { customers, ignoredTransactions: this.size - kept, ignoredCustomers: this.names.length - customers.length };
  }
}

/**
 * Per-customer BG/NBD and Gamma-Gamma inputs from a transaction log: purchases
 * on one day are one purchase (amounts summed), the first purchase is not a
 * repeat, transactions after calibrationEnd are ignored and customers who first
 * bought after it are left out. Throws ClvError('invalid_data') on a bad date or amount.
 *
 * @example summarizeTransactions([{ customerId: 'a', date: '2025-01-01', amount: 10 }, { customerId: 'a', date: '2025-01-08', amount: 30 }], '2025-01-15')
 * // [{ customerId: 'a', x: 1, frequency: 1, tx: 1, T: 2, monetaryValue: 30, firstPurchase: '2025-01-01' }]
 */
export function summarizeTransactions(transactions: Iterable<Transaction>, calibrationEnd: Date | string): CustomerSummary[] {
  const collector = new TransactionCollector();
  let row = 0;
  for (const { customerId, date, amount } of transactions) {
    const day = dayNumber(date);
    if (Number.isNaN(day)) throw new ClvError('invalid_data', `transaction ${row}: ${String(date)} is not a date`);
    if (!Number.isFinite(amount)) throw new ClvError('invalid_data', `transaction ${row}: amount ${amount} is not a number`);
    collector.add(customerId, day, amount);
    row++;
  }
  return collector.summarize(calibrationEnd).customers;
}
