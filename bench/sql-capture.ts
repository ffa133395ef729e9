import { isDeepStrictEqual } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/server/db/database.ts';
import type { Database } from '../src/server/db/schema.ts';
import { uuidv7 } from '../src/server/lib/uuid.ts';

/*
 * The raw baseline must run the SQL Kemai runs, not a lookalike: we call the
 * same service function with the same actor on a Kysely instance that logs
 * every statement (transaction control included), and replay those.
 */

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

class Rollback extends Error {}

/** Runs `work` on a recording Kysely and returns the statements it sent, in order. */
export async function captureQueries(databaseUrl: string, work: (db: Db) => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
  return captured;
}

/** Like captureQueries, for a write: runs it in a transaction that is rolled back, so capturing changes nothing. */
export async function captureWrite(databaseUrl: string, work: (tx: Db) => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured = await captureQueries(databaseUrl, async (db) => {
    await db
      .transaction()
      .execute(async (tx) => {
        await work(tx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });
  const last = captured.at(-1);
  if (captured[0]?.sql !== 'begin' || last?.sql !== 'rollback') throw new Error(`expected a transaction, captured: ${captured.map((q) => q.sql).join('; ')}`);
  // The endpoint commits; so does the replay.
  return [...captured.slice(0, -1), { sql: 'commit', parameters: [] }];
}

/** A request's worth of statements for the replay, built afresh for every request. */
export type QueryPlan = (subject?: { from: { id: string; version?: number }; to: { id: string; version?: number } }) => CapturedQuery[];

/**
 * Turns two captures of the same call into a replayable plan. Whatever
 * differs between them was made up by the request itself (new ids, "now"
 * timestamps) and is made up afresh on each replay; the rest is replayed as
 * captured. A subject swap replaces one customer's id (and, in UPDATEs, its
 * version) by another's, for endpoints that rotate over customers.
 */
export function planFromCaptures(first: CapturedQuery[], second: CapturedQuery[]): QueryPlan {
  if (first.length !== second.length || first.some((query, i) => query.sql !== second[i]!.sql)) {
    throw new Error('the two captures ran different SQL; the endpoint is not replayable as captured');
  }
  // Ids that differ between the captures are generated per request.
  const fresh = new Set<string>();
  first.forEach((query, i) =>
    query.parameters.forEach((value, j) => {
      const other = second[i]!.parameters[j];
      if (typeof value === 'string' && typeof other === 'string' && value !== other) {
        const ours = value.match(UUID_ANYWHERE) ?? [];
        const theirs = new Set(other.match(UUID_ANYWHERE) ?? []);
        for (const id of ours) if (!theirs.has(id)) fresh.add(id);
      }
    }),
  );
  return (subject) => {
    const renamed = new Map<string, string>([...fresh].map((id) => [id, uuidv7()]));
    if (subject) renamed.set(subject.from.id, subject.to.id);
    const swap = (text: string) => (renamed.size ? text.replace(UUID_ANYWHERE, (id) => renamed.get(id) ?? id) : text);
    return first.map((query, i) => {
      const isUpdate = /^update\b/i.test(query.sql);
      return {
        sql: query.sql,
        parameters: query.parameters.map((value, j) => {
          if (value instanceof Date) return isDeepStrictEqual(value, second[i]!.parameters[j]) ? value : new Date();
          if (typeof value === 'string') return UUID.test(value) ? (renamed.get(value) ?? value) : swap(value);
          if (isUpdate && typeof value === 'number' && subject?.from.version !== undefined && value === subject.from.version) return subject.to.version;
          return value;
        }),
      };
    });
  };
}
