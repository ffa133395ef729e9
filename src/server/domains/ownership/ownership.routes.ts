import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import {
  AddCollaboratorBodySchema,
  CollaboratorListSchema,
  CollaboratorParamsSchema,
  ReassignBodySchema,
  ReassignResultSchema,
} from '../../../shared/ownership.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as ownership from './ownership.service.ts';

const tags = ['customers'];

export function ownershipRoutes(app: App, { db }: AppContext) {
  app.post('/api/customers/reassign', {
    schema: {
      tags,
      operationId: 'reassignCustomers',
      summary: 'Hand customers to another owner, in bulk (all or nothing)',
      description: 'Every id must be a customer you may see (else 400 naming each bad id, and nothing moves). Answers how many changed owner.',
      body: ReassignBodySchema,
      response: { 200: ReassignResultSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.reassign');
      return db.transaction().execute((tx) => ownership.reassignCustomers(tx, actor, request.body));
    },
  });

  app.get('/api/customers/:id/collaborators', {
    schema: {
      tags,
      operationId: 'listCollaborators',
      summary: "A customer's collaborators (协作人)",
      params: IdParamsSchema,
      response: { 200: CollaboratorListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return ownership.listCollaborators(db, actor, request.params.id);
    },
  });

  app.post('/api/customers/:id/collaborators', {
    schema: {
      tags,
      operationId: 'addCollaborator',
      summary: 'Add a collaborator, who then sees the customer (owner or reassigners)',
      params: IdParamsSchema,
      body: AddCollaboratorBodySchema,
      response: { 200: CollaboratorListSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => ownership.addCollaborator(tx, actor, request.params.id, request.body));
    },
  });

  app.delete('/api/customers/:id/collaborators/:userId', {
    schema: {
      tags,
      operationId: 'removeCollaborator',
      summary: 'Remove a collaborator (owner or reassigners; a collaborator may leave)',
      params: CollaboratorParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      await db.transaction().execute((tx) => ownership.removeCollaborator(tx, actor, request.params.id, request.params.userId));
      return reply.status(204).send();
    },
  });
}
