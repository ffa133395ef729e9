import { ClvError } from './clv.errors.ts';
import { minimizeNelderMead, type NelderMeadOptions } from './nelder-mead.ts';
import { logGamma } from './special-functions.ts';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader &
 * Hardie, "The Gamma-Gamma model of monetary value"): each purchase's value
 * is Gamma(p, ν), and ν varies across customers as Gamma(q, γ). It assumes
 * spend is independent of purchase frequency.
 */
export type GammaGammaParams = { p: number; q: number; gamma: number };

/** Repeat buyers' purchase counts and mean repeat-purchase values; rows with x = 0 are skipped. */
export type SpendColumns = { x: ArrayLike<number>; meanSpend: ArrayLike<number> };

export type GammaGammaFit = GammaGammaParams & {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  customers: number;
  /** pγ/(q−1), the mean spend per purchase across customers; NaN when q ≤ 1. */
  populationMeanSpend: number;
  warnings: string[];
};

export type GammaGammaFitOptions = NelderMeadOptions & { start?: GammaGammaParams; minRepeatBuyers?: number };

type SortedSpend = { x: Float64Array; logX: Float64Array; meanSpend: Float64Array; logSpend: Float64Array };

const LOG_BOUND = 25;
const NAMES = ['p', 'q', 'gamma'] as const;

function prepare(data: SpendColumns): SortedSpend {
  const n = data.x.length;
  if (data.meanSpend.length !== n) throw new ClvError('invalid_data', 'x and meanSpend must have the same length');
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = data.x[i]!;
    if (!(Number.isInteger(x) && x >= 0)) throw new ClvError('invalid_data', `row ${i}: x = ${x} is not a count of repeat purchases`);
    if (x === 0) continue;
    const spend = data.meanSpend[i]!;
    if (!(Number.isFinite(spend) && spend > 0)) {
      throw new ClvError('invalid_data', `row ${i}: mean spend ${spend} must be positive (the Gamma-Gamma model has no refunds)`);
    }
    rows.push(i);
  }
  rows.sort((i, j) => data.x[i]! - data.x[j]!); // groups equal x so its Γ terms are computed once
  const sorted: SortedSpend = {
    x: new Float64Array(rows.length),
    logX: new Float64Array(rows.length),
    meanSpend: new Float64Array(rows.length),
    logSpend: new Float64Array(rows.length),
  };
  rows.forEach((i, k) => {
    sorted.x[k] = data.x[i]!;
    sorted.logX[k] = Math.log(data.x[i]!);
    sorted.meanSpend[k] = data.meanSpend[i]!;
    sorted.logSpend[k] = Math.log(data.meanSpend[i]!);
  });
  return sorted;
}

function logLikelihoodSorted({ p, q, gamma }: GammaGammaParams, data: SortedSpend): number {
  // The mean z̄ of x Gamma(p, ν) spends is Gamma(px, νx); integrating ν ~ Gamma(q, γ) out gives
  // log L = log Γ(px+q) − log Γ(px) − log Γ(q) + q log γ + px log x + (px−1) log z̄ − (px+q) log(γ + x z̄).
  const { x, logX, meanSpend, logSpend } = data;
  const shared = q * Math.log(gamma) - logGamma(q);
  let total = 0;
  let currentX = -1;
  let xTerm = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi !== currentX) {
      currentX = xi;
      xTerm = shared + logGamma(p * xi + q) - logGamma(p * xi) + p * xi * logX[i]!;
    }
    total += xTerm + (p * xi - 1) * logSpend[i]! - (p * xi + q) * Math.log(gamma + xi * meanSpend[i]!);
  }
  return total;
}

/** The Gamma-Gamma log-likelihood summed over repeat buyers. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendColumns): number {
  return logLikelihoodSorted(params, prepare(data));
}

/**
 * Fits p, q, γ by maximum likelihood on repeat buyers (x ≥ 1): Nelder–Mead on
 * log-parameters with restarts. Throws ClvError('insufficient_data') below 10 repeat buyers.
 */
export function fitGammaGamma(data: SpendColumns, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const { minRepeatBuyers = 10, start, ...optimiser } = options;
  const sorted = prepare(data);
  const customers = sorted.x.length;
  if (customers < minRepeatBuyers) {
    throw new ClvError('insufficient_data', `Gamma-Gamma needs at least ${minRepeatBuyers} repeat buyers with spend, got ${customers}`);
  }
  // p = 1, q = 2 makes the population mean γ: start γ at the observed mean.
  let meanSpend = 0;
  for (let i = 0; i < customers; i++) meanSpend += sorted.meanSpend[i]! / customers;
  const initial = start ?? { p: 1, q: 2, gamma: meanSpend };
  const params: GammaGammaParams = { p: 0, q: 0, gamma: 0 };
  const objective = (logParams: Float64Array) => {
    for (let k = 0; k < 3; k++) if (Math.abs(logParams[k]!) > LOG_BOUND) return Infinity;
    params.p = Math.exp(logParams[0]!);
    params.q = Math.exp(logParams[1]!);
    params.gamma = Math.exp(logParams[2]!);
    return -logLikelihoodSorted(params, sorted) / customers;
  };
  const startAt = Float64Array.from(NAMES.map((name) => Math.log(initial[name])));
  if (!Number.isFinite(objective(startAt))) {
    throw new ClvError('non_finite_likelihood', `The Gamma-Gamma likelihood is not finite at the starting point ${JSON.stringify(initial)}; check the data for extreme values`);
  }
  const result = minimizeNelderMead(objective, startAt, optimiser);
  if (!Number.isFinite(result.fx)) {
    throw new ClvError('non_finite_likelihood', 'The Gamma-Gamma likelihood is not finite anywhere the optimiser looked; check the spend values');
  }
  const [p, q, gamma] = result.x.map(Math.exp) as [number, number, number];
  const warnings: string[] = [];
  result.x.forEach((value, k) => {
    if (Math.abs(value) > LOG_BOUND - 5) warnings.push(`${NAMES[k]} = ${Math.exp(value)} is extreme: the data barely identify it`);
  });
  if (q <= 1) warnings.push(`q = ${q} ≤ 1: the population mean spend is infinite; expected spend of customers without repeat purchases is undefined`);
  if (!result.converged) warnings.push(`Nelder–Mead stopped after ${result.iterations} iterations without converging`);
  return {
    p,
    q,
    gamma,
    logLikelihood: -result.fx * customers,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
    restarts: result.restarts,
    customers,
    populationMeanSpend: q > 1 ? (p * gamma) / (q - 1) : NaN,
    warnings,
  };
}

export function assertGammaGammaParams(params: GammaGammaParams) {
  for (const name of NAMES) {
    const value = params[name];
    if (!(Number.isFinite(value) && value > 0)) throw new ClvError('invalid_parameters', `Gamma-Gamma ${name} = ${value} must be a positive number`);
  }
}

/**
 * E[Z | z̄, x]: the spend per purchase to expect from a customer whose x repeat
 * purchases averaged z̄. The posterior of ν is Gamma(q+px, γ+xz̄), so
 *   E = p(γ + x z̄)/(px + q − 1) = w · pγ/(q−1) + (1 − w) · z̄,  w = (q−1)/(px+q−1):
 * few purchases lean on the population mean, many on the customer's own.
 * With x = 0 it is the population mean pγ/(q−1), which needs q > 1.
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  assertGammaGammaParams(params);
  const { p, q, gamma } = params;
  if (!(Number.isInteger(x) && x >= 0)) throw new ClvError('invalid_data', `x = ${x} is not a count of repeat purchases`);
  if (x === 0) {
    if (q <= 1) throw new ClvError('invalid_parameters', `q = ${q} ≤ 1: the population mean spend is infinite`);
    return (p * gamma) / (q - 1);
  }
  if (!(Number.isFinite(meanSpend) && meanSpend > 0)) throw new ClvError('invalid_data', `mean spend ${meanSpend} must be positive`);
  if (p * x + q <= 1) throw new ClvError('invalid_parameters', `px + q = ${p * x + q} ≤ 1: the expected spend is infinite`);
  return (p * (gamma + x * meanSpend)) / (p * x + q - 1);
}
