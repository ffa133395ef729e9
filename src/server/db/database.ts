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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
