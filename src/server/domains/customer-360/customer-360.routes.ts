import { IdParamsSchema } from '../../../shared/common.ts';
import { Customer360Schema } from '../../../shared/customer-360.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import { getCustomer360 } from './customer-360.service.ts';

export function customer360Routes(app: App, { db }: AppContext) {
  app.get('/api/customers/:id/360', {
    schema: {
      tags: ['customers'],
      operationId: 'getCustomer360',
      summary: 'The customer 360 (用户画像): customer, relations, contacts, lifecycle history, custom fields, order summary',
      params: IdParamsSchema,
      response: { 200: Customer360Schema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return getCustomer360(db, actor, request.params.id);
    },
  });
}
