import type { Permission, RecordScope, RoleKey } from '../../../shared/auth.ts';
import type { Me } from '../../../shared/auth.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import type { Actor } from './actor.ts';
import { lookupStarted, recallActor, rememberActor } from './actor-cache.ts';
import * as repo from './auth.repository.ts';
import { verifyPassword } from './passwords.ts';
import { hashToken, randomToken } from './tokens.ts';

type ActorRow = {
  workspace_id: string;
  user_id: string;
  user_name: string;
  team_id: string | null;
  role_key: string;
  role_name: string;
  permissions: string[];
  record_scope: string;
};

function toActor(row: ActorRow, via: Pick<Actor, 'type' | 'apiKeyId' | 'sessionId' | 'csrfToken'>): Actor {
  return {
    ...via,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    userName: row.user_name,
    teamId: row.team_id,
    role: {
      key: row.role_key as RoleKey,
      name: row.role_name,
      permissions: row.permissions as Permission[],
      recordScope: row.record_scope as RecordScope,
    },
  };
}

export async function login(db: DbOrTx, email: string, password: string, sessionDays: number) {
  const user = await repo.findUserByEmail(db, email);
  const valid = await verifyPassword(user?.password_hash, password);
  if (!user || !valid || !user.active) throw new AppError('invalid_credentials');
  const token = randomToken();
  const session = {
    workspaceId: user.workspace_id,
    id: uuidv7(),
    tokenHash: hashToken(token),
    userId: user.user_id,
    csrfToken: randomToken(24),
    expiresAt: new Date(Date.now() + sessionDays * 86_400_000),
  };
  await repo.insertSession(db, session);
  const actor = toActor(user, { type: 'user', apiKeyId: null, sessionId: session.id, csrfToken: session.csrfToken });
  return { token, expiresAt: session.expiresAt, actor };
}

export async function actorFromSession(db: DbOrTx, token: string): Promise<Actor | undefined> {
  const hash = hashToken(token);
  const remembered = recallActor(hash);
  if (remembered) return remembered;
  const started = lookupStarted();
  const row = await repo.findActiveSession(db, hash);
  if (!row) return undefined;
  const actor = toActor(row, { type: 'user', apiKeyId: null, sessionId: row.session_id, csrfToken: row.csrf_token });
  return rememberActor(hash, actor, row.expires_at, started);
}

export async function actorFromApiKey(db: DbOrTx, key: string): Promise<Actor | undefined> {
  const hash = hashToken(key);
  const remembered = recallActor(hash);
  if (remembered) return remembered;
  const started = lookupStarted();
  const row = await repo.findActiveApiKey(db, hash);
  if (!row) return undefined;
  // Record use at most once a minute: a busy script should not turn every read into a write.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await repo.touchApiKey(db, row.workspace_id, row.api_key_id);
  }
  return rememberActor(hash, toActor(row, { type: 'api_key', apiKeyId: row.api_key_id, sessionId: null, csrfToken: null }), null, started);
}

export async function logout(db: DbOrTx, actor: Actor) {
  if (actor.sessionId) await repo.deleteSession(db, actor.workspaceId, actor.sessionId);
}

export async function describeActor(db: DbOrTx, actor: Actor): Promise<Me> {
  const [workspace, email] = await Promise.all([
    repo.findWorkspace(db, actor.workspaceId),
    repo.findUserEmail(db, actor.workspaceId, actor.userId),
  ]);
  return {
    user: { id: actor.userId, email, name: actor.userName, role: actor.role, teamId: actor.teamId },
    workspace: { id: workspace.id, name: workspace.name, timeZone: workspace.time_zone },
    csrfToken: actor.csrfToken,
  };
}
