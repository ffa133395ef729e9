import { ClvError } from './clv.errors.ts';

// Lanczos approximation with g = 607/128 and 15 terms (Godfrey's coefficients,
// as in Numerical Recipes 3rd ed., §6.1): about 1e-15 relative error for x > 0.
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
  0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3,
  0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];
const HALF_LOG_TWO_PI = 0.91893853320467274178;

/**
 * log Γ(x) for x > 0, accurate to about 1e-14 (absolute near the roots at 1 and 2,
 * relative elsewhere). The likelihoods need only positive arguments.
 *
 * @example logGamma(0.5) // 0.5723649429247001 = log √π
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === 1 || x === 2) return 0;
  // Near 1 and 2 log Γ is close to 0; the recurrence Γ(x) = Γ(x+1)/x keeps the
  // subtraction away from the root where Lanczos' absolute error would show.
  if (x < 0.5) return logGammaLanczos(x + 1) - Math.log(x);
  return logGammaLanczos(x);
}

function logGammaLanczos(x: number): number {
  // Γ(x) = √(2π) (x + g − ½)^(x − ½) e^−(x + g − ½) A_g(x − 1), with A_g a partial-fraction sum.
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (x + k - 1);
  const t = x + LANCZOS_G - 0.5;
  return HALF_LOG_TWO_PI + (x - 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** log(e^u + e^v) without overflow; either may be −∞. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

export type SeriesOptions = { maxTerms?: number; tolerance?: number };

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for |z| < 1.
 * Stops when a bound on the remaining tail falls below `tolerance` × |sum|;
 * throws ClvError('no_convergence') rather than return a truncated sum.
 *
 * @example hyp2f1(1, 1, 2, 0.5) // 1.3862943611198906 = −log(1 − z)/z
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: SeriesOptions = {}): number {
  if (b === 0 || a === 0 || z === 0) return 1;
  return 1 + b * hyp2f1ExcessOverB(a, b, c, z, options);
}

/**
 * (₂F₁(a, b; c; z) − 1) / b, finite and accurate as b → 0, where the plain
 * difference would cancel. The BG/NBD expectation needs it at b = a − 1 with a ≈ 1.
 */
export function hyp2f1ExcessOverB(a: number, b: number, c: number, z: number, options: SeriesOptions = {}): number {
  const { maxTerms = 1_000_000, tolerance = 1e-16 } = options;
  if (!(Math.abs(z) < 1)) throw new ClvError('invalid_parameters', `hyp2f1: the series needs |z| < 1, got z = ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new ClvError('invalid_parameters', `hyp2f1: c = ${c} is a non-positive integer`);
  if (![a, b, c, z].every(Number.isFinite)) throw new ClvError('invalid_parameters', 'hyp2f1: non-finite argument');
  // Term n ≥ 1 of the series divided by b: (a)_n (b+1)_{n−1} / ((c)_n n!) zⁿ.
  // The ratio of successive terms is z·f(n) with f(n) = (a+n)(b+n)/((c+n)(n+1)),
  // f(n) − 1 = (k·n + m)/((c+n)(n+1)). Once every factor is positive, either
  // f ≤ 1 from here on (bound later ratios by |z|) or f is decreasing from here
  // on (bound them by the current ratio); then the tail is at most geometric.
  const k = a + b - c - 1;
  const m = a * b - c;
  const positiveFrom = Math.max(-a, -b, -c, 0);
  let term = (a / c) * z;
  let sum = term;
  for (let n = 1; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum; // a or b a non-positive integer: a polynomial
    if (n <= positiveFrom) continue;
    let q = 1;
    if (k <= 0 && k * n + m <= 0) q = Math.abs(z);
    else if (k >= 0 && k * n >= -m && -k * n * n - 2 * m * n + k * c - m * (c + 1) <= 0) q = Math.abs(ratio);
    if (q < 1 && (Math.abs(term) * q) / (1 - q) <= tolerance * Math.abs(sum)) return sum;
  }
  throw new ClvError('no_convergence', `hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}
