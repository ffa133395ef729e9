import { z } from 'zod';
import { DateOnlySchema } from './customer-profile.ts';
import { CustomerContactSchema, CustomerRelationSchema } from './customer-links.ts';
import { CustomerSchema } from './customers.ts';
import { CustomFieldDefinitionSchema } from './custom-fields.ts';
import { LifecycleChangeSchema, LifecycleStageSchema } from './lifecycle.ts';
import { OrderSummarySchema } from './orders.ts';

/** 用户画像: everything the customer page shows, in one answer. */
export const Customer360Schema = z
  .object({
    customer: CustomerSchema,
    relations: z.array(CustomerRelationSchema),
    contacts: z.array(CustomerContactSchema),
    lifecycle: z.object({ stages: z.array(LifecycleStageSchema), history: z.array(LifecycleChangeSchema) }),
    customFieldDefinitions: z.array(CustomFieldDefinitionSchema),
    /** next dates of the birthday and the lunar birthday, in the workspace's calendar */
    birthdays: z.object({ nextSolar: DateOnlySchema.nullable(), nextLunar: DateOnlySchema.nullable() }),
    /** null when the viewer's role may not read orders */
    orders: OrderSummarySchema.nullable(),
  })
  .meta({ id: 'Customer360' });
export type Customer360 = z.infer<typeof Customer360Schema>;
