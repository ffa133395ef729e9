import { z } from 'zod';

/**
 * Money is an integer count of the currency's minor units (fen for CNY) plus an
 * ISO 4217 code: {"amount": 129900, "currency": "CNY"} is ¥1,299.00. Never floats.
 */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code such as CNY')
  .meta({ description: 'ISO 4217 code', example: 'CNY' });

export const DEFAULT_CURRENCY = 'CNY';

/** Minor units: non-negative and exact in a JavaScript number. */
export const MinorUnitsSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const MoneySchema = z
  .object({ amount: MinorUnitsSchema, currency: CurrencySchema })
  .meta({ id: 'Money', description: 'An amount in minor units of the currency (fen for CNY)' });
export type Money = z.infer<typeof MoneySchema>;

/** Digits after the decimal point of a currency (CNY 2, JPY 0), as Intl knows them. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Parses a decimal written by a person ("1,299.5", "1299") into minor units without
 * floating-point arithmetic; null when it is not a non-negative amount with at most
 * the currency's decimals.
 *
 * @example toMinorUnits('1,299.5', 'CNY') // 129950
 */
export function toMinorUnits(text: string | number, currency = DEFAULT_CURRENCY): number | null {
  const digits = fractionDigits(currency);
  const raw = String(text).trim().replaceAll(',', '').replace(/^[¥￥$]/, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(raw);
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** Minor units as a plain decimal string for form inputs: 129950 CNY → "1299.50". */
export function toDecimalString(amount: number, currency = DEFAULT_CURRENCY): string {
  const digits = fractionDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * For display: ¥1,299.00 (zh-CN), CN¥1,299.00 (en). The division happens only here,
 * on the way to the screen.
 */
export function formatMoney(money: Money, locale = 'zh-CN'): string {
  const digits = fractionDigits(money.currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 10 ** digits);
  } catch {
    return `${money.currency} ${toDecimalString(money.amount, money.currency)}`;
  }
}
