import type {
  AnalyticsRefresh,
  AnalyticsSettings,
  ChangeChurnWarningBody,
  ChurnWarning,
  CohortQuery,
  CohortRetention,
  SegmentMigration,
  SegmentMigrationQuery,
  ChurnWarningList,
  ChurnWarningListQuery,
  CustomerAnalytics,
  Dashboard,
  DashboardQuery,
  RefreshStatusResult,
  UpdateAnalyticsSettingsBody,
} from '../../../shared/analytics.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import type { Jobs } from '../../jobs/jobs.ts';
import { todayIn } from '../../lib/dates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { recordEvent } from '../events/events.repository.ts';
import { storedScorecard } from '../credit-selection/credit.scorecard.ts';
import { analyticsRefreshJob } from './analytics.jobs.ts';
import { presentCustomerAnalytics, presentFit, presentRefresh, presentSettings, presentWarning } from './analytics.presenter.ts';
import * as repo from './analytics.repository.ts';

export async function getSettings(db: DbOrTx, actor: Actor): Promise<AnalyticsSettings> {
  return presentSettings(await repo.ensureSettings(db, actor.workspaceId, uuidv7()));
}

export async function updateSettings(tx: DbOrTx, actor: Actor, body: UpdateAnalyticsSettingsBody): Promise<AnalyticsSettings> {
  const before = await repo.ensureSettings(tx, actor.workspaceId, uuidv7());
  const a = body.abcAShare ?? before.abc_a_share;
  const b = body.abcBShare ?? before.abc_b_share;
  if (a + b > 1) throw invalidFields([{ path: 'abcBShare', code: 'too_big', message: 'A share + B share must not exceed 1' }]);
  const updated = await repo.updateSettings(tx, actor.workspaceId, body.version, {
    rfm_method: body.rfmMethod,
    rfm_thresholds: body.rfmThresholds ? JSON.stringify(body.rfmThresholds) : undefined,
    segment_high_min: body.segmentHighMin,
    abc_a_share: body.abcAShare,
    abc_b_share: body.abcBShare,
    key_account_share: body.keyAccountShare,
    clv_horizon_weeks: body.clvHorizonWeeks,
    clv_discount_monthly: body.clvDiscountMonthly,
    churn_threshold: body.churnThreshold,
    churn_warn_tiers: body.churnWarnTiers,
    currency: body.currency,
    credit_scorecard: body.creditScorecard ? JSON.stringify(storedScorecard(body.creditScorecard)) : undefined,
    selection_matrix: body.selectionMatrix ? JSON.stringify(body.selectionMatrix) : undefined,
  });
  if (!updated) throw new AppError('version_conflict', 'The analytics settings were changed by someone else', { current: presentSettings(before) });
  const { version: _v, segmentRules: _r, ...afterValues } = presentSettings(updated);
  const { version: _bv, segmentRules: _br, ...beforeValues } = presentSettings(before);
  await recordEvent(tx, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'analytics_settings',
    entityId: updated.id,
    action: 'updated',
    before: beforeValues,
    after: afterValues,
  });
  return presentSettings(updated);
}

/**
 * Queues a refresh (or returns the one already queued or running) and hands it to
 * the job queue after the commit; the request never waits for the computation.
 */
export async function requestRefresh(db: Db, jobs: Jobs, actor: Actor, asOf: string | undefined): Promise<{ refresh: AnalyticsRefresh; queued: boolean }> {
  const outcome = await db.transaction().execute(async (tx) => {
    const active = await repo.findActiveRefresh(tx, actor.workspaceId);
    if (active) return { row: active, queued: false };
    const timeZone = await repo.workspaceTimeZone(tx, actor.workspaceId);
    const today = todayIn(timeZone);
    if (asOf && asOf > today) throw invalidFields([{ path: 'asOf', code: 'too_big', message: 'asOf cannot be in the future' }]);
    const row = await repo.insertRefresh(tx, { workspaceId: actor.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: actor.userId, asOf: asOf ?? today });
    await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'analytics_refresh',
      entityId: row.id,
      action: 'requested',
      before: null,
      after: { asOf: row.as_of },
    });
    return { row, queued: true };
  });
  if (outcome.queued) await jobs.send(analyticsRefreshJob, { workspaceId: actor.workspaceId, refreshId: outcome.row.id });
  return { refresh: presentRefresh(outcome.row), queued: outcome.queued };
}

export async function refreshStatus(db: DbOrTx, actor: Actor): Promise<RefreshStatusResult> {
  const [latest, lastSucceeded] = await Promise.all([repo.latestRefresh(db, actor.workspaceId), repo.latestRefresh(db, actor.workspaceId, 'succeeded')]);
  return { latest: latest ? presentRefresh(latest) : null, lastSucceeded: lastSucceeded ? presentRefresh(lastSucceeded) : null };
}

/** A customer's value section: 404 unless the actor may see the customer. */
export async function getCustomerAnalytics(db: DbOrTx, actor: Actor, customerId: string): Promise<CustomerAnalytics> {
  const customer = await findCustomer(db, actor, customerId);
  if (!customer || customer.deleted_at) throw notFound('Customer');
  const [score, settings, history] = await Promise.all([
    repo.findCustomerScore(db, actor.workspaceId, customerId),
    repo.ensureSettings(db, actor.workspaceId, uuidv7()),
    repo.customerHistory(db, actor.workspaceId, customerId),
  ]);
  const fit = score ? await repo.findFit(db, actor.workspaceId, score.refresh_id) : await repo.currentFit(db, actor.workspaceId);
  return presentCustomerAnalytics(customerId, score, fit, settings, history.reverse());
}

const LOG_STEP = Math.sqrt(10);

export async function getDashboard(db: DbOrTx, actor: Actor, filter: DashboardQuery): Promise<Dashboard> {
  const settings = await repo.ensureSettings(db, actor.workspaceId, uuidv7());
  const [revenue, segments, tiers, clv, statuses, lifecycle, atRisk, fit, lastSucceeded] = await Promise.all([
    repo.revenueByMonth(db, actor, filter),
    repo.segmentSizes(db, actor, filter),
    repo.tierSizes(db, actor, filter),
    repo.clvBuckets(db, actor, filter),
    repo.customersByStatus(db, actor, filter),
    repo.customersByLifecycle(db, actor, filter),
    repo.atRiskCustomers(db, actor, filter, settings.churn_threshold, 20),
    repo.currentFit(db, actor.workspaceId),
    repo.latestRefresh(db, actor.workspaceId, 'succeeded'),
  ]);
  return {
    asOf: lastSucceeded?.as_of ?? null,
    currency: settings.currency.trim(),
    revenueByMonth: revenue.map((row) => ({ month: row.month, revenue: Number(row.revenue), orders: row.orders, customers: row.customers })),
    segments: segments.map((row) => ({ segment: row.segment as Dashboard['segments'][number]['segment'], customers: Number(row.customers), monetary: Number(row.monetary) })),
    tiers: tiers.map((row) => ({ tier: row.abc_tier, customers: Number(row.customers), monetary: Number(row.monetary), keyAccounts: row.key_accounts })),
    clvDistribution: clv.map((row) => ({
      from: row.bucket === 0 ? 0 : 10_000 * LOG_STEP ** (row.bucket - 1),
      to: 10_000 * LOG_STEP ** row.bucket,
      customers: row.customers,
    })),
    customersByStatus: statuses.map((row) => ({ status: row.status, customers: Number(row.customers) })),
    customersByLifecycle: lifecycle.map((row) => ({ stage: row.lifecycle_stage, customers: Number(row.customers) })),
    atRisk: atRisk.map((row) => ({
      customerId: row.customer_id,
      name: row.name,
      ownerName: row.owner_name,
      clv: row.clv!,
      risk: row.churn_risk!,
      abcTier: row.abc_tier,
      segment: row.segment as Dashboard['segments'][number]['segment'],
      lastOrderOn: row.last_order_on,
    })),
    model: fit ? presentFit(fit) : null,
  };
}

export async function listWarnings(db: DbOrTx, actor: Actor, query: ChurnWarningListQuery): Promise<ChurnWarningList> {
  const rows = await repo.listWarnings(db, actor, query);
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map(presentWarning);
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

const WARNING_MOVES: Record<string, string[]> = { open: ['acknowledged', 'resolved'], acknowledged: ['resolved'], resolved: [] };

export async function changeWarning(tx: DbOrTx, actor: Actor, id: string, body: ChangeChurnWarningBody): Promise<ChurnWarning> {
  const row = await repo.findWarning(tx, actor, id, { forUpdate: true });
  if (!row) throw notFound('Churn warning');
  if (row.version !== body.version) throw new AppError('version_conflict', 'The warning was changed by someone else', { current: presentWarning(row) });
  if (!WARNING_MOVES[row.status]!.includes(body.status)) {
    throw invalidFields([{ path: 'status', code: 'invalid_transition', message: `A ${row.status} warning cannot become ${body.status}` }]);
  }
  await repo.updateWarningStatus(tx, actor.workspaceId, id, body.version, body.status);
  await recordEvent(tx, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'churn_warning',
    entityId: id,
    customerId: row.customer_id,
    action: body.status,
    before: { status: row.status },
    after: { status: body.status },
  });
  return presentWarning((await repo.findWarning(tx, actor, id))!);
}

export async function getCohorts(db: DbOrTx, actor: Actor, filter: CohortQuery): Promise<CohortRetention> {
  const [cells, lastSucceeded] = await Promise.all([repo.cohortCells(db, actor, filter), repo.latestRefresh(db, actor.workspaceId, 'succeeded')]);
  const cohorts = new Map<string, number[]>();
  for (const cell of cells) {
    const row = cohorts.get(cell.month) ?? [];
    row[cell.month_offset] = cell.customers;
    cohorts.set(cell.month, row);
  }
  return {
    asOf: lastSucceeded?.as_of ?? null,
    cohorts: [...cohorts].map(([month, row]) => {
      const retained = Array.from({ length: row.length }, (_, k) => row[k] ?? 0);
      return { month, size: retained[0] ?? 0, retained };
    }),
  };
}

export async function getSegmentMigrations(db: DbOrTx, actor: Actor, query: SegmentMigrationQuery): Promise<SegmentMigration> {
  const dates = await repo.snapshotDates(db, actor.workspaceId);
  const to = query.to ?? dates[0] ?? null;
  const from = query.from ?? dates.find((date) => to !== null && date < to) ?? null;
  const cells = from && to ? await repo.segmentMigrations(db, actor, from, to) : [];
  return {
    dates,
    from,
    to,
    cells: cells.map((cell) => ({ from: cell.from_segment as SegmentMigration['cells'][number]['from'], to: cell.to_segment as SegmentMigration['cells'][number]['to'], customers: cell.customers })),
  };
}
