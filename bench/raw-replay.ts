import pg from 'pg';
import type { Run } from './latency.ts';
import type { CapturedQuery } from './sql-capture.ts';

/** Hands each request its statements, and hears back when they are done (writes rotate customers and versions). */
export interface ReplaySource {
  next(): { queries: CapturedQuery[]; done?: () => void };
}

export interface RawReplay {
  run(seconds: number, record?: boolean): Promise<Run>;
  close(): Promise<void>;
}

/**
 * The baseline: the captured statements sent with `pg` straight from this
 * process, one closed loop per connection, at the concurrency Kemai got. An
 * UPDATE that changes no row counts as an error: it would mean the replay
 * lost track of a version, and measured nothing real.
 */
export async function startRawReplay(databaseUrl: string, source: ReplaySource, connections: number): Promise<RawReplay> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl, application_name: 'kemai-bench-raw' });
      await client.connect();
      return client;
    }),
  );
  return {
    run: (seconds, record = true) => loop(clients, source, seconds, record),
    close: async () => {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
    },
  };
}

async function loop(clients: pg.Client[], source: ReplaySource, seconds: number, record: boolean): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const { queries, done } = source.next();
        const begun = performance.now();
        let failed = false;
        try {
          for (const query of queries) {
            const result = await client.query(query.sql, query.parameters as unknown[]);
            if (/^update\b/i.test(query.sql) && result.rowCount === 0) throw new Error(`no row updated by ${query.sql}`);
          }
        } catch (error) {
          failed = true;
          firstError ??= String((error as Error).message);
          await client.query('rollback').catch(() => {});
        }
        if (record) latencies.push(performance.now() - begun);
        if (failed) errors++;
        else done?.();
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, errors, failures: 0, ...(firstError ? { firstError } : {}) };
}
