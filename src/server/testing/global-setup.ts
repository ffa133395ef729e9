import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrate } from '../db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated template database; each test file clones it */
    templateUrl: string;
    /** name prefix of this run's per-file databases, dropped at teardown */
    testDbPrefix: string;
  }
}

function withDatabase(url: string, name: string) {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/**
 * Prepares one PostgreSQL for a test project: the embedded 18 in a temporary
 * folder (project pg18) or TEST_DATABASE_URL's server (pg15), with a migrated
 * template database that test files clone.
 */
export default async function setup(project: TestProject) {
  const external = project.name === 'pg15' ? process.env.TEST_DATABASE_URL : undefined;
  const dir = external ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-test-pg-'));
  const cluster = dir ? await startEmbeddedPostgres(dir) : undefined;
  const serverUrl = external ?? cluster!.url;
  const template = `kemai_template_${process.pid}`;
  const admin = createDb(serverUrl, 1);
  await sql`drop database if exists ${sql.id(template)}`.execute(admin);
  await sql`create database ${sql.id(template)}`.execute(admin);
  await migrate(withDatabase(serverUrl, template));
  // Install pg-boss's schema once in the template, so each cloned test database has it ready.
  const boss = new PgBoss({ connectionString: withDatabase(serverUrl, template), schema: 'pgboss', max: 1 });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
  project.provide('templateUrl', withDatabase(serverUrl, template));
  project.provide('testDbPrefix', `kemai_t${process.pid}_`);

  return async () => {
    const leftovers = await sql<{ datname: string }>`select datname from pg_database where datname like ${`kemai_t${process.pid}_%`}`.execute(admin);
    for (const { datname } of leftovers.rows) await sql`drop database if exists ${sql.id(datname)} with (force)`.execute(admin);
    await sql`drop database if exists ${sql.id(template)} with (force)`.execute(admin);
    await admin.destroy();
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}
