import { describe, expect, it } from 'vitest';
import { ClvError } from './clv.errors.ts';
import { simulateBgNbd, simulateMeanSpends } from './clv.simulate.ts';
import { conditionalExpectedSpend, fitGammaGamma, type GammaGammaParams, gammaGammaLogLikelihood } from './gamma-gamma.model.ts';
import { integratePositive } from './quadrature.testing.ts';

// The CDNOW spend estimates from Fader, Hardie & Lee's "RFM and CLV" paper.
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

// By quadrature over ν, independent of the closed forms: z̄ | ν ~ Gamma(px, νx), ν ~ Gamma(q, γ).
function logGammaDensity(value: number, shape: number, rate: number) {
  // log of the density without its Γ(shape) normaliser, which cancels in every ratio below
  return shape * Math.log(rate) + (shape - 1) * Math.log(value) - rate * value;
}

function posteriorMeanByQuadrature({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number) {
  const mode = (p * x + q - 1) / (gamma + x * meanSpend);
  const peak = logGammaDensity(meanSpend, p * x, mode * x) + logGammaDensity(mode, q, gamma);
  const logJoint = (nu: number) => logGammaDensity(meanSpend, p * x, nu * x) + logGammaDensity(nu, q, gamma) - peak;
  // E[Z | ν] = p/ν
  return integratePositive((nu) => Math.exp(logJoint(nu) + Math.log(p / nu))) / integratePositive((nu) => Math.exp(logJoint(nu)));
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

function relativeError(actual: number, expected: number) {
  return Math.abs(actual / expected - 1);
}

describe('Gamma-Gamma closed forms', () => {
  it('the likelihood ratio between two customers matches quadrature over ν', () => {
    // Quadrature here drops Γ(px) and Γ(q) normalisers: compare the likelihood ratio of two
    // customers with the same x, in which they cancel.
    const { p, q, gamma } = CDNOW;
    for (const x of [1, 3, 12]) {
      const marginal = (z: number) => integratePositive((nu) => Math.exp(logGammaDensity(z, p * x, nu * x) + logGammaDensity(nu, q, gamma)));
      const closed = gammaGammaLogLikelihood(CDNOW, { x: [x], meanSpend: [20] }) - gammaGammaLogLikelihood(CDNOW, { x: [x], meanSpend: [55] });
      expect(closed).toBeCloseTo(Math.log(marginal(20) / marginal(55)), 9);
    }
  });

  it('the likelihood integrates to 1 over the mean spend', () => {
    for (const x of [1, 4]) {
      const total = integratePositive((z) => Math.exp(gammaGammaLogLikelihood(CDNOW, { x: [x], meanSpend: [z] })));
      expect(total).toBeCloseTo(1, 9);
    }
  });

  it('the expected spend is the posterior mean, and shrinks the customer’s own mean toward the population mean', () => {
    const population = (CDNOW.p * CDNOW.gamma) / (CDNOW.q - 1);
    expect(population).toBeCloseTo(35.22, 2);
    expect(conditionalExpectedSpend(CDNOW, 0, 0)).toBeCloseTo(population, 12);
    for (const [x, meanSpend] of [[1, 10], [1, 120], [4, 20], [30, 60]] as const) {
      const value = conditionalExpectedSpend(CDNOW, x, meanSpend);
      expect(relativeError(value, posteriorMeanByQuadrature(CDNOW, x, meanSpend))).toBeLessThan(1e-9);
      // between the two means, closer to the customer's own the more purchases they made
      expect(value).toBeGreaterThan(Math.min(meanSpend, population));
      expect(value).toBeLessThan(Math.max(meanSpend, population));
    }
    const weightOnOwn = (x: number) => (conditionalExpectedSpend(CDNOW, x, 100) - population) / (100 - population);
    expect(weightOnOwn(1)).toBeCloseTo((CDNOW.p * 1) / (CDNOW.p * 1 + CDNOW.q - 1), 12);
    expect(weightOnOwn(10)).toBeGreaterThan(weightOnOwn(2));
  });

  it('refuses what the model cannot answer', () => {
    expect(errorCode(() => conditionalExpectedSpend({ ...CDNOW, q: 0.8 }, 0, 0))).toBe('invalid_parameters'); // no population mean
    expect(errorCode(() => conditionalExpectedSpend(CDNOW, 2, -5))).toBe('invalid_data');
    expect(errorCode(() => conditionalExpectedSpend({ ...CDNOW, gamma: 0 }, 2, 5))).toBe('invalid_parameters');
  });
});

describe('fitGammaGamma on simulated spends', () => {
  it('recovers p, q, γ from ~10,000 repeat buyers (p, γ within 25 %; q within 10 %; mean spend within 5 %)', () => {
    // Tolerances about three standard deviations at this size, measured over 30 seeds
    // (largest errors seen: p 18 %, γ 18 %, q 4 %, population mean 2 %); p and γ trade off.
    const customers = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 20_000, seed: 1, acquisitionWeeks: 12, calibrationWeeks: 78 });
    const meanSpend = simulateMeanSpends(CDNOW, customers.x, 101);
    const fit = fitGammaGamma({ x: customers.x, meanSpend });
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.customers).toBeGreaterThan(9000); // repeat buyers only
    expect(relativeError(fit.p, CDNOW.p)).toBeLessThan(0.25);
    expect(relativeError(fit.q, CDNOW.q)).toBeLessThan(0.1);
    expect(relativeError(fit.gamma, CDNOW.gamma)).toBeLessThan(0.25);
    expect(relativeError(fit.populationMeanSpend, (CDNOW.p * CDNOW.gamma) / (CDNOW.q - 1))).toBeLessThan(0.05);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(CDNOW, { x: customers.x, meanSpend }));
  });

  it('does not care about the currency unit: spends in fen give γ × 100 and the same p, q', () => {
    const customers = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 5000, seed: 2, acquisitionWeeks: 12, calibrationWeeks: 52 });
    const meanSpend = simulateMeanSpends(CDNOW, customers.x, 102);
    const yuan = fitGammaGamma({ x: customers.x, meanSpend });
    const fen = fitGammaGamma({ x: customers.x, meanSpend: meanSpend.map((value) => value * 100) });
    expect(relativeError(fen.p, yuan.p)).toBeLessThan(1e-3);
    expect(relativeError(fen.q, yuan.q)).toBeLessThan(1e-3);
    expect(relativeError(fen.gamma, yuan.gamma * 100)).toBeLessThan(1e-3);
  });

  it('needs 10 repeat buyers and positive spends', () => {
    expect(errorCode(() => fitGammaGamma({ x: [1, 2, 0, 3, 0, 1, 1, 2, 4], meanSpend: [5, 6, 0, 7, 0, 8, 9, 10, 11] }))).toBe('insufficient_data');
    expect(errorCode(() => fitGammaGamma({ x: Array(12).fill(1), meanSpend: [...Array(11).fill(10), -3] }))).toBe('invalid_data');
  });
});
