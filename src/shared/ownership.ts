import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

export const ReassignBodySchema = z.object({
  customerIds: z
    .array(IdSchema)
    .min(1)
    .max(1000)
    .transform((ids) => [...new Set(ids)]),
  ownerId: IdSchema,
});
export type ReassignBody = z.infer<typeof ReassignBodySchema>;

/** How many customers changed owner (those already with that owner do not count). */
export const ReassignResultSchema = z.object({ moved: z.int() }).meta({ id: 'ReassignResult' });
export type ReassignResult = z.infer<typeof ReassignResultSchema>;

export const CollaboratorSchema = z
  .object({ userId: IdSchema, name: z.string(), addedAt: TimestampSchema })
  .meta({ id: 'Collaborator' });
export type Collaborator = z.infer<typeof CollaboratorSchema>;

export const CollaboratorListSchema = z.object({ items: z.array(CollaboratorSchema) }).meta({ id: 'CollaboratorList' });
export type CollaboratorList = z.infer<typeof CollaboratorListSchema>;

export const AddCollaboratorBodySchema = z.object({ userId: IdSchema });
export type AddCollaboratorBody = z.infer<typeof AddCollaboratorBodySchema>;

export const CollaboratorParamsSchema = z.object({ id: IdSchema, userId: IdSchema });
