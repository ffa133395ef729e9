import { type Insertable, type Updateable, sql } from 'kysely';
import type { ProductListQuery } from '../../../shared/products.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

// ---- categories -------------------------------------------------------------

export function listCategories(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('product_categories as c')
    .select(['c.id', 'c.name', 'c.parent_id', 'c.created_at'])
    .select((eb) =>
      eb
        .selectFrom('products as p')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('p.workspace_id', '=', 'c.workspace_id')
        .whereRef('p.category_id', '=', 'c.id')
        .where('p.deleted_at', 'is', null)
        .as('product_count'),
    )
    .where('c.workspace_id', '=', workspaceId)
    .orderBy('c.name')
    .execute();
}

export type CategoryRecord = Awaited<ReturnType<typeof listCategories>>[number];

export async function findCategory(db: DbOrTx, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom('product_categories as c')
    .select(['c.id', 'c.name', 'c.parent_id', 'c.created_at'])
    .select((eb) =>
      eb
        .selectFrom('products as p')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('p.workspace_id', '=', 'c.workspace_id')
        .whereRef('p.category_id', '=', 'c.id')
        .where('p.deleted_at', 'is', null)
        .as('product_count'),
    )
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

export function findCategoryByName(db: DbOrTx, workspaceId: string, name: string) {
  return db
    .selectFrom('product_categories')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** The ancestors of a category, nearest first (to refuse a parent that would make a cycle). */
export async function categoryAncestorIds(db: DbOrTx, workspaceId: string, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive up (id, parent_id, depth) as (
      select id, parent_id, 0 from product_categories where workspace_id = ${workspaceId} and id = ${id}
      union all
      select c.id, c.parent_id, up.depth + 1 from product_categories c
      join up on c.workspace_id = ${workspaceId} and c.id = up.parent_id
      where up.depth < 50
    )
    select id from up order by depth`.execute(db);
  return rows.map((row) => row.id);
}

export async function insertCategory(db: DbOrTx, row: { workspace_id: string; id: string; name: string; parent_id: string | null }) {
  await db.insertInto('product_categories').values(row).execute();
}

export async function updateCategory(db: DbOrTx, workspaceId: string, id: string, changes: { name?: string; parent_id?: string | null }) {
  await db.updateTable('product_categories').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** What still points at a category: child categories and products (deleted ones too, whose foreign key still holds). */
export async function categoryUsage(db: DbOrTx, workspaceId: string, id: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('product_categories')
        .select(eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('parent_id', '=', id)
        .as('children'),
      eb
        .selectFrom('products')
        .select(eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('category_id', '=', id)
        .as('products'),
    ])
    .executeTakeFirstOrThrow();
  return { children: Number(row.children ?? 0), products: Number(row.products ?? 0) };
}

export async function deleteCategory(db: DbOrTx, workspaceId: string, id: string) {
  await db.deleteFrom('product_categories').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

// ---- products ---------------------------------------------------------------

function productQuery(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('products')
    .leftJoin('product_categories as category', (join) =>
      join.onRef('category.workspace_id', '=', 'products.workspace_id').onRef('category.id', '=', 'products.category_id'),
    )
    .select([
      'products.id',
      'products.sku',
      'products.name',
      'products.category_id',
      'category.name as category_name',
      'products.unit_price',
      'products.currency',
      'products.active',
      'products.version',
      'products.created_at',
      'products.updated_at',
      'products.deleted_at',
    ])
    .where('products.workspace_id', '=', workspaceId);
}

export type ProductRecord = Awaited<ReturnType<typeof findProduct>> & {};

export function findProduct(db: DbOrTx, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = productQuery(db, workspaceId).where('products.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('products');
  return query.executeTakeFirst();
}

export function findProductsByIds(db: DbOrTx, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return productQuery(db, workspaceId).where('products.id', 'in', ids).execute();
}

export function findProductBySku(db: DbOrTx, workspaceId: string, sku: string) {
  return db
    .selectFrom('products')
    .select(['id', 'name', 'deleted_at'])
    .where('workspace_id', '=', workspaceId)
    .where('sku', '=', sku)
    .executeTakeFirst();
}

const SORTS = {
  name: { column: 'products.name', cursor: sql<string>`products.name`, cast: (v: string) => sql`${v}::text` },
  sku: { column: 'products.sku', cursor: sql<string>`products.sku`, cast: (v: string) => sql`${v}::text` },
  updatedAt: { column: 'products.updated_at', cursor: sql<string>`products.updated_at::text`, cast: (v: string) => sql`${v}::timestamptz` },
  price: { column: 'products.unit_price', cursor: sql<string>`products.unit_price::text`, cast: (v: string) => sql`${v}::bigint` },
} as const;

export async function listProducts(db: DbOrTx, workspaceId: string, filter: ProductListQuery) {
  const descending = filter.sort.startsWith('-');
  const sort = SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const direction = descending ? 'desc' : 'asc';
  let query = productQuery(db, workspaceId).select(sort.cursor.as('cursor_value'));
  query = filter.deleted === 'only' ? query.where('products.deleted_at', 'is not', null) : query.where('products.deleted_at', 'is', null);
  if (filter.categoryId) {
    // A category's products include those of its sub-categories.
    query = query.where(
      'products.category_id',
      'in',
      sql<string>`(with recursive tree (id, depth) as (
        select id, 0 from product_categories where workspace_id = ${workspaceId} and id = ${filter.categoryId}
        union all
        select c.id, tree.depth + 1 from product_categories c join tree on c.workspace_id = ${workspaceId} and c.parent_id = tree.id
        where tree.depth < 50
      ) select id from tree)`,
    );
  }
  if (filter.active) query = query.where('products.active', '=', filter.active === 'true');
  if (filter.q) {
    const like = `%${escapeLike(filter.q.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(products.name)`, 'like', like), eb(sql`lower(products.sku)`, 'like', like)]));
  }
  if (filter.cursor) {
    const [value, id] = decodeCursor(filter.cursor);
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sort.column, 'products.id'), descending ? '<' : '>', tuple(sort.cast(value), id) as never),
    );
  }
  const rows = await query
    .orderBy(sort.column, direction)
    .orderBy('products.id', direction)
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor([last.cursor_value, last.id]) : null };
}

export async function insertProduct(db: DbOrTx, row: Insertable<ProductsTable>) {
  await db.insertInto('products').values(row).execute();
}

/** Applies the change only when the stored version is still the one the caller read. */
export async function updateProduct(db: DbOrTx, workspaceId: string, id: string, expectedVersion: number, changes: Updateable<ProductsTable>) {
  const result = await db
    .updateTable('products')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
