import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';

const actorColumns = [
  'users.workspace_id',
  'users.id as user_id',
  'users.name as user_name',
  'users.email',
  'users.team_id',
  'users.active',
  'roles.key as role_key',
  'roles.name as role_name',
  'roles.permissions',
  'roles.record_scope',
] as const;

export function findUserByEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('users')
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'))
    .select([...actorColumns, 'users.password_hash'])
    .where('users.email', '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findWorkspace(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirstOrThrow();
}

export async function insertSession(
  db: DbOrTx,
  session: { workspaceId: string; id: string; tokenHash: string; userId: string; csrfToken: string; expiresAt: Date },
) {
  await db
    .insertInto('sessions')
    .values({
      workspace_id: session.workspaceId,
      id: session.id,
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The session's user, only while the session is unexpired and the user active. */
export function findActiveSession(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', (join) => join.onRef('users.workspace_id', '=', 'sessions.workspace_id').onRef('users.id', '=', 'sessions.user_id'))
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'))
    .select([...actorColumns, 'sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.active', '=', true)
    .executeTakeFirst();
}

export async function deleteSession(db: DbOrTx, workspaceId: string, sessionId: string) {
  await db.deleteFrom('sessions').where('workspace_id', '=', workspaceId).where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: DbOrTx, workspaceId: string, userId: string) {
  await db.deleteFrom('sessions').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/** The key's own role decides its permissions; the key dies with its user's deactivation. */
export function findActiveApiKey(db: DbOrTx, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', (join) => join.onRef('users.workspace_id', '=', 'api_keys.workspace_id').onRef('users.id', '=', 'api_keys.user_id'))
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'api_keys.workspace_id').onRef('roles.id', '=', 'api_keys.role_id'))
    .select([...actorColumns, 'api_keys.id as api_key_id', 'api_keys.last_used_at'])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .executeTakeFirst();
}

export async function touchApiKey(db: DbOrTx, workspaceId: string, apiKeyId: string) {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', apiKeyId)
    .execute();
}

export async function findUserEmail(db: DbOrTx, workspaceId: string, userId: string) {
  const row = await db.selectFrom('users').select('email').where('workspace_id', '=', workspaceId).where('id', '=', userId).executeTakeFirstOrThrow();
  return row.email;
}
