import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.ts';
import { type JobDefinition, startJobs } from './jobs.ts';

describe('background jobs', () => {
  it('runs a sent job on a worker with the database, and registers cron schedules in the workspace time zone', async () => {
    const { db, url } = await createTestDatabase();
    const ran: string[] = [];
    const echo: JobDefinition<{ word: string }> = {
      name: 'test-echo',
      cron: '0 3 * * *',
      async run(jobDb, data) {
        const row = await sql<{ word: string }>`select ${data.word}::text as word`.execute(jobDb);
        ran.push(row.rows[0]!.word);
      },
    };
    const jobs = await startJobs(url, db, [echo as JobDefinition], 'Asia/Shanghai');
    try {
      expect(await jobs.send(echo, { word: '客脉' })).toBeTruthy();
      await expect.poll(() => ran, { timeout: 15_000, interval: 200 }).toEqual(['客脉']);
      const schedules = await sql<{ name: string; cron: string; timezone: string }>`
        select name, cron, timezone from pgboss.schedule`.execute(db);
      expect(schedules.rows).toEqual([{ name: 'test-echo', cron: '0 3 * * *', timezone: 'Asia/Shanghai' }]);
    } finally {
      await jobs.stop();
    }
  });
});
