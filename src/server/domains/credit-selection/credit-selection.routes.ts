import { IdParamsSchema } from '../../../shared/common.ts';
import { CustomerCreditSchema, SelectionMatrixQuerySchema, SelectionMatrixSchema } from '../../../shared/credit-selection.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as credit from './credit-selection.service.ts';

const tags = ['analytics'];

export function creditSelectionRoutes(app: App, { db }: AppContext) {
  app.get('/api/analytics/customers/:id/credit', {
    schema: {
      tags,
      operationId: 'getCustomerCredit',
      summary: "An organisation's 5C credit score, grade and suggested credit limit, with reasons",
      description:
        'Computed on read from the 5C ratings in the profile and the counted orders of the last 365 days, with the weights, grades and limit formula of the analytics settings. Persons answer `applicable: false`. Anyone who may see the customer may read it; otherwise 404.',
      params: IdParamsSchema,
      response: { 200: CustomerCreditSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return credit.getCustomerCredit(db, actor, request.params.id);
    },
  });

  app.get('/api/analytics/selection-matrix', {
    schema: {
      tags,
      operationId: 'getSelectionMatrix',
      summary: 'The customer selection matrix (门当户对): value against capacity to serve, in quadrants A–D',
      description:
        'Needs analytics.read. From the placements of the last refresh, within the customers you may see. Quadrants use the current thresholds: A high value and good fit, B high value and poor fit, C low value and good fit, D both low. Returns the counts, a stable sample of at most 1,500 points and one page of the chosen quadrant, highest value first.',
      querystring: SelectionMatrixQuerySchema,
      response: { 200: SelectionMatrixSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return credit.getSelectionMatrix(db, actor, request.query);
    },
  });
}
