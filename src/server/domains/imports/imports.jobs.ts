import type { JobDefinition } from '../../jobs/jobs.ts';
import { type ImportJobData, runImport } from './imports.service.ts';

/** Runs an uploaded import; resumable (each batch commits its resume point), so a retry carries on. */
export const importJob: JobDefinition<ImportJobData> = {
  name: 'import-run',
  expireInSeconds: 4 * 3600,
  run: (db, data) => runImport(db, data),
};
