import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';
import { orderSummary } from './orders.service.ts';

let ctx: TestContext;
let tv: { id: string };
let fridge: { id: string };

async function post(session: Session, url: string, body: unknown, status = 201) {
  const response = await session.request('POST', url, body);
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

/**
 * Customers are written straight to the table: this file tests orders, and must not
 * depend on the customer API's own rules. `owner` null is the unowned pool.
 */
async function customer(owner: string | null, name: string, workspaceId = ctx.workspaceId) {
  const id = uuidv7();
  await ctx.db.insertInto('customers').values({ workspace_id: workspaceId, id, kind: 'person', name, owner_id: owner }).execute();
  return { id, name };
}

beforeAll(async () => {
  ctx = await createTestContext();
  tv = await post(ctx.admin, '/api/products', { sku: 'TV-65', name: '65寸电视', unitPrice: { amount: 499900 } });
  fridge = await post(ctx.admin, '/api/products', { sku: 'FR-1', name: '双门冰箱', unitPrice: { amount: 259950 } });
});

describe('creating orders', () => {
  it('computes line amounts and the order amount itself, takes product names and prices, and numbers the order', async () => {
    const buyer = await customer(ctx.adminId, '王芳');
    const order = await post(ctx.admin, '/api/orders', {
      customerId: buyer.id,
      channel: 'store',
      amount: 1, // ignored: the server computes the amount
      lines: [
        { productId: tv.id, quantity: 2 },
        { productId: fridge.id, quantity: 1, unitPrice: 239900, description: '双门冰箱（门店促销）' },
        { description: '上门安装', quantity: 3, unitPrice: 5000 },
      ],
    });
    expect(order).toMatchObject({
      customerId: buyer.id,
      customer: { id: buyer.id, name: '王芳' },
      channel: 'store',
      status: 'pending',
      amount: { amount: 2 * 499900 + 239900 + 3 * 5000, currency: 'CNY' },
      ownerId: ctx.adminId,
      owner: { id: ctx.adminId, name: '管理员' },
      version: 1,
      nextStatuses: ['paid', 'cancelled'],
    });
    expect(order.orderNo).toMatch(/^SO\d{8}-[0-9A-Z]{6}$/);
    expect(order.lines).toEqual([
      { lineNo: 1, productId: tv.id, product: { id: tv.id, sku: 'TV-65', name: '65寸电视' }, description: '65寸电视', quantity: 2, unitPrice: { amount: 499900, currency: 'CNY' }, amount: { amount: 999800, currency: 'CNY' } },
      { lineNo: 2, productId: fridge.id, product: { id: fridge.id, sku: 'FR-1', name: '双门冰箱' }, description: '双门冰箱（门店促销）', quantity: 1, unitPrice: { amount: 239900, currency: 'CNY' }, amount: { amount: 239900, currency: 'CNY' } },
      { lineNo: 3, productId: null, product: null, description: '上门安装', quantity: 3, unitPrice: { amount: 5000, currency: 'CNY' }, amount: { amount: 15000, currency: 'CNY' } },
    ]);
    const stored = await ctx.db.selectFrom('orders').select(['amount', 'order_no']).where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ amount: 1254700, order_no: order.orderNo });
    expect((await ctx.admin.request('GET', `/api/orders/${order.id}`)).json()).toEqual(order);
  });

  it('answers a used order number with 409 naming it, in this workspace only', async () => {
    const buyer = await customer(ctx.adminId, '李雷');
    const body = { customerId: buyer.id, orderNo: 'SO-TEST-0001', lines: [{ description: '服务费', quantity: 1, unitPrice: 100 }] };
    await post(ctx.admin, '/api/orders', body);
    const again = await ctx.admin.request('POST', '/api/orders', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([expect.objectContaining({ path: 'orderNo', code: 'order_no_taken' })]);
    expect(again.json().detail).toContain('SO-TEST-0001');
    expect(await ctx.db.selectFrom('orders').select('id').where('order_no', '=', 'SO-TEST-0001').execute()).toHaveLength(1);

    const other = await ctx.otherWorkspace();
    const theirs = await customer(null, '韩梅梅', other.workspaceId);
    await post(other.admin, '/api/orders', { ...body, customerId: theirs.id });
  });

  it('names every bad field: unknown customer and product, a line with neither product nor price, float money', async () => {
    const buyer = await customer(ctx.adminId, '赵敏');
    const inactive = await post(ctx.admin, '/api/products', { sku: 'OFF-1', name: '下架商品', unitPrice: { amount: 1 }, active: false });
    const response = await ctx.admin.request('POST', '/api/orders', {
      customerId: uuidv7(),
      lines: [{ productId: uuidv7(), quantity: 1 }, { quantity: 1 }, { productId: inactive.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort()).toEqual([
      'customerId:unknown_customer',
      'lines.0.productId:unknown_product',
      'lines.1.description:too_small',
      'lines.1.unitPrice:too_small',
      'lines.2.productId:inactive_product',
    ]);
    const floats = await ctx.admin.request('POST', '/api/orders', { customerId: buyer.id, lines: [{ description: 'x', quantity: 1.5, unitPrice: 9.99 }] });
    expect(floats.statusCode).toBe(400);
    expect(floats.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['lines.0.quantity', 'lines.0.unitPrice']);
    const empty = await ctx.admin.request('POST', '/api/orders', { customerId: buyer.id, lines: [] });
    expect(empty.statusCode).toBe(400);
    expect(await ctx.db.selectFrom('orders').select('id').where('customer_id', '=', buyer.id).execute()).toEqual([]);
  });
});

describe('status changes', () => {
  it('walks pending → paid → shipped → completed → refunded, refuses other moves, and checks the version', async () => {
    const buyer = await customer(ctx.adminId, '孙悟空');
    let order = await post(ctx.admin, '/api/orders', { customerId: buyer.id, lines: [{ productId: tv.id, quantity: 1 }] });
    const move = (status: string, version = order.version) => ctx.admin.request('POST', `/api/orders/${order.id}/status`, { version, status });

    const skip = await move('pending');
    expect(skip.statusCode).toBe(400);
    expect(skip.json().errors[0]).toMatchObject({ path: 'status', code: 'invalid_transition' });

    for (const status of ['paid', 'shipped', 'completed']) {
      const response = await move(status);
      expect(response.statusCode, response.body).toBe(200);
      order = response.json();
      expect(order.status).toBe(status);
    }
    expect(order.version).toBe(4);
    expect(order.nextStatuses).toEqual(['refunded']);

    const stale = await move('refunded', 3);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { status: 'completed', version: 4 } });

    expect((await move('cancelled')).statusCode).toBe(400);
    const refund = await ctx.admin.request('POST', `/api/orders/${order.id}/status`, { version: 4, status: 'refunded', reason: '客户退货' });
    expect(refund.json()).toMatchObject({ status: 'refunded', nextStatuses: [] });
    order = refund.json();
    const final = await move('completed');
    expect(final.statusCode).toBe(400);
    expect(final.json().errors[0].message).toContain('final');
  });

  it('cancels a pending order but not a paid one', async () => {
    const buyer = await customer(ctx.adminId, '猪八戒');
    const a = await post(ctx.admin, '/api/orders', { customerId: buyer.id, lines: [{ productId: tv.id, quantity: 1 }] });
    expect((await ctx.admin.request('POST', `/api/orders/${a.id}/status`, { version: 1, status: 'cancelled' })).json().status).toBe('cancelled');
    const b = await post(ctx.admin, '/api/orders', { customerId: buyer.id, status: 'paid', lines: [{ productId: tv.id, quantity: 1 }] });
    expect((await ctx.admin.request('POST', `/api/orders/${b.id}/status`, { version: 1, status: 'cancelled' })).statusCode).toBe(400);
  });

  it('records creation and every status change as events on the customer’s timeline', async () => {
    const buyer = await customer(ctx.adminId, '沙和尚');
    const order = await post(ctx.admin, '/api/orders', { customerId: buyer.id, lines: [{ productId: fridge.id, quantity: 2 }] });
    await post(ctx.admin, `/api/orders/${order.id}/status`, { version: 1, status: 'paid', reason: '已转账' }, 200);
    await ctx.admin.request('POST', `/api/orders/${order.id}/status`, { version: 1, status: 'shipped' }); // stale: no event

    const history = (await ctx.admin.request('GET', `/api/orders/${order.id}/events`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['status_changed', 'created']);
    expect(history[0].changes).toEqual([
      { field: 'status', before: 'pending', after: 'paid' },
      { field: 'reason', before: null, after: '已转账' },
    ]);
    expect(history[1].after).toMatchObject({ orderNo: order.orderNo, amount: 519900, lines: [expect.objectContaining({ quantity: 2 })] });

    const onTimeline = await ctx.db
      .selectFrom('events')
      .select(['entity_type', 'entity_id', 'action'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('customer_id', '=', buyer.id)
      .orderBy('id')
      .execute();
    expect(onTimeline).toEqual([
      { entity_type: 'order', entity_id: order.id, action: 'created' },
      { entity_type: 'order', entity_id: order.id, action: 'status_changed' },
    ]);
  });
});

describe('who sees which orders', () => {
  it('shows a rep only the orders of customers they may see, everywhere', async () => {
    const alice = await ctx.userSession('sales_rep', { name: '爱丽丝' });
    const bob = await ctx.userSession('sales_rep', { name: '鲍勃' });
    const hers = await customer(alice.userId, '爱丽丝的客户');
    const order = await post(alice, '/api/orders', { customerId: hers.id, lines: [{ productId: tv.id, quantity: 1 }] });
    expect(order.owner).toEqual({ id: alice.userId, name: '爱丽丝' });

    expect((await alice.request('GET', `/api/orders/${order.id}`)).statusCode).toBe(200);
    expect((await bob.request('GET', `/api/orders/${order.id}`)).statusCode).toBe(404);
    expect((await bob.request('GET', `/api/orders/${order.id}/events`)).statusCode).toBe(404);
    expect((await bob.request('POST', `/api/orders/${order.id}/status`, { version: 1, status: 'paid' })).statusCode).toBe(404);
    const bobsList = (await bob.request('GET', '/api/orders?limit=200')).json().items.map((o: { id: string }) => o.id);
    expect(bobsList).not.toContain(order.id);
    expect((await bob.request('GET', `/api/orders?customerId=${hers.id}`)).json().items).toEqual([]);
    expect((await bob.request('GET', `/api/customers/${hers.id}/orders`)).statusCode).toBe(404);
    expect((await bob.request('GET', `/api/customers/${hers.id}/order-summary`)).statusCode).toBe(404);
    const sneaky = await bob.request('POST', '/api/orders', { customerId: hers.id, lines: [{ productId: tv.id, quantity: 1 }] });
    expect(sneaky.statusCode).toBe(400);
    expect(sneaky.json().errors[0]).toMatchObject({ path: 'customerId', code: 'unknown_customer' });

    const alicesList = (await alice.request('GET', '/api/orders?limit=200')).json().items.map((o: { id: string }) => o.id);
    expect(alicesList).toEqual([order.id]);
    // the admin (scope: all) sees it too
    expect((await ctx.admin.request('GET', `/api/customers/${hers.id}/orders`)).json().items.map((o: { id: string }) => o.id)).toEqual([order.id]);
  });

  it('finds a rep’s few orders behind more than ten thousand newer orders of others', async () => {
    // Exercises the path for scopes with few customers (see listOrders): the newest
    // 10,000 orders hold none of the rep's, so the page must come from the customer side.
    const rep = await ctx.userSession('sales_rep', { name: '新来的销售' });
    const mine = await customer(rep.userId, '新销售的客户');
    const old = await post(rep, '/api/orders', { customerId: mine.id, orderedAt: '2020-01-01T00:00:00Z', status: 'completed', lines: [{ description: '旧单', quantity: 1, unitPrice: 100 }] });
    const busy = await customer(ctx.adminId, '大客户');
    await sql`
      insert into orders (workspace_id, id, order_no, customer_id, ordered_at, amount, status)
      select ${ctx.workspaceId}::uuid, gen_random_uuid(), 'BULK-' || g, ${busy.id}::uuid, now() + interval '1 day' - g * interval '1 second', g, case when g % 2 = 0 then 'pending' else 'completed' end
      from generate_series(1, 10050) g`.execute(ctx.db);
    for (const query of ['', '&sort=-amount', '&sort=amount', '&status=completed', '&status=pending']) {
      const items = (await rep.request('GET', `/api/orders?limit=5${query}`)).json().items.map((o: { id: string }) => o.id);
      expect(items, query).toEqual(query.includes('pending') ? [] : [old.id]);
    }
    const adminPage = (await ctx.admin.request('GET', '/api/orders?limit=3')).json();
    expect(adminPage.items.map((o: { orderNo: string }) => o.orderNo)).toEqual(['BULK-1', 'BULK-2', 'BULK-3']);
    await ctx.db.deleteFrom('orders').where('order_no', 'like', 'BULK-%').execute();
  });

  it('gives another workspace 404 for the order, the customer’s orders and the summary, and an empty list', async () => {
    const buyer = await customer(ctx.adminId, '外人看不到');
    const order = await post(ctx.admin, '/api/orders', { customerId: buyer.id, lines: [{ productId: tv.id, quantity: 1 }] });
    const other = await ctx.otherWorkspace();
    expect((await other.admin.request('GET', `/api/orders/${order.id}`)).statusCode).toBe(404);
    expect((await other.admin.request('POST', `/api/orders/${order.id}/status`, { version: 1, status: 'paid' })).statusCode).toBe(404);
    expect((await other.admin.request('GET', `/api/customers/${buyer.id}/orders`)).statusCode).toBe(404);
    expect((await other.admin.request('GET', `/api/customers/${buyer.id}/order-summary`)).statusCode).toBe(404);
    expect((await other.admin.request('GET', '/api/orders')).json().items).toEqual([]);
    const theirs = await other.admin.request('POST', '/api/orders', { customerId: buyer.id, lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] });
    expect(theirs.statusCode).toBe(400);
  });

  it('lets a service agent read orders but not write them; roles without orders.read get 403', async () => {
    const agent = await ctx.userSession('service_agent');
    expect((await agent.request('GET', '/api/orders')).statusCode).toBe(200);
    const buyer = await customer(ctx.adminId, '客服看得到');
    expect((await agent.request('POST', '/api/orders', { customerId: buyer.id, lines: [{ productId: tv.id, quantity: 1 }] })).statusCode).toBe(403);
  });
});

describe('listing', () => {
  let buyer: { id: string };
  let other: { id: string };
  const made: Array<{ id: string; orderNo: string; amount: { amount: number } }> = [];
  beforeAll(async () => {
    buyer = await customer(ctx.adminId, '列表客户');
    other = await customer(ctx.adminId, '另一个列表客户');
    const rep = await ctx.userSession('sales_rep', { name: '列表销售' });
    const specs = [
      { day: '2025-01-05', amount: 3000, channel: 'online', status: 'completed' },
      { day: '2025-02-10', amount: 1000, channel: 'store', status: 'pending' },
      { day: '2025-03-15', amount: 5000, channel: 'online', status: 'paid' },
      { day: '2025-04-20', amount: 2000, channel: 'wechat', status: 'completed' },
      { day: '2025-05-25', amount: 4000, channel: 'online', status: 'shipped' },
    ];
    for (const [index, spec] of specs.entries()) {
      made.push(
        await post(ctx.admin, '/api/orders', {
          customerId: index === 4 ? other.id : buyer.id,
          orderedAt: `${spec.day}T10:00:00+08:00`,
          channel: spec.channel,
          status: spec.status,
          ownerId: index === 2 ? rep.userId : undefined,
          orderNo: `LIST-${index}`,
          lines: [{ description: '商品', quantity: 1, unitPrice: spec.amount }],
        }),
      );
    }
  });

  const orderNos = async (query: string) =>
    (await ctx.admin.request('GET', `/api/orders?orderNo=&${query}`)).json().items.map((o: { orderNo: string }) => o.orderNo).filter((no: string) => no.startsWith('LIST-'));

  it('filters by customer, status, channel, owner and date range', async () => {
    expect(await orderNos(`customerId=${buyer.id}`)).toEqual(['LIST-3', 'LIST-2', 'LIST-1', 'LIST-0']);
    expect(await orderNos('status=completed&limit=200')).toEqual(['LIST-3', 'LIST-0']);
    expect(await orderNos('channel=online&limit=200')).toEqual(['LIST-4', 'LIST-2', 'LIST-0']);
    expect(await orderNos(`ownerId=${made[2] && (await ctx.admin.request('GET', `/api/orders/${made[2].id}`)).json().ownerId}`)).toEqual(['LIST-2']);
    const from = encodeURIComponent('2025-02-10T00:00:00+08:00');
    const to = encodeURIComponent('2025-04-20T10:00:00+08:00');
    expect(await orderNos(`from=${from}&to=${to}&limit=200`)).toEqual(['LIST-2', 'LIST-1']);
    expect(await orderNos(`customerId=${buyer.id}&sort=-amount`)).toEqual(['LIST-2', 'LIST-0', 'LIST-3', 'LIST-1']);
    expect(await orderNos(`customerId=${buyer.id}&sort=amount`)).toEqual(['LIST-1', 'LIST-3', 'LIST-0', 'LIST-2']);
  });

  it('pages with cursors in either sort without repeating or skipping', async () => {
    for (const sort of ['-orderedAt', 'orderedAt', '-amount', 'amount']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ orderNo: string }>; nextCursor: string | null } = (
          await ctx.admin.request('GET', `/api/orders?customerId=${buyer.id}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((o) => o.orderNo));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.slice().sort(), sort).toEqual(['LIST-0', 'LIST-1', 'LIST-2', 'LIST-3']);
    }
    const bad = await ctx.admin.request('GET', '/api/orders?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
  });
});

describe('order summary', () => {
  it('counts, totals and averages per currency, leaving out cancelled and refunded orders', async () => {
    const buyer = await customer(ctx.adminId, '汇总客户');
    const order = (day: string, amount: number, status: string, currency = 'CNY') =>
      post(ctx.admin, '/api/orders', {
        customerId: buyer.id,
        orderedAt: `${day}T09:00:00Z`,
        status: status === 'cancelled' || status === 'refunded' ? 'pending' : status,
        currency,
        lines: [{ description: '商品', quantity: 1, unitPrice: amount }],
      });
    await order('2025-01-01', 10000, 'completed');
    await order('2025-02-01', 5001, 'paid');
    const cancelled = await order('2025-06-01', 99900, 'cancelled');
    await post(ctx.admin, `/api/orders/${cancelled.id}/status`, { version: 1, status: 'cancelled' }, 200);
    const refunded = await order('2025-07-01', 88800, 'completed');
    await post(ctx.admin, `/api/orders/${refunded.id}/status`, { version: 1, status: 'refunded' }, 200);
    await order('2025-03-01', 1000, 'completed', 'USD');

    const expected = {
      count: 3,
      total: [
        { amount: 15001, currency: 'CNY' },
        { amount: 1000, currency: 'USD' },
      ],
      lastOrderAt: '2025-03-01T09:00:00.000Z',
      averageOrderValue: [
        { amount: 7501, currency: 'CNY' }, // 15001 / 2 = 7500.5, rounded
        { amount: 1000, currency: 'USD' },
      ],
    };
    expect((await ctx.admin.request('GET', `/api/customers/${buyer.id}/order-summary`)).json()).toEqual(expected);

    const admin = ctx.adminActor;
    expect(await orderSummary(ctx.db, admin, buyer.id)).toEqual(expected);

    const nobody = await customer(ctx.adminId, '没下过单');
    expect(await orderSummary(ctx.db, admin, nobody.id)).toEqual({ count: 0, total: [], lastOrderAt: null, averageOrderValue: [] });
    await expect(orderSummary(ctx.db, { ...admin, workspaceId: uuidv7() }, buyer.id)).rejects.toMatchObject({ status: 404 });
  });
});
