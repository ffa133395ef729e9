import { analyticsRefreshJob } from '../domains/analytics/analytics.jobs.ts';
import { importJob } from '../domains/imports/imports.jobs.ts';
import { poolRulesJob } from '../domains/pool/pool.job.ts';
import type { JobDefinition } from './jobs.ts';

/** Every background job Kemai runs. Add a domain's jobs here. */
export const JOBS: JobDefinition[] = [poolRulesJob as JobDefinition, importJob as JobDefinition, analyticsRefreshJob as JobDefinition];
