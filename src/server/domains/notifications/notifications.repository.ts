import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';

export interface NewNotification {
  workspaceId: string;
  userId: string;
  kind: string;
  customerId: string | null;
  message: string;
  data: Record<string, unknown>;
  /** a second notification with the same key is not written */
  dedupeKey?: string;
}

/** Writes the notification unless one with its dedupe key exists; returns its id, or null when it already existed. */
export async function insertNotification(db: DbOrTx, notification: NewNotification): Promise<string | null> {
  const row = await db
    .insertInto('notifications')
    .values({
      workspace_id: notification.workspaceId,
      id: uuidv7(),
      user_id: notification.userId,
      kind: notification.kind,
      customer_id: notification.customerId,
      message: notification.message,
      data: JSON.stringify(notification.data),
      dedupe_key: notification.dedupeKey ?? null,
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

const columns = ['id', 'kind', 'customer_id', 'message', 'data', 'created_at', 'read_at'] as const;

/** A user's notifications, newest first, keyset-paginated by id (ids are time-ordered). */
export function listNotifications(db: DbOrTx, workspaceId: string, userId: string, options: { unreadOnly: boolean; limit: number; beforeId?: string }) {
  let query = db
    .selectFrom('notifications')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  return query.execute();
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

export async function countUnread(db: DbOrTx, workspaceId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(db.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (keeping the first read time); undefined when it is not theirs. */
export function markRead(db: DbOrTx, workspaceId: string, userId: string, id: string) {
  return db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function markAllRead(db: DbOrTx, workspaceId: string, userId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
