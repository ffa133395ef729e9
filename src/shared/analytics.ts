import { z } from 'zod';
import { IdSchema, LimitSchema, TimestampSchema, VersionSchema } from './common.ts';
import { CreditScorecardSettingsSchema, SelectionMatrixSettingsSchema } from './credit-selection.ts';

/** A calendar day in the workspace's time zone. */
export const DaySchema = z.iso.date();

// ---------------------------------------------------------------- RFM segments

/**
 * The classic 8-segment RFM rule table (RFM 客户价值分类): each of R, F, M is
 * "high" when its 1–5 score reaches the workspace's `segmentHighMin` (default 3).
 */
export const SEGMENT_RULES = [
  { key: 'important_value', r: 'high', f: 'high', m: 'high', zh: '重要价值客户', en: 'Important value' },
  { key: 'important_development', r: 'high', f: 'low', m: 'high', zh: '重要发展客户', en: 'Important development' },
  { key: 'important_retention', r: 'low', f: 'high', m: 'high', zh: '重要保持客户', en: 'Important retention' },
  { key: 'important_winback', r: 'low', f: 'low', m: 'high', zh: '重要挽留客户', en: 'Important win-back' },
  { key: 'general_value', r: 'high', f: 'high', m: 'low', zh: '一般价值客户', en: 'General value' },
  { key: 'general_development', r: 'high', f: 'low', m: 'low', zh: '一般发展客户', en: 'General development' },
  { key: 'general_retention', r: 'low', f: 'high', m: 'low', zh: '一般保持客户', en: 'General retention' },
  { key: 'general_winback', r: 'low', f: 'low', m: 'low', zh: '一般挽留客户', en: 'General win-back' },
] as const;
export type SegmentKey = (typeof SEGMENT_RULES)[number]['key'];
export const SEGMENT_KEYS = SEGMENT_RULES.map((rule) => rule.key) as [SegmentKey, ...SegmentKey[]];
export const SegmentKeySchema = z.enum(SEGMENT_KEYS);

export const AbcTierSchema = z.enum(['A', 'B', 'C']);
export type AbcTier = z.infer<typeof AbcTierSchema>;

// ---------------------------------------------------------------- settings

const ascending = (label: string) =>
  z
    .array(z.number().min(0))
    .length(4)
    .refine((cuts) => cuts.every((cut, i) => i === 0 || cut > cuts[i - 1]!), { message: `${label}: four strictly ascending cut points` });

export const RfmThresholdsSchema = z.object({
  /** days since the last order: ≤ 1st cut scores 5, ≤ 2nd 4, ≤ 3rd 3, ≤ 4th 2, beyond 1 */
  recencyDays: ascending('recencyDays'),
  /** orders: ≥ 4th cut scores 5, ≥ 3rd 4, ≥ 2nd 3, ≥ 1st 2, below 1 */
  frequency: ascending('frequency'),
  /** revenue in minor units (fen), scored like frequency */
  monetary: ascending('monetary'),
});
export type RfmThresholds = z.infer<typeof RfmThresholdsSchema>;

export const AnalyticsSettingsSchema = z
  .object({
    rfmMethod: z.enum(['quintiles', 'thresholds']),
    rfmThresholds: RfmThresholdsSchema,
    segmentHighMin: z.int().min(2).max(5),
    abcAShare: z.number().gt(0).lt(1),
    abcBShare: z.number().gt(0).lt(1),
    keyAccountShare: z.number().gt(0).max(1),
    clvHorizonWeeks: z.int().min(1).max(520),
    clvDiscountMonthly: z.number().min(0).lt(1),
    churnThreshold: z.number().gt(0).max(1),
    churnWarnTiers: z.array(AbcTierSchema).max(3),
    currency: z.string().length(3),
    /** 5C credit scorecard: weights, grades, credit limit formula (applies at once) */
    creditScorecard: CreditScorecardSettingsSchema,
    /** 门当户对 selection matrix: value axis, fit factors, thresholds (factors apply from the next refresh) */
    selectionMatrix: SelectionMatrixSettingsSchema,
    version: VersionSchema,
    segmentRules: z.array(
      z.object({ key: SegmentKeySchema, r: z.enum(['high', 'low']), f: z.enum(['high', 'low']), m: z.enum(['high', 'low']), zh: z.string(), en: z.string() }),
    ),
  })
  .meta({ id: 'AnalyticsSettings' });
export type AnalyticsSettings = z.infer<typeof AnalyticsSettingsSchema>;

export const UpdateAnalyticsSettingsBodySchema = AnalyticsSettingsSchema.omit({ segmentRules: true, version: true })
  .partial()
  .extend({ version: VersionSchema })
  .refine((body) => body.abcAShare === undefined || body.abcBShare === undefined || body.abcAShare + body.abcBShare <= 1, {
    message: 'abcAShare + abcBShare must not exceed 1',
    path: ['abcBShare'],
  });
export type UpdateAnalyticsSettingsBody = z.infer<typeof UpdateAnalyticsSettingsBodySchema>;

// ---------------------------------------------------------------- refreshes

export const RefreshStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);

export const AnalyticsRefreshSchema = z
  .object({
    id: IdSchema,
    status: RefreshStatusSchema,
    trigger: z.enum(['manual', 'schedule']),
    asOf: DaySchema,
    step: z.string().nullable(),
    progress: z.int().min(0).max(100),
    error: z.string().nullable(),
    customers: z.int().nullable(),
    queuedAt: TimestampSchema,
    startedAt: TimestampSchema.nullable(),
    finishedAt: TimestampSchema.nullable(),
    durationMs: z.int().nullable(),
  })
  .meta({ id: 'AnalyticsRefresh' });
export type AnalyticsRefresh = z.infer<typeof AnalyticsRefreshSchema>;

export const StartRefreshBodySchema = z
  .object({
    /** score as of the end of this day (default: today in the workspace's time zone); orders after it are ignored */
    asOf: DaySchema.optional(),
  })
  .default({});

export const RefreshStatusResultSchema = z
  .object({ latest: AnalyticsRefreshSchema.nullable(), lastSucceeded: AnalyticsRefreshSchema.nullable() })
  .meta({ id: 'AnalyticsRefreshStatus' });
export type RefreshStatusResult = z.infer<typeof RefreshStatusResultSchema>;

// ---------------------------------------------------------------- model fit

export const ModelFitSchema = z
  .object({
    refreshId: IdSchema,
    asOf: DaySchema,
    status: z.enum(['fitted', 'insufficient_data', 'failed']),
    reason: z.string().nullable(),
    customers: z.int(),
    repeatBuyers: z.int(),
    bgnbd: z
      .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number(), converged: z.boolean(), iterations: z.int(), warnings: z.array(z.string()) })
      .nullable(),
    gammaGamma: z
      .object({ p: z.number(), q: z.number(), gamma: z.number(), logLikelihood: z.number(), converged: z.boolean(), iterations: z.int(), customers: z.int(), warnings: z.array(z.string()) })
      .nullable(),
    horizonWeeks: z.int(),
    discountMonthly: z.number(),
    fittedAt: TimestampSchema,
  })
  .meta({ id: 'ClvModelFit' });
export type ModelFit = z.infer<typeof ModelFitSchema>;

// ---------------------------------------------------------------- per customer

/** Why a churn risk is what it is: a code the web words in the reader's language, its numbers, and the Chinese wording. */
export const ChurnReasonSchema = z.object({
  code: z.enum(['p_alive', 'overdue', 'spend_falling', 'single_purchase', 'no_model']),
  /** true when this signal points to churn */
  concern: z.boolean(),
  params: z.record(z.string(), z.number().nullable()),
  text: z.string(),
});
export type ChurnReason = z.infer<typeof ChurnReasonSchema>;

export const CustomerAnalyticsSchema = z
  .object({
    customerId: IdSchema,
    /** false when the customer has no counted orders as of the last refresh */
    scored: z.boolean(),
    asOf: DaySchema.nullable(),
    currency: z.string(),
    rfm: z
      .object({
        recencyDays: z.int(),
        frequency: z.int(),
        monetary: z.int(),
        r: z.int(),
        f: z.int(),
        m: z.int(),
        segment: SegmentKeySchema,
      })
      .nullable(),
    firstOrderOn: DaySchema.nullable(),
    lastOrderOn: DaySchema.nullable(),
    purchaseDays: z.int().nullable(),
    abcTier: AbcTierSchema.nullable(),
    keyAccount: z.boolean(),
    clv: z
      .object({
        pAlive: z.number(),
        expectedPurchases: z.number(),
        expectedSpend: z.number().nullable(),
        value: z.number().nullable(),
        horizonWeeks: z.int(),
      })
      .nullable(),
    /** why there is no CLV (no fitted model, or the customer has no orders) */
    clvUnavailable: z.string().nullable(),
    churn: z.object({ risk: z.number().nullable(), reasons: z.array(ChurnReasonSchema) }).nullable(),
    /** a plain-Chinese summary a sales manager can read */
    explanation: z.string(),
    history: z.array(z.object({ asOf: DaySchema, segment: SegmentKeySchema, abcTier: AbcTierSchema, clv: z.number().nullable() })),
  })
  .meta({ id: 'CustomerAnalytics' });
export type CustomerAnalytics = z.infer<typeof CustomerAnalyticsSchema>;

// ---------------------------------------------------------------- dashboard

export const DashboardQuerySchema = z.object({
  teamId: IdSchema.optional(),
  ownerId: IdSchema.optional(),
  /** first and last month of the revenue trend, YYYY-MM */
  from: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}$/).optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const DashboardSchema = z
  .object({
    asOf: DaySchema.nullable(),
    currency: z.string(),
    revenueByMonth: z.array(z.object({ month: z.string(), revenue: z.int(), orders: z.int(), customers: z.int() })),
    segments: z.array(z.object({ segment: SegmentKeySchema, customers: z.int(), monetary: z.int() })),
    tiers: z.array(z.object({ tier: AbcTierSchema, customers: z.int(), monetary: z.int(), keyAccounts: z.int() })),
    /** CLV histogram in minor units: [from, to) buckets */
    clvDistribution: z.array(z.object({ from: z.number(), to: z.number(), customers: z.int() })),
    customersByStatus: z.array(z.object({ status: z.string(), customers: z.int() })),
    customersByLifecycle: z.array(z.object({ stage: z.string().nullable(), customers: z.int() })),
    atRisk: z.array(
      z.object({
        customerId: IdSchema,
        name: z.string(),
        ownerName: z.string().nullable(),
        clv: z.number(),
        risk: z.number(),
        abcTier: AbcTierSchema,
        segment: SegmentKeySchema,
        lastOrderOn: DaySchema,
      }),
    ),
    model: ModelFitSchema.nullable(),
  })
  .meta({ id: 'AnalyticsDashboard' });
export type Dashboard = z.infer<typeof DashboardSchema>;

// ---------------------------------------------------------------- churn warnings

export const ChurnWarningStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);

export const ChurnWarningSchema = z
  .object({
    id: IdSchema,
    customerId: IdSchema,
    customerName: z.string(),
    ownerId: IdSchema.nullable(),
    ownerName: z.string().nullable(),
    status: ChurnWarningStatusSchema,
    risk: z.number(),
    clv: z.number().nullable(),
    reasons: z.array(ChurnReasonSchema),
    version: VersionSchema,
    createdAt: TimestampSchema,
    acknowledgedAt: TimestampSchema.nullable(),
    resolvedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ChurnWarning' });
export type ChurnWarning = z.infer<typeof ChurnWarningSchema>;

export const ChurnWarningListQuerySchema = z.object({
  status: ChurnWarningStatusSchema.optional(),
  limit: LimitSchema,
  cursor: IdSchema.optional(),
});
export type ChurnWarningListQuery = z.infer<typeof ChurnWarningListQuerySchema>;

export const ChurnWarningListSchema = z
  .object({ items: z.array(ChurnWarningSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ChurnWarningList' });
export type ChurnWarningList = z.infer<typeof ChurnWarningListSchema>;

export const ChangeChurnWarningBodySchema = z.object({ status: z.enum(['acknowledged', 'resolved']), version: VersionSchema });
export type ChangeChurnWarningBody = z.infer<typeof ChangeChurnWarningBodySchema>;

// ---------------------------------------------------------------- cohorts and migrations

export const CohortQuerySchema = z.object({ teamId: IdSchema.optional(), ownerId: IdSchema.optional() });
export type CohortQuery = z.infer<typeof CohortQuerySchema>;

export const CohortRetentionSchema = z
  .object({
    asOf: DaySchema.nullable(),
    /** one row per first-order month, oldest first; retained[k] = customers of the cohort who bought k months after their first month */
    cohorts: z.array(z.object({ month: z.string(), size: z.int(), retained: z.array(z.int()) })),
  })
  .meta({ id: 'CohortRetention' });
export type CohortRetention = z.infer<typeof CohortRetentionSchema>;

export const SegmentMigrationQuerySchema = z.object({ from: DaySchema.optional(), to: DaySchema.optional() });
export type SegmentMigrationQuery = z.infer<typeof SegmentMigrationQuerySchema>;

export const SegmentMigrationSchema = z
  .object({
    /** snapshot dates available (newest first, at most 60) */
    dates: z.array(DaySchema),
    from: DaySchema.nullable(),
    to: DaySchema.nullable(),
    /** customers scored on both dates, by segment then and now */
    cells: z.array(z.object({ from: SegmentKeySchema, to: SegmentKeySchema, customers: z.int() })),
  })
  .meta({ id: 'SegmentMigration' });
export type SegmentMigration = z.infer<typeof SegmentMigrationSchema>;

// ---------------------------------------------------------------- product recommendations

const ProductRefSchema = z.object({ id: IdSchema, sku: z.string(), name: z.string() });

export const CustomerRecommendationSchema = z.object({
  /** 1 = the best offer */
  rank: z.int().min(1),
  product: ProductRefSchema.extend({ categoryName: z.string().nullable(), unitPrice: z.int(), currency: z.string() }),
  /** the explaining rule's confidence: the share of the antecedent's buyers who also bought the product */
  score: z.number(),
  confidence: z.number(),
  lift: z.number(),
  /** the product the customer bought that explains the offer (the strongest rule) */
  antecedent: ProductRefSchema,
  /** customers who bought both / the antecedent, in the mined window */
  pairCustomers: z.int(),
  antecedentCustomers: z.int(),
  /** how many of the customer's products point to this one (the antecedent included) */
  antecedents: z.int().min(1),
  /** plain words, Chinese and English */
  reason: z.string(),
  reasonEn: z.string(),
});
export type CustomerRecommendation = z.infer<typeof CustomerRecommendationSchema>;

export const CustomerRecommendationsSchema = z
  .object({
    customerId: IdSchema,
    /**
     * ready: items to offer; not_computed: no refresh has mined recommendations yet;
     * no_recent_products: the customer bought no catalogue product in the window;
     * nothing_new: no rule leads from what they bought to a product they do not already buy
     */
    status: z.enum(['ready', 'not_computed', 'no_recent_products', 'nothing_new']),
    asOf: DaySchema.nullable(),
    lookbackMonths: z.int().nullable(),
    items: z.array(CustomerRecommendationSchema),
  })
  .meta({ id: 'CustomerRecommendations' });
export type CustomerRecommendations = z.infer<typeof CustomerRecommendationsSchema>;

export const ProductAssociationQuerySchema = z.object({
  /** rules with this product as antecedent or consequent */
  productId: IdSchema.optional(),
  sort: z.enum(['lift', 'confidence', 'support']).default('lift'),
  limit: LimitSchema,
});
export type ProductAssociationQuery = z.infer<typeof ProductAssociationQuerySchema>;

export const ProductAssociationSchema = z.object({
  antecedent: ProductRefSchema,
  consequent: ProductRefSchema,
  pairCustomers: z.int(),
  antecedentCustomers: z.int(),
  consequentCustomers: z.int(),
  /** customers who bought both / all customers with a basket */
  support: z.number(),
  /** customers who bought both / those who bought the antecedent */
  confidence: z.number(),
  /** confidence / share of baskets holding the consequent (> 1: bought together more than by chance) */
  lift: z.number(),
  /** the rule's rank among the antecedent's rules (1 = strongest by confidence) */
  rank: z.int(),
});
export type ProductAssociation = z.infer<typeof ProductAssociationSchema>;

export const ProductAssociationListSchema = z
  .object({
    asOf: DaySchema.nullable(),
    lookbackMonths: z.int().nullable(),
    /** customers with at least one product in the window: the support denominator */
    baskets: z.int(),
    /** 1, or the rules were counted on a hashed 1 in sampleEvery of the customers (their counts are the sample's) */
    sampleEvery: z.int().nullable(),
    minPairCustomers: z.int().nullable(),
    minLift: z.number().nullable(),
    items: z.array(ProductAssociationSchema),
  })
  .meta({ id: 'ProductAssociationList' });
export type ProductAssociationList = z.infer<typeof ProductAssociationListSchema>;
