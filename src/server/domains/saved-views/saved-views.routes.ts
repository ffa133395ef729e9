import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import { CreateSavedViewBodySchema, SavedViewListSchema, SavedViewSchema, UpdateSavedViewBodySchema } from '../../../shared/saved-views.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as views from './saved-views.service.ts';

const tags = ['saved-views'];

/** Saved customer list views: one's own, and those shared with one's teams. */
export function savedViewRoutes(app: App, { db }: AppContext) {
  app.get('/api/saved-views', {
    schema: {
      tags,
      operationId: 'listSavedViews',
      summary: 'Your saved customer list views and those shared with your teams',
      response: { 200: SavedViewListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return { items: await views.listViews(db, actor) };
    },
  });

  app.post('/api/saved-views', {
    schema: {
      tags,
      operationId: 'createSavedView',
      summary: 'Save a customer list view (filters, columns, sort), optionally shared with a team',
      body: CreateSavedViewBodySchema,
      response: { 201: SavedViewSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return reply.status(201).send(await db.transaction().execute((tx) => views.createView(tx, actor, request.body)));
    },
  });

  app.patch('/api/saved-views/:id', {
    schema: {
      tags,
      operationId: 'updateSavedView',
      summary: 'Change one of your saved views',
      params: IdParamsSchema,
      body: UpdateSavedViewBodySchema,
      response: { 200: SavedViewSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return db.transaction().execute((tx) => views.updateView(tx, actor, request.params.id, request.body));
    },
  });

  app.delete('/api/saved-views/:id', {
    schema: {
      tags,
      operationId: 'deleteSavedView',
      summary: 'Delete one of your saved views',
      params: IdParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      await db.transaction().execute((tx) => views.deleteView(tx, actor, request.params.id));
      return reply.status(204).send();
    },
  });
}
