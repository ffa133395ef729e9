import type { Role, RoleKey } from '../../../shared/auth.ts';
import type { Permission, RecordScope } from '../../../shared/auth.ts';
import type { User } from '../../../shared/users.ts';
import type { RoleRow } from '../../db/schema.ts';
import type { UserRecord } from './users.repository.ts';

export function presentUser(row: UserRecord): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as RoleKey,
    teamId: row.team_id,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentRole(row: RoleRow): Role {
  return {
    key: row.key as RoleKey,
    name: row.name,
    permissions: row.permissions as Permission[],
    recordScope: row.record_scope as RecordScope,
  };
}

/** What the audit trail keeps of a user: never the password hash. */
export function auditedUser(user: User): Record<string, unknown> {
  return { ...user };
}
