import { z } from 'zod';

/** Identifiers are UUIDs (v7, time-ordered) so they are opaque to users and index-friendly. */
export const IdSchema = z.uuid();

export const TimestampSchema = z.iso.datetime({ offset: true });

/** Every record carries a version for optimistic concurrency: updates send the version they read. */
export const VersionSchema = z.int().min(1);

export const LimitSchema = z.coerce.number().int().min(1).max(200).default(50);

export const CursorSchema = z.string().max(500);

/** One entry of an RFC 9457 problem's `errors` array: which field, what rule, in words. */
export const FieldIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  /** values the message names (a count, a key), for clients that word the issue themselves */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(FieldIssueSchema).optional(),
    current: z.unknown().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof ProblemSchema>;

export const IdParamsSchema = z.object({ id: IdSchema });
