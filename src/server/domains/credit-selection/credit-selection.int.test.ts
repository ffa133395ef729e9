import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDIT_SCORECARD, DEFAULT_SELECTION_MATRIX } from '../../../shared/credit-selection.ts';
import type { Db } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import * as analytics from '../analytics/analytics.repository.ts';
import { runRefresh } from '../analytics/refresh.service.ts';
import { type CreditFile, scoreCredit } from './credit.scorecard.ts';

const DAY = 86_400_000;
let ctx: TestContext;

type Ratings = [number | null, number | null, number | null, number | null, number | null];
const creditDoc = (r: Ratings) => ({
  character: { score: r[0], note: null },
  capacity: { score: r[1], note: null },
  capital: { score: r[2], note: null },
  collateral: { score: r[3], note: null },
  conditions: { score: r[4], note: null },
});

async function insertCustomer(db: Db, p: { name: string; kind?: 'person' | 'organization'; city?: string | null; ownerId: string | null; credit?: Ratings; size?: string }) {
  const id = uuidv7();
  const kind = p.kind ?? 'organization';
  const profile = kind === 'organization' ? { credit: creditDoc(p.credit ?? [null, null, null, null, null]), size: p.size ?? null } : {};
  await db
    .insertInto('customers')
    .values({ workspace_id: ctx.workspaceId, id, kind, name: p.name, city: p.city ?? null, address: null, owner_id: p.ownerId, profile: JSON.stringify(profile), relationship_type: null, value_class: null, lifecycle_stage: null, custom_fields: '{}' })
    .execute();
  return id;
}

let orderCounter = 0;
async function insertOrder(db: Db, customerId: string, orderedAt: string, amount: number, status: 'completed' | 'cancelled' = 'completed') {
  await db
    .insertInto('orders')
    .values({ workspace_id: ctx.workspaceId, id: uuidv7(), order_no: `CS${++orderCounter}`, customer_id: customerId, ordered_at: orderedAt, status, amount })
    .execute();
}

const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

let managerSession: Awaited<ReturnType<TestContext['userSession']>>;
let repId: string;
let teamId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const team = await ctx.admin.request('POST', '/api/teams', { name: '信用组' });
  teamId = team.json().id;
  managerSession = await ctx.userSession('sales_manager', { teamId: team.json().id });
  repId = (await ctx.userSession('sales_rep', { teamId: team.json().id })).userId;
});

async function patchSettings(body: Record<string, unknown>) {
  const current = (await ctx.admin.request('GET', '/api/analytics/settings')).json();
  return ctx.admin.request('PATCH', '/api/analytics/settings', { version: current.version, ...body });
}

describe('GET /api/analytics/customers/:id/credit', () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = await insertCustomer(ctx.db, { name: '华信机械有限公司', ownerId: ctx.adminId, credit: [5, 4, 3, 2, 1] });
    await insertOrder(ctx.db, orgId, ago(10), 600_000);
    await insertOrder(ctx.db, orgId, ago(20), 1_000_000, 'cancelled');
    await insertOrder(ctx.db, orgId, ago(400), 2_000_000);
  });

  it('scores the 5C, grades and suggests a limit from the last 365 days of counted orders', async () => {
    const response = await ctx.admin.request('GET', `/api/analytics/customers/${orgId}/credit`);
    expect(response.statusCode).toBe(200);
    const credit = response.json();
    // .25·100 + .25·75 + .2·50 + .15·25 + .15·0 = 57.5 → A (55–70)
    expect(credit).toMatchObject({ applicable: true, currency: 'CNY', score: 57.5, grade: 'A', completeness: 1, inputsGiven: 5, inputsRequired: 3 });
    expect(credit.criteria.map((c: { points: number }) => c.points)).toEqual([25, 18.8, 10, 3.8, 0]);
    // only the ¥6,000 of ten days ago counts; A = 1 month: 6,000 / 12 = ¥500
    expect(credit.limit).toMatchObject({ amount: 50_000, trailingYear: 600_000, orders: 1, monthlyAverage: 50_000, months: 1, capped: false });
    expect(credit.reasons.map((r: { code: string }) => r.code)).toEqual(['weak_criterion', 'weak_criterion', 'trailing_year', 'grade_months']);
    expect(credit.reasons[0].text).toBe('抵押仅 2/5 分');
  });

  it('applies changed weights and limit settings at once (weights stored normalised)', async () => {
    const changed = await patchSettings({
      creditScorecard: { ...DEFAULT_CREDIT_SCORECARD, weights: { character: 3, capacity: 1, capital: 0, collateral: 0, conditions: 0 }, minInputs: 2, limitCap: 100_000 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().creditScorecard.weights).toEqual({ character: 0.75, capacity: 0.25, capital: 0, collateral: 0, conditions: 0 });
    const credit = (await ctx.admin.request('GET', `/api/analytics/customers/${orgId}/credit`)).json();
    // .75·100 + .25·75 = 93.75 → 93.8, AAA; 3 months of ¥500 = ¥1,500, capped at ¥1,000
    expect(credit).toMatchObject({ score: 93.8, grade: 'AAA', inputsGiven: 2 });
    expect(credit.limit).toMatchObject({ amount: 100_000, months: 3, capped: true, cap: 100_000 });
    expect(credit.reasons.at(-1).code).toBe('capped');
    await patchSettings({ creditScorecard: DEFAULT_CREDIT_SCORECARD });
  });

  it('gives no score below the required inputs, and none for persons', async () => {
    const sparse = await insertCustomer(ctx.db, { name: '稀疏资料公司', ownerId: ctx.adminId, credit: [5, null, null, null, 4] });
    const credit = (await ctx.admin.request('GET', `/api/analytics/customers/${sparse}/credit`)).json();
    expect(credit).toMatchObject({ score: null, grade: null, limit: null, inputsGiven: 2 });
    expect(credit.completeness).toBeCloseTo(0.4, 10);
    expect(credit.reasons).toEqual([expect.objectContaining({ code: 'insufficient_inputs', params: { given: 2, required: 3 } })]);
    const person = await insertCustomer(ctx.db, { name: '张伟', kind: 'person', ownerId: ctx.adminId });
    expect((await ctx.admin.request('GET', `/api/analytics/customers/${person}/credit`)).json()).toMatchObject({ applicable: false, score: null });
  });

  it('answers 404 outside the reader’s scope and for unknown customers', async () => {
    expect((await managerSession.request('GET', `/api/analytics/customers/${orgId}/credit`)).statusCode).toBe(404);
    expect((await ctx.admin.request('GET', `/api/analytics/customers/${uuidv7()}/credit`)).statusCode).toBe(404);
  });
});

describe('settings', () => {
  it('start from the documented defaults (the column defaults of the migration equal the shared constants)', async () => {
    const other = await ctx.otherWorkspace();
    const settings = (await other.admin.request('GET', '/api/analytics/settings')).json();
    expect(settings.creditScorecard).toEqual(DEFAULT_CREDIT_SCORECARD);
    expect(settings.selectionMatrix).toEqual(DEFAULT_SELECTION_MATRIX);
  });

  it('names every invalid field of the scorecard and the matrix', async () => {
    const response = await patchSettings({
      creditScorecard: { ...DEFAULT_CREDIT_SCORECARD, weights: { ...DEFAULT_CREDIT_SCORECARD.weights, capital: -1 } },
      selectionMatrix: { ...DEFAULT_SELECTION_MATRIX, factors: [{ key: 'service_city', weight: 1, cities: [] }] },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['creditScorecard.weights.capital', 'selectionMatrix.factors.0.cities']));
    const zero = await patchSettings({ creditScorecard: { ...DEFAULT_CREDIT_SCORECARD, weights: { character: 0, capacity: 0, capital: 0, collateral: 0, conditions: 0 } } });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors.map((e: { path: string }) => e.path)).toEqual(['creditScorecard.weights']);
  });
});

describe('GET /api/analytics/selection-matrix', () => {
  const ids: Record<string, string> = {};
  const AS_OF = '2025-06-30'; // before the orders of the credit tests, which stay out of the scores

  beforeAll(async () => {
    // value = percent rank of revenue among the six scored: S 0, R 20, T 40, U 60, Q 80, P 100
    // fit = mean of (city in 上海 ? 1 : 0) and credit / 100, over the known ones
    const plan = [
      { key: 'P', amount: 400_000, city: '上海市', credit: [5, 5, 5, 5, 5] as Ratings, owner: 'rep' }, // fit 100 → A
      { key: 'Q', amount: 300_000, city: '北京', credit: [1, 1, 1, 1, 1] as Ratings, owner: 'admin' }, // fit 0 → B
      { key: 'U', amount: 260_000, city: '广州', credit: [5, 4, null, 2, null] as Ratings, owner: 'admin' }, // credit 73.1, fit 36.55 → B
      { key: 'T', amount: 250_000, city: null, kind: 'person' as const, owner: 'admin' }, // nothing known → unrated
      { key: 'R', amount: 200_000, city: '上海', credit: [3, 3, 3, 3, 3] as Ratings, owner: 'admin' }, // fit (1 + .5)/2 = 75 → C
      { key: 'S', amount: 100_000, city: '北京', credit: undefined, owner: 'rep' }, // credit unknown, fit 0 → D
    ];
    for (const p of plan) {
      ids[p.key] = await insertCustomer(ctx.db, { name: `选择${p.key}`, kind: p.kind, city: p.city, credit: p.credit, ownerId: p.owner === 'rep' ? repId : ctx.adminId });
      await insertOrder(ctx.db, ids[p.key]!, '2025-06-01T10:00:00+08:00', p.amount);
    }
    const changed = await patchSettings({
      selectionMatrix: { valueMetric: 'monetary', valueMin: 50, fitMin: 50, factors: [{ key: 'service_city', weight: 1, cities: ['上海'] }, { key: 'credit_score', weight: 1 }] },
    });
    expect(changed.statusCode).toBe(200);
    const refresh = await analytics.insertRefresh(ctx.db, { workspaceId: ctx.workspaceId, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf: AS_OF });
    await runRefresh(ctx.db, ctx.workspaceId, refresh.id);
  });

  it('places hand-built customers in the quadrants', async () => {
    const response = await ctx.admin.request('GET', '/api/analytics/selection-matrix?quadrant=B&limit=1');
    expect(response.statusCode).toBe(200);
    const matrix = response.json();
    expect(matrix).toMatchObject({ asOf: AS_OF, valueMetric: 'monetary', valueMin: 50, fitMin: 50, counts: { A: 1, B: 2, C: 1, D: 1, unrated: 1 }, sampled: false });
    const byId = Object.fromEntries(matrix.points.map((p: { customerId: string }) => [p.customerId, p]));
    expect(byId[ids.P!]).toMatchObject({ value: 100, fit: 100, quadrant: 'A' });
    expect(byId[ids.Q!]).toMatchObject({ value: 80, fit: 0, quadrant: 'B' });
    expect(byId[ids.U!]).toMatchObject({ value: 60, fit: 36.6, quadrant: 'B' }) // (0 + .731) / 2;
    expect(byId[ids.R!]).toMatchObject({ value: 20, fit: 75, quadrant: 'C' });
    expect(byId[ids.S!]).toMatchObject({ value: 0, fit: 0, quadrant: 'D' });
    expect(byId[ids.T!]).toBeUndefined();
    // the B list, highest value first, one per page
    expect(matrix.list.items).toEqual([expect.objectContaining({ customerId: ids.Q, valueAmount: 300_000, creditScore: 0, factors: { service_city: 0, credit_score: 0 } })]);
    const next = (await ctx.admin.request('GET', `/api/analytics/selection-matrix?quadrant=B&limit=1&cursor=${matrix.list.nextCursor}`)).json();
    expect(next.list.items.map((i: { customerId: string }) => i.customerId)).toEqual([ids.U]);
    expect(next.list.nextCursor).toBeNull();
  });

  it('computes the credit score in SQL exactly as the scorecard does', async () => {
    const row = await ctx.db.selectFrom('customer_selection').select('credit_score').where('workspace_id', '=', ctx.workspaceId).where('customer_id', '=', ids.U!).executeTakeFirstOrThrow();
    const file = { character: { score: 5, note: null }, capacity: { score: 4, note: null }, capital: { score: null, note: null }, collateral: { score: 2, note: null }, conditions: { score: null, note: null } } as CreditFile;
    expect(row.credit_score).toBe(scoreCredit(file, DEFAULT_CREDIT_SCORECARD).score);
    expect(row.credit_score).toBe(73.1);
  });

  it('applies changed thresholds without a refresh', async () => {
    await patchSettings({ selectionMatrix: { valueMetric: 'monetary', valueMin: 50, fitMin: 80, factors: [{ key: 'service_city', weight: 1, cities: ['上海'] }, { key: 'credit_score', weight: 1 }] } });
    const matrix = (await ctx.admin.request('GET', '/api/analytics/selection-matrix')).json();
    // R (fit 75) falls from C to D
    expect(matrix.counts).toEqual({ A: 1, B: 2, C: 0, D: 2, unrated: 1 });
    expect(matrix.list.items.map((i: { customerId: string }) => i.customerId)).toEqual([ids.P]);
  });

  it('counts only the customers in the reader’s scope, and narrows by owner', async () => {
    // the manager's team holds the rep, who owns P and S
    const scoped = await managerSession.request('GET', '/api/analytics/selection-matrix?quadrant=D');
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json().counts).toEqual({ A: 1, B: 0, C: 0, D: 1, unrated: 0 });
    expect(scoped.json().points.map((p: { customerId: string }) => p.customerId).sort()).toEqual([ids.P, ids.S].sort());
    expect(scoped.json().list.items.map((i: { customerId: string }) => i.customerId)).toEqual([ids.S]);
    const byOwner = (await ctx.admin.request('GET', `/api/analytics/selection-matrix?ownerId=${repId}`)).json();
    expect(byOwner.counts).toEqual({ A: 1, B: 0, C: 0, D: 1, unrated: 0 });
    const byTeam = (await ctx.admin.request('GET', `/api/analytics/selection-matrix?teamId=${teamId}`)).json();
    expect(byTeam.counts).toEqual({ A: 1, B: 0, C: 0, D: 1, unrated: 0 });
    const rep = await ctx.userSession('sales_rep');
    expect((await rep.request('GET', '/api/analytics/selection-matrix')).statusCode).toBe(403);
    expect((await ctx.admin.request('GET', '/api/analytics/selection-matrix?quadrant=E')).statusCode).toBe(400);
  });
});
