import pg from 'pg';
import { migrate } from '../src/server/db/migrate.ts';
import { BenchFailedError, runApiBench } from './api-bench.ts';
import { startKemai } from './kemai-process.ts';
import { collectMachineInfo } from './machine-info.ts';
import { type BenchResult, writeBenchmarksDoc, writeBenchResult } from './report.ts';
import { BENCH_ADMIN, parseBenchWorkspaceName } from './scales.ts';

export interface BenchRunOptions {
  scale: string;
  databaseUrl: string;
  target: 'embedded' | 'external';
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  resultsDir: string;
  docPath: string;
  log?: (line: string) => void;
}

/** Row counts of the bench workspace, and which scale it was generated at. */
async function describeData(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const workspace = await client.query<{ id: string; name: string }>(
      'select w.id, w.name from workspaces w join users u on u.workspace_id = w.id where u.email = $1',
      [BENCH_ADMIN.email],
    );
    const row = workspace.rows[0];
    if (!row) throw new Error(`No bench workspace (user ${BENCH_ADMIN.email}) in this database: run npm run bench:data first.`);
    const count = async (table: string) =>
      (await client.query<{ n: number }>(`select count(*)::int as n from ${table} where workspace_id = $1`, [row.id])).rows[0]!.n;
    return {
      generated: parseBenchWorkspaceName(row.name),
      counts: { customers: await count('customers'), orders: await count('orders'), orderLines: await count('order_lines'), events: await count('events') },
    };
  } finally {
    await client.end();
  }
}

/**
 * One bench run on a loaded database: starts Kemai on it, measures the API
 * against the raw baseline, notes the server's memory before and after, and
 * writes the result and the benchmarks page.
 */
export async function runBench(options: BenchRunOptions): Promise<{ result: BenchResult; files: string[] }> {
  const log = options.log ?? (() => {});
  // Migrations first, here: on a million customers one can take longer than Kemai's start-up is given.
  const applied = await migrate(options.databaseUrl);
  if (applied.length) log(`Applied migrations ${applied.join(', ')}.`);
  const data = await describeData(options.databaseUrl);
  if (data.generated && data.generated.scale !== options.scale) {
    throw new Error(`This database holds scale ${data.generated.scale} data, not ${options.scale}.`);
  }
  const machine = await collectMachineInfo(options.databaseUrl);
  log(`Scale ${options.scale}: ${data.counts.customers.toLocaleString('en')} customers, ${data.counts.orders.toLocaleString('en')} orders on ${machine.postgres} (${options.target}).`);
  const kemai = await startKemai(options.databaseUrl, { log });
  let result: BenchResult;
  try {
    const rssBeforeMiB = kemai.rssMiB();
    log(`Kemai (pid ${kemai.pid}) at ${kemai.url}, RSS ${rssBeforeMiB} MiB.`);
    const api = await runApiBench({
      kemaiUrl: kemai.url,
      databaseUrl: options.databaseUrl,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
      log,
    }).catch((error: unknown) => {
      if (error instanceof BenchFailedError) error.message += `\nThe server's last output:\n${kemai.output()}`;
      throw error;
    });
    const rssAfterMiB = kemai.rssMiB();
    log(`Kemai RSS after: ${rssAfterMiB} MiB.`);
    result = {
      kind: 'bench',
      scale: options.scale,
      target: options.target,
      finishedAt: new Date().toISOString(),
      machine,
      settings: { connections: options.connections, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, rounds: options.rounds },
      data: data.counts,
      server: { rssBeforeMiB, rssAfterMiB },
      api: api.endpoints,
    };
  } finally {
    await kemai.stop();
  }
  const files = [writeBenchResult(options.resultsDir, result), writeBenchmarksDoc(options.resultsDir, options.docPath)];
  return { result, files };
}
