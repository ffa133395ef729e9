import { IdParamsSchema } from '../../../shared/common.ts';
import {
  CreateCustomFieldBodySchema,
  CustomFieldDefinitionListSchema,
  CustomFieldDefinitionSchema,
  CustomFieldListQuerySchema,
  UpdateCustomFieldBodySchema,
} from '../../../shared/custom-fields.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as fields from './custom-fields.service.ts';

const tags = ['custom-fields'];

/** The registry of custom fields: everyone who reads customers reads it; administrators change it. */
export function customFieldRoutes(app: App, { db }: AppContext) {
  app.get('/api/custom-fields', {
    schema: {
      tags,
      operationId: 'listCustomFields',
      summary: "The workspace's custom field definitions, in display order",
      querystring: CustomFieldListQuerySchema,
      response: { 200: CustomFieldDefinitionListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return { items: await fields.listDefinitions(db, actor.workspaceId, request.query.archived === 'include') };
    },
  });

  app.post('/api/custom-fields', {
    schema: {
      tags,
      operationId: 'createCustomField',
      summary: 'Define a custom field (admin)',
      body: CreateCustomFieldBodySchema,
      response: { 201: CustomFieldDefinitionSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'users.manage');
      return reply.status(201).send(await db.transaction().execute((tx) => fields.createDefinition(tx, actor, request.body)));
    },
  });

  app.patch('/api/custom-fields/:id', {
    schema: {
      tags,
      operationId: 'updateCustomField',
      summary: 'Change labels, options, required flag or position of a custom field, or archive it (admin)',
      description: 'The key and type never change. Archived fields keep their stored values but are no longer shown or accepted.',
      params: IdParamsSchema,
      body: UpdateCustomFieldBodySchema,
      response: { 200: CustomFieldDefinitionSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'users.manage');
      return db.transaction().execute((tx) => fields.updateDefinition(tx, actor, request.params.id, request.body));
    },
  });
}
