import {
  type CreditScorecardSettings,
  type CustomerCredit,
  SAMPLE_POINTS,
  type SelectionMatrix,
  type SelectionMatrixQuery,
  type SelectionMatrixSettings,
} from '../../../shared/credit-selection.ts';
import type { OrganizationProfile } from '../../../shared/customer-profile.ts';
import type { DbOrTx } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { daysBefore, todayIn } from '../../lib/dates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import type { Actor } from '../auth/actor.ts';
import * as analytics from '../analytics/analytics.repository.ts';
import { presentProfile } from '../customer-profiles/profile.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { creditReasons, scoreCredit, suggestLimit } from './credit.scorecard.ts';
import * as repo from './credit-selection.repository.ts';

/**
 * A customer's 5C credit score, grade and suggested limit, computed on read (five
 * numbers and one indexed sum over the customer's orders of the last 365 days), so an
 * edit of the 5C shows at once. 404 unless the actor may see the customer.
 */
export async function getCustomerCredit(db: DbOrTx, actor: Actor, customerId: string): Promise<CustomerCredit> {
  const customer = await findCustomer(db, actor, customerId);
  if (!customer || customer.deleted_at) throw notFound('Customer');
  const settings = await analytics.ensureSettings(db, actor.workspaceId, uuidv7());
  const scorecard = settings.credit_scorecard as CreditScorecardSettings;
  const currency = settings.currency.trim();
  if (customer.kind !== 'organization') {
    return { customerId, applicable: false, currency, score: null, grade: null, completeness: 0, inputsGiven: 0, inputsRequired: scorecard.minInputs, criteria: [], limit: null, reasons: [] };
  }
  const profile = presentProfile('organization', customer.profile as Record<string, unknown>) as OrganizationProfile;
  const card = scoreCredit(profile.credit, scorecard);
  let limit: CustomerCredit['limit'] = null;
  let purchases: { trailingYear: number; orders: number } | null = null;
  let suggestion = null;
  if (card.grade) {
    const timeZone = await analytics.workspaceTimeZone(db, actor.workspaceId);
    // the trailing year: today in the workspace's time zone and the 364 days before it
    const to = todayIn(timeZone);
    const from = daysBefore(to, 364);
    const bought = await repo.purchasesBetween(db, { workspaceId: actor.workspaceId, customerId, currency, timeZone, from, to });
    purchases = { trailingYear: Math.round(bought.amount), orders: bought.orders };
    suggestion = suggestLimit(card.grade, purchases.trailingYear, scorecard);
    limit = { ...suggestion, trailingYear: purchases.trailingYear, orders: purchases.orders, cap: scorecard.limitCap, from, to };
  }
  return {
    customerId,
    applicable: true,
    currency,
    score: card.score,
    grade: card.grade,
    completeness: card.completeness,
    inputsGiven: card.inputsGiven,
    inputsRequired: scorecard.minInputs,
    criteria: card.criteria,
    limit,
    reasons: creditReasons(card, scorecard, purchases, suggestion),
  };
}

/** The refresh step: places every scored customer on the matrix (set-wise, one statement). */
export async function placeCustomers(tx: DbOrTx, workspaceId: string, refreshId: string, settings: { selection_matrix: unknown; credit_scorecard: unknown }) {
  const matrix = settings.selection_matrix as SelectionMatrixSettings;
  const metric = await repo.valueMetricFor(tx, workspaceId, matrix.valueMetric);
  await repo.replaceSelection(tx, { workspaceId, refreshId, metric, matrix, scorecard: settings.credit_scorecard as CreditScorecardSettings });
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Quadrant counts, a bounded sample of points and one quadrant's customers, over the
 * placements of the last refresh, within the actor's scope. Never more than
 * SAMPLE_POINTS points and one page of customers, however many there are.
 */
export async function getSelectionMatrix(db: DbOrTx, actor: Actor, query: SelectionMatrixQuery): Promise<SelectionMatrix> {
  const settings = await analytics.ensureSettings(db, actor.workspaceId, uuidv7());
  const matrix = settings.selection_matrix as SelectionMatrixSettings;
  const thresholds = { valueMin: matrix.valueMin, fitMin: matrix.fitMin };
  const filter = { teamId: query.teamId, ownerId: query.ownerId };
  const [counts, lastSucceeded, metric] = await Promise.all([
    repo.quadrantCounts(db, actor, filter, thresholds),
    analytics.latestRefresh(db, actor.workspaceId, 'succeeded'),
    repo.currentValueMetric(db, actor.workspaceId),
  ]);
  const placed = counts.A + counts.B + counts.C + counts.D;
  const every = Math.max(1, Math.ceil(placed / SAMPLE_POINTS));
  const cursor = query.cursor ? { value: Number(query.cursor.slice(0, query.cursor.lastIndexOf('_'))), id: query.cursor.slice(query.cursor.lastIndexOf('_') + 1) } : null;
  const [points, page] = await Promise.all([
    repo.samplePoints(db, actor, filter, thresholds, every, SAMPLE_POINTS),
    repo.quadrantPage(db, actor, filter, thresholds, query.quadrant, query.limit, cursor),
  ]);
  const more = page.length > query.limit;
  const rows = more ? page.slice(0, query.limit) : page;
  const last = rows.at(-1);
  return {
    asOf: lastSucceeded?.as_of ?? null,
    currency: settings.currency.trim(),
    valueMetric: metric,
    valueMin: matrix.valueMin,
    fitMin: matrix.fitMin,
    counts,
    points: points.map((p) => ({ customerId: p.customer_id, name: p.name, value: round1(p.value_pct), fit: round1(p.fit!), quadrant: p.quadrant })),
    sampled: points.length < placed,
    list: {
      quadrant: query.quadrant,
      items: rows.map((row) => ({
        customerId: row.customer_id,
        name: row.name,
        ownerName: row.owner_name,
        value: round1(row.value_pct),
        fit: round1(row.fit!),
        quadrant: query.quadrant,
        valueAmount: Math.round(row.value_amount),
        creditScore: row.credit_score,
        factors: row.factor_scores as Record<string, number | null>,
      })),
      nextCursor: more && last ? `${last.value_pct}_${last.customer_id}` : null,
    },
  };
}
