import { randomInt } from 'node:crypto';
import {
  ORDER_TRANSITIONS,
  type ChangeOrderStatusBody,
  type CreateOrderBody,
  type Order,
  type OrderList,
  type OrderListQuery,
  type OrderSummary,
} from '../../../shared/orders.ts';
import type { FieldIssue } from '../../../shared/common.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { recordEvent } from '../events/events.repository.ts';
import { findProductsByIds } from '../products/products.repository.ts';
import { auditedOrder, presentOrder, presentOrderListItem, presentOrderSummary } from './orders.presenter.ts';
import * as repo from './orders.repository.ts';

async function loadVisible(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<Order> {
  const row = await repo.findOrder(db, actor, id, { forUpdate });
  if (!row) throw notFound('Order');
  return presentOrder(row, await repo.findOrderLines(db, actor.workspaceId, id));
}

async function assertCustomerVisible(db: DbOrTx, actor: Actor, customerId: string) {
  if (!(await findCustomer(db, actor, customerId))) throw notFound('Customer');
}

export function getOrder(db: DbOrTx, actor: Actor, id: string): Promise<Order> {
  return loadVisible(db, actor, id);
}

export async function listOrders(db: DbOrTx, actor: Actor, query: OrderListQuery): Promise<OrderList> {
  const page = await repo.listOrders(db, actor, query);
  return { items: page.items.map(presentOrderListItem), nextCursor: page.nextCursor };
}

/** A customer's orders; 404 when the customer is missing or out of the actor's scope. */
export async function listCustomerOrders(db: DbOrTx, actor: Actor, customerId: string, query: Omit<OrderListQuery, 'customerId'>) {
  await assertCustomerVisible(db, actor, customerId);
  return listOrders(db, actor, { ...query, customerId });
}

/**
 * A customer's orders in figures for the 360 page: count, total and average
 * order value per currency, and the last order's time — cancelled and refunded
 * orders left out. Throws 404 when the actor may not see the customer.
 *
 * @example await orderSummary(db, actor, customerId) // { count: 3, total: [{ amount: 389700, currency: 'CNY' }], ... }
 */
export async function orderSummary(db: DbOrTx, actor: Actor, customerId: string): Promise<OrderSummary> {
  await assertCustomerVisible(db, actor, customerId);
  return orderSummaryOfVisibleCustomer(db, actor, customerId);
}

/** The summary for a customer the caller has just read through the actor's scope (the 360 page): no second lookup. */
export async function orderSummaryOfVisibleCustomer(db: DbOrTx, actor: Actor, customerId: string): Promise<OrderSummary> {
  return presentOrderSummary(await repo.summarizeCustomerOrders(db, actor, customerId));
}

// Crockford's base 32 without I, L, O, U: readable over the phone.
const ORDER_NO_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** SO + the date in the workspace's time zone + six random characters, e.g. SO20261126-7KQ2MD. */
async function generateOrderNo(db: DbOrTx, actor: Actor, orderedAt: Date): Promise<string> {
  const timeZone = await repo.workspaceTimeZone(db, actor.workspaceId);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(orderedAt).replaceAll('-', '');
  for (let attempt = 0; attempt < 5; attempt++) {
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += ORDER_NO_ALPHABET[randomInt(ORDER_NO_ALPHABET.length)];
    const orderNo = `SO${day}-${suffix}`;
    if (!(await repo.orderNoTaken(db, actor.workspaceId, orderNo))) return orderNo;
  }
  throw new AppError('internal', 'Could not find a free order number');
}

export interface CreateOrderOptions {
  /** imports of past orders may name products since taken off sale */
  allowInactiveProducts?: boolean;
}

/**
 * Creates an order with its lines. The server computes every line amount
 * (quantity × unit price) and the order amount (their sum); a line's product
 * supplies its description and price where the line leaves them out.
 */
export async function createOrder(db: DbOrTx, actor: Actor, input: CreateOrderBody, options: CreateOrderOptions = {}): Promise<Order> {
  const issues: FieldIssue[] = [];
  const customer = await findCustomer(db, actor, input.customerId);
  if (!customer || customer.deleted_at) {
    issues.push({ path: 'customerId', code: 'unknown_customer', message: 'No customer you can see has this id' });
  }
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  if (ownerId && !(await repo.activeUserExists(db, actor.workspaceId, ownerId))) {
    issues.push({ path: 'ownerId', code: 'unknown_owner', message: 'No active user has this id' });
  }

  const productIds = [...new Set(input.lines.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const products = new Map((await findProductsByIds(db, actor.workspaceId, productIds)).map((product) => [product.id, product]));
  const lines = input.lines.map((line, index) => {
    const product = line.productId ? products.get(line.productId) : undefined;
    const at = (field: string) => `lines.${index}.${field}`;
    if (line.productId) {
      if (!product || product.deleted_at) issues.push({ path: at('productId'), code: 'unknown_product', message: 'No product has this id' });
      else if (!product.active && !options.allowInactiveProducts) {
        issues.push({ path: at('productId'), code: 'inactive_product', message: `The product ${product.sku} is not on sale` });
      } else if (product.currency.trim() !== input.currency && line.unitPrice === undefined) {
        issues.push({
          path: at('unitPrice'),
          code: 'currency_mismatch',
          message: `The product is priced in ${product.currency.trim()}, the order in ${input.currency}: give the line's unit price`,
        });
      }
    }
    // An unknown product is reported once, on productId, not again as a missing description and price.
    const usable = product && !product.deleted_at ? product : undefined;
    const description = line.description ?? usable?.name;
    if (!description && !line.productId) issues.push({ path: at('description'), code: 'too_small', message: 'A line without a product needs a description' });
    const unitPrice = line.unitPrice ?? (usable ? Number(usable.unit_price) : undefined);
    if (unitPrice === undefined && !line.productId) issues.push({ path: at('unitPrice'), code: 'too_small', message: 'A line without a product needs a unit price' });
    const amount = (unitPrice ?? 0) * line.quantity;
    if (!Number.isSafeInteger(amount)) issues.push({ path: at('quantity'), code: 'too_big', message: 'The line amount is too large' });
    return { productId: line.productId ?? null, description: description ?? '', quantity: line.quantity, unitPrice: unitPrice ?? 0, amount };
  });
  const amount = lines.reduce((sum, line) => sum + line.amount, 0);
  if (!Number.isSafeInteger(amount)) issues.push({ path: 'lines', code: 'too_big', message: 'The order amount is too large' });
  if (issues.length) throw invalidFields(issues);

  if (input.orderNo && (await repo.orderNoTaken(db, actor.workspaceId, input.orderNo))) {
    const message = `Order number ${input.orderNo} is already used in this workspace`;
    throw new AppError('conflict', message, { errors: [{ path: 'orderNo', code: 'order_no_taken', message }] });
  }
  const orderedAt = input.orderedAt ? new Date(input.orderedAt) : new Date();
  const orderNo = input.orderNo ?? (await generateOrderNo(db, actor, orderedAt));
  const id = uuidv7();
  await repo.insertOrder(
    db,
    {
      workspace_id: actor.workspaceId,
      id,
      order_no: orderNo,
      customer_id: input.customerId,
      ordered_at: orderedAt,
      channel: input.channel,
      status: input.status,
      currency: input.currency,
      amount,
      owner_id: ownerId,
      note: input.note || null,
    },
    lines.map((line, index) => ({
      workspace_id: actor.workspaceId,
      order_id: id,
      line_no: index + 1,
      product_id: line.productId,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      amount: line.amount,
    })),
  );
  const created = await loadVisible(db, actor, id);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'order',
    entityId: id,
    customerId: created.customerId,
    action: 'created',
    before: null,
    after: auditedOrder(created, { lines: true }),
  });
  return created;
}

/**
 * Moves an order along its status machine (see ORDER_TRANSITIONS). A stale
 * version is a 409 with the current order; a move the machine does not allow is a 400 on `status`.
 */
export async function changeOrderStatus(db: DbOrTx, actor: Actor, id: string, input: ChangeOrderStatusBody): Promise<Order> {
  const before = await loadVisible(db, actor, id, true);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You changed version ${input.version}; the order is now at version ${before.version}`, {
      current: before,
    });
  }
  if (!ORDER_TRANSITIONS[before.status].includes(input.status)) {
    const allowed = ORDER_TRANSITIONS[before.status];
    throw invalidFields([
      {
        path: 'status',
        code: 'invalid_transition',
        message: `A ${before.status} order cannot become ${input.status}${allowed.length ? ` (it can become ${allowed.join(', ')})` : ' (it is final)'}`,
      },
    ]);
  }
  await repo.updateOrderStatus(db, actor.workspaceId, id, input.version, input.status);
  const after = await loadVisible(db, actor, id);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'order',
    entityId: id,
    customerId: after.customerId,
    action: 'status_changed',
    before: auditedOrder(before),
    after: { ...auditedOrder(after), ...(input.reason ? { reason: input.reason } : {}) },
  });
  return after;
}
