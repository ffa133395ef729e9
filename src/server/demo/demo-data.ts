import { sql } from 'kysely';
import type { Db, DbOrTx } from '../db/database.ts';
import { insertCustomers } from '../domains/customers/customers.repository.ts';
import { contactSearchText } from '../domains/customers/customers.search.ts';
import { recordEvents } from '../domains/events/events.repository.ts';
import { insertCategory, insertProduct } from '../domains/products/products.repository.ts';
import { createUser } from '../domains/users/users.service.ts';
import { type CustomerRecord, generateCustomerRecords } from './customer-generator.ts';
import { type Catalogue, generateCatalogue } from './product-catalogue.ts';
import { createSalesTeam } from './sales-teams.ts';

export const DEMO_PASSWORD = 'kemai-demo-2026';
const DEMO_SEED = 2026;
const DEMO_CUSTOMERS = 3000;
/** Two years of history (the bench data has three): ~23,000 orders, so the first start stays within a few seconds. */
const DEMO_HISTORY_YEARS = 2;
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 1000;

const DEMO_TEAMS = [
  { name: '华东销售部', manager: ['王建国', 'wang.jianguo'], reps: [['李娜', 'li.na'], ['陈静', 'chen.jing'], ['刘洋', 'liu.yang']] },
  { name: '华北销售部', manager: ['赵志强', 'zhao.zhiqiang'], reps: [['孙丽', 'sun.li'], ['周杰', 'zhou.jie'], ['吴敏', 'wu.min']] },
] as const;

const demoUser = ([name, login]: readonly [string, string]) => ({ name, email: `${login}@demo.kemai.local` });

/**
 * Loads the demo company: two sales teams, a service agent, an analyst, the
 * product catalogue and a few thousand customers with their orders, from the
 * same generator as the benchmark data (without its interaction events).
 */
export async function loadDemoData(db: Db, workspaceId: string, adminId: string) {
  return db.transaction().execute(async (tx) => {
    const ownerIds: string[] = [];
    for (const team of DEMO_TEAMS) {
      const created = await createSalesTeam(tx, workspaceId, { name: team.name, manager: demoUser(team.manager), reps: team.reps.map(demoUser) }, DEMO_PASSWORD);
      ownerIds.push(created.managerId, ...created.repIds);
    }
    const agent = await createUser(tx, workspaceId, null, { email: 'zheng.hui@demo.kemai.local', name: '郑慧', password: DEMO_PASSWORD, role: 'service_agent' });
    await createUser(tx, workspaceId, null, { email: 'he.yu@demo.kemai.local', name: '何宇', password: DEMO_PASSWORD, role: 'analyst' });
    ownerIds.push(adminId, agent.id);

    const catalogue = generateCatalogue({ seed: DEMO_SEED });
    await insertCatalogue(tx, workspaceId, catalogue);
    const records = [...generateCustomerRecords({ seed: DEMO_SEED, count: DEMO_CUSTOMERS, ownerIds, catalogue, interactions: false, source: 'demo', historyYears: DEMO_HISTORY_YEARS })];
    await insertRecords(tx, workspaceId, records);
    const orders = records.reduce((sum, record) => sum + record.orders.length, 0);
    return { customers: DEMO_CUSTOMERS, orders, users: ownerIds.length, teams: DEMO_TEAMS.length, password: DEMO_PASSWORD };
  });
}

async function insertCatalogue(tx: DbOrTx, workspaceId: string, catalogue: Catalogue) {
  for (const category of catalogue.categories) await insertCategory(tx, { workspace_id: workspaceId, id: category.id, name: category.name, parent_id: null });
  for (const product of catalogue.products) {
    await insertProduct(tx, { workspace_id: workspaceId, id: product.id, sku: product.sku, name: product.name, category_id: product.categoryId, unit_price: product.unitPrice });
  }
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
}

/**
 * Table by table, each one whole before the next. A foreign-key check plans its lookup once per session: were
 * orders to go in while the customers table still looked small, every check would scan it (80 µs instead of 7).
 * ANALYZE inside the transaction tells the planner what it now holds.
 */
async function insertRecords(tx: DbOrTx, workspaceId: string, records: CustomerRecord[]) {
  await insertInBatches(records, (batch) =>
    insertCustomers(
      tx,
      batch.map(({ customer }) => ({
        workspace_id: workspaceId,
        id: customer.id,
        kind: customer.kind,
        name: customer.name,
        name_pinyin: customer.namePinyin,
        name_initials: customer.nameInitials,
        phones: customer.phones,
        emails: customer.emails,
        contact_search: contactSearchText(customer.phones, customer.emails),
        city: customer.city,
        address: customer.address,
        tags: customer.tags,
        status: customer.status,
        owner_id: customer.ownerId,
        profile: JSON.stringify(customer.profile),
        created_at: customer.createdAt,
        updated_at: customer.updatedAt,
      })),
    ),
  );
  await sql`analyze customers`.execute(tx);
  // The orders repository writes one order at a time, as the API does. Tens of thousands go in here as one
  // statement a table, each column an array unnested by PostgreSQL: a third faster than multi-row VALUES.
  const orders = records.flatMap(({ customer, orders }) => orders.map((order) => ({ customer, order })));
  const orderColumn = <T>(pick: (row: (typeof orders)[number]) => T) => orders.map(pick);
  await sql`
    insert into orders (workspace_id, id, order_no, customer_id, ordered_at, channel, status, amount, owner_id, created_at, updated_at)
    select ${workspaceId}::uuid, * from unnest(
      ${orderColumn(({ order }) => order.id)}::uuid[], ${orderColumn(({ order }) => order.orderNo)}::text[],
      ${orderColumn(({ customer }) => customer.id)}::uuid[], ${orderColumn(({ order }) => order.orderedAt.toISOString())}::timestamptz[],
      ${orderColumn(({ order }) => order.channel)}::text[], ${orderColumn(({ order }) => order.status)}::text[],
      ${orderColumn(({ order }) => order.amount)}::bigint[], ${orderColumn(({ customer }) => customer.ownerId)}::uuid[],
      ${orderColumn(({ order }) => order.orderedAt.toISOString())}::timestamptz[], ${orderColumn(({ order }) => order.updatedAt.toISOString())}::timestamptz[])
  `.execute(tx);
  await sql`analyze orders`.execute(tx);
  const lines = orders.flatMap(({ order }) => order.lines.map((line) => ({ order, line })));
  const lineColumn = <T>(pick: (row: (typeof lines)[number]) => T) => lines.map(pick);
  await sql`
    insert into order_lines (workspace_id, order_id, line_no, product_id, description, quantity, unit_price, amount)
    select ${workspaceId}::uuid, * from unnest(
      ${lineColumn(({ order }) => order.id)}::uuid[], ${lineColumn(({ line }) => line.lineNo)}::int[],
      ${lineColumn(({ line }) => line.productId)}::uuid[], ${lineColumn(({ line }) => line.description)}::text[],
      ${lineColumn(({ line }) => line.quantity)}::int[], ${lineColumn(({ line }) => line.unitPrice)}::bigint[],
      ${lineColumn(({ line }) => line.amount)}::bigint[])
  `.execute(tx);
  await recordEvents(
    tx,
    records.flatMap((record) =>
      record.events.map((event) => ({
        workspaceId,
        actor: { type: event.actorType, id: event.actorId },
        entityType: event.entityType,
        entityId: event.entityId,
        customerId: event.customerId,
        action: event.action,
        occurredAt: event.occurredAt,
        before: null,
        after: event.after,
      })),
    ),
  );
}
