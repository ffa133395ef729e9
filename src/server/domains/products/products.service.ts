import type {
  CreateProductBody,
  CreateProductCategoryBody,
  Product,
  ProductCategory,
  ProductListQuery,
  UpdateProductBody,
  UpdateProductCategoryBody,
} from '../../../shared/products.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import type { Updateable } from 'kysely';
import { auditedProduct, presentCategory, presentProduct } from './products.presenter.ts';
import * as repo from './products.repository.ts';

// ---- categories -------------------------------------------------------------

async function loadCategory(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<ProductCategory> {
  const row = await repo.findCategory(db, actor.workspaceId, id, { forUpdate });
  if (!row) throw notFound('Category');
  return presentCategory(row);
}

async function assertCategoryNameFree(db: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const taken = await repo.findCategoryByName(db, actor.workspaceId, name);
  if (taken && taken.id !== exceptId) {
    throw new AppError('conflict', `A category named "${name}" already exists`, {
      errors: [{ path: 'name', code: 'name_taken', message: `A category named "${name}" already exists` }],
    });
  }
}

async function assertParentAllowed(db: DbOrTx, actor: Actor, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const ancestors = await repo.categoryAncestorIds(db, actor.workspaceId, parentId);
  if (ancestors.length === 0) {
    throw invalidFields([{ path: 'parentId', code: 'unknown_category', message: 'No category has this id' }]);
  }
  if (selfId && ancestors.includes(selfId)) {
    throw invalidFields([{ path: 'parentId', code: 'category_cycle', message: 'A category cannot sit under itself or one of its own sub-categories' }]);
  }
}

async function auditCategory(db: DbOrTx, actor: Actor, action: string, before: ProductCategory | null, after: ProductCategory | null) {
  const subject = (after ?? before)!;
  const shape = (c: ProductCategory | null) => c && { name: c.name, parentId: c.parentId };
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'product_category',
    entityId: subject.id,
    action,
    before: shape(before),
    after: shape(after),
  });
}

export async function listCategories(db: DbOrTx, actor: Actor) {
  return { items: (await repo.listCategories(db, actor.workspaceId)).map(presentCategory) };
}

export async function createCategory(db: DbOrTx, actor: Actor, input: CreateProductCategoryBody): Promise<ProductCategory> {
  await assertCategoryNameFree(db, actor, input.name);
  await assertParentAllowed(db, actor, input.parentId);
  const id = uuidv7();
  await repo.insertCategory(db, { workspace_id: actor.workspaceId, id, name: input.name, parent_id: input.parentId ?? null });
  const created = await loadCategory(db, actor, id);
  await auditCategory(db, actor, 'created', null, created);
  return created;
}

export async function updateCategory(db: DbOrTx, actor: Actor, id: string, input: UpdateProductCategoryBody): Promise<ProductCategory> {
  const before = await loadCategory(db, actor, id, true);
  const changes: { name?: string; parent_id?: string | null } = {};
  if (input.name !== undefined && input.name !== before.name) {
    await assertCategoryNameFree(db, actor, input.name, id);
    changes.name = input.name;
  }
  if (input.parentId !== undefined && (input.parentId ?? null) !== before.parentId) {
    await assertParentAllowed(db, actor, input.parentId, id);
    changes.parent_id = input.parentId ?? null;
  }
  if (Object.keys(changes).length === 0) return before;
  await repo.updateCategory(db, actor.workspaceId, id, changes);
  const after = await loadCategory(db, actor, id);
  await auditCategory(db, actor, 'updated', before, after);
  return after;
}

/** Deletes an empty category; one that still has sub-categories or products (even deleted ones) is a 409. */
export async function deleteCategory(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await loadCategory(db, actor, id, true);
  const usage = await repo.categoryUsage(db, actor.workspaceId, id);
  if (usage.children > 0 || usage.products > 0) {
    throw new AppError(
      'conflict',
      `The category still has ${usage.children} sub-categories and ${usage.products} products (deleted ones included); move them first`,
      { errors: [{ path: 'id', code: 'category_in_use', message: 'The category still has sub-categories or products' }] },
    );
  }
  await repo.deleteCategory(db, actor.workspaceId, id);
  await auditCategory(db, actor, 'deleted', before, null);
}

// ---- products ---------------------------------------------------------------

async function loadProduct(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<Product> {
  const row = await repo.findProduct(db, actor.workspaceId, id, { forUpdate });
  if (!row) throw notFound('Product');
  return presentProduct(row);
}

/** SKUs are unique in the workspace, deleted products included (restoring one must not collide). */
async function assertSkuFree(db: DbOrTx, actor: Actor, sku: string, exceptId?: string) {
  const taken = await repo.findProductBySku(db, actor.workspaceId, sku);
  if (taken && taken.id !== exceptId) {
    const message = `SKU "${sku}" is already used by ${taken.deleted_at ? 'the deleted product' : 'the product'} "${taken.name}"`;
    throw new AppError('conflict', message, { errors: [{ path: 'sku', code: 'sku_taken', message }] });
  }
}

async function assertCategoryExists(db: DbOrTx, actor: Actor, categoryId: string | null | undefined) {
  if (!categoryId) return;
  if (!(await repo.findCategory(db, actor.workspaceId, categoryId))) {
    throw invalidFields([{ path: 'categoryId', code: 'unknown_category', message: 'No category has this id' }]);
  }
}

async function auditProduct(db: DbOrTx, actor: Actor, action: string, before: Product | null, after: Product | null) {
  const subject = (after ?? before)!;
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'product',
    entityId: subject.id,
    action,
    before: before && auditedProduct(before),
    after: after && auditedProduct(after),
  });
}

export function getProduct(db: DbOrTx, actor: Actor, id: string) {
  return loadProduct(db, actor, id);
}

export async function listProducts(db: DbOrTx, actor: Actor, query: ProductListQuery) {
  const page = await repo.listProducts(db, actor.workspaceId, query);
  return { items: page.items.map(presentProduct), nextCursor: page.nextCursor };
}

export async function createProduct(db: DbOrTx, actor: Actor, input: CreateProductBody): Promise<Product> {
  await assertSkuFree(db, actor, input.sku);
  await assertCategoryExists(db, actor, input.categoryId);
  const id = uuidv7();
  await repo.insertProduct(db, {
    workspace_id: actor.workspaceId,
    id,
    sku: input.sku,
    name: input.name,
    category_id: input.categoryId ?? null,
    unit_price: input.unitPrice.amount,
    currency: input.unitPrice.currency,
    active: input.active,
  });
  const created = await loadProduct(db, actor, id);
  await auditProduct(db, actor, 'created', null, created);
  return created;
}

function versionConflict(sent: number, current: Product) {
  return new AppError('version_conflict', `You edited version ${sent}; the product is now at version ${current.version}`, { current });
}

export async function updateProduct(db: DbOrTx, actor: Actor, id: string, input: UpdateProductBody): Promise<Product> {
  const before = await loadProduct(db, actor, id, true);
  if (before.version !== input.version) throw versionConflict(input.version, before);
  const changes: Updateable<ProductsTable> = {};
  if (input.sku !== undefined && input.sku !== before.sku) {
    await assertSkuFree(db, actor, input.sku, id);
    changes.sku = input.sku;
  }
  if (input.name !== undefined) changes.name = input.name;
  if (input.categoryId !== undefined && (input.categoryId ?? null) !== before.categoryId) {
    await assertCategoryExists(db, actor, input.categoryId);
    changes.category_id = input.categoryId ?? null;
  }
  if (input.unitPrice !== undefined) {
    changes.unit_price = input.unitPrice.amount;
    changes.currency = input.unitPrice.currency;
  }
  if (input.active !== undefined) changes.active = input.active;
  await repo.updateProduct(db, actor.workspaceId, id, input.version, changes);
  const after = await loadProduct(db, actor, id);
  await auditProduct(db, actor, 'updated', before, after);
  return after;
}

/** Soft delete: order lines keep pointing at the product, and it can be restored. */
export async function deleteProduct(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await loadProduct(db, actor, id, true);
  if (before.deletedAt) return;
  await repo.updateProduct(db, actor.workspaceId, id, before.version, { deleted_at: new Date() });
  await auditProduct(db, actor, 'deleted', before, await loadProduct(db, actor, id));
}

export async function restoreProduct(db: DbOrTx, actor: Actor, id: string): Promise<Product> {
  const before = await loadProduct(db, actor, id, true);
  if (!before.deletedAt) return before;
  await repo.updateProduct(db, actor.workspaceId, id, before.version, { deleted_at: null });
  const after = await loadProduct(db, actor, id);
  await auditProduct(db, actor, 'restored', before, after);
  return after;
}
