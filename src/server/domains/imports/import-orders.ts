import { sql } from 'kysely';
import { type OrderChannel, type OrderStatus } from '../../../shared/orders.ts';
import { DEFAULT_CURRENCY } from '../../../shared/money.ts';
import type { OrderImportField } from '../../../shared/imports.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import type { DbOrTx } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { eventActor } from '../auth/actor.ts';
import { visibleCustomerIds } from '../customers/customers.repository.ts';
import { type BatchResult, columnLabel, type ImportRun, matchingCustomerIds, type RowIssue } from './import-customers.ts';
import type { FileRow } from './import-file.ts';
import { parseAmount, parseDate, parseText } from './import-values.ts';

const CHANNELS: Record<string, OrderChannel> = {
  直销: 'direct', direct: 'direct', 门店: 'store', 店铺: 'store', store: 'store', 线上: 'online', 网店: 'online', 电商: 'online', online: 'online',
  电话: 'phone', phone: 'phone', 微信: 'wechat', wechat: 'wechat', 经销商: 'distributor', 分销: 'distributor', 代理: 'distributor',
  distributor: 'distributor', 其他: 'other', other: 'other',
};
const STATUSES: Record<string, OrderStatus> = {
  待付款: 'pending', 待支付: 'pending', pending: 'pending', 已付款: 'paid', 已支付: 'paid', paid: 'paid', 已发货: 'shipped', shipped: 'shipped',
  已完成: 'completed', 完成: 'completed', completed: 'completed', 已取消: 'cancelled', 取消: 'cancelled', cancelled: 'cancelled', canceled: 'cancelled',
  已退款: 'refunded', 退款: 'refunded', refunded: 'refunded',
};

interface LineInput {
  sku: string;
  quantity: number;
  unitPrice: number | null;
}

interface OrderValues {
  orderNo: string;
  customer: { phone: string | null; email: string | null; name: string | null };
  orderedAt: Date;
  amount: number | null;
  currency: string;
  channel: OrderChannel;
  status: OrderStatus;
  note: string | null;
  lines: LineInput[] | null;
}

/** "SKU-1*2; SKU-2×1@19.90": product SKU, quantity, optional unit price in yuan. */
function parseLines(text: string, currency: string): { value: LineInput[] } | { error: string } {
  const lines: LineInput[] = [];
  for (const part of text.split(/[;；\n]+/).map((item) => item.trim()).filter(Boolean)) {
    const match = /^(\S+?)\s*(?:[*×xX]\s*(\d+))?\s*(?:@\s*([\d.,]+))?$/.exec(part);
    if (!match) return { error: `商品明细无法识别：${part}（如 SKU001*2; SKU002*1）` };
    const quantity = Number(match[2] ?? '1');
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) return { error: `数量无效：${part}` };
    const price = match[3] ? parseAmount(match[3], currency) : { value: null };
    if ('error' in price) return price;
    lines.push({ sku: match[1]!, quantity, unitPrice: price.value });
  }
  return lines.length ? { value: lines } : { error: '商品明细为空' };
}

function parseRow(run: ImportRun, headers: string[], row: FileRow): { rowNo: number; values: OrderValues } | { rowNo: number; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const cell = (field: OrderImportField) => {
    const index = run.columns[field];
    return index === undefined ? '' : (row.cells[index] ?? '');
  };
  const fail = (field: OrderImportField, reason: string) =>
    issues.push({ rowNo: row.rowNo, severity: 'error', column: columnLabel(run, headers, field), reason });
  const orderNo = cell('orderNo');
  if (!orderNo) fail('orderNo', '订单号不能为空');
  else if (orderNo.length > 64 || /\s/.test(orderNo)) fail('orderNo', '订单号最多 64 个字符，且不含空格');
  const currency = (cell('currency') || DEFAULT_CURRENCY).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) fail('currency', `币种无效：${currency}`);
  const date = parseDate(cell('orderedAt'));
  if ('error' in date) fail('orderedAt', cell('orderedAt') ? date.error : '日期不能为空');
  const amount = parseAmount(cell('amount'), currency);
  if ('error' in amount) fail('amount', amount.error);
  const channelText = cell('channel');
  const channel = channelText ? CHANNELS[channelText.toLowerCase()] : 'direct';
  if (!channel) fail('channel', `渠道无法识别：${channelText}`);
  const statusText = cell('status');
  const status = statusText ? STATUSES[statusText.toLowerCase()] : 'completed';
  if (!status) fail('status', `订单状态无法识别：${statusText}`);
  const note = parseText(cell('note'), 2000, '备注');
  if ('error' in note) fail('note', note.error);
  const linesText = cell('lines');
  const lines = linesText ? parseLines(linesText, currency) : { value: null };
  if ('error' in lines) fail('lines', lines.error);
  const phoneText = cell('customerPhone');
  const phone = phoneText ? normalizePhone(phoneText) : null;
  if (phoneText && !phone) fail('customerPhone', `电话号码无效：${phoneText}`);
  const email = cell('customerEmail').toLowerCase() || null;
  const name = cell('customerName') || null;
  if (!phone && !email && !name && !phoneText) {
    issues.push({ rowNo: row.rowNo, severity: 'error', column: null, reason: '缺少客户：请提供客户电话、邮箱或名称' });
  }
  if ('value' in amount && amount.value === null && 'value' in lines && lines.value === null) fail('amount', '金额不能为空（或提供商品明细）');
  if (issues.length) return { rowNo: row.rowNo, issues };
  return {
    rowNo: row.rowNo,
    values: {
      orderNo,
      customer: { phone, email, name },
      orderedAt: (date as { value: Date }).value,
      amount: (amount as { value: number | null }).value,
      currency,
      channel: channel!,
      status: status!,
      note: (note as { value: string | null }).value,
      lines: (lines as { value: LineInput[] | null }).value,
    },
  };
}

/** Orders: rows find their customer (visible to the importer) by phone, e-mail or an unambiguous name; lines by product SKU. */
export async function importOrderBatch(db: DbOrTx, run: ImportRun, headers: string[], rows: FileRow[]): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, skipped: 0, errors: 0, issues: [], preview: [] };
  const parsed = rows.map((row) => parseRow(run, headers, row));
  const valid = parsed.flatMap((row) => ('values' in row ? [row] : []));
  const phones = [...new Set(valid.flatMap((row) => (row.values.customer.phone ? [row.values.customer.phone] : [])))];
  const emails = [...new Set(valid.flatMap((row) => (row.values.customer.email ? [row.values.customer.email] : [])))];
  const names = [...new Set(valid.flatMap((row) => (row.values.customer.name ? [row.values.customer.name] : [])))];
  const { rows: customers } = await sql<{ id: string; name: string; phones: string[]; emails: string[]; owner_id: string | null }>`
    select c.id, c.name, c.phones, c.emails, c.owner_id from customers c
    where c.workspace_id = ${run.workspaceId} and c.deleted_at is null
      and c.id = any(${matchingCustomerIds(run.workspaceId, { phones, emails }, names)})
      and c.id in (${visibleCustomerIds(db, run.actor)})`.execute(db);
  const skus = [...new Set(valid.flatMap((row) => row.values.lines?.map((line) => line.sku) ?? []))];
  const products = skus.length
    ? await db
        .selectFrom('products')
        .select(['id', 'sku', 'name', 'unit_price'])
        .where('workspace_id', '=', run.workspaceId)
        .where('sku', 'in', skus)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const productBySku = new Map(products.map((product) => [product.sku, product]));
  const existingOrders = valid.length
    ? await db
        .selectFrom('orders')
        .select(['id', 'order_no', 'customer_id'])
        .where('workspace_id', '=', run.workspaceId)
        .where('order_no', 'in', valid.map((row) => row.values.orderNo))
        .forUpdate()
        .execute()
    : [];
  const ownersOfExisting = [...new Set(existingOrders.map((order) => order.customer_id))];
  const visible = new Set(
    ownersOfExisting.length
      ? (
          await db
            .selectFrom('customers')
            .select('customers.id')
            .where('customers.workspace_id', '=', run.workspaceId)
            .where('customers.id', 'in', ownersOfExisting)
            .where('customers.id', 'in', visibleCustomerIds(db, run.actor))
            .execute()
        ).map((row) => row.id)
      : [],
  );
  const byOrderNo = new Map<string, { id: string; rowNo: number | null; existing: boolean }>(
    existingOrders.map((order) => [order.order_no, { id: order.id, rowNo: null, existing: true }]),
  );
  const matches = (key: (c: (typeof customers)[number]) => boolean) => customers.filter(key);

  type Ready = { id: string; rowNo: number; values: OrderValues; customerId: string; ownerId: string | null; amount: number; lines: Array<{ product_id: string | null; description: string; quantity: number; unit_price: number; amount: number }> };
  const inserts: Ready[] = [];
  const updates: Ready[] = [];
  for (const row of parsed) {
    if ('issues' in row) {
      result.errors++;
      result.issues.push(...row.issues);
      if (run.preview) result.preview.push({ rowNo: row.rowNo, action: 'error', values: {}, errors: row.issues.map(({ column, reason }) => ({ column, reason })), duplicateOf: null });
      continue;
    }
    const { values } = row;
    const issues: RowIssue[] = [];
    const { phone, email, name } = values.customer;
    const found = phone
      ? matches((c) => c.phones.includes(phone))
      : email
        ? matches((c) => c.emails.includes(email))
        : matches((c) => c.name === name);
    if (found.length !== 1) {
      const by = phone ? 'customerPhone' : email ? 'customerEmail' : 'customerName';
      issues.push({
        rowNo: row.rowNo,
        severity: 'error',
        column: columnLabel(run, headers, by),
        reason: found.length ? `有 ${found.length} 个客户与「${phone ?? email ?? name}」匹配，请用电话或邮箱区分` : `找不到客户：${phone ?? email ?? name}`,
      });
    }
    const lines = (values.lines ?? []).map((line, index) => {
      const product = productBySku.get(line.sku);
      if (!product) {
        issues.push({ rowNo: row.rowNo, severity: 'error', column: columnLabel(run, headers, 'lines'), reason: `找不到商品 SKU：${line.sku}` });
        return null;
      }
      const unitPrice = line.unitPrice ?? product.unit_price;
      return { product_id: product.id, description: product.name, quantity: line.quantity, unit_price: unitPrice, amount: unitPrice * line.quantity, index };
    });
    const duplicate = byOrderNo.get(values.orderNo);
    // An order number taken by an order of a customer the importer cannot see: reported, never touched.
    const hidden = duplicate?.existing === true && !existingOrders.some((order) => order.id === duplicate.id && visible.has(order.customer_id));
    if (duplicate && (run.policy === 'create' || hidden)) {
      issues.push({ rowNo: row.rowNo, severity: 'error', column: columnLabel(run, headers, 'orderNo'), reason: `订单号已存在：${values.orderNo}` });
    }
    if (issues.length) {
      result.errors++;
      result.issues.push(...issues);
      if (run.preview) result.preview.push({ rowNo: row.rowNo, action: 'error', values: {}, errors: issues.map(({ column, reason }) => ({ column, reason })), duplicateOf: null });
      continue;
    }
    const readyLines = lines.length
      ? lines.map((line) => ({ product_id: line!.product_id, description: line!.description, quantity: line!.quantity, unit_price: line!.unit_price, amount: line!.amount }))
      : [{ product_id: null, description: `导入订单 ${values.orderNo}`, quantity: 1, unit_price: values.amount!, amount: values.amount! }];
    const customer = found[0]!;
    const ready: Ready = {
      id: duplicate?.id ?? uuidv7(),
      rowNo: row.rowNo,
      values,
      customerId: customer.id,
      ownerId: customer.owner_id,
      amount: values.amount ?? readyLines.reduce((sum, line) => sum + line.amount, 0),
      lines: readyLines,
    };
    const shown = { orderNo: values.orderNo, customer: customer.name, orderedAt: values.orderedAt.toISOString(), amount: ready.amount, currency: values.currency, channel: values.channel, status: values.status, lines: readyLines.length };
    if (duplicate && run.policy === 'skip') {
      result.skipped++;
      const reason = duplicate.rowNo ? `与第 ${duplicate.rowNo} 行订单号重复，已跳过` : `订单号已存在：${values.orderNo}，已跳过`;
      result.issues.push({ rowNo: row.rowNo, severity: 'skipped', column: columnLabel(run, headers, 'orderNo'), reason });
      if (run.preview) result.preview.push({ rowNo: row.rowNo, action: 'skip', values: shown, errors: [], duplicateOf: { id: duplicate.existing ? duplicate.id : null, name: values.orderNo, rowNo: duplicate.rowNo } });
      continue;
    }
    if (duplicate) {
      // A later row with the same order number replaces the earlier one's values.
      const earlier = inserts.findIndex((item) => item.id === duplicate.id);
      if (earlier >= 0) inserts[earlier] = { ...ready, rowNo: inserts[earlier]!.rowNo };
      else {
        const again = updates.findIndex((item) => item.id === duplicate.id);
        if (again >= 0) updates[again] = ready;
        else updates.push(ready);
      }
      result.updated++;
      if (run.preview) result.preview.push({ rowNo: row.rowNo, action: 'update', values: shown, errors: [], duplicateOf: { id: duplicate.existing ? duplicate.id : null, name: values.orderNo, rowNo: duplicate.rowNo } });
      continue;
    }
    inserts.push(ready);
    byOrderNo.set(values.orderNo, { id: ready.id, rowNo: row.rowNo, existing: false });
    result.created++;
    if (run.preview) result.preview.push({ rowNo: row.rowNo, action: 'create', values: shown, errors: [], duplicateOf: null });
  }
  if (inserts.length) await insertOrders(db, run, inserts, 'created');
  if (updates.length) await insertOrders(db, run, updates, 'updated');
  return result;
}

async function insertOrders(
  db: DbOrTx,
  run: ImportRun,
  items: Array<{ id: string; rowNo: number; values: OrderValues; customerId: string; ownerId: string | null; amount: number; lines: Array<{ product_id: string | null; description: string; quantity: number; unit_price: number; amount: number }> }>,
  action: 'created' | 'updated',
) {
  const actor = eventActor(run.actor);
  const orders = items.map((item) => ({
    id: item.id,
    event_id: uuidv7(),
    row_no: item.rowNo,
    order_no: item.values.orderNo,
    customer_id: item.customerId,
    ordered_at: item.values.orderedAt.toISOString(),
    channel: item.values.channel,
    status: item.values.status,
    currency: item.values.currency,
    amount: item.amount,
    owner_id: item.ownerId,
    note: item.values.note,
  }));
  const lines = items.flatMap((item) => item.lines.map((line, index) => ({ order_id: item.id, line_no: index + 1, ...line })));
  const input = sql`select * from jsonb_to_recordset(${JSON.stringify(orders)}::jsonb) as r(
      id uuid, event_id uuid, row_no int, order_no text, customer_id uuid, ordered_at timestamptz, channel text, status text,
      currency text, amount bigint, owner_id uuid, note text)`;
  const after = sql`jsonb_build_object('id', i.id, 'orderNo', i.order_no, 'customerId', i.customer_id, 'orderedAt', i.ordered_at,
      'channel', i.channel, 'status', i.status, 'amount', jsonb_build_object('amount', i.amount, 'currency', i.currency),
      'importId', ${run.importId}::uuid, 'rowNo', i.row_no)`;
  if (action === 'created') {
    await sql`
      with input as (${input}), inserted as (
        insert into orders (workspace_id, id, order_no, customer_id, ordered_at, channel, status, currency, amount, owner_id, note)
        select ${run.workspaceId}::uuid, id, order_no, customer_id, ordered_at, channel, status, currency, amount, owner_id, note from input
        returning id
      ), logged as (
        insert into import_changes (workspace_id, import_id, entity_type, entity_id, action)
        select ${run.workspaceId}::uuid, ${run.importId}::uuid, 'order', id, 'created' from inserted
      )
      insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, after)
      select ${run.workspaceId}::uuid, i.event_id, ${actor.type}, ${actor.id}::uuid, 'order', i.id, i.customer_id, 'imported', ${after}
      from input i`.execute(db);
  } else {
    await sql`
      with input as (${input}), logged as (
        insert into import_changes (workspace_id, import_id, entity_type, entity_id, action, before)
        select o.workspace_id, ${run.importId}::uuid, 'order', o.id, 'updated',
          to_jsonb(o) || jsonb_build_object('lines', coalesce((select jsonb_agg(to_jsonb(l) order by l.line_no) from order_lines l
            where l.workspace_id = o.workspace_id and l.order_id = o.id), '[]'::jsonb))
        from orders o join input i on o.workspace_id = ${run.workspaceId} and o.id = i.id
        on conflict do nothing
      ), evented as (
        insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, before, after)
        select o.workspace_id, i.event_id, ${actor.type}, ${actor.id}::uuid, 'order', o.id, i.customer_id, 'updated',
          jsonb_build_object('id', o.id, 'orderNo', o.order_no, 'customerId', o.customer_id, 'orderedAt', o.ordered_at, 'channel', o.channel,
            'status', o.status, 'amount', jsonb_build_object('amount', o.amount, 'currency', o.currency)), ${after}
        from orders o join input i on o.workspace_id = ${run.workspaceId} and o.id = i.id
      )
      update orders o set customer_id = i.customer_id, ordered_at = i.ordered_at, channel = i.channel, status = i.status,
        currency = i.currency, amount = i.amount, owner_id = i.owner_id, note = coalesce(i.note, o.note), version = o.version + 1, updated_at = now()
      from input i where o.workspace_id = ${run.workspaceId} and o.id = i.id`.execute(db);
    await db.deleteFrom('order_lines').where('workspace_id', '=', run.workspaceId).where('order_id', 'in', items.map((item) => item.id)).execute();
  }
  await sql`
    insert into order_lines (workspace_id, order_id, line_no, product_id, description, quantity, unit_price, amount)
    select ${run.workspaceId}::uuid, order_id, line_no, product_id, description, quantity, unit_price, amount
    from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as r(order_id uuid, line_no int, product_id uuid, description text, quantity int, unit_price bigint, amount bigint)`.execute(
    db,
  );
}

/** Undo, orders: those it created are removed with their lines; those it updated get their old values and lines back. */
export async function undoOrderChanges(db: DbOrTx, workspaceId: string, importId: string, actor: { type: string; id: string | null }, uuid: ReturnType<typeof sql>) {
  await sql`
    with removed as (
      delete from orders o using import_changes ch
      where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'order' and ch.action = 'created'
        and o.workspace_id = ch.workspace_id and o.id = ch.entity_id
      returning o.id, o.order_no, o.customer_id
    )
    insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, before, after)
    select ${workspaceId}::uuid, ${uuid}, ${actor.type}, ${actor.id}::uuid, 'order', r.id, r.customer_id, 'import_undone',
      jsonb_build_object('id', r.id, 'orderNo', r.order_no), null
    from removed r`.execute(db);
  await sql`
    update orders o set customer_id = b.customer_id, ordered_at = b.ordered_at, channel = b.channel, status = b.status, currency = b.currency,
      amount = b.amount, owner_id = b.owner_id, note = b.note, version = o.version + 1, updated_at = now()
    from import_changes ch cross join lateral jsonb_populate_record(null::orders, ch.before) as b
    where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'order' and ch.action = 'updated'
      and o.workspace_id = ch.workspace_id and o.id = ch.entity_id`.execute(db);
  await sql`
    delete from order_lines l using import_changes ch
    where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'order' and ch.action = 'updated'
      and l.workspace_id = ch.workspace_id and l.order_id = ch.entity_id`.execute(db);
  await sql`
    insert into order_lines
    select (jsonb_populate_record(null::order_lines, line)).*
    from import_changes ch cross join lateral jsonb_array_elements(ch.before -> 'lines') as line
    where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'order' and ch.action = 'updated'`.execute(db);
  await sql`
    insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, after)
    select ${workspaceId}::uuid, ${uuid}, ${actor.type}, ${actor.id}::uuid, 'order', ch.entity_id, (ch.before ->> 'customer_id')::uuid, 'import_undone',
      jsonb_build_object('id', ch.entity_id, 'importId', ${importId}::uuid)
    from import_changes ch
    where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'order' and ch.action = 'updated'`.execute(db);
}
