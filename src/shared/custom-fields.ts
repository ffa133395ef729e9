import { z } from 'zod';
import { IdSchema, TimestampSchema, VersionSchema } from './common.ts';

/**
 * Custom fields (自定义字段): a per-workspace registry of typed fields whose
 * values live in customers.custom_fields (jsonb), validated against the registry.
 */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'money', 'date', 'single_select', 'multi_select', 'boolean'] as const;
export const CustomFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;

export const CustomFieldKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _, starting with a letter (at most 40)');

export const CustomFieldOptionSchema = z.object({
  value: z.string().trim().min(1).max(40),
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(60),
});
export type CustomFieldOption = z.infer<typeof CustomFieldOptionSchema>;

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY');
/** Money as integer minor units (fen for CNY) plus a currency. */
export const MoneySchema = z.object({ amount: z.int().min(-(2 ** 53) + 1).max(2 ** 53 - 1), currency: CurrencySchema });
export type Money = z.infer<typeof MoneySchema>;

/** A stored value: the shape depends on the field's type (checked against the registry on write). */
export const CustomFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), MoneySchema, z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;
export const CustomFieldValuesSchema = z.record(z.string(), CustomFieldValueSchema);
export type CustomFieldValues = z.infer<typeof CustomFieldValuesSchema>;

export const CustomFieldDefinitionSchema = z
  .object({
    id: IdSchema,
    key: z.string(),
    labelZh: z.string(),
    labelEn: z.string(),
    type: CustomFieldTypeSchema,
    options: z.array(CustomFieldOptionSchema),
    required: z.boolean(),
    position: z.int(),
    archivedAt: TimestampSchema.nullable(),
    version: VersionSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'CustomFieldDefinition' });
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;

export const CustomFieldDefinitionListSchema = z
  .object({ items: z.array(CustomFieldDefinitionSchema) })
  .meta({ id: 'CustomFieldDefinitionList' });

const uniqueOptions = z
  .array(CustomFieldOptionSchema)
  .max(100)
  .refine((options) => new Set(options.map((o) => o.value)).size === options.length, 'Option values must be unique');

export const CreateCustomFieldBodySchema = z.object({
  key: CustomFieldKeySchema,
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(60),
  type: CustomFieldTypeSchema,
  options: uniqueOptions.default([]),
  required: z.boolean().default(false),
  position: z.int().min(0).max(10_000).optional(),
});
export type CreateCustomFieldBody = z.infer<typeof CreateCustomFieldBodySchema>;

/** The key and type are fixed once values may exist; labels, options, required, position and archiving change. */
export const UpdateCustomFieldBodySchema = z.object({
  version: VersionSchema,
  labelZh: z.string().trim().min(1).max(60).optional(),
  labelEn: z.string().trim().min(1).max(60).optional(),
  options: uniqueOptions.optional(),
  required: z.boolean().optional(),
  position: z.int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
});
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBodySchema>;

export const CustomFieldListQuerySchema = z.object({
  archived: z.enum(['exclude', 'include']).default('exclude'),
});
