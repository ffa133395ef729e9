import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { TeamsTable } from '../../db/schema.ts';

function teamsWithCounts(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('teams')
    .select((eb) => [
      'teams.id',
      'teams.name',
      'teams.manager_id',
      'teams.version',
      'teams.created_at',
      eb
        .selectFrom('users')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('users.workspace_id', '=', 'teams.workspace_id')
        .whereRef('users.team_id', '=', 'teams.id')
        .where('users.active', '=', true)
        .as('member_count'),
    ])
    .where('teams.workspace_id', '=', workspaceId);
}

export type TeamRecord = Awaited<ReturnType<typeof findTeam>> & {};

export function listTeams(db: DbOrTx, workspaceId: string) {
  return teamsWithCounts(db, workspaceId).orderBy('teams.name').execute();
}

export function findTeam(db: DbOrTx, workspaceId: string, id: string) {
  return teamsWithCounts(db, workspaceId).where('teams.id', '=', id).executeTakeFirst();
}

export async function lockTeam(db: DbOrTx, workspaceId: string, id: string) {
  await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().execute();
}

export async function nameTaken(db: DbOrTx, workspaceId: string, name: string, exceptId?: string) {
  let query = db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function activeUserExists(db: DbOrTx, workspaceId: string, userId: string) {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTeam(db: DbOrTx, team: Insertable<TeamsTable>) {
  await db.insertInto('teams').values(team).execute();
}

export async function updateTeam(db: DbOrTx, workspaceId: string, id: string, changes: Updateable<TeamsTable>) {
  await db
    .updateTable('teams')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}
