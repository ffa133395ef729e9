import type { Notification, NotificationList, NotificationListQuery } from '../../../shared/notifications.ts';
import type { DbOrTx } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import { presentNotification } from './notifications.presenter.ts';
import * as repo from './notifications.repository.ts';

/** The signed-in user's own notifications; nobody reads another's. */
export async function listNotifications(db: DbOrTx, actor: Actor, query: NotificationListQuery): Promise<NotificationList> {
  const rows = await repo.listNotifications(db, actor.workspaceId, actor.userId, {
    unreadOnly: query.unread === 'true',
    limit: query.limit,
    ...(query.cursor ? { beforeId: query.cursor } : {}),
  });
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map(presentNotification);
  return { items, unreadCount: await repo.countUnread(db, actor.workspaceId, actor.userId), nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

export async function markRead(db: DbOrTx, actor: Actor, id: string): Promise<Notification> {
  const row = await repo.markRead(db, actor.workspaceId, actor.userId, id);
  if (!row) throw notFound('Notification');
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'notification',
    entityId: id,
    action: 'read',
    before: null,
    after: { readAt: row.read_at?.toISOString() ?? null },
  });
  return presentNotification(row);
}

export async function markAllRead(db: DbOrTx, actor: Actor): Promise<{ marked: number }> {
  const marked = await repo.markAllRead(db, actor.workspaceId, actor.userId);
  if (marked > 0) {
    await recordEvent(db, {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'user',
      entityId: actor.userId,
      action: 'notifications_read',
      before: null,
      after: { marked },
    });
  }
  return { marked };
}
