import type { RoleKey } from '../../../shared/auth.ts';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { SYSTEM_ROLES } from '../auth/roles.ts';
import { randomToken } from '../auth/tokens.ts';
import { createUser } from '../users/users.service.ts';
import * as repo from './workspaces.repository.ts';
import { insertDefaultStages } from '../lifecycle/lifecycle.repository.ts';

export interface NewWorkspace {
  name: string;
  timeZone: string;
  admin: { email: string; name: string; password?: string };
}

/**
 * Creates a workspace with the system roles and its first admin. When no
 * password is given one is generated and returned, to be shown once.
 */
export async function createWorkspace(db: Db, input: NewWorkspace) {
  const password = input.admin.password ?? randomToken(12);
  return db.transaction().execute(async (tx) => {
    const workspaceId = uuidv7();
    await repo.insertWorkspace(tx, { id: workspaceId, name: input.name, timeZone: input.timeZone });
    await repo.insertRoles(
      tx,
      Object.entries(SYSTEM_ROLES).map(([key, role]) => ({
        workspace_id: workspaceId,
        id: uuidv7(),
        key,
        name: role.name,
        permissions: role.permissions,
        record_scope: role.recordScope,
      })),
    );
    await insertDefaultStages(tx, workspaceId);
    const admin = await createUser(tx, workspaceId, null, { ...input.admin, password, role: 'admin' satisfies RoleKey });
    return { workspaceId, admin, password };
  });
}

export function findFirstWorkspace(db: Db) {
  return repo.findFirstWorkspace(db);
}
