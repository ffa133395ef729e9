import { type Insertable, sql } from 'kysely';
import { VOID_ORDER_STATUSES, type OrderListQuery, type OrderStatus } from '../../../shared/orders.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { OrderLinesTable, OrdersTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { Actor } from '../auth/actor.ts';
import { scoped } from '../customers/customers.repository.ts';

/**
 * Orders joined to their customers, narrowed by the customers' record scope —
 * scoped() is the one place scope is decided, so an order is visible exactly
 * when its customer is. (The customer's owner join is what scoped() expects;
 * PostgreSQL drops it when nothing reads it.)
 */
function visibleOrders(db: DbOrTx, actor: Actor) {
  const customers = scoped(
    db,
    db
      .selectFrom('customers')
      .leftJoin('users as owner', (join) =>
        join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'),
      ),
    actor,
  );
  return customers
    .innerJoin('orders', (join) => join.onRef('orders.workspace_id', '=', 'customers.workspace_id').onRef('orders.customer_id', '=', 'customers.id'))
    .where('orders.workspace_id', '=', actor.workspaceId);
}

function orderQuery(db: DbOrTx, actor: Actor) {
  return visibleOrders(db, actor)
    .leftJoin('users as seller', (join) => join.onRef('seller.workspace_id', '=', 'orders.workspace_id').onRef('seller.id', '=', 'orders.owner_id'))
    .select([
      'orders.id',
      'orders.order_no',
      'orders.customer_id',
      'customers.name as customer_name',
      'orders.ordered_at',
      'orders.channel',
      'orders.status',
      'orders.currency',
      'orders.amount',
      'orders.owner_id',
      'seller.name as owner_name',
      'orders.note',
      'orders.version',
      'orders.created_at',
      'orders.updated_at',
    ]);
}

export type OrderRecord = Awaited<ReturnType<typeof findOrder>> & {};

export function findOrder(db: DbOrTx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = orderQuery(db, actor).where('orders.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('orders');
  return query.executeTakeFirst();
}

export function findOrderLines(db: DbOrTx, workspaceId: string, orderId: string) {
  return db
    .selectFrom('order_lines as line')
    .leftJoin('products as product', (join) =>
      join.onRef('product.workspace_id', '=', 'line.workspace_id').onRef('product.id', '=', 'line.product_id'),
    )
    .select([
      'line.line_no',
      'line.product_id',
      'product.sku as product_sku',
      'product.name as product_name',
      'line.description',
      'line.quantity',
      'line.unit_price',
      'line.amount',
    ])
    .where('line.workspace_id', '=', workspaceId)
    .where('line.order_id', '=', orderId)
    .orderBy('line.line_no')
    .execute();
}

export type OrderLineRecord = Awaited<ReturnType<typeof findOrderLines>>[number];

export async function orderNoTaken(db: DbOrTx, workspaceId: string, orderNo: string) {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('order_no', '=', orderNo)
    .executeTakeFirst();
  return row !== undefined;
}

const SORTS = {
  orderedAt: { column: 'orders.ordered_at', cursor: sql<string>`orders.ordered_at::text`, cast: (v: string) => sql`${v}::timestamptz` },
  amount: { column: 'orders.amount', cursor: sql<string>`orders.amount::text`, cast: (v: string) => sql`${v}::bigint` },
} as const;

/**
 * One page of visible orders, keyset-paginated on (sort value, id). The default
 * sort walks orders_ordered_at_idx, a customer's orders orders_customer_idx.
 */
export async function listOrders(db: DbOrTx, actor: Actor, filter: OrderListQuery) {
  const descending = filter.sort.startsWith('-');
  const sort = SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const direction = descending ? 'desc' : 'asc';
  let query = orderQuery(db, actor).select(sort.cursor.as('cursor_value'));
  if (filter.customerId) query = query.where('orders.customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('orders.status', '=', filter.status);
  if (filter.channel) query = query.where('orders.channel', '=', filter.channel);
  if (filter.ownerId) query = query.where('orders.owner_id', '=', filter.ownerId);
  if (filter.orderNo) query = query.where('orders.order_no', '=', filter.orderNo);
  if (filter.from) query = query.where('orders.ordered_at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('orders.ordered_at', '<', new Date(filter.to));
  if (filter.cursor) {
    const [value, id] = decodeCursor(filter.cursor);
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sort.column, 'orders.id'), descending ? '<' : '>', tuple(sort.cast(value), id) as never),
    );
  }
  const rows = await query
    .orderBy(sort.column, direction)
    .orderBy('orders.id', direction)
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor([last.cursor_value, last.id]) : null };
}

/** Count, sum and last order time per currency of a customer's orders, cancelled and refunded left out. */
export function summarizeCustomerOrders(db: DbOrTx, actor: Actor, customerId: string) {
  return visibleOrders(db, actor)
    .select((eb) => [
      'orders.currency',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('orders.amount').as('total'),
      eb.fn.max('orders.ordered_at').as('last_ordered_at'),
    ])
    .where('customers.id', '=', customerId)
    .where('orders.customer_id', '=', customerId)
    .where('orders.status', 'not in', [...VOID_ORDER_STATUSES])
    .groupBy('orders.currency')
    .orderBy('orders.currency')
    .execute();
}

export async function insertOrder(db: DbOrTx, order: Insertable<OrdersTable>, lines: Insertable<OrderLinesTable>[]) {
  await db.insertInto('orders').values(order).execute();
  if (lines.length) await db.insertInto('order_lines').values(lines).execute();
}

/** Sets the status only when the stored version is still the one the caller read. */
export async function updateOrderStatus(db: DbOrTx, workspaceId: string, id: string, expectedVersion: number, status: OrderStatus) {
  const result = await db
    .updateTable('orders')
    .set({ status, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function activeUserExists(db: DbOrTx, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function workspaceTimeZone(db: DbOrTx, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirst();
  return row?.time_zone ?? 'Asia/Shanghai';
}
