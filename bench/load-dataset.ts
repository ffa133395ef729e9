import pg from 'pg';
import { createDb, type Db } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { insertCategory, insertProduct } from '../src/server/domains/products/products.repository.ts';
import { createWorkspace } from '../src/server/domains/workspaces/workspaces.service.ts';
import { generateCustomerRecords, GENERATED_NOW } from '../src/server/demo/customer-generator.ts';
import { personDetails, pickCity } from '../src/server/demo/contact-details.ts';
import { generateCatalogue } from '../src/server/demo/product-catalogue.ts';
import { createRandom } from '../src/server/demo/random.ts';
import { createSalesTeam } from '../src/server/demo/sales-teams.ts';
import { COPY_COLUMNS, type CopyTable, copyLines } from './copy-rows.ts';
import { CopyWriter } from './copy-writer.ts';
import { dropIndexesAndKeys, rebuildIndexesAndKeys, type SavedDefinition } from './index-rebuild.ts';
import { BENCH_ADMIN, BENCH_USER_PASSWORD, benchWorkspaceName, type Scale } from './scales.ts';

const REGIONS = ['华东', '华北', '华南', '华中', '西南', '西北', '东北', '港澳', '海外', '大客户'];
const COPY_TABLES = Object.keys(COPY_COLUMNS) as CopyTable[];

export interface LoadOptions {
  databaseUrl: string;
  scale: Scale;
  seed: number;
  /** wipe the database's schema first (needed when it already holds customers) */
  reset?: boolean;
  log?: (line: string) => void;
  /** a progress line every this many ms (0: none) */
  progressEvery?: number;
}

export interface LoadReport {
  scale: string;
  seed: number;
  rows: Record<CopyTable, number>;
  seconds: { setup: number; copy: number; indexes: number; analyze: number; total: number };
  rowsPerSecond: number;
}

export class DatabaseNotEmptyError extends Error {
  override name = 'DatabaseNotEmptyError';
}

/**
 * Generates a data set into a database: migrations, a workspace with the bench
 * admin and sales teams (made by Kemai's own services), the product catalogue,
 * then customers, orders, order lines and events through COPY into bare
 * tables, then the indexes and keys, then ANALYZE.
 */
export async function loadDataset(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  await prepareDatabase(options.databaseUrl, options.reset ?? false, log);

  const db = createDb(options.databaseUrl, 2);
  let workspaceId: string;
  let ownerIds: string[];
  const catalogue = generateCatalogue({ seed: options.seed, now: GENERATED_NOW });
  try {
    ({ workspaceId, ownerIds } = await createBenchWorkspace(db, options.scale, options.seed));
    for (const category of catalogue.categories) await insertCategory(db, { workspace_id: workspaceId, id: category.id, name: category.name, parent_id: null });
    for (const product of catalogue.products) {
      await insertProduct(db, { workspace_id: workspaceId, id: product.id, sku: product.sku, name: product.name, category_id: product.categoryId, unit_price: product.unitPrice });
    }
  } finally {
    await db.destroy();
  }
  const setupDone = Date.now();
  log(`Workspace, ${ownerIds.length} owners in ${options.scale.teams} teams and ${catalogue.products.length} products ready (${seconds(setupDone - started)} s).`);

  const control = new pg.Client({ connectionString: options.databaseUrl, application_name: 'kemai-bench-load' });
  await control.connect();
  let saved: SavedDefinition[] = [];
  let rebuilt = false;
  const rows = {} as Record<CopyTable, number>;
  let copyDone = setupDone;
  let indexesDone = setupDone;
  try {
    saved = await dropIndexesAndKeys(control, COPY_TABLES);
    Object.assign(rows, await copyRecords(options, workspaceId, ownerIds, catalogue, log));
    copyDone = Date.now();
    const total = COPY_TABLES.reduce((sum, table) => sum + rows[table], 0);
    log(`Copied ${total.toLocaleString('en')} rows in ${seconds(copyDone - setupDone)} s (${Math.round((total * 1000) / (copyDone - setupDone)).toLocaleString('en')} rows/s). Building ${saved.length} indexes and keys…`);
    rebuilt = true;
    await rebuildIndexesAndKeys(options.databaseUrl, saved, {
      parallel: 2,
      tableRows: rows,
      onDone: (definition, ms) => log(`  ${definition.kind.padEnd(7)} ${definition.name} (${seconds(ms)} s)`),
    });
    indexesDone = Date.now();
  } catch (error) {
    // Leave no table without its keys: rebuild what was dropped (the tables are empty if the COPY failed).
    if (saved.length && !rebuilt) await rebuildIndexesAndKeys(options.databaseUrl, saved, { parallel: 1, tableRows: {} }).catch(() => {});
    throw error;
  } finally {
    await control.end().catch(() => {});
  }

  const analyze = new pg.Client({ connectionString: options.databaseUrl });
  await analyze.connect();
  try {
    await analyze.query(`analyze ${[...COPY_TABLES, 'products', 'product_categories', 'users', 'teams'].join(', ')}`);
  } finally {
    await analyze.end();
  }
  const finished = Date.now();
  const copied = COPY_TABLES.reduce((sum, table) => sum + rows[table], 0);
  return {
    scale: options.scale.name,
    seed: options.seed,
    rows,
    seconds: {
      setup: seconds(setupDone - started),
      copy: seconds(copyDone - setupDone),
      indexes: seconds(indexesDone - copyDone),
      analyze: seconds(finished - indexesDone),
      total: seconds(finished - started),
    },
    rowsPerSecond: Math.round((copied * 1000) / (finished - started)),
  };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Migrates; with `reset`, empties the schema first. Refuses a database that already holds customers or a bench admin. */
async function prepareDatabase(databaseUrl: string, reset: boolean, log: (line: string) => void) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (reset) {
      log('Resetting: dropping every table of the schema and migrating afresh…');
      // A schema of Kemai's own: what the migrations built, and anything a half-finished load left behind.
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      const schema = pg.escapeIdentifier(rows[0]!.schema);
      await client.query(`drop schema ${schema} cascade`);
      await client.query(`create schema ${schema}`);
    }
  } finally {
    await client.end();
  }
  await migrate(databaseUrl);
  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  try {
    const customers = await check.query('select 1 from customers limit 1');
    const admin = await check.query('select 1 from users where email = $1', [BENCH_ADMIN.email]);
    if (customers.rowCount || admin.rowCount) {
      throw new DatabaseNotEmptyError('The database already holds customers or bench data. Pass --reset to wipe it and load afresh.');
    }
  } finally {
    await check.end();
  }
}

/** The workspace with the bench admin and the sales teams; returns the users customers are spread over. */
async function createBenchWorkspace(db: Db, scale: Scale, seed: number) {
  const { workspaceId, admin } = await createWorkspace(db, {
    name: benchWorkspaceName(scale.name, seed),
    timeZone: 'Asia/Shanghai',
    admin: { email: BENCH_ADMIN.email, name: BENCH_ADMIN.name, password: BENCH_ADMIN.password },
  });
  const random = createRandom(seed, -3);
  const person = () => personDetails(random, pickCity(random)).name;
  const ownerIds: string[] = [];
  await db.transaction().execute(async (tx) => {
    let userNo = 0;
    for (let team = 0; team < scale.teams; team++) {
      const email = () => `user${String(++userNo).padStart(3, '0')}@bench.kemai.local`;
      const created = await createSalesTeam(
        tx,
        workspaceId,
        {
          name: `${REGIONS[team % REGIONS.length]}销售${team >= REGIONS.length ? Math.floor(team / REGIONS.length) + 1 : ''}部`,
          manager: { name: person(), email: email() },
          reps: Array.from({ length: scale.repsPerTeam }, () => ({ name: person(), email: email() })),
        },
        BENCH_USER_PASSWORD,
      );
      ownerIds.push(created.managerId, ...created.repIds);
    }
  });
  return { workspaceId, adminId: admin.id, ownerIds };
}

/** Streams every generated record into four parallel COPYs, printing progress. */
async function copyRecords(
  options: LoadOptions,
  workspaceId: string,
  ownerIds: string[],
  catalogue: ReturnType<typeof generateCatalogue>,
  log: (line: string) => void,
): Promise<Record<CopyTable, number>> {
  const clients = await Promise.all(
    COPY_TABLES.map(async () => {
      const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'kemai-bench-load' });
      await client.connect();
      // Nothing waits on these commits but the loader itself.
      await client.query('set synchronous_commit = off');
      return client;
    }),
  );
  const writers = {} as Record<CopyTable, CopyWriter>;
  try {
    for (const [i, table] of COPY_TABLES.entries()) {
      // events already holds the workspace's own audit rows, so it cannot be emptied for FREEZE.
      writers[table] = await CopyWriter.open(clients[i]!, table, COPY_COLUMNS[table], { freeze: table !== 'events' });
    }
    const started = Date.now();
    let lastReport = started;
    const total = options.scale.customers;
    let done = 0;
    for (const record of generateCustomerRecords({ seed: options.seed, count: total, ownerIds, catalogue, now: GENERATED_NOW, source: 'bench' })) {
      const lines = copyLines(workspaceId, record);
      writers.customers.push(lines.customers, 1);
      writers.orders.push(lines.orders, record.orders.length);
      writers.order_lines.push(lines.order_lines, record.orders.reduce((sum, order) => sum + order.lines.length, 0));
      writers.events.push(lines.events, record.events.length);
      done++;
      if ((done & 63) === 0) {
        const backlog = Object.values(writers).map((writer) => writer.backlog()).filter((wait) => wait !== null);
        if (backlog.length) await Promise.all(backlog);
        const now = Date.now();
        if (options.progressEvery && now - lastReport >= options.progressEvery) {
          lastReport = now;
          log(progressLine(writers, done, total, now - started));
        }
      }
    }
    const rows = {} as Record<CopyTable, number>;
    for (const table of COPY_TABLES) rows[table] = await writers[table].finish();
    return rows;
  } catch (error) {
    await Promise.all(Object.values(writers).map((writer) => writer.abort()));
    throw error;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

function progressLine(writers: Record<CopyTable, CopyWriter>, done: number, total: number, ms: number) {
  const rows = COPY_TABLES.reduce((sum, table) => sum + writers[table].rows, 0);
  const short = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
  const left = ((total - done) * ms) / done / 1000;
  const tables = (['orders', 'order_lines', 'events'] as const).map((table) => `${table} ${short(writers[table].rows)}`).join(' · ');
  return `  ${short(done)}/${short(total)} customers (${Math.floor((done * 100) / total)} %) · ${tables} · ${short(Math.round((rows * 1000) / ms))} rows/s · ${Math.round(ms / 1000)} s, ~${Math.round(left)} s to go`;
}
