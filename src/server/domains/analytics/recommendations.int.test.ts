import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import * as analytics from './analytics.repository.ts';
import { RECOMMENDATION_PARAMS, mineAssociationRules } from './recommendations.repository.ts';
import { refreshWorkspace, runRefresh } from './refresh.service.ts';

const AS_OF = '2026-06-30';
// the window is the 12 months to the end of AS_OF: from 2025-07-01 00:00 Shanghai time

let ctx: TestContext;
let repA: Awaited<ReturnType<TestContext['userSession']>>;
let repB: Awaited<ReturnType<TestContext['userSession']>>;

const PRODUCTS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
type Product = (typeof PRODUCTS)[number];
const productIds = {} as Record<Product, string>;
const productName = (p: Product) => `产品${p}`;

/**
 * Baskets (distinct products bought in the window), N = 11 customers with a basket.
 * P6 is inactive: it may explain an offer but is never offered.
 *   c1 P1 P2 P3 P6     c2 P1 P2 P3 P6     c3 P1 P2 P6     c4 P1 P3      c5 P4 (+ a cancelled P1 P2 order)
 *   c6 P4              c7 P4 P5           c8 P1 P6        c9 P1 P2 P2 (P2 in two orders: bought regularly)
 *   c10 P3 (on the window's first day)    c12 P3 P6
 *   c11 bought P1 P2 only before the window: no basket.
 * Customers per product: P1 6 (c1 c2 c3 c4 c8 c9), P2 4 (c1 c2 c3 c9), P3 5 (c1 c2 c4 c10 c12), P4 3, P5 1, P6 5 (c1 c2 c3 c8 c12).
 * Pairs with ≥ 3 customers: P1·P2 4 (c1 c2 c3 c9), P1·P3 3 (c1 c2 c4), P1·P6 4 (c1 c2 c3 c8), P2·P6 3 (c1 c2 c3), P3·P6 3 (c1 c2 c12).
 * Rules, lift = pair·N / (n(A)·n(C)), kept when lift ≥ 1.2 and the consequent is active:
 *   P1→P2 conf 4/6 lift 44/24      P2→P1 conf 4/4 lift 44/24
 *   P6→P1 conf 4/5 lift 44/30      P6→P2 conf 3/5 lift 33/20      P6→P3 conf 3/5 lift 33/25
 *   not kept: P1→P3 and P3→P1 (lift 33/30 = 1.1), P1→P6, P2→P6, P3→P6 (P6 inactive), P2·P3 (2 customers).
 */
const BASKETS: Record<string, Array<{ day: string; products: Product[]; status?: 'cancelled' }>> = {
  c1: [{ day: '2026-01-10', products: ['P1', 'P2'] }, { day: '2026-03-10', products: ['P3', 'P6'] }],
  c2: [{ day: '2026-02-10', products: ['P1', 'P2', 'P3', 'P6'] }],
  c3: [{ day: '2026-02-11', products: ['P1', 'P2', 'P6'] }],
  c4: [{ day: '2026-02-12', products: ['P1'] }, { day: '2026-05-12', products: ['P3'] }],
  c5: [{ day: '2026-02-13', products: ['P4'] }, { day: '2026-04-13', products: ['P1', 'P2'], status: 'cancelled' }],
  c6: [{ day: '2026-02-14', products: ['P4'] }],
  c7: [{ day: '2026-02-15', products: ['P4', 'P5'] }],
  c8: [{ day: '2026-02-16', products: ['P1'] }, { day: '2026-06-16', products: ['P6'] }],
  c9: [{ day: '2026-02-17', products: ['P1', 'P2'] }, { day: '2026-05-17', products: ['P2'] }],
  c10: [{ day: '2025-07-01', products: ['P3'] }],
  c11: [{ day: '2025-06-30', products: ['P1', 'P2'] }],
  c12: [{ day: '2026-03-18', products: ['P3', 'P6'] }],
};
const customerIds: Record<string, string> = {};

let orderCounter = 0;
async function insertOrder(db: Db, workspaceId: string, customerId: string, day: string, products: string[], status: 'completed' | 'cancelled' = 'completed') {
  const orderId = uuidv7();
  await db
    .insertInto('orders')
    .values({ workspace_id: workspaceId, id: orderId, order_no: `R${++orderCounter}`, customer_id: customerId, ordered_at: `${day}T10:00:00+08:00`, status, amount: 10_000 * products.length + 500 })
    .execute();
  await db
    .insertInto('order_lines')
    .values([
      ...products.map((productId, k) => ({ workspace_id: workspaceId, order_id: orderId, line_no: k + 1, product_id: productId, description: '产品', quantity: 1, unit_price: 10_000, amount: 10_000 })),
      // a free-text line (no product) counts for nothing here
      { workspace_id: workspaceId, order_id: orderId, line_no: products.length + 1, product_id: null, description: '运费', quantity: 1, unit_price: 500, amount: 500 },
    ])
    .execute();
}

async function refresh(asOf = AS_OF) {
  const row = await analytics.insertRefresh(ctx.db, { workspaceId: ctx.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf });
  await runRefresh(ctx.db, ctx.workspaceId, row.id);
}

const nameOf = (id: string) => PRODUCTS.find((p) => productIds[p] === id);

async function rules() {
  const rows = await ctx.db.selectFrom('product_associations').selectAll().where('workspace_id', '=', ctx.workspaceId).execute();
  return Object.fromEntries(rows.map((row) => [`${nameOf(row.antecedent_id)}→${nameOf(row.consequent_id)}`, row]));
}

/** Every customer's offers as the API answers them: customer → product ids, best first. */
async function allOffers() {
  const out: Record<string, string[]> = {};
  for (const customer of Object.keys(BASKETS)) {
    const body = (await recommendationsOf(customer)).json();
    out[customer] = body.items.map((item: { product: { id: string } }) => item.product.id);
  }
  return out;
}

async function recommendationsOf(customer: string, session = ctx.admin) {
  const response = await session.request('GET', `/api/analytics/customers/${customerIds[customer]}/recommendations`);
  return response;
}

beforeAll(async () => {
  ctx = await createTestContext();
  repA = await ctx.userSession('sales_rep');
  repB = await ctx.userSession('sales_rep');
  for (const p of PRODUCTS) {
    productIds[p] = uuidv7();
    await ctx.db
      .insertInto('products')
      .values({ workspace_id: ctx.workspaceId, id: productIds[p], sku: `SKU-${p}`, name: productName(p), category_id: null, unit_price: 10_000, active: p !== 'P6' })
      .execute();
  }
  for (const [customer, orders] of Object.entries(BASKETS)) {
    customerIds[customer] = uuidv7();
    await ctx.db
      .insertInto('customers')
      .values({
        workspace_id: ctx.workspaceId,
        id: customerIds[customer],
        kind: 'person',
        name: `推荐客户${customer}`,
        city: null,
        address: null,
        // rep A owns c8; the others belong to the admin
        owner_id: customer === 'c8' ? repA.userId : ctx.adminId,
        profile: '{}',
        relationship_type: null,
        value_class: null,
        lifecycle_stage: null,
        custom_fields: '{}',
      })
      .execute();
    for (const order of orders) {
      await insertOrder(ctx.db, ctx.workspaceId, customerIds[customer]!, order.day, order.products.map((p) => productIds[p]), order.status ?? 'completed');
    }
  }
});

describe('product recommendations', () => {
  it('says none were computed before the first refresh', async () => {
    const response = await recommendationsOf('c8');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'not_computed', asOf: null, items: [] });
  });

  it('mines the rules with support, confidence and lift as computed by hand, in a step of its own', async () => {
    const row = await analytics.insertRefresh(ctx.db, { workspaceId: ctx.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf: AS_OF });
    const steps: string[] = [];
    const summary = await refreshWorkspace(ctx.db, ctx.workspaceId, row.id, AS_OF, async (step) => void steps.push(step));
    expect(steps).toContain('recommendations');
    expect(summary.recommendations).toEqual({ baskets: 11, sampleEvery: 1, rules: 5 });

    const r = await rules();
    expect(Object.keys(r).sort()).toEqual(['P1→P2', 'P2→P1', 'P6→P1', 'P6→P2', 'P6→P3']);
    const N = 11;
    const expected = {
      'P1→P2': { pair: 4, a: 6, c: 4, rank: 1 },
      'P2→P1': { pair: 4, a: 4, c: 6, rank: 1 },
      'P6→P1': { pair: 4, a: 5, c: 6, rank: 1 },
      'P6→P2': { pair: 3, a: 5, c: 4, rank: 2 },
      'P6→P3': { pair: 3, a: 5, c: 5, rank: 3 },
    };
    for (const [key, e] of Object.entries(expected)) {
      const rule = r[key]!;
      expect([rule.pair_customers, rule.antecedent_customers, rule.consequent_customers, rule.rank], key).toEqual([e.pair, e.a, e.c, e.rank]);
      expect(rule.support, key).toBeCloseTo(e.pair / N, 12);
      expect(rule.confidence, key).toBeCloseTo(e.pair / e.a, 12);
      expect(rule.lift, key).toBeCloseTo((e.pair * N) / (e.a * e.c), 12);
    }
    // the same numbers, written out: P1→P2 support 4/11, confidence 2/3, lift 11/6
    expect(r['P1→P2']!.support).toBeCloseTo(0.363636, 5);
    expect(r['P1→P2']!.confidence).toBeCloseTo(0.666667, 5);
    expect(r['P1→P2']!.lift).toBeCloseTo(1.833333, 5);
  });

  it('ranks a customer’s offers by the strongest rule’s confidence and explains them in plain words', async () => {
    const c8 = (await recommendationsOf('c8')).json();
    expect(c8.status).toBe('ready');
    expect(c8.asOf).toBe(AS_OF);
    expect(c8.lookbackMonths).toBe(12);
    // P2 via P1 (4/6) beats P2 via P6 (3/5); P3 via P6 (3/5); P1 and P6 are the customer's own
    expect(c8.items.map((item: { product: { sku: string } }) => item.product.sku)).toEqual(['SKU-P2', 'SKU-P3']);
    expect(c8.items[0]).toMatchObject({ rank: 1, antecedent: { sku: 'SKU-P1', name: '产品P1' }, pairCustomers: 4, antecedentCustomers: 6, antecedents: 2 });
    expect(c8.items[0].score).toBeCloseTo(4 / 6, 12);
    expect(c8.items[0].lift).toBeCloseTo(44 / 24, 12);
    expect(c8.items[0].reason).toBe('买过「产品P1」的客户中 67% 也买了「产品P2」（提升度 1.8）；该客户买过的另外 1 种产品也指向它');
    expect(c8.items[0].reasonEn).toBe("67% of customers who bought 产品P1 also bought 产品P2 (lift 1.8); 1 more of this customer's products point to it");
    expect(c8.items[1]).toMatchObject({ rank: 2, antecedent: { sku: 'SKU-P6' }, antecedents: 1, reason: '买过「产品P6」的客户中 60% 也买了「产品P3」（提升度 1.3）' });

    // confidence first: P1 (4/5, lift 1.47) before P2 (3/5, lift 1.65)
    const c12 = (await recommendationsOf('c12')).json();
    expect(c12.items.map((item: { product: { sku: string }; score: number }) => [item.product.sku, Number(item.score.toFixed(4))])).toEqual([
      ['SKU-P1', 0.8],
      ['SKU-P2', 0.6],
    ]);
    expect((await recommendationsOf('c4')).json().items.map((item: { product: { sku: string } }) => item.product.sku)).toEqual(['SKU-P2']);
    expect((await recommendationsOf('c3')).json().items.map((item: { product: { sku: string } }) => item.product.sku)).toEqual(['SKU-P3']);
  });

  it('never offers what the customer already buys, nor an inactive product', async () => {
    // c9 bought P2 in two orders (and P1 once): P1→P2 and P2→P1 lead only to what it owns
    const c9 = (await recommendationsOf('c9')).json();
    expect(c9).toMatchObject({ status: 'nothing_new', items: [] });
    const offers = await allOffers();
    const stored = Object.entries(offers).flatMap(([customer, products]) => products.map((product_id) => ({ customer_id: customerIds[customer]!, product_id })));
    expect(stored.filter((row) => row.customer_id === customerIds.c9)).toEqual([]);
    // P6 is bought with P1 by 4 of 6 customers, but inactive: in no rule as consequent, offered to no one
    expect(stored.some((row) => row.product_id === productIds.P6)).toBe(false);
    // every offer is a product the customer did not buy in the window
    const owned = new Set(
      Object.entries(BASKETS).flatMap(([customer, orders]) =>
        orders.filter((o) => o.status !== 'cancelled' && o.day >= '2025-07-01').flatMap((o) => o.products.map((p) => `${customerIds[customer]}:${productIds[p]}`)),
      ),
    );
    expect(stored.filter((row) => owned.has(`${row.customer_id}:${row.product_id}`))).toEqual([]);
    // c3 P3, c4 P2, c8 P2 P3, c12 P1 P2
    expect(stored).toHaveLength(6);
  });

  it('stops offering a product as soon as the customer buys it, without waiting for the next refresh', async () => {
    const skus = async () => (await recommendationsOf('c8')).json().items.map((item: { product: { sku: string } }) => item.product.sku);
    expect(await skus()).toEqual(['SKU-P2', 'SKU-P3']);
    const orderId = uuidv7();
    await ctx.db
      .insertInto('orders')
      .values({ workspace_id: ctx.workspaceId, id: orderId, order_no: `R${++orderCounter}`, customer_id: customerIds.c8!, ordered_at: '2026-07-05T10:00:00+08:00', status: 'completed', amount: 10_000 })
      .execute();
    await ctx.db
      .insertInto('order_lines')
      .values({ workspace_id: ctx.workspaceId, order_id: orderId, line_no: 1, product_id: productIds.P3, description: '产品', quantity: 1, unit_price: 10_000, amount: 10_000 })
      .execute();
    expect(await skus()).toEqual(['SKU-P2']);
    // a cancelled order is no purchase: P3 is offered again
    await ctx.db.updateTable('orders').set({ status: 'cancelled' }).where('workspace_id', '=', ctx.workspaceId).where('id', '=', orderId).execute();
    expect(await skus()).toEqual(['SKU-P2', 'SKU-P3']);
  });

  it('says why a list is empty', async () => {
    // c11 bought only before the window; c10 bought P3, from which no rule leads
    expect((await recommendationsOf('c11')).json()).toMatchObject({ status: 'no_recent_products', items: [] });
    expect((await recommendationsOf('c10')).json()).toMatchObject({ status: 'nothing_new', items: [] });
  });

  it('shows a rep the offers of their own customer and answers 404 for a colleague’s', async () => {
    expect((await recommendationsOf('c8', repA)).statusCode).toBe(200);
    expect((await recommendationsOf('c8', repB)).statusCode).toBe(404);
    expect((await recommendationsOf('c12', repA)).statusCode).toBe(404);
    expect((await ctx.admin.request('GET', `/api/analytics/customers/${uuidv7()}/recommendations`)).statusCode).toBe(404);
  });

  it('lists the rules for analysts, filtered by product and sorted by lift', async () => {
    const response = await ctx.admin.request('GET', `/api/analytics/product-associations?productId=${productIds.P6}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ asOf: AS_OF, lookbackMonths: 12, baskets: 11, sampleEvery: 1, minPairCustomers: 3, minLift: 1.2 });
    expect(body.items.map((item: { antecedent: { sku: string }; consequent: { sku: string } }) => `${item.antecedent.sku}→${item.consequent.sku}`)).toEqual([
      'SKU-P6→SKU-P2',
      'SKU-P6→SKU-P1',
      'SKU-P6→SKU-P3',
    ]);
    const byConfidence = (await ctx.admin.request('GET', '/api/analytics/product-associations?sort=confidence&limit=2')).json();
    expect(byConfidence.items.map((item: { confidence: number }) => item.confidence)).toEqual([1, 0.8]);
    expect((await ctx.admin.request('GET', '/api/analytics/product-associations?productId=nope&sort=best')).json().errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'productId',
      'sort',
    ]);
    expect((await repA.request('GET', '/api/analytics/product-associations')).statusCode).toBe(403);
  });

  it('replaces the rules on each refresh: the same rows again, and none left from before when the data change', async () => {
    const before = await rules();
    const offersBefore = await allOffers();
    await refresh();
    expect(await rules()).toEqual(before);
    expect(await allOffers()).toEqual(offersBefore);

    // P2 withdrawn: the next refresh drops every rule and offer leading to it
    await ctx.db.updateTable('products').set({ active: false }).where('workspace_id', '=', ctx.workspaceId).where('id', '=', productIds.P2).execute();
    await refresh();
    const after = await rules();
    expect(Object.keys(after).sort()).toEqual(['P2→P1', 'P6→P1', 'P6→P3']);
    expect(after['P6→P3']!.rank).toBe(2);
    const c8 = (await recommendationsOf('c8')).json();
    expect(c8.items.map((item: { product: { sku: string } }) => item.product.sku)).toEqual(['SKU-P3']);
    expect(Object.values(await allOffers()).flat()).not.toContain(productIds.P2);
    const run = await ctx.db.selectFrom('recommendation_runs').selectAll().where('workspace_id', '=', ctx.workspaceId).execute();
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ baskets: 11, rules: 3, as_of: AS_OF });
  });

  it('leaves the current offers alone when a past day is rescored', async () => {
    const before = await rules();
    await refresh('2026-03-31');
    expect(await rules()).toEqual(before);
    expect((await ctx.db.selectFrom('recommendation_runs').select('as_of').where('workspace_id', '=', ctx.workspaceId).executeTakeFirstOrThrow()).as_of).toBe(AS_OF);
  });

  it('counts the rules on a fixed hashed sample of the baskets when there are more than it wants', async () => {
    const refreshId = (await analytics.latestRefresh(ctx.db, ctx.workspaceId, 'succeeded'))!.id;
    const params = { ...RECOMMENDATION_PARAMS, ruleSample: 4, minPairCustomers: 1, minLift: 0 };
    const summary = await ctx.db.transaction().execute((tx) => mineAssociationRules(tx, { workspaceId: ctx.workspaceId, refreshId, timeZone: 'Asia/Shanghai', asOf: AS_OF, params }));
    // 11 baskets, about 4 wanted: 1 in ⌈11/4⌉ = 3, chosen by a hash of the customer id
    expect(summary.sampleEvery).toBe(3);
    const withBasket = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c12'].map((c) => customerIds[c]!);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from unnest(${withBasket}::uuid[]) as id where abs(hashtext(id::text)) % 3 = 0`.execute(ctx.db);
    expect(summary.baskets).toBe(rows[0]!.n);
    for (const rule of Object.values(await rules())) expect(rule.support).toBeCloseTo(rule.pair_customers / summary.baskets, 12);
    expect(await ctx.db.selectFrom('recommendation_runs').select(['sample_every', 'baskets']).where('workspace_id', '=', ctx.workspaceId).executeTakeFirst()).toEqual({
      sample_every: 3,
      baskets: summary.baskets,
    });
  });
});
