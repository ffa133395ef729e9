import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import { ApiKeyListSchema, CreateApiKeyBodySchema, CreatedApiKeySchema } from '../../../shared/users.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as apiKeys from './api-keys.service.ts';

const tags = ['api-keys'];

export function apiKeyRoutes(app: App, { db }: AppContext) {
  app.get('/api/api-keys', {
    schema: {
      tags,
      operationId: 'listApiKeys',
      summary: 'List API keys (admin)',
      response: { 200: ApiKeyListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'api_keys.manage');
      return { items: await apiKeys.listApiKeys(db, actor) };
    },
  });

  app.post('/api/api-keys', {
    schema: {
      tags,
      operationId: 'createApiKey',
      summary: 'Issue an API key for scripts; the key is shown only in this answer (admin)',
      body: CreateApiKeyBodySchema,
      response: { 201: CreatedApiKeySchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'api_keys.manage');
      return reply.status(201).send(await db.transaction().execute((tx) => apiKeys.createApiKey(tx, actor, request.body)));
    },
  });

  app.delete('/api/api-keys/:id', {
    schema: {
      tags,
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key: it stops working at once (admin)',
      params: IdParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'api_keys.manage');
      await db.transaction().execute((tx) => apiKeys.revokeApiKey(tx, actor, request.params.id));
      return reply.status(204).send();
    },
  });
}
