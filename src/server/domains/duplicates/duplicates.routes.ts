import {
  DuplicateCheckBodySchema,
  DuplicateCheckResultSchema,
  DuplicateGroupListSchema,
  DuplicateGroupQuerySchema,
} from '../../../shared/duplicates.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as duplicates from './duplicates.service.ts';

const tags = ['duplicates'];

export function duplicateRoutes(app: App, { db }: AppContext) {
  app.post('/api/customers/duplicates/check', {
    schema: {
      tags,
      operationId: 'checkCustomerDuplicates',
      summary: 'Find likely duplicates of a customer before saving it',
      description:
        'Compares normalised phones and e-mails, the unified social credit code, the name within the same organisation or city, and the pinyin reading of the name. Candidates outside your record scope are only counted (`hiddenCount`).',
      body: DuplicateCheckBodySchema,
      response: { 200: DuplicateCheckResultSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return duplicates.checkDuplicates(db, actor, request.body);
    },
  });

  app.get('/api/duplicates', {
    schema: {
      tags,
      operationId: 'listDuplicateGroups',
      summary: 'Groups of likely duplicate customers, best first',
      description:
        'Computed over the customers you may see, at most `maxScanned` of them per request (the most recently changed). Keys shared by more than `maxGroupSize` customers are left out, and the ranking stops after `maxGroups` groups (`capped`): merge some and reload for more.',
      querystring: DuplicateGroupQuerySchema,
      response: { 200: DuplicateGroupListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return duplicates.listDuplicateGroups(db, actor, request.query);
    },
  });
}
