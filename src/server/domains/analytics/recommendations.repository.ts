import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';

/**
 * Product recommendations from order co-occurrence: association rules mined set-wise in
 * PostgreSQL inside the analytics refresh's transaction (temporary tables, one connection),
 * and the per-customer next products they lead to. Pages read the stored results only.
 */

/** Fixed parameters of the mining, documented in docs/analytics.md. */
export const RECOMMENDATION_PARAMS = {
  /** baskets hold what a customer bought from this many months before the as-of day to its end */
  lookbackMonths: 12,
  /**
   * a basket holds a customer's most recently bought products up to this many: pairs grow with
   * the square of a basket, and a distributor buying hundreds of products says little about
   * what goes together
   */
  maxBasketProducts: 20,
  /**
   * rules are counted on every basket up to this many, and on a fixed hashed sample of about
   * this many beyond (like the CLV fit): confidence and lift are ratios a sample estimates well,
   * and the pair count, the costly part, stays bounded however many customers there are
   */
  ruleSample: 100_000,
  /** a rule needs at least this many customers (of the sample) who bought both products */
  minPairCustomers: 3,
  /** and buyers of the antecedent must be at least this much likelier than anyone to buy the consequent */
  minLift: 1.2,
  /** rules kept per antecedent product (its strongest, by confidence then lift) */
  rulesPerProduct: 10,
  /** products recommended per customer */
  perCustomer: 5,
} as const;

export type RecommendationParams = { [K in keyof typeof RECOMMENDATION_PARAMS]: number };

export interface MiningInput {
  workspaceId: string;
  refreshId: string;
  timeZone: string;
  /** YYYY-MM-DD: orders up to the end of this day (workspace time zone) count */
  asOf: string;
  params?: RecommendationParams;
}

/**
 * Replaces the workspace's association rules and run record. Products and customers get dense
 * int4 keys first, so the pair count hashes 8-byte keys:
 * 1. sample: above `ruleSample` customers who bought in the window (a counted purchase in the analysed
 *    currency, by the purchase figures the refresh keeps), a fixed hashed 1 in `sampleEvery` of all
 *    customers (sampleEvery = ⌈buyers / ruleSample⌉);
 * 2. baskets: each sampled customer's distinct catalogue products in the window (orders neither
 *    cancelled nor refunded, customers not deleted), the most recent `maxBasketProducts` of them;
 * 3. rules A → C over every ordered pair in a (sampled) basket with ≥ `minPairCustomers` customers:
 *    support = n(A∧C)/N, confidence = n(A∧C)/n(A), lift = confidence/(n(C)/N), N = baskets counted;
 *    the consequent must be active and not deleted, lift ≥ `minLift`, top `rulesPerProduct` per A.
 * A customer's offers are worked out from these rules when asked (`customerRecommendations`).
 */
export async function mineAssociationRules(tx: DbOrTx, input: MiningInput) {
  const p = input.params ?? RECOMMENDATION_PARAMS;
  const ws = input.workspaceId;
  // The statements below run with the memory the refresh gives its transaction (giveRefreshMemory).
  const windowStart = sql`((${input.asOf}::date + 1 - make_interval(months => ${p.lookbackMonths}))::date::timestamp at time zone ${input.timeZone})`;
  const windowEnd = sql`((${input.asOf}::date + 1)::timestamp at time zone ${input.timeZone})`;
  await sql`
    create temp table reco_product_keys on commit drop as
    select id, row_number() over (order by id)::int as p, (active and deleted_at is null) as offerable
    from products where workspace_id = ${ws}`.execute(tx);
  // The sample rate is decided from the customers' kept purchase figures (customer_purchase_stats, brought up to
  // asOf by the refresh before it mines): counting the window's buyers from the orders took 2.2 s at a million
  // customers. (Reading the sample's orders customer by customer instead of scanning the window's was slower:
  // 13 s against 7.6 s at scale L.)
  const windowStartDay = sql`(${input.asOf}::date + 1 - make_interval(months => ${p.lookbackMonths}))::date`;
  const buyers = (
    await sql<{ n: number }>`
      select count(*)::int as n from customer_purchase_stats where workspace_id = ${ws} and last_day >= ${windowStartDay}`.execute(tx)
  ).rows[0]!.n;
  const sampleEvery = Math.max(1, Math.ceil(buyers / p.ruleSample));
  await sql`
    create temp table reco_owned on commit drop as
    select dense_rank() over (order by customer_id)::int as c, customer_id, p, last_at
    from (
      select o.customer_id, k.p, max(o.ordered_at) as last_at
      from orders o
      join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      join reco_product_keys k on k.id = l.product_id
      where o.workspace_id = ${ws}
        and l.workspace_id = ${ws}
        and o.status not in ('cancelled', 'refunded')
        and o.ordered_at >= ${windowStart}
        and o.ordered_at < ${windowEnd}
        and (${sampleEvery}::int = 1 or abs(hashtext(o.customer_id::text)) % ${sampleEvery}::int = 0)
        and exists (select 1 from customers c where c.workspace_id = ${ws} and c.id = o.customer_id and c.deleted_at is null)
      group by o.customer_id, k.p
    ) owned`.execute(tx);
  await sql`
    create temp table reco_sample on commit drop as
    select c, p
    from (select c, p, row_number() over (partition by c order by last_at desc, p)::int as n from reco_owned) recent
    where n <= ${p.maxBasketProducts}`.execute(tx);
  // Temporary tables are never analysed by autovacuum: without statistics the joins below are planned blind.
  await sql`analyze reco_sample`.execute(tx);
  const baskets = (await sql<{ n: number }>`select count(distinct c)::int as n from reco_sample`.execute(tx)).rows[0]!.n;
  await sql`
    create temp table reco_rules on commit drop as
    select ranked.*, row_number() over (order by confidence desc, lift desc, p, a)::int as g
    from (
      select m.*, row_number() over (partition by a order by confidence desc, lift desc, p)::int as rank
      from (
        select x.a, x.p, x.pair_customers, na.customers as antecedent_customers, nc.customers as consequent_customers,
          x.pair_customers::float8 / ${baskets}::int as support,
          x.pair_customers::float8 / na.customers as confidence,
          x.pair_customers::float8 * ${baskets}::int / (na.customers::float8 * nc.customers) as lift
        from (
          select l.p as a, r.p, count(*)::int as pair_customers
          from reco_sample l
          join reco_sample r on r.c = l.c and r.p <> l.p
          group by l.p, r.p
          having count(*) >= ${p.minPairCustomers}::int
        ) x
        join (select p, count(*)::int as customers from reco_sample group by p) na on na.p = x.a
        join (select p, count(*)::int as customers from reco_sample group by p) nc on nc.p = x.p
        join reco_product_keys k on k.p = x.p and k.offerable
      ) m
      where m.lift >= ${p.minLift}::float8
    ) ranked
    where rank <= ${p.rulesPerProduct}::int`.execute(tx);
  await sql`analyze reco_rules`.execute(tx);

  await tx.deleteFrom('product_associations').where('workspace_id', '=', ws).execute();
  const rules = await sql`
    insert into product_associations (workspace_id, antecedent_id, consequent_id, pair_customers, antecedent_customers,
      consequent_customers, support, confidence, lift, rank)
    select ${ws}, ak.id, ck.id, r.pair_customers, r.antecedent_customers, r.consequent_customers, r.support, r.confidence, r.lift, r.rank
    from reco_rules r
    join reco_product_keys ak on ak.p = r.a
    join reco_product_keys ck on ck.p = r.p`.execute(tx);

  const summary = { baskets, sample_every: sampleEvery, rules: Number(rules.numAffectedRows ?? 0) };
  const run = {
    refresh_id: input.refreshId,
    as_of: input.asOf,
    lookback_months: p.lookbackMonths,
    min_pair_customers: p.minPairCustomers,
    min_lift: p.minLift,
    ...summary,
  };
  await tx
    .insertInto('recommendation_runs')
    .values({ workspace_id: ws, ...run })
    .onConflict((conflict) => conflict.column('workspace_id').doUpdateSet({ ...run, computed_at: new Date() }))
    .execute();
  return { baskets, sampleEvery, rules: summary.rules };
}

// ---------------------------------------------------------------- reads (the API)

export function findRun(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('recommendation_runs').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export type RecommendationRunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/**
 * A customer's next products, from the stored rules and the customer's own orders:
 * - owned: the catalogue products they bought from the run's window start until now (orders
 *   neither cancelled nor refunded) — never offered back, whether bought once or regularly;
 * - basket: of those, the `maxBasketProducts` most recently bought (ties by product);
 * - candidates: consequents of rules whose antecedent is in the basket, active and not deleted,
 *   minus what they own; each explained by its strongest rule (confidence, lift, then antecedent),
 *   ranked by that rule (then the product), `perCustomer` of them; `antecedents` counts the rules.
 * One customer's orders through orders_customer_idx and at most 20 × 10 rules: a few milliseconds.
 */
export function customerRecommendations(
  db: DbOrTx,
  p: { workspaceId: string; customerId: string; timeZone: string; asOf: string; lookbackMonths: number; params?: RecommendationParams },
) {
  const params = p.params ?? RECOMMENDATION_PARAMS;
  return sql<{
    score: number;
    confidence: number;
    lift: number;
    pair_customers: number;
    antecedent_customers: number;
    antecedents: number;
    product_id: string;
    product_sku: string;
    product_name: string;
    product_unit_price: number;
    product_currency: string;
    category_name: string | null;
    antecedent_id: string;
    antecedent_sku: string;
    antecedent_name: string;
  }>`
    with owned as (
      select l.product_id as id, max(o.ordered_at) as last_at
      from orders o
      join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${p.workspaceId}
        and o.customer_id = ${p.customerId}
        and o.status not in ('cancelled', 'refunded')
        and o.ordered_at >= ((${p.asOf}::date + 1 - make_interval(months => ${p.lookbackMonths}))::date::timestamp at time zone ${p.timeZone})
        and l.product_id is not null
      group by l.product_id
    ),
    basket as (select id from owned order by last_at desc, id limit ${params.maxBasketProducts}::int),
    candidates as (
      select r.*,
        count(*) over (partition by r.consequent_id)::int as antecedents,
        row_number() over (partition by r.consequent_id order by r.confidence desc, r.lift desc, r.antecedent_id) as nth
      from basket b
      join product_associations r on r.workspace_id = ${p.workspaceId} and r.antecedent_id = b.id
      where not exists (select 1 from owned o where o.id = r.consequent_id)
    )
    select r.confidence as score, r.confidence, r.lift, r.pair_customers, r.antecedent_customers, r.antecedents,
      pr.id as product_id, pr.sku as product_sku, pr.name as product_name, pr.unit_price as product_unit_price,
      pr.currency as product_currency, k.name as category_name,
      a.id as antecedent_id, a.sku as antecedent_sku, a.name as antecedent_name
    from candidates r
    join products pr on pr.workspace_id = ${p.workspaceId} and pr.id = r.consequent_id and pr.active and pr.deleted_at is null
    join products a on a.workspace_id = ${p.workspaceId} and a.id = r.antecedent_id
    left join product_categories k on k.workspace_id = pr.workspace_id and k.id = pr.category_id
    where r.nth = 1
    order by r.confidence desc, r.lift desc, r.consequent_id, r.antecedent_id
    limit ${params.perCustomer}::int`
    .execute(db)
    .then((result) => result.rows);
}

export type CustomerRecommendationRow = Awaited<ReturnType<typeof customerRecommendations>>[number];

/**
 * Whether the customer bought any catalogue product since the run's window start (the products
 * `customerRecommendations` starts from): tells "nothing in the basket" from "no rule leads
 * anywhere new". One customer's orders, through orders_customer_idx.
 */
export async function boughtProductsInWindow(db: DbOrTx, p: { workspaceId: string; customerId: string; timeZone: string; asOf: string; lookbackMonths: number }) {
  const { rows } = await sql<{ bought: boolean }>`
    select exists (
      select 1
      from orders o
      join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${p.workspaceId}
        and o.customer_id = ${p.customerId}
        and l.product_id is not null
        and o.status not in ('cancelled', 'refunded')
        and o.ordered_at >= ((${p.asOf}::date + 1 - make_interval(months => ${p.lookbackMonths}))::date::timestamp at time zone ${p.timeZone})
    ) as bought`.execute(db);
  return rows[0]!.bought;
}

export type AssociationSort = 'lift' | 'confidence' | 'support';

/** The strongest rules, optionally those with a given product on either side. */
export function listAssociations(db: DbOrTx, workspaceId: string, filter: { productId?: string; sort: AssociationSort; limit: number }) {
  const order = { lift: 'r.lift', confidence: 'r.confidence', support: 'r.support' } as const;
  let query = db
    .selectFrom('product_associations as r')
    .innerJoin('products as a', (join) => join.onRef('a.workspace_id', '=', 'r.workspace_id').onRef('a.id', '=', 'r.antecedent_id'))
    .innerJoin('products as c', (join) => join.onRef('c.workspace_id', '=', 'r.workspace_id').onRef('c.id', '=', 'r.consequent_id'))
    .select([
      'r.antecedent_id',
      'a.sku as antecedent_sku',
      'a.name as antecedent_name',
      'r.consequent_id',
      'c.sku as consequent_sku',
      'c.name as consequent_name',
      'r.pair_customers',
      'r.antecedent_customers',
      'r.consequent_customers',
      'r.support',
      'r.confidence',
      'r.lift',
      'r.rank',
    ])
    .where('r.workspace_id', '=', workspaceId)
    .orderBy(order[filter.sort], 'desc')
    .orderBy('r.pair_customers', 'desc')
    .orderBy('r.antecedent_id')
    .orderBy('r.consequent_id')
    .limit(filter.limit);
  if (filter.productId) {
    const productId = filter.productId;
    query = query.where((eb) => eb.or([eb('r.antecedent_id', '=', productId), eb('r.consequent_id', '=', productId)]));
  }
  return query.execute();
}

export type AssociationRow = Awaited<ReturnType<typeof listAssociations>>[number];
