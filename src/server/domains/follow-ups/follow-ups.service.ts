import type { CreateFollowUpBody, FollowUp, FollowUpList } from '../../../shared/follow-ups.ts';
import type { DbOrTx } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { recordEvent } from '../events/events.repository.ts';
import * as repo from './follow-ups.repository.ts';

function present(row: repo.FollowUpRow): FollowUp {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel,
    note: row.note,
    occurredAt: row.occurred_at.toISOString(),
    user: row.user_id && row.user_name ? { id: row.user_id, name: row.user_name } : null,
  };
}

/**
 * Logs a follow-up (跟进) on a customer the actor may see: the record, the customer's
 * latest follow-up time (which the pool rules read), and an event on its timeline.
 */
export async function logFollowUp(db: DbOrTx, actor: Actor, customerId: string, input: CreateFollowUpBody, now = new Date()): Promise<FollowUp> {
  const customer = await findCustomer(db, actor, customerId, { forUpdate: true });
  if (!customer || customer.deleted_at) throw notFound('Customer');
  const id = uuidv7(now.getTime());
  await repo.insertFollowUp(db, { workspaceId: actor.workspaceId, id, customerId, userId: actor.userId, channel: input.channel, note: input.note, occurredAt: now });
  await repo.touchLastFollowUp(db, actor.workspaceId, customerId, now);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: customerId,
    customerId,
    action: 'followed_up',
    // an empty before, so the timeline lists what was recorded as changes
    before: {},
    after: { followUpId: id, channel: input.channel, note: input.note },
    occurredAt: now,
  });
  return { id, customerId, channel: input.channel, note: input.note, occurredAt: now.toISOString(), user: { id: actor.userId, name: actor.userName } };
}

export async function listFollowUps(db: DbOrTx, actor: Actor, customerId: string, page: { limit: number; cursor?: string }): Promise<FollowUpList> {
  if (!(await findCustomer(db, actor, customerId))) throw notFound('Customer');
  const rows = await repo.listFollowUps(db, actor.workspaceId, customerId, page.limit, page.cursor);
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map(present);
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
