import pg from 'pg';
import { CreateCustomerBodySchema, CustomerListQuerySchema, UpdateCustomerBodySchema } from '../src/shared/customers.ts';
import type { Actor } from '../src/server/domains/auth/actor.ts';
import { getCustomer360 } from '../src/server/domains/customer-360/customer-360.service.ts';
import * as customers from '../src/server/domains/customers/customers.service.ts';
import type { LoadSpec } from './load-worker.ts';
import type { ReplaySource } from './raw-replay.ts';
import { captureQueries, captureWrite, type CapturedQuery, planFromCaptures } from './sql-capture.ts';

/*
 * The endpoints the API bench measures. Each one says what autocannon sends to
 * Kemai and how to get the SQL that request runs (by calling the route's own
 * service function), so the baseline replays exactly that.
 */

/** Tag of the customers the bench creates, so it can remove them afterwards. */
export const BENCH_CREATED_TAG = '基准测试';
const CREATE_BODY = { kind: 'person', name: '基准测试客户', phones: ['13900001234'], city: '上海', tags: [BENCH_CREATED_TAG] };
const UPDATE_BODY = { address: '上海市浦东新区基准路1号' };
/** Customers each update run rotates over (each is PATCHed by one connection at a time). */
const UPDATE_POOL = 500;

export interface Endpoint {
  key: string;
  label: string;
  /** e.g. GET /api/customers?q=… */
  request: string;
  kind: 'read' | 'write';
  /** builds what to send and what to replay; called right before the endpoint's runs */
  prepare(context: EndpointContext): Promise<PreparedEndpoint>;
}

export interface PreparedEndpoint {
  kemai: LoadSpec;
  raw: ReplaySource;
  /** the statements one request runs (as captured) */
  sql: CapturedQuery[];
}

export interface EndpointContext {
  databaseUrl: string;
  actor: Actor;
  fixtures: Fixtures;
  /** a client of the bench's own for fixtures (not measured) */
  client: pg.Client;
}

/** Search terms and customer ids taken from the loaded data, the same for the same data. */
export interface Fixtures {
  /** a two-character Chinese name that exists */
  chineseName: string;
  /** its full pinyin */
  pinyin: string;
  /** the last four digits of an existing mobile number */
  phoneSuffix: string;
  /** customers the 360 endpoint rotates over */
  customerIds: string[];
}

export async function loadFixtures(client: pg.Client, workspaceId: string): Promise<Fixtures> {
  // md5 of the id: a fixed but scattered sample, not the oldest or newest rows.
  const person = await client.query<{ name: string; name_pinyin: string; phone: string }>(
    `select name, name_pinyin, phones[1] as phone from customers
     where workspace_id = $1 and kind = 'person' and deleted_at is null and char_length(name) = 2 and name ~ '^[\\u4e00-\\u9fff]+$'
     order by md5(id::text) limit 1`,
    [workspaceId],
  );
  const sample = await client.query<{ id: string }>(
    `select id from customers where workspace_id = $1 and deleted_at is null order by md5(id::text) limit 1000`,
    [workspaceId],
  );
  const row = person.rows[0];
  if (!row || sample.rows.length === 0) throw new Error('The bench database has no customers: run npm run bench:data first.');
  return { chineseName: row.name, pinyin: row.name_pinyin, phoneSuffix: row.phone.slice(-4), customerIds: sample.rows.map((r) => r.id) };
}

/** Two sets of customers to update with their current versions: one for Kemai, one for the replay, never the same rows. */
async function updatePools(context: EndpointContext) {
  const { rows } = await context.client.query<{ id: string; version: number }>(
    `select id, version from customers where workspace_id = $1 and deleted_at is null and not tags @> array[$3]
     order by md5(id::text || 'update') limit $2`,
    [context.actor.workspaceId, 2 * UPDATE_POOL, BENCH_CREATED_TAG],
  );
  const half = Math.floor(rows.length / 2);
  return { kemai: rows.slice(0, half), raw: rows.slice(half) };
}

function constant(queries: CapturedQuery[]): ReplaySource {
  return { next: () => ({ queries }) };
}

/** A list or search: one GET whose SQL does not change from request to request. */
function listEndpoint(key: string, label: string, query: Record<string, string>): Endpoint {
  const search = new URLSearchParams(query).toString();
  const readable = Object.entries(query).map(([name, value]) => `${name}=${value}`).join('&');
  return {
    key,
    label,
    request: `GET /api/customers${readable ? `?${readable}` : ''}`,
    kind: 'read',
    async prepare(context) {
      const parsed = CustomerListQuerySchema.parse(query);
      const sql = await captureQueries(context.databaseUrl, (db) => customers.listCustomers(db, context.actor, parsed));
      return { kemai: { type: 'get', paths: [`/api/customers${search ? `?${search}` : ''}`] }, raw: constant(sql), sql };
    },
  };
}

/** The endpoints, in report order. Search terms come from the fixtures. */
export function endpointsFor(fixtures: Fixtures): Endpoint[] {
  return [
    listEndpoint('list', 'Customer list, default page', {}),
    listEndpoint('list-filtered', 'Filtered and sorted list', { status: 'current', city: '上海', sort: 'name' }),
    listEndpoint('search-name', 'Search: 2-character Chinese name', { q: fixtures.chineseName }),
    listEndpoint('search-pinyin', 'Search: full pinyin', { q: fixtures.pinyin }),
    listEndpoint('search-phone', 'Search: phone suffix', { q: fixtures.phoneSuffix }),
    // Letters no name, pinyin or e-mail starts with: a search the planner must not mistake for a broad one (with no
    // statistics on lower(name) it walked the whole sort order looking for 21 matches; migration 0025).
    listEndpoint('search-none', 'Search: Latin text that matches no one', { q: 'qxzvw' }),
    {
      key: 'customer-360',
      label: 'Customer 360',
      request: 'GET /api/customers/:id/360',
      kind: 'read',
      async prepare(context) {
        const ids = context.fixtures.customerIds;
        // Kemai sends the 360's queries side by side on its pool; the replay sends the same statements one after another.
        const capture = () => captureQueries(context.databaseUrl, (db) => getCustomer360(db, context.actor, ids[0]!));
        const sql = await capture();
        const plan = planFromCaptures(sql, await capture());
        let next = 0;
        return {
          kemai: { type: 'get', paths: ids.map((id) => `/api/customers/${id}/360`) },
          raw: { next: () => ({ queries: plan({ from: { id: ids[0]! }, to: { id: ids[next++ % ids.length]! } }) }) },
          sql,
        };
      },
    },
    {
      key: 'create',
      label: 'Create customer',
      request: 'POST /api/customers',
      kind: 'write',
      async prepare(context) {
        const input = CreateCustomerBodySchema.parse(CREATE_BODY);
        const capture = () => captureWrite(context.databaseUrl, (tx) => customers.createCustomer(tx, context.actor, input));
        const sql = await capture();
        const plan = planFromCaptures(sql, await capture());
        return { kemai: { type: 'post', path: '/api/customers', body: CREATE_BODY }, raw: { next: () => ({ queries: plan() }) }, sql };
      },
    },
    {
      key: 'update',
      label: 'Update customer',
      request: 'PATCH /api/customers/:id',
      kind: 'write',
      async prepare(context) {
        const { kemai: kemaiPool, raw: rawPool } = await updatePools(context);
        const sample = rawPool[0]!;
        const capture = () =>
          captureWrite(context.databaseUrl, (tx) => customers.updateCustomer(tx, context.actor, sample.id, UpdateCustomerBodySchema.parse({ ...UPDATE_BODY, version: sample.version })));
        const sql = await capture();
        const plan = planFromCaptures(sql, await capture());
        // Like the HTTP side: a customer is with one connection at a time and comes back one version on.
        const ready = [...rawPool];
        return {
          kemai: { type: 'update', pool: kemaiPool, body: UPDATE_BODY },
          raw: {
            next() {
              const target = ready.shift();
              if (!target) throw new Error('update pool exhausted');
              return {
                queries: plan({ from: sample, to: target }),
                done: () => ready.push({ id: target.id, version: target.version + 1 }),
              };
            },
          },
          sql,
        };
      },
    },
  ];
}
