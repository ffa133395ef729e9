import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (counts, sums of minor units) as number: Kemai's totals stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// numeric as number for scores and ratios (money is integer minor units, never numeric).
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// date (calendar days: score dates, months) as its 'YYYY-MM-DD' text, never a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or a transaction: repositories take this so callers decide the transaction. */
export type DbOrTx = Kysely<Database>;

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, application_name: 'kemai' });
  // An idle connection ended by the server (a restart, pg_terminate_backend, a dropped database) is an 'error' event on
  // the pool; unheard, it ends the whole process. The pool has already let that connection go and opens another when
  // asked, so saying so is all there is to do.
  pool.on('error', (error) => process.stderr.write(`kemai database: an idle connection was closed (${error.message})\n`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
