import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { poolRulesJob, runPoolRules } from './pool.job.ts';

let ctx: TestContext;
let rep: Session & { userId: string };
let other: Session & { userId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  rep = await ctx.userSession('sales_rep', { name: '小王' });
  other = await ctx.userSession('sales_rep', { name: '小李' });
});

async function create(session: Session, body: Record<string, unknown>) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; ownerId: string | null };
}

async function setRules(body: Record<string, unknown>) {
  const current = (await ctx.admin.request('GET', '/api/pool/rules')).json();
  const response = await ctx.admin.request('PUT', '/api/pool/rules', { version: current.version, ...body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function actions(customerId: string) {
  const events = (await ctx.admin.request('GET', `/api/customers/${customerId}/events`)).json().items;
  return events.map((event: { action: string }) => event.action);
}

describe('pool rules settings', () => {
  it('starts switched off with defaults, lets the admin change them with the version, and no one else', async () => {
    const rules = (await rep.request('GET', '/api/pool/rules')).json();
    expect(rules).toEqual({ enabled: false, noFollowUpDays: 30, noDealDays: 90, warnDays: 3, dailyClaimLimit: 20, version: 1, updatedAt: null });
    expect((await rep.request('PUT', '/api/pool/rules', { version: 1, enabled: true })).statusCode).toBe(403);
    const saved = await ctx.admin.request('PUT', '/api/pool/rules', { version: 1, enabled: true, noDealDays: null, dailyClaimLimit: 2 });
    expect(saved.json()).toMatchObject({ enabled: true, noFollowUpDays: 30, noDealDays: null, dailyClaimLimit: 2, version: 2 });
    const stale = await ctx.admin.request('PUT', '/api/pool/rules', { version: 1, warnDays: 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ warnDays: 3, version: 2 });
    expect((await ctx.admin.request('PUT', '/api/pool/rules', { version: 2, warnDays: -1 })).json().errors[0].path).toBe('warnDays');
    const rows = await ctx.db.selectFrom('events').select(['action', 'entity_type']).where('entity_type', '=', 'pool_rules').execute();
    expect(rows).toEqual([{ action: 'updated', entity_type: 'pool_rules' }]);
  });
});

describe('claiming and releasing', () => {
  it('lists only unowned customers in the pool, lets a rep claim one, and records it', async () => {
    const pooled = await create(ctx.admin, { name: '公海甲', ownerId: null });
    await create(ctx.admin, { name: '有主甲' });
    const pool = (await rep.request('GET', '/api/pool?q=甲')).json().items.map((c: { name: string }) => c.name);
    expect(pool).toEqual(['公海甲']);

    const claimed = await rep.request('POST', `/api/customers/${pooled.id}/claim`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ ownerId: rep.userId, owner: { name: '小王' }, version: pooled.version + 1 });
    expect(claimed.json().ownerSince).not.toBeNull();
    expect((await rep.request('GET', '/api/pool?q=公海甲')).json().items).toEqual([]);

    // Taken: another rep can no longer see it, let alone claim it; the admin is told it is owned.
    expect((await other.request('POST', `/api/customers/${pooled.id}/claim`)).statusCode).toBe(404);
    const taken = await ctx.admin.request('POST', `/api/customers/${pooled.id}/claim`);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('conflict');

    const events = (await ctx.admin.request('GET', `/api/customers/${pooled.id}/events`)).json().items;
    expect(events[0]).toMatchObject({ action: 'claimed', actor: { id: rep.userId }, changes: [{ field: 'ownerId', before: null, after: rep.userId }] });
  });

  it('stops a rep at the daily claim limit while the rules are on, counting claims per day', async () => {
    // The limit is 2 a day (set above); the rep claimed one already today.
    const a = await create(ctx.admin, { name: '限额甲', ownerId: null });
    const b = await create(ctx.admin, { name: '限额乙', ownerId: null });
    expect((await rep.request('GET', '/api/pool/allowance')).json()).toEqual({ limit: 2, usedToday: 1, remaining: 1 });
    expect((await rep.request('POST', `/api/customers/${a.id}/claim`)).statusCode).toBe(200);
    const refused = await rep.request('POST', `/api/customers/${b.id}/claim`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('limit_reached');
    expect((await ctx.db.selectFrom('customers').select('owner_id').where('id', '=', b.id).executeTakeFirstOrThrow()).owner_id).toBeNull();
    // Someone else still may; and with the rules off there is no limit.
    expect((await other.request('POST', `/api/customers/${b.id}/claim`)).statusCode).toBe(200);
    await setRules({ enabled: false });
    const c = await create(ctx.admin, { name: '限额丙', ownerId: null });
    expect((await rep.request('POST', `/api/customers/${c.id}/claim`)).statusCode).toBe(200);
    expect((await rep.request('GET', '/api/pool/allowance')).json()).toEqual({ limit: null, usedToday: 3, remaining: null });
    await setRules({ enabled: true });
  });

  it('lets two reps race for one customer: exactly one wins', async () => {
    const contested = await create(ctx.admin, { name: '抢单', ownerId: null });
    const third = await ctx.userSession('sales_rep');
    const results = await Promise.all([other, third].map((s) => s.request('POST', `/api/customers/${contested.id}/claim`)));
    // The loser waits for the winner's lock, then finds the customer taken (no longer in its scope: 404).
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const claims = await ctx.db.selectFrom('events').select('id').where('entity_id', '=', contested.id).where('action', '=', 'claimed').execute();
    expect(claims).toHaveLength(1);
  });

  it('lets the owner put a customer back with a reason, dropping its collaborators; others may not', async () => {
    const mine = await create(rep, { name: '放回甲' });
    await rep.request('POST', `/api/customers/${mine.id}/collaborators`, { userId: other.userId });
    expect((await other.request('GET', `/api/customers/${mine.id}`)).statusCode).toBe(200);
    // A collaborator sees it but may not release it.
    expect((await other.request('POST', `/api/customers/${mine.id}/release`, { reason: 'x' })).statusCode).toBe(403);

    const released = await rep.request('POST', `/api/customers/${mine.id}/release`, { reason: '客户暂无需求' });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ ownerId: null, owner: null, ownerSince: null });
    expect((await ctx.admin.request('GET', `/api/customers/${mine.id}/collaborators`)).json().items).toEqual([]);
    const event = (await ctx.admin.request('GET', `/api/customers/${mine.id}/events`)).json().items[0];
    expect(event).toMatchObject({
      action: 'released_to_pool',
      before: { ownerId: rep.userId, collaboratorIds: [other.userId] },
      after: { ownerId: null, reason: '客户暂无需求' },
    });
    const again = await rep.request('POST', `/api/customers/${mine.id}/release`);
    expect(again.statusCode, again.body).toBe(409);
  });

  it('starts the owner\'s clock when a customer is inserted with an owner, and never for a pool customer', async () => {
    // As the importer and the demo write customers: in one statement, owner_since left to the database.
    const [owned, pooled, givenNull, givenStart] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await sql`insert into customers (workspace_id, id, kind, name, owner_id, owner_since) values
      (${ctx.workspaceId}, ${owned}, 'person', '时钟甲', ${rep.userId}, default),
      (${ctx.workspaceId}, ${pooled}, 'person', '时钟乙', null, default),
      (${ctx.workspaceId}, ${givenNull}, 'person', '时钟丙', ${rep.userId}, null),
      (${ctx.workspaceId}, ${givenStart}, 'person', '时钟丁', ${rep.userId}, '2026-01-05T00:00:00Z')`.execute(ctx.db);
    const { rows } = await sql<{ id: string; started: boolean; owner_since: Date | null }>`
      select id, owner_since, owner_since > now() - interval '1 minute' as started from customers where workspace_id = ${ctx.workspaceId} and id in (${owned}, ${pooled}, ${givenNull}, ${givenStart})`.execute(ctx.db);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(owned)?.started).toBe(true);
    expect(byId.get(pooled)?.owner_since).toBeNull();
    expect(byId.get(givenNull)?.started).toBe(true);
    expect(byId.get(givenStart)?.owner_since?.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    // A pool customer given a start has none.
    await sql`insert into customers (workspace_id, id, kind, name, owner_id, owner_since) values
      (${ctx.workspaceId}, ${uuidv7()}, 'person', '时钟戊', null, '2026-01-05T00:00:00Z')`.execute(ctx.db);
    const { rows: stray } = await sql`select 1 from customers where workspace_id = ${ctx.workspaceId} and name = '时钟戊' and owner_since is not null`.execute(ctx.db);
    expect(stray).toEqual([]);
    // Gone again, so that the pool job's test below counts only its own customers.
    await sql`delete from customers where workspace_id = ${ctx.workspaceId} and name like '时钟_'`.execute(ctx.db);
  });

  it('does not let a rep move owners through PATCH (claim and release are the way)', async () => {
    const pooled = await create(ctx.admin, { name: '绕道', ownerId: null });
    const sneaky = await rep.request('PATCH', `/api/customers/${pooled.id}`, { version: pooled.version, ownerId: rep.userId });
    expect(sneaky.statusCode).toBe(403);
    const mine = await create(rep, { name: '绕道二' });
    expect((await rep.request('PATCH', `/api/customers/${mine.id}`, { version: mine.version, ownerId: null })).statusCode).toBe(403);
    // Editing other fields is unaffected.
    expect((await rep.request('PATCH', `/api/customers/${mine.id}`, { version: mine.version, city: '杭州', ownerId: rep.userId })).statusCode).toBe(200);
  });
});

describe('follow-ups', () => {
  it('logs a follow-up: a record, the customer’s last follow-up time and an event; only where the customer is visible', async () => {
    const mine = await create(rep, { name: '跟进甲' });
    const logged = await rep.request('POST', `/api/customers/${mine.id}/follow-ups`, { channel: 'phone', note: '电话沟通了新品' });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json()).toMatchObject({ channel: 'phone', note: '电话沟通了新品', user: { id: rep.userId, name: '小王' } });
    const customer = (await rep.request('GET', `/api/customers/${mine.id}`)).json();
    expect(customer.lastFollowUpAt).toBe(logged.json().occurredAt);
    expect(customer.version).toBe(mine.version); // a follow-up is not an edit of the record
    expect((await rep.request('GET', `/api/customers/${mine.id}/follow-ups`)).json().items.map((f: { id: string }) => f.id)).toEqual([logged.json().id]);
    expect(await actions(mine.id)).toEqual(['followed_up', 'created']);

    expect((await other.request('POST', `/api/customers/${mine.id}/follow-ups`, { channel: 'visit', note: 'x' })).statusCode).toBe(404);
    expect((await other.request('GET', `/api/customers/${mine.id}/follow-ups`)).statusCode).toBe(404);
    const bad = await rep.request('POST', `/api/customers/${mine.id}/follow-ups`, { channel: 'pigeon', note: '' });
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'note']);
    const reader = await ctx.userSession('read_only');
    expect((await reader.request('POST', `/api/customers/${mine.id}/follow-ups`, { channel: 'visit', note: 'x' })).statusCode).toBe(403);
  });
});

describe('the pool job, on a fixed clock', () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00+08:00`);
  let owner: Session & { userId: string };

  async function owned(name: string, clocks: { ownerSince: string; lastFollowUpAt?: string; orderAt?: string; cancelledOrderAt?: string }) {
    const customer = await create(ctx.admin, { name, ownerId: owner.userId });
    await ctx.db
      .updateTable('customers')
      .set({ owner_since: day(clocks.ownerSince), created_at: day(clocks.ownerSince), last_follow_up_at: clocks.lastFollowUpAt ? day(clocks.lastFollowUpAt) : null })
      .where('id', '=', customer.id)
      .execute();
    for (const [at, status] of [[clocks.orderAt, 'completed'], [clocks.cancelledOrderAt, 'cancelled']] as const) {
      if (!at) continue;
      await ctx.db
        .insertInto('orders')
        .values({ workspace_id: ctx.workspaceId, id: uuidv7(), order_no: `PO-${uuidv7()}`, customer_id: customer.id, ordered_at: day(at), status, amount: 100 })
        .execute();
    }
    return customer.id;
  }

  const ownerOf = async (id: string) => (await ctx.db.selectFrom('customers').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()).owner_id;

  it('returns overdue customers to the pool, warns K days ahead once, and a second run changes nothing', async () => {
    owner = await ctx.userSession('sales_rep', { name: '老张' });
    await setRules({ enabled: true, noFollowUpDays: 30, noDealDays: 90, warnDays: 3 });
    const now = day('2026-06-30');
    const silent = await owned('沉默客户', { ownerSince: '2026-05-01' }); // 60 days, no follow-up → return
    const followed = await owned('常联系', { ownerSince: '2026-01-01', lastFollowUpAt: '2026-06-20', orderAt: '2026-05-01' }); // fine
    const soon = await owned('快到期', { ownerSince: '2026-01-01', lastFollowUpAt: '2026-06-02', orderAt: '2026-06-01' }); // due 07-02 → warn
    const noDeal = await owned('久未成交', { ownerSince: '2025-01-01', lastFollowUpAt: '2026-06-25', orderAt: '2026-03-01', cancelledOrderAt: '2026-06-01' }); // last real deal 03-01 + 90 = 05-30 → return
    const newlyClaimed = await owned('新认领', { ownerSince: '2026-06-29', orderAt: '2024-01-01' }); // the clock starts at the claim

    const first = await runPoolRules(ctx.db, now);
    expect(first).toMatchObject({ returned: 2, warned: 1 });
    expect(await ownerOf(silent)).toBeNull();
    expect(await ownerOf(noDeal)).toBeNull();
    expect(await ownerOf(followed)).toBe(owner.userId);
    expect(await ownerOf(soon)).toBe(owner.userId);
    expect(await ownerOf(newlyClaimed)).toBe(owner.userId);

    const returned = (await ctx.admin.request('GET', `/api/customers/${noDeal}/events`)).json().items[0];
    expect(returned).toMatchObject({
      action: 'returned_to_pool',
      actor: { type: 'system', id: null },
      before: { ownerId: owner.userId },
      after: { ownerId: null, reason: { rule: 'no_deal', days: 90, since: day('2026-03-01').toISOString() } },
    });
    expect((await ctx.admin.request('GET', `/api/customers/${silent}/events`)).json().items[0].after.reason.rule).toBe('no_follow_up');

    const notices = (await owner.request('GET', '/api/notifications')).json();
    expect(notices.unreadCount).toBe(3);
    expect(notices.items.map((n: { kind: string; customerId: string }) => [n.kind, n.customerId]).sort()).toEqual(
      [['pool_returned', silent], ['pool_returned', noDeal], ['pool_warning', soon]].sort(),
    );
    const warning = notices.items.find((n: { kind: string }) => n.kind === 'pool_warning');
    expect(warning.message).toBe('客户「快到期」将于 2026-07-02 退回公海（规则：30 天未跟进），请及时跟进');
    expect(warning.data).toMatchObject({ customerName: '快到期', reason: 'no_follow_up', days: 30, date: '2026-07-02' });

    // Idempotent: the same run again, or a later one within the same window, adds nothing.
    const eventCount = async () => Number((await sql<{ n: string }>`select count(*) as n from events where workspace_id = ${ctx.workspaceId}`.execute(ctx.db)).rows[0]!.n);
    const before = await eventCount();
    expect(await runPoolRules(ctx.db, now)).toMatchObject({ returned: 0, warned: 0 });
    expect(await runPoolRules(ctx.db, day('2026-07-01'))).toMatchObject({ returned: 0, warned: 0 });
    expect(await eventCount()).toBe(before);
    expect((await owner.request('GET', '/api/notifications')).json().items).toHaveLength(3);

    // A follow-up opens a new window: the old warning stays, the customer is safe until the new date.
    await ctx.db.updateTable('customers').set({ last_follow_up_at: day('2026-07-01') }).where('id', '=', soon).execute();
    expect(await runPoolRules(ctx.db, day('2026-07-02'))).toMatchObject({ returned: 0, warned: 0 });
    expect(await ownerOf(soon)).toBe(owner.userId);
    expect(await runPoolRules(ctx.db, day('2026-07-29'))).toMatchObject({ warned: 1 });
    expect(await runPoolRules(ctx.db, day('2026-07-31'))).toMatchObject({ returned: 1 });
    expect(await ownerOf(soon)).toBeNull();
  });

  it('leaves workspaces with the rules switched off alone, and runs from the job definition with a given time', async () => {
    const customer = await owned('规则关闭', { ownerSince: '2020-01-01' });
    await setRules({ enabled: false });
    expect(await runPoolRules(ctx.db, day('2026-06-30'))).toEqual({ workspaces: 0, returned: 0, warned: 0 });
    expect(await ownerOf(customer)).toBe(owner.userId);
    await setRules({ enabled: true });
    await poolRulesJob.run(ctx.db, { now: day('2026-06-30').toISOString() });
    expect(await ownerOf(customer)).toBeNull();
    expect(poolRulesJob.cron).toBe('0 2 * * *');
  });

  it('keeps other workspaces out of it: their customers and rules are their own', async () => {
    const theirs = await ctx.otherWorkspace();
    const customer = (await theirs.admin.request('POST', '/api/customers', { kind: 'person', name: '别家老客户' })).json();
    await ctx.db.updateTable('customers').set({ owner_since: day('2020-01-01') }).where('id', '=', customer.id).execute();
    await runPoolRules(ctx.db, day('2026-06-30'));
    expect(await ownerOf(customer.id)).not.toBeNull();
    expect((await ctx.admin.request('POST', `/api/customers/${customer.id}/claim`)).statusCode).toBe(404);
    expect((await ctx.admin.request('GET', '/api/pool?q=别家')).json().items).toEqual([]);
  });
});

describe('notifications', () => {
  it('are private to their user; marking read counts down, and a stranger’s id is a 404', async () => {
    const owner = await ctx.userSession('sales_rep');
    const mine = await create(owner, { name: '提醒甲' });
    const id = uuidv7();
    await ctx.db
      .insertInto('notifications')
      .values({ workspace_id: ctx.workspaceId, id, user_id: owner.userId, kind: 'pool_warning', customer_id: mine.id, message: '提醒', data: '{}' })
      .execute();
    expect((await owner.request('GET', '/api/notifications?unread=true')).json()).toMatchObject({ unreadCount: 1, items: [{ id, readAt: null }] });
    expect((await rep.request('GET', '/api/notifications')).json().items.map((n: { id: string }) => n.id)).not.toContain(id);
    expect((await rep.request('POST', `/api/notifications/${id}/read`)).statusCode).toBe(404);
    const read = await owner.request('POST', `/api/notifications/${id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await owner.request('GET', '/api/notifications?unread=true')).json()).toEqual({ unreadCount: 0, items: [], nextCursor: null });
    expect((await owner.request('POST', '/api/notifications/read-all')).json()).toEqual({ marked: 0 });
  });
});
