import { z } from 'zod';
import { IdSchema } from './common.ts';

export const PERMISSIONS = [
  'customers.read',
  'customers.write',
  'customers.delete',
  'customers.view_sensitive',
  // show one masked field in full, written to the audit log
  'customers.reveal',
  // hand customers to another owner (singly or in bulk)
  'customers.reassign',
  // set the workspace's pool (公海) rules
  'pool.manage',
  'users.manage',
  'teams.manage',
  'api_keys.manage',
  'audit.read',
  'products.manage',
  'orders.read',
  'orders.write',
  // the analytics dashboard and the churn-risk list
  'analytics.read',
  // analytics settings and score refreshes
  'analytics.manage',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

/** Which customer records a role reaches: its own, its team's, or the whole workspace's. */
export const RecordScopeSchema = z.enum(['own', 'team', 'all']);
export type RecordScope = z.infer<typeof RecordScopeSchema>;

export const ROLE_KEYS = ['admin', 'sales_manager', 'sales_rep', 'service_agent', 'marketer', 'analyst', 'read_only'] as const;
export const RoleKeySchema = z.enum(ROLE_KEYS);
export type RoleKey = z.infer<typeof RoleKeySchema>;

export const RoleSchema = z
  .object({
    key: RoleKeySchema,
    name: z.string(),
    permissions: z.array(PermissionSchema),
    recordScope: RecordScopeSchema,
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

export const LoginBodySchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const MeSchema = z
  .object({
    user: z.object({
      id: IdSchema,
      email: z.string(),
      name: z.string(),
      role: RoleSchema,
      teamId: IdSchema.nullable(),
    }),
    workspace: z.object({ id: IdSchema, name: z.string(), timeZone: z.string() }),
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const LoginResultSchema = MeSchema.extend({ csrfToken: z.string() });
