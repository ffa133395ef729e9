import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { FollowUpChannel } from '../../db/schema.ts';

export async function insertFollowUp(
  db: DbOrTx,
  followUp: { workspaceId: string; id: string; customerId: string; userId: string; channel: FollowUpChannel; note: string; occurredAt: Date },
) {
  await db
    .insertInto('customer_follow_ups')
    .values({
      workspace_id: followUp.workspaceId,
      id: followUp.id,
      customer_id: followUp.customerId,
      user_id: followUp.userId,
      channel: followUp.channel,
      note: followUp.note,
      occurred_at: followUp.occurredAt,
    })
    .execute();
}

/** The customer's latest follow-up time moves forward only (the pool rules read it). */
export async function touchLastFollowUp(db: DbOrTx, workspaceId: string, customerId: string, at: Date) {
  await db
    .updateTable('customers')
    .set({ last_follow_up_at: sql`greatest(last_follow_up_at, ${at}::timestamptz)` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', customerId)
    .execute();
}

export function listFollowUps(db: DbOrTx, workspaceId: string, customerId: string, limit: number, beforeId?: string) {
  let query = db
    .selectFrom('customer_follow_ups as f')
    .leftJoin('users as u', (join) => join.onRef('u.workspace_id', '=', 'f.workspace_id').onRef('u.id', '=', 'f.user_id'))
    .select(['f.id', 'f.customer_id', 'f.channel', 'f.note', 'f.occurred_at', 'f.user_id', 'u.name as user_name'])
    .where('f.workspace_id', '=', workspaceId)
    .where('f.customer_id', '=', customerId)
    .orderBy('f.id', 'desc')
    .limit(limit + 1);
  if (beforeId) query = query.where('f.id', '<', beforeId);
  return query.execute();
}

export type FollowUpRow = Awaited<ReturnType<typeof listFollowUps>>[number];
