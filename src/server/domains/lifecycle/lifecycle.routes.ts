import { IdParamsSchema } from '../../../shared/common.ts';
import { CustomerSchema } from '../../../shared/customers.ts';
import { ChangeLifecycleBodySchema, LifecycleHistorySchema, LifecycleStageListSchema, PutLifecycleStagesBodySchema } from '../../../shared/lifecycle.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as customers from '../customers/customers.service.ts';
import * as lifecycle from './lifecycle.service.ts';

const tags = ['customers'];

export function lifecycleRoutes(app: App, { db }: AppContext) {
  app.get('/api/lifecycle-stages', {
    schema: {
      tags,
      operationId: 'listLifecycleStages',
      summary: "The workspace's customer lifecycle stages: the active ones in order, then the retired ones",
      response: { 200: LifecycleStageListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return { items: await lifecycle.listStages(db, actor.workspaceId) };
    },
  });

  app.put('/api/lifecycle-stages', {
    schema: {
      tags,
      operationId: 'replaceLifecycleStages',
      summary: "Configure the workspace's lifecycle stages (admin)",
      description:
        'Send every active stage in order: names change, new keys are added, retired keys sent again are restored, and active keys left out are retired (kept for the history, closed to customers). Customers in a retired stage move to `moveTo[key]` with `reason` in their history; without it the request gets 409 naming how many customers are in the stage.',
      body: PutLifecycleStagesBodySchema,
      response: { 200: LifecycleStageListSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'users.manage');
      return { items: await db.transaction().execute((tx) => lifecycle.replaceStages(tx, actor, request.body)) };
    },
  });

  app.post('/api/customers/:id/lifecycle', {
    schema: {
      tags,
      operationId: 'changeCustomerLifecycle',
      summary: "Move a customer to another lifecycle stage, with the reason",
      description: 'Send the `version` you read; a stale version gets 409. The change is kept in the stage history with who and why.',
      params: IdParamsSchema,
      body: ChangeLifecycleBodySchema,
      response: { 200: CustomerSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      await db.transaction().execute((tx) => lifecycle.changeStage(tx, actor, request.params.id, request.body));
      // Read back through the customer service, which shows the record as this actor may see it.
      return customers.getCustomer(db, actor, request.params.id);
    },
  });

  app.get('/api/customers/:id/lifecycle', {
    schema: {
      tags,
      operationId: 'listCustomerLifecycle',
      summary: "A customer's lifecycle stage changes, newest first",
      params: IdParamsSchema,
      response: { 200: LifecycleHistorySchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      await customers.getCustomer(db, actor, request.params.id);
      return { items: await lifecycle.listHistory(db, actor.workspaceId, request.params.id) };
    },
  });
}
