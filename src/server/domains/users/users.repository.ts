import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Insertable, Updateable } from 'kysely';
import type { UsersTable } from '../../db/schema.ts';

const userColumns = [
  'users.id',
  'users.email',
  'users.name',
  'roles.key as role',
  'users.team_id',
  'users.active',
  'users.version',
  'users.created_at',
] as const;

function usersWithRole(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('users')
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'))
    .select(userColumns)
    .where('users.workspace_id', '=', workspaceId);
}

export type UserRecord = Awaited<ReturnType<typeof findUser>> & {};

export function listUsers(db: DbOrTx, workspaceId: string) {
  return usersWithRole(db, workspaceId).orderBy('users.active', 'desc').orderBy('users.name').execute();
}

export function findUser(db: DbOrTx, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = usersWithRole(db, workspaceId).where('users.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('users');
  return query.executeTakeFirst();
}

export async function emailTaken(db: DbOrTx, email: string) {
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;
}

export async function insertUser(db: DbOrTx, user: Insertable<UsersTable>) {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: DbOrTx, workspaceId: string, id: string, changes: Updateable<UsersTable>) {
  await db
    .updateTable('users')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function revokeApiKeysOfUser(db: DbOrTx, workspaceId: string, userId: string) {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function findRoleByKey(db: DbOrTx, workspaceId: string, key: string) {
  return db.selectFrom('roles').selectAll().where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
}

export function listRoles(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('roles').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
}

export async function teamExists(db: DbOrTx, workspaceId: string, teamId: string) {
  return (await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst()) !== undefined;
}
