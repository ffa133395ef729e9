import { type CreditCriterion, type CreditGrade, type CreditReason, type CreditScorecardSettings } from '../../../shared/credit-selection.ts';
import { CREDIT_CRITERIA } from '../../../shared/customer-profile.ts';

/**
 * The 5C credit scorecard, in plain arithmetic (the refresh computes the same score
 * set-wise in SQL: see creditScoreSql; a test keeps the two equal).
 *
 * - Each C is rated 1–5; a rating r is worth 25·(r − 1) points out of 100.
 * - Weights are normalised to sum to 1. Ratings not given are left out and the score
 *   is the weighted mean over the given ones (the weights re-normalised over them);
 *   completeness is the share of the total weight that was given.
 * - A C with weight 0 does not count. With fewer counted ratings than minInputs
 *   there is no score, no grade and no limit.
 * - Grade: the highest grade whose minimum the score (rounded to 0.1) reaches; C below B.
 */

export type CreditFile = Record<CreditCriterion, { score: number | null; note: string | null }>;

export const CRITERION_ZH: Record<CreditCriterion, string> = { character: '品德', capacity: '能力', capital: '资本', collateral: '抵押', conditions: '条件' };

export function normaliseWeights(weights: Record<CreditCriterion, number>): Record<CreditCriterion, number> {
  const total = CREDIT_CRITERIA.reduce((sum, c) => sum + weights[c], 0);
  if (!(total > 0)) throw new Error('The credit weights must sum to more than 0');
  return Object.fromEntries(CREDIT_CRITERIA.map((c) => [c, weights[c] / total])) as Record<CreditCriterion, number>;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export interface Scorecard {
  score: number | null;
  grade: CreditGrade | null;
  completeness: number;
  inputsGiven: number;
  criteria: Array<{ criterion: CreditCriterion; score: number | null; note: string | null; weight: number; points: number | null; maxPoints: number | null }>;
}

export function gradeOf(score: number, mins: CreditScorecardSettings['gradeMins']): CreditGrade {
  if (score >= mins.AAA) return 'AAA';
  if (score >= mins.AA) return 'AA';
  if (score >= mins.A) return 'A';
  if (score >= mins.B) return 'B';
  return 'C';
}

export function scoreCredit(file: CreditFile, settings: CreditScorecardSettings): Scorecard {
  const weights = normaliseWeights(settings.weights);
  const counted = CREDIT_CRITERIA.filter((c) => file[c].score !== null && weights[c] > 0);
  const givenWeight = counted.reduce((sum, c) => sum + weights[c], 0);
  const scored = counted.length >= settings.minInputs && givenWeight > 0;
  const criteria = CREDIT_CRITERIA.map((criterion) => {
    const rating = file[criterion].score;
    const share = scored && counted.includes(criterion) ? weights[criterion] / givenWeight : null;
    return {
      criterion,
      score: rating,
      note: file[criterion].note,
      weight: weights[criterion],
      points: share === null || rating === null ? null : round1(share * 25 * (rating - 1)),
      maxPoints: share === null ? null : round1(share * 100),
    };
  });
  const raw = scored ? counted.reduce((sum, c) => sum + (weights[c] / givenWeight) * 25 * (file[c].score! - 1), 0) : null;
  const score = raw === null ? null : round1(raw);
  return { score, grade: score === null ? null : gradeOf(score, settings.gradeMins), completeness: givenWeight, inputsGiven: counted.length, criteria };
}

export interface CreditLimit {
  amount: number;
  monthlyAverage: number;
  months: number;
  capped: boolean;
}

/** Limits are suggested in whole hundreds of the currency (10,000 minor units). */
export const LIMIT_STEP = 10_000;

/**
 * Suggested credit limit = the trailing-12-month purchases ÷ 12 × the grade's months,
 * rounded down to a hundred yuan, and at most the cap.
 */
export function suggestLimit(grade: CreditGrade, trailingYear: number, settings: CreditScorecardSettings): CreditLimit {
  const months = settings.limitMonths[grade];
  const uncapped = Math.floor((trailingYear * months) / 12 / LIMIT_STEP) * LIMIT_STEP;
  return { amount: Math.min(uncapped, settings.limitCap), monthlyAverage: Math.floor(trailingYear / 12), months, capped: uncapped > settings.limitCap };
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;

/** Why the score and the limit are what they are, in the order a credit manager reads them. */
export function creditReasons(card: Scorecard, settings: CreditScorecardSettings, purchases: { trailingYear: number; orders: number } | null, limit: CreditLimit | null): CreditReason[] {
  const reasons: CreditReason[] = [];
  const missing = card.criteria.filter((c) => c.score === null && c.weight > 0).map((c) => c.criterion);
  if (card.score === null) {
    reasons.push({
      code: 'insufficient_inputs',
      concern: true,
      params: { given: card.inputsGiven, required: settings.minInputs },
      text: `5C 资信只填了 ${card.inputsGiven} 项，至少需要 ${settings.minInputs} 项才能评分`,
    });
    return reasons;
  }
  if (missing.length > 0) {
    reasons.push({
      code: 'missing_inputs',
      concern: false,
      params: { missing: missing.join(','), completeness: Math.round(card.completeness * 100) },
      text: `${missing.map((c) => CRITERION_ZH[c]).join('、')}未评，得分按已评各项的权重重新折算（完整度 ${Math.round(card.completeness * 100)}%）`,
    });
  }
  for (const c of card.criteria) {
    if (c.score !== null && c.score <= 2 && c.weight > 0) {
      reasons.push({ code: 'weak_criterion', concern: true, params: { criterion: c.criterion, score: c.score }, text: `${CRITERION_ZH[c.criterion]}仅 ${c.score}/5 分` });
    }
  }
  if (!purchases || !limit || !card.grade) return reasons;
  if (purchases.trailingYear <= 0) {
    reasons.push({ code: 'no_purchases', concern: true, params: {}, text: '近 12 个月没有成交，建议先款后货，暂不授信' });
    return reasons;
  }
  reasons.push({
    code: 'trailing_year',
    concern: false,
    params: { amount: purchases.trailingYear, orders: purchases.orders, monthly: limit.monthlyAverage },
    text: `近 12 个月成交 ${yuan(purchases.trailingYear)}（${purchases.orders} 笔），月均 ${yuan(limit.monthlyAverage)}`,
  });
  if (limit.months <= 0) {
    reasons.push({ code: 'no_grade', concern: true, params: { grade: card.grade }, text: `信用等级 ${card.grade} 不授信` });
    return reasons;
  }
  reasons.push({
    code: 'grade_months',
    concern: false,
    params: { grade: card.grade, months: limit.months },
    text: `信用等级 ${card.grade}：额度为 ${limit.months} 个月的平均采购额`,
  });
  if (limit.capped) reasons.push({ code: 'capped', concern: true, params: { cap: settings.limitCap }, text: `已按上限 ${yuan(settings.limitCap)} 封顶` });
  return reasons;
}

/** The scorecard as stored: the weights normalised to sum to 1. */
export function storedScorecard(settings: CreditScorecardSettings): CreditScorecardSettings {
  return { ...settings, weights: normaliseWeights(settings.weights) };
}
