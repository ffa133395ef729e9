import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: number;
  name: string;
  file: string;
}

/** Lists the numbered migration files in order; a repeated number or a badly named file is an error. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const seen = new Map<number, string>();
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
      const version = Number(match[1]);
      const previous = seen.get(version);
      if (previous) throw new Error(`Two migrations share number ${version}: ${previous} and ${file}`);
      seen.set(version, file);
      return { version, name: match[2]!, file: path.join(dir, file) };
    });
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory
 * lock so two processes starting at once do not race. Returns the versions applied.
 */
export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<number[]> {
  const migrations = listMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(4242001)');
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ version: number }>('select version from schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      const sql = fs.readFileSync(migration.file, 'utf8');
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${path.basename(migration.file)} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock(4242001)').catch(() => {});
    await client.end();
  }
}
