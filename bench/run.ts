import { parseArgs } from 'node:util';
import { runAnalyticsBench, writeAnalyticsResult } from './analytics-bench.ts';
import { BenchFailedError } from './api-bench.ts';
import { openBenchDatabase } from './bench-database.ts';
import { runImportBench } from './import-bench.ts';
import { runBench } from './bench-run.ts';
import { BENCHMARKS_DOC, RESULTS_DIR, writeBenchmarksDoc } from './report.ts';
import { scaleNamed } from './scales.ts';

const USAGE = `Usage: npm run bench -- [--scale S|M|L] [--only api|import|analytics] [--duration 10] [--connections 10]
                      [--warmup 2] [--rounds 5] [--database-url URL] [--rows N (import)]

Starts Kemai on the data npm run bench:data loaded (the embedded PostgreSQL in ./data/bench-<scale>,
or --database-url) and measures, in one run: each API endpoint against the same SQL sent with pg
directly, the analytics score refresh on that data, and an import of a generated customer CSV into a
fresh database (--rows, by default as many rows as the scale has customers). --only runs one part.
Writes bench/results/*.json and regenerates docs/benchmarks.md.`;

const PARTS = ['api', 'analytics', 'import'] as const;
type Part = (typeof PARTS)[number];

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
      rows: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const scale = scaleNamed(values.scale);
  const only = values.only;
  if (only && !(PARTS as readonly string[]).includes(only)) throw new Error(`--only must be api, import or analytics, not ${only}`);
  const parts: readonly Part[] = only ? [only as Part] : PARTS;
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!(value >= 0) || (name !== 'warmup' && value === 0)) throw new Error(`--${name} must be a positive number, not ${text}`);
    return value;
  };
  const importRows = Math.round(positive('rows', values.rows ?? String(scale.customers)));

  const started = Date.now();
  // Minutes:seconds since the start, so a slow phase shows.
  const say = (line: string) => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}`);
  };
  if (parts.includes('api') || parts.includes('analytics')) {
    const database = await openBenchDatabase(scale.name, values['database-url'], say);
    try {
      if (parts.includes('api')) {
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
        say(`Wrote ${files.join(' and ')}.`);
      }
      if (parts.includes('analytics')) {
        const result = await runAnalyticsBench({ databaseUrl: database.url, target: database.target, log: say });
        say(`Wrote ${writeAnalyticsResult(RESULTS_DIR, result)} and ${writeBenchmarksDoc(RESULTS_DIR)}.`);
      }
    } finally {
      await database.close();
    }
  }
  if (parts.includes('import')) {
    // A fresh database of its own: the generated file through the real upload and import job.
    await runImportBench({ rows: importRows, databaseUrl: values['database-url'], log: say });
    say(`Wrote ${writeBenchmarksDoc(RESULTS_DIR)}.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BenchFailedError ? `bench: ${error.message}` : error);
  process.exit(1);
});
