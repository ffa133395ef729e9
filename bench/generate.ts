import { parseArgs } from 'node:util';
import { openBenchDatabase } from './bench-database.ts';
import { DatabaseNotEmptyError, loadDataset } from './load-dataset.ts';
import { collectMachineInfo } from './machine-info.ts';
import { RESULTS_DIR, writeBenchmarksDoc, writeLoadResult } from './report.ts';
import { DEFAULT_SEED, scaleNamed } from './scales.ts';

const USAGE = `Usage: npm run bench:data -- --scale S|M|L [--seed N] [--database-url URL] [--reset]

Generates customers, orders, order lines and events (S: 10k customers, M: 100k, L: 1M;
~10 orders and ~5 events each) and loads them with COPY into the embedded PostgreSQL in
./data/bench-<scale>, or into --database-url. A database that already holds customers
is refused unless --reset, which drops its schema's tables first.
Sign in to the loaded workspace as bench.admin@kemai.local / kemai-bench-2026.`;

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'S' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'database-url': { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const scale = scaleNamed(values.scale);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number, not ${values.seed}`);

  const say = (line: string) => console.log(line);
  const database = await openBenchDatabase(scale.name, values['database-url'], say, { bulkLoad: true });
  say(`Loading scale ${scale.name} (${scale.customers.toLocaleString('en')} customers, seed ${seed}) into the ${database.target} database${database.dataDir ? ` in ${database.dataDir}` : ''}.`);
  try {
    const report = await loadDataset({ databaseUrl: database.url, scale, seed, reset: values.reset, log: say, progressEvery: 2000 });
    say('');
    say(`Loaded in ${report.seconds.total} s (setup ${report.seconds.setup} s, COPY ${report.seconds.copy} s, indexes and keys ${report.seconds.indexes} s, ANALYZE ${report.seconds.analyze} s): ${report.rowsPerSecond.toLocaleString('en')} rows/s overall.`);
    for (const [table, count] of Object.entries(report.rows)) say(`  ${table.padEnd(12)} ${count.toLocaleString('en').padStart(12)}`);
    if (scale.name !== 'XS') {
      const file = writeLoadResult(RESULTS_DIR, report, database.target, await collectMachineInfo(database.url));
      writeBenchmarksDoc(RESULTS_DIR);
      say(`Wrote ${file} and docs/benchmarks.md.`);
    }
    say(`Next: npm run bench -- --scale ${scale.name}${values['database-url'] ? ' --database-url …' : ''}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseNotEmptyError) console.error(`bench:data: ${error.message}`);
  else console.error(error, '\nbench:data: the load did not finish; run it again with --reset to start afresh.');
  process.exit(1);
});
