import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

/** 人际情况: links between customer records. "B is A's <type>" is stored as A → B. */
export const RELATION_TYPES = ['family', 'friend', 'colleague', 'referrer', 'spouse', 'other'] as const;
export const RelationTypeSchema = z.enum(RELATION_TYPES);
export type RelationType = z.infer<typeof RelationTypeSchema>;

/** 联系人 roles within an organisation. */
export const CONTACT_ROLES = ['decision_maker', 'purchaser', 'user', 'finance', 'other'] as const;
export const ContactRoleSchema = z.enum(CONTACT_ROLES);
export type ContactRole = z.infer<typeof ContactRoleSchema>;

/**
 * The customer at the other end of a link. When the viewer's record scope does
 * not reach it, only the fact of the link is shown: no name, no kind.
 */
export const LinkedCustomerSchema = z
  .object({
    id: IdSchema.nullable(),
    visible: z.boolean(),
    name: z.string().nullable(),
    kind: z.enum(['person', 'organization']).nullable(),
  })
  .meta({ id: 'LinkedCustomer' });
export type LinkedCustomer = z.infer<typeof LinkedCustomerSchema>;

export const CustomerRelationSchema = z
  .object({
    id: IdSchema,
    type: RelationTypeSchema,
    /** 'outgoing': the other customer is this one's <type>; 'incoming': this customer is the other's <type> */
    direction: z.enum(['outgoing', 'incoming']),
    other: LinkedCustomerSchema,
    note: z.string().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'CustomerRelation' });
export type CustomerRelation = z.infer<typeof CustomerRelationSchema>;
export const CustomerRelationListSchema = z.object({ items: z.array(CustomerRelationSchema) }).meta({ id: 'CustomerRelationList' });

export const CreateRelationBodySchema = z.object({
  /** the other customer, who is this customer's <type> */
  toCustomerId: IdSchema,
  type: RelationTypeSchema,
  note: z.string().trim().max(200).nullish(),
});
export type CreateRelationBody = z.infer<typeof CreateRelationBodySchema>;

export const RelationParamsSchema = z.object({ id: IdSchema, relationId: IdSchema });

export const CustomerContactSchema = z
  .object({
    organization: LinkedCustomerSchema,
    person: LinkedCustomerSchema,
    role: ContactRoleSchema,
    title: z.string().nullable(),
    isPrimary: z.boolean(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'CustomerContact' });
export type CustomerContact = z.infer<typeof CustomerContactSchema>;
export const CustomerContactListSchema = z.object({ items: z.array(CustomerContactSchema) }).meta({ id: 'CustomerContactList' });

/** Adds (or changes) a person as a contact of the organisation in the path. */
export const PutContactBodySchema = z.object({
  role: ContactRoleSchema,
  title: z.string().trim().max(60).nullish(),
  isPrimary: z.boolean().default(false),
});
export type PutContactBody = z.infer<typeof PutContactBodySchema>;
export const ContactParamsSchema = z.object({ id: IdSchema, personId: IdSchema });
