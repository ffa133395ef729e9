import { z } from 'zod';
import { IdSchema, TimestampSchema, VersionSchema } from './common.ts';

/** Lifecycle stages (000: 考察期 → 形成期 → 稳定期 → 退化期), configurable per workspace. */
export const DEFAULT_LIFECYCLE_STAGES = [
  { key: 'exploration', nameZh: '考察期', nameEn: 'Exploration', position: 1 },
  { key: 'formation', nameZh: '形成期', nameEn: 'Formation', position: 2 },
  { key: 'stability', nameZh: '稳定期', nameEn: 'Stability', position: 3 },
  { key: 'decline', nameZh: '退化期', nameEn: 'Decline', position: 4 },
] as const;

export const LifecycleStageKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

/** Retired stages stay listed (after the active ones) so the history can name them; customers cannot enter them. */
export const LifecycleStageSchema = z
  .object({ key: z.string(), nameZh: z.string(), nameEn: z.string(), position: z.int(), retired: z.boolean() })
  .meta({ id: 'LifecycleStage' });
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;
export const LifecycleStageListSchema = z.object({ items: z.array(LifecycleStageSchema) }).meta({ id: 'LifecycleStageList' });

/** Changing the stage is its own request, always with a reason. */
export const ChangeLifecycleBodySchema = z.object({
  stage: LifecycleStageKeySchema,
  reason: z.string().trim().min(1).max(500),
  version: VersionSchema,
});
export type ChangeLifecycleBody = z.infer<typeof ChangeLifecycleBodySchema>;

export const LifecycleChangeSchema = z
  .object({
    id: IdSchema,
    occurredAt: TimestampSchema,
    fromStage: z.string().nullable(),
    toStage: z.string(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: IdSchema.nullable(), name: z.string().nullable() }),
    reason: z.string().nullable(),
  })
  .meta({ id: 'LifecycleChange' });
export type LifecycleChange = z.infer<typeof LifecycleChangeSchema>;
export const LifecycleHistorySchema = z.object({ items: z.array(LifecycleChangeSchema) }).meta({ id: 'LifecycleHistory' });

/**
 * The workspace's active stages in order. Active stages left out are retired;
 * customers in one must be moved: `moveTo` maps the retired key to an active
 * one, and `reason` is recorded in each moved customer's stage history (without
 * `moveTo` such a stage is refused with 409). A retired key sent again is restored.
 */
export const PutLifecycleStagesBodySchema = z.object({
  stages: z
    .array(z.object({ key: LifecycleStageKeySchema, nameZh: z.string().trim().min(1).max(40), nameEn: z.string().trim().min(1).max(40) }))
    .min(1)
    .max(20)
    .refine((stages) => new Set(stages.map((s) => s.key)).size === stages.length, 'Stage keys must be unique'),
  moveTo: z.record(LifecycleStageKeySchema, LifecycleStageKeySchema).optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type PutLifecycleStagesBody = z.infer<typeof PutLifecycleStagesBodySchema>;
