import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Jobs } from './jobs/jobs.ts';
import { apiKeyRoutes } from './domains/api-keys/api-keys.routes.ts';
import { authRoutes } from './domains/auth/auth.routes.ts';
import { customerRoutes } from './domains/customers/customers.routes.ts';
import { customer360Routes } from './domains/customer-360/customer-360.routes.ts';
import { customerLinkRoutes } from './domains/customer-links/customer-links.routes.ts';
import { customFieldRoutes } from './domains/custom-fields/custom-fields.routes.ts';
import { lifecycleRoutes } from './domains/lifecycle/lifecycle.routes.ts';
import { savedViewRoutes } from './domains/saved-views/saved-views.routes.ts';
import { followUpRoutes } from './domains/follow-ups/follow-ups.routes.ts';
import { notificationRoutes } from './domains/notifications/notifications.routes.ts';
import { ownershipRoutes } from './domains/ownership/ownership.routes.ts';
import { poolRoutes } from './domains/pool/pool.routes.ts';
import { visibilityRoutes } from './domains/visibility/visibility.routes.ts';
import { duplicateRoutes } from './domains/duplicates/duplicates.routes.ts';
import { mergeRoutes } from './domains/merges/merges.routes.ts';
import { importRoutes } from './domains/imports/imports.routes.ts';
import { exportRoutes } from './domains/exports/exports.routes.ts';
import { healthRoutes } from './domains/health/health.routes.ts';
import { analyticsRoutes } from './domains/analytics/analytics.routes.ts';
import { creditSelectionRoutes } from './domains/credit-selection/credit-selection.routes.ts';
import { orderRoutes } from './domains/orders/orders.routes.ts';
import { productRoutes } from './domains/products/products.routes.ts';
import { teamRoutes } from './domains/teams/teams.routes.ts';
import { userRoutes } from './domains/users/users.routes.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { AppError } from './http/errors.ts';
import { registerMetrics } from './http/metrics.ts';
import type { App, AppContext } from './http/routing.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(ROOT, 'dist/web');
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

export interface BuildAppOptions {
  db: Db;
  config: Config;
  jobs: Jobs;
  /** false in tests that need no log output */
  logger?: boolean;
  /** the built web app to serve (tests point this elsewhere) */
  webDist?: string;
}

export async function buildApp({ db, config, jobs, logger = true, webDist = WEB_DIST }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: logger ? { level: config.LOG_LEVEL } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: config.KEMAI_TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('rate_limited'),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kemai CRM API',
        version: VERSION,
        description:
          'REST API of Kemai (客脉). Authenticate with the session cookie from POST /api/auth/login (send its csrfToken as x-csrf-token on writes) or with an API key as `Authorization: Bearer <key>`. Errors are RFC 9457 application/problem+json.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: '/', description: 'This Kemai server' }],
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'kemai_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key issued in Settings → API keys' },
        },
      },
      security: [{ sessionCookie: [] }, { apiKey: [] }],
      tags: [
        { name: 'auth', description: 'Sign in and out' },
        { name: 'customers', description: 'Persons and organisations' },
        { name: 'custom-fields', description: 'Custom field definitions (自定义字段) of the workspace' },
        { name: 'saved-views', description: 'Saved customer list views, private or shared with a team' },
        { name: 'pool', description: 'The pool (公海): customers without an owner, claims and the rules that return customers to it' },
        { name: 'notifications', description: 'In-app notifications of the signed-in user' },
        { name: 'users', description: 'Users and roles' },
        { name: 'teams', description: 'Teams and their managers' },
        { name: 'api-keys', description: 'Keys for scripts and integrations' },
        { name: 'products', description: 'Product catalogue and categories' },
        { name: 'orders', description: 'Orders and their lines' },
        { name: 'analytics', description: 'Customer value scores, CLV, churn risk and dashboards' },
        { name: 'duplicates', description: 'Duplicate detection and merges (undoable for 30 days)' },
        { name: 'imports', description: 'Bulk import of customers and orders (CSV, XLSX), undoable' },
        { name: 'system', description: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { url: '/api/openapi.json' } });
  registerAuthentication(app, db);
  registerMetrics(app);

  const context: AppContext = { db, config, jobs };
  healthRoutes(app, context, VERSION);
  authRoutes(app, context);
  customerRoutes(app, context);
  customer360Routes(app, context);
  customerLinkRoutes(app, context);
  lifecycleRoutes(app, context);
  customFieldRoutes(app, context);
  savedViewRoutes(app, context);
  ownershipRoutes(app, context);
  poolRoutes(app, context);
  followUpRoutes(app, context);
  visibilityRoutes(app, context);
  notificationRoutes(app, context);
  duplicateRoutes(app, context);
  mergeRoutes(app, context);
  await importRoutes(app, context);
  exportRoutes(app, context);
  userRoutes(app, context);
  teamRoutes(app, context);
  apiKeyRoutes(app, context);
  productRoutes(app, context);
  orderRoutes(app, context);
  analyticsRoutes(app, context);
  creditSelectionRoutes(app, context);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const hasWebApp = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Files are looked up per request, so a rebuilt web app is served without a restart.
      wildcard: true,
      setHeaders: (reply, filePath) => {
        // Vite fingerprints everything under assets/; index.html must always be revalidated.
        reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/customers/…) get the app; a missing file (/assets/x.js) or API route gets a 404.
    const pathname = request.url.split('?')[0]!;
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !pathname.startsWith('/api/') &&
      !path.extname(pathname) &&
      hasWebApp;
    if (wantsPage) return reply.type('text/html').sendFile('index.html');
    throw new AppError('not_found', `No route ${request.method} ${pathname}`);
  });
  return app;
}
