import { z } from 'zod';
import { IdSchema, TimestampSchema, VersionSchema } from './common.ts';
import { RoleKeySchema, RoleSchema } from './auth.ts';

const NameSchema = z.string().trim().min(1).max(100);

export const UserSchema = z
  .object({
    id: IdSchema,
    email: z.string(),
    name: z.string(),
    role: RoleKeySchema,
    teamId: IdSchema.nullable(),
    active: z.boolean(),
    version: VersionSchema,
    createdAt: TimestampSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const CreateUserBodySchema = z.object({
  email: z.email().max(254),
  name: NameSchema,
  password: z.string().min(8).max(200),
  role: RoleKeySchema,
  teamId: IdSchema.nullish(),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = z.object({
  version: VersionSchema,
  name: NameSchema.optional(),
  role: RoleKeySchema.optional(),
  teamId: IdSchema.nullish(),
  password: z.string().min(8).max(200).optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

export const UserListSchema = z.object({ items: z.array(UserSchema) });

export const TeamSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    managerId: IdSchema.nullable(),
    memberCount: z.int(),
    version: VersionSchema,
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof TeamSchema>;

export const CreateTeamBodySchema = z.object({
  name: NameSchema,
  managerId: IdSchema.nullish(),
});
export type CreateTeamBody = z.infer<typeof CreateTeamBodySchema>;

export const UpdateTeamBodySchema = z.object({
  version: VersionSchema,
  name: NameSchema.optional(),
  managerId: IdSchema.nullish(),
});
export type UpdateTeamBody = z.infer<typeof UpdateTeamBodySchema>;

export const TeamListSchema = z.object({ items: z.array(TeamSchema) });

export const RoleListSchema = z.object({ items: z.array(RoleSchema) });

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    prefix: z.string(),
    role: RoleKeySchema,
    userId: IdSchema,
    createdAt: TimestampSchema,
    lastUsedAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeyBodySchema = z.object({
  name: NameSchema,
  role: RoleKeySchema,
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBodySchema>;

/** The secret is shown once, at creation; only its hash is stored. */
export const CreatedApiKeySchema = z.object({ apiKey: ApiKeySchema, key: z.string() });
export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
