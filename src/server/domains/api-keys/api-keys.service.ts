import type { RoleKey } from '../../../shared/auth.ts';
import type { ApiKey, CreateApiKeyBody } from '../../../shared/users.ts';
import type { DbOrTx } from '../../db/database.ts';
import { invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import { recordEvent } from '../events/events.repository.ts';
import { findRoleByKey } from '../users/users.repository.ts';
import * as repo from './api-keys.repository.ts';

function presentApiKey(row: repo.ApiKeyRecord): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role as RoleKey,
    userId: row.user_id,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

async function loadApiKey(db: DbOrTx, workspaceId: string, id: string) {
  const row = await repo.findApiKey(db, workspaceId, id);
  if (!row) throw notFound('API key');
  return presentApiKey(row);
}

export async function listApiKeys(db: DbOrTx, actor: Actor) {
  return (await repo.listApiKeys(db, actor.workspaceId)).map(presentApiKey);
}

/**
 * Issues a key that acts for the issuing admin with the chosen role's
 * permissions. The secret is returned once; only its SHA-256 is stored.
 */
export async function createApiKey(db: DbOrTx, actor: Actor, input: CreateApiKeyBody) {
  const role = await findRoleByKey(db, actor.workspaceId, input.role);
  if (!role) throw invalidFields([{ path: 'role', code: 'unknown_role', message: `No role ${input.role}` }]);
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const key = `kemai_${prefix}_${randomToken(32)}`;
  const id = uuidv7();
  await repo.insertApiKey(db, {
    workspace_id: actor.workspaceId,
    id,
    name: input.name,
    prefix,
    key_hash: hashToken(key),
    user_id: actor.userId,
    role_id: role.id,
  });
  const apiKey = await loadApiKey(db, actor.workspaceId, id);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'api_key',
    entityId: id,
    action: 'created',
    before: null,
    after: apiKey,
  });
  return { apiKey, key };
}

export async function revokeApiKey(db: DbOrTx, actor: Actor, id: string) {
  const before = await loadApiKey(db, actor.workspaceId, id);
  if (before.revokedAt) return;
  await repo.revokeApiKey(db, actor.workspaceId, id);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'api_key',
    entityId: id,
    action: 'revoked',
    before,
    after: await loadApiKey(db, actor.workspaceId, id),
  });
}
