// Tanh-sinh and exp-sinh quadrature for the tests: expectations computed by
// brute-force integration over λ and p, independent of the closed forms (Γ, ₂F₁)
// the models use. Both handle the integrable endpoint singularities of Gamma
// densities with r < 1 and Beta densities with a < 1.

const STEP = 1 / 64;

/** ∫₀¹ f(x) dx; f also gets 1 − x, computed without cancellation near 1. */
export function integrateUnit(f: (x: number, oneMinusX: number) => number): number {
  let sum = 0;
  for (let t = -5; t <= 5 + 1e-12; t += STEP) {
    const u = (Math.PI / 2) * Math.sinh(t);
    const x = 1 / (1 + Math.exp(-2 * u));
    const oneMinusX = 1 / (1 + Math.exp(2 * u));
    if (x === 0 || oneMinusX === 0) continue;
    sum += f(x, oneMinusX) * Math.PI * Math.cosh(t) * x * oneMinusX;
  }
  return sum * STEP;
}

/** ∫₀^∞ f(x) dx for f decaying at least exponentially. */
export function integratePositive(f: (x: number) => number): number {
  let sum = 0;
  // From e^−317 (no mass of λ^(r−1), r ≥ 0.1, is lost below it) to e^43.
  for (let t = -6; t <= 4 + 1e-12; t += STEP) {
    const x = Math.exp((Math.PI / 2) * Math.sinh(t));
    const value = f(x);
    if (value !== 0) sum += value * x * (Math.PI / 2) * Math.cosh(t);
  }
  return sum * STEP;
}

/**
 * E[e^logG(λ)] for λ ~ Gamma(shape, rate), normalised by the same quadrature.
 * g is given by its log so that λ^x e^(−λT) neither overflows nor gives ∞ · 0.
 */
export function gammaExpectation(shape: number, rate: number, logG: (lambda: number) => number): number {
  const logDensity = (lambda: number) => (shape - 1) * Math.log(lambda) - rate * lambda;
  return integratePositive((lambda) => Math.exp(logDensity(lambda) + logG(lambda))) / integratePositive((lambda) => Math.exp(logDensity(lambda)));
}

/** E[g(p, 1−p)] for p ~ Beta(a, b), normalised by the same quadrature. */
export function betaExpectation(a: number, b: number, g: (p: number, q: number) => number): number {
  const density = (p: number, q: number) => p ** (a - 1) * q ** (b - 1);
  return integrateUnit((p, q) => density(p, q) * g(p, q)) / integrateUnit(density);
}
