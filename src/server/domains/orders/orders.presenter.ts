import { ORDER_TRANSITIONS, type Order, type OrderLine, type OrderListItem, type OrderSummary } from '../../../shared/orders.ts';
import type { OrderLineRecord, OrderRecord } from './orders.repository.ts';

export function presentOrderListItem(row: OrderRecord): OrderListItem {
  const currency = row.currency.trim();
  return {
    id: row.id,
    orderNo: row.order_no,
    customerId: row.customer_id,
    customer: { id: row.customer_id, name: row.customer_name },
    orderedAt: row.ordered_at.toISOString(),
    channel: row.channel,
    status: row.status,
    amount: { amount: Number(row.amount), currency },
    ownerId: row.owner_id,
    owner: row.owner_id && row.owner_name ? { id: row.owner_id, name: row.owner_name } : null,
    note: row.note,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentOrderLine(row: OrderLineRecord, currency: string): OrderLine {
  return {
    lineNo: row.line_no,
    productId: row.product_id,
    product: row.product_id && row.product_sku && row.product_name ? { id: row.product_id, sku: row.product_sku, name: row.product_name } : null,
    description: row.description,
    quantity: row.quantity,
    unitPrice: { amount: Number(row.unit_price), currency },
    amount: { amount: Number(row.amount), currency },
  };
}

export function presentOrder(row: OrderRecord, lines: OrderLineRecord[]): Order {
  const item = presentOrderListItem(row);
  return {
    ...item,
    lines: lines.map((line) => presentOrderLine(line, item.amount.currency)),
    nextStatuses: [...ORDER_TRANSITIONS[item.status]],
  };
}

/** The audited shape of an order: flat fields (and the lines when it is created). */
export function auditedOrder(order: Order, options: { lines?: boolean } = {}): Record<string, unknown> {
  return {
    orderNo: order.orderNo,
    customerId: order.customerId,
    orderedAt: order.orderedAt,
    channel: order.channel,
    status: order.status,
    amount: order.amount.amount,
    currency: order.amount.currency,
    ownerId: order.ownerId,
    note: order.note,
    ...(options.lines
      ? {
          lines: order.lines.map((line) => ({
            productId: line.productId,
            description: line.description,
            quantity: line.quantity,
            unitPrice: line.unitPrice.amount,
            amount: line.amount.amount,
          })),
        }
      : {}),
  };
}

export function presentOrderSummary(rows: Array<{ currency: string; count: number | string; total: number | string | null; last_ordered_at: Date | string | null }>): OrderSummary {
  let count = 0;
  let last: Date | null = null;
  const total = [];
  const averageOrderValue = [];
  for (const row of rows) {
    const n = Number(row.count);
    const sum = Number(row.total ?? 0);
    const currency = row.currency.trim();
    count += n;
    total.push({ amount: sum, currency });
    averageOrderValue.push({ amount: n > 0 ? Math.round(sum / n) : 0, currency });
    const at = row.last_ordered_at === null ? null : new Date(row.last_ordered_at);
    if (at && (!last || at > last)) last = at;
  }
  return { count, total, lastOrderAt: last?.toISOString() ?? null, averageOrderValue };
}
