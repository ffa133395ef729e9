export type NelderMeadOptions = {
  /** Edge of the starting simplex along each axis; 0.5 suits log-parameters. */
  initialStep?: number;
  /** Iterations over all runs together before giving up (converged: false). */
  maxIterations?: number;
  /** Converged when the simplex's values differ by at most this (absolute: scale f to about 1). */
  fTolerance?: number;
  /** …and its vertices lie within this distance (∞-norm) of the best one. */
  xTolerance?: number;
  /** Fresh simplices around the best point, until one no longer improves it by more than fTolerance. */
  maxRestarts?: number;
};

export type NelderMeadResult = {
  x: number[];
  fx: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
};

/**
 * Minimises f by the Nelder–Mead simplex method (Lagarias et al. 1998 rules),
 * restarting around the best point because a simplex can collapse on a slope
 * and stop short of the minimum. NaN counts as +∞, so f may refuse a region.
 * f receives a scratch array it must not keep. The loop allocates nothing.
 *
 * @example minimizeNelderMead((v) => (v[0]! - 3) ** 2, [0]).x // [3.000000…]
 */
export function minimizeNelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const { initialStep = 0.5, maxIterations = 20_000, fTolerance = 1e-10, xTolerance = 1e-8, maxRestarts = 10 } = options;
  const n = start.length;
  const simplex = new Float64Array((n + 1) * n); // vertex i at [i·n, i·n + n)
  const values = new Float64Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const best = Float64Array.from(start);
  let evaluations = 0;
  const evaluate = (point: Float64Array) => {
    evaluations++;
    const value = f(point);
    return Number.isNaN(value) ? Infinity : value;
  };
  let bestValue = evaluate(best);
  let iterations = 0;
  let restarts = 0;
  let converged = false;

  for (let run = 0; run <= maxRestarts; run++) {
    const runStartValue = bestValue;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j < n; j++) simplex[i * n + j] = best[j]! + (i === j + 1 ? initialStep : 0);
    }
    values[0] = bestValue;
    for (let i = 1; i <= n; i++) values[i] = evaluate(simplex.subarray(i * n, i * n + n));

    let runConverged = false;
    while (iterations < maxIterations) {
      sortSimplex(simplex, values, n, trial);
      if (hasConverged(simplex, values, n, fTolerance, xTolerance)) {
        runConverged = true;
        break;
      }
      iterations++;
      const worst = n * n;
      centroid.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i * n + j]! / n;
      for (let j = 0; j < n; j++) reflected[j] = 2 * centroid[j]! - simplex[worst + j]!;
      const fr = evaluate(reflected);
      if (fr < values[0]!) {
        for (let j = 0; j < n; j++) trial[j] = 3 * centroid[j]! - 2 * simplex[worst + j]!; // expansion, χ = 2
        const fe = evaluate(trial);
        if (fe < fr) replaceWorst(simplex, values, n, trial, fe);
        else replaceWorst(simplex, values, n, reflected, fr);
      } else if (fr < values[n - 1]!) {
        replaceWorst(simplex, values, n, reflected, fr);
      } else {
        const outside = fr < values[n]!;
        for (let j = 0; j < n; j++) {
          trial[j] = outside ? centroid[j]! + 0.5 * (reflected[j]! - centroid[j]!) : centroid[j]! + 0.5 * (simplex[worst + j]! - centroid[j]!);
        }
        const fc = evaluate(trial);
        if (outside ? fc <= fr : fc < values[n]!) {
          replaceWorst(simplex, values, n, trial, fc);
        } else {
          for (let i = 1; i <= n; i++) {
            for (let j = 0; j < n; j++) simplex[i * n + j] = simplex[j]! + 0.5 * (simplex[i * n + j]! - simplex[j]!);
            values[i] = evaluate(simplex.subarray(i * n, i * n + n));
          }
        }
      }
    }
    sortSimplex(simplex, values, n, trial);
    if (values[0]! <= bestValue) {
      bestValue = values[0]!;
      best.set(simplex.subarray(0, n));
    }
    if (!runConverged) break; // out of iterations
    if (run > 0 && runStartValue - bestValue <= fTolerance) {
      converged = true;
      break;
    }
    if (run === maxRestarts) break;
    restarts++;
  }
  return { x: Array.from(best), fx: bestValue, converged, iterations, evaluations, restarts };
}

function replaceWorst(simplex: Float64Array, values: Float64Array, n: number, point: Float64Array, value: number) {
  simplex.set(point, n * n);
  values[n] = value;
}

// Insertion sort by value: n is 3 or 4 here, and after one step only the new vertex is out of place.
function sortSimplex(simplex: Float64Array, values: Float64Array, n: number, scratch: Float64Array) {
  for (let i = 1; i <= n; i++) {
    const value = values[i]!;
    if (!(value < values[i - 1]!)) continue;
    scratch.set(simplex.subarray(i * n, i * n + n));
    let k = i;
    while (k > 0 && value < values[k - 1]!) {
      values[k] = values[k - 1]!;
      simplex.copyWithin(k * n, (k - 1) * n, k * n);
      k--;
    }
    values[k] = value;
    simplex.set(scratch, k * n);
  }
}

function hasConverged(simplex: Float64Array, values: Float64Array, n: number, fTolerance: number, xTolerance: number) {
  if (!Number.isFinite(values[0]!)) return false;
  for (let i = 1; i <= n; i++) {
    if (!(values[i]! - values[0]! <= fTolerance)) return false;
    for (let j = 0; j < n; j++) if (Math.abs(simplex[i * n + j]! - simplex[j]!) > xTolerance) return false;
  }
  return true;
}
