import { PgBoss, type SendOptions } from 'pg-boss';
import type { Db } from '../db/database.ts';

/**
 * A background job: idempotent (it may run twice after a crash) and given the
 * database, never the HTTP request. Domains define their jobs next to their
 * service and list them in ./registry.ts.
 */
export interface JobDefinition<Data extends object = object> {
  name: string;
  run(db: Db, data: Data): Promise<void>;
  /** cron expression in the workspace time zone, for scheduled runs */
  cron?: string;
  /** the job's own limit; pg-boss fails and retries a job that runs longer */
  expireInSeconds?: number;
}

export interface Jobs {
  send<Data extends object>(job: JobDefinition<Data>, data: Data, options?: SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

/** Starts pg-boss in its own schema of the same database and a worker per job. */
export async function startJobs(connectionString: string, db: Db, definitions: JobDefinition[], timeZone: string): Promise<Jobs> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'kemai-jobs', max: 4 });
  boss.on('error', (error) => process.stderr.write(`kemai jobs: ${error.message}\n`));
  await boss.start();
  for (const job of definitions) {
    await boss.createQueue(job.name, { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: job.expireInSeconds ?? 900 });
    await boss.work<object>(job.name, async ([received]) => {
      if (received) await job.run(db, received.data);
    });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: timeZone });
  }
  return {
    send: (job, data, options) => boss.send(job.name, data, options ?? {}),
    stop: () => boss.stop({ graceful: true, timeout: 20_000 }),
  };
}
