import { z } from 'zod';
import { CursorSchema, IdSchema, LimitSchema, TimestampSchema, VersionSchema } from './common.ts';
import { normalizePhone } from './phone.ts';

export const CUSTOMER_KINDS = ['person', 'organization'] as const;
export const CustomerKindSchema = z.enum(CUSTOMER_KINDS);
export type CustomerKind = z.infer<typeof CustomerKindSchema>;

/** 非客户 / 潜在客户 / 现实客户 / 流失客户 */
export const CUSTOMER_STATUSES = ['potential', 'current', 'lost', 'non_customer'] as const;
export const CustomerStatusSchema = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof CustomerStatusSchema>;

export const CUSTOMER_SORTS = ['-updatedAt', 'updatedAt', 'name', '-name', '-createdAt', 'createdAt'] as const;
export const CustomerSortSchema = z.enum(CUSTOMER_SORTS);
export type CustomerSort = z.infer<typeof CustomerSortSchema>;

export const PhoneSchema = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const phone = normalizePhone(raw);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid phone number', params: { code: 'invalid_phone' } });
      return z.NEVER;
    }
    return phone;
  });

const EmailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());
const TagSchema = z.string().trim().min(1).max(40);
const TextField = (max: number) => z.string().trim().max(max);

const uniqueList = <T extends z.ZodType<string, unknown>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((list) => [...new Set(list as string[])]);

export const CustomerFieldsSchema = z.object({
  kind: CustomerKindSchema,
  name: z.string().trim().min(1).max(200),
  phones: uniqueList(PhoneSchema, 10).default([]),
  emails: uniqueList(EmailSchema, 10).default([]),
  city: TextField(60).nullish(),
  address: TextField(300).nullish(),
  tags: uniqueList(TagSchema, 30).default([]),
  status: CustomerStatusSchema.default('potential'),
  ownerId: IdSchema.nullish(),
});

export const CreateCustomerBodySchema = CustomerFieldsSchema;
export type CreateCustomerBody = z.infer<typeof CreateCustomerBodySchema>;
export type CreateCustomerInput = z.input<typeof CreateCustomerBodySchema>;

export const UpdateCustomerBodySchema = z.object({
  version: VersionSchema,
  kind: CustomerKindSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  phones: uniqueList(PhoneSchema, 10).optional(),
  emails: uniqueList(EmailSchema, 10).optional(),
  city: TextField(60).nullish(),
  address: TextField(300).nullish(),
  tags: uniqueList(TagSchema, 30).optional(),
  status: CustomerStatusSchema.optional(),
  ownerId: IdSchema.nullish(),
});
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBodySchema>;

export const CustomerSchema = z
  .object({
    id: IdSchema,
    kind: CustomerKindSchema,
    name: z.string(),
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    city: z.string().nullable(),
    address: z.string().nullable(),
    tags: z.array(z.string()),
    status: CustomerStatusSchema,
    ownerId: IdSchema.nullable(),
    owner: z.object({ id: IdSchema, name: z.string() }).nullable(),
    version: VersionSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    deletedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof CustomerSchema>;

export const CustomerListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: CustomerKindSchema.optional(),
  status: CustomerStatusSchema.optional(),
  ownerId: IdSchema.optional(),
  city: z.string().trim().max(60).optional(),
  tag: z.string().trim().max(40).optional(),
  deleted: z.enum(['exclude', 'only']).default('exclude'),
  sort: CustomerSortSchema.default('-updatedAt'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;

export const CustomerListSchema = z
  .object({ items: z.array(CustomerSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CustomerList' });
export type CustomerList = z.infer<typeof CustomerListSchema>;
