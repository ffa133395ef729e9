import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';

/** Teams the actor belongs to or manages: where their shared views come from and go to. */
function actorTeamIds(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('teams')
    .select('teams.id')
    .where('teams.workspace_id', '=', actor.workspaceId)
    .where((eb) => eb.or([eb('teams.manager_id', '=', actor.userId), eb('teams.id', '=', actor.teamId)]));
}

function viewsQuery(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'v.workspace_id').onRef('owner.id', '=', 'v.owner_id'))
    .leftJoin('teams as team', (join) => join.onRef('team.workspace_id', '=', 'v.workspace_id').onRef('team.id', '=', 'v.shared_team_id'))
    .select(['v.id', 'v.name', 'v.query', 'v.columns', 'v.sort', 'v.owner_id', 'owner.name as owner_name', 'v.shared_team_id', 'team.name as team_name', 'v.version', 'v.created_at', 'v.updated_at'])
    .where('v.workspace_id', '=', actor.workspaceId)
    .where((eb) => eb.or([eb('v.owner_id', '=', actor.userId), eb('v.shared_team_id', 'in', actorTeamIds(db, actor))]));
}

/** The actor's own views and those shared with their teams: nobody else's. */
export function listViews(db: DbOrTx, actor: Actor) {
  return viewsQuery(db, actor).orderBy(sql`v.owner_id = ${actor.userId}`, 'desc').orderBy('v.name').execute();
}
export type SavedViewRecord = Awaited<ReturnType<typeof listViews>>[number];

export function findView(db: DbOrTx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = viewsQuery(db, actor).where('v.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('v');
  return query.executeTakeFirst();
}

export async function teamAllowed(db: DbOrTx, actor: Actor, teamId: string, anyTeam: boolean) {
  let query = db.selectFrom('teams').select('teams.id').where('teams.workspace_id', '=', actor.workspaceId).where('teams.id', '=', teamId);
  if (!anyTeam) query = query.where('teams.id', 'in', actorTeamIds(db, actor));
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertView(
  db: DbOrTx,
  row: { workspaceId: string; id: string; ownerId: string; name: string; query: Record<string, unknown>; columns: string[]; sort: string | null; sharedTeamId: string | null },
) {
  await db
    .insertInto('saved_views')
    .values({
      workspace_id: row.workspaceId,
      id: row.id,
      owner_id: row.ownerId,
      name: row.name,
      query: JSON.stringify(row.query),
      columns: row.columns,
      sort: row.sort,
      shared_team_id: row.sharedTeamId,
    })
    .execute();
}

export async function updateView(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  changes: { name?: string; query?: Record<string, unknown>; columns?: string[]; sort?: string | null; sharedTeamId?: string | null },
) {
  await db
    .updateTable('saved_views')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.query !== undefined ? { query: JSON.stringify(changes.query) } : {}),
      ...(changes.columns !== undefined ? { columns: changes.columns } : {}),
      ...(changes.sort !== undefined ? { sort: changes.sort } : {}),
      ...(changes.sharedTeamId !== undefined ? { shared_team_id: changes.sharedTeamId } : {}),
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteView(db: DbOrTx, workspaceId: string, id: string) {
  await db.deleteFrom('saved_views').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
