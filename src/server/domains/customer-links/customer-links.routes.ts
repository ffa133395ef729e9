import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import {
  ContactParamsSchema,
  CreateRelationBodySchema,
  CustomerContactListSchema,
  CustomerContactSchema,
  CustomerRelationListSchema,
  CustomerRelationSchema,
  PutContactBodySchema,
  RelationParamsSchema,
} from '../../../shared/customer-links.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as customers from '../customers/customers.service.ts';
import * as links from './customer-links.service.ts';

const tags = ['customers'];

/** 人际情况 (relations between customers) and 联系人 (people acting for organisations). */
export function customerLinkRoutes(app: App, { db }: AppContext) {
  app.get('/api/customers/:id/relations', {
    schema: {
      tags,
      operationId: 'listCustomerRelations',
      summary: "A customer's relations to other customers, from both ends",
      description: 'A related customer outside your record scope shows as `visible: false`, without id or name.',
      params: IdParamsSchema,
      response: { 200: CustomerRelationListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      await customers.getCustomer(db, actor, request.params.id);
      return { items: await links.listRelations(db, actor, request.params.id) };
    },
  });

  app.post('/api/customers/:id/relations', {
    schema: {
      tags,
      operationId: 'addCustomerRelation',
      summary: 'Relate another customer to this one ("toCustomerId is this customer\'s <type>")',
      params: IdParamsSchema,
      body: CreateRelationBodySchema,
      response: { 201: CustomerRelationSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return reply.status(201).send(await db.transaction().execute((tx) => links.addRelation(tx, actor, request.params.id, request.body)));
    },
  });

  app.delete('/api/customers/:id/relations/:relationId', {
    schema: {
      tags,
      operationId: 'removeCustomerRelation',
      summary: 'Remove a relation (from either end)',
      params: RelationParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      await db.transaction().execute((tx) => links.removeRelation(tx, actor, request.params.id, request.params.relationId));
      return reply.status(204).send();
    },
  });

  app.get('/api/customers/:id/contacts', {
    schema: {
      tags,
      operationId: 'listCustomerContacts',
      summary: "An organisation's contacts, or the organisations a person is a contact of",
      params: IdParamsSchema,
      response: { 200: CustomerContactListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      await customers.getCustomer(db, actor, request.params.id);
      return { items: await links.listContacts(db, actor, request.params.id) };
    },
  });

  app.put('/api/customers/:id/contacts/:personId', {
    schema: {
      tags,
      operationId: 'putCustomerContact',
      summary: 'Make a person a contact of this organisation, or change their role and title',
      params: ContactParamsSchema,
      body: PutContactBodySchema,
      response: { 200: CustomerContactSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => links.putContact(tx, actor, request.params.id, request.params.personId, request.body));
    },
  });

  app.delete('/api/customers/:id/contacts/:personId', {
    schema: {
      tags,
      operationId: 'removeCustomerContact',
      summary: 'Remove a person from the contacts of this organisation',
      params: ContactParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      await db.transaction().execute((tx) => links.removeContact(tx, actor, request.params.id, request.params.personId));
      return reply.status(204).send();
    },
  });
}
