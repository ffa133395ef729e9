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
   * a basket counts a customer's most recently bought products up to this many: a distributor
   * with hundreds of products adds hundreds² pairs and says little about what goes together
   */
  maxBasketProducts: 50,
  /** a rule needs at least this many customers who bought both products */
  minPairCustomers: 3,
  /** and buyers of the antecedent must be at least this much likelier than anyone to buy the consequent */
  minLift: 1.2,
  /** rules kept per antecedent product (its strongest, by confidence then lift) */
  rulesPerProduct: 20,
  /** products recommended per customer */
  perCustomer: 5,
} as const;

export type RecommendationParams = typeof RECOMMENDATION_PARAMS;

export interface MiningInput {
  workspaceId: string;
  refreshId: string;
  timeZone: string;
  /** YYYY-MM-DD: orders up to the end of this day (workspace time zone) count */
  asOf: string;
  params?: RecommendationParams;
}

/**
 * Replaces the workspace's rules, recommendations and run record:
 * 1. owned: each customer's distinct products in the window (orders neither cancelled nor
 *    refunded, lines with a catalogue product, customers not deleted) — never recommended back;
 * 2. baskets: of those, the customer's most recent `maxBasketProducts`;
 * 3. rules A → C over every ordered pair in a basket with ≥ `minPairCustomers` customers:
 *    support = n(A∧C)/N, confidence = n(A∧C)/n(A), lift = confidence/(n(C)/N), N = baskets;
 *    the consequent must be active and not deleted, lift ≥ `minLift`, top `rulesPerProduct` per A;
 * 4. each customer's candidates = consequents of rules whose antecedent is in their basket,
 *    minus what they own; score = the strongest such rule's confidence; top `perCustomer`.
 */
export async function replaceRecommendations(tx: DbOrTx, input: MiningInput) {
  const p = input.params ?? RECOMMENDATION_PARAMS;
  const ws = input.workspaceId;
  await sql`
    create temp table reco_owned on commit drop as
    select o.customer_id, l.product_id, max(o.ordered_at) as last_at
    from orders o
    join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
    where o.workspace_id = ${ws}
      and l.workspace_id = ${ws}
      and l.product_id is not null
      and o.status not in ('cancelled', 'refunded')
      and o.ordered_at >= ((${input.asOf}::date + 1 - make_interval(months => ${p.lookbackMonths}))::date::timestamp at time zone ${input.timeZone})
      and o.ordered_at < ((${input.asOf}::date + 1)::timestamp at time zone ${input.timeZone})
      and exists (select 1 from customers c where c.workspace_id = ${ws} and c.id = o.customer_id and c.deleted_at is null)
    group by o.customer_id, l.product_id`.execute(tx);
  await sql`
    create temp table reco_baskets on commit drop as
    select customer_id, product_id
    from (
      select customer_id, product_id, row_number() over (partition by customer_id order by last_at desc, product_id) as k
      from reco_owned
    ) recent
    where k <= ${p.maxBasketProducts}`.execute(tx);
  // Temporary tables are never analysed by autovacuum: without statistics the joins below are planned blind.
  await sql`analyze reco_owned`.execute(tx);
  await sql`analyze reco_baskets`.execute(tx);
  await sql`
    create temp table reco_products on commit drop as
    select product_id, count(*)::int as customers from reco_baskets group by product_id`.execute(tx);
  const baskets = (await sql<{ n: number }>`select count(distinct customer_id)::int as n from reco_baskets`.execute(tx)).rows[0]!.n;

  await tx.deleteFrom('customer_recommendations').where('workspace_id', '=', ws).execute();
  await tx.deleteFrom('product_associations').where('workspace_id', '=', ws).execute();
  const rules = await sql`
    insert into product_associations (workspace_id, antecedent_id, consequent_id, pair_customers, antecedent_customers,
      consequent_customers, support, confidence, lift, rank)
    select ${ws}, antecedent_id, consequent_id, pair_customers, antecedent_customers, consequent_customers, support, confidence, lift, rank
    from (
      select m.*, row_number() over (partition by antecedent_id order by confidence desc, lift desc, consequent_id) as rank
      from (
        select x.antecedent_id, x.consequent_id, x.pair_customers, a.customers as antecedent_customers, c.customers as consequent_customers,
          x.pair_customers::float8 / ${baskets} as support,
          x.pair_customers::float8 / a.customers as confidence,
          x.pair_customers::float8 * ${baskets} / (a.customers::float8 * c.customers) as lift
        from (
          select l.product_id as antecedent_id, r.product_id as consequent_id, count(*)::int as pair_customers
          from reco_baskets l
          join reco_baskets r on r.customer_id = l.customer_id and r.product_id <> l.product_id
          group by l.product_id, r.product_id
          having count(*) >= ${p.minPairCustomers}
        ) x
        join reco_products a on a.product_id = x.antecedent_id
        join reco_products c on c.product_id = x.consequent_id
        join products pr on pr.workspace_id = ${ws} and pr.id = x.consequent_id and pr.active and pr.deleted_at is null
      ) m
      where m.lift >= ${p.minLift}
    ) ranked
    where rank <= ${p.rulesPerProduct}`.execute(tx);

  const recommendations = await sql`
    insert into customer_recommendations (workspace_id, customer_id, rank, product_id, score, antecedent_id, confidence, lift,
      pair_customers, antecedent_customers, antecedents)
    select ${ws}, customer_id, rank, product_id, confidence, antecedent_id, confidence, lift, pair_customers, antecedent_customers, antecedents
    from (
      select best.*, row_number() over (partition by customer_id order by confidence desc, lift desc, product_id) as rank
      from (
        -- per (customer, candidate): the strongest rule explains it; antecedents counts them all
        select distinct on (b.customer_id, r.consequent_id)
          b.customer_id, r.consequent_id as product_id, r.antecedent_id, r.confidence, r.lift, r.pair_customers, r.antecedent_customers,
          count(*) over (partition by b.customer_id, r.consequent_id)::int as antecedents
        from reco_baskets b
        join product_associations r on r.workspace_id = ${ws} and r.antecedent_id = b.product_id
        where not exists (select 1 from reco_owned o where o.customer_id = b.customer_id and o.product_id = r.consequent_id)
        order by b.customer_id, r.consequent_id, r.confidence desc, r.lift desc, r.antecedent_id
      ) best
    ) ranked
    where rank <= ${p.perCustomer}`.execute(tx);

  const summary = {
    baskets,
    rules: Number(rules.numAffectedRows ?? 0),
    recommendations: Number(recommendations.numAffectedRows ?? 0),
  };
  await tx
    .insertInto('recommendation_runs')
    .values({
      workspace_id: ws,
      refresh_id: input.refreshId,
      as_of: input.asOf,
      lookback_months: p.lookbackMonths,
      min_pair_customers: p.minPairCustomers,
      min_lift: p.minLift,
      ...summary,
    })
    .onConflict((conflict) =>
      conflict.column('workspace_id').doUpdateSet({
        refresh_id: input.refreshId,
        as_of: input.asOf,
        lookback_months: p.lookbackMonths,
        min_pair_customers: p.minPairCustomers,
        min_lift: p.minLift,
        ...summary,
        computed_at: new Date(),
      }),
    )
    .execute();
  return summary;
}

// ---------------------------------------------------------------- reads (the API)

export function findRun(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('recommendation_runs').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export type RecommendationRunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/** A customer's stored recommendations still offerable (the product may have been withdrawn since the refresh). */
export function customerRecommendations(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_recommendations as r')
    .innerJoin('products as p', (join) => join.onRef('p.workspace_id', '=', 'r.workspace_id').onRef('p.id', '=', 'r.product_id'))
    .innerJoin('products as a', (join) => join.onRef('a.workspace_id', '=', 'r.workspace_id').onRef('a.id', '=', 'r.antecedent_id'))
    .leftJoin('product_categories as k', (join) => join.onRef('k.workspace_id', '=', 'p.workspace_id').onRef('k.id', '=', 'p.category_id'))
    .select([
      'r.rank',
      'r.score',
      'r.confidence',
      'r.lift',
      'r.pair_customers',
      'r.antecedent_customers',
      'r.antecedents',
      'p.id as product_id',
      'p.sku as product_sku',
      'p.name as product_name',
      'p.unit_price as product_unit_price',
      'p.currency as product_currency',
      'k.name as category_name',
      'a.id as antecedent_id',
      'a.sku as antecedent_sku',
      'a.name as antecedent_name',
    ])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.customer_id', '=', customerId)
    .where('p.active', '=', true)
    .where('p.deleted_at', 'is', null)
    .orderBy('r.rank')
    .execute();
}

export type CustomerRecommendationRow = Awaited<ReturnType<typeof customerRecommendations>>[number];

/**
 * Whether the customer bought any catalogue product in the run's window: tells "nothing in
 * the basket" from "no rule leads anywhere new". One customer's orders, through orders_customer_idx.
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
        and o.ordered_at < ((${p.asOf}::date + 1)::timestamp at time zone ${p.timeZone})
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
