import { IdParamsSchema } from '../../../shared/common.ts';
import { CustomerListQuerySchema, CustomerListSchema, CustomerSchema } from '../../../shared/customers.ts';
import { ClaimAllowanceSchema, PoolRulesSchema, ReleaseBodySchema, UpdatePoolRulesBodySchema } from '../../../shared/pool.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as pool from './pool.service.ts';

const tags = ['pool'];

export function poolRoutes(app: App, { db }: AppContext) {
  app.get('/api/pool', {
    schema: {
      tags,
      operationId: 'listPool',
      summary: 'List and search the pool (公海): customers without an owner',
      querystring: CustomerListQuerySchema.omit({ ownerId: true }),
      response: { 200: CustomerListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return pool.listPool(db, actor, request.query);
    },
  });

  app.get('/api/pool/allowance', {
    schema: {
      tags,
      operationId: 'getClaimAllowance',
      summary: 'How many customers I may still claim today',
      response: { 200: ClaimAllowanceSchema, ...problemResponses(401) },
    },
    handler: async (request) => pool.claimAllowance(db, actorOf(request)),
  });

  app.get('/api/pool/rules', {
    schema: {
      tags,
      operationId: 'getPoolRules',
      summary: "The workspace's pool rules",
      response: { 200: PoolRulesSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return pool.getRules(db, actor);
    },
  });

  app.put('/api/pool/rules', {
    schema: {
      tags,
      operationId: 'updatePoolRules',
      summary: "Change the workspace's pool rules (admin)",
      description:
        'N (`noFollowUpDays`) and M (`noDealDays`) days, counted from the later of the last follow-up / deal and the day the owner got the customer; owners are warned `warnDays` before. `dailyClaimLimit` caps claims per person per day. All apply while `enabled`. Send the `version` you read.',
      body: UpdatePoolRulesBodySchema,
      response: { 200: PoolRulesSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'pool.manage');
      return db.transaction().execute((tx) => pool.updateRules(tx, actor, request.body));
    },
  });

  app.post('/api/customers/:id/claim', {
    schema: {
      tags,
      operationId: 'claimCustomer',
      summary: 'Claim a customer from the pool (认领)',
      description: 'Answers 409 when someone else owns it, or `limit_reached` when the daily claim limit is used up.',
      params: IdParamsSchema,
      response: { 200: CustomerSchema, ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => pool.claimCustomer(tx, actor, request.params.id));
    },
  });

  app.post('/api/customers/:id/release', {
    schema: {
      tags,
      operationId: 'releaseCustomer',
      summary: 'Put a customer back in the pool (放回公海)',
      params: IdParamsSchema,
      body: ReleaseBodySchema.nullish(),
      response: { 200: CustomerSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => pool.releaseCustomer(tx, actor, request.params.id, request.body ?? {}));
    },
  });
}
