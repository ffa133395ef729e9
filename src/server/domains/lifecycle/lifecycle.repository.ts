import type { DbOrTx } from '../../db/database.ts';
import type { NewEvent } from '../events/events.repository.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { DEFAULT_LIFECYCLE_STAGES } from '../../../shared/lifecycle.ts';

export function listStages(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('lifecycle_stages').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').execute();
}

export async function stageExists(db: DbOrTx, workspaceId: string, key: string) {
  const row = await db.selectFrom('lifecycle_stages').select('key').where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/** The four stages of the seed texts, for a new workspace. */
export async function insertDefaultStages(db: DbOrTx, workspaceId: string) {
  await db
    .insertInto('lifecycle_stages')
    .values(DEFAULT_LIFECYCLE_STAGES.map((stage) => ({ workspace_id: workspaceId, key: stage.key, name_zh: stage.nameZh, name_en: stage.nameEn, position: stage.position })))
    .execute();
}

export async function insertHistory(
  db: DbOrTx,
  entry: { workspaceId: string; customerId: string; fromStage: string | null; toStage: string; actor: NewEvent['actor']; reason: string | null },
) {
  await db
    .insertInto('customer_lifecycle_history')
    .values({
      workspace_id: entry.workspaceId,
      id: uuidv7(),
      customer_id: entry.customerId,
      from_stage: entry.fromStage,
      to_stage: entry.toStage,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      reason: entry.reason,
    })
    .execute();
}

/** A customer's stage changes, newest first, with the acting user's name (an API key acts for its user). */
export function listHistory(db: DbOrTx, workspaceId: string, customerId: string, limit = 100) {
  return db
    .selectFrom('customer_lifecycle_history as h')
    .leftJoin('api_keys as k', (join) => join.onRef('k.workspace_id', '=', 'h.workspace_id').onRef('k.id', '=', 'h.actor_id'))
    .leftJoin('users as u', (join) =>
      join.onRef('u.workspace_id', '=', 'h.workspace_id').on((eb) =>
        eb.or([
          eb.and([eb('h.actor_type', '=', 'user'), eb('u.id', '=', eb.ref('h.actor_id'))]),
          eb.and([eb('h.actor_type', '=', 'api_key'), eb('u.id', '=', eb.ref('k.user_id'))]),
        ]),
      ),
    )
    .select(['h.id', 'h.occurred_at', 'h.from_stage', 'h.to_stage', 'h.actor_type', 'h.actor_id', 'h.reason', 'u.name as actor_name'])
    .where('h.workspace_id', '=', workspaceId)
    .where('h.customer_id', '=', customerId)
    .orderBy('h.occurred_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
}

/** Stage keys (among those given) that customers of the workspace are in. */
export async function stagesInUse(db: DbOrTx, workspaceId: string, keys: string[]) {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .select('lifecycle_stage')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .where('lifecycle_stage', 'in', keys)
    .execute();
  return rows.map((row) => row.lifecycle_stage!);
}

/** Replaces the workspace's stages with the given ones, in order (positions 1..n). */
export async function replaceStages(db: DbOrTx, workspaceId: string, stages: Array<{ key: string; nameZh: string; nameEn: string }>) {
  const keep = stages.map((stage) => stage.key);
  await db.deleteFrom('lifecycle_stages').where('workspace_id', '=', workspaceId).where('key', 'not in', keep).execute();
  await db
    .insertInto('lifecycle_stages')
    .values(stages.map((stage, index) => ({ workspace_id: workspaceId, key: stage.key, name_zh: stage.nameZh, name_en: stage.nameEn, position: index + 1 })))
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'key']).doUpdateSet((eb) => ({
        name_zh: eb.ref('excluded.name_zh'),
        name_en: eb.ref('excluded.name_en'),
        position: eb.ref('excluded.position'),
      })),
    )
    .execute();
}
