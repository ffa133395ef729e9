import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import {
  CreateCustomerBodySchema,
  CustomerListQuerySchema,
  CustomerListSchema,
  CustomerSchema,
  UpdateCustomerBodySchema,
} from '../../../shared/customers.ts';
import { EventListQuerySchema, EventListSchema } from '../../../shared/events.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as customers from './customers.service.ts';
import { gatherCustomFieldParams } from '../custom-fields/custom-field-query.ts';

const tags = ['customers'];

export function customerRoutes(app: App, { db }: AppContext) {
  app.get('/api/customers', {
    schema: {
      tags,
      operationId: 'listCustomers',
      summary: 'List and search customers',
      description:
        'Cursor-paginated. `q` searches Chinese name substrings, full pinyin and initials, phone numbers (full or last 4+ digits) and e-mail (the start of an address: letters from 3 on, or any text with @ in it; `@corp` finds addresses at a domain starting with corp). Custom fields filter as `cf.<key>=value` parameters and sort as `sort=cf.<key>` / `-cf.<key>` (empty values last).',
      querystring: CustomerListQuerySchema,
      response: { 200: CustomerListSchema, ...problemResponses(400, 401, 403) },
    },
    preValidation: gatherCustomFieldParams,
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return customers.listCustomers(db, actor, request.query);
    },
  });

  app.post('/api/customers', {
    schema: {
      tags,
      operationId: 'createCustomer',
      summary: 'Create a customer',
      body: CreateCustomerBodySchema,
      response: { 201: CustomerSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      const created = await db.transaction().execute((tx) => customers.createCustomer(tx, actor, request.body));
      return reply.status(201).send(created);
    },
  });

  app.get('/api/customers/:id', {
    schema: {
      tags,
      operationId: 'getCustomer',
      summary: 'Get one customer',
      params: IdParamsSchema,
      response: { 200: CustomerSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return customers.getCustomer(db, actor, request.params.id);
    },
  });

  app.patch('/api/customers/:id', {
    schema: {
      tags,
      operationId: 'updateCustomer',
      summary: 'Update a customer',
      description: 'Send the `version` you read; a stale version gets 409 with the current record.',
      params: IdParamsSchema,
      body: UpdateCustomerBodySchema,
      response: { 200: CustomerSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => customers.updateCustomer(tx, actor, request.params.id, request.body));
    },
  });

  app.delete('/api/customers/:id', {
    schema: {
      tags,
      operationId: 'deleteCustomer',
      summary: 'Delete a customer (soft; restorable)',
      params: IdParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.delete');
      await db.transaction().execute((tx) => customers.deleteCustomer(tx, actor, request.params.id));
      return reply.status(204).send();
    },
  });

  app.post('/api/customers/:id/restore', {
    schema: {
      tags,
      operationId: 'restoreCustomer',
      summary: 'Restore a deleted customer',
      params: IdParamsSchema,
      response: { 200: CustomerSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.delete');
      return db.transaction().execute((tx) => customers.restoreCustomer(tx, actor, request.params.id));
    },
  });

  app.get('/api/customers/:id/events', {
    schema: {
      tags,
      operationId: 'listCustomerEvents',
      summary: "A customer's change history, newest first",
      params: IdParamsSchema,
      querystring: EventListQuerySchema,
      response: { 200: EventListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return customers.listCustomerEvents(db, actor, request.params.id, request.query);
    },
  });
}
