import { z } from 'zod';
import { TimestampSchema, VersionSchema } from './common.ts';

/**
 * The pool (公海) rules of a workspace. A customer goes back to the pool after
 * N days without a follow-up or M days without a deal, counted from the later of
 * that event and the day its current owner got it; the owner is warned K days before.
 * The claim limit caps how many customers one person may claim per day
 * (a calendar day in the workspace's time zone).
 */
export const PoolRulesSchema = z
  .object({
    enabled: z.boolean(),
    noFollowUpDays: z.int().min(1).max(3650).nullable(),
    noDealDays: z.int().min(1).max(3650).nullable(),
    warnDays: z.int().min(0).max(365),
    dailyClaimLimit: z.int().min(0).max(10000).nullable(),
    version: VersionSchema,
    updatedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'PoolRules' });
export type PoolRules = z.infer<typeof PoolRulesSchema>;

export const UpdatePoolRulesBodySchema = z.object({
  version: VersionSchema,
  enabled: z.boolean().optional(),
  noFollowUpDays: z.int().min(1).max(3650).nullable().optional(),
  noDealDays: z.int().min(1).max(3650).nullable().optional(),
  warnDays: z.int().min(0).max(365).optional(),
  dailyClaimLimit: z.int().min(0).max(10000).nullable().optional(),
});
export type UpdatePoolRulesBody = z.infer<typeof UpdatePoolRulesBodySchema>;

export const ReleaseBodySchema = z.object({ reason: z.string().trim().max(500).optional() });
export type ReleaseBody = z.infer<typeof ReleaseBodySchema>;

/** Why the pool job returned a customer: no follow-up for N days, or no deal for M days. */
export const POOL_RETURN_REASONS = ['no_follow_up', 'no_deal'] as const;
export type PoolReturnReason = (typeof POOL_RETURN_REASONS)[number];

/** How many claims the signed-in user has left today (null = no limit). */
export const ClaimAllowanceSchema = z
  .object({ limit: z.int().nullable(), usedToday: z.int(), remaining: z.int().nullable() })
  .meta({ id: 'ClaimAllowance' });
export type ClaimAllowance = z.infer<typeof ClaimAllowanceSchema>;
