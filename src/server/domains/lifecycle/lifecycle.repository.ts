import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { NewEvent } from '../events/events.repository.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { DEFAULT_LIFECYCLE_STAGES } from '../../../shared/lifecycle.ts';

/** Active stages in order, then the retired ones (kept so the history can name them). */
export function listStages(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('lifecycle_stages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy(sql`retired_at is not null`)
    .orderBy('position')
    .orderBy('key')
    .execute();
}

/** Whether customers may enter the stage: it exists and is not retired. */
export async function stageExists(db: DbOrTx, workspaceId: string, key: string) {
  const row = await db
    .selectFrom('lifecycle_stages')
    .select('key')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
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

/**
 * How many customers (not deleted) are in each of the given stages, over the
 * whole workspace: a stage is retired for everyone, so customers the admin's own
 * record scope hides count too. Deleted customers keep the stage they had.
 */
export async function countCustomersInStages(db: DbOrTx, workspaceId: string, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['lifecycle_stage', (eb) => eb.fn.countAll<string>().as('customers')])
    .where('workspace_id', '=', workspaceId)
    .where('lifecycle_stage', 'in', keys)
    .where('deleted_at', 'is', null)
    .groupBy('lifecycle_stage')
    .execute();
  return new Map(rows.map((row) => [row.lifecycle_stage!, Number(row.customers)]));
}

/** Locks and returns the (not deleted) customers in a stage, to move them. */
export function lockCustomersInStage(db: DbOrTx, workspaceId: string, key: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where('lifecycle_stage', '=', key)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Moves the given customers to a stage, as an edit of each (version and updated_at move on). */
export async function setCustomersStage(db: DbOrTx, workspaceId: string, customerIds: string[], stage: string) {
  if (customerIds.length === 0) return;
  await db
    .updateTable('customers')
    .set({ lifecycle_stage: stage, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', customerIds)
    .execute();
}

/** Stage history rows for many customers moved at once (the same from, to, actor and reason). */
export async function insertHistoryRows(
  db: DbOrTx,
  entry: { workspaceId: string; customerIds: string[]; fromStage: string; toStage: string; actor: NewEvent['actor']; reason: string },
) {
  for (let start = 0; start < entry.customerIds.length; start += 1000) {
    await db
      .insertInto('customer_lifecycle_history')
      .values(
        entry.customerIds.slice(start, start + 1000).map((customerId) => ({
          workspace_id: entry.workspaceId,
          id: uuidv7(),
          customer_id: customerId,
          from_stage: entry.fromStage,
          to_stage: entry.toStage,
          actor_type: entry.actor.type,
          actor_id: entry.actor.id,
          reason: entry.reason,
        })),
      )
      .execute();
  }
}

/**
 * Makes the given stages the active ones, in order (positions 1..n): names
 * change, new keys are added, retired keys sent again are restored, and active
 * stages left out are retired.
 */
export async function replaceStages(db: DbOrTx, workspaceId: string, stages: Array<{ key: string; nameZh: string; nameEn: string }>) {
  const keep = stages.map((stage) => stage.key);
  await db
    .updateTable('lifecycle_stages')
    .set({ retired_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('key', 'not in', keep)
    .where('retired_at', 'is', null)
    .execute();
  await db
    .insertInto('lifecycle_stages')
    .values(stages.map((stage, index) => ({ workspace_id: workspaceId, key: stage.key, name_zh: stage.nameZh, name_en: stage.nameEn, position: index + 1 })))
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'key']).doUpdateSet((eb) => ({
        name_zh: eb.ref('excluded.name_zh'),
        name_en: eb.ref('excluded.name_en'),
        position: eb.ref('excluded.position'),
        retired_at: null,
      })),
    )
    .execute();
}
