import { type Insertable, type SelectQueryBuilder, sql } from 'kysely';
import { VOID_ORDER_STATUSES, type OrderListQuery, type OrderStatus } from '../../../shared/orders.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { OrderLinesTable, OrdersTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { Actor } from '../auth/actor.ts';
import { scoped } from '../customers/customers.repository.ts';

/** The customers the actor may see, as scoped() — the one place scope is decided — says. */
function scopedCustomers(db: DbOrTx, actor: Actor) {
  return scoped(
    db,
    db
      .selectFrom('customers')
      .leftJoin('users as owner', (join) =>
        join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'),
      ),
    actor,
  );
}

/**
 * Orders joined to their customers, narrowed by the customers' record scope, so
 * an order is visible exactly when its customer is. (The customer's owner join
 * is what scoped() expects; PostgreSQL drops it when nothing reads it.)
 */
function visibleOrders(db: DbOrTx, actor: Actor) {
  return scopedCustomers(db, actor)
    .innerJoin('orders', (join) => join.onRef('orders.workspace_id', '=', 'customers.workspace_id').onRef('orders.customer_id', '=', 'customers.id'))
    .where('orders.workspace_id', '=', actor.workspaceId);
}

/** Up to this many visible customers, a list is read customer by customer (see listOrders). */
const FEW_CUSTOMERS = 5000;

/**
 * The ids of the customers a scoped actor sees, when they are few; null when
 * there are many or the actor sees the whole workspace.
 */
async function fewVisibleCustomerIds(db: DbOrTx, actor: Actor): Promise<string[] | null> {
  if (actor.role.recordScope === 'all') return null;
  const rows = await scopedCustomers(db, actor).select('customers.id').limit(FEW_CUSTOMERS + 1).execute();
  return rows.length > FEW_CUSTOMERS ? null : rows.map((row) => row.id);
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

// Loosely typed on purpose: the same order-level filters go on the plain orders
// query (the scan budget below) and on the scoped join; both name the table `orders`.
type AnyOrdersQuery = SelectQueryBuilder<any, any, any>;

/** The filters on the orders themselves, the cursor, and the sort: everything but scope. */
function filteredAndSorted<Q extends AnyOrdersQuery>(query: Q, filter: OrderListQuery): Q {
  const descending = filter.sort.startsWith('-');
  const sort = SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const direction = descending ? 'desc' : 'asc';
  let q: AnyOrdersQuery = query;
  if (filter.customerId) q = q.where('orders.customer_id', '=', filter.customerId);
  if (filter.status) q = q.where('orders.status', '=', filter.status);
  if (filter.channel) q = q.where('orders.channel', '=', filter.channel);
  if (filter.ownerId) q = q.where('orders.owner_id', '=', filter.ownerId);
  if (filter.orderNo) q = q.where('orders.order_no', '=', filter.orderNo);
  if (filter.from) q = q.where('orders.ordered_at', '>=', new Date(filter.from));
  if (filter.to) q = q.where('orders.ordered_at', '<', new Date(filter.to));
  if (filter.cursor) {
    const [value, id] = decodeCursor(filter.cursor);
    q = q.where(sql`(${sql.ref(sort.column)}, orders.id)`, descending ? '<' : '>', sql`(${sort.cast(value)}, ${id}::uuid)`);
  }
  return q.orderBy(sort.column, direction).orderBy('orders.id', direction) as Q;
}

/** Orders read before giving up on finding a page among the newest (see listOrders). */
const SCAN_BUDGET = 10_000;

/**
 * One page of visible orders, keyset-paginated on (sort value, id). The default
 * sort walks orders_ordered_at_idx, the amount sort orders_amount_idx, a
 * customer's orders orders_customer_idx.
 *
 * PostgreSQL cannot estimate how few customers a rep's scope leaves, so it walks
 * the orders in sort order checking each one's customer: fast when the rep sees
 * many customers, but 24 s at 1M orders for a rep who sees none (measured). So a
 * scoped actor's page is first looked for among the first SCAN_BUDGET matching
 * orders only; when that does not fill the page, and the scope holds few
 * customers, their ids are named so the orders are read through
 * orders_customer_idx. The scoped join decides visibility in every case; these
 * steps only choose the access path.
 */
export async function listOrders(db: DbOrTx, actor: Actor, filter: OrderListQuery) {
  const sort = SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const page = (restrict?: (query: AnyOrdersQuery) => AnyOrdersQuery) => {
    let query: AnyOrdersQuery = filteredAndSorted(orderQuery(db, actor).select(sort.cursor.as('cursor_value')), filter);
    if (restrict) query = restrict(query);
    return query.limit(filter.limit + 1).execute() as ReturnType<ReturnType<typeof orderQuery>['execute']> as Promise<
      Array<OrderRecord & { cursor_value: string }>
    >;
  };

  let rows: Array<OrderRecord & { cursor_value: string }> | undefined;
  if (actor.role.recordScope !== 'all' && !filter.customerId) {
    const boundary = await filteredAndSorted(db.selectFrom('orders').where('orders.workspace_id', '=', actor.workspaceId), filter)
      .select(['orders.id', sort.cursor.as('cursor_value')])
      .offset(SCAN_BUDGET)
      .limit(1)
      .executeTakeFirst();
    if (boundary) {
      const descending = filter.sort.startsWith('-');
      const within = await page((query) =>
        query.where(sql`(${sql.ref(sort.column)}, orders.id)`, descending ? '>=' : '<=', sql`(${sort.cast(boundary.cursor_value)}, ${boundary.id}::uuid)`),
      );
      if (within.length > filter.limit) rows = within;
      else {
        const ids = await fewVisibleCustomerIds(db, actor);
        if (ids) rows = await page((query) => query.where('orders.customer_id', '=', sql<string>`any(${ids}::uuid[])`));
      }
    }
  }
  rows ??= await page();
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
