import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EndpointResult } from './api-bench.ts';
import { combineRuns, percentile, summarize } from './latency.ts';
import { type BenchResult, renderBenchmarks, verdict, writeBenchmarksDoc, writeBenchResult } from './report.ts';

const measurement = (p95: number, rps: number) => summarize(Array.from({ length: 100 }, (_, i) => (i < 90 ? p95 / 2 : p95)), 100 / rps, 0, 0);

function endpoint(key: string, kind: 'read' | 'write', p95: number, rps: number, rawRps: number): EndpointResult {
  return { key, label: key, request: `GET /api/${key}`, kind, kemai: measurement(p95, rps), raw: measurement(p95 / 3, rawRps), ratio: rps / rawRps, sql: ['select 1'], plan: 'Seq Scan on customers' };
}

const result = (scale: string, api: EndpointResult[]): BenchResult => ({
  kind: 'bench',
  scale,
  target: 'embedded',
  finishedAt: '2026-11-26T10:00:00.000Z',
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'Linux', node: 'v24.21.0', postgres: 'PostgreSQL 18.4', loadAverage: 0.5 },
  settings: { connections: 10, durationSeconds: 10, warmupSeconds: 2, rounds: 5 },
  data: { customers: 1_000_000, orders: 10_000_000, orderLines: 16_000_000, events: 5_000_000 },
  server: { rssBeforeMiB: 150, rssAfterMiB: 300 },
  api,
});

describe('latency summaries', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile([], 50)]).toEqual([50, 95, 99, 0]);
  });

  it('counts requests per second over the run', () => {
    const summary = summarize([1, 2, 3, 4], 2, 1, 0);
    expect(summary).toMatchObject({ requests: 4, requestsPerSecond: 2, errors: 1, latencyMs: { p50: 2, max: 4, mean: 2.5 } });
  });
});

describe('combineRuns', () => {
  it('pools the rounds of one side: all samples, summed time, summed errors and status codes', () => {
    const combined = combineRuns([
      { latencies: [1, 2], seconds: 1, errors: 0, failures: 0, statusCodes: { 200: 2 } },
      { latencies: [3, 4, 5, 6], seconds: 2, errors: 1, failures: 0, statusCodes: { 200: 3, 409: 1 }, firstError: '409 stale' },
    ]);
    expect(combined).toMatchObject({ requests: 6, seconds: 3, requestsPerSecond: 2, errors: 1, statusCodes: { 200: 5, 409: 1 }, firstError: '409 stale' });
    expect(combined.latencyMs.p50).toBe(3);
  });
});

describe('verdict', () => {
  it('passes a fast read at a good ratio and says by how much a miss misses', () => {
    expect(verdict(endpoint('list', 'read', 20, 500, 1000))).toEqual({ met: true, text: 'yes' });
    expect(verdict(endpoint('search', 'read', 75, 200, 1000)).text).toBe('no: p95 75 ms > 50 (×1.5); ratio 0.20 < 0.45');
    // writes have no latency target
    expect(verdict(endpoint('create', 'write', 90, 500, 1000)).met).toBe(true);
  });
});

describe('the benchmarks page', () => {
  it('tables each scale with its figures and shows the plan of a slow read', () => {
    const page = renderBenchmarks(
      { benches: [result('L', [endpoint('list', 'read', 20, 500, 1000), endpoint('search', 'read', 75, 200, 1000)])], loads: [], imports: [], refreshes: [] },
      'Why search is slow.',
    );
    expect(page).toContain('### Scale L, embedded PostgreSQL (PostgreSQL 18.4)');
    expect(page).toMatch(/\| list \| `GET \/api\/list` \| 10 \| 20 \| 20 \| 500 \| 6\.7 \| 1,000 \| 0\.50 \| yes \|/);
    expect(page).toContain('Plan of the slow query: search');
    expect(page).not.toContain('Plan of the slow query: list');
    expect(page).toContain('Why search is slow.');
  });

  it('tables the import and the analytics refresh against their targets', () => {
    const page = renderBenchmarks(
      {
        benches: [],
        loads: [],
        imports: [
          {
            kind: 'import', rows: 1_000_000, fileMiB: 109, file: { rows: 1_000_000, invalid: 50_000, duplicates: 30_000 }, uploadSeconds: 2.5, jobSeconds: 40,
            rowsPerSecond: 25_000, peakRssMiB: 650, idleRssMiB: 180, created: 920_000, skipped: 30_000, errors: 50_000,
            machine: { cpus: 2, node: 'v24.21.0' }, loadAverage: { start: 3.5, end: 4.25 }, measuredAt: '2026-11-26T10:00:00.000Z',
          },
        ],
        refreshes: [
          {
            kind: 'analytics', scale: 'L', target: 'embedded', finishedAt: '2026-11-26T10:00:00.000Z',
            data: { customers: 1_000_000, orders: 10_000_000, scoredCustomers: 700_000 },
            fit: { status: 'fitted', reason: null, repeatBuyers: 500_000, bgnbd: null, gammaGamma: null },
            runs: [
              { kind: 'rebuild', asOf: '2026-11-25', seconds: 90, steps: { orders: 30, scores: 60 }, warningsOpened: 3, purchaseStats: { mode: 'rebuilt', changed: null }, changes: null },
              {
                kind: 'nightly', asOf: '2026-11-26', seconds: 45, steps: { orders: 20, scores: 25 }, warningsOpened: 0,
                purchaseStats: { mode: 'incremental', changed: { rederived: 10_950, shifted: 20_000 } }, changes: { orders: 9_300, cancelled: 700, reassigned: 1_000 },
              },
            ],
          },
        ],
      },
      '',
    );
    expect(page).toMatch(/\| 1,000,000 \| 109 \| 40 \| 25,000 \| 650 \| 180 \| 920,000 \| 30,000 \| 50,000 \| 3\.5 → 4\.25 \| 2026-11-26, 2 cores, Node v24\.21\.0 \| no: RSS 650 ≥ 600 \|/);
    expect(page).toContain('| Scale | PostgreSQL | Customers | Orders | Scored | Run | Changed | Total s | orders | scores | Measured | Target |');
    expect(page).toContain('| L | embedded | 1,000,000 | 10,000,000 | 700,000 | rebuild | all customers | 90.0 | 30.0 | 60.0 | 2026-11-26 | no: 90 s > 60 (×1.5) |');
    expect(page).toContain(
      '| L | embedded | 1,000,000 | 10,000,000 | 700,000 | nightly | 9,300 orders, 700 cancelled, 1,000 reassigned → 10,950 customers re-derived, 20,000 shifted between spend windows | 45.0 | 20.0 | 25.0 | 2026-11-26 | yes |',
    );
  });

  it('is regenerated from the result files, keeping the hand-written notes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-report-'));
    try {
      const doc = path.join(dir, 'benchmarks.md');
      writeBenchResult(dir, result('S', [endpoint('list', 'read', 20, 500, 1000)]));
      writeBenchmarksDoc(dir, doc);
      const withNotes = fs.readFileSync(doc, 'utf8').replace('-->\n\n<!-- end of notes -->', '-->\nOur analysis.\n<!-- end of notes -->');
      fs.writeFileSync(doc, withNotes);
      writeBenchResult(dir, result('M', [endpoint('list', 'read', 30, 400, 1000)]));
      writeBenchmarksDoc(dir, doc);
      const page = fs.readFileSync(doc, 'utf8');
      expect(page).toContain('### Scale M');
      expect(page).toContain('### Scale S');
      expect(page.indexOf('### Scale M')).toBeLessThan(page.indexOf('### Scale S'));
      expect(page).toContain('Our analysis.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
