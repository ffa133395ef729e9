import { describe, expect, it } from 'vitest';
import { CreditScorecardSettingsSchema, DEFAULT_CREDIT_SCORECARD, SelectionMatrixSettingsSchema, DEFAULT_SELECTION_MATRIX } from '../../../shared/credit-selection.ts';
import { type CreditFile, creditReasons, gradeOf, normaliseWeights, scoreCredit, suggestLimit } from './credit.scorecard.ts';

const file = (ratings: Partial<Record<keyof CreditFile, number>>): CreditFile => ({
  character: { score: ratings.character ?? null, note: null },
  capacity: { score: ratings.capacity ?? null, note: null },
  capital: { score: ratings.capital ?? null, note: null },
  collateral: { score: ratings.collateral ?? null, note: null },
  conditions: { score: ratings.conditions ?? null, note: null },
});
const settings = DEFAULT_CREDIT_SCORECARD; // weights .25 .25 .20 .15 .15, grades 85/70/55/40, min 3 inputs

describe('5C scorecard', () => {
  it('scores 5/5 everywhere 100 (AAA) and 1/5 everywhere 0 (C)', () => {
    expect(scoreCredit(file({ character: 5, capacity: 5, capital: 5, collateral: 5, conditions: 5 }), settings)).toMatchObject({ score: 100, grade: 'AAA', completeness: 1, inputsGiven: 5 });
    expect(scoreCredit(file({ character: 1, capacity: 1, capital: 1, collateral: 1, conditions: 1 }), settings)).toMatchObject({ score: 0, grade: 'C' });
  });

  it('weights each rating at 25·(r−1) points: 5,4,3,2,1 → 25 + 18.75 + 10 + 3.75 + 0 = 57.5 (A)', () => {
    const card = scoreCredit(file({ character: 5, capacity: 4, capital: 3, collateral: 2, conditions: 1 }), settings);
    expect(card.score).toBe(57.5);
    expect(card.grade).toBe('A');
    expect(card.criteria.map((c) => c.points)).toEqual([25, 18.8, 10, 3.8, 0]);
    expect(card.criteria.map((c) => c.maxPoints)).toEqual([25, 25, 20, 15, 15]);
  });

  it('re-normalises over the given ratings and reports completeness', () => {
    // given weight .25 + .25 + .20 = .70: (.25·75 + .25·75 + .20·25) / .70 = 42.5 / .7 = 60.71…
    const card = scoreCredit(file({ character: 4, capacity: 4, capital: 2 }), settings);
    expect(card.score).toBe(60.7);
    expect(card.grade).toBe('A');
    expect(card.completeness).toBeCloseTo(0.7, 10);
    expect(card.inputsGiven).toBe(3);
    expect(card.criteria.find((c) => c.criterion === 'collateral')).toMatchObject({ score: null, points: null, maxPoints: null });
    expect(card.criteria.find((c) => c.criterion === 'character')!.maxPoints).toBe(35.7);
  });

  it('gives no score with fewer inputs than required', () => {
    const card = scoreCredit(file({ character: 5, capacity: 5 }), settings);
    expect(card).toMatchObject({ score: null, grade: null, inputsGiven: 2 });
    expect(card.completeness).toBeCloseTo(0.5, 10);
    const reasons = creditReasons(card, settings, { trailingYear: 1_000_000, orders: 3 }, null);
    expect(reasons).toEqual([expect.objectContaining({ code: 'insufficient_inputs', params: { given: 2, required: 3 } })]);
  });

  it('normalises raw weights and ignores ratings whose weight is 0', () => {
    expect(normaliseWeights({ character: 2, capacity: 2, capital: 0, collateral: 0, conditions: 0 })).toEqual({ character: 0.5, capacity: 0.5, capital: 0, collateral: 0, conditions: 0 });
    const custom = { ...settings, minInputs: 2, weights: { character: 2, capacity: 2, capital: 0, collateral: 0, conditions: 0 } };
    // (100 + 50) / 2 = 75; the capital rating of 1 does not count
    const card = scoreCredit(file({ character: 5, capacity: 3, capital: 1 }), custom);
    expect(card).toMatchObject({ score: 75, grade: 'AA', inputsGiven: 2 });
    expect(() => normaliseWeights({ character: 0, capacity: 0, capital: 0, collateral: 0, conditions: 0 })).toThrow();
  });

  it('grades at the minimum of each band', () => {
    expect([85, 84.9, 70, 55, 40, 39.9].map((s) => gradeOf(s, settings.gradeMins))).toEqual(['AAA', 'AA', 'AA', 'A', 'B', 'C']);
  });
});

describe('suggested credit limit', () => {
  it('is the trailing-year purchases ÷ 12 × the grade months, rounded down to ¥100', () => {
    // 12,345.67 yuan a year, AA = 2 months: 2,057.61 → 2,000 yuan
    expect(suggestLimit('AA', 1_234_567, settings)).toEqual({ amount: 200_000, monthlyAverage: 102_880, months: 2, capped: false });
    expect(suggestLimit('C', 1_234_567, settings).amount).toBe(0);
  });

  it('stops at the cap and says so', () => {
    const capped = { ...settings, limitCap: 150_000 };
    const limit = suggestLimit('AA', 1_234_567, capped);
    expect(limit).toMatchObject({ amount: 150_000, capped: true });
    const card = scoreCredit(file({ character: 4, capacity: 4, capital: 4, collateral: 4, conditions: 4 }), capped);
    expect(card.grade).toBe('AA');
    const codes = creditReasons(card, capped, { trailingYear: 1_234_567, orders: 4 }, limit).map((r) => r.code);
    expect(codes).toEqual(['trailing_year', 'grade_months', 'capped']);
  });

  it('explains missing and weak ratings and a customer without purchases', () => {
    const card = scoreCredit(file({ character: 2, capacity: 4, capital: 4 }), settings);
    const reasons = creditReasons(card, settings, { trailingYear: 0, orders: 0 }, suggestLimit(card.grade!, 0, settings));
    expect(reasons.map((r) => r.code)).toEqual(['missing_inputs', 'weak_criterion', 'no_purchases']);
    expect(reasons[0]!.params).toEqual({ missing: 'collateral,conditions', completeness: 70 });
    expect(reasons[1]!.text).toBe('品德仅 2/5 分');
  });
});

describe('settings validation', () => {
  it('rejects negative weights, all-zero weights and grades out of order', () => {
    const bad = CreditScorecardSettingsSchema.safeParse({
      ...settings,
      weights: { ...settings.weights, capital: -1 },
      gradeMins: { AAA: 80, AA: 85, A: 55, B: 40 },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['weights.capital', 'gradeMins']));
    const zero = CreditScorecardSettingsSchema.safeParse({ ...settings, weights: { character: 0, capacity: 0, capital: 0, collateral: 0, conditions: 0 } });
    expect(zero.success).toBe(false);
    expect(CreditScorecardSettingsSchema.safeParse(settings).success).toBe(true);
  });

  it('rejects a weighted city factor without cities, repeated factors and all-zero factor weights', () => {
    const bad = SelectionMatrixSettingsSchema.safeParse({
      ...DEFAULT_SELECTION_MATRIX,
      factors: [{ key: 'service_city', weight: 1, cities: [] }, { key: 'credit_score', weight: 1 }, { key: 'credit_score', weight: 0 }],
    });
    expect(bad.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['factors.0.cities', 'factors.2.key']);
    const zero = SelectionMatrixSettingsSchema.safeParse({ ...DEFAULT_SELECTION_MATRIX, factors: [{ key: 'credit_score', weight: 0 }] });
    expect(zero.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['factors']);
    expect(SelectionMatrixSettingsSchema.safeParse(DEFAULT_SELECTION_MATRIX).success).toBe(true);
  });
});
