import { describe, expect, it } from 'vitest';
import { MoneySchema, formatMoney, fractionDigits, toDecimalString, toMinorUnits } from './money.ts';

describe('toMinorUnits', () => {
  it('turns yuan as people type them into fen without floating-point error', () => {
    expect(toMinorUnits('1299')).toBe(129900);
    expect(toMinorUnits('1,299.5')).toBe(129950);
    expect(toMinorUnits(' ¥0.07 ')).toBe(7);
    expect(toMinorUnits('19.99')).toBe(1999); // 19.99 * 100 is 1998.9999999999998 in floating point
    expect(toMinorUnits('1.')).toBe(100);
    expect(toMinorUnits(12.5)).toBe(1250);
  });

  it('refuses negatives, too many decimals, words and unsafe sizes', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1e3', '99999999999999999']) expect(toMinorUnits(bad), bad).toBeNull();
  });

  it('follows the currency’s decimals (JPY has none)', () => {
    expect(fractionDigits('JPY')).toBe(0);
    expect(toMinorUnits('1500', 'JPY')).toBe(1500);
    expect(toMinorUnits('1500.5', 'JPY')).toBeNull();
  });
});

describe('toDecimalString', () => {
  it('writes minor units back as a plain decimal for a form', () => {
    expect(toDecimalString(129900)).toBe('1299.00');
    expect(toDecimalString(7)).toBe('0.07');
    expect(toDecimalString(0)).toBe('0.00');
    expect(toDecimalString(1500, 'JPY')).toBe('1500');
    expect(toMinorUnits(toDecimalString(123456))).toBe(123456);
  });
});

describe('formatMoney', () => {
  it('formats fen as ¥1,299.00 in Chinese', () => {
    expect(formatMoney({ amount: 129900, currency: 'CNY' })).toBe('¥1,299.00');
    expect(formatMoney({ amount: 5, currency: 'CNY' })).toBe('¥0.05');
    expect(formatMoney({ amount: 1000, currency: 'USD' }, 'en-US')).toBe('$10.00');
  });
});

describe('MoneySchema', () => {
  it('takes integer minor units and an upper-case ISO code only', () => {
    expect(MoneySchema.safeParse({ amount: 129900, currency: 'CNY' }).success).toBe(true);
    expect(MoneySchema.safeParse({ amount: 1299.5, currency: 'CNY' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amount: -1, currency: 'CNY' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amount: 1, currency: 'cny' }).success).toBe(false);
  });
});
