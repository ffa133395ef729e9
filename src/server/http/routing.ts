import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../shared/common.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What route modules need from the running server. */
export interface AppContext {
  db: Db;
  config: Config;
  /** enqueue background work (imports, score refreshes…) */
  jobs: Jobs;
}

/** The problem+json answers a route documents in OpenAPI (400 lists every invalid field; 409 carries `current`). */
export function problemResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 429>) {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}
