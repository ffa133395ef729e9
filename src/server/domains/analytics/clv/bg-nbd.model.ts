import { ClvError } from './clv.errors.ts';
import { minimizeNelderMead, type NelderMeadOptions } from './nelder-mead.ts';
import { hyp2f1ExcessOverB, logGamma } from './special-functions.ts';

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 * while alive a customer buys at rate λ ~ Gamma(r, α); after each repeat
 * purchase they drop out with probability p ~ Beta(a, b). Time is in weeks.
 */
export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/**
 * Per-customer repeat-purchase history, measured from the first purchase:
 * x repeat purchases (distinct days after the first), the last at tx, age T.
 */
export type RfmColumns = { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number> };

/**
 * Identical (x, tx, T) rows merged, sorted by x; weight counts the customers.
 * times holds the distinct tx and T values and txIndex/TIndex point into it:
 * transaction logs are in whole days, so a few thousand values serve a million customers
 * and log(α + t) is computed once per value, not per customer.
 */
export type RfmGroups = {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  times: Float64Array;
  txIndex: Uint32Array;
  TIndex: Uint32Array;
  customers: number;
  repeatBuyers: number;
};

export type BgNbdFit = BgNbdParams & {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  customers: number;
  repeatBuyers: number;
  groups: number;
  warnings: string[];
};

export type BgNbdFitOptions = NelderMeadOptions & { start?: BgNbdParams; minCustomers?: number; minRepeatBuyers?: number };

// log-parameters beyond ±LOG_BOUND (e^25 ≈ 7e10) are refused: the likelihood is
// flat out there and the optimiser would wander; a fit near it is flagged.
const LOG_BOUND = 25;
const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Validates the columns and merges identical rows. Real logs are in days, so
 * many customers share (x, tx, T) — all one-time buyers of the same day do —
 * and the likelihood then costs one term per group, not per customer.
 */
export function groupRfm(data: RfmColumns): RfmGroups {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n) throw new ClvError('invalid_data', 'x, tx and T must have the same length');
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) {
    const xi = data.x[i]!;
    const txi = data.tx[i]!;
    const Ti = data.T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new ClvError('invalid_data', `row ${i}: x = ${xi} is not a count of repeat purchases`);
    if (!(Number.isFinite(Ti) && Ti >= 0)) throw new ClvError('invalid_data', `row ${i}: T = ${Ti} is not a non-negative age`);
    if (xi > 0 && !(txi > 0 && txi <= Ti)) throw new ClvError('invalid_data', `row ${i}: with x = ${xi}, tx = ${txi} must be in (0, T = ${Ti}]`);
    x[i] = xi;
    tx[i] = xi > 0 ? txi : 0; // tx means nothing without a repeat purchase; 0 lets such rows merge
    T[i] = Ti;
    if (xi > 0) repeatBuyers++;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => x[i]! - x[j]! || T[i]! - T[j]! || tx[i]! - tx[j]!);
  const groups = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), weight: new Float64Array(n) };
  let size = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const last = size - 1;
    if (size > 0 && groups.x[last] === x[i] && groups.T[last] === T[i] && groups.tx[last] === tx[i]) {
      groups.weight[last]! += 1;
    } else {
      groups.x[size] = x[i]!;
      groups.tx[size] = tx[i]!;
      groups.T[size] = T[i]!;
      groups.weight[size] = 1;
      size++;
    }
  }
  const merged = { x: groups.x.slice(0, size), tx: groups.tx.slice(0, size), T: groups.T.slice(0, size), weight: groups.weight.slice(0, size) };
  const times = distinctSorted(merged.tx, merged.T);
  return { ...merged, times, txIndex: indicesIn(times, merged.tx), TIndex: indicesIn(times, merged.T), customers: n, repeatBuyers };
}

function distinctSorted(a: Float64Array, b: Float64Array): Float64Array {
  const all = new Float64Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  all.sort();
  let size = 0;
  for (let i = 0; i < all.length; i++) if (size === 0 || all[i] !== all[size - 1]) all[size++] = all[i]!;
  return all.slice(0, size);
}

function indicesIn(sorted: Float64Array, values: Float64Array): Uint32Array {
  const indices = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let low = 0;
    let high = sorted.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < values[i]!) low = middle + 1;
      else high = middle;
    }
    indices[i] = low;
  }
  return indices;
}

/**
 * The BG/NBD log-likelihood of the paper, summed over customers and taken in logs:
 * L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
 *   + [x > 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+tx)^(r+x)).
 * Allocation-free given a scratch array: the x-only terms are recomputed when x changes along
 * the sorted groups, log(α + t) once per distinct time.
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RfmGroups, scratch = new Float64Array(data.times.length)): number {
  const { r, alpha, a, b } = params;
  const { x, weight, times, txIndex, TIndex } = data;
  for (let k = 0; k < times.length; k++) scratch[k] = Math.log(alpha + times[k]!); // log(α + t) per distinct t
  const shared = logGamma(a + b) - logGamma(b) - logGamma(r) + r * Math.log(alpha);
  const logA = Math.log(a);
  let total = 0;
  let currentX = -1;
  let xTerm = 0; // log[Γ(r+x)/Γ(r) αʳ · B(a, b+x)/B(a, b)]
  let deadTerm = 0; // log[a/(b+x−1)], the weight of "dropped out after the last purchase"
  for (let g = 0; g < x.length; g++) {
    const xg = x[g]!;
    if (xg !== currentX) {
      currentX = xg;
      xTerm = shared + logGamma(r + xg) + logGamma(b + xg) - logGamma(a + b + xg);
      deadTerm = xg > 0 ? logA - Math.log(b + xg - 1) : 0;
    }
    const logAlphaT = scratch[TIndex[g]!]!;
    let term = xTerm - (r + xg) * logAlphaT;
    if (xg > 0) {
      // log(alive + dead) = log(alive) + log1p(dead/alive)
      term += Math.log1p(Math.exp(deadTerm + (r + xg) * (logAlphaT - scratch[txIndex[g]!]!)));
    }
    total += weight[g]! * term;
  }
  return total;
}

/**
 * Fits r, α, a, b by maximum likelihood: Nelder–Mead on log-parameters (so they
 * stay positive) over the mean log-likelihood per customer, with restarts.
 * Throws ClvError('insufficient_data') below 10 customers or 2 repeat buyers —
 * the dropout process (a, b) is only seen through repeat buyers.
 */
export function fitBgNbd(data: RfmColumns | RfmGroups, options: BgNbdFitOptions = {}): BgNbdFit {
  const { minCustomers = 10, minRepeatBuyers = 2, start, ...optimiser } = options;
  const groups = 'weight' in data ? data : groupRfm(data);
  if (groups.customers < minCustomers) {
    throw new ClvError('insufficient_data', `BG/NBD needs at least ${minCustomers} customers, got ${groups.customers}`);
  }
  if (groups.repeatBuyers < minRepeatBuyers) {
    throw new ClvError('insufficient_data', `BG/NBD needs at least ${minRepeatBuyers} customers with repeat purchases, got ${groups.repeatBuyers}`);
  }
  const initial = start ?? startingPoint(groups);
  const params: BgNbdParams = { r: 0, alpha: 0, a: 0, b: 0 };
  const scratch = new Float64Array(groups.times.length);
  const objective = (logParams: Float64Array) => {
    for (let k = 0; k < 4; k++) if (Math.abs(logParams[k]!) > LOG_BOUND) return Infinity;
    params.r = Math.exp(logParams[0]!);
    params.alpha = Math.exp(logParams[1]!);
    params.a = Math.exp(logParams[2]!);
    params.b = Math.exp(logParams[3]!);
    return -bgNbdLogLikelihood(params, groups, scratch) / groups.customers;
  };
  const startAt = Float64Array.from(NAMES.map((name) => Math.log(initial[name])));
  if (!Number.isFinite(objective(startAt))) {
    throw new ClvError('non_finite_likelihood', `The BG/NBD likelihood is not finite at the starting point ${JSON.stringify(initial)}; check the data for extreme values`);
  }
  const result = minimizeNelderMead(objective, startAt, optimiser);
  if (!Number.isFinite(result.fx)) {
    throw new ClvError('non_finite_likelihood', 'The BG/NBD likelihood is not finite anywhere the optimiser looked; check the data for extreme values');
  }
  const [r, alpha, a, b] = result.x.map(Math.exp) as [number, number, number, number];
  const warnings: string[] = [];
  result.x.forEach((value, k) => {
    if (Math.abs(value) > LOG_BOUND - 5) warnings.push(`${NAMES[k]} = ${Math.exp(value)} is extreme: the data barely identify it`);
  });
  if (!result.converged) warnings.push(`Nelder–Mead stopped after ${result.iterations} iterations without converging`);
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -result.fx * groups.customers,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
    restarts: result.restarts,
    customers: groups.customers,
    repeatBuyers: groups.repeatBuyers,
    groups: groups.x.length,
    warnings,
  };
}

// r = 1 and α matched to the observed purchase rate put the start within a few
// simplex steps of typical fits whatever the data's time scale; a = 1, b = 3
// starts from a 25 % dropout chance after each purchase.
function startingPoint(groups: RfmGroups): BgNbdParams {
  let purchases = 0;
  let age = 0;
  for (let g = 0; g < groups.x.length; g++) {
    purchases += groups.weight[g]! * groups.x[g]!;
    age += groups.weight[g]! * groups.T[g]!;
  }
  const alpha = age > 0 && purchases > 0 ? age / purchases : 1;
  return { r: 1, alpha, a: 1, b: 3 };
}

export function assertBgNbdParams(params: BgNbdParams) {
  for (const name of NAMES) {
    const value = params[name];
    if (!(Number.isFinite(value) && value > 0)) throw new ClvError('invalid_parameters', `BG/NBD ${name} = ${value} must be a positive number`);
  }
}

function assertHistory(x: number, tx: number, T: number) {
  if (!(Number.isInteger(x) && x >= 0 && Number.isFinite(T) && T >= 0 && (x === 0 || (tx > 0 && tx <= T)))) {
    throw new ClvError('invalid_data', `not a purchase history: x = ${x}, tx = ${tx}, T = ${T}`);
  }
}

/**
 * P(alive | x, tx, T) = 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+tx))^(r+x))
 * (Fader, Hardie & Lee, "Computing P(alive) using the BG/NBD model").
 * A customer without repeat purchases is alive for sure: in the BG/NBD one can
 * only drop out right after a repeat purchase.
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  assertHistory(x, tx, T);
  if (x === 0) return 1;
  return 1 / (1 + Math.exp(logOddsDead(params, x, tx, T)));
}

function logOddsDead({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/**
 * E[Y(t) | x, tx, T]: purchases expected in the next t weeks from a customer
 * with this history (eq. 10 of the paper):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+tx))^(r+x)),
 * z = t/(α+T+t). Computed after Euler's transformation ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z),
 * which turns the bracket into 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z): no x in the exponents,
 * so heavy buyers cannot overflow, and the series converges fast. The bracket and (a−1)
 * both vanish at a = 1; dividing them analytically keeps the value exact there.
 */
export function conditionalExpectedPurchases(params: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  assertBgNbdParams(params);
  assertHistory(x, tx, T);
  if (!(Number.isFinite(t) && t >= 0)) throw new ClvError('invalid_data', `horizon t = ${t} must be a non-negative number of weeks`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const log1mz = -Math.log1p(t / (alpha + T)); // log(1 − z)
  const u = (a - 1) * log1mz;
  const expm1OverU = u === 0 ? 1 : Math.expm1(u) / u;
  const c = a + b + x - 1;
  const excess = hyp2f1ExcessOverB(a + b - 1 - r, a - 1, c, z); // (₂F₁ − 1)/(a − 1)
  // [1 − e^u ₂F₁]/(a−1) = −log(1−z)·expm1(u)/u − e^u·excess
  const expected = c * (-log1mz * expm1OverU - Math.exp(u) * excess);
  return x > 0 ? expected / (1 + Math.exp(logOddsDead(params, x, tx, T))) : expected;
}

/**
 * E[X(t)] for a customer just acquired (the paper's unconditional expectation):
 * (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))] — the conditional
 * expectation with x = tx = T = 0.
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, 0, 0, 0, t);
}
