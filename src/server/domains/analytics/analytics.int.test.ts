import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { daysBefore } from '../../lib/dates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { fitBgNbd } from './clv/bg-nbd.model.ts';
import { simulateBgNbd, toTransactionLog } from './clv/clv.simulate.ts';
import { predictCustomer } from './clv/clv.value.ts';
import { fitGammaGamma } from './clv/gamma-gamma.model.ts';
import { summarizeTransactions } from './clv/transactions.summary.ts';
import { insertCustomer, insertOrder } from './analytics.fixtures.ts';
import * as analytics from './analytics.repository.ts';
import { refreshWorkspace, runRefresh } from './refresh.service.ts';

const AS_OF = '2026-06-30';

let ctx: TestContext;
// order numbers of the orders written inline below (the fixtures number theirs T1, T2, …)
let orderCounter = 0;

async function queueRefresh(db: Db, workspaceId: string, asOf: string) {
  const row = await analytics.insertRefresh(db, { workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf });
  return row.id;
}

async function refreshAsOf(db: Db, workspaceId: string, asOf: string) {
  const id = await queueRefresh(db, workspaceId, asOf);
  await runRefresh(db, workspaceId, id);
  return id;
}

/**
 * Ten customers whose quintile scores are worked out by hand (n = 10: rank k scores
 * 1 + ⌊5(k−1)/10⌋, ties share the lowest rank):
 *            A      B     C     D     E     F     G     H      I     J
 * recency   300    200    10   150     5    60    30    90      2     2   → R 1 1 4 2 4 3 3 2 5 5
 * orders      1      1     1     2     2     3     4     5      6     8   → F 1 1 1 2 2 3 4 4 5 5
 * revenue  5000    100   200   400   300   900   800  1000    600  4000 yuan → M 5 1 1 2 2 4 3 4 3 5
 * B has a cancelled order and C a refunded one, both yesterday: counted, they would change R and M.
 */
const PLAN = {
  A: { recency: 300, orders: 1, each: 500_000 },
  B: { recency: 200, orders: 1, each: 10_000 },
  C: { recency: 10, orders: 1, each: 20_000 },
  D: { recency: 150, orders: 2, each: 20_000 },
  E: { recency: 5, orders: 2, each: 15_000 },
  F: { recency: 60, orders: 3, each: 30_000 },
  G: { recency: 30, orders: 4, each: 20_000 },
  H: { recency: 90, orders: 5, each: 20_000 },
  I: { recency: 2, orders: 6, each: 10_000 },
  J: { recency: 2, orders: 8, each: 50_000 },
} as const;
type Name = keyof typeof PLAN;
const ids = {} as Record<Name, string>;
let repId: string;
let rep: Awaited<ReturnType<TestContext['userSession']>>;

beforeAll(async () => {
  ctx = await createTestContext();
  rep = await ctx.userSession('sales_rep');
  repId = rep.userId;
  for (const [name, plan] of Object.entries(PLAN) as Array<[Name, (typeof PLAN)[Name]]>) {
    // the rep owns A, F and J; the others belong to the admin
    ids[name] = await insertCustomer(ctx.db, ctx.workspaceId, `客户${name}`, ['A', 'F', 'J'].includes(name) ? repId : ctx.adminId);
    const last = daysBefore(AS_OF, plan.recency);
    for (let k = 0; k < plan.orders; k++) {
      // I buys twice on its last day: 6 orders on 5 purchase days
      const offset = name === 'I' ? Math.max(0, k - 1) * 7 : k * 7;
      await insertOrder(ctx.db, ctx.workspaceId, ids[name], daysBefore(last, offset), plan.each);
    }
  }
  await insertOrder(ctx.db, ctx.workspaceId, ids.B, daysBefore(AS_OF, 1), 1_000_000, 'cancelled');
  await insertOrder(ctx.db, ctx.workspaceId, ids.C, daysBefore(AS_OF, 1), 1_000_000, 'refunded');
  // after the as-of day: not counted
  await insertOrder(ctx.db, ctx.workspaceId, ids.A, '2026-07-01', 1_000_000);
});

async function scores() {
  const rows = await ctx.db.selectFrom('customer_scores').selectAll().where('workspace_id', '=', ctx.workspaceId).execute();
  const byName = Object.fromEntries(rows.map((row) => [(Object.entries(ids) as Array<[Name, string]>).find(([, id]) => id === row.customer_id)![0], row]));
  return byName as Record<Name, (typeof rows)[number]>;
}

describe('score refresh: RFM, segments, ABC tiers', () => {
  it('scores R, F, M by quintiles with ties sharing the lower score, excluding cancelled, refunded and later orders', async () => {
    await refreshAsOf(ctx.db, ctx.workspaceId, AS_OF);
    const s = await scores();
    const names = Object.keys(PLAN) as Name[];
    expect(names.map((n) => s[n].recency_days)).toEqual([300, 200, 10, 150, 5, 60, 30, 90, 2, 2]);
    expect(names.map((n) => s[n].orders)).toEqual([1, 1, 1, 2, 2, 3, 4, 5, 6, 8]);
    expect(names.map((n) => s[n].monetary)).toEqual([500_000, 10_000, 20_000, 40_000, 30_000, 90_000, 80_000, 100_000, 60_000, 400_000]);
    expect(names.map((n) => s[n].r_score)).toEqual([1, 1, 4, 2, 4, 3, 3, 2, 5, 5]);
    expect(names.map((n) => s[n].f_score)).toEqual([1, 1, 1, 2, 2, 3, 4, 4, 5, 5]);
    expect(names.map((n) => s[n].m_score)).toEqual([5, 1, 1, 2, 2, 4, 3, 4, 3, 5]);
    expect(s.I.purchase_days).toBe(5);
    expect(s.A.as_of).toBe(AS_OF);
    expect(s.J.last_order_on).toBe(daysBefore(AS_OF, 2));
  });

  it('names the 8 segments by the high/low rule table (high = score ≥ 3)', async () => {
    const s = await scores();
    expect(Object.fromEntries((Object.keys(PLAN) as Name[]).map((n) => [n, s[n].segment]))).toEqual({
      A: 'important_winback',
      B: 'general_winback',
      C: 'general_development',
      D: 'general_winback',
      E: 'general_development',
      F: 'important_value',
      G: 'important_value',
      H: 'important_retention',
      I: 'important_value',
      J: 'important_value',
    });
  });

  it('tiers customers A/B/C by cumulative revenue share (80 % / 15 % / rest) and flags key accounts (first 50 %)', async () => {
    const s = await scores();
    // by revenue: A 500k (0 before), J 400k (.376), H 100k (.677), F 90k (.752) → A; G (.820), I (.880), D (.925) → B; E (.955), C, B → C
    expect(Object.fromEntries((Object.keys(PLAN) as Name[]).map((n) => [n, s[n].abc_tier]))).toEqual({
      A: 'A', J: 'A', H: 'A', F: 'A', G: 'B', I: 'B', D: 'B', E: 'C', C: 'C', B: 'C',
    });
    expect((Object.keys(PLAN) as Name[]).filter((n) => s[n].key_account).sort()).toEqual(['A', 'J']);
    expect(s.B.cumulative_share).toBeCloseTo(1, 12);
  });

  it('uses fixed thresholds when the workspace chooses them', async () => {
    const other = await ctx.otherWorkspace();
    const id = await insertCustomer(ctx.db, other.workspaceId, '阈值客户');
    for (const days of [40, 47, 54]) await insertOrder(ctx.db, other.workspaceId, id, daysBefore(AS_OF, days), 200_000);
    const settings = await other.admin.request('GET', '/api/analytics/settings');
    expect(settings.statusCode).toBe(200);
    const changed = await other.admin.request('PATCH', '/api/analytics/settings', {
      version: settings.json().version,
      rfmMethod: 'thresholds',
      rfmThresholds: { recencyDays: [30, 90, 180, 365], frequency: [2, 3, 5, 10], monetary: [100_000, 500_000, 1_000_000, 5_000_000] },
    });
    expect(changed.statusCode).toBe(200);
    await refreshAsOf(ctx.db, other.workspaceId, AS_OF);
    const row = await ctx.db.selectFrom('customer_scores').selectAll().where('workspace_id', '=', other.workspaceId).executeTakeFirstOrThrow();
    // 40 days → ≤ 90: 4; 3 orders → ≥ 2, ≥ 3: 3; 600 000 fen → ≥ 100 000, ≥ 500 000: 3
    expect([row.r_score, row.f_score, row.m_score]).toEqual([4, 3, 3]);
  });

  it("counts purchase days and months in the workspace's time zone (Asia/Shanghai), not in UTC", async () => {
    const other = await ctx.otherWorkspace();
    const id = await insertCustomer(ctx.db, other.workspaceId, '时区客户');
    // Shanghai: 1 Mar 18:00, 2 Mar 00:30, 1 Apr 00:30 — three days over two months. In UTC: 1 Mar twice and 31 Mar.
    const orders = [
      ['2026-03-01T10:00:00Z', 10_000],
      ['2026-03-01T16:30:00Z', 20_000],
      ['2026-03-31T16:30:00Z', 40_000],
    ] as const;
    for (const [orderedAt, amount] of orders) {
      await ctx.db
        .insertInto('orders')
        .values({ workspace_id: other.workspaceId, id: uuidv7(), order_no: `TZ${++orderCounter}`, customer_id: id, ordered_at: orderedAt, status: 'completed', amount })
        .execute();
    }
    await refreshAsOf(ctx.db, other.workspaceId, AS_OF);
    const row = await ctx.db.selectFrom('customer_scores').selectAll().where('workspace_id', '=', other.workspaceId).executeTakeFirstOrThrow();
    expect([row.purchase_days, row.first_order_on, row.last_order_on]).toEqual([3, '2026-03-01', '2026-04-01']);
    const months = await ctx.db.selectFrom('revenue_monthly').select(['month', 'revenue']).where('workspace_id', '=', other.workspaceId).orderBy('month').execute();
    expect(months).toEqual([
      { month: '2026-03-01', revenue: 30_000 },
      { month: '2026-04-01', revenue: 40_000 },
    ]);
    const cohort = await ctx.db.selectFrom('customer_cohorts').select(['cohort_month', 'month_offset', 'revenue']).where('workspace_id', '=', other.workspaceId).orderBy('month_offset').execute();
    expect(cohort).toEqual([
      { cohort_month: '2026-03-01', month_offset: 0, revenue: 30_000 },
      { cohort_month: '2026-03-01', month_offset: 1, revenue: 40_000 },
    ]);
  });

  it('is idempotent: a second refresh the same day gives the same rows and one snapshot per customer and day', async () => {
    const before = await scores();
    await refreshAsOf(ctx.db, ctx.workspaceId, AS_OF);
    const after = await scores();
    const strip = (rows: typeof before) =>
      Object.fromEntries(Object.entries(rows).map(([name, { refresh_id: _r, computed_at: _c, ...rest }]) => [name, rest]));
    expect(strip(after)).toEqual(strip(before));
    const history = await ctx.db
      .selectFrom('customer_score_history')
      .select(['as_of', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', ctx.workspaceId)
      .groupBy('as_of')
      .execute();
    expect(history).toEqual([{ as_of: AS_OF, n: 10 }]);
  });

  it('keeps one snapshot per refresh date, so segment migrations between dates can be read', async () => {
    // as of 60 days earlier, I's last orders had not happened yet
    const earlier = daysBefore(AS_OF, 60);
    await refreshAsOf(ctx.db, ctx.workspaceId, earlier);
    const dates = await ctx.db.selectFrom('customer_score_history').select('as_of').distinct().where('workspace_id', '=', ctx.workspaceId).orderBy('as_of').execute();
    expect(dates.map((row) => row.as_of)).toEqual([earlier, AS_OF]);
    // the current scores stay those of the latest date
    expect((await scores()).J.as_of).toBe(AS_OF);
  });

  it('records the monthly revenue aggregate the dashboard reads', async () => {
    const rows = await ctx.db.selectFrom('revenue_monthly').selectAll().where('workspace_id', '=', ctx.workspaceId).execute();
    expect(rows.reduce((sum, row) => sum + row.revenue, 0)).toBe(1_330_000);
    expect(rows.reduce((sum, row) => sum + row.orders, 0)).toBe(33);
  });

  it('records why no CLV model was fitted for too few repeat buyers, and shows it', async () => {
    const fit = await analytics.currentFit(ctx.db, ctx.workspaceId);
    // 7 repeat buyers: the workspace fit asks for 10
    expect(fit).toMatchObject({ status: 'insufficient_data', customers: 10, repeat_buyers: 7, bgnbd: null, gamma_gamma: null });
    expect(fit?.reason).toMatch(/at least 10 customers with repeat purchases, got 7/);
    const response = await ctx.admin.request('GET', `/api/analytics/customers/${ids.J}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.clv).toBeNull();
    expect(body.clvUnavailable).toBe(fit?.reason);
    expect(body.explanation).toContain('暂无终生价值预测');
  });
});

describe('customer analytics API', () => {
  it('explains a customer in plain Chinese', async () => {
    const response = await ctx.admin.request('GET', `/api/analytics/customers/${ids.J}`);
    const body = response.json();
    expect(body.rfm).toEqual({ recencyDays: 2, frequency: 8, monetary: 400_000, r: 5, f: 5, m: 5, segment: 'important_value' });
    expect(body.abcTier).toBe('A');
    expect(body.keyAccount).toBe(true);
    expect(body.explanation).toContain('该客户在过去 7 周购买了 8 次');
    expect(body.explanation).toContain(`最近一次在 ${daysBefore(AS_OF, 2)}`);
    expect(body.explanation).toContain('重要价值客户');
    // J first bought 51 days ago: no snapshot 60 days ago; H has both, and moved between segments
    expect(body.history.map((h: { asOf: string }) => h.asOf)).toEqual([AS_OF]);
    const h = (await ctx.admin.request('GET', `/api/analytics/customers/${ids.H}`)).json();
    expect(h.history.map((row: { asOf: string }) => row.asOf)).toEqual([daysBefore(AS_OF, 60), AS_OF]);
  });

  it('answers 404 for a customer the rep may not see, and explains a customer without orders', async () => {
    expect((await rep.request('GET', `/api/analytics/customers/${ids.B}`)).statusCode).toBe(404);
    expect((await rep.request('GET', `/api/analytics/customers/${ids.J}`)).statusCode).toBe(200);
    const lonely = await insertCustomer(ctx.db, ctx.workspaceId, '新客户', repId);
    const body = (await rep.request('GET', `/api/analytics/customers/${lonely}`)).json();
    expect(body.scored).toBe(false);
    expect(body.explanation).toContain('还没有计入的订单');
  });
});

describe('dashboard', () => {
  it('needs analytics.read', async () => {
    expect((await rep.request('GET', '/api/analytics/dashboard')).statusCode).toBe(403);
    expect((await ctx.admin.request('GET', '/api/analytics/dashboard')).statusCode).toBe(200);
  });

  it('reads the precomputed tables, scoped to the customers the actor may see', async () => {
    const all = (await ctx.admin.request('GET', '/api/analytics/dashboard')).json();
    expect(all.segments.reduce((sum: number, row: { customers: number }) => sum + row.customers, 0)).toBe(10);
    expect(all.tiers).toEqual([
      { tier: 'A', customers: 4, monetary: 1_090_000, keyAccounts: 2 },
      { tier: 'B', customers: 3, monetary: 180_000, keyAccounts: 0 },
      { tier: 'C', customers: 3, monetary: 60_000, keyAccounts: 0 },
    ]);
    expect(all.revenueByMonth.reduce((sum: number, row: { revenue: number }) => sum + row.revenue, 0)).toBe(1_330_000);

    // a team-scoped manager whose team holds only the rep sees the rep's three customers
    const team = await ctx.admin.request('POST', '/api/teams', { name: '华东组' });
    expect(team.statusCode).toBe(201);
    const manager = await ctx.userSession('sales_manager', { teamId: team.json().id });
    await ctx.db.updateTable('users').set({ team_id: team.json().id }).where('id', '=', repId).execute();
    const scoped = (await manager.request('GET', '/api/analytics/dashboard')).json();
    expect(scoped.segments.reduce((sum: number, row: { customers: number }) => sum + row.customers, 0)).toBe(3);
    expect(scoped.tiers.map((row: { tier: string; customers: number }) => [row.tier, row.customers])).toEqual([['A', 3]]);
    expect(scoped.revenueByMonth.reduce((sum: number, row: { revenue: number }) => sum + row.revenue, 0)).toBe(500_000 + 90_000 + 400_000);

    // and the owner filter narrows the admin's view the same way
    const byOwner = (await ctx.admin.request('GET', `/api/analytics/dashboard?ownerId=${repId}`)).json();
    expect(byOwner.tiers.map((row: { tier: string; customers: number }) => [row.tier, row.customers])).toEqual([['A', 3]]);
  });
});

describe('dashboard rollups', () => {
  it('gives roles that see every customer the scores counted per owner at the refresh: the same numbers as the scores', async () => {
    const scores = await ctx.db
      .selectFrom('customer_scores as s')
      .innerJoin('customers as c', (join) => join.onRef('c.workspace_id', '=', 's.workspace_id').onRef('c.id', '=', 's.customer_id'))
      .select(['s.segment', 's.abc_tier', 's.monetary', 's.key_account', 's.clv', 'c.owner_id'])
      .where('s.workspace_id', '=', ctx.workspaceId)
      .where('c.deleted_at', 'is', null)
      .execute();
    const tally = <K extends string>(key: (row: (typeof scores)[number]) => K | null) => {
      const out = new Map<K, { customers: number; monetary: number; keyAccounts: number }>();
      for (const row of scores) {
        const k = key(row);
        if (k === null) continue;
        const t = out.get(k) ?? { customers: 0, monetary: 0, keyAccounts: 0 };
        out.set(k, { customers: t.customers + 1, monetary: t.monetary + row.monetary, keyAccounts: t.keyAccounts + (row.key_account ? 1 : 0) });
      }
      return out;
    };
    const clvBucket = (clv: number) => (clv < 10_000 ? 0 : Math.floor(2 * Math.log10(clv / 10_000)) + 1);

    const all = (await ctx.admin.request('GET', '/api/analytics/dashboard')).json();
    const segments = tally((row) => row.segment);
    expect(Object.fromEntries(all.segments.map((row: { segment: string; customers: number; monetary: number }) => [row.segment, [row.customers, row.monetary]]))).toEqual(
      Object.fromEntries([...segments].map(([segment, t]) => [segment, [t.customers, t.monetary]])),
    );
    const tiers = tally((row) => row.abc_tier);
    expect(all.tiers).toEqual([...tiers].sort(([a], [b]) => a.localeCompare(b)).map(([tier, t]) => ({ tier, customers: t.customers, monetary: t.monetary, keyAccounts: t.keyAccounts })));
    const clv = tally((row) => (row.clv === null ? null : String(clvBucket(row.clv))));
    expect(all.clvDistribution.map((row: { customers: number }) => row.customers)).toEqual(
      [...clv].sort(([a], [b]) => Number(a) - Number(b)).map(([, t]) => t.customers),
    );
    // read from the rollups: one row per owner and bucket, adding up to every scored customer
    const rolled = await ctx.db.selectFrom('dashboard_rollups').select(['customers']).where('workspace_id', '=', ctx.workspaceId).where('dimension', '=', 'tier').execute();
    expect(rolled.reduce((sum, row) => sum + row.customers, 0)).toBe(scores.length);

    // the owner filter picks that owner's rows
    const byOwner = (await ctx.admin.request('GET', `/api/analytics/dashboard?ownerId=${repId}`)).json();
    const ownTiers = tally((row) => (row.owner_id === repId ? row.abc_tier : null));
    expect(byOwner.tiers.map((row: { tier: string; customers: number }) => [row.tier, row.customers])).toEqual(
      [...ownTiers].sort(([a], [b]) => a.localeCompare(b)).map(([tier, t]) => [tier, t.customers]),
    );
  });
});

describe('cohorts and segment migrations', () => {
  it('counts customers by first-order month and the months after in which they bought', async () => {
    // expected from the plan itself: each customer's purchase days, as inserted
    const days = (name: Name) => {
      const plan = PLAN[name];
      const last = daysBefore(AS_OF, plan.recency);
      return Array.from({ length: plan.orders }, (_, k) => daysBefore(last, name === 'I' ? Math.max(0, k - 1) * 7 : k * 7));
    };
    const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
    const expected = new Map<string, number[]>();
    for (const name of Object.keys(PLAN) as Name[]) {
      const first = days(name).sort()[0]!;
      const offsets = new Set(days(name).map((day) => monthIndex(day) - monthIndex(first)));
      const row = expected.get(first.slice(0, 7)) ?? [];
      for (const k of offsets) row[k] = (row[k] ?? 0) + 1;
      expected.set(first.slice(0, 7), row);
    }
    const body = (await ctx.admin.request('GET', '/api/analytics/cohorts')).json();
    expect(body.cohorts).toEqual(
      [...expected.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, row]) => {
          const retained = Array.from({ length: row.length }, (_, k) => row[k] ?? 0);
          return { month, size: retained[0], retained };
        }),
    );
    // the rep's own customers only (A, F, J)
    expect((await rep.request('GET', '/api/analytics/cohorts')).statusCode).toBe(403);
    const own = (await ctx.admin.request('GET', `/api/analytics/cohorts?ownerId=${repId}`)).json();
    expect(own.cohorts.reduce((sum: number, c: { size: number }) => sum + c.size, 0)).toBe(3);
  });

  it('counts segment moves between two snapshot dates', async () => {
    const body = (await ctx.admin.request('GET', '/api/analytics/segment-migrations')).json();
    expect(body.dates).toEqual([AS_OF, daysBefore(AS_OF, 60)]);
    expect([body.from, body.to]).toEqual([daysBefore(AS_OF, 60), AS_OF]);
    // A, B, D, F and H had bought 60 days before; their segments now:
    const now: Record<string, number> = {};
    for (const cell of body.cells) now[cell.to] = (now[cell.to] ?? 0) + cell.customers;
    expect(now).toEqual({ important_winback: 1, general_winback: 2, important_value: 1, important_retention: 1 });
  });
});

describe('refresh over HTTP', () => {
  it('queues a refresh, answers at once, and reports progress until it succeeds', async () => {
    const started = await ctx.admin.request('POST', '/api/analytics/refresh', { asOf: AS_OF });
    expect(started.statusCode).toBe(202);
    expect(started.json().status).toBe('queued');
    await expect
      .poll(async () => (await ctx.admin.request('GET', '/api/analytics/refresh/status')).json().latest.status, { timeout: 30_000, interval: 250 })
      .toBe('succeeded');
    const status = (await ctx.admin.request('GET', '/api/analytics/refresh/status')).json();
    expect(status.latest.progress).toBe(100);
    expect(status.lastSucceeded.id).toBe(started.json().id);
    expect((await rep.request('POST', '/api/analytics/refresh', {})).statusCode).toBe(403);
  });

  it('does not wait for a refresh left running by a stopped server: past the job expiry it is marked failed', async () => {
    const stuck = await analytics.insertRefresh(ctx.db, { workspaceId: ctx.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf: AS_OF });
    await ctx.db
      .updateTable('analytics_refreshes')
      .set({ status: 'running', step: 'scores', queued_at: new Date(Date.now() - 2 * 3600_000), started_at: new Date(Date.now() - 2 * 3600_000) })
      .where('workspace_id', '=', ctx.workspaceId)
      .where('id', '=', stuck.id)
      .execute();
    // a recent one is still waited for
    const recent = await analytics.insertRefresh(ctx.db, { workspaceId: ctx.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf: AS_OF });
    const waiting = await ctx.admin.request('POST', '/api/analytics/refresh', { asOf: AS_OF });
    expect(waiting.json().id).toBe(recent.id);
    await ctx.db.updateTable('analytics_refreshes').set({ status: 'succeeded' }).where('workspace_id', '=', ctx.workspaceId).where('id', '=', recent.id).execute();

    const started = await ctx.admin.request('POST', '/api/analytics/refresh', { asOf: AS_OF });
    expect(started.statusCode).toBe(202);
    expect(started.json().id).not.toBe(stuck.id);
    const abandoned = await analytics.findRefresh(ctx.db, ctx.workspaceId, stuck.id);
    expect(abandoned).toMatchObject({ status: 'failed' });
    expect(abandoned!.error).toMatch(/^abandoned/);
    await expect
      .poll(async () => (await ctx.admin.request('GET', '/api/analytics/refresh/status')).json().latest.status, { timeout: 30_000, interval: 250 })
      .toBe('succeeded');
  });
});

describe('CLV', () => {
  it('stores per customer exactly the library’s predictions for the same orders', async () => {
    const other = await ctx.otherWorkspace();
    const simulated = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.8, b: 2.5 }, { customers: 150, seed: 7, acquisitionWeeks: 20, calibrationWeeks: 60 });
    const log = toTransactionLog(simulated, { studyStart: '2025-05-01', spend: { p: 6, q: 4, gamma: 15 }, seed: 3 });
    const asOf = daysBefore('2025-05-01', -60 * 7);
    const customerIds = new Map<string, string>();
    const rows = [];
    for (const t of log) {
      if (t.date > asOf) continue;
      if (!customerIds.has(t.customerId)) customerIds.set(t.customerId, await insertCustomer(ctx.db, other.workspaceId, t.customerId));
      rows.push({
        workspace_id: other.workspaceId,
        id: uuidv7(),
        order_no: `S${++orderCounter}`,
        customer_id: customerIds.get(t.customerId)!,
        ordered_at: `${t.date}T10:00:00+08:00`,
        amount: Math.round(t.amount * 100),
      });
    }
    await ctx.db.insertInto('orders').values(rows).execute();
    await refreshAsOf(ctx.db, other.workspaceId, asOf);

    const fit = (await analytics.currentFit(ctx.db, other.workspaceId))!;
    expect(fit.status).toBe('fitted');
    const bg = fit.bgnbd as { r: number; alpha: number; a: number; b: number; converged: boolean };
    const gg = fit.gamma_gamma as { p: number; q: number; gamma: number };
    expect(bg.converged).toBe(true);

    // the library on the same data: the same summaries, the same fit
    const summaries = summarizeTransactions(
      rows.map((row) => ({ customerId: row.customer_id, date: row.ordered_at.slice(0, 10), amount: row.amount })),
      asOf,
    );
    const libraryFit = fitBgNbd({ x: summaries.map((c) => c.x), tx: summaries.map((c) => c.tx), T: summaries.map((c) => c.T) });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(bg[key]).toBeCloseTo(libraryFit[key], 10);
    const repeat = summaries.filter((c) => c.x > 0 && c.monetaryValue > 0);
    const libraryGg = fitGammaGamma({ x: repeat.map((c) => c.x), meanSpend: repeat.map((c) => c.monetaryValue) });
    for (const key of ['p', 'q', 'gamma'] as const) expect(gg[key] / libraryGg[key]).toBeCloseTo(1, 4);

    const stored = await ctx.db.selectFrom('customer_scores').selectAll().where('workspace_id', '=', other.workspaceId).execute();
    expect(stored).toHaveLength(summaries.length);
    const byId = new Map(stored.map((row) => [row.customer_id, row]));
    for (const c of summaries) {
      const row = byId.get(c.customerId)!;
      const expected = predictCustomer(bg, gg, c, { horizonWeeks: 52, discountMonthly: 0.01 });
      expect(row.purchase_days - 1).toBe(c.x);
      expect(row.p_alive! / expected.pAlive).toBeCloseTo(1, 9);
      expect(row.expected_purchases! / expected.expectedPurchases).toBeCloseTo(1, 9);
      expect(row.expected_spend! / expected.expectedSpend).toBeCloseTo(1, 9);
      expect(row.clv! / expected.clv).toBeCloseTo(1, 9);
    }
  });
});

describe('churn risk and warnings', () => {
  it('gives repeat buyers a risk with its reasons in plain words, and one-time buyers none', async () => {
    const s = await scores();
    expect(s.A.churn_risk).toBeNull();
    const single = (await ctx.admin.request('GET', `/api/analytics/customers/${ids.A}`)).json();
    expect(single.churn.reasons.map((r: { code: string }) => r.code)).toEqual(['single_purchase']);
    // H: 5 weekly orders (mean gap 7 days), last one 90 days ago: far overdue
    const body = (await ctx.admin.request('GET', `/api/analytics/customers/${ids.H}`)).json();
    const overdue = body.churn.reasons.find((r: { code: string }) => r.code === 'overdue');
    expect(overdue).toMatchObject({ concern: true, params: { recencyDays: 90, meanGapDays: 7 } });
    expect(overdue.text).toBe('距上次购买已 90 天，是其平均购买间隔（7.0 天）的 12.9 倍');
    const spend = body.churn.reasons.find((r: { code: string }) => r.code === 'spend_falling');
    expect(spend.text).toContain('近两个季度消费 ¥1,000.00');
    // J bought 2 days ago on its weekly rhythm: not overdue
    const j = (await ctx.admin.request('GET', `/api/analytics/customers/${ids.J}`)).json();
    expect(j.churn.reasons.find((r: { code: string }) => r.code === 'overdue').concern).toBe(false);
    expect(j.churn.risk).toBeLessThan(body.churn.risk);
  });

  it('opens a warning once per customer crossing the threshold and notifies the owner', async () => {
    const warnings = await ctx.db.selectFrom('churn_warnings').selectAll().where('workspace_id', '=', ctx.workspaceId).execute();
    const s = await scores();
    const settings = await ctx.db.selectFrom('analytics_settings').selectAll().where('workspace_id', '=', ctx.workspaceId).executeTakeFirstOrThrow();
    const expected = (Object.keys(PLAN) as Name[]).filter(
      (n) => s[n].churn_risk !== null && s[n].churn_risk! >= settings.churn_threshold && ['A', 'B'].includes(s[n].abc_tier),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(warnings.map((w) => w.customer_id).sort()).toEqual(expected.map((n) => ids[n]).sort());
    // several refreshes ran above: still one warning per customer
    await refreshAsOf(ctx.db, ctx.workspaceId, AS_OF);
    expect(await ctx.db.selectFrom('churn_warnings').select('id').where('workspace_id', '=', ctx.workspaceId).execute()).toHaveLength(warnings.length);
    const notes = await ctx.db.selectFrom('notifications').selectAll().where('workspace_id', '=', ctx.workspaceId).where('kind', '=', 'churn_warning').execute();
    expect(notes).toHaveLength(warnings.length);
    expect(notes[0]!.message).toMatch(/流失风险 \d+%/);
    const listed = (await ctx.admin.request('GET', '/api/analytics/churn-warnings?status=open')).json();
    expect(listed.items).toHaveLength(warnings.length);
    const first = listed.items[0];
    const ack = await ctx.admin.request('POST', `/api/analytics/churn-warnings/${first.id}/status`, { status: 'acknowledged', version: first.version });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    const stale = await ctx.admin.request('POST', `/api/analytics/churn-warnings/${first.id}/status`, { status: 'resolved', version: first.version });
    expect(stale.statusCode).toBe(409);
    const events = await ctx.db.selectFrom('events').select('action').where('entity_type', '=', 'churn_warning').where('entity_id', '=', first.id).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['acknowledged', 'opened']);
  });
});

describe('refreshWorkspace', () => {
  it('counts nothing for a workspace without orders', async () => {
    const other = await ctx.otherWorkspace();
    const id = await queueRefresh(ctx.db, other.workspaceId, AS_OF);
    const summary = await refreshWorkspace(ctx.db, other.workspaceId, id, AS_OF);
    expect(summary).toMatchObject({ customers: 0, fit: 'insufficient_data', warningsOpened: 0 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from customer_scores where workspace_id = ${other.workspaceId}`.execute(ctx.db);
    expect(rows[0]!.n).toBe(0);
  });
});
