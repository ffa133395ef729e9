import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';
import { CustomerKindSchema, CustomerStatusSchema } from './customers.ts';

/**
 * Why two records look like the same customer, strongest first:
 * the same unified social credit code, phone or e-mail; the same name within
 * the same organisation or city; the same name written differently (pinyin), or
 * the same initials in the same city.
 */
export const DUPLICATE_REASONS = ['credit_code', 'phone', 'email', 'name_org', 'name_city', 'pinyin', 'initials_city'] as const;
export const DuplicateReasonSchema = z.enum(DUPLICATE_REASONS);
export type DuplicateReason = z.infer<typeof DuplicateReasonSchema>;

/** Points per reason; a candidate's score is its best reason plus 5 for each further one, at most 100. */
export const REASON_SCORES: Record<DuplicateReason, number> = {
  credit_code: 95,
  phone: 90,
  email: 85,
  name_org: 75,
  name_city: 65,
  pinyin: 45,
  initials_city: 30,
};

export function duplicateScore(reasons: readonly DuplicateReason[]): number {
  if (reasons.length === 0) return 0;
  const best = Math.max(...reasons.map((reason) => REASON_SCORES[reason]));
  return Math.min(100, best + 5 * (new Set(reasons).size - 1));
}

export const DuplicateCheckBodySchema = z.object({
  kind: CustomerKindSchema.optional(),
  name: z.string().trim().max(200).default(''),
  /** as typed: numbers that cannot be a phone are ignored, the rest normalised */
  phones: z.array(z.string().max(40)).max(10).default([]),
  emails: z.array(z.string().trim().max(254).transform((email) => email.toLowerCase())).max(10).default([]),
  city: z.string().trim().max(60).nullish(),
  /** the organisations a person is a contact of (same name + same organisation) */
  organizationIds: z.array(IdSchema).max(20).default([]),
  creditCode: z.string().trim().max(18).nullish(),
  /** leave this record out (checking an existing customer) */
  excludeId: IdSchema.optional(),
});
export type DuplicateCheckBody = z.infer<typeof DuplicateCheckBodySchema>;
export type DuplicateCheckInput = z.input<typeof DuplicateCheckBodySchema>;

export const DuplicateMatchSchema = z.object({ reason: DuplicateReasonSchema, value: z.string() });

export const DuplicateCandidateSchema = z
  .object({
    id: IdSchema,
    kind: CustomerKindSchema,
    name: z.string(),
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    city: z.string().nullable(),
    status: CustomerStatusSchema,
    owner: z.object({ id: IdSchema, name: z.string() }).nullable(),
    updatedAt: TimestampSchema,
    reasons: z.array(DuplicateMatchSchema),
    score: z.int().min(0).max(100),
  })
  .meta({ id: 'DuplicateCandidate' });
export type DuplicateCandidate = z.infer<typeof DuplicateCandidateSchema>;

export const DuplicateCheckResultSchema = z
  .object({
    candidates: z.array(DuplicateCandidateSchema),
    /** likely duplicates outside the caller's record scope: counted, never shown */
    hiddenCount: z.int().min(0),
  })
  .meta({ id: 'DuplicateCheckResult' });
export type DuplicateCheckResult = z.infer<typeof DuplicateCheckResultSchema>;

/** The work one page of groups may do: groups larger than this are shared numbers, not one customer. */
export const MAX_GROUP_SIZE = 20;
/** How far down the ranking the duplicates page goes; merge some and reload for more. */
export const MAX_GROUPS = 1000;
/** The work of one page: groups are looked for among this many customers, the most recently changed first. */
export const MAX_SCANNED_CUSTOMERS = 200_000;

/**
 * The reasons the duplicates page groups customers by. Initials within a city are a hint when one record is
 * checked against the others (creating, importing), too weak to group a workspace by.
 */
export const DUPLICATE_GROUP_REASONS = ['credit_code', 'phone', 'email', 'name_org', 'name_city', 'pinyin'] as const satisfies readonly DuplicateReason[];
export type DuplicateGroupReason = (typeof DUPLICATE_GROUP_REASONS)[number];

export const DuplicateGroupQuerySchema = z.object({
  reason: z.enum(DUPLICATE_GROUP_REASONS).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(MAX_GROUPS).default(0),
});
export type DuplicateGroupQuery = z.infer<typeof DuplicateGroupQuerySchema>;

export const DuplicateGroupSchema = z
  .object({
    key: z.string(),
    reason: DuplicateReasonSchema,
    value: z.string(),
    score: z.int(),
    members: z.array(DuplicateCandidateSchema.omit({ reasons: true, score: true })),
  })
  .meta({ id: 'DuplicateGroup' });
export type DuplicateGroup = z.infer<typeof DuplicateGroupSchema>;

export const DuplicateGroupListSchema = z
  .object({
    items: z.array(DuplicateGroupSchema),
    /** offset of the next page, null at the end or at the cap */
    nextOffset: z.int().nullable(),
    /** true when the ranking stopped at MAX_GROUPS */
    capped: z.boolean(),
    maxGroups: z.int(),
    /** customers compared per request (the most recently changed); older ones beyond it are not looked at */
    maxScanned: z.int(),
    maxGroupSize: z.int(),
  })
  .meta({ id: 'DuplicateGroupList' });
export type DuplicateGroupList = z.infer<typeof DuplicateGroupListSchema>;

// ---- merges ----

/** The fields whose surviving value is chosen one by one; phones, e-mails and tags are always united. */
export const MERGE_FIELDS = [
  'kind',
  'name',
  'city',
  'address',
  'status',
  'ownerId',
  'relationshipType',
  'valueClass',
  'keyAccount',
  'lifecycleStage',
  'profile',
  'customFields',
] as const;
export const MergeFieldSchema = z.enum(MERGE_FIELDS);
export type MergeField = z.infer<typeof MergeFieldSchema>;
export const MergeSideSchema = z.enum(['survivor', 'loser']);

export const MergeBodySchema = z.object({
  survivorId: IdSchema,
  loserId: IdSchema,
  /** per field, whose value survives; unnamed fields keep the survivor's (profile and custom fields take the loser's where the survivor has none) */
  choices: z.partialRecord(MergeFieldSchema, MergeSideSchema).default({}),
});
export type MergeBody = z.infer<typeof MergeBodySchema>;
export type MergeInput = z.input<typeof MergeBodySchema>;

export const MergeSchema = z
  .object({
    id: IdSchema,
    survivorId: IdSchema,
    loserId: IdSchema,
    survivorName: z.string(),
    loserName: z.string(),
    choices: z.record(z.string(), z.string()),
    /** related rows moved to the survivor, by table */
    moved: z.record(z.string(), z.int()),
    mergedAt: TimestampSchema,
    mergedBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
    undoneAt: TimestampSchema.nullable(),
    /** until when it may be undone */
    undoableUntil: TimestampSchema,
  })
  .meta({ id: 'Merge' });
export type Merge = z.infer<typeof MergeSchema>;

export const MergeListQuerySchema = z.object({
  customerId: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const MergeListSchema = z.object({ items: z.array(MergeSchema) }).meta({ id: 'MergeList' });
export type MergeList = z.infer<typeof MergeListSchema>;

/** Days within which a merge may be undone. */
export const MERGE_UNDO_DAYS = 30;
