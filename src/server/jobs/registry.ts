import type { JobDefinition } from './jobs.ts';

/** Every background job Kemai runs. Add a domain's jobs here. */
export const JOBS: JobDefinition[] = [];
