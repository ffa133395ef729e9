import { z } from 'zod';
import { CursorSchema, IdSchema, LimitSchema, TimestampSchema, VersionSchema } from './common.ts';
import { CurrencySchema, DEFAULT_CURRENCY, MinorUnitsSchema, MoneySchema } from './money.ts';

// ---- categories -------------------------------------------------------------

export const ProductCategorySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    parentId: IdSchema.nullable(),
    /** products (not deleted) in this category */
    productCount: z.int(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'ProductCategory' });
export type ProductCategory = z.infer<typeof ProductCategorySchema>;

export const ProductCategoryListSchema = z.object({ items: z.array(ProductCategorySchema) }).meta({ id: 'ProductCategoryList' });
export type ProductCategoryList = z.infer<typeof ProductCategoryListSchema>;

const CategoryName = z.string().trim().min(1).max(100);

export const CreateProductCategoryBodySchema = z.object({ name: CategoryName, parentId: IdSchema.nullish() });
export type CreateProductCategoryBody = z.infer<typeof CreateProductCategoryBodySchema>;

export const UpdateProductCategoryBodySchema = z.object({ name: CategoryName.optional(), parentId: IdSchema.nullish() });
export type UpdateProductCategoryBody = z.infer<typeof UpdateProductCategoryBodySchema>;

// ---- products ---------------------------------------------------------------

const Sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s]+$/, 'No spaces in a SKU');
const ProductName = z.string().trim().min(1).max(200);

/** A price: minor units; the currency defaults to CNY. */
export const PriceInputSchema = z.object({ amount: MinorUnitsSchema, currency: CurrencySchema.default(DEFAULT_CURRENCY) });

export const CreateProductBodySchema = z.object({
  sku: Sku,
  name: ProductName,
  categoryId: IdSchema.nullish(),
  unitPrice: PriceInputSchema,
  active: z.boolean().default(true),
});
export type CreateProductBody = z.infer<typeof CreateProductBodySchema>;
export type CreateProductInput = z.input<typeof CreateProductBodySchema>;

export const UpdateProductBodySchema = z.object({
  version: VersionSchema,
  sku: Sku.optional(),
  name: ProductName.optional(),
  categoryId: IdSchema.nullish(),
  unitPrice: PriceInputSchema.optional(),
  active: z.boolean().optional(),
});
export type UpdateProductBody = z.infer<typeof UpdateProductBodySchema>;
export type UpdateProductInput = z.input<typeof UpdateProductBodySchema>;

export const ProductSchema = z
  .object({
    id: IdSchema,
    sku: z.string(),
    name: z.string(),
    categoryId: IdSchema.nullable(),
    category: z.object({ id: IdSchema, name: z.string() }).nullable(),
    unitPrice: MoneySchema,
    active: z.boolean(),
    version: VersionSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    deletedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof ProductSchema>;

export const PRODUCT_SORTS = ['name', '-name', 'sku', '-sku', '-updatedAt', 'updatedAt', 'price', '-price'] as const;
export const ProductSortSchema = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSortSchema>;

export const ProductListQuerySchema = z.object({
  /** part of the name or the SKU */
  q: z.string().trim().max(100).optional(),
  categoryId: IdSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
  deleted: z.enum(['exclude', 'only']).default('exclude'),
  sort: ProductSortSchema.default('name'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const ProductListSchema = z
  .object({ items: z.array(ProductSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductList' });
export type ProductList = z.infer<typeof ProductListSchema>;
