import { z } from 'zod';
import { IdSchema, LimitSchema, TimestampSchema } from './common.ts';

export const ActorTypeSchema = z.enum(['user', 'api_key', 'system']);
export type ActorType = z.infer<typeof ActorTypeSchema>;

export const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** One entry of the audit trail: who did what to which record, with the record before and after. */
export const EventSchema = z
  .object({
    id: IdSchema,
    occurredAt: TimestampSchema,
    actor: z.object({ type: ActorTypeSchema, id: IdSchema.nullable(), name: z.string().nullable() }),
    entityType: z.string(),
    entityId: IdSchema,
    action: z.string(),
    changes: z.array(FieldChangeSchema),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof EventSchema>;

export const EventListQuerySchema = z.object({ limit: LimitSchema, cursor: IdSchema.optional() });
export const EventListSchema = z.object({ items: z.array(EventSchema), nextCursor: z.string().nullable() });
export type EventList = z.infer<typeof EventListSchema>;
