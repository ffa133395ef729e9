import { describe, expect, it } from 'vitest';
import { mulberry32, sampleBeta, sampleGamma } from './clv.simulate.ts';

// The simulators prove the fits; these tests prove the simulators.
function moments(draw: () => number, n: number) {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const value = draw();
    sum += value;
    squares += value * value;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('simulation helpers', () => {
  it('mulberry32 is deterministic, in (0, 1) and uniform', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 100_000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const { mean, variance } = moments(mulberry32(7), 100_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws Gamma(shape, rate) with mean shape/rate and variance shape/rate², for shape below and above 1', () => {
    for (const [shape, rate] of [[0.24, 4.41], [6.25, 0.5], [1, 1]] as const) {
      const random = mulberry32(1);
      const { mean, variance } = moments(() => sampleGamma(random, shape, rate), 200_000);
      expect(Math.abs(mean / (shape / rate) - 1), `mean, shape ${shape}`).toBeLessThan(0.02);
      expect(Math.abs(variance / (shape / rate ** 2) - 1), `variance, shape ${shape}`).toBeLessThan(0.05);
    }
  });

  it('draws Beta(a, b) with mean a/(a+b) and variance ab/((a+b)²(a+b+1))', () => {
    const [a, b] = [0.79, 2.43];
    const random = mulberry32(2);
    const { mean, variance } = moments(() => sampleBeta(random, a, b), 200_000);
    expect(mean).toBeCloseTo(a / (a + b), 2);
    expect(Math.abs(variance / ((a * b) / ((a + b) ** 2 * (a + b + 1))) - 1)).toBeLessThan(0.03);
  });
});
