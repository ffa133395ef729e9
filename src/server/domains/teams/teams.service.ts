import type { Updateable } from 'kysely';
import type { CreateTeamBody, Team, UpdateTeamBody } from '../../../shared/users.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { TeamsTable } from '../../db/schema.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import * as repo from './teams.repository.ts';

function presentTeam(row: repo.TeamRecord): Team {
  return {
    id: row.id,
    name: row.name,
    managerId: row.manager_id,
    memberCount: Number(row.member_count ?? 0),
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

async function loadTeam(db: DbOrTx, workspaceId: string, id: string) {
  const row = await repo.findTeam(db, workspaceId, id);
  if (!row) throw notFound('Team');
  return presentTeam(row);
}

async function checkFields(db: DbOrTx, workspaceId: string, name: string | undefined, managerId: string | null | undefined, teamId?: string) {
  if (name !== undefined && (await repo.nameTaken(db, workspaceId, name, teamId))) {
    throw new AppError('conflict', 'A team with this name already exists', {
      errors: [{ path: 'name', code: 'name_taken', message: 'A team with this name already exists' }],
    });
  }
  if (managerId && !(await repo.activeUserExists(db, workspaceId, managerId))) {
    throw invalidFields([{ path: 'managerId', code: 'unknown_user', message: 'No active user with this id' }]);
  }
}

async function audit(db: DbOrTx, actor: Actor, action: string, before: Team | null, after: Team) {
  const { memberCount: _a, ...afterFields } = after;
  const beforeFields = before && (({ memberCount: _b, ...rest }) => rest)(before);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'team',
    entityId: after.id,
    action,
    before: beforeFields,
    after: afterFields,
  });
}

export async function listTeams(db: DbOrTx, actor: Actor) {
  return (await repo.listTeams(db, actor.workspaceId)).map(presentTeam);
}

export async function createTeam(db: DbOrTx, actor: Actor, input: CreateTeamBody): Promise<Team> {
  await checkFields(db, actor.workspaceId, input.name, input.managerId);
  const id = uuidv7();
  await repo.insertTeam(db, { workspace_id: actor.workspaceId, id, name: input.name, manager_id: input.managerId ?? null });
  const created = await loadTeam(db, actor.workspaceId, id);
  await audit(db, actor, 'created', null, created);
  return created;
}

export async function updateTeam(db: DbOrTx, actor: Actor, id: string, input: UpdateTeamBody): Promise<Team> {
  await repo.lockTeam(db, actor.workspaceId, id);
  const before = await loadTeam(db, actor.workspaceId, id);
  if (before.version !== input.version) throw new AppError('version_conflict', undefined, { current: before });
  await checkFields(db, actor.workspaceId, input.name, input.managerId, id);
  const changes: Updateable<TeamsTable> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.managerId !== undefined) changes.manager_id = input.managerId;
  await repo.updateTeam(db, actor.workspaceId, id, changes);
  const after = await loadTeam(db, actor.workspaceId, id);
  await audit(db, actor, 'updated', before, after);
  return after;
}
