import { describe, expect, it } from 'vitest';
import {
  type BgNbdParams,
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  groupRfm,
  probabilityAlive,
} from './bg-nbd.model.ts';
import { ClvError } from './clv.errors.ts';
import { simulateBgNbd } from './clv.simulate.ts';
import { betaExpectation, gammaExpectation } from './quadrature.testing.ts';
import { hyp2f1 } from './special-functions.ts';

// The CDNOW estimates, as published in the paper.
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

// Brute force from the model's story, by quadrature over λ ~ Gamma(r, α) and p ~ Beta(a, b):
// no Γ, B or ₂F₁ from the code under test. Alive with (λ, p) after x purchases: (1−p)^x λ^x e^{−λT};
// dropped out after the last: p(1−p)^(x−1) λ^x e^{−λ tx}.
function likelihoodByQuadrature({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number) {
  const alive = gammaExpectation(r, alpha, (l) => x * Math.log(l) - l * T) * betaExpectation(a, b, (_p, q) => q ** x);
  const dead = x > 0 ? gammaExpectation(r, alpha, (l) => x * Math.log(l) - l * tx) * betaExpectation(a, b, (p, q) => p * q ** (x - 1)) : 0;
  return { alive, dead, total: alive + dead };
}

// E[Y(t) | x, tx, T] = P(alive) · E[(1 − e^{−λpt})/p | alive], where given alive λ ~ Gamma(r+x, α+T)
// and p ~ Beta(a, b+x) independently, and E_λ[e^{−λpt}] = ((α+T)/(α+T+pt))^(r+x).
function conditionalExpectationByQuadrature(params: BgNbdParams, x: number, tx: number, T: number, t: number) {
  const { r, alpha, a, b } = params;
  const { alive, total } = likelihoodByQuadrature(params, x, tx, T);
  const future = betaExpectation(a, b + x, (p) => -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T))) / p);
  return (alive / total) * future;
}

// Equation 10 as printed, with the plain ₂F₁ series: the code computes it after Euler's transformation.
function equation10(params: BgNbdParams, x: number, tx: number, T: number, t: number) {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return ((a + b + x - 1) / (a - 1)) * (bracket / denominator);
}

function relativeError(actual: number, expected: number) {
  return Math.abs(actual / expected - 1);
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ClvError);
    return (error as ClvError).code;
  }
  return 'no error';
}

const HISTORIES: Array<[number, number, number]> = [
  [0, 0, 38.86],
  [0, 0, 0],
  [1, 2.5, 39],
  [2, 30.43, 38.86],
  [5, 10, 52],
  [7, 35, 36],
  [25, 70, 78],
];

const PARAMETER_SETS: BgNbdParams[] = [
  CDNOW, // a < 1
  { r: 1.8, alpha: 9, a: 2.5, b: 6 }, // a > 1
  { r: 0.5, alpha: 3, a: 1, b: 2 }, // a = 1, where the textbook formula divides 0 by 0
  { r: 0.3, alpha: 2, a: 0.4, b: 0.45 }, // a + b < 1: the x = 0 series has c < 0
];

describe('groupRfm', () => {
  it('merges identical (x, tx, T) rows into weighted groups sorted by x, ignoring tx when x = 0', () => {
    const groups = groupRfm({ x: [1, 0, 1, 0, 2, 1], tx: [3, 0, 3, 9, 5, 4], T: [10, 10, 10, 10, 8, 10] });
    expect(Array.from(groups.x)).toEqual([0, 1, 1, 2]);
    expect(Array.from(groups.tx)).toEqual([0, 3, 4, 5]);
    expect(Array.from(groups.weight)).toEqual([2, 2, 1, 1]);
    expect(groups.customers).toBe(6);
    expect(groups.repeatBuyers).toBe(4);
  });

  it('refuses rows no purchase history can produce', () => {
    expect(errorCode(() => groupRfm({ x: [1], tx: [5], T: [4] }))).toBe('invalid_data'); // tx > T
    expect(errorCode(() => groupRfm({ x: [1.5], tx: [1], T: [4] }))).toBe('invalid_data');
    expect(errorCode(() => groupRfm({ x: [2], tx: [0], T: [4] }))).toBe('invalid_data'); // repeat purchase at the first one
    expect(errorCode(() => groupRfm({ x: [0], tx: [0], T: [-1] }))).toBe('invalid_data');
    expect(errorCode(() => groupRfm({ x: [0, 1], tx: [0], T: [1, 2] }))).toBe('invalid_data');
  });

  it('leaves the log-likelihood unchanged', () => {
    const sim = simulateBgNbd(CDNOW, { customers: 500, seed: 3, acquisitionWeeks: 12, calibrationWeeks: 39 });
    // Round to days so that rows repeat, as in real logs.
    const daily = { x: sim.x, tx: sim.tx.map((t, i) => (sim.x[i]! > 0 ? Math.max(1, Math.round(t * 7)) / 7 : 0)), T: sim.T.map((t) => Math.round(t * 7) / 7) };
    const grouped = groupRfm(daily);
    expect(grouped.x.length).toBeLessThan(500);
    let rowByRow = 0;
    for (let i = 0; i < 500; i++) rowByRow += bgNbdLogLikelihood(CDNOW, groupRfm({ x: [daily.x[i]!], tx: [daily.tx[i]!], T: [daily.T[i]!] }));
    expect(bgNbdLogLikelihood(CDNOW, grouped)).toBeCloseTo(rowByRow, 8);
  });
});

describe('BG/NBD closed forms against brute-force integration', () => {
  it('the likelihood matches quadrature over λ and p to 1e-9', () => {
    for (const params of PARAMETER_SETS) {
      for (const [x, tx, T] of HISTORIES) {
        const logLikelihood = bgNbdLogLikelihood(params, groupRfm({ x: [x], tx: [tx], T: [T] }));
        expect(relativeError(Math.exp(logLikelihood), likelihoodByQuadrature(params, x, tx, T).total), `${JSON.stringify(params)} ${[x, tx, T]}`).toBeLessThan(1e-9);
      }
    }
  });

  it('P(alive) matches the posterior probability of the "alive" branch', () => {
    for (const params of PARAMETER_SETS) {
      for (const [x, tx, T] of HISTORIES) {
        const { alive, total } = likelihoodByQuadrature(params, x, tx, T);
        expect(probabilityAlive(params, x, tx, T)).toBeCloseTo(alive / total, 9);
      }
    }
  });

  it('P(alive) is 1 without repeat purchases and follows the closed form otherwise', () => {
    expect(probabilityAlive(CDNOW, 0, 0, 38.86)).toBe(1);
    // x = 2, tx = 30.43, T = 38.86 by hand: 1 / (1 + 0.793/3.426 · (43.274/34.844)^2.243)
    const { r, alpha, a, b } = CDNOW;
    const byHand = 1 / (1 + (a / (b + 2 - 1)) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2));
    expect(probabilityAlive(CDNOW, 2, 30.43, 38.86)).toBeCloseTo(byHand, 14);
    // A customer who bought at the end of calibration is as alive as a customer can be with x purchases
    expect(probabilityAlive(CDNOW, 3, 39, 39)).toBeCloseTo(1 / (1 + a / (b + 2)), 14);
  });

  it('the conditional expectation (eq. 10) matches quadrature and the printed formula', () => {
    for (const params of PARAMETER_SETS) {
      for (const [x, tx, T] of HISTORIES) {
        for (const t of [1, 13, 39, 104]) {
          const value = conditionalExpectedPurchases(params, x, tx, T, t);
          const label = `${JSON.stringify(params)} x=${x} tx=${tx} T=${T} t=${t}`;
          expect(relativeError(value, conditionalExpectationByQuadrature(params, x, tx, T, t)), label).toBeLessThan(1e-8);
          if (params.a !== 1) expect(relativeError(value, equation10(params, x, tx, T, t)), label).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('reproduces the paper: 1.226 purchases in 39 weeks for x = 2, tx = 30.43, T = 38.86 under the CDNOW fit', () => {
    expect(conditionalExpectedPurchases(CDNOW, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
  });

  it('stays accurate for a heavy buyer over a long horizon, where eq. 10 as printed overflows', () => {
    // 700 purchase days in 104 weeks, 10 years ahead: ((α+T)/(α+T+t))^(r+x) underflows and ₂F₁ overflows
    const value = conditionalExpectedPurchases(CDNOW, 700, 103.9, 104, 520);
    expect(relativeError(value, conditionalExpectationByQuadrature(CDNOW, 700, 103.9, 104, 520))).toBeLessThan(1e-8);
    expect(Number.isFinite(equation10(CDNOW, 700, 103.9, 104, 520))).toBe(false);
  });

  it('E[X(t)] for a new customer matches quadrature, grows with t, and tends to E[1/p] = (a+b−1)/(a−1)', () => {
    for (const params of PARAMETER_SETS) {
      let previous = 0;
      for (const t of [0.5, 5, 39, 78, 520]) {
        const value = expectedPurchasesNewCustomer(params, t);
        const { r, alpha, a, b } = params;
        const byQuadrature = betaExpectation(a, b, (p) => -Math.expm1(-r * Math.log1p((p * t) / alpha)) / p);
        expect(relativeError(value, byQuadrature)).toBeLessThan(1e-8);
        expect(value).toBeGreaterThan(previous);
        previous = value;
      }
    }
    const { a, b } = PARAMETER_SETS[1]!;
    expect(relativeError(expectedPurchasesNewCustomer(PARAMETER_SETS[1]!, 1e5), (a + b - 1) / (a - 1))).toBeLessThan(1e-4);
    expect(expectedPurchasesNewCustomer(CDNOW, 0)).toBe(0);
  });

  it('refuses impossible parameters and histories with coded errors', () => {
    expect(errorCode(() => conditionalExpectedPurchases({ ...CDNOW, r: -1 }, 0, 0, 10, 5))).toBe('invalid_parameters');
    expect(errorCode(() => conditionalExpectedPurchases(CDNOW, 1, 12, 10, 5))).toBe('invalid_data');
    expect(errorCode(() => conditionalExpectedPurchases(CDNOW, 1, 2, 10, -5))).toBe('invalid_data');
    expect(errorCode(() => probabilityAlive(CDNOW, -1, 0, 10))).toBe('invalid_data');
  });
});

describe('fitBgNbd on simulated customers', () => {
  const truth: BgNbdParams = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };

  it('recovers the CDNOW parameters from 5,000 customers over 78 weeks (r, α within 15 %; a, b within 30 %)', () => {
    // Tolerances are about three standard deviations of each estimate at this sample size,
    // measured over 30 seeds (largest errors seen: r 7 %, α 13 %, a 20 %, b 25 %).
    const sim = simulateBgNbd(truth, { customers: 5000, seed: 1, acquisitionWeeks: 12, calibrationWeeks: 78 });
    const fit = fitBgNbd(sim);
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.customers).toBe(5000);
    expect(relativeError(fit.r, truth.r)).toBeLessThan(0.15);
    expect(relativeError(fit.alpha, truth.alpha)).toBeLessThan(0.15);
    expect(relativeError(fit.a, truth.a)).toBeLessThan(0.3);
    expect(relativeError(fit.b, truth.b)).toBeLessThan(0.3);
    // the mean dropout probability a/(a+b) is better identified than a and b apart
    expect(relativeError(fit.a / (fit.a + fit.b), truth.a / (truth.a + truth.b))).toBeLessThan(0.15);
    // a maximum: at least as likely as the truth, and reported consistently
    const groups = groupRfm(sim);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, groups));
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit, groups), 6);
  });

  it('reaches the same maximum from far-apart starting points', () => {
    const sim = simulateBgNbd(truth, { customers: 3000, seed: 2, acquisitionWeeks: 12, calibrationWeeks: 52 });
    const fits = [fitBgNbd(sim), fitBgNbd(sim, { start: { r: 1, alpha: 1, a: 1, b: 1 } }), fitBgNbd(sim, { start: { r: 5, alpha: 50, a: 0.1, b: 20 } })];
    for (const fit of fits.slice(1)) {
      expect(fit.converged).toBe(true);
      expect(fit.logLikelihood).toBeCloseTo(fits[0]!.logLikelihood, 5);
      for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(relativeError(fit[name], fits[0]![name])).toBeLessThan(1e-3);
    }
  });

  it('predicts a 39-week holdout: total within 10 %, each calibration-frequency group 0…7+ within 4 standard errors', () => {
    const sim = simulateBgNbd(truth, { customers: 5000, seed: 1, acquisitionWeeks: 12, calibrationWeeks: 39, holdoutWeeks: 39 });
    const fit = fitBgNbd(sim);
    const groups = Array.from({ length: 8 }, () => ({ customers: 0, predicted: 0, actual: 0, actualSquares: 0 }));
    for (let i = 0; i < sim.x.length; i++) {
      const group = groups[Math.min(7, sim.x[i]!)]!;
      group.customers++;
      group.predicted += conditionalExpectedPurchases(fit, sim.x[i]!, sim.tx[i]!, sim.T[i]!, 39);
      group.actual += sim.holdout[i]!;
      group.actualSquares += sim.holdout[i]! ** 2;
    }
    const predicted = groups.reduce((sum, group) => sum + group.predicted, 0);
    const actual = groups.reduce((sum, group) => sum + group.actual, 0);
    expect(relativeError(predicted, actual)).toBeLessThan(0.1);
    groups.forEach((group, x) => {
      const mean = group.actual / group.customers;
      const standardError = Math.sqrt((group.actualSquares / group.customers - mean * mean) / group.customers);
      expect(Math.abs(group.predicted / group.customers - mean), `x = ${x}${x === 7 ? '+' : ''}`).toBeLessThan(4 * standardError);
    });
  });

  it('with the true parameters, P(alive) and expected holdout purchases agree with what the simulation did', () => {
    const sim = simulateBgNbd(truth, { customers: 5000, seed: 4, acquisitionWeeks: 12, calibrationWeeks: 39, holdoutWeeks: 39 });
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < sim.x.length; i++) {
      predicted += conditionalExpectedPurchases(truth, sim.x[i]!, sim.tx[i]!, sim.T[i]!, 39);
      actual += sim.holdout[i]!;
    }
    expect(relativeError(predicted, actual)).toBeLessThan(0.1);
  });

  it('refuses data that cannot identify the model', () => {
    const few = { x: [1, 0, 2, 0, 0, 1, 0, 0, 3], tx: [1, 0, 2, 0, 0, 3, 0, 0, 4], T: [5, 5, 5, 5, 5, 5, 5, 5, 5] };
    expect(errorCode(() => fitBgNbd(few))).toBe('insufficient_data');
    const oneRepeatBuyer = { x: [1, ...Array(20).fill(0)], tx: [1, ...Array(20).fill(0)], T: Array(21).fill(5) };
    expect(errorCode(() => fitBgNbd(oneRepeatBuyer))).toBe('insufficient_data');
    // a corrupt count: 1e300 repeat purchases within two weeks overflows the likelihood
    const corrupt = { x: [1e300, 1, ...Array(10).fill(0)], tx: [1, 1, ...Array(10).fill(0)], T: Array(12).fill(2) };
    expect(errorCode(() => fitBgNbd(corrupt))).toBe('non_finite_likelihood');
  });
});
