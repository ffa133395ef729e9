import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { lockDataDir } from '../src/server/db/data-dir-lock.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded-postgres.ts';
import type { ScaleName } from './scales.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE = 'kemai';

export interface BenchDatabase {
  url: string;
  target: 'embedded' | 'external';
  /** where the embedded cluster lives */
  dataDir: string | null;
  close(): Promise<void>;
}

/** The folder of a scale's embedded cluster: ./data/bench-<scale> (data/ is ignored by git). */
export function benchDataDir(scale: ScaleName) {
  return path.join(REPO_ROOT, 'data', `bench-${scale}`);
}

/** Runs `work` with a client of its own on `url`. */
async function onCluster<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The database a scale's data lives in: `databaseUrl` when given, else the
 * embedded PostgreSQL 18 in ./data/bench-<scale>, started (and created on
 * first use) here and stopped by close().
 *
 * `bulkLoad` runs the embedded cluster with minimal WAL while the loader
 * works: a COPY into a table emptied in the same transaction, and an index
 * build, then write no WAL at all. Any other use puts the default (replica)
 * back first, so the bench measures Kemai on the cluster users get. An
 * external database is never reconfigured.
 */
export async function openBenchDatabase(
  scale: ScaleName,
  databaseUrl: string | undefined,
  log: (line: string) => void = () => {},
  options: { bulkLoad?: boolean } = {},
): Promise<BenchDatabase> {
  if (databaseUrl) return { url: databaseUrl, target: 'external', dataDir: null, close: async () => {} };
  const dataDir = benchDataDir(scale);
  const release = lockDataDir(dataDir);
  try {
    let cluster = await startEmbeddedPostgres(dataDir, log);
    const minimal = await onCluster(cluster.url, async (client) => (await client.query('show wal_level')).rows[0].wal_level === 'minimal');
    if (minimal !== (options.bulkLoad ?? false)) {
      await onCluster(cluster.url, async (client) => {
        const statements = options.bulkLoad
          ? [`alter system set wal_level = 'minimal'`, 'alter system set max_wal_senders = 0']
          : ['alter system reset wal_level', 'alter system reset max_wal_senders'];
        for (const statement of statements) await client.query(statement);
      });
      await cluster.stop();
      cluster = await startEmbeddedPostgres(dataDir, log);
    }
    const serverUrl = new URL(cluster.url);
    await onCluster(serverUrl.toString(), async (client) => {
      const exists = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
      if (!exists.rowCount) await client.query(`create database ${DATABASE}`);
    });
    serverUrl.pathname = `/${DATABASE}`;
    const running = cluster;
    return {
      url: serverUrl.toString(),
      target: 'embedded',
      dataDir,
      async close() {
        if (options.bulkLoad) {
          await onCluster(running.url, async (client) => {
            await client.query('alter system reset wal_level');
            await client.query('alter system reset max_wal_senders');
          });
        }
        await running.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
