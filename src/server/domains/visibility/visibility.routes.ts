import { IdParamsSchema } from '../../../shared/common.ts';
import { RevealBodySchema, RevealResultSchema } from '../../../shared/visibility.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as visibility from './visibility.service.ts';

export function visibilityRoutes(app: App, { db }: AppContext) {
  app.post('/api/customers/:id/reveal', {
    schema: {
      tags: ['customers'],
      operationId: 'revealCustomerField',
      summary: 'Show a masked field in full (written to the audit log)',
      description: 'Needs the customers.reveal permission. The audit event names the field, never the value.',
      params: IdParamsSchema,
      body: RevealBodySchema,
      response: { 200: RevealResultSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.reveal');
      return db.transaction().execute((tx) => visibility.revealField(tx, actor, request.params.id, request.body));
    },
  });
}
