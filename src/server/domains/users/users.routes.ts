import { IdParamsSchema } from '../../../shared/common.ts';
import { CreateUserBodySchema, RoleListSchema, UpdateUserBodySchema, UserListSchema, UserSchema } from '../../../shared/users.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as users from './users.service.ts';

const tags = ['users'];

export function userRoutes(app: App, { db }: AppContext) {
  // Everyone signed in may list colleagues: owner pickers and filters need names.
  app.get('/api/users', {
    schema: {
      tags,
      operationId: 'listUsers',
      summary: 'List the users of the workspace',
      response: { 200: UserListSchema, ...problemResponses(401) },
    },
    handler: async (request) => ({ items: await users.listUsers(db, actorOf(request)) }),
  });

  app.post('/api/users', {
    schema: {
      tags,
      operationId: 'createUser',
      summary: 'Create a user (admin)',
      body: CreateUserBodySchema,
      response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'users.manage');
      const created = await db.transaction().execute((tx) => users.createUser(tx, actor.workspaceId, actor, request.body));
      return reply.status(201).send(created);
    },
  });

  app.patch('/api/users/:id', {
    schema: {
      tags,
      operationId: 'updateUser',
      summary: "Change a user's name, role, team or password (admin)",
      params: IdParamsSchema,
      body: UpdateUserBodySchema,
      response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'users.manage');
      return db.transaction().execute((tx) => users.updateUser(tx, actor, request.params.id, request.body));
    },
  });

  for (const [action, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/api/users/:id/${action}`, {
      schema: {
        tags,
        operationId: `${action}User`,
        summary: active ? 'Reactivate a user (admin)' : "Deactivate a user: their sessions and API keys stop working at once (admin)",
        params: IdParamsSchema,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404) },
      },
      handler: async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'users.manage');
        return db.transaction().execute((tx) => users.setUserActive(tx, actor, request.params.id, active));
      },
    });
  }

  app.get('/api/roles', {
    schema: {
      tags,
      operationId: 'listRoles',
      summary: 'The roles of the workspace with their permissions and record scope',
      response: { 200: RoleListSchema, ...problemResponses(401) },
    },
    handler: async (request) => ({ items: await users.listRoles(db, actorOf(request)) }),
  });
}
