import { z } from 'zod';
import { IdSchema, LimitSchema, TimestampSchema } from './common.ts';

/** pool_warning: your customer returns to the pool soon; pool_returned: it has returned. */
export const NOTIFICATION_KINDS = ['pool_warning', 'pool_returned'] as const;

export const NotificationSchema = z
  .object({
    id: IdSchema,
    kind: z.string(),
    customerId: IdSchema.nullable(),
    /** in the workspace's language; `data` holds the parameters to word it in another */
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: TimestampSchema,
    readAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: LimitSchema,
  cursor: IdSchema.optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationListSchema = z
  .object({ items: z.array(NotificationSchema), unreadCount: z.int(), nextCursor: z.string().nullable() })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const ReadAllResultSchema = z.object({ marked: z.int() }).meta({ id: 'ReadAllResult' });
