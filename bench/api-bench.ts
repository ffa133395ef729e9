import pg from 'pg';
import { createDb } from '../src/server/db/database.ts';
import type { Actor } from '../src/server/domains/auth/actor.ts';
import { actorFromSession } from '../src/server/domains/auth/auth.service.ts';
import { SESSION_COOKIE } from '../src/server/http/authenticate.ts';
import { BENCH_CREATED_TAG, endpointsFor, type Fixtures, loadFixtures, type PreparedEndpoint } from './api-endpoints.ts';
import { startHttpLoad } from './http-load.ts';
import { combineRuns, type Measurement, type Run } from './latency.ts';
import { startRawReplay } from './raw-replay.ts';
import { BENCH_ADMIN } from './scales.ts';

export interface EndpointResult {
  key: string;
  label: string;
  request: string;
  kind: 'read' | 'write';
  kemai: Measurement;
  raw: Measurement;
  /** Kemai's requests/s ÷ the raw replay's */
  ratio: number;
  /** the statements one request runs */
  sql: string[];
  /** reads: EXPLAIN (ANALYZE, BUFFERS) of each statement, run once after the measurement */
  plan: string | null;
}

export interface ApiBenchOptions {
  kemaiUrl: string;
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** the duration is split into this many alternating Kemai and raw stretches, so both meet the same background load */
  rounds: number;
  log?: (line: string) => void;
  /** measure only these endpoint keys */
  endpoints?: string[];
}

export class BenchFailedError extends Error {
  override name = 'BenchFailedError';
}

/** Signs in as the bench admin; returns the headers a browser would send and the session token. */
async function signIn(kemaiUrl: string) {
  const response = await fetch(`${kemaiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_ADMIN.email, password: BENCH_ADMIN.password }),
  });
  if (!response.ok) throw new Error(`Signing in as ${BENCH_ADMIN.email} failed (${response.status}): is this a bench database? ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('The login answer set no session cookie');
  const pair = cookie.split(';')[0]!;
  return { headers: { cookie: pair, 'x-csrf-token': csrfToken }, token: decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1)) };
}

/** The actor the server builds for this session: the service calls we capture SQL from must run as the same one. */
async function actorFor(databaseUrl: string, token: string): Promise<Actor> {
  const db = createDb(databaseUrl, 1);
  try {
    const actor = await actorFromSession(db, token);
    if (!actor) throw new Error('The bench session is not valid');
    return actor;
  } finally {
    await db.destroy();
  }
}

/**
 * For each endpoint: autocannon against Kemai (in its own process) and the
 * same SQL replayed with pg from this process, at the same concurrency and for
 * the same time. Customers the bench created are removed at the end. Throws
 * BenchFailedError if any request failed.
 */
export async function runApiBench(options: ApiBenchOptions): Promise<{ endpoints: EndpointResult[]; fixtures: Fixtures }> {
  const log = options.log ?? (() => {});
  const { headers, token } = await signIn(options.kemaiUrl);
  const actor = await actorFor(options.databaseUrl, token);
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'kemai-bench' });
  await client.connect();
  const results: EndpointResult[] = [];
  try {
    await flushSearchIndexes(client);
    const fixtures = await loadFixtures(client, actor.workspaceId);
    log(`Search terms from the data: name ${fixtures.chineseName}, pinyin ${fixtures.pinyin}, phone suffix ${fixtures.phoneSuffix}.`);
    for (const endpoint of endpointsFor(fixtures)) {
      if (options.endpoints && !options.endpoints.includes(endpoint.key)) continue;
      const prepared = await endpoint.prepare({ databaseUrl: options.databaseUrl, actor, fixtures, client });
      const { kemai, raw } = await measureBothSides(options, headers, prepared);
      const plan = endpoint.kind === 'read' ? await explain(client, prepared.sql) : null;
      const result: EndpointResult = {
        key: endpoint.key,
        label: endpoint.label,
        request: endpoint.request,
        kind: endpoint.kind,
        kemai,
        raw,
        ratio: Math.round((kemai.requestsPerSecond / raw.requestsPerSecond) * 1000) / 1000,
        sql: prepared.sql.map((query) => query.sql),
        plan,
      };
      results.push(result);
      log(
        `  ${endpoint.label.padEnd(34)} p50 ${ms(kemai.latencyMs.p50)} p95 ${ms(kemai.latencyMs.p95)} p99 ${ms(kemai.latencyMs.p99)} ` +
          `${Math.round(kemai.requestsPerSecond)} req/s · raw ${Math.round(raw.requestsPerSecond)} req/s (p95 ${ms(raw.latencyMs.p95)}) · ×${result.ratio}` +
          (kemai.errors || kemai.failures || raw.errors ? ` · ERRORS Kemai ${kemai.errors}+${kemai.failures}, raw ${raw.errors}` : ''),
      );
    }
    const failed = results.filter((result) => result.kemai.errors || result.kemai.failures || result.raw.errors || result.kemai.requests === 0);
    if (failed.length) {
      throw new BenchFailedError(
        `Requests failed: ${failed
          .map(
            (result) =>
              `${result.key} (Kemai ${JSON.stringify(result.kemai.statusCodes)}, ${result.kemai.failures} connection errors${result.kemai.firstError ? `, first: ${result.kemai.firstError}` : ''}; ` +
              `raw ${result.raw.errors} errors${result.raw.firstError ? `, first: ${result.raw.firstError}` : ''})`,
          )
          .join('; ')}`,
      );
    }
    return { endpoints: results, fixtures };
  } finally {
    await removeCreatedCustomers(client, actor.workspaceId)
      .then(() => flushSearchIndexes(client))
      .catch(() => {});
    await client.end();
  }
}

/**
 * Warm-up on each side, then `rounds` alternating stretches of Kemai and of
 * the raw replay. On a machine shared with other work, interleaving gives both
 * sides the same background load; percentiles come from all stretches' samples.
 */
async function measureBothSides(options: ApiBenchOptions, headers: Record<string, string>, prepared: PreparedEndpoint) {
  const http = await startHttpLoad({ url: options.kemaiUrl, headers, connections: options.connections, spec: prepared.kemai });
  const raw = await startRawReplay(options.databaseUrl, prepared.raw, options.connections);
  try {
    if (options.warmupSeconds > 0) {
      await http.run(options.warmupSeconds, false);
      await raw.run(options.warmupSeconds, false);
    }
    const stretch = options.durationSeconds / options.rounds;
    const kemaiRuns: Run[] = [];
    const rawRuns: Run[] = [];
    for (let round = 0; round < options.rounds; round++) {
      kemaiRuns.push(await http.run(stretch));
      rawRuns.push(await raw.run(stretch));
    }
    return { kemai: combineRuns(kemaiRuns), raw: combineRuns(rawRuns) };
  } finally {
    http.close();
    await raw.close();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);

/** The plans of a read's statements, with the parameters they ran with. */
async function explain(client: pg.Client, sql: Array<{ sql: string; parameters: readonly unknown[] }>) {
  const plans: string[] = [];
  for (const [i, query] of sql.entries()) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.parameters as unknown[]);
    const heading = sql.length > 1 ? [`-- statement ${i + 1} of ${sql.length}: ${query.sql.slice(0, 100)}…`] : [];
    plans.push([...heading, ...rows.map((row) => row['QUERY PLAN'])].join('\n'));
  }
  return plans.join('\n\n');
}

/** The bench's creations would otherwise pile up at the top of every later run's default list. */
async function removeCreatedCustomers(client: pg.Client, workspaceId: string) {
  const created = `select id from customers where workspace_id = $1 and tags @> array[$2]`;
  await client.query(`delete from events where workspace_id = $1 and customer_id in (${created})`, [workspaceId, BENCH_CREATED_TAG]);
  await client.query(`delete from customers where workspace_id = $1 and tags @> array[$2]`, [workspaceId, BENCH_CREATED_TAG]);
}

/**
 * Moves what writes left in the customers' GIN pending lists into the indexes. Every search scans a pending
 * list whole (up to 4 MB: ~8 ms a search at L after one bench run's thousands of creates) until autovacuum
 * flushes it; flushing before and after a run makes each run's searches meet the indexes as the load built them.
 */
async function flushSearchIndexes(client: pg.Client) {
  await client.query(
    `select gin_clean_pending_list(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
     where i.indrelid = 'customers'::regclass and am.amname = 'gin'`,
  );
}
