import { z } from 'zod';
import { IdSchema } from './common.ts';
import { CREDIT_CRITERIA } from './customer-profile.ts';

/**
 * Credit scoring over the 5C (002: 品格 Character, 能力 Capacity, 资本 Capital,
 * 担保品 Collateral, 环境状况 Conditions) and the customer selection matrix
 * 门当户对 (001): customer value against the company's capacity to serve.
 * Both are configured in the workspace's analytics settings.
 */

export type CreditCriterion = (typeof CREDIT_CRITERIA)[number];
export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const;
export const CreditGradeSchema = z.enum(CREDIT_GRADES);
export type CreditGrade = z.infer<typeof CreditGradeSchema>;

const Weight = z.number().min(0).max(1000);
const WeightsSchema = z
  .object({ character: Weight, capacity: Weight, capital: Weight, collateral: Weight, conditions: Weight })
  .refine((w) => CREDIT_CRITERIA.reduce((sum, c) => sum + w[c], 0) > 0, { message: 'At least one weight must be above 0' });

export const CreditScorecardSettingsSchema = z
  .object({
    /** relative weight of each C; stored normalised (they sum to 1) */
    weights: WeightsSchema,
    /** no score with fewer weighted inputs than this */
    minInputs: z.int().min(1).max(5),
    /** the lowest score of each grade; below B is C */
    gradeMins: z
      .object({ AAA: z.number().min(0).max(100), AA: z.number().min(0).max(100), A: z.number().min(0).max(100), B: z.number().min(0).max(100) })
      .refine((g) => g.AAA > g.AA && g.AA > g.A && g.A > g.B, { message: 'AAA > AA > A > B' }),
    /** the suggested limit is this many months of the trailing-12-month average monthly purchases */
    limitMonths: z.object({ AAA: z.number().min(0).max(24), AA: z.number().min(0).max(24), A: z.number().min(0).max(24), B: z.number().min(0).max(24), C: z.number().min(0).max(24) }),
    /** upper bound of any suggested limit, minor units (fen) */
    limitCap: z.int().min(0).max(1e14),
  })
  .meta({ id: 'CreditScorecardSettings' });
export type CreditScorecardSettings = z.infer<typeof CreditScorecardSettingsSchema>;

export const DEFAULT_CREDIT_SCORECARD: CreditScorecardSettings = {
  weights: { character: 0.25, capacity: 0.25, capital: 0.2, collateral: 0.15, conditions: 0.15 },
  minInputs: 3,
  gradeMins: { AAA: 85, AA: 70, A: 55, B: 40 },
  limitMonths: { AAA: 3, AA: 2, A: 1, B: 0.5, C: 0 },
  limitCap: 100_000_000,
};

// ---------------------------------------------------------------- selection matrix

export const SELECTION_FACTOR_KEYS = ['service_city', 'target_industry', 'company_size', 'credit_score'] as const;
export type SelectionFactorKey = (typeof SELECTION_FACTOR_KEYS)[number];

const Terms = z.array(z.string().trim().min(1).max(60)).max(200);
const Unit = z.number().min(0).max(1);

/**
 * The factor registry: each factor scores a customer 0–1, or leaves it unknown
 * (no data), in which case the fit is averaged over the factors that are known.
 */
export const SelectionFactorSchema = z.discriminatedUnion('key', [
  /** 1 when the customer's city contains one of the service cities, else 0; unknown without a city */
  z.object({ key: z.literal('service_city'), weight: Weight, cities: Terms }),
  /** 1 when the industry (organisation, or a person's career) contains one of the target industries; unknown without one */
  z.object({ key: z.literal('target_industry'), weight: Weight, industries: Terms }),
  /** the score of the organisation's size band; unknown for persons and blank sizes */
  z.object({ key: z.literal('company_size'), weight: Weight, scores: z.object({ micro: Unit, small: Unit, medium: Unit, large: Unit, huge: Unit }) }),
  /** the 5C credit score / 100; unknown when the customer has too few inputs */
  z.object({ key: z.literal('credit_score'), weight: Weight }),
]);
export type SelectionFactor = z.infer<typeof SelectionFactorSchema>;

export const VALUE_METRICS = ['clv', 'monetary', 'trailing_year'] as const;
export const ValueMetricSchema = z.enum(VALUE_METRICS);
export type ValueMetric = z.infer<typeof ValueMetricSchema>;

export const SelectionMatrixSettingsSchema = z
  .object({
    /** the x axis: percentile of this amount among the scored customers */
    valueMetric: ValueMetricSchema,
    /** a value percentile at or above this is "high" */
    valueMin: z.number().min(0).max(100),
    /** a fit at or above this is "good" */
    fitMin: z.number().min(0).max(100),
    factors: z.array(SelectionFactorSchema).min(1).max(SELECTION_FACTOR_KEYS.length),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.factors.forEach((factor, i) => {
      if (seen.has(factor.key)) ctx.addIssue({ code: 'custom', path: ['factors', i, 'key'], message: `Factor ${factor.key} is listed twice` });
      seen.add(factor.key);
      if (factor.weight > 0 && factor.key === 'service_city' && factor.cities.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['factors', i, 'cities'], message: 'List the service cities, or set the weight to 0' });
      }
      if (factor.weight > 0 && factor.key === 'target_industry' && factor.industries.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['factors', i, 'industries'], message: 'List the target industries, or set the weight to 0' });
      }
    });
    if (!s.factors.some((factor) => factor.weight > 0)) ctx.addIssue({ code: 'custom', path: ['factors'], message: 'At least one factor weight must be above 0' });
  })
  .meta({ id: 'SelectionMatrixSettings' });
export type SelectionMatrixSettings = z.infer<typeof SelectionMatrixSettingsSchema>;

export const DEFAULT_SELECTION_MATRIX: SelectionMatrixSettings = {
  valueMetric: 'clv',
  valueMin: 50,
  fitMin: 50,
  factors: [
    { key: 'service_city', weight: 0, cities: [] },
    { key: 'target_industry', weight: 0, industries: [] },
    { key: 'company_size', weight: 1, scores: { micro: 0.25, small: 0.5, medium: 1, large: 1, huge: 0.75 } },
    { key: 'credit_score', weight: 1 },
  ],
};

// ---------------------------------------------------------------- one customer's credit

export const CreditReasonSchema = z.object({
  code: z.enum(['insufficient_inputs', 'missing_inputs', 'weak_criterion', 'trailing_year', 'no_purchases', 'grade_months', 'capped', 'no_grade']),
  /** true when this reason holds the score or the limit down */
  concern: z.boolean(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  /** the reason in Chinese (the web words it from code and params in the reader's language) */
  text: z.string(),
});
export type CreditReason = z.infer<typeof CreditReasonSchema>;

export const CustomerCreditSchema = z
  .object({
    customerId: IdSchema,
    /** the 5C are kept for organisations only */
    applicable: z.boolean(),
    currency: z.string(),
    /** 0–100, null with fewer inputs than required */
    score: z.number().nullable(),
    grade: CreditGradeSchema.nullable(),
    /** share of the total weight whose inputs are given (0–1) */
    completeness: z.number(),
    inputsGiven: z.int(),
    inputsRequired: z.int(),
    criteria: z.array(
      z.object({
        criterion: z.enum(CREDIT_CRITERIA),
        score: z.int().nullable(),
        note: z.string().nullable(),
        /** normalised weight (the weights sum to 1) */
        weight: z.number(),
        /** points this C adds to the score (they sum to the score), null when not given */
        points: z.number().nullable(),
        /** points it would add at 5/5 */
        maxPoints: z.number().nullable(),
      }),
    ),
    limit: z
      .object({
        /** suggested credit limit, minor units */
        amount: z.int(),
        /** completed purchases in the 365 days to today (not cancelled or refunded, in the analysed currency) */
        trailingYear: z.int(),
        orders: z.int(),
        monthlyAverage: z.int(),
        months: z.number(),
        cap: z.int(),
        capped: z.boolean(),
        from: z.iso.date(),
        to: z.iso.date(),
      })
      .nullable(),
    reasons: z.array(CreditReasonSchema),
  })
  .meta({ id: 'CustomerCredit' });
export type CustomerCredit = z.infer<typeof CustomerCreditSchema>;

// ---------------------------------------------------------------- the matrix

export const QUADRANTS = ['A', 'B', 'C', 'D'] as const;
export const QuadrantSchema = z.enum(QUADRANTS);
export type Quadrant = z.infer<typeof QuadrantSchema>;

export const SelectionMatrixQuerySchema = z.object({
  teamId: IdSchema.optional(),
  ownerId: IdSchema.optional(),
  /** the quadrant whose customers are listed */
  quadrant: QuadrantSchema.default('A'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(/^\d+(\.\d+)?(e-?\d+)?_[0-9a-f-]{36}$/).optional(),
});
export type SelectionMatrixQuery = z.infer<typeof SelectionMatrixQuerySchema>;

const PointSchema = z.object({ customerId: IdSchema, name: z.string(), value: z.number(), fit: z.number(), quadrant: QuadrantSchema });

export const SelectionMatrixSchema = z
  .object({
    asOf: z.iso.date().nullable(),
    currency: z.string(),
    /** the amount behind the value axis (clv falls back to monetary when no model was fitted) */
    valueMetric: ValueMetricSchema.nullable(),
    valueMin: z.number(),
    fitMin: z.number(),
    counts: z.object({ A: z.int(), B: z.int(), C: z.int(), D: z.int(), unrated: z.int() }),
    /** at most SAMPLE_POINTS points, a stable hashed sample when there are more */
    points: z.array(PointSchema),
    sampled: z.boolean(),
    list: z.object({
      quadrant: QuadrantSchema,
      items: z.array(
        PointSchema.extend({
          ownerName: z.string().nullable(),
          valueAmount: z.number(),
          creditScore: z.number().nullable(),
          factors: z.record(z.string(), z.number().nullable()),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  })
  .meta({ id: 'SelectionMatrix' });
export type SelectionMatrix = z.infer<typeof SelectionMatrixSchema>;

export const SAMPLE_POINTS = 1500;
