import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/migrate.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

async function post(session: Session, url: string, body: unknown, status = 201) {
  const response = await session.request('POST', url, body);
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

describe('categories', () => {
  it('creates, renames, nests, and refuses duplicates, cycles and deleting a category in use', async () => {
    const phones = await post(ctx.admin, '/api/product-categories', { name: '手机' });
    expect(phones).toMatchObject({ name: '手机', parentId: null, productCount: 0 });
    const flagship = await post(ctx.admin, '/api/product-categories', { name: '旗舰机', parentId: phones.id });
    expect(flagship.parentId).toBe(phones.id);

    const duplicate = await ctx.admin.request('POST', '/api/product-categories', { name: '手机' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors).toEqual([expect.objectContaining({ path: 'name', code: 'name_taken' })]);

    const cycle = await ctx.admin.request('PATCH', `/api/product-categories/${phones.id}`, { parentId: flagship.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0]).toMatchObject({ path: 'parentId', code: 'category_cycle' });

    const renamed = await ctx.admin.request('PATCH', `/api/product-categories/${flagship.id}`, { name: '高端手机' });
    expect(renamed.json()).toMatchObject({ name: '高端手机', parentId: phones.id });

    const inUse = await ctx.admin.request('DELETE', `/api/product-categories/${phones.id}`);
    expect(inUse.statusCode).toBe(409);
    expect((await ctx.admin.request('DELETE', `/api/product-categories/${flagship.id}`)).statusCode).toBe(204);
    expect((await ctx.admin.request('DELETE', `/api/product-categories/${phones.id}`)).statusCode).toBe(204);
    const list = (await ctx.admin.request('GET', '/api/product-categories')).json();
    expect(list.items.map((c: { name: string }) => c.name)).not.toContain('手机');
  });
});

describe('products', () => {
  let category: { id: string };
  beforeAll(async () => {
    category = await post(ctx.admin, '/api/product-categories', { name: '家电' });
  });

  it('creates a product with its price in minor units, and answers a taken SKU with 409 naming it', async () => {
    const product = await post(ctx.admin, '/api/products', {
      sku: 'AC-1000',
      name: '变频空调',
      categoryId: category.id,
      unitPrice: { amount: 129900 },
    });
    expect(product).toMatchObject({
      sku: 'AC-1000',
      name: '变频空调',
      category: { id: category.id, name: '家电' },
      unitPrice: { amount: 129900, currency: 'CNY' },
      active: true,
      version: 1,
      deletedAt: null,
    });
    const taken = await ctx.admin.request('POST', '/api/products', { sku: 'AC-1000', name: '另一个', unitPrice: { amount: 1 } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toContain('AC-1000');
    expect(taken.json().errors).toEqual([expect.objectContaining({ path: 'sku', code: 'sku_taken' })]);
  });

  it('rejects float prices, negative prices and unknown categories', async () => {
    const bad = await ctx.admin.request('POST', '/api/products', { sku: 'X-1', name: 'x', unitPrice: { amount: 12.5, currency: 'cny' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['unitPrice.amount', 'unitPrice.currency']);
    const unknown = await ctx.admin.request('POST', '/api/products', { sku: 'X-2', name: 'x', unitPrice: { amount: 1 }, categoryId: uuidv7() });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ path: 'categoryId', code: 'unknown_category' });
  });

  it('updates with the version it read; a stale version is a 409 with the current product', async () => {
    const product = await post(ctx.admin, '/api/products', { sku: 'TV-55', name: '55寸电视', unitPrice: { amount: 399900 } });
    const updated = await ctx.admin.request('PATCH', `/api/products/${product.id}`, { version: 1, unitPrice: { amount: 349900 }, active: false });
    expect(updated.json()).toMatchObject({ unitPrice: { amount: 349900, currency: 'CNY' }, active: false, version: 2 });
    const stale = await ctx.admin.request('PATCH', `/api/products/${product.id}`, { version: 1, name: '旧名字' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { version: 2, name: '55寸电视' } });
    const skuClash = await ctx.admin.request('PATCH', `/api/products/${product.id}`, { version: 2, sku: 'AC-1000' });
    expect(skuClash.statusCode).toBe(409);
    const events = (await ctx.admin.request('GET', `/api/products/${product.id}/events`)).json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['updated', 'created']);
    expect(events[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'unitPrice', before: { amount: 399900, currency: 'CNY' }, after: { amount: 349900, currency: 'CNY' } },
        { field: 'active', before: true, after: false },
      ]),
    );
  });

  it('lists with search by name or SKU, category and active filters, and cursor pages', async () => {
    const kitchen = await post(ctx.admin, '/api/product-categories', { name: '厨房' });
    for (let i = 1; i <= 5; i++) {
      await post(ctx.admin, '/api/products', { sku: `KT-${i}`, name: `电饭煲${i}号`, categoryId: kitchen.id, unitPrice: { amount: i * 10000 } });
    }
    const names = async (query: string) =>
      (await ctx.admin.request('GET', `/api/products?${query}`)).json().items.map((p: { name: string }) => p.name);
    expect(await names('q=饭煲3')).toEqual(['电饭煲3号']);
    expect(await names('q=kt-5')).toEqual(['电饭煲5号']);
    expect(await names(`categoryId=${kitchen.id}&sort=-price&limit=2`)).toEqual(['电饭煲5号', '电饭煲4号']);
    expect(await names('active=false')).toEqual(['55寸电视']);
    const rice = await post(ctx.admin, '/api/product-categories', { name: '电饭煲配件', parentId: kitchen.id });
    await post(ctx.admin, '/api/products', { sku: 'KT-PART-1', name: '内胆', categoryId: rice.id, unitPrice: { amount: 5000 } });
    expect(await names(`categoryId=${kitchen.id}&sort=price&limit=3`)).toEqual(['内胆', '电饭煲1号', '电饭煲2号']);
    expect(await names(`categoryId=${rice.id}`)).toEqual(['内胆']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ sku: string }>; nextCursor: string | null } = (
        await ctx.admin.request('GET', `/api/products?q=KT-&sort=sku&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((p) => p.sku));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['KT-1', 'KT-2', 'KT-3', 'KT-4', 'KT-5', 'KT-PART-1']);
  });

  it('soft-deletes and restores; a deleted product keeps its SKU', async () => {
    const product = await post(ctx.admin, '/api/products', { sku: 'OLD-1', name: '停产型号', unitPrice: { amount: 100 } });
    expect((await ctx.admin.request('DELETE', `/api/products/${product.id}`)).statusCode).toBe(204);
    const listed = (await ctx.admin.request('GET', '/api/products?q=OLD-1')).json().items;
    expect(listed).toEqual([]);
    expect((await ctx.admin.request('GET', '/api/products?q=OLD-1&deleted=only')).json().items).toHaveLength(1);
    const reuse = await ctx.admin.request('POST', '/api/products', { sku: 'OLD-1', name: '新的', unitPrice: { amount: 1 } });
    expect(reuse.statusCode).toBe(409);
    const restored = await post(ctx.admin, `/api/products/${product.id}/restore`, undefined, 200);
    expect(restored.deletedAt).toBeNull();
  });

  it('lets a sales rep read the catalogue but not change it, and hides it from other workspaces', async () => {
    const rep = await ctx.userSession('sales_rep');
    const list = await rep.request('GET', '/api/products');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect((await rep.request('POST', '/api/products', { sku: 'R-1', name: 'r', unitPrice: { amount: 1 } })).statusCode).toBe(403);
    expect((await rep.request('POST', '/api/product-categories', { name: 'r' })).statusCode).toBe(403);

    const product = list.json().items[0];
    const other = await ctx.otherWorkspace();
    expect((await other.admin.request('GET', `/api/products/${product.id}`)).statusCode).toBe(404);
    expect((await other.admin.request('PATCH', `/api/products/${product.id}`, { version: product.version, name: 'x' })).statusCode).toBe(404);
    expect((await other.admin.request('GET', '/api/products')).json().items).toEqual([]);
    // the same SKU is free in another workspace
    await post(other.admin, '/api/products', { sku: product.sku, name: product.name, unitPrice: { amount: 1 } });
  });
});

describe('migration 0007', () => {
  it('grants the order permissions to the roles of a workspace that existed before it, keeping theirs', async () => {
    const workspaceId = uuidv7();
    await ctx.db.insertInto('workspaces').values({ id: workspaceId, name: '老公司' }).execute();
    const roles = {
      admin: ['customers.read', 'users.manage'],
      sales_rep: ['customers.read', 'customers.write'],
      service_agent: ['customers.read'],
      read_only: ['customers.read'],
    };
    for (const [key, permissions] of Object.entries(roles)) {
      await ctx.db
        .insertInto('roles')
        .values({ workspace_id: workspaceId, id: uuidv7(), key, name: key, permissions, record_scope: 'all' })
        .execute();
    }
    const file = fs.readdirSync(MIGRATIONS_DIR).find((name) => name.startsWith('0007_'))!;
    const migration = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    // Run twice: it must not add a permission a second time.
    await sql.raw(migration).execute(ctx.db);
    await sql.raw(migration).execute(ctx.db);
    const rows = await ctx.db.selectFrom('roles').select(['key', 'permissions']).where('workspace_id', '=', workspaceId).execute();
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row.permissions]));
    expect(byKey).toEqual({
      admin: ['customers.read', 'users.manage', 'products.manage', 'orders.read', 'orders.write'],
      sales_rep: ['customers.read', 'customers.write', 'orders.read', 'orders.write'],
      service_agent: ['customers.read', 'orders.read'],
      read_only: ['customers.read', 'orders.read'],
    });
  });
});
