import type { CustomerRecord } from '../src/server/demo/customer-generator.ts';
import { contactSearchText } from '../src/server/domains/customers/customers.search.ts';

/*
 * Generated records as lines of PostgreSQL's COPY text format: columns split
 * by tabs, \N for NULL, backslash escapes for backslash, tab, newline and
 * carriage return. https://www.postgresql.org/docs/current/sql-copy.html
 */

export const NULL = '\\N';

/** Escapes a value for COPY text format. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char]!) : value;
}

/** A text[] literal ({"a","b"}) escaped for COPY. */
export function copyTextArray(values: readonly string[]): string {
  return copyText(`{${values.map((value) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`).join(',')}}`);
}

export function copyJson(value: unknown): string {
  return copyText(JSON.stringify(value));
}

const nullable = (value: string | null) => (value === null ? NULL : copyText(value));

/** The columns each table is loaded with, in the order the line builders write them. */
export const COPY_COLUMNS = {
  customers: ['workspace_id', 'id', 'kind', 'name', 'name_pinyin', 'name_initials', 'phones', 'emails', 'contact_search', 'city', 'address', 'tags', 'status', 'owner_id', 'profile', 'created_at', 'updated_at'],
  orders: ['workspace_id', 'id', 'order_no', 'customer_id', 'ordered_at', 'channel', 'status', 'amount', 'owner_id', 'created_at', 'updated_at'],
  order_lines: ['workspace_id', 'order_id', 'line_no', 'product_id', 'description', 'quantity', 'unit_price', 'amount'],
  events: ['workspace_id', 'id', 'occurred_at', 'actor_type', 'actor_id', 'entity_type', 'entity_id', 'customer_id', 'action', 'after'],
} as const;
export type CopyTable = keyof typeof COPY_COLUMNS;

/** One record's lines for each table, with the derived columns the app writes (contact_search). */
export function copyLines(workspaceId: string, record: CustomerRecord): Record<CopyTable, string> {
  const { customer } = record;
  const owner = customer.ownerId ?? NULL;
  const customers =
    [
      workspaceId,
      customer.id,
      customer.kind,
      copyText(customer.name),
      customer.namePinyin,
      customer.nameInitials,
      copyTextArray(customer.phones),
      copyTextArray(customer.emails),
      copyText(contactSearchText(customer.phones, customer.emails)),
      copyText(customer.city),
      copyText(customer.address),
      copyTextArray(customer.tags),
      customer.status,
      owner,
      copyJson(customer.profile),
      customer.createdAt.toISOString(),
      customer.updatedAt.toISOString(),
    ].join('\t') + '\n';
  let orders = '';
  let lines = '';
  for (const order of record.orders) {
    const orderedAt = order.orderedAt.toISOString();
    orders += `${workspaceId}\t${order.id}\t${order.orderNo}\t${customer.id}\t${orderedAt}\t${order.channel}\t${order.status}\t${order.amount}\t${owner}\t${orderedAt}\t${order.updatedAt.toISOString()}\n`;
    for (const line of order.lines) {
      lines += `${workspaceId}\t${order.id}\t${line.lineNo}\t${line.productId}\t${copyText(line.description)}\t${line.quantity}\t${line.unitPrice}\t${line.amount}\n`;
    }
  }
  let events = '';
  for (const event of record.events) {
    events += `${workspaceId}\t${event.id}\t${event.occurredAt.toISOString()}\t${event.actorType}\t${nullable(event.actorId)}\t${event.entityType}\t${event.entityId}\t${event.customerId}\t${event.action}\t${copyJson(event.after)}\n`;
  }
  return { customers, orders, order_lines: lines, events };
}
