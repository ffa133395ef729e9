import { z } from 'zod';
import { IdSchema, LimitSchema, TimestampSchema } from './common.ts';

/** How the customer was reached: 电话 / 拜访 / 微信 / 邮件 / 短信 / 其他 */
export const FOLLOW_UP_CHANNELS = ['phone', 'visit', 'wechat', 'email', 'sms', 'other'] as const;
export const FollowUpChannelSchema = z.enum(FOLLOW_UP_CHANNELS);
export type FollowUpChannel = z.infer<typeof FollowUpChannelSchema>;

export const CreateFollowUpBodySchema = z.object({
  channel: FollowUpChannelSchema,
  note: z.string().trim().min(1).max(2000),
});
export type CreateFollowUpBody = z.infer<typeof CreateFollowUpBodySchema>;

export const FollowUpSchema = z
  .object({
    id: IdSchema,
    customerId: IdSchema,
    channel: FollowUpChannelSchema,
    note: z.string(),
    occurredAt: TimestampSchema,
    user: z.object({ id: IdSchema, name: z.string() }).nullable(),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const FollowUpListQuerySchema = z.object({ limit: LimitSchema, cursor: IdSchema.optional() });
export const FollowUpListSchema = z
  .object({ items: z.array(FollowUpSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FollowUpList' });
export type FollowUpList = z.infer<typeof FollowUpListSchema>;
