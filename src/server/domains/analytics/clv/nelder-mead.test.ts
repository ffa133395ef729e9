import { describe, expect, it } from 'vitest';
import { minimizeNelderMead } from './nelder-mead.ts';

function rosenbrock(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < v.length; i++) sum += 100 * (v[i + 1]! - v[i]! ** 2) ** 2 + (1 - v[i]!) ** 2;
  return sum;
}

describe('minimizeNelderMead', () => {
  it('finds the Rosenbrock minimum (1, 1) from the classic start (−1.2, 1)', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.fx).toBeLessThan(1e-16);
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('finds the 4-dimensional Rosenbrock minimum, as many dimensions as BG/NBD has', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1, -1.2, 1], { fTolerance: 1e-14, xTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    for (const value of result.x) expect(value).toBeCloseTo(1, 7);
  });

  it('treats NaN as +∞, so the objective can fence off a region', () => {
    // minimum of (x−2)² + (y+1)² restricted to x ≤ 1.5: at (1.5, −1)
    const fenced = (v: Float64Array) => (v[0]! > 1.5 ? NaN : (v[0]! - 2) ** 2 + (v[1]! + 1) ** 2);
    const result = minimizeNelderMead(fenced, [0, 0], { fTolerance: 1e-14, xTolerance: 1e-9 });
    expect(result.x[0]).toBeCloseTo(1.5, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
  });

  it('reports converged: false when it runs out of iterations', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 20 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(20);
    expect(result.fx).toBeLessThan(rosenbrock(Float64Array.of(-1.2, 1))); // still an improvement
  });
});
