import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';

/** Test fixtures of the analytics integration tests: customers and orders written straight to their tables. */

export async function insertCustomer(db: Db, workspaceId: string, name: string, ownerId: string | null = null) {
  const id = uuidv7();
  await db
    .insertInto('customers')
    .values({ workspace_id: workspaceId, id, kind: 'person', name, city: null, address: null, owner_id: ownerId, profile: '{}', relationship_type: null, value_class: null, lifecycle_stage: null, custom_fields: '{}' })
    .execute();
  return id;
}

let orderCounter = 0;

/** An order of `amount` fen on `day`, at 10:00 in Shanghai: the day as written is the purchase day. */
export async function insertOrder(db: Db, workspaceId: string, customerId: string, day: string, amount: number, status: 'completed' | 'cancelled' | 'refunded' = 'completed') {
  const id = uuidv7();
  await db
    .insertInto('orders')
    .values({ workspace_id: workspaceId, id, order_no: `T${++orderCounter}`, customer_id: customerId, ordered_at: `${day}T10:00:00+08:00`, status, amount })
    .execute();
  return id;
}
