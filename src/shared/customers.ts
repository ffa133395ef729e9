import { z } from 'zod';
import { CursorSchema, IdSchema, LimitSchema, TimestampSchema, VersionSchema } from './common.ts';
import { normalizePhone } from './phone.ts';
import { CustomerProfileSchema, ProfileInputSchema, RelationshipTypeSchema, ValueClassSchema } from './customer-profile.ts';
import { CustomFieldValuesSchema } from './custom-fields.ts';
import { LifecycleStageKeySchema } from './lifecycle.ts';

export const CUSTOMER_KINDS = ['person', 'organization'] as const;
export const CustomerKindSchema = z.enum(CUSTOMER_KINDS);
export type CustomerKind = z.infer<typeof CustomerKindSchema>;

/** 非客户 / 潜在客户 / 现实客户 / 流失客户 */
export const CUSTOMER_STATUSES = ['potential', 'current', 'lost', 'non_customer'] as const;
export const CustomerStatusSchema = z.enum(CUSTOMER_STATUSES);
export type CustomerStatus = z.infer<typeof CustomerStatusSchema>;

export const CUSTOMER_SORTS = ['-updatedAt', 'updatedAt', 'name', '-name', '-createdAt', 'createdAt'] as const;
/** The fixed sorts, or a custom field: `cf.<key>` / `-cf.<key>`. */
export const CustomerSortSchema = z.union([
  z.enum(CUSTOMER_SORTS),
  z.templateLiteral([z.enum(['cf.', '-cf.']), z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)]),
]);
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
  /** the profile fields of the customer's kind (see CustomerProfileInput) */
  profile: ProfileInputSchema.optional(),
  relationshipType: RelationshipTypeSchema.nullish(),
  valueClass: ValueClassSchema.nullish(),
  keyAccount: z.boolean().default(false),
  /** the starting stage; later changes go through POST /api/customers/:id/lifecycle */
  lifecycleStage: LifecycleStageKeySchema.nullish(),
  /** values by custom field key, checked against the workspace's definitions */
  customFields: z.record(z.string(), z.unknown()).default({}),
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
  /** partial: only the profile fields given change (null clears one) */
  profile: ProfileInputSchema.optional(),
  relationshipType: RelationshipTypeSchema.nullish(),
  valueClass: ValueClassSchema.nullish(),
  keyAccount: z.boolean().optional(),
  /** partial: only the keys given change (null removes a value) */
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBodySchema>;

/** What a list or search shows of each customer: everything but the profile groups (GET /api/customers/:id has them). */
const customerSummaryFields = {
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
  /** when the current owner got the customer (null in the pool) */
  ownerSince: TimestampSchema.nullable(),
  /** the latest follow-up (跟进) logged on the customer */
  lastFollowUpAt: TimestampSchema.nullable(),
  relationshipType: RelationshipTypeSchema.nullable(),
  valueClass: ValueClassSchema.nullable(),
  keyAccount: z.boolean(),
  lifecycleStage: z.string().nullable(),
  customFields: CustomFieldValuesSchema,
  version: VersionSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  deletedAt: TimestampSchema.nullable(),
  };

export const CustomerSummarySchema = z.object(customerSummaryFields).meta({ id: 'CustomerSummary' });
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

export const CustomerSchema = z
  .object({ ...customerSummaryFields, profile: CustomerProfileSchema })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof CustomerSchema>;

export const CustomerListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: CustomerKindSchema.optional(),
  status: CustomerStatusSchema.optional(),
  ownerId: IdSchema.optional(),
  city: z.string().trim().max(60).optional(),
  tag: z.string().trim().max(40).optional(),
  relationshipType: RelationshipTypeSchema.optional(),
  valueClass: ValueClassSchema.optional(),
  keyAccount: z.enum(['true', 'false']).optional(),
  lifecycleStage: LifecycleStageKeySchema.optional(),
  /**
   * Custom field filters. On the wire each is its own parameter `cf.<key>=value`
   * (text: contains; number/money/date: `v`, `min..max`, `min..`, `..max`; select: option;
   * boolean: true/false; `!` empty, `*` any value); the server gathers them here.
   */
  customFields: z.record(z.string(), z.string().max(200)).optional(),
  deleted: z.enum(['exclude', 'only']).default('exclude'),
  sort: CustomerSortSchema.default('-updatedAt'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;

export const CustomerListSchema = z
  .object({ items: z.array(CustomerSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CustomerList' });
export type CustomerList = z.infer<typeof CustomerListSchema>;
