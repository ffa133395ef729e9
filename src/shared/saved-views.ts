import { z } from 'zod';
import { IdSchema, TimestampSchema, VersionSchema } from './common.ts';

/** A saved customer list view: filters (the list's query parameters), columns and sort. */
const QueryValue = z.union([z.string().max(200), z.number(), z.boolean()]);
export const SavedViewQuerySchema = z
  .record(z.string().max(60), QueryValue)
  .refine((query) => Object.keys(query).length <= 40, 'At most 40 filters');

export const SavedViewSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    query: z.record(z.string(), QueryValue),
    columns: z.array(z.string()),
    sort: z.string().nullable(),
    owner: z.object({ id: IdSchema, name: z.string() }),
    sharedTeam: z.object({ id: IdSchema, name: z.string() }).nullable(),
    /** the viewer made it (may change and delete it) */
    mine: z.boolean(),
    version: VersionSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedViewSchema>;
export const SavedViewListSchema = z.object({ items: z.array(SavedViewSchema) }).meta({ id: 'SavedViewList' });

const Columns = z.array(z.string().regex(/^(cf\.)?[a-zA-Z][a-zA-Z0-9_]{0,39}$/)).max(40);

export const CreateSavedViewBodySchema = z.object({
  name: z.string().trim().min(1).max(60),
  query: SavedViewQuerySchema.default({}),
  columns: Columns.default([]),
  sort: z.string().max(60).nullish(),
  /** share with one of the viewer's teams; null keeps it private */
  sharedTeamId: IdSchema.nullish(),
});
export type CreateSavedViewBody = z.infer<typeof CreateSavedViewBodySchema>;

/** Sent with the `version` read: a stale one gets 409 with the current view. */
export const UpdateSavedViewBodySchema = z.object({
  version: VersionSchema,
  name: z.string().trim().min(1).max(60).optional(),
  query: SavedViewQuerySchema.optional(),
  columns: Columns.optional(),
  sort: z.string().max(60).nullish(),
  sharedTeamId: IdSchema.nullish(),
});
export type UpdateSavedViewBody = z.infer<typeof UpdateSavedViewBodySchema>;
