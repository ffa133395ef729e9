import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_GROUP_REASONS } from '../../../shared/duplicates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

async function create(session: Session, body: Record<string, unknown>) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string; version: number };
}

/** Every table that holds customer data, row for row, as comparable JSON (without the merge's own records). */
async function dump(workspaceId: string) {
  const tables = [
    'customers',
    'events',
    'orders',
    'order_lines',
    'customer_relations',
    'customer_contacts',
    'customer_collaborators',
    'customer_follow_ups',
    'customer_lifecycle_history',
    'notifications',
    'customer_scores',
    'customer_score_history',
    'churn_warnings',
    'customer_cohorts',
  ];
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const exists = await sql<{ ok: boolean }>`select to_regclass(${table}) is not null as ok`.execute(ctx.db);
    if (!exists.rows[0]!.ok) continue;
    const { rows } = await sql<{ row: Record<string, unknown> }>`
      select to_jsonb(t) as row from ${sql.id(table)} t where t.workspace_id = ${workspaceId}`.execute(ctx.db);
    out[table] = rows
      .map(({ row }) => {
        if (table === 'customers') {
          const { version: _v, updated_at: _u, ...rest } = row;
          return rest;
        }
        return row;
      })
      .filter((row) => !(table === 'events' && ['merged', 'merged_away', 'unmerged', 'restored_from_merge'].includes(String(row.action))))
      // The notes on churn warnings a merge resolved and its undo reopened.
      .filter((row) => !(table === 'events' && row.entity_type === 'churn_warning' && (row.after as { mergeId?: string } | null)?.mergeId))
      .map((row) => JSON.stringify(row))
      .sort();
  }
  return out;
}

/** A current score row and a history row, as the analytics refresh writes them (only the columns that matter here vary). */
async function addScore(workspaceId: string, customerId: string, monetary: number) {
  await ctx.db
    .insertInto('customer_scores')
    .values({
      workspace_id: workspaceId,
      customer_id: customerId,
      refresh_id: uuidv7(),
      as_of: '2026-06-30',
      first_order_on: '2025-01-10',
      last_order_on: '2026-06-01',
      orders: 3,
      purchase_days: 3,
      recency_days: 29,
      monetary,
      r_score: 4,
      f_score: 3,
      m_score: 3,
      segment: 'important_value',
      cumulative_share: 0.5,
      abc_tier: 'A',
      key_account: true,
      tx_weeks: 72,
      age_weeks: 76,
      repeat_mean_spend: monetary / 3,
      spend_recent: monetary,
      spend_previous: 0,
    })
    .execute();
}
async function addHistory(workspaceId: string, customerId: string, asOf: string, segment: string) {
  await ctx.db
    .insertInto('customer_score_history')
    .values({ workspace_id: workspaceId, as_of: asOf, customer_id: customerId, r_score: 3, f_score: 3, m_score: 3, segment, abc_tier: 'B', monetary: 10_000 })
    .execute();
}
async function addWarning(workspaceId: string, customerId: string, status: 'open' | 'acknowledged' | 'resolved') {
  const id = uuidv7();
  await ctx.db
    .insertInto('churn_warnings')
    .values({ workspace_id: workspaceId, id, customer_id: customerId, refresh_id: uuidv7(), status, risk: 0.8, ...(status === 'resolved' ? { resolved_at: new Date('2026-05-01') } : {}) })
    .execute();
  return id;
}
const analyticsOf = async (workspaceId: string, customerId: string) => ({
  scores: (await ctx.db.selectFrom('customer_scores').select('monetary').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).execute()).map((r) => Number(r.monetary)),
  history: (await ctx.db.selectFrom('customer_score_history').select(['as_of', 'segment']).where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('as_of').execute()).map(
    (r) => `${typeof r.as_of === 'string' ? r.as_of : (r.as_of as Date).toISOString().slice(0, 10)}:${r.segment}`,
  ),
  warnings: (await ctx.db.selectFrom('churn_warnings').select(['id', 'status']).where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('id').execute()).map((r) => `${r.id}:${r.status}`),
});

describe('duplicate check', () => {
  it('finds candidates by normalised phone, e-mail, name + city and pinyin, with reasons and a score, best first', async () => {
    const a = await create(ctx.admin, { name: '王芳', phones: ['13900001111'], emails: ['wf@example.com'], city: '上海' });
    const b = await create(ctx.admin, { name: '王芳', city: '上海' });
    const c = await create(ctx.admin, { name: '汪芳', city: '杭州' });
    const response = await ctx.admin.request('POST', '/api/customers/duplicates/check', {
      kind: 'person',
      name: '王芳',
      phones: ['+86 139-0000-1111'],
      emails: ['WF@example.com'],
      city: '上海',
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.hiddenCount).toBe(0);
    const byId = new Map(result.candidates.map((candidate: { id: string }) => [candidate.id, candidate]));
    expect(byId.get(a.id)).toMatchObject({
      score: 100,
      reasons: expect.arrayContaining([
        { reason: 'phone', value: '13900001111' },
        { reason: 'email', value: 'wf@example.com' },
        { reason: 'name_city', value: '王芳 · 上海' },
      ]),
    });
    expect(byId.get(b.id)).toMatchObject({ score: 65, reasons: [{ reason: 'name_city', value: '王芳 · 上海' }] });
    expect(byId.get(c.id)).toMatchObject({ score: 45, reasons: [{ reason: 'pinyin', value: 'wangfang' }] });
    expect(result.candidates.map((candidate: { id: string }) => candidate.id)).toEqual([a.id, b.id, c.id]);

    const none = await ctx.admin.request('POST', '/api/customers/duplicates/check', { name: '欧阳锋', phones: ['13700009999'] });
    expect(none.json()).toEqual({ candidates: [], hiddenCount: 0 });
  });

  it("counts but never shows a rep duplicates outside their scope, and masks what a role may not see", async () => {
    const rep = await ctx.userSession('sales_rep');
    await create(ctx.admin, { name: '李雷', phones: ['13600002222'] });
    const response = await rep.request('POST', '/api/customers/duplicates/check', { name: '李雷', phones: ['13600002222'] });
    expect(response.json()).toEqual({ candidates: [], hiddenCount: 1 });

    const marketer = await ctx.userSession('marketer');
    const masked = await marketer.request('POST', '/api/customers/duplicates/check', { name: '李雷', phones: ['13600002222'] });
    const [candidate] = masked.json().candidates;
    expect(candidate.phones).toEqual(['136****2222']);
    expect(candidate.reasons).toContainEqual({ reason: 'phone', value: '136****2222' });
  });

  it('lists duplicate groups across the workspace, best first, paginated', async () => {
    const response = await ctx.admin.request('GET', '/api/duplicates?limit=1');
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    expect(page.items).toHaveLength(1);
    expect(page.nextOffset).toBe(1);
    const all = await ctx.admin.request('GET', '/api/duplicates?limit=50');
    const groups = all.json().items as Array<{ reason: string; value: string; score: number; members: Array<{ name: string }> }>;
    expect(groups.map((group) => [group.reason, group.value, group.score, group.members.map((m) => m.name)])).toEqual([
      ['name_city', '王芳 · 上海', 65, ['王芳', '王芳']],
      ['pinyin', 'wangfang', 45, ['王芳', '王芳', '汪芳']],
    ]);
    expect(all.json()).toMatchObject({ nextOffset: null, capped: false, maxScanned: 200_000 });
    expect(page.items[0]).toEqual(all.json().items[0]);
    // a rep sees groups only among the customers in their scope
    const rep = await ctx.userSession('sales_rep');
    expect((await rep.request('GET', '/api/duplicates')).json().items).toEqual([]);
  });

  it('filters the groups by each reason (the 查重 page\'s reason select)', async () => {
    for (const reason of DUPLICATE_GROUP_REASONS) {
      const response = await ctx.admin.request('GET', `/api/duplicates?reason=${reason}&limit=50`);
      expect(response.statusCode, `${reason}: ${response.body}`).toBe(200);
      for (const group of response.json().items as Array<{ reason: string }>) expect(group.reason).toBe(reason);
    }
    const pinyin = (await ctx.admin.request('GET', '/api/duplicates?reason=pinyin&limit=50')).json().items;
    expect(pinyin.map((group: { value: string; members: unknown[] }) => [group.value, group.members.length])).toEqual([['wangfang', 3]]);
    // Initials in a city only hint at a duplicate when one record is checked; the groups are not made by them.
    const initials = await ctx.admin.request('GET', '/api/duplicates?reason=initials_city');
    expect(initials.statusCode).toBe(400);
    expect(initials.json().errors[0].path).toBe('reason');
  });
});

describe('merge and undo', () => {
  it('moves every related row to the survivor, and an undo leaves every table as it was, row for row', async () => {
    const survivor = await create(ctx.admin, { name: '赵敏', phones: ['13511112222'], city: '', tags: ['VIP'] });
    const loser = await create(ctx.admin, { name: '赵敏', phones: ['13533334444'], emails: ['zm@example.com'], city: '苏州', tags: ['老客户'] });
    const org = await create(ctx.admin, { kind: 'organization', name: '明教集团' });
    const other = await create(ctx.admin, { name: '张无忌' });
    const patched = await ctx.admin.request('PATCH', `/api/customers/${loser.id}`, { version: loser.version, address: '苏州市姑苏区' });
    expect(patched.statusCode).toBe(200);
    const ws = ctx.workspaceId;
    const orderId = uuidv7();
    await ctx.db
      .insertInto('orders')
      .values({ workspace_id: ws, id: orderId, order_no: 'M-1', customer_id: loser.id, ordered_at: new Date(), amount: 12_300 })
      .execute();
    await ctx.db
      .insertInto('order_lines')
      .values({ workspace_id: ws, order_id: orderId, line_no: 1, description: '茶叶', quantity: 1, unit_price: 12_300, amount: 12_300 })
      .execute();
    // relations: loser → other (moves), loser → survivor (would point at itself: removed and restored)
    await ctx.db
      .insertInto('customer_relations')
      .values([
        { workspace_id: ws, id: uuidv7(), from_customer_id: loser.id, to_customer_id: other.id, type: 'friend' },
        { workspace_id: ws, id: uuidv7(), from_customer_id: loser.id, to_customer_id: survivor.id, type: 'family' },
        { workspace_id: ws, id: uuidv7(), from_customer_id: survivor.id, to_customer_id: other.id, type: 'colleague' },
        { workspace_id: ws, id: uuidv7(), from_customer_id: other.id, to_customer_id: loser.id, type: 'colleague' },
      ])
      .execute();
    // contacts: both are contacts of the same organisation (the loser's link collides and is removed, then restored)
    await ctx.db
      .insertInto('customer_contacts')
      .values([
        { workspace_id: ws, organization_id: org.id, person_id: survivor.id, role: 'purchaser' },
        { workspace_id: ws, organization_id: org.id, person_id: loser.id, role: 'decision_maker', is_primary: true },
      ])
      .execute();
    const collaborator = await ctx.userSession('sales_rep');
    if ((await sql<{ ok: boolean }>`select to_regclass('customer_collaborators') is not null as ok`.execute(ctx.db)).rows[0]!.ok) {
      await sql`insert into customer_collaborators (workspace_id, customer_id, user_id) values
        (${ws}, ${loser.id}, ${collaborator.userId}), (${ws}, ${survivor.id}, ${collaborator.userId}), (${ws}, ${loser.id}, ${ctx.adminId})`.execute(
        ctx.db,
      );
    }

    // Analytics: both have a current score; history on two dates, one the survivor also has;
    // the loser has a resolved and an open churn warning, the survivor an open one of its own.
    await addScore(ws, survivor.id, 50_000);
    await addScore(ws, loser.id, 12_300);
    await addHistory(ws, loser.id, '2026-05-31', 'new');
    await addHistory(ws, loser.id, '2026-06-30', 'general_value');
    await addHistory(ws, survivor.id, '2026-06-30', 'important_value');
    const loserResolved = await addWarning(ws, loser.id, 'resolved');
    const loserOpen = await addWarning(ws, loser.id, 'open');
    const survivorOpen = await addWarning(ws, survivor.id, 'acknowledged');
    await ctx.db
      .insertInto('customer_cohorts')
      .values({ workspace_id: ws, cohort_month: '2026-01-01', month_offset: 0, owner_key: '00000000-0000-0000-0000-000000000000', customers: 2, revenue: 62_300 })
      .execute();

    const before = await dump(ws);
    const merged = await ctx.admin.request('POST', '/api/merges', {
      survivorId: survivor.id,
      loserId: loser.id,
      choices: { city: 'loser' },
    });
    expect(merged.statusCode, merged.body).toBe(201);
    const merge = merged.json();
    expect(merge.moved).toMatchObject({ orders: 1, customer_relations: 2 });
    expect(merge.moved.events).toBeGreaterThanOrEqual(2);

    const after = (await ctx.admin.request('GET', `/api/customers/${survivor.id}`)).json();
    expect(after).toMatchObject({
      name: '赵敏',
      city: '苏州',
      address: '苏州市姑苏区',
      phones: ['13511112222', '13533334444'],
      emails: ['zm@example.com'],
      tags: ['VIP', '老客户'],
    });
    expect((await ctx.admin.request('GET', `/api/customers/${loser.id}`)).json().deletedAt).not.toBeNull();
    const order = await ctx.db.selectFrom('orders').select('customer_id').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.customer_id).toBe(survivor.id);
    const loserRows = await sql<{ n: number }>`
      select (select count(*) from customer_relations where workspace_id = ${ws} and ${loser.id} in (from_customer_id, to_customer_id))
           + (select count(*) from customer_contacts where workspace_id = ${ws} and person_id = ${loser.id})
           + (select count(*) from orders where workspace_id = ${ws} and customer_id = ${loser.id}) as n`.execute(ctx.db);
    expect(Number(loserRows.rows[0]!.n)).toBe(0);
    const contacts = await ctx.db.selectFrom('customer_contacts').selectAll().where('workspace_id', '=', ws).execute();
    expect(contacts).toHaveLength(1);

    // The loser's current score is dropped (the survivor keeps its own until the next refresh);
    // its history joins the survivor's where the survivor has no row for the date; its resolved
    // warning moves; its open one meets the survivor's and is resolved where it is, with a note.
    expect(await analyticsOf(ws, survivor.id)).toEqual({
      scores: [50_000],
      history: ['2026-05-31:new', '2026-06-30:important_value'],
      warnings: [`${loserResolved}:resolved`, `${survivorOpen}:acknowledged`].sort(),
    });
    // (its row for a date the survivor has is dropped: one customer, one row per date)
    expect(await analyticsOf(ws, loser.id)).toEqual({ scores: [], history: [], warnings: [`${loserOpen}:resolved`] });
    const note = await ctx.db.selectFrom('events').select(['action', 'after']).where('workspace_id', '=', ws).where('entity_id', '=', loserOpen).executeTakeFirstOrThrow();
    expect(note).toMatchObject({ action: 'resolved', after: { status: 'resolved', resolvedBy: 'merge', mergeId: merge.id, mergedInto: { id: survivor.id } } });

    // the survivor's timeline holds the merge
    const events = await ctx.admin.request('GET', `/api/customers/${survivor.id}/events`);
    expect(events.json().items[0]).toMatchObject({ action: 'merged' });

    const undone = await ctx.admin.request('POST', `/api/merges/${merge.id}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().undoneAt).not.toBeNull();
    expect(await dump(ws)).toEqual(before);

    const again = await ctx.admin.request('POST', `/api/merges/${merge.id}/undo`);
    expect(again.statusCode).toBe(409);
  });

  it("gives the survivor the loser's score and open churn warning when it has none, and takes them back on undo", async () => {
    const ws = ctx.workspaceId;
    const survivor = await create(ctx.admin, { name: '殷素素', phones: ['13611110000'] });
    const loser = await create(ctx.admin, { name: '殷素素', phones: ['13622220000'] });
    await addScore(ws, loser.id, 88_800);
    await addHistory(ws, loser.id, '2026-06-30', 'important_keep');
    const warning = await addWarning(ws, loser.id, 'open');
    const before = await dump(ws);

    const merged = await ctx.admin.request('POST', '/api/merges', { survivorId: survivor.id, loserId: loser.id });
    expect(merged.statusCode, merged.body).toBe(201);
    expect(merged.json().moved).toMatchObject({ customer_scores: 1, customer_score_history: 1, churn_warnings: 1 });
    expect(await analyticsOf(ws, survivor.id)).toEqual({ scores: [88_800], history: ['2026-06-30:important_keep'], warnings: [`${warning}:open`] });
    expect(await analyticsOf(ws, loser.id)).toEqual({ scores: [], history: [], warnings: [] });

    const undone = await ctx.admin.request('POST', `/api/merges/${merged.json().id}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await dump(ws)).toEqual(before);
  });

  it('keeps changes made to the survivor after the merge when undoing', async () => {
    const survivor = await create(ctx.admin, { name: '周芷若', phones: ['13711110000'] });
    const loser = await create(ctx.admin, { name: '周芷若', phones: ['13722220000'], city: '峨眉' });
    const merge = (await ctx.admin.request('POST', '/api/merges', { survivorId: survivor.id, loserId: loser.id })).json();
    const current = (await ctx.admin.request('GET', `/api/customers/${survivor.id}`)).json();
    expect(current.city).toBe('峨眉');
    // the phone lookup keys (kept by triggers) followed the loser's phone to the survivor
    const check = async () =>
      (await ctx.admin.request('POST', '/api/customers/duplicates/check', { name: 'x', phones: ['13722220000'] })).json().candidates.map((c: { id: string }) => c.id);
    expect(await check()).toEqual([survivor.id]);
    await ctx.admin.request('PATCH', `/api/customers/${survivor.id}`, {
      version: current.version,
      phones: [...current.phones, '13733330000'],
      status: 'current',
    });
    expect((await ctx.admin.request('POST', `/api/merges/${merge.id}/undo`)).statusCode).toBe(200);
    const restored = (await ctx.admin.request('GET', `/api/customers/${survivor.id}`)).json();
    expect(restored).toMatchObject({ phones: ['13711110000', '13733330000'], status: 'current', city: null });
    expect((await ctx.admin.request('GET', `/api/customers/${loser.id}`)).json()).toMatchObject({ deletedAt: null, city: '峨眉' });
    expect(await check()).toEqual([loser.id]);
  });

  it('refuses to undo after 30 days, to merge a record into itself, and records out of scope', async () => {
    const a = await create(ctx.admin, { name: '殷离' });
    const b = await create(ctx.admin, { name: '殷离' });
    const merge = (await ctx.admin.request('POST', '/api/merges', { survivorId: a.id, loserId: b.id })).json();
    await ctx.db
      .updateTable('customer_merges')
      .set({ merged_at: new Date(Date.now() - 31 * 86_400_000) })
      .where('id', '=', merge.id)
      .execute();
    const late = await ctx.admin.request('POST', `/api/merges/${merge.id}/undo`);
    expect(late.statusCode).toBe(409);

    const self = await ctx.admin.request('POST', '/api/merges', { survivorId: a.id, loserId: a.id });
    expect(self.statusCode).toBe(400);

    const manager = await ctx.userSession('sales_manager');
    const c = await create(ctx.admin, { name: '小昭' });
    const d = await create(ctx.admin, { name: '小昭', ownerId: null });
    const outOfScope = await manager.request('POST', '/api/merges', { survivorId: d.id, loserId: c.id });
    expect(outOfScope.statusCode).toBe(404);
  });
});
