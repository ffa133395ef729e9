import { describe, expect, it } from 'vitest';
import { ClvError } from './clv.errors.ts';
import { hyp2f1, hyp2f1ExcessOverB, logAddExp, logBeta, logGamma } from './special-functions.ts';

// Reference values from mpmath (30 digits): mp.loggamma, mp.hyp2f1.
const LOG_GAMMA: Array<[number, number]> = [
  [1e-10, 23.0258509298827352737],
  [1e-3, 6.907178885383853682512],
  [0.1, 2.25271265173420595987],
  [0.243, 1.318043584699669849467],
  [0.5, 0.5723649429247000870717],
  [0.793, 0.1588713302863652001241],
  [0.999, 0.0005780385328913797240363],
  [1.001, -0.0005763935982833695416297],
  [1.5, -0.1207822376352452223455],
  [1.999, -0.0004224618006921537761066],
  [2.001, 0.0004231067348001636251797],
  [2.426, 0.2340081168873161222686],
  [3.5, 1.200973602347074224816],
  [7.25, 7.052185450738539444926],
  [10, 12.80182748008146961121],
  [33.3, 82.60372358165495292832],
  [100, 359.134205369575398776],
  [1234.5, 7550.55090107789489573],
  [1e6, 12815504.56914761165998],
  [1e10, 220258509288.81058147],
];

describe('logGamma', () => {
  it('matches mpmath to 1e-13 (relative, or absolute where log Γ is below 1)', () => {
    for (const [x, expected] of LOG_GAMMA) {
      expect(Math.abs(logGamma(x) - expected) / Math.max(1, Math.abs(expected)), `logGamma(${x})`).toBeLessThan(1e-13);
    }
  });

  it('is exactly 0 at 1 and 2, and log (n−1)! at integers', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    let logFactorial = 0;
    for (let n = 2; n <= 170; n++) {
      logFactorial += Math.log(n - 1);
      expect(Math.abs(logGamma(n) - logFactorial) / Math.max(1, logFactorial), `n = ${n}`).toBeLessThan(1e-13);
    }
  });

  it('satisfies Γ(x+1) = xΓ(x) and the duplication formula across scales', () => {
    for (let x = 0.01; x < 60; x *= 1.37) {
      expect(logGamma(x + 1) - logGamma(x) - Math.log(x), `x = ${x}`).toBeCloseTo(0, 12);
      // Legendre: Γ(x)Γ(x+½) = 2^(1−2x) √π Γ(2x)
      const duplication = logGamma(x) + logGamma(x + 0.5) - ((1 - 2 * x) * Math.LN2 + 0.5 * Math.log(Math.PI) + logGamma(2 * x));
      expect(duplication / Math.max(1, Math.abs(logGamma(2 * x))), `x = ${x}`).toBeCloseTo(0, 12);
    }
  });

  it('answers outside its domain without throwing: ∞ at 0, NaN below', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(NaN)).toBeNaN();
  });

  it('gives log B(a, b), e.g. B(1/2, 1/2) = π', () => {
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
    expect(logBeta(3, 4)).toBeCloseTo(Math.log(1 / 60), 14);
  });
});

describe('logAddExp', () => {
  it('adds in log space without overflow and handles −∞', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 4)).toBe(4);
    expect(logAddExp(4, -Infinity)).toBe(4);
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    for (const z of [-0.9, -0.3, 0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
      expect(hyp2f1(2.5, 0.7, 0.7, z) / (1 - z) ** -2.5 - 1).toBeCloseTo(0, 13); // ₂F₁(a, b; b; z) = (1−z)^−a
    }
    for (const s of [0.2, 0.6, 0.95]) {
      expect(hyp2f1(0.5, 0.5, 1.5, s * s)).toBeCloseTo(Math.asin(s) / s, 13);
      expect(hyp2f1(0.5, 1, 1.5, -s * s)).toBeCloseTo(Math.atan(s) / s, 13);
    }
  });

  it('matches mpmath, including slow series near z = 1 and negative parameters', () => {
    const cases: Array<[number, number, number, number, number]> = [
      [0.243, 2.426, 2.219, 0.3, 1.100518533085473023535],
      [2.243, 4.426, 4.219, 0.9, 248.8689022062316004425],
      [10.243, 12.426, 12.219, 0.95, 38042206922109.05739034],
      [1.2, -0.3, 30.5, 0.99, 0.9880148745304402674649],
      [3.1, 0.7, 2.2, -0.6, 0.6415120644901014203242],
    ];
    for (const [a, b, c, z, expected] of cases) {
      expect(Math.abs(hyp2f1(a, b, c, z) / expected - 1), `₂F₁(${a}, ${b}; ${c}; ${z})`).toBeLessThan(1e-13);
    }
  });

  it('is a polynomial when a or b is a non-positive integer', () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    expect(hyp2f1(-2, 1.5, 2.5, 0.4)).toBeCloseTo(1 - (2 * 1.5 * 0.4) / 2.5 + (1.5 * 2.5 * 0.16) / (2.5 * 3.5), 15);
  });

  it('keeps (₂F₁ − 1)/b accurate as b → 0', () => {
    // (₂F₁(a, b; a; z) − 1)/b = ((1−z)^−b − 1)/b → −log(1−z)
    for (const z of [0.2, 0.7, 0.95]) {
      expect(hyp2f1ExcessOverB(1.3, 0, 1.3, z)).toBeCloseTo(-Math.log1p(-z), 13);
      expect(hyp2f1ExcessOverB(1.3, 1e-9, 1.3, z)).toBeCloseTo(Math.expm1(-1e-9 * Math.log1p(-z)) / 1e-9, 8);
    }
  });

  it('throws coded errors rather than return a truncated or meaningless sum', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ClvError);
        return (error as ClvError).code;
      }
      return 'no error';
    };
    expect(codeOf(() => hyp2f1(1, 1, 2, 0.999, { maxTerms: 100 }))).toBe('no_convergence');
    expect(codeOf(() => hyp2f1(1, 1, 2, 1))).toBe('invalid_parameters');
    expect(codeOf(() => hyp2f1(1, 1, -3, 0.5))).toBe('invalid_parameters');
  });
});
