import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysBefore } from '../../lib/dates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { insertCustomer, insertOrder } from './analytics.fixtures.ts';
import * as analytics from './analytics.repository.ts';
import { refreshWorkspace } from './refresh.service.ts';

/**
 * A refresh re-derives only the customers whose purchases changed (migration 0023). Whatever happened in
 * between — orders written, cancelled, deleted or moved to another customer, customers reassigned, deleted
 * or restored, days crossing the spend windows' edges, orders dated after the last refresh — its scores,
 * monthly revenue and cohorts must equal those of a refresh that derives every customer from the orders.
 */

const DAY0 = '2026-06-30';
const DAY1 = '2026-07-03';

let ctx: TestContext;
let ws: string;
async function refresh(asOf: string) {
  const row = await analytics.insertRefresh(ctx.db, { workspaceId: ws, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf });
  return refreshWorkspace(ctx.db, ws, row.id, asOf);
}

/** What a refresh leaves behind, without the ids and times that differ between two refreshes. */
async function outcome() {
  const scores = await ctx.db
    .selectFrom('customer_scores')
    .selectAll()
    .where('workspace_id', '=', ws)
    .orderBy('customer_id')
    .execute();
  const revenue = await ctx.db.selectFrom('revenue_monthly').selectAll().where('workspace_id', '=', ws).orderBy('month').orderBy('owner_key').execute();
  const cohorts = await ctx.db
    .selectFrom('customer_cohorts')
    .selectAll()
    .where('workspace_id', '=', ws)
    .orderBy('cohort_month')
    .orderBy('month_offset')
    .orderBy('owner_key')
    .execute();
  const stats = await ctx.db.selectFrom('customer_purchase_stats').selectAll().where('workspace_id', '=', ws).orderBy('customer_id').execute();
  const rollups = await ctx.db
    .selectFrom('dashboard_rollups')
    .selectAll()
    .where('workspace_id', '=', ws)
    .orderBy('owner_key')
    .orderBy('dimension')
    .orderBy('bucket')
    .execute();
  return { scores: scores.map(({ refresh_id: _r, computed_at: _c, ...rest }) => rest), revenue, cohorts, stats, rollups };
}

/** The outcome of the refresh just run equals that of the same day derived again from the orders. */
async function expectSameAsRebuilt(asOf: string) {
  const incremental = await outcome();
  await ctx.db.deleteFrom('analytics_purchase_state').where('workspace_id', '=', ws).execute();
  const rebuilt = await refresh(asOf);
  expect(rebuilt.purchaseStats.mode).toBe('rebuilt');
  const expected = await outcome();
  expect(incremental.stats).toEqual(expected.stats);
  expect(incremental.scores).toEqual(expected.scores);
  expect(incremental.revenue).toEqual(expected.revenue);
  expect(incremental.cohorts).toEqual(expected.cohorts);
  expect(incremental.rollups).toEqual(expected.rollups);
}

const logged = async () => Number((await sql<{ n: string }>`select count(*) as n from analytics_changed_customers where workspace_id = ${ws}`.execute(ctx.db)).rows[0]!.n);

let ids: Record<string, string>;
let secondOwner: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ws = ctx.workspaceId;
  const owner = ctx.adminId;
  secondOwner = (await ctx.userSession('sales_rep')).userId;
  ids = {};
  // Twelve steady customers, so that the ranks and the models have something to work on.
  for (let k = 0; k < 12; k++) {
    const id = await insertCustomer(ctx.db, ws, `稳定客户${k}`, k % 2 ? owner : null);
    for (let n = 0; n <= k % 5; n++) await insertOrder(ctx.db, ws, id, daysBefore(DAY0, 20 + 45 * n + k), 10_000 + 1_000 * k);
  }
  for (const name of ['buys', 'cancels', 'loses', 'gains', 'reassigned', 'deleted', 'restored', 'orderDeleted', 'recentEdge', 'previousEdge', 'future', 'untouched']) {
    ids[name] = await insertCustomer(ctx.db, ws, name, owner);
  }
  await insertOrder(ctx.db, ws, ids.buys!, daysBefore(DAY0, 40), 30_000);
  await insertOrder(ctx.db, ws, ids.cancels!, daysBefore(DAY0, 90), 20_000);
  ids.cancelledOrder = await insertOrder(ctx.db, ws, ids.cancels!, daysBefore(DAY0, 10), 50_000);
  await insertOrder(ctx.db, ws, ids.loses!, daysBefore(DAY0, 300), 40_000);
  ids.movedOrder = await insertOrder(ctx.db, ws, ids.loses!, daysBefore(DAY0, 30), 60_000);
  await insertOrder(ctx.db, ws, ids.gains!, daysBefore(DAY0, 200), 15_000);
  await insertOrder(ctx.db, ws, ids.reassigned!, daysBefore(DAY0, 70), 25_000);
  await insertOrder(ctx.db, ws, ids.reassigned!, daysBefore(DAY0, 400), 25_000);
  await insertOrder(ctx.db, ws, ids.deleted!, daysBefore(DAY0, 50), 35_000);
  await insertOrder(ctx.db, ws, ids.restored!, daysBefore(DAY0, 60), 45_000);
  await insertOrder(ctx.db, ws, ids.orderDeleted!, daysBefore(DAY0, 100), 10_000);
  ids.deletedOrder = await insertOrder(ctx.db, ws, ids.orderDeleted!, daysBefore(DAY0, 15), 90_000);
  // in the last 182 days' spend as of DAY0 (a day after DAY0 − 182), in the 182 before as of DAY1
  await insertOrder(ctx.db, ws, ids.recentEdge!, daysBefore(DAY0, 181), 70_000);
  await insertOrder(ctx.db, ws, ids.recentEdge!, daysBefore(DAY0, 20), 10_000);
  // in the previous 182 days as of DAY0, out of both windows as of DAY1
  await insertOrder(ctx.db, ws, ids.previousEdge!, daysBefore(DAY0, 362), 80_000);
  await insertOrder(ctx.db, ws, ids.previousEdge!, daysBefore(DAY0, 25), 10_000);
  await insertOrder(ctx.db, ws, ids.untouched!, daysBefore(DAY0, 33), 12_000);
  // dated after DAY0: counted only from DAY1 on
  await insertOrder(ctx.db, ws, ids.future!, daysBefore(DAY0, 45), 22_000);
  await insertOrder(ctx.db, ws, ids.future!, '2026-07-02', 66_000);
});

describe('incremental refresh', () => {
  it('derives every customer on the first refresh, then only those whose purchases changed', async () => {
    const first = await refresh(DAY0);
    expect(first.purchaseStats).toEqual({ mode: 'rebuilt', changed: null });
    expect(await logged()).toBe(0);

    // an edited note or a new name changes no figure: nothing is logged
    await ctx.db.updateTable('orders').set({ note: 'called back' }).where('workspace_id', '=', ws).where('id', '=', ids.movedOrder!).execute();
    await ctx.db.updateTable('customers').set({ name: 'untouched, renamed' }).where('workspace_id', '=', ws).where('id', '=', ids.untouched!).execute();
    expect(await logged()).toBe(0);

    await insertOrder(ctx.db, ws, ids.buys!, '2026-07-02', 55_000);
    await ctx.db.updateTable('orders').set({ status: 'cancelled' }).where('workspace_id', '=', ws).where('id', '=', ids.cancelledOrder!).execute();
    // as a merge moves a customer's orders to the survivor
    await ctx.db.updateTable('orders').set({ customer_id: ids.gains! }).where('workspace_id', '=', ws).where('id', '=', ids.movedOrder!).execute();
    await ctx.db.updateTable('customers').set({ owner_id: secondOwner }).where('workspace_id', '=', ws).where('id', '=', ids.reassigned!).execute();
    await ctx.db.updateTable('customers').set({ deleted_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', ids.deleted!).execute();
    await ctx.db.updateTable('customers').set({ deleted_at: new Date() }).where('workspace_id', '=', ws).where('id', '=', ids.restored!).execute();
    await ctx.db.updateTable('customers').set({ deleted_at: null }).where('workspace_id', '=', ws).where('id', '=', ids.restored!).execute();
    await ctx.db.deleteFrom('orders').where('workspace_id', '=', ws).where('id', '=', ids.deletedOrder!).execute();
    expect(await logged()).toBeGreaterThan(0);

    const second = await refresh(DAY1);
    expect(second.purchaseStats.mode).toBe('incremental');
    // re-derived: the logged ones and the order dated after DAY0; shifted: the two window edges — not the steady customers
    const kept = new Set(
      (await sql<{ customer_id: string }>`select customer_id from customer_purchase_stats where workspace_id = ${ws}`.execute(ctx.db)).rows.map((r) => r.customer_id),
    );
    expect(second.purchaseStats.changed).toEqual({ rederived: 9, shifted: 2 });
    expect(kept.has(ids.deleted!)).toBe(false);
    expect(kept.has(ids.restored!)).toBe(true);
    expect(await logged()).toBe(0);
    await expectSameAsRebuilt(DAY1);
  });

  it('moves the edge customers between the spend windows and counts the later-dated order', async () => {
    const stats = Object.fromEntries(
      (await ctx.db.selectFrom('customer_purchase_stats').selectAll().where('workspace_id', '=', ws).execute()).map((row) => [row.customer_id, row]),
    );
    expect(stats[ids.recentEdge!]).toMatchObject({ spend_recent: 10_000, spend_previous: 70_000 });
    expect(stats[ids.previousEdge!]).toMatchObject({ spend_recent: 10_000, spend_previous: 0 });
    expect(stats[ids.future!]).toMatchObject({ orders: 2, monetary: 88_000, last_day: '2026-07-02' });
    expect(stats[ids.gains!]).toMatchObject({ orders: 2, monetary: 75_000 });
    expect(stats[ids.reassigned!]!.owner_key).toBe(secondOwner);
  });

  it('leaves the kept figures alone for a back-dated refresh, and carries on from them after', async () => {
    const before = await outcome();
    const backdated = await refresh(DAY0);
    expect(backdated.purchaseStats).toEqual({ mode: 'backdated', changed: null });
    const after = await outcome();
    expect(after.stats).toEqual(before.stats);
    expect(after.revenue).toEqual(before.revenue);
    const again = await refresh(DAY1);
    expect(again.purchaseStats).toEqual({ mode: 'incremental', changed: { rederived: 0, shifted: 0 } });
    expect((await outcome()).scores).toEqual(before.scores);
  });

  it('re-derives the customers whose days left a window when more than 182 days passed, with the same outcome as a rebuild', async () => {
    const later = '2027-01-25';
    await insertOrder(ctx.db, ws, ids.buys!, '2027-01-20', 12_000);
    const summary = await refresh(later);
    expect(summary.purchaseStats.mode).toBe('incremental');
    expect(summary.purchaseStats.changed!.shifted).toBe(0);
    expect(summary.purchaseStats.changed!.rederived).toBeGreaterThan(10);
    await expectSameAsRebuilt(later);
  });
});
