import type { Jobs } from '../jobs/jobs.ts';

/** For app tests without a database: any attempt to enqueue work fails the test loudly. */
export const noJobs: Jobs = {
  send: async (job) => {
    throw new Error(`This test has no job queue, but the code enqueued ${job.name}`);
  },
  stop: async () => {},
};
