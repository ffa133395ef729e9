import { type RawBuilder, sql } from 'kysely';
import type { RfmThresholds } from '../../../shared/analytics.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { daysBefore } from '../../lib/dates.ts';

/**
 * The SQL of a score refresh. Everything per customer is computed set-wise in
 * PostgreSQL, in the refresh's transaction (one connection): the customers' kept purchase
 * figures (customer_purchase_stats) and temporary tables; only the model fit and the
 * per-(x, T) CLV factors are computed in TypeScript.
 */

export interface StageParams {
  workspaceId: string;
  timeZone: string;
  /** YYYY-MM-DD: orders up to the end of this day (workspace time zone) count */
  asOf: string;
  currency: string;
}

/** One refresh per workspace at a time; the second waits for the first to commit. */
export async function lockWorkspace(tx: DbOrTx, workspaceId: string) {
  await sql`select pg_advisory_xact_lock(hashtext('kemai.analytics.refresh'), hashtext(${workspaceId}))`.execute(tx);
}

/**
 * The refresh's sorts and hash aggregates (millions of purchase days at a million customers) get
 * 256 MB each instead of the server's default 4 MB: with 4 MB the purchase-day aggregate alone spilled
 * 33 batches to disk at 100k customers. SET LOCAL: only the refresh's transaction gets it.
 */
export async function giveRefreshMemory(tx: DbOrTx) {
  await sql`set local work_mem = '256MB'`.execute(tx);
}

export const NO_OWNER = '00000000-0000-0000-0000-000000000000';

/** Days in a spend window: "recent" spend is the last 182 to asOf (two quarters), "previous" the 182 before. */
const SPEND_WINDOW_DAYS = 182;

/** The start of calendar day `day` (a date expression) in the workspace's zone, as a timestamptz. */
const dayStart = (day: RawBuilder<unknown>, timeZone: string) => sql`((${day})::timestamp at time zone ${timeZone})`;

/** Orders `o` that count as purchases: neither cancelled nor refunded, in the analysed currency, up to the end of asOf. */
const countedOrders = (p: StageParams) => sql`o.workspace_id = ${p.workspaceId}
    and o.status not in ('cancelled', 'refunded')
    and o.currency = ${p.currency}
    and o.ordered_at < ${dayStart(sql`${p.asOf}::date + 1`, p.timeZone)}`;

/**
 * How the customers were staged: `rebuilt` derived every customer's purchase stats from the orders (the first
 * refresh, or the zone or currency changed), `incremental` re-derived only the changed ones, `backdated` (a day
 * before the stats' own) read the orders into temporary tables and left the stats alone.
 */
export type StageMode = 'rebuilt' | 'incremental' | 'backdated';

/**
 * Stages one row per live customer with counted orders in analytics_customers, from the kept purchase stats
 * (customer_purchase_stats, migration 0023) brought up to asOf, or from the orders for a back-dated refresh.
 * A purchase day is a customer's day with orders that are neither cancelled nor refunded, in the analysed
 * currency, up to the end of asOf (same-day orders merge, as BG/NBD wants). "Recent" spend is the last 182 days
 * (two quarters) to asOf, "previous" the 182 before.
 */
export async function stageCustomers(tx: DbOrTx, p: StageParams) {
  const state = (
    await sql<{ as_of: string; time_zone: string; currency: string }>`
      select as_of::text, time_zone, currency from analytics_purchase_state where workspace_id = ${p.workspaceId}`.execute(tx)
  ).rows[0];
  let mode: StageMode;
  let changed: { rederived: number; shifted: number } | null = null;
  let stats = sql`(select * from customer_purchase_stats where workspace_id = ${p.workspaceId})`;
  if (state && p.asOf < state.as_of) {
    mode = 'backdated';
    stats = sql`(${derivedStats(p, 'all')})`;
  } else {
    if (state && state.time_zone === p.timeZone && state.currency.trim() === p.currency) {
      mode = 'incremental';
      changed = await updatePurchaseStats(tx, p, state.as_of);
    } else {
      mode = 'rebuilt';
      await rebuildPurchaseStats(tx, p);
    }
    await tx.deleteFrom('analytics_purchase_state').where('workspace_id', '=', p.workspaceId).execute();
    await tx.insertInto('analytics_purchase_state').values({ workspace_id: p.workspaceId, currency: p.currency, time_zone: p.timeZone, as_of: p.asOf }).execute();
  }
  await withSettings(tx, mode === 'backdated' ? { timezone: p.timeZone, ...SORTED_STREAM } : {}, () =>
    sql`
      create temp table analytics_customers on commit drop as
      select customer_id, first_day, last_day, purchase_days, orders, monetary, first_day_amount, spend_recent, spend_previous,
        nullif(owner_key, ${NO_OWNER}::uuid) as owner_id
      from ${stats} s`.execute(tx),
  );
  // Temporary tables get no statistics from autovacuum: without them the joins below are planned blind.
  await sql`analyze analytics_customers`.execute(tx);
  const { rows } = await sql<{ n: number; repeat: number }>`
    select count(*)::int as n, (count(*) filter (where purchase_days > 1))::int as repeat from analytics_customers`.execute(tx);
  return { customers: rows[0]!.n, repeatBuyers: rows[0]!.repeat, mode, changed };
}

/**
 * Runs statements with settings of this transaction's (the session's zone set to the workspace's, say), and
 * puts them back to their defaults after.
 */
async function withSettings(tx: DbOrTx, settings: Record<string, string>, run: () => Promise<unknown>) {
  for (const [name, value] of Object.entries(settings)) await sql`select set_config(${name}, ${value}, true)`.execute(tx);
  await run();
  for (const name of Object.keys(settings)) await sql`set local ${sql.raw(name)} to default`.execute(tx);
}

/**
 * Deriving every customer from the orders as one sorted stream: orders_customer_idx hands them over by customer, and
 * each grouping (days, months, the customer) finds its input already in order. Left to choose, PostgreSQL hashed
 * 9.4M orders into days and 8.9M days into months, spilling both to disk, then looked up 3.9M customer months' owners
 * one by one and sorted them again: 54 s at scale L, against 22 s so.
 */
const SORTED_STREAM = { enable_hashagg: 'off', enable_nestloop: 'off' };

/**
 * Purchase stats rows (the columns of customer_purchase_stats) of live customers: every one, or those in
 * analytics_changed. The purchase day is ordered_at::date in the workspace's zone, which the caller sets for
 * the statement only (`withSettings`): `at time zone <name>` looks the zone up on every row, 4 of 28 s at 10M orders.
 */
function derivedStats(p: StageParams, only: 'all' | 'changed') {
  const counted = countedOrders(p);
  const days =
    only === 'all'
      ? sql`
        select o.customer_id, o.ordered_at::date as day, count(*)::int as orders, sum(o.amount)::bigint as amount
        from orders o where ${counted} group by 1, 2`
      : // each changed customer's orders through orders_customer_idx (a hash join read all 10M orders: 3.1 vs 1.7 s for 41k customers)
        sql`
        select d.customer_id, o.day, count(*)::int as orders, sum(o.amount)::bigint as amount
        from analytics_changed d
        cross join lateral (select o.ordered_at::date as day, o.amount from orders o where ${counted} and o.customer_id = d.customer_id offset 0) o
        where d.owner_key is not null
        group by 1, 2`;
  const owners =
    only === 'all'
      ? sql`(select id as customer_id, coalesce(owner_id, ${NO_OWNER}::uuid) as owner_key from customers where workspace_id = ${p.workspaceId} and deleted_at is null)`
      : sql`(select customer_id, owner_key from analytics_changed where owner_key is not null)`;
  return sql`
    select ${p.workspaceId}::uuid as workspace_id, m.customer_id, c.owner_key,
      min(m.first_day) as first_day,
      max(m.last_day) as last_day,
      sum(m.days)::int as purchase_days,
      sum(m.orders)::int as orders,
      sum(m.amount)::bigint as monetary,
      -- the amount of the first purchase day: the smallest [day, amount] pair
      (min(array[(m.first_day - date '1970-01-01')::bigint, m.first_day_amount]))[2] as first_day_amount,
      sum(m.recent)::bigint as spend_recent,
      sum(m.previous)::bigint as spend_previous,
      array_agg(m.month order by m.month) as months,
      array_agg(m.orders order by m.month) as month_orders,
      array_agg(m.amount order by m.month) as month_amounts
    from (
      -- months truncated as timestamps without zone: on a date, date_trunc converts through the session's zone
      select d.customer_id, date_trunc('month', d.day::timestamp)::date as month,
        min(d.day) as first_day, max(d.day) as last_day, count(*)::int as days,
        sum(d.orders)::int as orders, sum(d.amount)::bigint as amount,
        (min(array[(d.day - date '1970-01-01')::bigint, d.amount]))[2] as first_day_amount,
        coalesce(sum(d.amount) filter (where d.day > ${p.asOf}::date - ${SPEND_WINDOW_DAYS}::int), 0)::bigint as recent,
        coalesce(sum(d.amount) filter (where d.day <= ${p.asOf}::date - ${SPEND_WINDOW_DAYS}::int and d.day > ${p.asOf}::date - ${2 * SPEND_WINDOW_DAYS}::int), 0)::bigint as previous
      from (${days}) d
      group by 1, 2
    ) m
    join ${owners} c on c.customer_id = m.customer_id
    group by m.customer_id, c.owner_key`;
}

/**
 * Derives every customer's purchase stats again. The change log is emptied first (in a statement before the
 * orders are read), so a change committed meanwhile stays logged for the next refresh.
 */
async function rebuildPurchaseStats(tx: DbOrTx, p: StageParams) {
  await sql`delete from analytics_changed_customers where workspace_id = ${p.workspaceId}`.execute(tx);
  await sql`delete from customer_purchase_stats where workspace_id = ${p.workspaceId}`.execute(tx);
  await withSettings(tx, { timezone: p.timeZone, ...SORTED_STREAM }, () =>
    // in key order: each index page is then filled once instead of revisited at random
    sql`insert into customer_purchase_stats ${derivedStats(p, 'all')} order by 2`.execute(tx),
  );
}

/**
 * Brings the kept purchase stats from their day `since` up to asOf:
 * - re-derives, from their orders, the customers the triggers logged (orders written, owner changed, deleted or
 *   restored; the log rows read are deleted) and those with an order dated after `since` (up to asOf). Their
 *   stats before go to analytics_stats_before, which correctMonthlyFigures subtracts;
 * - shifts the spend of the others whose purchase days left a window meanwhile: a day no longer among the last
 *   182 moves its amount from recent to previous spend, a day older than 364 leaves previous spend. Nothing else
 *   of theirs changed, so their stats are corrected in place (a gap of more than 182 days re-derives them too).
 */
async function updatePurchaseStats(tx: DbOrTx, p: StageParams, since: string) {
  const ws = p.workspaceId;
  // the orders of days from `since` + offset (inclusive) to asOf + offset (exclusive), in the workspace's zone
  const crossed = (offset: number) =>
    sql`(o.ordered_at >= ${dayStart(sql`${since}::date + ${offset}::int`, p.timeZone)} and o.ordered_at < ${dayStart(sql`${p.asOf}::date + ${offset}::int`, p.timeZone)})`;
  const leftRecent = crossed(1 - SPEND_WINDOW_DAYS);
  const leftPrevious = crossed(1 - 2 * SPEND_WINDOW_DAYS);
  const shiftInPlace = daysBefore(p.asOf, SPEND_WINDOW_DAYS) <= since;
  // owner_key: the customer's owner now (the nil uuid for none), null when the customer is deleted
  await sql`create temp table analytics_changed (customer_id uuid primary key, owner_key uuid) on commit drop`.execute(tx);
  await sql`
    with logged as (delete from analytics_changed_customers where workspace_id = ${ws} returning customer_id)
    insert into analytics_changed (customer_id, owner_key)
    select x.customer_id, (select coalesce(c.owner_id, ${NO_OWNER}::uuid) from customers c where c.workspace_id = ${ws} and c.id = x.customer_id and c.deleted_at is null)
    from (
      select customer_id from logged
      union
      select o.customer_id from orders o
      where o.workspace_id = ${ws} and (${crossed(1)} ${shiftInPlace ? sql`` : sql`or ${leftRecent} or ${leftPrevious}`})
    ) x`.execute(tx);
  await sql`analyze analytics_changed`.execute(tx);
  let shifted = 0;
  if (shiftInPlace) {
    const update = await sql`
      update customer_purchase_stats s
      set spend_recent = s.spend_recent - e.left_recent, spend_previous = s.spend_previous + e.left_recent - e.left_previous
      from (
        select o.customer_id,
          coalesce(sum(o.amount) filter (where ${leftRecent}), 0) as left_recent,
          coalesce(sum(o.amount) filter (where ${leftPrevious}), 0) as left_previous
        from orders o
        where ${countedOrders(p)} and (${leftRecent} or ${leftPrevious})
          and not exists (select 1 from analytics_changed d where d.customer_id = o.customer_id)
        group by o.customer_id
      ) e
      where s.workspace_id = ${ws} and s.customer_id = e.customer_id`.execute(tx);
    shifted = Number(update.numAffectedRows ?? 0);
  }
  await sql`create temp table analytics_stats_before (like customer_purchase_stats) on commit drop`.execute(tx);
  await sql`
    with gone as (
      delete from customer_purchase_stats s using analytics_changed d
      where s.workspace_id = ${ws} and s.customer_id = d.customer_id
      returning s.*
    )
    insert into analytics_stats_before select * from gone`.execute(tx);
  await withSettings(tx, { timezone: p.timeZone }, () => sql`insert into customer_purchase_stats ${derivedStats(p, 'changed')}`.execute(tx));
  const rederived = Number((await sql<{ n: string }>`select count(*) as n from analytics_changed`.execute(tx)).rows[0]!.n);
  return { rederived, shifted };
}

/**
 * 1 in `every` customers, chosen by a hash of their id (the same customers every run):
 * the models are fitted on at most about FIT_SAMPLE customers, which estimates the four
 * (three) parameters as well as a million would, at a tenth of the time.
 */
const sampled = (every: number) => (every > 1 ? sql`where abs(hashtext(customer_id::text)) % ${every} = 0` : sql`where true`);

/** (x, tx days, T days) with how many customers share them: the BG/NBD's input. */
export async function purchaseHistories(tx: DbOrTx, asOf: string, every = 1) {
  const { rows } = await sql<{ x: number; tx_days: number; age_days: number; n: number }>`
    select purchase_days - 1 as x, last_day - first_day as tx_days, ${asOf}::date - first_day as age_days, count(*)::int as n
    from analytics_customers ${sampled(every)} group by 1, 2, 3`.execute(tx);
  return rows;
}

/** Repeat buyers' repeat purchases and their total value (first day excluded): the Gamma-Gamma's input. */
export async function repeatSpends(tx: DbOrTx, every = 1) {
  const { rows } = await sql<{ x: number; repeat_total: number; n: number }>`
    select purchase_days - 1 as x, (monetary - first_day_amount)::bigint as repeat_total, count(*)::int as n
    from analytics_customers ${sampled(every)} and purchase_days > 1 group by 1, 2`.execute(tx);
  return rows;
}

/** The distinct (x, T days) pairs the CLV factors are needed for. */
export async function distinctAges(tx: DbOrTx, asOf: string) {
  const { rows } = await sql<{ x: number; age_days: number }>`
    select distinct purchase_days - 1 as x, ${asOf}::date - first_day as age_days from analytics_customers`.execute(tx);
  return rows;
}

export interface ClvFactors {
  x: number[];
  ageDays: number[];
  /** E*[Y(horizon) | x, T]: expected purchases in the horizon of a customer surely alive */
  horizonPurchases: number[];
  /** Σ_m (E*[Y(t_m)] − E*[Y(t_{m−1})]) / (1+d)^m: discounted purchases of a customer surely alive */
  discountedPurchases: number[];
}

export async function stageClvFactors(tx: DbOrTx, factors: ClvFactors) {
  await sql`create temp table analytics_factors (x int not null, age_days int not null, horizon_purchases float8 not null, discounted_purchases float8 not null, primary key (x, age_days)) on commit drop`.execute(tx);
  const size = 20_000;
  for (let start = 0; start < factors.x.length; start += size) {
    const end = start + size;
    await sql`
      insert into analytics_factors
      select * from unnest(${factors.x.slice(start, end)}::int[], ${factors.ageDays.slice(start, end)}::int[],
        ${factors.horizonPurchases.slice(start, end)}::float8[], ${factors.discountedPurchases.slice(start, end)}::float8[])`.execute(tx);
  }
}

export interface ScoreParams {
  asOf: string;
  refreshId: string;
  rfmMethod: 'quintiles' | 'thresholds';
  thresholds: RfmThresholds;
  segmentHighMin: number;
  abcAShare: number;
  abcBShare: number;
  keyAccountShare: number;
  bgnbd: { r: number; alpha: number; a: number; b: number } | null;
  gammaGamma: { p: number; q: number; gamma: number } | null;
}

const SEGMENT_SQL = sql`case
  when r_score >= h and f_score >= h and m_score >= h then 'important_value'
  when r_score >= h and f_score < h and m_score >= h then 'important_development'
  when r_score < h and f_score >= h and m_score >= h then 'important_retention'
  when r_score < h and f_score < h and m_score >= h then 'important_winback'
  when r_score >= h and f_score >= h then 'general_value'
  when r_score >= h then 'general_development'
  when f_score >= h then 'general_retention'
  else 'general_winback' end`;

/**
 * The query scoring every staged customer (analytics_customers, analytics_factors), one row each, which the
 * current scores or the day's snapshot are written from (a temporary table in between cost 3–4 s at scale L:
 * writing 680,000 wide rows and reading them back through the session's small temp buffers):
 * - R, F, M scores 1–5. Quintiles: score = 1 + ⌊5·(rank − 1)/n⌋ with rank() over the
 *   customers (ascending orders / revenue; for recency, most days since the last order
 *   first), so tied customers share the lower score and the top fifth scores 5.
 *   Thresholds: the count of cut points passed.
 * - The 8-segment rule table (high = score ≥ segmentHighMin).
 * - ABC: customers by revenue, largest first (ties by id); a customer is A while the
 *   revenue of those ranked above it is below the A share, B below A + B, C after.
 * - CLV: P(alive) and the Gamma-Gamma expected spend in closed form, times the
 *   per-(x, T) factors: E[Y(t)|x,tx,T] = P(alive)·E*[Y(t)|x,T] in the BG/NBD.
 * - Churn risk for repeat buyers: 0.5·(1 − P(alive)) + 0.3·overdue + 0.2·spend drop
 *   (0.6 / 0.4 without a model), overdue = clamp((gap / mean gap − 1)/2, 0, 1),
 *   spend drop = clamp(1 − recent / previous, 0, 1).
 */
export function scoringQuery(s: ScoreParams): RawBuilder<unknown> {
  const t = s.thresholds;
  const quintiles = s.rfmMethod === 'quintiles';
  const bg = s.bgnbd;
  const gg = s.gammaGamma;
  return sql`
    with base as (
      select a.*,
        a.purchase_days - 1 as x,
        ${s.asOf}::date - a.last_day as recency_days,
        a.last_day - a.first_day as tx_days,
        ${s.asOf}::date - a.first_day as age_days,
        count(*) over () as n,
        sum(a.monetary) over () as total,
        rank() over (order by ${s.asOf}::date - a.last_day desc) as r_rank,
        rank() over (order by a.orders) as f_rank,
        rank() over (order by a.monetary) as m_rank,
        sum(a.monetary) over (order by a.monetary desc, a.customer_id rows between unbounded preceding and current row) as running
      from analytics_customers a
    ), scored as (
      select b.*,
        ${
          quintiles
            ? sql`(1 + (5 * (r_rank - 1)) / n)::int`
            : sql`(5 - (recency_days > ${t.recencyDays[0]})::int - (recency_days > ${t.recencyDays[1]})::int - (recency_days > ${t.recencyDays[2]})::int - (recency_days > ${t.recencyDays[3]})::int)`
        } as r_score,
        ${
          quintiles
            ? sql`(1 + (5 * (f_rank - 1)) / n)::int`
            : sql`(1 + (orders >= ${t.frequency[0]})::int + (orders >= ${t.frequency[1]})::int + (orders >= ${t.frequency[2]})::int + (orders >= ${t.frequency[3]})::int)`
        } as f_score,
        ${
          quintiles
            ? sql`(1 + (5 * (m_rank - 1)) / n)::int`
            : sql`(1 + (monetary >= ${t.monetary[0]})::int + (monetary >= ${t.monetary[1]})::int + (monetary >= ${t.monetary[2]})::int + (monetary >= ${t.monetary[3]})::int)`
        } as m_score,
        ${s.segmentHighMin}::int as h,
        case when total > 0 then running::float8 / total else 0 end as cumulative_share,
        case when total > 0 then (running - monetary)::float8 / total else 1 end as share_before,
        case when x > 0 then tx_days::float8 / x end as mean_gap_days,
        case when x > 0 then (monetary - first_day_amount)::float8 / x else 0 end as repeat_mean_spend
      from base b
    ), valued as (
      select sc.*,
        ${
          bg
            ? sql`case when x = 0 then 1::float8
                 when ln(${bg.a}::float8) - ln(${bg.b}::float8 + x - 1) + (${bg.r}::float8 + x) * (ln(${bg.alpha}::float8 + age_days / 7.0::float8) - ln(${bg.alpha}::float8 + tx_days / 7.0::float8)) > 700 then 0::float8
                 else 1 / (1 + exp(ln(${bg.a}::float8) - ln(${bg.b}::float8 + x - 1) + (${bg.r}::float8 + x) * (ln(${bg.alpha}::float8 + age_days / 7.0::float8) - ln(${bg.alpha}::float8 + tx_days / 7.0::float8)))) end`
            : sql`null::float8`
        } as p_alive,
        ${
          gg
            ? sql`case when x > 0 and repeat_mean_spend > 0 and ${gg.p}::float8 * x + ${gg.q}::float8 > 1
                   then ${gg.p}::float8 * (${gg.gamma}::float8 + x * repeat_mean_spend) / (${gg.p}::float8 * x + ${gg.q}::float8 - 1)
                 when ${gg.q}::float8 > 1 then ${gg.p}::float8 * ${gg.gamma}::float8 / (${gg.q}::float8 - 1) end`
            : sql`null::float8`
        } as expected_spend,
        case when x > 0 and mean_gap_days > 0 then least(greatest((recency_days / mean_gap_days - 1) / 2, 0), 1) end as overdue,
        case when spend_previous > 0 then least(greatest(1 - spend_recent::float8 / spend_previous, 0), 1) else 0 end as spend_drop
      from scored sc
    ), predicted as (
      select v.*,
        v.p_alive * f.horizon_purchases as expected_purchases,
        v.expected_spend * v.p_alive * f.discounted_purchases as clv,
        case when v.x = 0 then null
             when v.p_alive is not null then 0.5 * (1 - v.p_alive) + 0.3 * v.overdue + 0.2 * v.spend_drop
             else 0.6 * v.overdue + 0.4 * v.spend_drop end as churn_risk
      from valued v
      left join analytics_factors f on f.x = v.x and f.age_days = v.age_days
    )
    select customer_id, first_day, last_day, orders, purchase_days, recency_days, monetary,
      r_score, f_score, m_score, ${SEGMENT_SQL} as segment,
      cumulative_share,
      case when monetary > 0 and share_before < ${s.abcAShare} then 'A'
           when monetary > 0 and share_before < ${s.abcAShare + s.abcBShare} then 'B' else 'C' end as abc_tier,
      (monetary > 0 and share_before < ${s.keyAccountShare}) as key_account,
      tx_days / 7.0::float8 as tx_weeks, age_days / 7.0::float8 as age_weeks, repeat_mean_spend,
      p_alive, expected_purchases, expected_spend, clv, mean_gap_days, spend_recent, spend_previous,
      churn_risk, x, overdue, spend_drop
    from predicted`;
}

/**
 * A score's churn reasons (customer_scores as s), as the 360 page and a warning show them: one-time buyers have
 * none to weigh; repeat buyers the model's P(alive) (or that there is no model), how overdue they are against
 * their own rhythm, and their spend in the last 182 days against the 182 before.
 */
export const CHURN_REASONS_SQL = sql<Array<Record<string, unknown>>>`case when s.purchase_days <= 1 then '[{"code": "single_purchase"}]'::jsonb
  else jsonb_build_array(
    case when s.p_alive is null then jsonb_build_object('code', 'no_model') else jsonb_build_object('code', 'p_alive', 'pAlive', s.p_alive) end,
    jsonb_build_object('code', 'overdue', 'recencyDays', s.recency_days, 'meanGapDays', s.mean_gap_days),
    jsonb_build_object('code', 'spend_falling', 'recent', s.spend_recent, 'previous', s.spend_previous)
  ) end`;

/** Replaces the workspace's current scores with the rows of `scores` (scoringQuery). */
export async function replaceCurrentScores(tx: DbOrTx, workspaceId: string, refreshId: string, asOf: string, scores: RawBuilder<unknown>) {
  await tx.deleteFrom('customer_scores').where('workspace_id', '=', workspaceId).execute();
  await sql`
    insert into customer_scores (workspace_id, customer_id, refresh_id, as_of, first_order_on, last_order_on, orders, purchase_days,
      recency_days, monetary, r_score, f_score, m_score, segment, cumulative_share, abc_tier, key_account, tx_weeks, age_weeks,
      repeat_mean_spend, p_alive, expected_purchases, expected_spend, clv, mean_gap_days, spend_recent, spend_previous, churn_risk)
    select ${workspaceId}, customer_id, ${refreshId}, ${asOf}::date, first_day, last_day, orders, purchase_days,
      recency_days, monetary, r_score, f_score, m_score, segment, cumulative_share, abc_tier, key_account, tx_weeks, age_weeks,
      repeat_mean_spend, p_alive, expected_purchases, expected_spend, clv, mean_gap_days, spend_recent, spend_previous, churn_risk
    from (${scores}) scored
    -- in key order: each index page is then filled once instead of revisited at random (−25 % at 677k rows)
    order by customer_id`.execute(tx);
}

/**
 * Writes the day's snapshot (a second refresh the same day replaces it) from the current scores just written,
 * or, for a back-dated day, from `scores` (scoringQuery).
 */
export async function replaceHistory(tx: DbOrTx, workspaceId: string, asOf: string, scores: 'current' | RawBuilder<unknown>) {
  await tx.deleteFrom('customer_score_history').where('workspace_id', '=', workspaceId).where('as_of', '=', asOf).execute();
  const source = scores === 'current' ? sql`(select * from customer_scores where workspace_id = ${workspaceId})` : sql`(${scores})`;
  await sql`
    insert into customer_score_history (workspace_id, as_of, customer_id, r_score, f_score, m_score, segment, abc_tier, monetary, clv, churn_risk)
    select ${workspaceId}, ${asOf}::date, customer_id, r_score, f_score, m_score, segment, abc_tier, monetary, clv, churn_risk
    from ${source} scored
    order by customer_id`.execute(tx);
}

/** The CLV histogram's bucket: [0, 100 yuan), then steps of ×√10 (the dashboard turns buckets back into bounds). */
export const CLV_BUCKET_SQL = sql<number>`case when s.clv < 10000 then 0 else floor(2 * log(s.clv / 10000.0))::int + 1 end`;

/**
 * The dashboard's segment, tier and CLV counts per customer owner (as staged), from the scores
 * just computed: what roles that see every customer read instead of joining every score.
 */
export async function replaceDashboardRollups(tx: DbOrTx, workspaceId: string) {
  await tx.deleteFrom('dashboard_rollups').where('workspace_id', '=', workspaceId).execute();
  await sql`
    insert into dashboard_rollups (workspace_id, owner_key, dimension, bucket, customers, monetary, key_accounts)
    select ${workspaceId}, owner_key,
      case when grouping(segment) = 0 then 'segment' when grouping(abc_tier) = 0 then 'tier' else 'clv' end,
      coalesce(segment, abc_tier, clv_bucket::text),
      count(*)::int, coalesce(sum(monetary), 0)::bigint, (count(*) filter (where key_account))::int
    from (
      select coalesce(a.owner_id, ${NO_OWNER}::uuid) as owner_key, s.segment, s.abc_tier::text as abc_tier, s.monetary, s.key_account,
        case when s.clv is null then null else ${CLV_BUCKET_SQL} end as clv_bucket
      from customer_scores s
      join analytics_customers a on a.customer_id = s.customer_id
      where s.workspace_id = ${workspaceId}
    ) scored
    group by grouping sets ((owner_key, segment), (owner_key, abc_tier), (owner_key, clv_bucket))
    having grouping(clv_bucket) = 1 or clv_bucket is not null`.execute(tx);
}

/**
 * Every purchase month of the purchase stats rows in `stats` (a FROM item aliased s), with the owner and the
 * cohort (first purchase month) it counts under: what monthly revenue and the cohorts add up.
 */
const purchaseMonths = (stats: RawBuilder<unknown>) => sql`
  select s.owner_key, date_trunc('month', s.first_day::timestamp)::date as cohort_month, m.month, m.orders, m.amount
  from ${stats} cross join lateral unnest(s.months, s.month_orders, s.month_amounts) as m (month, orders, amount)`;

/** Months from the cohort month; date_part (float) rather than extract (numeric): 4 of 12 s at scale L. */
const MONTH_OFFSET_SQL = sql`((date_part('year', month) * 12 + date_part('month', month)) - (date_part('year', cohort_month) * 12 + date_part('month', cohort_month)))::int`;

/**
 * Revenue per month and customer owner, and customers by first-order month and the months after in which
 * they bought (per owner), rewritten from every customer's purchase stats.
 */
export async function replaceMonthlyFigures(tx: DbOrTx, workspaceId: string) {
  const months = purchaseMonths(sql`(select * from customer_purchase_stats where workspace_id = ${workspaceId}) s`);
  await tx.deleteFrom('revenue_monthly').where('workspace_id', '=', workspaceId).execute();
  await sql`
    insert into revenue_monthly (workspace_id, month, owner_key, orders, customers, revenue)
    select ${workspaceId}, month, owner_key, sum(orders)::int, count(*)::int, sum(amount)::bigint
    from (${months}) m
    group by 2, 3`.execute(tx);
  await tx.deleteFrom('customer_cohorts').where('workspace_id', '=', workspaceId).execute();
  await sql`
    insert into customer_cohorts (workspace_id, cohort_month, month_offset, owner_key, customers, revenue)
    select ${workspaceId}, cohort_month, ${MONTH_OFFSET_SQL}, owner_key, count(*)::int, sum(amount)::bigint
    from (${months}) m
    group by 2, 3, 4`.execute(tx);
}

/**
 * After an incremental stage: corrects monthly revenue and the cohorts by the re-derived customers' months,
 * less what they counted before (analytics_stats_before), adding and subtracting in place. Counts and sums
 * add up, so the result equals a rewrite (the refresh tests compare the two).
 */
export async function correctMonthlyFigures(tx: DbOrTx, workspaceId: string) {
  const signed = sql`
    select -1 as sign, m.* from (${purchaseMonths(sql`analytics_stats_before s`)}) m
    union all
    select 1, m.* from (${purchaseMonths(sql`(select s.* from customer_purchase_stats s join analytics_changed d on d.customer_id = s.customer_id where s.workspace_id = ${workspaceId}) s`)}) m`;
  await sql`
    insert into revenue_monthly (workspace_id, month, owner_key, orders, customers, revenue)
    select ${workspaceId}, month, owner_key, sum(sign * orders)::int, sum(sign)::int, sum(sign * amount)::bigint
    from (${signed}) m
    group by 2, 3
    on conflict (workspace_id, month, owner_key) do update set orders = revenue_monthly.orders + excluded.orders,
      customers = revenue_monthly.customers + excluded.customers, revenue = revenue_monthly.revenue + excluded.revenue`.execute(tx);
  await tx.deleteFrom('revenue_monthly').where('workspace_id', '=', workspaceId).where('customers', '=', 0).execute();
  await sql`
    insert into customer_cohorts (workspace_id, cohort_month, month_offset, owner_key, customers, revenue)
    select ${workspaceId}, cohort_month, ${MONTH_OFFSET_SQL}, owner_key, sum(sign)::int, sum(sign * amount)::bigint
    from (${signed}) m
    group by 2, 3, 4
    on conflict (workspace_id, cohort_month, month_offset, owner_key) do update set
      customers = customer_cohorts.customers + excluded.customers, revenue = customer_cohorts.revenue + excluded.revenue`.execute(tx);
  await tx.deleteFrom('customer_cohorts').where('workspace_id', '=', workspaceId).where('customers', '=', 0).execute();
}

/** The most recent snapshot date before asOf, if any. */
export async function previousSnapshot(tx: DbOrTx, workspaceId: string, asOf: string) {
  const row = await tx
    .selectFrom('customer_score_history')
    .select((eb) => eb.fn.max('as_of').as('as_of'))
    .where('workspace_id', '=', workspaceId)
    .where('as_of', '<', asOf)
    .executeTakeFirst();
  return (row?.as_of as string | null | undefined) ?? null;
}

export async function latestSnapshot(tx: DbOrTx, workspaceId: string) {
  const row = await tx
    .selectFrom('customer_score_history')
    .select((eb) => eb.fn.max('as_of').as('as_of'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return (row?.as_of as string | null | undefined) ?? null;
}

/**
 * Customers whose risk crossed the threshold: at or above it now, below it (or
 * unscored) at the previous snapshot, of a warned tier, and without an open or
 * acknowledged warning.
 */
export async function warningCandidates(tx: DbOrTx, p: { workspaceId: string; threshold: number; tiers: string[]; previousAsOf: string | null }) {
  const { rows } = await sql<{ customer_id: string }>`
    select s.customer_id
    from customer_scores s
    where s.workspace_id = ${p.workspaceId}
      and s.churn_risk >= ${p.threshold}
      and s.abc_tier = any (${p.tiers}::text[])
      and not exists (
        select 1 from churn_warnings w
        where w.workspace_id = s.workspace_id and w.customer_id = s.customer_id and w.status <> 'resolved'
      )
      and not exists (
        select 1 from customer_score_history h
        where h.workspace_id = s.workspace_id and h.customer_id = s.customer_id
          and h.as_of = ${p.previousAsOf}::date and h.churn_risk >= ${p.threshold}
      )
    order by s.customer_id`.execute(tx);
  return rows.map((row) => row.customer_id);
}

/**
 * Opens the warnings (ids made by the caller, time-ordered), notifies each owner in-app
 * (the notifications domain's table and dedupe rule) and writes an 'opened' event on the
 * customer's timeline: three set-wise statements, however many warnings.
 */
export async function openWarnings(
  tx: DbOrTx,
  p: { workspaceId: string; refreshId: string; customerIds: string[]; warningIds: string[]; notificationIds: string[]; eventIds: string[] },
) {
  await sql`
    insert into churn_warnings (workspace_id, id, customer_id, refresh_id, owner_id, risk, clv, reasons)
    select ${p.workspaceId}, w.id, w.customer_id, ${p.refreshId}, c.owner_id, s.churn_risk, s.clv, ${CHURN_REASONS_SQL}
    from unnest(${p.warningIds}::uuid[], ${p.customerIds}::uuid[]) as w (id, customer_id)
    join customer_scores s on s.workspace_id = ${p.workspaceId} and s.customer_id = w.customer_id
    join customers c on c.workspace_id = ${p.workspaceId} and c.id = w.customer_id`.execute(tx);
  await sql`
    insert into notifications (workspace_id, id, user_id, kind, customer_id, message, data, dedupe_key)
    select ${p.workspaceId}, n.id, w.owner_id, 'churn_warning', w.customer_id,
      '客户「' || c.name || '」流失风险 ' || round((w.risk * 100)::numeric) || '%，已超过预警线，请尽快跟进',
      jsonb_build_object('warningId', w.id, 'customerName', c.name, 'risk', w.risk, 'clv', w.clv),
      'churn_warning:' || w.id
    from unnest(${p.warningIds}::uuid[], ${p.notificationIds}::uuid[]) as n (warning_id, id)
    join churn_warnings w on w.workspace_id = ${p.workspaceId} and w.id = n.warning_id
    join customers c on c.workspace_id = ${p.workspaceId} and c.id = w.customer_id
    where w.owner_id is not null
    on conflict (workspace_id, dedupe_key) do nothing`.execute(tx);
  await sql`
    insert into events (workspace_id, id, occurred_at, actor_type, actor_id, entity_type, entity_id, customer_id, action, before, after)
    select ${p.workspaceId}, e.id, now(), 'system', null, 'churn_warning', w.id, w.customer_id, 'opened', null,
      jsonb_build_object('status', 'open', 'risk', w.risk, 'clv', w.clv, 'ownerId', w.owner_id, 'refreshId', ${p.refreshId}::text)
    from unnest(${p.warningIds}::uuid[], ${p.eventIds}::uuid[]) as e (warning_id, id)
    join churn_warnings w on w.workspace_id = ${p.workspaceId} and w.id = e.warning_id`.execute(tx);
}

// ---------------------------------------------------------------- refresh records (outside the refresh's transaction)

export async function updateRefresh(
  db: Db | DbOrTx,
  workspaceId: string,
  id: string,
  changes: { status?: 'queued' | 'running' | 'succeeded' | 'failed'; step?: string | null; progress?: number; error?: string | null; customers?: number; started_at?: Date; finished_at?: Date },
) {
  await db.updateTable('analytics_refreshes').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertFit(
  tx: DbOrTx,
  row: {
    workspaceId: string;
    refreshId: string;
    asOf: string;
    status: 'fitted' | 'insufficient_data' | 'failed';
    reason: string | null;
    customers: number;
    repeatBuyers: number;
    bgnbd: Record<string, unknown> | null;
    gammaGamma: Record<string, unknown> | null;
    horizonWeeks: number;
    discountMonthly: number;
  },
) {
  await tx
    .insertInto('clv_model_fits')
    .values({
      workspace_id: row.workspaceId,
      refresh_id: row.refreshId,
      as_of: row.asOf,
      status: row.status,
      reason: row.reason,
      customers: row.customers,
      repeat_buyers: row.repeatBuyers,
      bgnbd: row.bgnbd === null ? null : JSON.stringify(row.bgnbd),
      gamma_gamma: row.gammaGamma === null ? null : JSON.stringify(row.gammaGamma),
      horizon_weeks: row.horizonWeeks,
      discount_monthly: row.discountMonthly,
    })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'refresh_id']).doNothing())
    .execute();
}
