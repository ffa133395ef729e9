import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.ts';
import { createDb } from './database.ts';

describe('the connection pool', () => {
  it('carries on when PostgreSQL ends one of its idle connections', async () => {
    const { db, url } = await createTestDatabase();
    const pool = createDb(url, 1);
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(pool);
      await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(db);
      // the idle connection hears of it on its own; unhandled, that 'error' would end the test process
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await sql<{ one: number }>`select 1 as one`.execute(pool);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.destroy();
    }
  });
});
