import { type RawBuilder, sql } from 'kysely';
import type { CreditScorecardSettings, Quadrant, SelectionFactor, SelectionMatrixSettings, ValueMetric } from '../../../shared/credit-selection.ts';
import { CREDIT_CRITERIA } from '../../../shared/customer-profile.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { whereVisibleCustomer } from '../customers/customers.repository.ts';
import { normaliseWeights } from './credit.scorecard.ts';

// ---------------------------------------------------------------- one customer

/** Counted orders (neither cancelled nor refunded, in the analysed currency) of the days from..to (workspace time zone). */
export async function purchasesBetween(db: DbOrTx, p: { workspaceId: string; customerId: string; currency: string; timeZone: string; from: string; to: string }) {
  const { rows } = await sql<{ amount: number; orders: number }>`
    select coalesce(sum(o.amount), 0)::float8 as amount, count(*)::int as orders
    from orders o
    where o.workspace_id = ${p.workspaceId} and o.customer_id = ${p.customerId}
      and o.status not in ('cancelled', 'refunded')
      and o.currency = ${p.currency}
      and o.ordered_at >= (${p.from}::date::timestamp at time zone ${p.timeZone})
      and o.ordered_at < ((${p.to}::date + 1)::timestamp at time zone ${p.timeZone})`.execute(db);
  return rows[0]!;
}

// ---------------------------------------------------------------- set-wise, for the refresh

/**
 * The 5C credit score of `customers as c` in SQL, the same arithmetic as scoreCredit:
 * 25·(rating − 1) points per C, the weighted mean over the given ratings of the
 * criteria with weight > 0, null for persons and with fewer than minInputs ratings.
 */
export function creditScoreSql(scorecard: CreditScorecardSettings): RawBuilder<number | null> {
  const weights = normaliseWeights(scorecard.weights);
  const counted = CREDIT_CRITERIA.filter((c) => weights[c] > 0);
  const rating = (c: string) =>
    sql`(case when jsonb_typeof(c.profile -> 'credit' -> ${c}::text -> 'score') = 'number' then (c.profile -> 'credit' -> ${c}::text ->> 'score')::float8 end)`;
  const given = sql.join(counted.map((c) => sql`(${rating(c)} is not null)::int`), sql` + `);
  const givenWeight = sql.join(counted.map((c) => sql`(case when ${rating(c)} is not null then ${weights[c]}::float8 else 0 end)`), sql` + `);
  const points = sql.join(counted.map((c) => sql`coalesce(${weights[c]}::float8 * 25 * (${rating(c)} - 1), 0)`), sql` + `);
  return sql<number | null>`(case when c.kind = 'organization' and (${given}) >= ${scorecard.minInputs}::int and (${givenWeight}) > 0
    then round(((${points}) / (${givenWeight}))::numeric, 1)::float8 end)`;
}

const contains = (column: RawBuilder<string | null>, terms: string[]) =>
  sql`(case when nullif(trim(${column}), '') is null then null
    when exists (select 1 from unnest(${terms}::text[]) as term where position(lower(term) in lower(${column})) > 0) then 1 else 0 end)::float8`;

/** A factor's score 0–1 of the row `b` (customer columns and its credit_score), null when unknown. */
function factorSql(factor: SelectionFactor) {
  switch (factor.key) {
    case 'service_city':
      return contains(sql`b.city`, factor.cities);
    case 'target_industry':
      return contains(sql`(case when b.kind = 'organization' then b.profile ->> 'industry' else b.profile -> 'career' ->> 'industry' end)`, factor.industries);
    case 'company_size': {
      const sizes = Object.entries(factor.scores).map(([size, score]) => sql`when ${size}::text then ${score}::float8`);
      return sql`(case when b.kind = 'organization' then (case b.profile ->> 'size' ${sql.join(sizes, sql` `)} end) end)`;
    }
    case 'credit_score':
      return sql`(b.credit_score / 100.0)::float8`;
  }
}

export async function valueMetricFor(tx: DbOrTx, workspaceId: string, wanted: ValueMetric): Promise<ValueMetric> {
  if (wanted !== 'clv') return wanted;
  const row = await tx.selectFrom('customer_scores').select('customer_id').where('workspace_id', '=', workspaceId).where('clv', 'is not', null).limit(1).executeTakeFirst();
  return row ? 'clv' : 'monetary';
}

const METRIC_SQL: Record<ValueMetric, RawBuilder<number>> = {
  // customers the model gave no CLV count as 0
  clv: sql`coalesce(s.clv, 0)::float8`,
  monetary: sql`s.monetary::float8`,
  // the 364 days to the refresh date (two halves of 182 days)
  trailing_year: sql`(s.spend_recent + s.spend_previous)::float8`,
};

/**
 * Rebuilds the matrix placement of the workspace's scored customers in one statement:
 * value percentile of the metric, the factors, the fit (weighted mean of the known
 * factors, 0–100) and the credit score.
 */
export async function replaceSelection(tx: DbOrTx, p: { workspaceId: string; refreshId: string; metric: ValueMetric; matrix: SelectionMatrixSettings; scorecard: CreditScorecardSettings }) {
  await tx.deleteFrom('customer_selection').where('workspace_id', '=', p.workspaceId).execute();
  const factors = p.matrix.factors.filter((factor) => factor.weight > 0);
  const columns = factors.map((factor, i) => sql`${factorSql(factor)} as ${sql.ref(`f${i}`)}`);
  const weighted = sql.join(factors.map((factor, i) => sql`${factor.weight}::float8 * coalesce(${sql.ref(`f${i}`)}, 0)`), sql` + `);
  const known = sql.join(factors.map((factor, i) => sql`(case when ${sql.ref(`f${i}`)} is not null then ${factor.weight}::float8 else 0 end)`), sql` + `);
  const scores = sql.join(factors.map((factor, i) => sql`${factor.key}::text, ${sql.ref(`f${i}`)}`));
  await sql`
    insert into customer_selection (workspace_id, customer_id, refresh_id, value_metric, value_amount, value_pct, fit, credit_score, factor_scores)
    select ${p.workspaceId}, customer_id, ${p.refreshId}, ${p.metric}, amount, 100 * percent_rank() over (order by amount), fit, credit_score, factor_scores
    from (
      select f.customer_id, f.amount, f.credit_score,
        case when (${known}) > 0 then least(100, 100 * (${weighted}) / (${known})) end as fit,
        jsonb_build_object(${scores}) as factor_scores
      from (
        select b.customer_id, b.amount, b.credit_score, ${sql.join(columns)}
        from (
          select s.customer_id, ${METRIC_SQL[p.metric]} as amount, c.city, c.kind, c.profile, ${creditScoreSql(p.scorecard)} as credit_score
          from customer_scores s
          join customers c on c.workspace_id = s.workspace_id and c.id = s.customer_id and c.deleted_at is null
          where s.workspace_id = ${p.workspaceId}
        ) b
      ) f
    ) placed
    -- in key order, as the scores are written (refresh.repository)
    order by customer_id`.execute(tx);
  // Fresh statistics in the same transaction: without them the planner takes the rebuilt
  // table for a few hundred rows and the matrix counts loop over customers row by row
  // (2.2 s instead of a hash join at 67k placed customers).
  await sql`analyze customer_selection`.execute(tx);
}

// ---------------------------------------------------------------- reading the matrix

export interface MatrixFilter {
  teamId?: string;
  ownerId?: string;
}

/** The placements of the customers the actor may see (the customers domain's scope), narrowed to a team or an owner. */
function scopedSelection(db: DbOrTx, actor: Actor, filter: MatrixFilter) {
  const rows = db
    .selectFrom('customer_selection as s')
    .innerJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 's.workspace_id').onRef('c.id', '=', 's.customer_id'))
    .where('s.workspace_id', '=', actor.workspaceId);
  return whereVisibleCustomer(rows, db, actor, filter);
}

export interface Thresholds {
  valueMin: number;
  fitMin: number;
}

const QUADRANT_SQL = (t: Thresholds) => ({
  A: sql<boolean>`s.fit is not null and s.value_pct >= ${t.valueMin} and s.fit >= ${t.fitMin}`,
  B: sql<boolean>`s.fit is not null and s.value_pct >= ${t.valueMin} and s.fit < ${t.fitMin}`,
  C: sql<boolean>`s.fit is not null and s.value_pct < ${t.valueMin} and s.fit >= ${t.fitMin}`,
  D: sql<boolean>`s.fit is not null and s.value_pct < ${t.valueMin} and s.fit < ${t.fitMin}`,
});

export const quadrantSql = (t: Thresholds) =>
  sql<Quadrant>`case when s.value_pct >= ${t.valueMin} then (case when s.fit >= ${t.fitMin} then 'A' else 'B' end) else (case when s.fit >= ${t.fitMin} then 'C' else 'D' end) end`;

export async function quadrantCounts(db: DbOrTx, actor: Actor, filter: MatrixFilter, t: Thresholds) {
  const q = QUADRANT_SQL(t);
  const row = await scopedSelection(db, actor, filter)
    .select([
      sql<number>`count(*) filter (where ${q.A})::int`.as('A'),
      sql<number>`count(*) filter (where ${q.B})::int`.as('B'),
      sql<number>`count(*) filter (where ${q.C})::int`.as('C'),
      sql<number>`count(*) filter (where ${q.D})::int`.as('D'),
      sql<number>`count(*) filter (where s.fit is null)::int`.as('unrated'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/** About `size` placed customers: 1 in `every` by a hash of the id (the same ones each time), at most `size`. */
export function samplePoints(db: DbOrTx, actor: Actor, filter: MatrixFilter, t: Thresholds, every: number, size: number) {
  let query = scopedSelection(db, actor, filter)
    .where('s.fit', 'is not', null)
    .select(['s.customer_id', 'c.name', 's.value_pct', 's.fit', quadrantSql(t).as('quadrant')])
    .limit(size);
  if (every > 1) query = query.where(sql<boolean>`abs(hashtext(s.customer_id::text)) % ${every}::int = 0`);
  return query.execute();
}

/** One quadrant's customers, highest value first, keyset-paged on (value_pct, customer_id). */
export function quadrantPage(db: DbOrTx, actor: Actor, filter: MatrixFilter, t: Thresholds, quadrant: Quadrant, limit: number, after: { value: number; id: string } | null) {
  let query = scopedSelection(db, actor, filter)
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'c.workspace_id').onRef('owner.id', '=', 'c.owner_id'))
    .where(QUADRANT_SQL(t)[quadrant])
    .select(['s.customer_id', 'c.name', 'owner.name as owner_name', 's.value_pct', 's.value_amount', 's.fit', 's.credit_score', 's.factor_scores'])
    .orderBy('s.value_pct', 'desc')
    .orderBy('s.customer_id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(s.value_pct, s.customer_id) < (${after.value}::float8, ${after.id}::uuid)`);
  return query.execute();
}

export async function currentValueMetric(db: DbOrTx, workspaceId: string) {
  const row = await db.selectFrom('customer_selection').select('value_metric').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  return row?.value_metric ?? null;
}
