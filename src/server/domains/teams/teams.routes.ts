import { IdParamsSchema } from '../../../shared/common.ts';
import { CreateTeamBodySchema, TeamListSchema, TeamSchema, UpdateTeamBodySchema } from '../../../shared/users.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as teams from './teams.service.ts';

const tags = ['teams'];

export function teamRoutes(app: App, { db }: AppContext) {
  app.get('/api/teams', {
    schema: { tags, operationId: 'listTeams', summary: 'List teams', response: { 200: TeamListSchema, ...problemResponses(401) } },
    handler: async (request) => ({ items: await teams.listTeams(db, actorOf(request)) }),
  });

  app.post('/api/teams', {
    schema: {
      tags,
      operationId: 'createTeam',
      summary: 'Create a team with an optional manager (admin)',
      body: CreateTeamBodySchema,
      response: { 201: TeamSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'teams.manage');
      return reply.status(201).send(await db.transaction().execute((tx) => teams.createTeam(tx, actor, request.body)));
    },
  });

  app.patch('/api/teams/:id', {
    schema: {
      tags,
      operationId: 'updateTeam',
      summary: "Rename a team or change its manager (admin)",
      params: IdParamsSchema,
      body: UpdateTeamBodySchema,
      response: { 200: TeamSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'teams.manage');
      return db.transaction().execute((tx) => teams.updateTeam(tx, actor, request.params.id, request.body));
    },
  });
}
