import { IdParamsSchema } from '../../../shared/common.ts';
import { EventListQuerySchema, EventListSchema } from '../../../shared/events.ts';
import {
  ChangeOrderStatusBodySchema,
  CreateOrderBodySchema,
  CustomerOrderListQuerySchema,
  OrderListQuerySchema,
  OrderListSchema,
  OrderSchema,
  OrderSummarySchema,
} from '../../../shared/orders.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import { listEntityEventsFor } from '../events/events.service.ts';
import * as orders from './orders.service.ts';

const tags = ['orders'];

export function orderRoutes(app: App, { db }: AppContext) {
  app.get('/api/orders', {
    schema: {
      tags,
      operationId: 'listOrders',
      summary: 'List orders',
      description:
        'Cursor-paginated, newest first by default. An order is listed exactly when its customer is visible to you. `from`/`to` bound `orderedAt` (from inclusive, to exclusive).',
      querystring: OrderListQuerySchema,
      response: { 200: OrderListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.read');
      return orders.listOrders(db, actor, request.query);
    },
  });

  app.post('/api/orders', {
    schema: {
      tags,
      operationId: 'createOrder',
      summary: 'Create an order with its lines',
      description:
        'Amounts are integer minor units of `currency` (fen for CNY). The server computes each line amount (quantity × unit price) and the order amount (their sum); a line with a `productId` takes the product’s name and price unless it gives its own. `orderNo` is generated when left out; a number already used gets 409.',
      body: CreateOrderBodySchema,
      response: { 201: OrderSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.write');
      const created = await db.transaction().execute((tx) => orders.createOrder(tx, actor, request.body));
      return reply.status(201).send(created);
    },
  });

  app.get('/api/orders/:id', {
    schema: {
      tags,
      operationId: 'getOrder',
      summary: 'Get one order with its lines',
      params: IdParamsSchema,
      response: { 200: OrderSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.read');
      return orders.getOrder(db, actor, request.params.id);
    },
  });

  app.post('/api/orders/:id/status', {
    schema: {
      tags,
      operationId: 'changeOrderStatus',
      summary: 'Change the status of an order',
      description:
        'pending → paid → shipped → completed; pending → cancelled; paid, shipped or completed → refunded. Another move is a 400 on `status`; a stale `version` gets 409 with the current order.',
      params: IdParamsSchema,
      body: ChangeOrderStatusBodySchema,
      response: { 200: OrderSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.write');
      return db.transaction().execute((tx) => orders.changeOrderStatus(tx, actor, request.params.id, request.body));
    },
  });

  app.get('/api/orders/:id/events', {
    schema: {
      tags,
      operationId: 'listOrderEvents',
      summary: "An order's history, newest first",
      params: IdParamsSchema,
      querystring: EventListQuerySchema,
      response: { 200: EventListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.read');
      await orders.getOrder(db, actor, request.params.id);
      return listEntityEventsFor(db, actor, 'order', request.params.id, request.query);
    },
  });

  app.get('/api/customers/:id/orders', {
    schema: {
      tags,
      operationId: 'listCustomerOrders',
      summary: "A customer's orders",
      params: IdParamsSchema,
      querystring: CustomerOrderListQuerySchema,
      response: { 200: OrderListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.read');
      return orders.listCustomerOrders(db, actor, request.params.id, request.query);
    },
  });

  app.get('/api/customers/:id/order-summary', {
    schema: {
      tags,
      operationId: 'getCustomerOrderSummary',
      summary: "A customer's orders in figures",
      description: 'Count, total and average order value per currency, and the last order time; cancelled and refunded orders are left out.',
      params: IdParamsSchema,
      response: { 200: OrderSummarySchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'orders.read');
      return orders.orderSummary(db, actor, request.params.id);
    },
  });
}
