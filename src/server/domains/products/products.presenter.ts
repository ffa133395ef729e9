import type { Product, ProductCategory } from '../../../shared/products.ts';
import type { CategoryRecord, ProductRecord } from './products.repository.ts';

export function presentCategory(row: CategoryRecord): ProductCategory {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    productCount: Number(row.product_count ?? 0),
    createdAt: row.created_at.toISOString(),
  };
}

export function presentProduct(row: ProductRecord): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    categoryId: row.category_id,
    category: row.category_id && row.category_name ? { id: row.category_id, name: row.category_name } : null,
    unitPrice: { amount: Number(row.unit_price), currency: row.currency.trim() },
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

/** The audited shape of a product: what its history shows changing. */
export function auditedProduct(product: Product): Record<string, unknown> {
  const { category: _category, ...fields } = product;
  return fields;
}
