import fs from 'node:fs';
import path from 'node:path';
import type { AnalyticsBenchResult } from './analytics-bench.ts';
import type { EndpointResult } from './api-bench.ts';
import { REPO_ROOT } from './bench-database.ts';
import type { ImportBenchResult } from './import-bench.ts';
import type { LoadReport } from './load-dataset.ts';
import type { MachineInfo } from './machine-info.ts';

export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
export const BENCHMARKS_DOC = path.join(REPO_ROOT, 'docs', 'benchmarks.md');

/** The issues' targets, stated for scale L; smaller scales show them as a preview. */
export const TARGETS = { scale: 'L', readP95Ms: 50, minRatio: 0.45, importRowsPerSecond: 20_000, importRssMiB: 600, refreshSeconds: 60 } as const;

export interface BenchResult {
  kind: 'bench';
  scale: string;
  target: 'embedded' | 'external';
  finishedAt: string;
  machine: MachineInfo;
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; rounds: number };
  data: { customers: number; orders: number; orderLines: number; events: number };
  server: { rssBeforeMiB: number; rssAfterMiB: number };
  api: EndpointResult[] | null;
}

export interface LoadResult extends LoadReport {
  kind: 'load';
  target: 'embedded' | 'external';
  finishedAt: string;
  machine: MachineInfo;
}

const SCALE_ORDER = ['L', 'M', 'S', 'XS'];
const fileStem = (scale: string, target: string) => `${scale}-${target}`;

function writeJson(file: string, value: unknown) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/** Newest result per scale and target: the file is overwritten, git keeps the history. */
export function writeBenchResult(dir: string, result: BenchResult) {
  return writeJson(path.join(dir, `${fileStem(result.scale, result.target)}.json`), result);
}

export function writeLoadResult(dir: string, report: LoadReport, target: LoadResult['target'], machine: MachineInfo) {
  const result: LoadResult = { kind: 'load', ...report, target, finishedAt: new Date().toISOString(), machine };
  return writeJson(path.join(dir, `${fileStem(result.scale, result.target)}.load.json`), result);
}

export interface BenchResults {
  benches: BenchResult[];
  loads: LoadResult[];
  imports: ImportBenchResult[];
  refreshes: AnalyticsBenchResult[];
}

export function readResults(dir: string): BenchResults {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort() : [];
  const parsed = files.map(
    (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as BenchResult | LoadResult | ImportBenchResult | AnalyticsBenchResult,
  );
  const order = (a: { scale: string; target: string }, b: { scale: string; target: string }) =>
    SCALE_ORDER.indexOf(a.scale) - SCALE_ORDER.indexOf(b.scale) || a.target.localeCompare(b.target);
  return {
    benches: parsed.filter((item): item is BenchResult => item.kind === 'bench').sort(order),
    loads: parsed.filter((item): item is LoadResult => item.kind === 'load').sort(order),
    imports: parsed.filter((item): item is ImportBenchResult => item.kind === 'import').sort((a, b) => b.rows - a.rows),
    refreshes: parsed.filter((item): item is AnalyticsBenchResult => item.kind === 'analytics').sort(order),
  };
}

const number = (value: number) => Math.round(value).toLocaleString('en');
const msText = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

/** Whether an endpoint meets the targets, and by how much it misses when it does not. */
export function verdict(endpoint: EndpointResult): { met: boolean; text: string } {
  const misses: string[] = [];
  if (endpoint.kind === 'read' && endpoint.kemai.latencyMs.p95 > TARGETS.readP95Ms) {
    misses.push(`p95 ${msText(endpoint.kemai.latencyMs.p95)} ms > ${TARGETS.readP95Ms} (×${(endpoint.kemai.latencyMs.p95 / TARGETS.readP95Ms).toFixed(1)})`);
  }
  if (endpoint.ratio < TARGETS.minRatio) misses.push(`ratio ${endpoint.ratio.toFixed(2)} < ${TARGETS.minRatio}`);
  return misses.length ? { met: false, text: `no: ${misses.join('; ')}` } : { met: true, text: 'yes' };
}

function benchSection(result: BenchResult): string[] {
  const lines = [
    `### Scale ${result.scale}, ${result.target} PostgreSQL (${result.machine.postgres})`,
    '',
    `${number(result.data.customers)} customers, ${number(result.data.orders)} orders, ${number(result.data.orderLines)} order lines, ${number(result.data.events)} events. ` +
      `${result.settings.connections} connections; per endpoint ${result.settings.warmupSeconds} s of warm-up, then ${result.settings.durationSeconds} s on each side ` +
      // results written before alternating rounds existed have no count
      `${result.settings.rounds ? `in ${result.settings.rounds} alternating rounds` : 'once'}. ` +
      `Measured ${result.finishedAt.slice(0, 10)} on ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, Node ${result.machine.node} ` +
      `(load average ${result.machine.loadAverage ?? '?'} at the start). ` +
      `Kemai server RSS ${result.server.rssBeforeMiB} MiB before, ${result.server.rssAfterMiB} MiB after.`,
    '',
  ];
  if (!result.api) return [...lines, 'API not measured in this run (`--only`).', ''];
  lines.push(
    `| Endpoint | Request | p50 ms | p95 ms | p99 ms | req/s | raw p95 ms | raw req/s | Kemai ÷ raw | Target${result.scale === TARGETS.scale ? '' : ' (set for L)'} |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const endpoint of result.api) {
    lines.push(
      `| ${endpoint.label} | \`${endpoint.request}\` | ${msText(endpoint.kemai.latencyMs.p50)} | ${msText(endpoint.kemai.latencyMs.p95)} | ${msText(endpoint.kemai.latencyMs.p99)} | ` +
        `${number(endpoint.kemai.requestsPerSecond)} | ${msText(endpoint.raw.latencyMs.p95)} | ${number(endpoint.raw.requestsPerSecond)} | ${endpoint.ratio.toFixed(2)} | ${verdict(endpoint).text} |`,
    );
  }
  lines.push('');
  const slow = result.api.filter((endpoint) => endpoint.plan && endpoint.kind === 'read' && endpoint.kemai.latencyMs.p95 > TARGETS.readP95Ms);
  for (const endpoint of slow) {
    lines.push(`<details><summary>Plan of the slow query: ${endpoint.label}</summary>`, '', '```', endpoint.plan!, '```', '', '</details>', '');
  }
  return lines;
}

function loadSection(loads: LoadResult[]): string[] {
  if (!loads.length) return [];
  return [
    '## Data load (`npm run bench:data`)',
    '',
    '| Scale | PostgreSQL | Customers | Orders | Order lines | Events | Setup s | COPY s | Indexes s | Total s | Rows/s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...loads.map(
      (load) =>
        `| ${load.scale} | ${load.target}, ${load.machine.postgres} | ${number(load.rows.customers)} | ${number(load.rows.orders)} | ${number(load.rows.order_lines)} | ${number(load.rows.events)} | ` +
        `${load.seconds.setup} | ${load.seconds.copy} | ${load.seconds.indexes} | ${load.seconds.total} | ${number(load.rowsPerSecond)} |`,
    ),
    '',
    `Measured on ${loads[0]!.machine.cpu}, ${loads[0]!.machine.cores} cores. Setup is the workspace and users (password hashing) and the catalogue; ` +
      'indexes and keys are rebuilt after the COPY, then ANALYZE (included in the total).',
    '',
  ];
}

function importSection(imports: ImportBenchResult[]): string[] {
  const lines = ['## Import (`npm run bench -- --only import [--rows N]`)', ''];
  if (!imports.length) return [...lines, 'No results yet.', ''];
  lines.push(
    'A generated customer CSV (5 % invalid rows, 3 % duplicates of earlier rows) uploaded to a running Kemai and imported by its job, ' +
      'duplicates skipped. Rows/s counts every row of the file over the job\'s time; RSS is the server\'s, sampled during the job. ' +
      `Targets (customer-data issue, at 1,000,000 rows): ≥ ${number(TARGETS.importRowsPerSecond)} rows/s, RSS < ${TARGETS.importRssMiB} MB.`,
    '',
    '| Rows | File MiB | Job s | Rows/s | Peak RSS MiB | Idle RSS MiB | Created | Skipped | Errors | Load average (start → end) | Measured | Target |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  );
  for (const run of imports) {
    const misses = [
      run.rowsPerSecond < TARGETS.importRowsPerSecond ? `${number(run.rowsPerSecond)} rows/s < ${number(TARGETS.importRowsPerSecond)}` : '',
      run.peakRssMiB >= TARGETS.importRssMiB ? `RSS ${run.peakRssMiB} ≥ ${TARGETS.importRssMiB}` : '',
    ].filter(Boolean);
    lines.push(
      `| ${number(run.rows)} | ${run.fileMiB} | ${run.jobSeconds} | ${number(run.rowsPerSecond)} | ${run.peakRssMiB} | ${run.idleRssMiB} | ` +
        `${number(run.created)} | ${number(run.skipped)} | ${number(run.errors)} | ${run.loadAverage ? `${run.loadAverage.start} → ${run.loadAverage.end}` : '?'} | ` +
        `${run.measuredAt.slice(0, 10)}, ${run.machine.cpus} cores, Node ${run.machine.node} | ${misses.length ? `no: ${misses.join('; ')}` : 'yes'} |`,
    );
  }
  return [...lines, ''];
}

function refreshSection(refreshes: AnalyticsBenchResult[]): string[] {
  const lines = ['## Analytics refresh (`npm run bench -- --scale S|M|L --only analytics`)', ''];
  if (!refreshes.length) return [...lines, 'No results yet.', ''];
  const steps = [...new Set(refreshes.flatMap((result) => result.runs.flatMap((run) => Object.keys(run.steps))))];
  lines.push(
    'The whole score refresh (the nightly job and POST /api/analytics/refresh), end to end in one transaction; seconds per step. ' +
      'Two runs on the bench database: *rebuild* derives every customer\'s purchase figures from the orders (the first refresh, ' +
      'or after a change of zone or currency), as of yesterday; then a day of business is written (an average day\'s orders placed today, ' +
      '1 % of the last 30 days\' orders cancelled, 1,000 customers reassigned) and *nightly* refreshes as of today, re-deriving only the ' +
      'customers that changed (the day is undone after). Before each the tables a refresh rewrites are vacuumed, as autovacuum would ' +
      `between two nights. Target (analytics issue, at scale ${TARGETS.scale}): ≤ ${TARGETS.refreshSeconds} s.`,
    '',
    `| Scale | PostgreSQL | Customers | Orders | Scored | Run | Changed | Total s | ${steps.join(' | ')} | Measured | Target |`,
    `| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ${steps.map(() => '---:').join(' | ')} | --- | --- |`,
  );
  for (const result of refreshes) {
    for (const run of result.runs) {
      const met = run.seconds <= TARGETS.refreshSeconds ? 'yes' : `no: ${run.seconds.toFixed(0)} s > ${TARGETS.refreshSeconds} (×${(run.seconds / TARGETS.refreshSeconds).toFixed(1)})`;
      const changed = run.changes
        ? `${number(run.changes.orders)} orders, ${number(run.changes.cancelled)} cancelled, ${number(run.changes.reassigned)} reassigned → ${number(run.purchaseStats.changed?.rederived ?? 0)} customers re-derived, ${number(run.purchaseStats.changed?.shifted ?? 0)} shifted between spend windows`
        : 'all customers';
      lines.push(
        `| ${result.scale} | ${result.target} | ${number(result.data.customers)} | ${number(result.data.orders)} | ${number(result.data.scoredCustomers)} | ${run.kind} | ${changed} | ` +
          `${run.seconds.toFixed(1)} | ${steps.map((step) => (run.steps[step] === undefined ? '' : run.steps[step]!.toFixed(1))).join(' | ')} | ${result.finishedAt.slice(0, 10)} | ${met} |`,
      );
    }
  }
  return [...lines, ''];
}

const NOTES_START = '<!-- notes: kept when this file is regenerated -->';
const NOTES_END = '<!-- end of notes -->';

/** The markdown for docs/benchmarks.md; `notes` is the hand-written analysis kept between regenerations. */
export function renderBenchmarks({ benches, loads, imports, refreshes }: BenchResults, notes: string): string {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` and `npm run bench:data` from bench/results/*.json. Edit only the notes section. -->',
    '',
    'Kemai measured against the raw database in the same run. Each endpoint gets autocannon (its own process, fixed',
    'connections and duration) against a Kemai server started on the bench database, then the very SQL that endpoint',
    'runs — captured from the route\'s own service call — replayed with `pg` from one Node process at the same',
    'concurrency. "Kemai ÷ raw" is the ratio of requests per second. Latencies are per request, from the client.',
    `Targets (issue, at scale ${TARGETS.scale}): p95 ≤ ${TARGETS.readP95Ms} ms for every read endpoint; Kemai ≥ ${TARGETS.minRatio} × raw throughput.`,
    '',
    'Run: `npm run bench:data -- --scale S|M|L`, then `npm run bench -- --scale S|M|L` (add `--database-url` for an external PostgreSQL).',
    '',
    ...loadSection(loads),
    '## API',
    '',
    ...(benches.length ? benches.flatMap(benchSection) : ['No results yet.', '']),
    ...importSection(imports),
    ...refreshSection(refreshes),
    '## Notes',
    '',
    NOTES_START,
    notes.trim(),
    NOTES_END,
    '',
  ];
  return lines.join('\n');
}

/** Regenerates the benchmarks page from every result in `dir`, keeping its notes. */
export function writeBenchmarksDoc(dir: string, docPath = BENCHMARKS_DOC) {
  const results = readResults(dir);
  const existing = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8') : '';
  const start = existing.indexOf(NOTES_START);
  const end = existing.indexOf(NOTES_END);
  const notes = start !== -1 && end > start ? existing.slice(start + NOTES_START.length, end) : '';
  fs.mkdirSync(path.dirname(docPath), { recursive: true });
  fs.writeFileSync(docPath, renderBenchmarks(results, notes));
  return docPath;
}
