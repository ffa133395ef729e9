import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import * as analytics from '../src/server/domains/analytics/analytics.repository.ts';
import { refreshWorkspace } from '../src/server/domains/analytics/refresh.service.ts';
import { todayIn } from '../src/server/lib/dates.ts';
import { uuidv7 } from '../src/server/lib/uuid.ts';
import { parseBenchWorkspaceName } from './scales.ts';

export interface AnalyticsBenchResult {
  kind: 'analytics';
  scale: string;
  target: string;
  finishedAt: string;
  data: { customers: number; orders: number; scoredCustomers: number };
  fit: { status: string; reason: string | null; repeatBuyers: number; bgnbd: unknown; gammaGamma: unknown };
  /** each refresh end to end (one transaction: stage, fit, score, history, warnings), seconds */
  runs: Array<{ seconds: number; steps: Record<string, number>; warningsOpened: number }>;
}

/**
 * Times the analytics score refresh (what the nightly job and POST /api/analytics/refresh run)
 * on a bench database, twice: the second run replaces the first one's rows for the same day.
 */
export async function runAnalyticsBench(options: { databaseUrl: string; target: string; runs?: number; log: (line: string) => void }): Promise<AnalyticsBenchResult> {
  const { log } = options;
  const applied = await migrate(options.databaseUrl);
  if (applied.length) log(`Applied migrations ${applied.join(', ')}.`);
  const db = createDb(options.databaseUrl, 4);
  try {
    const workspaces = await db.selectFrom('workspaces').select(['id', 'name']).execute();
    const bench = workspaces.find((w) => parseBenchWorkspaceName(w.name));
    if (!bench) throw new Error('No bench workspace here: run npm run bench:data first');
    const scale = parseBenchWorkspaceName(bench.name)!.scale;
    const count = async (table: 'customers' | 'orders') =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${bench.id}`.execute(db)).rows[0]!.n);
    const data = { customers: await count('customers'), orders: await count('orders'), scoredCustomers: 0 };
    log(`Scale ${scale}: ${data.customers.toLocaleString('en')} customers, ${data.orders.toLocaleString('en')} orders.`);
    const asOf = todayIn(await analytics.workspaceTimeZone(db, bench.id));
    const runs: AnalyticsBenchResult['runs'] = [];
    // twice (the second replaces the first's rows for the day), once at L where a run takes minutes
    for (let run = 1; run <= (options.runs ?? (scale === 'L' ? 1 : 2)); run++) {
      const refresh = await analytics.insertRefresh(db, { workspaceId: bench.id, id: uuidv7(), trigger: 'manual', requestedBy: null, asOf });
      const started = performance.now();
      const steps: Record<string, number> = {};
      let step = 'start';
      let stepStart = started;
      const summary = await refreshWorkspace(db, bench.id, refresh.id, asOf, async (next) => {
        const now = performance.now();
        steps[step] = Math.round(now - stepStart) / 1000;
        step = next;
        stepStart = now;
      });
      const end = performance.now();
      steps[step] = Math.round(end - stepStart) / 1000;
      delete steps.start;
      await db.updateTable('analytics_refreshes').set({ status: 'succeeded', progress: 100, step: 'done', customers: summary.customers, started_at: new Date(Date.now() - (end - started)), finished_at: new Date() }).where('id', '=', refresh.id).execute();
      const seconds = Math.round(end - started) / 1000;
      data.scoredCustomers = summary.customers;
      runs.push({ seconds, steps, warningsOpened: summary.warningsOpened });
      log(`Refresh ${run}: ${seconds} s (${Object.entries(steps).map(([name, s]) => `${name} ${s} s`).join(', ')}); ${summary.customers.toLocaleString('en')} customers scored, fit ${summary.fit}, ${summary.warningsOpened} warnings opened.`);
    }
    const fit = (await analytics.currentFit(db, bench.id))!;
    return {
      kind: 'analytics',
      scale,
      target: options.target,
      finishedAt: new Date().toISOString(),
      data,
      fit: { status: fit.status, reason: fit.reason, repeatBuyers: fit.repeat_buyers, bgnbd: fit.bgnbd, gammaGamma: fit.gamma_gamma },
      runs,
    };
  } finally {
    await db.destroy();
  }
}

export function writeAnalyticsResult(dir: string, result: AnalyticsBenchResult): string {
  const file = path.join(dir, `${result.scale}-${result.target}.analytics.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
