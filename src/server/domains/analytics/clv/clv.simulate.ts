import type { BgNbdParams } from './bg-nbd.model.ts';
import type { GammaGammaParams } from './gamma-gamma.model.ts';

// Simulators for tests and timing: data drawn from known parameters is the only
// way to show a fit recovers them. Seeded, so every run sees the same customers.

/** mulberry32: a tiny 32-bit PRNG, good enough for simulation; values in (0, 1), never 0. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

function sampleNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 via the U^(1/shape) boost. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let v: number;
    let z: number;
    do {
      z = sampleNormal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(random: () => number, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  return x / (x + sampleGamma(random, b, 1));
}

export type SimulatedCustomers = {
  /** Week of each customer's first purchase, counted from the start of the study. */
  firstPurchase: Float64Array;
  /** Repeat purchase times in weeks after the first purchase, up to calibration + holdout. */
  purchases: number[][];
  /** Calibration summaries at week `calibrationWeeks` of the study. */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Repeat purchases in the holdout weeks that follow calibration. */
  holdout: Float64Array;
};

/**
 * Customers from the BG/NBD story: first purchases spread uniformly over the
 * acquisition weeks, λ ~ Gamma(r, α), p ~ Beta(a, b), exponential gaps between
 * purchases, and a p-coin after each repeat purchase decides whether they leave.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  options: { customers: number; seed: number; acquisitionWeeks: number; calibrationWeeks: number; holdoutWeeks?: number },
): SimulatedCustomers {
  const { customers, seed, acquisitionWeeks, calibrationWeeks, holdoutWeeks = 0 } = options;
  const random = mulberry32(seed);
  const result: SimulatedCustomers = {
    firstPurchase: new Float64Array(customers),
    purchases: [],
    x: new Float64Array(customers),
    tx: new Float64Array(customers),
    T: new Float64Array(customers),
    holdout: new Float64Array(customers),
  };
  for (let i = 0; i < customers; i++) {
    const first = random() * acquisitionWeeks;
    const lambda = sampleGamma(random, params.r, params.alpha);
    const p = sampleBeta(random, params.a, params.b);
    const T = calibrationWeeks - first;
    const end = T + holdoutWeeks;
    const times: number[] = [];
    for (let t = -Math.log(random()) / lambda; t <= end; t += -Math.log(random()) / lambda) {
      times.push(t);
      if (random() < p) break;
    }
    const calibration = times.filter((t) => t <= T);
    result.firstPurchase[i] = first;
    result.purchases.push(times);
    result.x[i] = calibration.length;
    result.tx[i] = calibration.at(-1) ?? 0;
    result.T[i] = T;
    result.holdout[i] = times.length - calibration.length;
  }
  return result;
}

/** For each customer with x > 0 repeat purchases: ν ~ Gamma(q, γ), each spend ~ Gamma(p, ν); returns their mean. */
export function simulateMeanSpends(params: GammaGammaParams, x: ArrayLike<number>, seed: number): Float64Array {
  const random = mulberry32(seed);
  const means = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const nu = sampleGamma(random, params.q, params.gamma);
    let sum = 0;
    for (let k = 0; k < x[i]!; k++) sum += sampleGamma(random, params.p, nu);
    means[i] = x[i]! > 0 ? sum / x[i]! : 0;
  }
  return means;
}

export type SimulatedTransaction = { customerId: string; date: string; amount: number };

/**
 * A transaction log (YYYY-MM-DD, amounts in yuan with 2 decimals) from simulated
 * customers: purchases fall on the day they happen, so two on one day merge when summarised.
 */
export function toTransactionLog(
  simulated: SimulatedCustomers,
  options: { studyStart: string; spend: GammaGammaParams; seed: number },
): SimulatedTransaction[] {
  const random = mulberry32(options.seed);
  const startDay = Date.parse(`${options.studyStart}T00:00:00Z`) / 86_400_000;
  const log: SimulatedTransaction[] = [];
  const dateOf = (weeks: number) => new Date((startDay + Math.floor(weeks * 7)) * 86_400_000).toISOString().slice(0, 10);
  simulated.purchases.forEach((times, i) => {
    const customerId = `C${String(i + 1).padStart(6, '0')}`;
    const nu = sampleGamma(random, options.spend.q, options.spend.gamma);
    const first = simulated.firstPurchase[i]!;
    for (const t of [0, ...times]) {
      const amount = Math.max(0.01, Math.round(sampleGamma(random, options.spend.p, nu) * 100) / 100);
      log.push({ customerId, date: dateOf(first + t), amount });
    }
  });
  return log;
}
