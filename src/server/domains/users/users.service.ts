import type { RoleKey } from '../../../shared/auth.ts';
import type { CreateUserBody, UpdateUserBody, User } from '../../../shared/users.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { UsersTable } from '../../db/schema.ts';
import type { Updateable } from 'kysely';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { deleteSessionsOfUser } from '../auth/auth.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordEvent } from '../events/events.repository.ts';
import { auditedUser, presentRole, presentUser } from './users.presenter.ts';
import * as repo from './users.repository.ts';

async function roleId(db: DbOrTx, workspaceId: string, key: RoleKey) {
  const role = await repo.findRoleByKey(db, workspaceId, key);
  if (!role) throw invalidFields([{ path: 'role', code: 'unknown_role', message: `No role ${key} in this workspace` }]);
  return role.id;
}

async function assertTeam(db: DbOrTx, workspaceId: string, teamId: string | null | undefined) {
  if (teamId && !(await repo.teamExists(db, workspaceId, teamId))) {
    throw invalidFields([{ path: 'teamId', code: 'unknown_team', message: 'No team with this id' }]);
  }
}

async function loadUser(db: DbOrTx, workspaceId: string, id: string, forUpdate = false): Promise<User> {
  const row = await repo.findUser(db, workspaceId, id, { forUpdate });
  if (!row) throw notFound('User');
  return presentUser(row);
}

async function audit(db: DbOrTx, workspaceId: string, actor: Actor | null, action: string, before: User | null, after: User) {
  await recordEvent(db, {
    workspaceId,
    actor: actor ? eventActor(actor) : { type: 'system', id: null },
    entityType: 'user',
    entityId: after.id,
    action,
    before: before && auditedUser(before),
    after: auditedUser(after),
  });
}

export async function listUsers(db: DbOrTx, actor: Actor) {
  return (await repo.listUsers(db, actor.workspaceId)).map(presentUser);
}

export async function listRoles(db: DbOrTx, actor: Actor) {
  return (await repo.listRoles(db, actor.workspaceId)).map(presentRole);
}

/** Creates a user; `actor` is null when Kemai itself creates the first admin. */
export async function createUser(db: DbOrTx, workspaceId: string, actor: Actor | null, input: CreateUserBody): Promise<User> {
  const email = input.email.toLowerCase();
  if (await repo.emailTaken(db, email)) {
    throw new AppError('conflict', 'A user with this e-mail already exists', {
      errors: [{ path: 'email', code: 'email_taken', message: 'A user with this e-mail already exists' }],
    });
  }
  await assertTeam(db, workspaceId, input.teamId);
  const id = uuidv7();
  await repo.insertUser(db, {
    workspace_id: workspaceId,
    id,
    email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    role_id: await roleId(db, workspaceId, input.role),
    team_id: input.teamId ?? null,
  });
  const created = await loadUser(db, workspaceId, id);
  await audit(db, workspaceId, actor, 'created', null, created);
  return created;
}

export async function updateUser(db: DbOrTx, actor: Actor, id: string, input: UpdateUserBody): Promise<User> {
  const before = await loadUser(db, actor.workspaceId, id, true);
  if (before.version !== input.version) throw new AppError('version_conflict', undefined, { current: before });
  if (id === actor.userId && input.role && input.role !== before.role) {
    throw invalidFields([{ path: 'role', code: 'own_role', message: 'You cannot change your own role' }]);
  }
  await assertTeam(db, actor.workspaceId, input.teamId);
  const changes: Updateable<UsersTable> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.role !== undefined) changes.role_id = await roleId(db, actor.workspaceId, input.role);
  if (input.teamId !== undefined) changes.team_id = input.teamId;
  if (input.password !== undefined) changes.password_hash = await hashPassword(input.password);
  await repo.updateUser(db, actor.workspaceId, id, changes);
  // A new role or password takes effect at once: the user signs in again.
  if (changes.role_id || changes.password_hash) await deleteSessionsOfUser(db, actor.workspaceId, id);
  const after = await loadUser(db, actor.workspaceId, id);
  await audit(db, actor.workspaceId, actor, 'updated', before, after);
  return after;
}

/** Deactivation ends the user's sessions and revokes their API keys in the same transaction. */
export async function setUserActive(db: DbOrTx, actor: Actor, id: string, active: boolean): Promise<User> {
  const before = await loadUser(db, actor.workspaceId, id, true);
  if (!active && id === actor.userId) {
    throw new AppError('validation_failed', 'You cannot deactivate yourself', {
      errors: [{ path: 'id', code: 'self_deactivation', message: 'You cannot deactivate yourself' }],
    });
  }
  if (before.active === active) return before;
  await repo.updateUser(db, actor.workspaceId, id, { active });
  if (!active) {
    await deleteSessionsOfUser(db, actor.workspaceId, id);
    await repo.revokeApiKeysOfUser(db, actor.workspaceId, id);
  }
  const after = await loadUser(db, actor.workspaceId, id);
  await audit(db, actor.workspaceId, actor, active ? 'activated' : 'deactivated', before, after);
  return after;
}
