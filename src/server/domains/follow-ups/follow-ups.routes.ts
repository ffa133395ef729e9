import { IdParamsSchema } from '../../../shared/common.ts';
import { CreateFollowUpBodySchema, FollowUpListQuerySchema, FollowUpListSchema, FollowUpSchema } from '../../../shared/follow-ups.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as followUps from './follow-ups.service.ts';

const tags = ['customers'];

export function followUpRoutes(app: App, { db }: AppContext) {
  app.post('/api/customers/:id/follow-ups', {
    schema: {
      tags,
      operationId: 'logFollowUp',
      summary: 'Log a follow-up (跟进) with a customer',
      description: "Sets the customer's lastFollowUpAt, which the pool rules read.",
      params: IdParamsSchema,
      body: CreateFollowUpBodySchema,
      response: { 201: FollowUpSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      const created = await db.transaction().execute((tx) => followUps.logFollowUp(tx, actor, request.params.id, request.body));
      return reply.status(201).send(created);
    },
  });

  app.get('/api/customers/:id/follow-ups', {
    schema: {
      tags,
      operationId: 'listFollowUps',
      summary: "A customer's follow-ups, newest first",
      params: IdParamsSchema,
      querystring: FollowUpListQuerySchema,
      response: { 200: FollowUpListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return followUps.listFollowUps(db, actor, request.params.id, request.query);
    },
  });
}
