import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Permission, RoleKey } from '../../../shared/auth.ts';
import { SYSTEM_ROLES } from '../auth/roles.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';

/**
 * 分级访问和监管: a matrix of roles × endpoints proving that nobody sees a record
 * or a field outside their scope, in any workspace. Every customer endpoint is
 * asked about every customer (six here, one in another workspace); the answer
 * must be 200 exactly for the customers the role may see, and the body of every
 * answer must carry neither an unseen customer's name nor, for roles without
 * "view sensitive", any full phone, e-mail or address.
 */

type Key = 'cA' | 'cB' | 'cM' | 'cP' | 'cS' | 'cR' | 'cX';
type Who = 'admin' | 'manager' | 'repA' | 'repB' | 'service' | 'marketer' | 'analyst' | 'readOnly';

const ROLE_OF: Record<Who, RoleKey> = {
  admin: 'admin',
  manager: 'sales_manager',
  repA: 'sales_rep',
  repB: 'sales_rep',
  service: 'service_agent',
  marketer: 'marketer',
  analyst: 'analyst',
  readOnly: 'read_only',
};

const DATA: Record<Key, { name: string; phone: string; email: string; address: string; masked: { phone: string; email: string; address: string } }> = {
  cA: { name: '矩阵甲', phone: '13800000001', email: 'alpha@example.com', address: '北京市朝阳区建国路1号', masked: { phone: '138****0001', email: 'a***@example.com', address: '北京市****' } },
  cB: { name: '矩阵乙', phone: '13800000002', email: 'beta@example.com', address: '上海市浦东新区世纪大道2号', masked: { phone: '138****0002', email: 'b***@example.com', address: '上海市****' } },
  cM: { name: '矩阵丙', phone: '13800000003', email: 'gamma@example.com', address: '杭州市西湖区文三路3号', masked: { phone: '138****0003', email: 'g***@example.com', address: '杭州市****' } },
  cP: { name: '矩阵丁', phone: '13800000004', email: 'delta@example.com', address: '广州市天河区体育西路4号', masked: { phone: '138****0004', email: 'd***@example.com', address: '广州市****' } },
  cS: { name: '矩阵戊', phone: '13800000005', email: 'epsilon@example.com', address: '深圳市南山区科技园5号', masked: { phone: '138****0005', email: 'e***@example.com', address: '深圳市****' } },
  cR: { name: '矩阵己', phone: '13800000006', email: 'zeta@example.com', address: '成都市武侯区天府大道6号', masked: { phone: '138****0006', email: 'z***@example.com', address: '成都市****' } },
  cX: { name: '矩阵外', phone: '13800000009', email: 'xi@example.com', address: '南京市玄武区中山路9号', masked: { phone: '138****0009', email: 'x***@example.com', address: '南京市****' } },
};
const ALL: Key[] = ['cA', 'cB', 'cM', 'cP', 'cS', 'cR'];
/** A likely duplicate of cB (same e-mail, same owner), for the duplicate finders. */
const TWIN = '重复乙';

/**
 * Who sees what. Team: the manager's team holds the manager and rep A; rep B is in no team.
 * cS belongs to rep B with rep A as collaborator, so A (and A's manager) see it; cR belongs to the read-only user.
 */
const VISIBLE: Record<Who, Key[]> = {
  admin: ALL,
  manager: ['cA', 'cM', 'cP', 'cS'],
  repA: ['cA', 'cP', 'cS'],
  repB: ['cB', 'cP', 'cS'],
  service: ALL,
  marketer: ALL,
  analyst: ALL,
  readOnly: ['cP', 'cR'],
};
const MASKED: Record<Who, boolean> = {
  admin: false,
  manager: false,
  repA: false,
  repB: false,
  service: false,
  marketer: true,
  analyst: true,
  readOnly: true,
};

let ctx: TestContext;
const sessions = {} as Record<Who, Session & { userId: string }>;
const ids = {} as Record<Key, string>;
let otherAdmin: Session;
const WHO = Object.keys(ROLE_OF) as Who[];
const can = (who: Who, permission: Permission) => SYSTEM_ROLES[ROLE_OF[who]].permissions.includes(permission);

/** A problem's `instance` echoes the URL the caller asked for (with the id they sent): not a leak. */
function bodyOf(response: LightMyRequestResponse): string {
  if (response.statusCode < 400) return response.body;
  const { instance: _instance, ...problem } = response.json();
  return JSON.stringify(problem);
}

function expectNoLeak(who: Who, label: string, body: string) {
  for (const key of [...ALL, 'cX'] as Key[]) {
    const data = DATA[key];
    if (!VISIBLE[who].includes(key)) {
      // (An unseen customer's opaque id may appear, e.g. as a relation's other end in the history; the record itself stays a 404.)
      expect(body, `${who} ${label}: name of ${key}`).not.toContain(data.name);
      if (key === 'cB') expect(body, `${who} ${label}: cB's twin`).not.toContain(TWIN);
    }
    if (MASKED[who] || !VISIBLE[who].includes(key)) {
      for (const raw of [data.phone, data.email, data.address]) expect(body, `${who} ${label}: ${raw}`).not.toContain(raw);
    }
  }
}

function expectFields(who: Who, key: Key, customer: { phones: string[]; emails: string[]; address: string | null }, label: string) {
  const data = DATA[key];
  const expected = MASKED[who] ? data.masked : data;
  expect({ phones: customer.phones, emails: customer.emails, address: customer.address }, `${who} ${label} ${key}`).toEqual({
    phones: [expected.phone],
    emails: [expected.email],
    address: expected.address,
  });
}

const itemsOf = (response: LightMyRequestResponse) => response.json().items as Array<{ id: string; phones: string[]; emails: string[]; address: string | null }>;
const keyOf = (id: string) => (Object.keys(ids) as Key[]).find((key) => ids[key] === id);

beforeAll(async () => {
  ctx = await createTestContext();
  sessions.admin = Object.assign(ctx.admin, { userId: ctx.adminId });
  const teamId = (await ctx.admin.request('POST', '/api/teams', { name: '矩阵一组' })).json().id;
  sessions.manager = await ctx.userSession('sales_manager', { teamId, name: '经理' });
  await ctx.admin.request('PATCH', `/api/teams/${teamId}`, { version: 1, managerId: sessions.manager.userId });
  sessions.repA = await ctx.userSession('sales_rep', { teamId, name: '代表甲' });
  sessions.repB = await ctx.userSession('sales_rep', { name: '代表乙' });
  sessions.service = await ctx.userSession('service_agent');
  sessions.marketer = await ctx.userSession('marketer');
  sessions.analyst = await ctx.userSession('analyst');
  sessions.readOnly = await ctx.userSession('read_only');

  const owners: Record<Key, string | null> = {
    cA: sessions.repA.userId,
    cB: sessions.repB.userId,
    cM: sessions.manager.userId,
    cP: null,
    cS: sessions.repB.userId,
    cR: sessions.readOnly.userId,
    cX: null,
  };
  const other = await ctx.otherWorkspace();
  otherAdmin = other.admin;
  for (const key of [...ALL, 'cX'] as Key[]) {
    const data = DATA[key];
    const body = { kind: 'person', name: data.name, phones: [data.phone], emails: [data.email], address: data.address, city: '测试', ...(key === 'cX' ? {} : { ownerId: owners[key] }) };
    const response = await (key === 'cX' ? other.admin : ctx.admin).request('POST', '/api/customers', body);
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json().id;
  }
  const shared = await ctx.admin.request('POST', `/api/customers/${ids.cS}/collaborators`, { userId: sessions.repA.userId });
  expect(shared.statusCode, shared.body).toBe(200);
  // Related records: an order of cA, a follow-up on every customer, and a relation from cA to cB (which rep A may not see).
  await ctx.db
    .insertInto('orders')
    .values({ workspace_id: ctx.workspaceId, id: uuidv7(), order_no: 'MX-1', customer_id: ids.cA, ordered_at: new Date(), amount: 12_300 })
    .execute();
  for (const key of ALL) await ctx.admin.request('POST', `/api/customers/${ids[key]}/follow-ups`, { channel: 'phone', note: `跟进${DATA[key].name}` });
  const twin = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: TWIN, phones: ['13911112222'], emails: [DATA.cB.email], ownerId: owners.cB });
  expect(twin.statusCode, twin.body).toBe(201);
  const relation = await ctx.admin.request('POST', `/api/customers/${ids.cA}/relations`, { toCustomerId: ids.cB, type: 'friend' });
  expect(relation.statusCode, relation.body).toBe(201);
});

describe('lists and search', () => {
  it.each(WHO)('%s: the list and search show exactly the customers in scope, fields masked as the role sees them', async (who) => {
    const session = sessions[who];
    const list = await session.request('GET', '/api/customers?q=矩阵&limit=200');
    expect(list.statusCode).toBe(200);
    expect(itemsOf(list).map((item) => keyOf(item.id)).sort()).toEqual([...VISIBLE[who]].sort());
    for (const item of itemsOf(list)) expectFields(who, keyOf(item.id)!, item, 'list');
    expectNoLeak(who, 'list', bodyOf(list));

    // Phone-suffix search works on the full number server-side, even when the answer is masked.
    for (const key of ALL) {
      const search = await session.request('GET', `/api/customers?q=${DATA[key].phone.slice(-4)}`);
      const found = itemsOf(search).map((item) => keyOf(item.id));
      expect(found, `${who} searches ${key}'s phone`).toEqual(VISIBLE[who].includes(key) ? [key] : []);
      expectNoLeak(who, `search ${key}`, bodyOf(search));
    }
    const pool = await session.request('GET', '/api/pool?q=矩阵');
    expect(itemsOf(pool).map((item) => keyOf(item.id))).toEqual(['cP']);
    expectFields(who, 'cP', itemsOf(pool)[0]!, 'pool');
    expectNoLeak(who, 'pool', bodyOf(pool));
  });

  it.each(WHO)('%s: export gives exactly the customers in scope, masked as the role sees them', async (who) => {
    const response = await sessions[who].request('GET', '/api/customers/export?q=矩阵&format=csv');
    expect(response.statusCode).toBe(200);
    for (const key of ALL) {
      expect(response.body.includes(DATA[key].name), `${who} export has ${key}`).toBe(VISIBLE[who].includes(key));
      if (VISIBLE[who].includes(key) && MASKED[who]) expect(response.body).toContain(DATA[key].masked.phone);
    }
    expectNoLeak(who, 'export', bodyOf(response));
  });
});

/** Every read endpoint about one customer: 200 exactly when visible (or 403 when the role lacks the permission). */
const READS: Array<{ path: string; permission: Permission; customer?: (body: unknown) => { phones: string[]; emails: string[]; address: string | null } }> = [
  { path: '', permission: 'customers.read', customer: (body) => body as never },
  { path: '/events', permission: 'customers.read' },
  { path: '/follow-ups', permission: 'customers.read' },
  { path: '/collaborators', permission: 'customers.read' },
  { path: '/360', permission: 'customers.read', customer: (body) => (body as { customer: never }).customer },
  { path: '/vcard', permission: 'customers.read' },
  { path: '/relations', permission: 'customers.read' },
  { path: '/contacts', permission: 'customers.read' },
  { path: '/lifecycle', permission: 'customers.read' },
  { path: '/orders', permission: 'orders.read' },
  { path: '/order-summary', permission: 'orders.read' },
];

describe('reading one customer, and its related records', () => {
  it.each(WHO)('%s: every read endpoint answers 200 only for customers in scope, 404 otherwise, and leaks nothing', async (who) => {
    const session = sessions[who];
    for (const read of READS) {
      for (const key of [...ALL, 'cX'] as Key[]) {
        const response = await session.request('GET', `/api/customers/${ids[key]}${read.path}`);
        const label = `GET ${read.path || '/'} of ${key}`;
        if (!can(who, read.permission)) {
          expect(response.statusCode, `${who} ${label}`).toBe(403);
          continue;
        }
        expect(response.statusCode, `${who} ${label}: ${response.body.slice(0, 200)}`).toBe(VISIBLE[who].includes(key) ? 200 : 404);
        expectNoLeak(who, label, bodyOf(response));
        if (response.statusCode === 200 && read.customer) expectFields(who, key, read.customer(response.json()), label);
      }
    }
  });

  it.each(WHO)('%s: the history of a visible customer is masked like the customer', async (who) => {
    const key = VISIBLE[who][0]!;
    const events = (await sessions[who].request('GET', `/api/customers/${ids[key]}/events`)).json().items;
    const created = events.find((event: { action: string }) => event.action === 'created');
    expect(created.after.phones).toEqual([MASKED[who] ? DATA[key].masked.phone : DATA[key].phone]);
    expect(created.after.address).toBe(MASKED[who] ? DATA[key].masked.address : DATA[key].address);
  });
});

describe('writing', () => {
  it.each(WHO)('%s: update, follow-up, claim, release and collaborators reach only customers in scope', async (who) => {
    const session = sessions[who];
    for (const key of [...ALL, 'cX'] as Key[]) {
      const visible = VISIBLE[who].includes(key);
      const version = key === 'cX' ? 1 : (await ctx.admin.request('GET', `/api/customers/${ids[key]}`)).json().version;
      const update = await session.request('PATCH', `/api/customers/${ids[key]}`, { version, city: '测试' });
      expect(update.statusCode, `${who} PATCH ${key}`).toBe(!can(who, 'customers.write') ? 403 : visible ? 200 : 404);
      if (update.statusCode === 200) expectFields(who, key, update.json(), 'PATCH answer');

      const followUp = await session.request('POST', `/api/customers/${ids[key]}/follow-ups`, { channel: 'visit', note: '矩阵测试' });
      expect(followUp.statusCode, `${who} follow-up ${key}`).toBe(!can(who, 'customers.write') ? 403 : visible ? 201 : 404);

      if (key !== 'cP') {
        // A customer with an owner: one's own is an idempotent 200, someone else's a 409, out of scope a 404.
        const claim = await session.request('POST', `/api/customers/${ids[key]}/claim`);
        const mine = key !== 'cX' && (await ctx.db.selectFrom('customers').select('owner_id').where('id', '=', ids[key]).executeTakeFirstOrThrow()).owner_id === session.userId;
        expect(claim.statusCode, `${who} claim ${key}`).toBe(!can(who, 'customers.write') ? 403 : !visible ? 404 : mine ? 200 : 409);
      }
      if (!visible) {
        expect((await session.request('POST', `/api/customers/${ids[key]}/release`, {})).statusCode, `${who} release ${key}`).toBe(can(who, 'customers.write') ? 404 : 403);
        const collaborator = await session.request('POST', `/api/customers/${ids[key]}/collaborators`, { userId: session.userId });
        expect(collaborator.statusCode, `${who} add collaborator to ${key}`).toBe(can(who, 'customers.write') ? 404 : 403);
        expectNoLeak(who, `writes to ${key}`, bodyOf(update) + bodyOf(followUp) + bodyOf(collaborator));
      }
    }
  });

  it.each(WHO)('%s: delete and restore reach only customers in scope', async (who) => {
    const session = sessions[who];
    const inScope = VISIBLE[who].find((key) => key !== 'cP')!;
    const outOfScope = ([...ALL, 'cX'] as Key[]).find((key) => !VISIBLE[who].includes(key))!;
    if (!can(who, 'customers.delete')) {
      expect((await session.request('DELETE', `/api/customers/${ids[inScope]}`)).statusCode).toBe(403);
      expect((await session.request('POST', `/api/customers/${ids[inScope]}/restore`)).statusCode).toBe(403);
      return;
    }
    expect((await session.request('DELETE', `/api/customers/${ids[outOfScope]}`)).statusCode).toBe(404);
    expect((await session.request('POST', `/api/customers/${ids[outOfScope]}/restore`)).statusCode).toBe(404);
    expect((await session.request('DELETE', `/api/customers/${ids[inScope]}`)).statusCode).toBe(204);
    const restored = await session.request('POST', `/api/customers/${ids[inScope]}/restore`);
    expect(restored.statusCode).toBe(200);
    expectFields(who, inScope, restored.json(), 'restore answer');
  });

  it.each(WHO)('%s: bulk reassignment is for those who may reassign, and only within scope', async (who) => {
    const session = sessions[who];
    const outOfScope = ([...ALL, 'cX'] as Key[]).find((key) => !VISIBLE[who].includes(key))!;
    const response = await session.request('POST', '/api/customers/reassign', { customerIds: [ids[outOfScope]], ownerId: session.userId });
    if (!can(who, 'customers.reassign')) {
      expect(response.statusCode).toBe(403);
      return;
    }
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'customerIds.0', code: 'not_found' })]);
    expectNoLeak(who, 'reassign', bodyOf(response));
  });
});

describe('revealing a masked field', () => {
  it.each(WHO)('%s: reveal is allowed only with customers.reveal, only in scope, and audited without the value', async (who) => {
    const session = sessions[who];
    for (const key of [...ALL, 'cX'] as Key[]) {
      const response = await session.request('POST', `/api/customers/${ids[key]}/reveal`, { field: 'phones' });
      if (!can(who, 'customers.reveal')) {
        expect(response.statusCode, `${who} reveal ${key}`).toBe(403);
        continue;
      }
      expect(response.statusCode, `${who} reveal ${key}`).toBe(VISIBLE[who].includes(key) ? 200 : 404);
      if (response.statusCode === 200) expect(response.json()).toEqual({ field: 'phones', values: [DATA[key].phone] });
    }
    if (!can(who, 'customers.reveal')) return;
    const audit = await ctx.db
      .selectFrom('events')
      .select(['after', 'actor_id', 'customer_id'])
      .where('action', '=', 'revealed')
      .where('actor_id', '=', session.userId)
      .execute();
    expect(audit.map((row) => keyOf(row.customer_id!)).sort()).toEqual([...VISIBLE[who]].sort());
    for (const row of audit) expect(row.after).toEqual({ field: 'phones' });
  });

  it('shows the full address of a masked customer to a role that may reveal (service agents see it anyway)', async () => {
    const revealed = await sessions.manager.request('POST', `/api/customers/${ids.cA}/reveal`, { field: 'address' });
    expect(revealed.json()).toEqual({ field: 'address', values: [DATA.cA.address] });
    expect((await sessions.marketer.request('POST', `/api/customers/${ids.cA}/reveal`, { field: 'address' })).statusCode).toBe(403);
  });
});

describe('the other workspace', () => {
  it('sees none of this workspace’s customers through any list, search, pool or id', async () => {
    for (const path of ['/api/customers?q=矩阵&limit=200', '/api/pool?q=矩阵', '/api/customers/export?q=矩阵']) {
      const response = await otherAdmin.request('GET', path);
      for (const key of ALL) {
        expect(response.body, `${path} ${key}`).not.toContain(DATA[key].name);
        expect(response.body).not.toContain(DATA[key].phone);
      }
    }
    for (const key of ALL) {
      expect((await otherAdmin.request('GET', `/api/customers/${ids[key]}`)).statusCode).toBe(404);
      expect((await otherAdmin.request('POST', `/api/customers/${ids[key]}/claim`)).statusCode).toBe(404);
      expect((await otherAdmin.request('POST', `/api/customers/${ids[key]}/reveal`, { field: 'phones' })).statusCode).toBe(404);
    }
  });
});

describe('the other modules’ lists and finders', () => {
  it.each(WHO)('%s: orders, duplicates, merges and analytics show nothing of customers out of scope, nor unmasked fields', async (who) => {
    const session = sessions[who];
    const asked: Array<[string, LightMyRequestResponse]> = [
      ['GET /api/orders', await session.request('GET', '/api/orders?limit=200')],
      ['GET /api/duplicates', await session.request('GET', '/api/duplicates')],
      ['POST duplicates/check', await session.request('POST', '/api/customers/duplicates/check', { kind: 'person', name: '矩阵', emails: [DATA.cB.email], phones: [DATA.cA.phone] })],
      ['GET /api/merges', await session.request('GET', '/api/merges')],
      ['GET /api/analytics/churn-warnings', await session.request('GET', '/api/analytics/churn-warnings')],
    ];
    for (const [label, response] of asked) {
      expect([200, 403], `${who} ${label}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
      expectNoLeak(who, label, bodyOf(response));
    }
    // The duplicate finder does find cB's twin for those who see both.
    const check = asked[2]![1];
    if (check.statusCode === 200 && VISIBLE[who].includes('cB')) expect(check.body).toContain(TWIN);
    const orders = asked[0]![1];
    if (orders.statusCode === 200) expect(orders.body.includes(DATA.cA.name), `${who} sees cA's order`).toBe(VISIBLE[who].includes('cA'));
    for (const key of [...ALL, 'cX'] as Key[]) {
      const value = await session.request('GET', `/api/analytics/customers/${ids[key]}`);
      if (value.statusCode === 403) continue;
      expect(value.statusCode, `${who} analytics of ${key}`).toBe(VISIBLE[who].includes(key) ? 200 : 404);
      expectNoLeak(who, `analytics of ${key}`, bodyOf(value));
    }
  });
});
