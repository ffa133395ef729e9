import { z } from 'zod';
import { CursorSchema, IdSchema, LimitSchema, TimestampSchema, VersionSchema } from './common.ts';
import { CurrencySchema, DEFAULT_CURRENCY, MinorUnitsSchema, MoneySchema } from './money.ts';

export const ORDER_CHANNELS = ['direct', 'store', 'online', 'phone', 'wechat', 'distributor', 'other'] as const;
export const OrderChannelSchema = z.enum(ORDER_CHANNELS);
export type OrderChannel = z.infer<typeof OrderChannelSchema>;

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/**
 * The status machine: pending → paid → shipped → completed; a pending order can
 * be cancelled, a paid, shipped or completed one refunded. Cancelled and refunded are final.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'completed', 'refunded'],
  shipped: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** Orders in these statuses count for nothing in totals and averages. */
export const VOID_ORDER_STATUSES = ['cancelled', 'refunded'] as const satisfies readonly OrderStatus[];

/** Statuses an order may be created in (a record of a finished sale is created completed). */
export const INITIAL_ORDER_STATUSES = ['pending', 'paid', 'shipped', 'completed'] as const satisfies readonly OrderStatus[];

const OrderNo = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s]+$/, 'No spaces in an order number');

export const OrderLineInputSchema = z.object({
  /** a catalogue product; its name and price are used where description or unitPrice are left out */
  productId: IdSchema.nullish(),
  description: z.string().trim().min(1).max(500).optional(),
  quantity: z.int().min(1).max(1_000_000),
  /** minor units of the order's currency; defaults to the product's price */
  unitPrice: MinorUnitsSchema.optional(),
});
export type OrderLineInput = z.infer<typeof OrderLineInputSchema>;

export const CreateOrderBodySchema = z.object({
  customerId: IdSchema,
  /** generated (SO + date + random) when left out; unique in the workspace */
  orderNo: OrderNo.optional(),
  orderedAt: z.iso.datetime({ offset: true }).optional(),
  channel: OrderChannelSchema.default('direct'),
  status: z.enum(INITIAL_ORDER_STATUSES).default('pending'),
  currency: CurrencySchema.default(DEFAULT_CURRENCY),
  /** the salesperson credited; defaults to the creator */
  ownerId: IdSchema.nullish(),
  note: z.string().trim().max(2000).nullish(),
  lines: z.array(OrderLineInputSchema).min(1).max(200),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBodySchema>;
export type CreateOrderInput = z.input<typeof CreateOrderBodySchema>;

export const ChangeOrderStatusBodySchema = z.object({
  version: VersionSchema,
  status: OrderStatusSchema,
  /** why (shown in the history) */
  reason: z.string().trim().max(500).optional(),
});
export type ChangeOrderStatusBody = z.infer<typeof ChangeOrderStatusBodySchema>;

export const OrderLineSchema = z.object({
  lineNo: z.int(),
  productId: IdSchema.nullable(),
  product: z.object({ id: IdSchema, sku: z.string(), name: z.string() }).nullable(),
  description: z.string(),
  quantity: z.int(),
  unitPrice: MoneySchema,
  amount: MoneySchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

const OrderFields = {
  id: IdSchema,
  orderNo: z.string(),
  customerId: IdSchema,
  customer: z.object({ id: IdSchema, name: z.string() }),
  orderedAt: TimestampSchema,
  channel: OrderChannelSchema,
  status: OrderStatusSchema,
  amount: MoneySchema,
  ownerId: IdSchema.nullable(),
  owner: z.object({ id: IdSchema, name: z.string() }).nullable(),
  note: z.string().nullable(),
  version: VersionSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

export const OrderListItemSchema = z.object(OrderFields).meta({ id: 'OrderListItem' });
export type OrderListItem = z.infer<typeof OrderListItemSchema>;

export const OrderSchema = z
  .object({ ...OrderFields, lines: z.array(OrderLineSchema), nextStatuses: z.array(OrderStatusSchema) })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof OrderSchema>;

export const ORDER_SORTS = ['-orderedAt', 'orderedAt', '-amount', 'amount'] as const;
export const OrderSortSchema = z.enum(ORDER_SORTS);
export type OrderSort = z.infer<typeof OrderSortSchema>;

export const OrderListQuerySchema = z.object({
  customerId: IdSchema.optional(),
  status: OrderStatusSchema.optional(),
  channel: OrderChannelSchema.optional(),
  ownerId: IdSchema.optional(),
  orderNo: z.string().trim().max(64).optional(),
  /** orderedAt ≥ from */
  from: z.iso.datetime({ offset: true }).optional(),
  /** orderedAt < to */
  to: z.iso.datetime({ offset: true }).optional(),
  sort: OrderSortSchema.default('-orderedAt'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;
export const CustomerOrderListQuerySchema = OrderListQuerySchema.omit({ customerId: true });

export const OrderListSchema = z
  .object({ items: z.array(OrderListItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OrderList' });
export type OrderList = z.infer<typeof OrderListSchema>;

/** A customer's orders in figures, cancelled and refunded orders left out; money per currency. */
export const OrderSummarySchema = z
  .object({
    count: z.int(),
    total: z.array(MoneySchema),
    lastOrderAt: TimestampSchema.nullable(),
    averageOrderValue: z.array(MoneySchema),
  })
  .meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof OrderSummarySchema>;
