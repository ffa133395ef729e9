import { IdParamsSchema } from '../../../shared/common.ts';
import { NotificationListQuerySchema, NotificationListSchema, NotificationSchema, ReadAllResultSchema } from '../../../shared/notifications.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import * as notifications from './notifications.service.ts';

const tags = ['notifications'];

/** Every signed-in user has their own notifications: no permission beyond being signed in. */
export function notificationRoutes(app: App, { db }: AppContext) {
  app.get('/api/notifications', {
    schema: {
      tags,
      operationId: 'listNotifications',
      summary: 'My notifications, newest first, with the unread count',
      querystring: NotificationListQuerySchema,
      response: { 200: NotificationListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => notifications.listNotifications(db, actorOf(request), request.query),
  });

  app.post('/api/notifications/:id/read', {
    schema: {
      tags,
      operationId: 'markNotificationRead',
      summary: 'Mark one of my notifications read',
      params: IdParamsSchema,
      response: { 200: NotificationSchema, ...problemResponses(401, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return db.transaction().execute((tx) => notifications.markRead(tx, actor, request.params.id));
    },
  });

  app.post('/api/notifications/read-all', {
    schema: {
      tags,
      operationId: 'markAllNotificationsRead',
      summary: 'Mark all my notifications read',
      response: { 200: ReadAllResultSchema, ...problemResponses(401) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return db.transaction().execute((tx) => notifications.markAllRead(tx, actor));
    },
  });
}
