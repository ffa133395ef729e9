import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import * as analytics from '../src/server/domains/analytics/analytics.repository.ts';
import { type RefreshSummary, refreshWorkspace } from '../src/server/domains/analytics/refresh.service.ts';
import { daysBefore, todayIn } from '../src/server/lib/dates.ts';
import { uuidv7 } from '../src/server/lib/uuid.ts';
import { parseBenchWorkspaceName } from './scales.ts';

export interface AnalyticsBenchResult {
  kind: 'analytics';
  scale: string;
  target: string;
  finishedAt: string;
  data: { customers: number; orders: number; scoredCustomers: number };
  fit: { status: string; reason: string | null; repeatBuyers: number; bgnbd: unknown; gammaGamma: unknown };
  /** each refresh end to end (one transaction: stage, fit, score, history, warnings), seconds */
  runs: Array<{
    kind: RefreshKind;
    asOf: string;
    seconds: number;
    steps: Record<string, number>;
    warningsOpened: number;
    purchaseStats: RefreshSummary['purchaseStats'];
    /** what changed between the two refreshes (the nightly run) */
    changes: DayOfBusiness | null;
  }>;
}

/** rebuild: every customer derived from the orders; nightly: the refresh after a day of business */
export type RefreshKind = 'rebuild' | 'nightly';

export interface DayOfBusiness {
  orders: number;
  cancelled: number;
  reassigned: number;
}

/** What a day of business wrote, to put the bench data back after the run. */
interface DayWrites {
  orderIds: string[];
  cancelledIds: string[];
  reassignedFrom: Array<{ id: string; owner_id: string | null }>;
}

/**
 * One average day of the bench data (orders over its last 365 days ÷ 365, at least 1,000): that many orders
 * placed today by random customers, each with one line of a random product; 1 % of the last 30 days' orders
 * cancelled; 0.1 % of the customers reassigned to another owner. Written through SQL, so the triggers that log
 * changed customers see them as they see the API's writes.
 */
async function simulateDayOfBusiness(db: Db, workspaceId: string, today: string): Promise<DayWrites> {
  const perDay = Number(
    (await sql<{ n: string }>`select count(*) / 365 as n from orders where workspace_id = ${workspaceId} and ordered_at >= (${today}::date - 365)::timestamptz`.execute(db)).rows[0]!.n,
  );
  const orders = Math.max(1_000, perDay);
  const orderIds = Array.from({ length: orders }, () => uuidv7());
  await sql`
    with buyers as (
      select id, owner_id, row_number() over () as k
      from (select id, owner_id from customers where workspace_id = ${workspaceId} and deleted_at is null order by random() limit ${orders}) c
    ), catalogue as (
      select array_agg(id) as ids, array_agg(name) as names from products where workspace_id = ${workspaceId} and active and deleted_at is null
    ), placed as (
      select o.id, b.id as customer_id, b.owner_id, 100 + (random() * 90000)::bigint as amount, 1 + floor(random() * array_length(c.ids, 1))::int as product
      from unnest(${orderIds}::uuid[]) with ordinality as o (id, k)
      join buyers b on b.k = o.k
      cross join catalogue c
    ), inserted as (
      insert into orders (workspace_id, id, order_no, customer_id, ordered_at, channel, status, currency, amount, owner_id)
      select ${workspaceId}, id, 'BENCH-DAY-' || id, customer_id, now(), 'online', 'completed', 'CNY', amount, owner_id
      from placed
    )
    insert into order_lines (workspace_id, order_id, line_no, product_id, description, quantity, unit_price, amount)
    select ${workspaceId}, p.id, 1, c.ids[p.product], c.names[p.product], 1, p.amount, p.amount
    from placed p cross join catalogue c`.execute(db);
  const cancelled = await sql<{ id: string }>`
    update orders set status = 'cancelled', updated_at = now()
    where workspace_id = ${workspaceId} and status = 'completed' and ordered_at >= (${today}::date - 30)::timestamptz and random() < 0.01
      and order_no not like 'BENCH-DAY-%'
    returning id`.execute(db);
  const reassignedFrom = (
    await sql<{ id: string; owner_id: string | null }>`
      with chosen as (
        select id, owner_id from customers where workspace_id = ${workspaceId} and deleted_at is null and owner_id is not null order by random() limit 1000
      ), owners as (select array_agg(id) as ids from users where workspace_id = ${workspaceId} and active)
      update customers c set owner_id = o.ids[1 + floor(random() * array_length(o.ids, 1))::int], updated_at = now()
      from chosen, owners o
      where c.workspace_id = ${workspaceId} and c.id = chosen.id
      returning c.id, chosen.owner_id`.execute(db)
  ).rows;
  return { orderIds, cancelledIds: cancelled.rows.map((row) => row.id), reassignedFrom };
}

/**
 * What autovacuum does between two nightly refreshes, done before a timed one: a refresh replaces a row per
 * customer in the current scores and the selection matrix and writes the day's snapshot. Left to run during the
 * next refresh (as it did when the bench ran two refreshes back to back), autovacuum made that one up to 20 %
 * slower, reading tables twice their size. Not part of the refresh's time.
 */
async function settle(db: Db, log: (line: string) => void) {
  const started = performance.now();
  await sql`vacuum (analyze) customer_scores, customer_selection, customer_score_history, customer_purchase_stats, analytics_changed_customers, dashboard_rollups, revenue_monthly, customer_cohorts`.execute(db);
  log(`Vacuumed the tables a refresh rewrites (as autovacuum would between two nights): ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/** Puts the bench data back as it was before the day of business (the next refresh re-derives those customers). */
async function undoDayOfBusiness(db: Db, workspaceId: string, day: DayWrites) {
  await sql`delete from orders where workspace_id = ${workspaceId} and id = any(${day.orderIds}::uuid[])`.execute(db);
  await sql`update orders set status = 'completed' where workspace_id = ${workspaceId} and id = any(${day.cancelledIds}::uuid[])`.execute(db);
  await sql`
    update customers c set owner_id = r.owner_id
    from unnest(${day.reassignedFrom.map((row) => row.id)}::uuid[], ${day.reassignedFrom.map((row) => row.owner_id)}::uuid[]) as r (id, owner_id)
    where c.workspace_id = ${workspaceId} and c.id = r.id`.execute(db);
}

/**
 * Times the analytics score refresh (what the nightly job and POST /api/analytics/refresh run) on a bench
 * database, twice: a rebuild as of yesterday, then, after a day of business, the nightly refresh as of today.
 */
export async function runAnalyticsBench(options: { databaseUrl: string; target: string; log: (line: string) => void }): Promise<AnalyticsBenchResult> {
  const { log } = options;
  const applied = await migrate(options.databaseUrl);
  if (applied.length) log(`Applied migrations ${applied.join(', ')}.`);
  const db = createDb(options.databaseUrl, 4);
  try {
    const workspaces = await db.selectFrom('workspaces').select(['id', 'name']).execute();
    const bench = workspaces.find((w) => parseBenchWorkspaceName(w.name));
    if (!bench) throw new Error('No bench workspace here: run npm run bench:data first');
    const scale = parseBenchWorkspaceName(bench.name)!.scale;
    const count = async (table: 'customers' | 'orders') =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${bench.id}`.execute(db)).rows[0]!.n);
    const data = { customers: await count('customers'), orders: await count('orders'), scoredCustomers: 0 };
    log(`Scale ${scale}: ${data.customers.toLocaleString('en')} customers, ${data.orders.toLocaleString('en')} orders.`);
    const today = todayIn(await analytics.workspaceTimeZone(db, bench.id));
    const yesterday = daysBefore(today, 1);
    const runs: AnalyticsBenchResult['runs'] = [];
    const timed = async (kind: RefreshKind, asOf: string, changes: DayOfBusiness | null) => {
      const refresh = await analytics.insertRefresh(db, { workspaceId: bench.id, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf });
      const started = performance.now();
      const steps: Record<string, number> = {};
      let step = 'start';
      let stepStart = started;
      const summary = await refreshWorkspace(db, bench.id, refresh.id, asOf, async (next) => {
        const now = performance.now();
        steps[step] = Math.round(now - stepStart) / 1000;
        step = next;
        stepStart = now;
      }).catch(async (error: unknown) => {
        // no job runs this refresh: left queued, it would hold the workspace's refresh button until it expires
        await db.updateTable('analytics_refreshes').set({ status: 'failed', error: String(error), finished_at: new Date() }).where('id', '=', refresh.id).execute();
        throw error;
      });
      const end = performance.now();
      steps[step] = Math.round(end - stepStart) / 1000;
      delete steps.start;
      await db.updateTable('analytics_refreshes').set({ status: 'succeeded', progress: 100, step: 'done', customers: summary.customers, started_at: new Date(Date.now() - (end - started)), finished_at: new Date() }).where('id', '=', refresh.id).execute();
      const seconds = Math.round(end - started) / 1000;
      data.scoredCustomers = summary.customers;
      runs.push({ kind, asOf, seconds, steps, warningsOpened: summary.warningsOpened, purchaseStats: summary.purchaseStats, changes });
      const changed = summary.purchaseStats.changed;
      const stats = changed
        ? `${summary.purchaseStats.mode}: ${changed.rederived.toLocaleString('en')} customers re-derived, ${changed.shifted.toLocaleString('en')} shifted between spend windows`
        : summary.purchaseStats.mode;
      log(`Refresh (${kind}, as of ${asOf}, ${stats}): ${seconds} s (${Object.entries(steps).map(([name, s]) => `${name} ${s} s`).join(', ')}); ${summary.customers.toLocaleString('en')} customers scored, fit ${summary.fit}, ${summary.warningsOpened} warnings opened.`);
    };
    // The first refresh derives every customer from the orders (as after an upgrade, or a change of zone or currency) …
    await db.deleteFrom('analytics_purchase_state').where('workspace_id', '=', bench.id).execute();
    // … and is the current one: an earlier bench run's snapshots of today or yesterday would make it a back-dated rescoring
    await db.deleteFrom('customer_score_history').where('workspace_id', '=', bench.id).where('as_of', '>=', yesterday).execute();
    await settle(db, log);
    await timed('rebuild', yesterday, null);
    // … the nightly one after a day of business only the customers that changed (and the whole scoring again).
    const writes = await simulateDayOfBusiness(db, bench.id, today);
    const changes = { orders: writes.orderIds.length, cancelled: writes.cancelledIds.length, reassigned: writes.reassignedFrom.length };
    log(`A day of business: ${changes.orders.toLocaleString('en')} orders placed today, ${changes.cancelled.toLocaleString('en')} cancelled, ${changes.reassigned.toLocaleString('en')} customers reassigned.`);
    await settle(db, log);
    try {
      await timed('nightly', today, changes);
    } finally {
      await undoDayOfBusiness(db, bench.id, writes);
    }
    const fit = (await analytics.currentFit(db, bench.id))!;
    return {
      kind: 'analytics',
      scale,
      target: options.target,
      finishedAt: new Date().toISOString(),
      data,
      fit: { status: fit.status, reason: fit.reason, repeatBuyers: fit.repeat_buyers, bgnbd: fit.bgnbd, gammaGamma: fit.gamma_gamma },
      runs,
    };
  } finally {
    await db.destroy();
  }
}

export function writeAnalyticsResult(dir: string, result: AnalyticsBenchResult): string {
  const file = path.join(dir, `${result.scale}-${result.target}.analytics.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
