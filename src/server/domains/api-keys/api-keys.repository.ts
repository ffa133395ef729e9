import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { ApiKeysTable } from '../../db/schema.ts';

function keysWithRole(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'api_keys.workspace_id').onRef('roles.id', '=', 'api_keys.role_id'))
    .select([
      'api_keys.id',
      'api_keys.name',
      'api_keys.prefix',
      'roles.key as role',
      'api_keys.user_id',
      'api_keys.created_at',
      'api_keys.last_used_at',
      'api_keys.revoked_at',
    ])
    .where('api_keys.workspace_id', '=', workspaceId);
}

export type ApiKeyRecord = Awaited<ReturnType<typeof findApiKey>> & {};

export function listApiKeys(db: DbOrTx, workspaceId: string) {
  return keysWithRole(db, workspaceId).orderBy('api_keys.revoked_at', (ob) => ob.desc().nullsFirst()).orderBy('api_keys.id', 'desc').execute();
}

export function findApiKey(db: DbOrTx, workspaceId: string, id: string) {
  return keysWithRole(db, workspaceId).where('api_keys.id', '=', id).executeTakeFirst();
}

export async function insertApiKey(db: DbOrTx, key: Insertable<ApiKeysTable>) {
  await db.insertInto('api_keys').values(key).execute();
}

export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string) {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
