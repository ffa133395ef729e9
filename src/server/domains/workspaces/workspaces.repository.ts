import type { DbOrTx } from '../../db/database.ts';
import type { Insertable } from 'kysely';
import type { RolesTable } from '../../db/schema.ts';

export function findFirstWorkspace(db: DbOrTx) {
  return db.selectFrom('workspaces').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
}

export async function insertWorkspace(db: DbOrTx, workspace: { id: string; name: string; timeZone: string }) {
  await db.insertInto('workspaces').values({ id: workspace.id, name: workspace.name, time_zone: workspace.timeZone }).execute();
}

export async function insertRoles(db: DbOrTx, roles: Insertable<RolesTable>[]) {
  await db.insertInto('roles').values(roles).execute();
}
