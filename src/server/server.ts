import { sql } from 'kysely';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import { type EmbeddedCluster, startEmbeddedPostgres } from './db/embedded-postgres.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { type Jobs, startJobs } from './jobs/jobs.ts';
import { JOBS } from './jobs/registry.ts';
import { createWorkspace, findFirstWorkspace } from './domains/workspaces/workspaces.service.ts';

export interface RunningKemai {
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Ensures the database named in a server URL exists (embedded clusters start with only `postgres`). */
async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = createDb(serverUrl, 1);
  try {
    const exists = await sql<{ n: number }>`select 1 as n from pg_database where datname = ${name}`.execute(admin);
    if (exists.rows.length === 0) await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** First start: a workspace, its roles and an admin (the login is printed once), then demo data. */
async function bootstrap(db: Db, config: Config, demo: boolean) {
  if (await findFirstWorkspace(db)) return;
  const { admin, password, workspaceId } = await createWorkspace(db, {
    name: config.KEMAI_WORKSPACE_NAME,
    timeZone: config.KEMAI_TIME_ZONE,
    admin: { email: config.KEMAI_ADMIN_EMAIL ?? 'admin@kemai.local', name: '系统管理员', password: config.KEMAI_ADMIN_PASSWORD },
  });
  say('');
  say('  Kemai is set up. Sign in with:');
  say(`    e-mail:   ${admin.email}`);
  say(`    password: ${config.KEMAI_ADMIN_PASSWORD ? '(the KEMAI_ADMIN_PASSWORD you set)' : password}`);
  if (!config.KEMAI_ADMIN_PASSWORD) say('  (shown only now; set KEMAI_ADMIN_PASSWORD on first start to choose it)');
  say('');
  if (demo) {
    const started = Date.now();
    // Loaded only here: the generator's name dictionaries cost ~30 MB a running server never needs.
    const { loadDemoData } = await import('./demo/demo-data.ts');
    const counts = await loadDemoData(db, workspaceId, admin.id);
    say(`  Demo data: ${counts.customers} customers with ${counts.orders} orders, ${counts.users} users in ${counts.teams} teams (${Date.now() - started} ms).`);
    say(`  Demo users sign in with password ${counts.password}.`);
  }
}

/**
 * Starts Kemai: the database (embedded unless DATABASE_URL is set), migrations,
 * first-run setup, then HTTP. stop() closes HTTP first, then the pool, then PostgreSQL.
 */
export async function startKemai(config: Config, options: { demo: boolean }): Promise<RunningKemai> {
  const started = Date.now();
  let releaseLock: (() => void) | undefined;
  let cluster: EmbeddedCluster | undefined;
  let databaseUrl = config.DATABASE_URL;
  let db: Db | undefined;
  let jobs: Jobs | undefined;
  try {
    if (!databaseUrl) {
      releaseLock = lockDataDir(config.dataDir);
      cluster = await startEmbeddedPostgres(config.dataDir, say);
      databaseUrl = await ensureDatabase(cluster.url, 'kemai');
    }
    await migrate(databaseUrl);
    db = createDb(databaseUrl);
    await bootstrap(db, config, options.demo);
    jobs = await startJobs(databaseUrl, db, JOBS, config.KEMAI_TIME_ZONE);
    const app = await buildApp({ db, config, jobs });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${port}`;
    say(`  Kemai is running at ${url}  (started in ${Date.now() - started} ms; ${cluster ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL'})`);
    const openDb = db;
    const runningJobs = jobs;
    return {
      url,
      databaseUrl,
      async stop() {
        await app.close();
        await runningJobs.stop();
        await openDb.destroy();
        await cluster?.stop();
        releaseLock?.();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await db?.destroy().catch(() => {});
    await cluster?.stop().catch(() => {});
    releaseLock?.();
    throw error;
  }
}
