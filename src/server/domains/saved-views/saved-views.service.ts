import type { CreateSavedViewBody, SavedView, UpdateSavedViewBody } from '../../../shared/saved-views.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import * as repo from './saved-views.repository.ts';

function present(row: repo.SavedViewRecord, actor: Actor): SavedView {
  return {
    id: row.id,
    name: row.name,
    query: row.query as SavedView['query'],
    columns: row.columns,
    sort: row.sort,
    owner: { id: row.owner_id, name: row.owner_name },
    sharedTeam: row.shared_team_id && row.team_name ? { id: row.shared_team_id, name: row.team_name } : null,
    mine: row.owner_id === actor.userId,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function assertTeam(db: DbOrTx, actor: Actor, teamId: string | null | undefined) {
  if (!teamId) return;
  // Administrators may share with any team; others with the teams they belong to or manage.
  if (!(await repo.teamAllowed(db, actor, teamId, actor.role.permissions.includes('teams.manage')))) {
    throw invalidFields([{ path: 'sharedTeamId', code: 'unknown_team', message: 'Not a team you may share with' }]);
  }
}

async function audit(db: DbOrTx, actor: Actor, action: string, id: string, before: SavedView | null, after: SavedView | null) {
  const strip = (view: SavedView | null) => view && { name: view.name, query: view.query, columns: view.columns, sort: view.sort, sharedTeamId: view.sharedTeam?.id ?? null };
  await recordEvent(db, { workspaceId: actor.workspaceId, actor: eventActor(actor), entityType: 'saved_view', entityId: id, action, before: strip(before), after: strip(after) });
}

export async function listViews(db: DbOrTx, actor: Actor): Promise<SavedView[]> {
  return (await repo.listViews(db, actor)).map((row) => present(row, actor));
}

export async function createView(db: DbOrTx, actor: Actor, input: CreateSavedViewBody): Promise<SavedView> {
  await assertTeam(db, actor, input.sharedTeamId);
  const id = uuidv7();
  await repo.insertView(db, {
    workspaceId: actor.workspaceId,
    id,
    ownerId: actor.userId,
    name: input.name,
    query: input.query,
    columns: input.columns,
    sort: input.sort ?? null,
    sharedTeamId: input.sharedTeamId ?? null,
  });
  const created = present((await repo.findView(db, actor, id))!, actor);
  await audit(db, actor, 'created', id, null, created);
  return created;
}

/** Only the owner changes or deletes a view; a shared view is read-only to the team (and another's is a 404). */
async function loadOwn(db: DbOrTx, actor: Actor, id: string) {
  const row = await repo.findView(db, actor, id, { forUpdate: true });
  if (!row || row.owner_id !== actor.userId) throw notFound('Saved view');
  return present(row, actor);
}

export async function updateView(db: DbOrTx, actor: Actor, id: string, input: UpdateSavedViewBody): Promise<SavedView> {
  const before = await loadOwn(db, actor, id);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You edited version ${input.version}; the view is now at version ${before.version}`, { current: before });
  }
  if (input.sharedTeamId !== undefined) await assertTeam(db, actor, input.sharedTeamId);
  const { version: _version, ...changes } = input;
  await repo.updateView(db, actor.workspaceId, id, changes);
  const after = present((await repo.findView(db, actor, id))!, actor);
  await audit(db, actor, 'updated', id, before, after);
  return after;
}

export async function deleteView(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await loadOwn(db, actor, id);
  await repo.deleteView(db, actor.workspaceId, id);
  await audit(db, actor, 'deleted', id, before, null);
}
