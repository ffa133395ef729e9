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
    let orders = 0;
    let batch: CustomerRecord[] = [];
    for (const record of generateCustomerRecords({ seed: DEMO_SEED, count: DEMO_CUSTOMERS, ownerIds, catalogue, interactions: false, source: 'demo' })) {
      batch.push(record);
      orders += record.orders.length;
      if (batch.length === 500) {
        await insertRecords(tx, workspaceId, batch);
        batch = [];
      }
    }
    await insertRecords(tx, workspaceId, batch);
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

async function insertRecords(tx: DbOrTx, workspaceId: string, records: CustomerRecord[]) {
  if (records.length === 0) return;
  await insertCustomers(
    tx,
    records.map(({ customer }) => ({
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
  );
  // The orders repository writes one order at a time, as the API does; thousands go in batches here.
  const orders = records.flatMap(({ customer, orders }) => orders.map((order) => ({ customer, order })));
  await insertInBatches(orders, (batch) =>
    tx
      .insertInto('orders')
      .values(
        batch.map(({ customer, order }) => ({
          workspace_id: workspaceId,
          id: order.id,
          order_no: order.orderNo,
          customer_id: customer.id,
          ordered_at: order.orderedAt,
          channel: order.channel,
          status: order.status,
          amount: order.amount,
          owner_id: customer.ownerId,
          created_at: order.orderedAt,
          updated_at: order.updatedAt,
        })),
      )
      .execute(),
  );
  const lines = orders.flatMap(({ order }) => order.lines.map((line) => ({ order, line })));
  await insertInBatches(lines, (batch) =>
    tx
      .insertInto('order_lines')
      .values(
        batch.map(({ order, line }) => ({
          workspace_id: workspaceId,
          order_id: order.id,
          line_no: line.lineNo,
          product_id: line.productId,
          description: line.description,
          quantity: line.quantity,
          unit_price: line.unitPrice,
          amount: line.amount,
        })),
      )
      .execute(),
  );
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
