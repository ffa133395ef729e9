import { parseArgs } from 'node:util';
import { runAnalyticsBench, writeAnalyticsResult } from './analytics-bench.ts';
import { BenchFailedError } from './api-bench.ts';
import { openBenchDatabase } from './bench-database.ts';
import { runImportBench } from './import-bench.ts';
import { runBench } from './bench-run.ts';
import { BENCHMARKS_DOC, RESULTS_DIR } from './report.ts';
import { scaleNamed } from './scales.ts';

const USAGE = `Usage: npm run bench -- [--scale S|M|L] [--only api|import|analytics] [--duration 10] [--connections 10]
                      [--warmup 2] [--rounds 5] [--database-url URL] [--rows 1000000 (import)]

Starts Kemai on the data npm run bench:data loaded (the embedded PostgreSQL in ./data/bench-<scale>,
or --database-url) and measures each API endpoint against the same SQL sent with pg directly.
Writes bench/results/<scale>-<embedded|external>.json and regenerates docs/benchmarks.md.`;

const PENDING = {
  import: 'Import: run npm run bench -- --only import [--rows N] (a generated CSV through upload and the import job).',
  analytics: 'Analytics: run npm run bench -- --only analytics (times the score refresh).',
} as const;

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'S' },
      only: { type: 'string' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '5' },
      'database-url': { type: 'string' },
      rows: { type: 'string', default: '1000000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const scale = scaleNamed(values.scale);
  const only = values.only;
  if (only && !['api', 'import', 'analytics'].includes(only)) throw new Error(`--only must be api, import or analytics, not ${only}`);
  if (only === 'import') {
    // A fresh database of its own: the generated file (--rows, default 1,000,000) through the real upload and import job.
    await runImportBench({ rows: Math.round(Number(values.rows)), databaseUrl: values['database-url'], log: console.log });
    return;
  }
  if (only === 'analytics') {
    const database = await openBenchDatabase(scale.name, values['database-url'], console.log);
    try {
      const result = await runAnalyticsBench({ databaseUrl: database.url, target: database.target, log: console.log });
      return void console.log(`Wrote ${writeAnalyticsResult(RESULTS_DIR, result)}.`);
    } finally {
      await database.close();
    }
  }
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!(value >= 0) || (name !== 'warmup' && value === 0)) throw new Error(`--${name} must be a positive number, not ${text}`);
    return value;
  };

  const started = Date.now();
  // Minutes:seconds since the start, so a slow phase shows.
  const say = (line: string) => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}`);
  };
  const database = await openBenchDatabase(scale.name, values['database-url'], say);
  try {
    const { files } = await runBench({
      scale: scale.name,
      databaseUrl: database.url,
      target: database.target,
      connections: positive('connections', values.connections),
      durationSeconds: positive('duration', values.duration),
      warmupSeconds: positive('warmup', values.warmup),
      rounds: Math.max(1, Math.round(positive('rounds', values.rounds))),
      resultsDir: RESULTS_DIR,
      docPath: BENCHMARKS_DOC,
      log: say,
    });
    if (!only) for (const part of ['import', 'analytics'] as const) say(PENDING[part]);
    say(`Wrote ${files.join(' and ')}.`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BenchFailedError ? `bench: ${error.message}` : error);
  process.exit(1);
});
