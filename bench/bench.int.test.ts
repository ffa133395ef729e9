import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/server/testing/harness.ts';
import { runBench } from './bench-run.ts';
import { DatabaseNotEmptyError, type LoadReport, loadDataset } from './load-dataset.ts';
import type { BenchResult } from './report.ts';
import { SCALES } from './scales.ts';

/*
 * The bench in miniature, so it never rots: the generator loads 300 customers
 * into a test database through COPY, then the whole API bench runs for a
 * second per endpoint against a Kemai started on it. It checks that results
 * exist, not how fast they are.
 */

let url: string;
let dir: string;
let load: LoadReport;
let indexesBefore: string[];

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const definitions = async () =>
  (
    await query<{ definition: string }>(
      `select pg_get_indexdef(i.indexrelid) as definition from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relnamespace = current_schema()::regnamespace
       union all
       select conrelid::regclass || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = current_schema()::regnamespace
       union all
       select a.attrelid::regclass || ' column ' || a.attnum || ' statistics ' || a.attstattarget from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       where c.relkind = 'i' and c.relnamespace = current_schema()::regnamespace and coalesce(a.attstattarget, -1) >= 0
       order by 1`,
    )
  ).map((row) => row.definition);

beforeAll(async () => {
  ({ url } = await createTestDatabase());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-bench-test-'));
  indexesBefore = await definitions();
  load = await loadDataset({ databaseUrl: url, scale: SCALES.XS, seed: 3 });
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bench:data', () => {
  it('loads the generated customers, orders, lines and events, and reports what it loaded', async () => {
    expect(load.rows.customers).toBe(300);
    expect(load.rows.orders).toBeGreaterThan(1000);
    const [counts] = await query<{ customers: number; orders: number; lines: number; mismatched: number }>(
      `select (select count(*)::int from customers) as customers, (select count(*)::int from orders) as orders,
              (select count(*)::int from order_lines) as lines,
              (select count(*)::int from orders o where o.amount <> (select sum(l.amount) from order_lines l where l.order_id = o.id)) as mismatched`,
    );
    expect(counts).toEqual({ customers: 300, orders: load.rows.orders, lines: load.rows.order_lines, mismatched: 0 });
  });

  it('leaves every index (with its statistics targets), key and foreign key as the migrations made them', async () => {
    expect(await definitions()).toEqual(indexesBefore);
  });

  it('refuses to load into a database that already holds customers', async () => {
    await expect(loadDataset({ databaseUrl: url, scale: SCALES.XS, seed: 3 })).rejects.toThrow(DatabaseNotEmptyError);
  });
});

describe('bench', () => {
  let result: BenchResult;
  let files: string[];

  beforeAll(async () => {
    ({ result, files } = await runBench({
      scale: 'XS',
      databaseUrl: url,
      target: 'external',
      connections: 4,
      durationSeconds: 1,
      warmupSeconds: 0,
      rounds: 1,
      resultsDir: dir,
      docPath: path.join(dir, 'benchmarks.md'),
    }));
  }, 120_000);

  it('measures every endpoint through Kemai and raw, with requests and without errors', () => {
    expect(result.api!.map((endpoint) => endpoint.key)).toEqual(['list', 'list-filtered', 'search-name', 'search-pinyin', 'search-phone', 'search-none', 'customer-360', 'create', 'update']);
    for (const endpoint of result.api!) {
      expect(endpoint.kemai.requests, endpoint.key).toBeGreaterThan(0);
      expect(endpoint.raw.requests, endpoint.key).toBeGreaterThan(0);
      expect([endpoint.kemai.errors, endpoint.kemai.failures, endpoint.raw.errors], endpoint.key).toEqual([0, 0, 0]);
      expect(endpoint.ratio, endpoint.key).toBeGreaterThan(0);
      expect(endpoint.sql.length, endpoint.key).toBeGreaterThan(0);
    }
    expect(result.api!.find((endpoint) => endpoint.key === 'create')!.sql).toEqual(expect.arrayContaining(['begin', 'commit']));
    expect(result.server.rssAfterMiB).toBeGreaterThan(0);
    expect(result.machine.postgres).toMatch(/^PostgreSQL \d+/);
  });

  it('writes the JSON result and the benchmarks page', () => {
    expect(files).toEqual([path.join(dir, 'XS-external.json'), path.join(dir, 'benchmarks.md')]);
    expect(JSON.parse(fs.readFileSync(files[0]!, 'utf8'))).toMatchObject({ kind: 'bench', scale: 'XS', data: { customers: 300 } });
    expect(fs.readFileSync(files[1]!, 'utf8')).toContain('### Scale XS, external PostgreSQL');
  });

  it('removes the customers it created', async () => {
    const [row] = await query<{ n: number }>(`select count(*)::int as n from customers`);
    expect(row!.n).toBe(300);
  });
});
