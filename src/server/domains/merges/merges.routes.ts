import { IdParamsSchema } from '../../../shared/common.ts';
import { MergeBodySchema, MergeListQuerySchema, MergeListSchema, MergeSchema } from '../../../shared/duplicates.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as merges from './merges.service.ts';

const tags = ['duplicates'];

export function mergeRoutes(app: App, { db }: AppContext) {
  app.post('/api/merges', {
    schema: {
      tags,
      operationId: 'mergeCustomers',
      summary: 'Merge one customer into another',
      description:
        'Field by field, `choices` names whose value survives; phones, e-mails and tags are united. Every related record (orders, events, contacts, relations, collaborators, follow-ups, lifecycle history) moves to the survivor; the merged-away customer is kept (deleted) with a full snapshot so the merge can be undone for 30 days.',
      body: MergeBodySchema,
      response: { 201: MergeSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      const merge = await db.transaction().execute((tx) => merges.mergeCustomers(tx, actor, request.body));
      return reply.status(201).send(merge);
    },
  });

  app.get('/api/merges', {
    schema: {
      tags,
      operationId: 'listMerges',
      summary: 'Recent merges, newest first (optionally of one customer)',
      querystring: MergeListQuerySchema,
      response: { 200: MergeListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return merges.listMerges(db, actor, request.query);
    },
  });

  app.get('/api/merges/:id', {
    schema: {
      tags,
      operationId: 'getMerge',
      summary: 'One merge',
      params: IdParamsSchema,
      response: { 200: MergeSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return merges.getMerge(db, actor, request.params.id);
    },
  });

  app.post('/api/merges/:id/undo', {
    schema: {
      tags,
      operationId: 'undoMerge',
      summary: 'Undo a merge (within 30 days)',
      description: 'Restores the merged-away customer and moves every related row back. After 30 days, or when undone already, 409.',
      params: IdParamsSchema,
      response: { 200: MergeSchema, ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => merges.undoMerge(tx, actor, request.params.id));
    },
  });
}
