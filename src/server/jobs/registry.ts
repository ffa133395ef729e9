import { analyticsRefreshJob } from '../domains/analytics/analytics.jobs.ts';
import type { JobDefinition } from './jobs.ts';

/** Every background job Kemai runs. Add a domain's jobs here. */
export const JOBS: JobDefinition[] = [analyticsRefreshJob as JobDefinition];
