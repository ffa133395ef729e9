import { type BgNbdParams, conditionalExpectedPurchases, probabilityAlive } from './bg-nbd.model.ts';
import { ClvError } from './clv.errors.ts';
import { assertGammaGammaParams, conditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.model.ts';

/** 52.14 weeks / 12: the month the CLV literature (and lifetimes) discounts by. */
export const WEEKS_PER_MONTH = 4.345;

export type ClvOptions = { horizonWeeks: number; discountMonthly: number; weeksPerMonth?: number };
export type CustomerHistory = { x: number; tx: number; T: number };

/**
 * Discounted expected value of a customer's purchases over the next horizonWeeks:
 *
 *   CLV = Σ_{m=1..M} [E(Y(t_m) | x, tx, T) − E(Y(t_{m−1}) | x, tx, T)] · spend / (1 + d)^m,
 *
 * t_m = min(m · 4.345, horizon) weeks, t_0 = 0, M = ⌈horizon / 4.345⌉ (a last part-month
 * is discounted as a whole month), E(Y | …) the BG/NBD conditional expectation and spend
 * the Gamma-Gamma expected spend per purchase. Purchases and spend are assumed independent,
 * as both models do. Revenue, not margin: multiply by your margin.
 *
 * @example customerLifetimeValue(bgnbd, { x: 2, tx: 30.43, T: 38.86 }, 35.2, { horizonWeeks: 52, discountMonthly: 0.01 })
 */
export function customerLifetimeValue(params: BgNbdParams, customer: CustomerHistory, expectedSpend: number, options: ClvOptions): number {
  return valueSchedule(params, customer, expectedSpend, options).clv;
}

function valueSchedule(params: BgNbdParams, customer: CustomerHistory, expectedSpend: number, options: ClvOptions) {
  const { horizonWeeks, discountMonthly, weeksPerMonth = WEEKS_PER_MONTH } = options;
  if (!(Number.isFinite(horizonWeeks) && horizonWeeks >= 0)) throw new ClvError('invalid_data', `horizon ${horizonWeeks} must be a non-negative number of weeks`);
  if (!(Number.isFinite(discountMonthly) && discountMonthly > -1)) throw new ClvError('invalid_data', `monthly discount rate ${discountMonthly} must be above −1`);
  if (!(weeksPerMonth > 0)) throw new ClvError('invalid_data', `weeks per month ${weeksPerMonth} must be positive`);
  const { x, tx, T } = customer;
  const months = Math.ceil(horizonWeeks / weeksPerMonth - 1e-9);
  let previous = 0;
  let clv = 0;
  for (let m = 1; m <= months; m++) {
    const cumulative = conditionalExpectedPurchases(params, x, tx, T, Math.min(m * weeksPerMonth, horizonWeeks));
    clv += ((cumulative - previous) * expectedSpend) / (1 + discountMonthly) ** m;
    previous = cumulative;
  }
  return { clv, expectedPurchases: previous };
}

export type CustomerPrediction = { pAlive: number; expectedPurchases: number; expectedSpend: number; clv: number };

/**
 * Everything an analyst ranks customers by, from both fitted models: P(alive),
 * purchases expected in the horizon, expected spend per purchase, and CLV.
 * Customers without repeat purchases — and those whose repeat purchases net to
 * zero or less, which the spend model cannot take — are valued at the
 * population mean spend pγ/(q−1); NaN when q ≤ 1 leaves that mean undefined.
 */
export function predictCustomer(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customer: CustomerHistory & { monetaryValue: number },
  options: ClvOptions,
): CustomerPrediction {
  assertGammaGammaParams(gammaGamma);
  const { x, tx, T, monetaryValue } = customer;
  const { p, q, gamma } = gammaGamma;
  const expectedSpend = x > 0 && monetaryValue > 0 ? conditionalExpectedSpend(gammaGamma, x, monetaryValue) : q > 1 ? (p * gamma) / (q - 1) : NaN;
  const { clv, expectedPurchases } = valueSchedule(bgnbd, customer, expectedSpend, options);
  return { pAlive: probabilityAlive(bgnbd, x, tx, T), expectedPurchases, expectedSpend, clv };
}
