import { RfmThresholdsSchema } from '../../../shared/analytics.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type BgNbdParams, conditionalExpectedPurchases, fitBgNbd } from './clv/bg-nbd.model.ts';
import { ClvError } from './clv/clv.errors.ts';
import { customerLifetimeValue } from './clv/clv.value.ts';
import { fitGammaGamma, type GammaGammaParams } from './clv/gamma-gamma.model.ts';
import { placeCustomers } from '../credit-selection/credit-selection.service.ts';
import * as analytics from './analytics.repository.ts';
import * as refresh from './refresh.repository.ts';
import { mineAssociationRules } from './recommendations.repository.ts';

export type SettingsRow = Awaited<ReturnType<typeof analytics.ensureSettings>>;

export interface RefreshSummary {
  customers: number;
  fit: 'fitted' | 'insufficient_data' | 'failed';
  warningsOpened: number;
  /** false when asOf is before the latest snapshot: only that day's history was (re)written */
  current: boolean;
  /**
   * how the customers' purchase figures were brought up to date; when incrementally, how many customers were
   * re-derived from their orders and how many only had spend shifted between the windows
   */
  purchaseStats: { mode: refresh.StageMode; changed: { rederived: number; shifted: number } | null };
  /** product association rules mined (null when not current); customers' offers are worked out from them when asked */
  recommendations: { baskets: number; sampleEvery: number; rules: number } | null;
}

/**
 * The CLV factors for one (x, T): CLV = spend · P(alive) · discounted, expected purchases
 * = P(alive) · horizon, because E[Y(t) | x, tx, T] = P(alive | x, tx, T) · E*[Y(t) | x, T]
 * in the BG/NBD. Computed with the library itself at tx = T (where P(alive) is
 * 1 / (1 + [x > 0] a/(b+x−1))), so the stored values are the library's predictions.
 */
export function clvFactors(params: BgNbdParams, x: number, T: number, horizonWeeks: number, discountMonthly: number) {
  const alive = x > 0 ? 1 / (1 + params.a / (params.b + x - 1)) : 1;
  const tx = x > 0 ? T : 0;
  return {
    horizonPurchases: conditionalExpectedPurchases(params, x, tx, T, horizonWeeks) / alive,
    discountedPurchases: customerLifetimeValue(params, { x, tx, T }, 1, { horizonWeeks, discountMonthly }) / alive,
  };
}

type FitOutcome =
  | { status: 'fitted'; bgnbd: BgNbdParams; gammaGamma: GammaGammaParams | null; record: { bgnbd: Record<string, unknown>; gammaGamma: Record<string, unknown> | null }; reason: string | null; repeatBuyers: number }
  | { status: 'insufficient_data' | 'failed'; reason: string; repeatBuyers: number };

/** Fits use every customer up to this many, and a hashed sample of about this many beyond. */
export const FIT_SAMPLE = 100_000;

async function fitModels(tx: DbOrTx, asOf: string, customers: number): Promise<FitOutcome> {
  const every = Math.max(1, Math.ceil(customers / FIT_SAMPLE));
  const histories = await refresh.purchaseHistories(tx, asOf, every);
  const total = histories.reduce((sum, row) => sum + row.n, 0);
  const x = new Float64Array(total);
  const txWeeks = new Float64Array(total);
  const T = new Float64Array(total);
  let k = 0;
  let repeatBuyers = 0;
  for (const row of histories) {
    for (let i = 0; i < row.n; i++, k++) {
      x[k] = row.x;
      txWeeks[k] = row.tx_days / 7;
      T[k] = row.age_days / 7;
    }
    if (row.x > 0) repeatBuyers += row.n;
  }
  let bgnbd;
  try {
    // Ten repeat buyers at least: with fewer, the dropout process (a, b) is barely identified
    // and the fit runs to extreme parameters whose predictions mean nothing.
    bgnbd = fitBgNbd({ x, tx: txWeeks, T }, { minRepeatBuyers: 10 });
  } catch (error) {
    if (error instanceof ClvError) return { status: error.code === 'insufficient_data' ? 'insufficient_data' : 'failed', reason: error.message, repeatBuyers };
    throw error;
  }
  const bgRecord = {
    r: bgnbd.r,
    alpha: bgnbd.alpha,
    a: bgnbd.a,
    b: bgnbd.b,
    logLikelihood: bgnbd.logLikelihood,
    converged: bgnbd.converged,
    iterations: bgnbd.iterations,
    warnings: bgnbd.warnings,
    // customers the fit saw (a hashed sample of 1 in sampleEvery when there are many)
    fittedOn: bgnbd.customers,
    sampleEvery: every,
  };
  const spends = await refresh.repeatSpends(tx, every);
  const spendRows = spends.filter((row) => row.repeat_total > 0).reduce((sum, row) => sum + row.n, 0);
  const sx = new Float64Array(spendRows);
  const mean = new Float64Array(spendRows);
  k = 0;
  for (const row of spends) {
    if (row.repeat_total <= 0) continue;
    for (let i = 0; i < row.n; i++, k++) {
      sx[k] = row.x;
      mean[k] = row.repeat_total / row.x;
    }
  }
  try {
    const gg = fitGammaGamma({ x: sx, meanSpend: mean });
    return {
      status: 'fitted',
      bgnbd,
      gammaGamma: gg,
      record: {
        bgnbd: bgRecord,
        gammaGamma: { p: gg.p, q: gg.q, gamma: gg.gamma, logLikelihood: gg.logLikelihood, converged: gg.converged, iterations: gg.iterations, customers: gg.customers, warnings: gg.warnings },
      },
      reason: null,
      repeatBuyers,
    };
  } catch (error) {
    if (!(error instanceof ClvError)) throw error;
    // P(alive) and expected purchases still stand; CLV needs the spend model.
    return { status: 'fitted', bgnbd, gammaGamma: null, record: { bgnbd: bgRecord, gammaGamma: null }, reason: `Gamma-Gamma: ${error.message}`, repeatBuyers };
  }
}

/**
 * Recomputes a workspace's scores as of the end of `asOf`, in one transaction:
 * stage the customers' purchase figures (re-deriving only those whose orders changed) → fit BG/NBD +
 * Gamma-Gamma → score → replace the current scores (and the dashboard's per-owner counts of them), that day's
 * snapshot and the monthly revenue → mine product association rules (customers' offers are worked out from
 * them when asked) → open warnings for customers whose churn risk crossed the threshold. Running it twice for
 * the same day gives the same rows (the snapshot of the day is replaced, warnings are not opened twice).
 * `progress` is reported on the pool, outside the transaction.
 */
export async function refreshWorkspace(
  db: Db,
  workspaceId: string,
  refreshId: string,
  asOf: string,
  progress: (step: string, percent: number) => Promise<void> = async () => {},
): Promise<RefreshSummary> {
  return db.transaction().execute(async (tx) => {
    await refresh.lockWorkspace(tx, workspaceId);
    await refresh.giveRefreshMemory(tx);
    const settings = await analytics.ensureSettings(tx, workspaceId, uuidv7());
    const timeZone = await analytics.workspaceTimeZone(tx, workspaceId);
    await progress('orders', 5);
    const { customers, repeatBuyers, mode, changed } = await refresh.stageCustomers(tx, { workspaceId, timeZone, asOf, currency: settings.currency });

    await progress('models', 35);
    let fit = await fitModels(tx, asOf, customers);
    await progress('factors', 45);
    const horizonWeeks = settings.clv_horizon_weeks;
    const discountMonthly = settings.clv_discount_monthly;
    const factors: refresh.ClvFactors = { x: [], ageDays: [], horizonPurchases: [], discountedPurchases: [] };
    if (fit.status === 'fitted') {
      try {
        for (const { x, age_days } of await refresh.distinctAges(tx, asOf)) {
          const f = clvFactors(fit.bgnbd, x, age_days / 7, horizonWeeks, discountMonthly);
          factors.x.push(x);
          factors.ageDays.push(age_days);
          factors.horizonPurchases.push(f.horizonPurchases);
          factors.discountedPurchases.push(f.discountedPurchases);
        }
      } catch (error) {
        if (!(error instanceof ClvError)) throw error;
        fit = { status: 'failed', reason: `The fitted BG/NBD cannot predict: ${error.message}`, repeatBuyers: fit.repeatBuyers };
        factors.x = [];
        factors.ageDays = [];
        factors.horizonPurchases = [];
        factors.discountedPurchases = [];
      }
    }
    await refresh.insertFit(tx, {
      workspaceId,
      refreshId,
      asOf,
      status: fit.status,
      reason: fit.reason,
      customers,
      repeatBuyers,
      bgnbd: fit.status === 'fitted' ? fit.record.bgnbd : null,
      gammaGamma: fit.status === 'fitted' ? fit.record.gammaGamma : null,
      horizonWeeks,
      discountMonthly,
    });
    await refresh.stageClvFactors(tx, factors);

    const scores = refresh.scoringQuery({
      asOf,
      refreshId,
      rfmMethod: settings.rfm_method,
      thresholds: RfmThresholdsSchema.parse(settings.rfm_thresholds),
      segmentHighMin: settings.segment_high_min,
      abcAShare: settings.abc_a_share,
      abcBShare: settings.abc_b_share,
      keyAccountShare: settings.key_account_share,
      bgnbd: fit.status === 'fitted' ? fit.bgnbd : null,
      gammaGamma: fit.status === 'fitted' ? fit.gammaGamma : null,
    });

    await progress('scores', 55);
    const latest = await refresh.latestSnapshot(tx, workspaceId);
    const current = latest === null || asOf >= latest;
    const previousAsOf = await refresh.previousSnapshot(tx, workspaceId, asOf);
    let recommendations: RefreshSummary['recommendations'] = null;
    if (current) {
      await refresh.replaceCurrentScores(tx, workspaceId, refreshId, asOf, scores);
      await refresh.replaceDashboardRollups(tx, workspaceId);
      await progress('revenue', 70);
      if (mode === 'incremental') await refresh.correctMonthlyFigures(tx, workspaceId);
      else await refresh.replaceMonthlyFigures(tx, workspaceId);
      // what a customer should be offered next is a current fact: a back-dated rescoring leaves it
      await progress('recommendations', 75);
      recommendations = await mineAssociationRules(tx, { workspaceId, refreshId, timeZone, asOf });
      await progress('selection', 80);
      await placeCustomers(tx, workspaceId, refreshId, settings);
    }
    await progress('snapshot', 85);
    await refresh.replaceHistory(tx, workspaceId, asOf, current ? 'current' : scores);

    let warningsOpened = 0;
    if (current) {
      await progress('warnings', 90);
      const customerIds = await refresh.warningCandidates(tx, {
        workspaceId,
        threshold: settings.churn_threshold,
        tiers: settings.churn_warn_tiers,
        previousAsOf,
      });
      const ids = () => customerIds.map(() => uuidv7());
      await refresh.openWarnings(tx, { workspaceId, refreshId, customerIds, warningIds: ids(), notificationIds: ids(), eventIds: ids() });
      warningsOpened = customerIds.length;
    }
    return { customers, fit: fit.status, warningsOpened, current, purchaseStats: { mode, changed }, recommendations };
  });
}

/**
 * Runs a queued refresh to its end, recording progress and the outcome. A refresh
 * that already succeeded is not run again (pg-boss may deliver a job twice).
 */
export async function runRefresh(db: Db, workspaceId: string, refreshId: string): Promise<void> {
  const row = await analytics.findRefresh(db, workspaceId, refreshId);
  if (!row || row.status === 'succeeded') return;
  await refresh.updateRefresh(db, workspaceId, refreshId, { status: 'running', started_at: new Date(), step: 'orders', progress: 0, error: null });
  try {
    const summary = await refreshWorkspace(db, workspaceId, refreshId, row.as_of, (step, value) =>
      refresh.updateRefresh(db, workspaceId, refreshId, { step, progress: value }),
    );
    await refresh.updateRefresh(db, workspaceId, refreshId, {
      status: 'succeeded',
      step: 'done',
      progress: 100,
      customers: summary.customers,
      finished_at: new Date(),
    });
  } catch (error) {
    await refresh.updateRefresh(db, workspaceId, refreshId, {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      finished_at: new Date(),
    });
    throw error;
  }
}
