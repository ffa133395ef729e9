import {
  AnalyticsRefreshSchema,
  AnalyticsSettingsSchema,
  ChangeChurnWarningBodySchema,
  ChurnWarningListQuerySchema,
  ChurnWarningListSchema,
  ChurnWarningSchema,
  CohortQuerySchema,
  CohortRetentionSchema,
  SegmentMigrationQuerySchema,
  SegmentMigrationSchema,
  CustomerAnalyticsSchema,
  CustomerRecommendationsSchema,
  ProductAssociationListSchema,
  ProductAssociationQuerySchema,
  DashboardQuerySchema,
  DashboardSchema,
  RefreshStatusResultSchema,
  StartRefreshBodySchema,
  UpdateAnalyticsSettingsBodySchema,
} from '../../../shared/analytics.ts';
import { IdParamsSchema } from '../../../shared/common.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import * as analytics from './analytics.service.ts';
import * as recommendations from './recommendations.service.ts';

const tags = ['analytics'];

export function analyticsRoutes(app: App, { db, jobs }: AppContext) {
  app.get('/api/analytics/customers/:id', {
    schema: {
      tags,
      operationId: 'getCustomerAnalytics',
      summary: "A customer's value: RFM, segment, ABC tier, CLV, P(alive) and churn risk, explained",
      description: 'From the last score refresh. Anyone who may see the customer may read it; otherwise 404.',
      params: IdParamsSchema,
      response: { 200: CustomerAnalyticsSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return analytics.getCustomerAnalytics(db, actor, request.params.id);
    },
  });

  app.get('/api/analytics/customers/:id/recommendations', {
    schema: {
      tags,
      operationId: 'getCustomerRecommendations',
      summary: 'Next products to offer a customer (个性化推荐), from order co-occurrence, with the reason in plain words',
      description:
        'From the association rules the last refresh mined; products the customer bought in the window are never offered, nor inactive ones. `status` says why the list is empty. Anyone who may see the customer may read it; otherwise 404.',
      params: IdParamsSchema,
      response: { 200: CustomerRecommendationsSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return recommendations.getCustomerRecommendations(db, actor, request.params.id);
    },
  });

  app.get('/api/analytics/product-associations', {
    schema: {
      tags,
      operationId: 'listProductAssociations',
      summary: 'Product association rules (antecedent → consequent) with support, confidence and lift',
      description: 'Needs analytics.read. The strongest rules of the last refresh, sorted by lift (or confidence, support); `productId` keeps the rules with that product on either side.',
      querystring: ProductAssociationQuerySchema,
      response: { 200: ProductAssociationListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return recommendations.listProductAssociations(db, actor, request.query);
    },
  });

  app.get('/api/analytics/dashboard', {
    schema: {
      tags,
      operationId: 'getAnalyticsDashboard',
      summary: 'Dashboard figures from the precomputed scores',
      description:
        'Needs analytics.read. Covers the customers you may see (team- and own-scoped roles see their reach); the revenue trend counts customers owned within your reach. Never reads the orders.',
      querystring: DashboardQuerySchema,
      response: { 200: DashboardSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return analytics.getDashboard(db, actor, request.query);
    },
  });

  app.get('/api/analytics/cohorts', {
    schema: {
      tags,
      operationId: 'getCohortRetention',
      summary: 'Cohort retention by first-order month',
      description: 'Needs analytics.read. From the aggregate the last refresh wrote, scoped like the revenue trend.',
      querystring: CohortQuerySchema,
      response: { 200: CohortRetentionSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return analytics.getCohorts(db, actor, request.query);
    },
  });

  app.get('/api/analytics/segment-migrations', {
    schema: {
      tags,
      operationId: 'getSegmentMigrations',
      summary: 'RFM segment migrations between two snapshot dates',
      description: 'Needs analytics.read. Defaults: the latest snapshot and the one before it. Counts the customers you may see who were scored on both dates.',
      querystring: SegmentMigrationQuerySchema,
      response: { 200: SegmentMigrationSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return analytics.getSegmentMigrations(db, actor, request.query);
    },
  });

  app.post('/api/analytics/refresh', {
    schema: {
      tags,
      operationId: 'startAnalyticsRefresh',
      summary: 'Recompute the scores in the background',
      description:
        'Queues a refresh and answers 202 at once; poll GET /api/analytics/refresh/status. While one is queued or running, answers 200 with it instead of queueing another. `asOf` (a past day) rescoring writes that day to the history.',
      body: StartRefreshBodySchema,
      response: { 200: AnalyticsRefreshSchema, 202: AnalyticsRefreshSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.manage');
      const { refresh, queued } = await analytics.requestRefresh(db, jobs, actor, request.body?.asOf);
      return reply.status(queued ? 202 : 200).send(refresh);
    },
  });

  app.get('/api/analytics/refresh/status', {
    schema: {
      tags,
      operationId: 'getAnalyticsRefreshStatus',
      summary: 'Progress of the latest refresh, and the last one that succeeded',
      response: { 200: RefreshStatusResultSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return analytics.refreshStatus(db, actor);
    },
  });

  app.get('/api/analytics/settings', {
    schema: {
      tags,
      operationId: 'getAnalyticsSettings',
      summary: 'RFM method and thresholds, the segment rule table, ABC shares, CLV horizon, churn threshold',
      response: { 200: AnalyticsSettingsSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.read');
      return db.transaction().execute((tx) => analytics.getSettings(tx, actor));
    },
  });

  app.patch('/api/analytics/settings', {
    schema: {
      tags,
      operationId: 'updateAnalyticsSettings',
      summary: 'Change the analytics settings (applies from the next refresh)',
      body: UpdateAnalyticsSettingsBodySchema,
      response: { 200: AnalyticsSettingsSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'analytics.manage');
      return db.transaction().execute((tx) => analytics.updateSettings(tx, actor, request.body));
    },
  });

  app.get('/api/analytics/churn-warnings', {
    schema: {
      tags,
      operationId: 'listChurnWarnings',
      summary: 'Churn warnings (客户流失预警), newest first',
      description: 'Warnings on the customers you may see.',
      querystring: ChurnWarningListQuerySchema,
      response: { 200: ChurnWarningListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return analytics.listWarnings(db, actor, request.query);
    },
  });

  app.post('/api/analytics/churn-warnings/:id/status', {
    schema: {
      tags,
      operationId: 'changeChurnWarningStatus',
      summary: 'Acknowledge or resolve a churn warning',
      description: 'open → acknowledged → resolved (or open → resolved). A stale `version` gets 409.',
      params: IdParamsSchema,
      body: ChangeChurnWarningBodySchema,
      response: { 200: ChurnWarningSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.write');
      return db.transaction().execute((tx) => analytics.changeWarning(tx, actor, request.params.id, request.body));
    },
  });
}
