import { sql } from 'kysely';
import type { DashboardQuery } from '../../../shared/analytics.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { AnalyticsSettingsTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { visibleCustomerIds, whereVisibleCustomer } from '../customers/customers.repository.ts';
import { CHURN_REASONS_SQL, CLV_BUCKET_SQL, NO_OWNER } from './refresh.repository.ts';

// ---------------------------------------------------------------- settings

export function findSettings(db: DbOrTx, workspaceId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('analytics_settings').selectAll().where('workspace_id', '=', workspaceId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The row, created with the defaults when the workspace has none yet. */
export async function ensureSettings(db: DbOrTx, workspaceId: string, id: string) {
  await db
    .insertInto('analytics_settings')
    .values({ workspace_id: workspaceId, id } satisfies Insertable<AnalyticsSettingsTable>)
    .onConflict((conflict) => conflict.column('workspace_id').doNothing())
    .execute();
  return (await findSettings(db, workspaceId, { forUpdate: true }))!;
}

export async function updateSettings(db: DbOrTx, workspaceId: string, version: number, changes: Updateable<AnalyticsSettingsTable>) {
  return db
    .updateTable('analytics_settings')
    .set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

// ---------------------------------------------------------------- refreshes

/** How long a refresh's job may take: pg-boss expires it then (analytics.jobs.ts). */
export const REFRESH_EXPIRY_SECONDS = 3600;

/**
 * The workspace's queued or running refresh, if any. One still queued or running a job's expiry after it was
 * queued or started lost its job (the server stopped during it, or the job was lost): it is marked failed first,
 * else it would block every later refresh of the workspace, manual or nightly, for good.
 */
export async function findActiveRefresh(db: DbOrTx, workspaceId: string) {
  await db
    .updateTable('analytics_refreshes')
    .set({
      status: 'failed',
      error: `abandoned: not finished ${REFRESH_EXPIRY_SECONDS / 60} minutes after it began (the server stopped or its job was lost)`,
      finished_at: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['queued', 'running'])
    .where(sql`coalesce(started_at, queued_at)`, '<', sql<Date>`now() - make_interval(secs => ${REFRESH_EXPIRY_SECONDS})`)
    .execute();
  return db
    .selectFrom('analytics_refreshes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['queued', 'running'])
    .orderBy('queued_at', 'desc')
    .executeTakeFirst();
}

export function findRefresh(db: DbOrTx, workspaceId: string, id: string) {
  return db.selectFrom('analytics_refreshes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function latestRefresh(db: DbOrTx, workspaceId: string, status?: 'succeeded') {
  let query = db.selectFrom('analytics_refreshes').selectAll().where('workspace_id', '=', workspaceId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertRefresh(
  db: DbOrTx,
  row: { workspaceId: string; id: string; trigger: 'manual' | 'schedule'; requestedBy: string | null; asOf: string },
) {
  return db
    .insertInto('analytics_refreshes')
    .values({ workspace_id: row.workspaceId, id: row.id, trigger: row.trigger, requested_by: row.requestedBy, as_of: row.asOf })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function workspaceTimeZone(db: DbOrTx, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return row.time_zone;
}

export async function listWorkspaceIds(db: DbOrTx) {
  return (await db.selectFrom('workspaces').select('id').execute()).map((row) => row.id);
}

export function findFit(db: DbOrTx, workspaceId: string, refreshId: string) {
  return db.selectFrom('clv_model_fits').selectAll().where('workspace_id', '=', workspaceId).where('refresh_id', '=', refreshId).executeTakeFirst();
}

/** The fit behind the current scores (or, before any scores, the latest fit). */
export async function currentFit(db: DbOrTx, workspaceId: string) {
  const current = await db
    .selectFrom('clv_model_fits')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('refresh_id', '=', (eb) => eb.selectFrom('customer_scores').select('refresh_id').where('workspace_id', '=', workspaceId).limit(1))
    .executeTakeFirst();
  return current ?? latestFit(db, workspaceId);
}

export function latestFit(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('clv_model_fits').selectAll().where('workspace_id', '=', workspaceId).orderBy('fitted_at', 'desc').limit(1).executeTakeFirst();
}

// ---------------------------------------------------------------- per customer

export function findCustomerScore(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_scores as s')
    .selectAll()
    .select(CHURN_REASONS_SQL.as('churn_reasons'))
    .where('s.workspace_id', '=', workspaceId)
    .where('s.customer_id', '=', customerId)
    .executeTakeFirst();
}

export function customerHistory(db: DbOrTx, workspaceId: string, customerId: string, limit = 24) {
  return db
    .selectFrom('customer_score_history')
    .select(['as_of', 'segment', 'abc_tier', 'clv'])
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', customerId)
    .orderBy('as_of', 'desc')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- dashboard

/**
 * Scores of the customers the actor may see (the customers domain's scope), narrowed
 * to a team's members or one owner. Reads customer_scores only, never the orders.
 */
function scopedScores(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  const rows = db
    .selectFrom('customer_scores as s')
    .innerJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 's.workspace_id').onRef('c.id', '=', 's.customer_id'))
    .where('s.workspace_id', '=', actor.workspaceId);
  return whereVisibleCustomer(rows, db, actor, filter);
}

/**
 * A role that sees every customer reads the refresh's per-owner counts (dashboard_rollups):
 * a few rows per owner instead of every score joined to its customer. Owner and team filters
 * pick owners as they were at the refresh. Other roles count their own customers live.
 */
function rollups(db: DbOrTx, actor: Actor, filter: DashboardQuery, dimension: 'segment' | 'tier' | 'clv') {
  return db
    .selectFrom('dashboard_rollups as r')
    .where('r.workspace_id', '=', actor.workspaceId)
    .where('r.dimension', '=', dimension)
    .select([
      'r.bucket',
      sql<number>`sum(r.customers)::int`.as('customers'),
      sql<number>`sum(r.monetary)::bigint`.as('monetary'),
      sql<number>`sum(r.key_accounts)::int`.as('key_accounts'),
    ])
    .where('r.owner_key', 'in', ownerKeysInReach(db, actor, filter))
    .groupBy('r.bucket')
    .orderBy('r.bucket')
    .execute();
}

const seesEveryCustomer = (actor: Actor) => actor.role.recordScope === 'all';

export async function segmentSizes(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  if (seesEveryCustomer(actor)) {
    return (await rollups(db, actor, filter, 'segment')).map((row) => ({ segment: row.bucket, customers: row.customers, monetary: row.monetary }));
  }
  return scopedScores(db, actor, filter)
    .select((eb) => ['s.segment', eb.fn.countAll<number>().as('customers'), sql<number>`coalesce(sum(s.monetary), 0)::bigint`.as('monetary')])
    .groupBy('s.segment')
    .execute();
}

export async function tierSizes(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  if (seesEveryCustomer(actor)) {
    return (await rollups(db, actor, filter, 'tier')).map((row) => ({
      abc_tier: row.bucket as 'A' | 'B' | 'C',
      customers: row.customers,
      monetary: row.monetary,
      key_accounts: row.key_accounts,
    }));
  }
  return scopedScores(db, actor, filter)
    .select((eb) => [
      's.abc_tier',
      eb.fn.countAll<number>().as('customers'),
      sql<number>`coalesce(sum(s.monetary), 0)::bigint`.as('monetary'),
      sql<number>`count(*) filter (where s.key_account)::int`.as('key_accounts'),
    ])
    .groupBy('s.abc_tier')
    .orderBy('s.abc_tier')
    .execute();
}

/** CLV histogram on a log scale: buckets [0, 100 yuan), then ×√10 steps. */
export async function clvBuckets(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  if (seesEveryCustomer(actor)) {
    return (await rollups(db, actor, filter, 'clv')).map((row) => ({ bucket: Number(row.bucket), customers: row.customers })).sort((a, b) => a.bucket - b.bucket);
  }
  return scopedScores(db, actor, filter)
    .where('s.clv', 'is not', null)
    .select([CLV_BUCKET_SQL.as('bucket'), sql<number>`count(*)::int`.as('customers')])
    .groupBy('bucket')
    .orderBy('bucket')
    .execute();
}

export function atRiskCustomers(db: DbOrTx, actor: Actor, filter: DashboardQuery, minRisk: number, limit: number) {
  return scopedScores(db, actor, filter)
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'c.workspace_id').onRef('owner.id', '=', 'c.owner_id'))
    .where('s.churn_risk', '>=', minRisk)
    .where('s.clv', 'is not', null)
    .select(['s.customer_id', 'c.name', 'owner.name as owner_name', 's.clv', 's.churn_risk', 's.abc_tier', 's.segment', 's.last_order_on'])
    // expected value lost: CLV × risk
    .orderBy(sql`s.clv * s.churn_risk`, 'desc')
    .limit(limit)
    .execute();
}

function scopedCustomers(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  return whereVisibleCustomer(db.selectFrom('customers as c').where('c.workspace_id', '=', actor.workspaceId), db, actor, filter);
}

export function customersByStatus(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  return scopedCustomers(db, actor, filter).select((eb) => ['c.status', eb.fn.countAll<number>().as('customers')]).groupBy('c.status').execute();
}

export function customersByLifecycle(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  return scopedCustomers(db, actor, filter)
    .select((eb) => ['c.lifecycle_stage', eb.fn.countAll<number>().as('customers')])
    .groupBy('c.lifecycle_stage')
    .execute();
}

/**
 * Monthly revenue from the refresh's aggregate. The aggregate is kept per customer
 * owner, so a team-scoped actor gets the revenue of customers its teams' members own
 * and an own-scoped actor that of its own customers (pool customers and those it only
 * collaborates on are left out of the trend; the per-customer charts include them).
 */
export function revenueByMonth(db: DbOrTx, actor: Actor, filter: DashboardQuery) {
  let query = db
    .selectFrom('revenue_monthly as m')
    .where('m.workspace_id', '=', actor.workspaceId)
    .select([
      sql<string>`to_char(m.month, 'YYYY-MM')`.as('month'),
      sql<number>`sum(m.revenue)::bigint`.as('revenue'),
      sql<number>`sum(m.orders)::int`.as('orders'),
      sql<number>`sum(m.customers)::int`.as('customers'),
    ])
    .groupBy('m.month')
    .orderBy('m.month');
  if (filter.from) query = query.where('m.month', '>=', `${filter.from}-01`);
  if (filter.to) query = query.where('m.month', '<=', `${filter.to}-01`);
  return query.where('m.owner_key', 'in', ownerKeysInReach(db, actor, filter)).execute();
}

/**
 * The owner keys an aggregate row (revenue_monthly, customer_cohorts) counts for this actor
 * and filter. The aggregates are kept per customer owner, so a team-scoped actor gets the
 * customers its teams' members own and an own-scoped actor its own customers (pool customers
 * and those it only collaborates on are left out; the per-customer charts include them).
 */
function ownerKeysInReach(db: DbOrTx, actor: Actor, filter: { teamId?: string; ownerId?: string }) {
  return db
    .selectFrom('users as member')
    .select('member.id')
    .where('member.workspace_id', '=', actor.workspaceId)
    .$if(actor.role.recordScope === 'own', (q) => q.where('member.id', '=', actor.userId))
    .$if(actor.role.recordScope === 'team', (q) =>
      q.where((inner) =>
        inner.or([
          inner('member.id', '=', actor.userId),
          inner(
            'member.team_id',
            'in',
            inner
              .selectFrom('teams')
              .select('teams.id')
              .where('teams.workspace_id', '=', actor.workspaceId)
              .where((team) => team.or([team('teams.manager_id', '=', actor.userId), team('teams.id', '=', actor.teamId)])),
          ),
        ]),
      ),
    )
    .$if(Boolean(filter.ownerId), (q) => q.where('member.id', '=', filter.ownerId!))
    .$if(Boolean(filter.teamId), (q) => q.where('member.team_id', '=', filter.teamId!))
    .$if(actor.role.recordScope === 'all' && !filter.ownerId && !filter.teamId, (q) =>
      // everyone, and the customers without an owner
      q.union(db.selectNoFrom(sql<string>`${NO_OWNER}::uuid`.as('id'))),
    );
}

export function cohortCells(db: DbOrTx, actor: Actor, filter: { teamId?: string; ownerId?: string }) {
  return db
    .selectFrom('customer_cohorts as k')
    .where('k.workspace_id', '=', actor.workspaceId)
    .where('k.owner_key', 'in', ownerKeysInReach(db, actor, filter))
    .select([sql<string>`to_char(k.cohort_month, 'YYYY-MM')`.as('month'), 'k.month_offset', sql<number>`sum(k.customers)::int`.as('customers')])
    .groupBy(['k.cohort_month', 'k.month_offset'])
    .orderBy('k.cohort_month')
    .orderBy('k.month_offset')
    .execute();
}

export async function snapshotDates(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .selectFrom('customer_score_history')
    .select('as_of')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .orderBy('as_of', 'desc')
    .limit(60)
    .execute();
  return rows.map((row) => row.as_of);
}

/** Customers scored on both dates, counted by (segment then, segment now), within the actor's scope. */
export function segmentMigrations(db: DbOrTx, actor: Actor, from: string, to: string) {
  let query = db
    .selectFrom('customer_score_history as a')
    .innerJoin('customer_score_history as b', (join) =>
      join.onRef('b.workspace_id', '=', 'a.workspace_id').onRef('b.customer_id', '=', 'a.customer_id').on('b.as_of', '=', to),
    )
    .where('a.workspace_id', '=', actor.workspaceId)
    .where('a.as_of', '=', from)
    .select(['a.segment as from_segment', 'b.segment as to_segment', sql<number>`count(*)::int`.as('customers')])
    .groupBy(['a.segment', 'b.segment']);
  if (actor.role.recordScope !== 'all') query = query.where('a.customer_id', 'in', visibleCustomerIds(db, actor));
  return query.execute();
}

// ---------------------------------------------------------------- churn warnings

export function listWarnings(db: DbOrTx, actor: Actor, filter: { status?: 'open' | 'acknowledged' | 'resolved'; limit: number; cursor?: string }) {
  let query = db
    .selectFrom('churn_warnings as w')
    .innerJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 'w.workspace_id').onRef('c.id', '=', 'w.customer_id'))
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'w.workspace_id').onRef('owner.id', '=', 'w.owner_id'))
    .selectAll('w')
    .select(['c.name as customer_name', 'owner.name as owner_name'])
    .where('w.workspace_id', '=', actor.workspaceId)
    .orderBy('w.id', 'desc')
    .limit(filter.limit + 1);
  if (actor.role.recordScope !== 'all') query = query.where('w.customer_id', 'in', visibleCustomerIds(db, actor));
  if (filter.status) query = query.where('w.status', '=', filter.status);
  if (filter.cursor) query = query.where('w.id', '<', filter.cursor);
  return query.execute();
}

export type WarningRow = Awaited<ReturnType<typeof listWarnings>>[number];

export function findWarning(db: DbOrTx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom('churn_warnings as w')
    .innerJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 'w.workspace_id').onRef('c.id', '=', 'w.customer_id'))
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'w.workspace_id').onRef('owner.id', '=', 'w.owner_id'))
    .selectAll('w')
    .select(['c.name as customer_name', 'owner.name as owner_name'])
    .where('w.workspace_id', '=', actor.workspaceId)
    .where('w.id', '=', id);
  if (actor.role.recordScope !== 'all') query = query.where('w.customer_id', 'in', visibleCustomerIds(db, actor));
  if (options.forUpdate) query = query.forUpdate('w');
  return query.executeTakeFirst();
}

export function updateWarningStatus(db: DbOrTx, workspaceId: string, id: string, version: number, status: 'acknowledged' | 'resolved') {
  const now = new Date();
  return db
    .updateTable('churn_warnings')
    .set({
      status,
      version: sql`version + 1`,
      updated_at: now,
      ...(status === 'acknowledged' ? { acknowledged_at: now } : { resolved_at: now }),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id'])
    .executeTakeFirst();
}
