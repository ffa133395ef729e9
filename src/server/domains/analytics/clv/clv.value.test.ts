import { describe, expect, it } from 'vitest';
import { type BgNbdParams, conditionalExpectedPurchases, probabilityAlive } from './bg-nbd.model.ts';
import { ClvError } from './clv.errors.ts';
import { customerLifetimeValue, predictCustomer, WEEKS_PER_MONTH } from './clv.value.ts';
import { conditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.model.ts';
import { betaExpectation, gammaExpectation } from './quadrature.testing.ts';

const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

// Expected purchases in (0, t] by quadrature (see bg-nbd.model.test.ts), independent of ₂F₁.
function expectedByQuadrature({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number, t: number) {
  const alive = gammaExpectation(r, alpha, (l) => x * Math.log(l) - l * T) * betaExpectation(a, b, (_p, q) => q ** x);
  const dead = x > 0 ? gammaExpectation(r, alpha, (l) => x * Math.log(l) - l * tx) * betaExpectation(a, b, (p, q) => p * q ** (x - 1)) : 0;
  return (alive / (alive + dead)) * betaExpectation(a, b + x, (p) => -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T))) / p);
}

describe('customerLifetimeValue', () => {
  const customer = { x: 2, tx: 30.43, T: 38.86 };

  it('sums month-by-month expected purchases × spend, discounted by (1+d)^m', () => {
    // 52 weeks = 11.97 months: 12 periods ending at 4.345, 8.69, …, 47.795 and 52 weeks
    const spend = 40;
    let byHand = 0;
    let previous = 0;
    for (let m = 1; m <= 12; m++) {
      const cumulative = expectedByQuadrature(BG, customer.x, customer.tx, customer.T, Math.min(m * 4.345, 52));
      byHand += ((cumulative - previous) * spend) / 1.01 ** m;
      previous = cumulative;
    }
    expect(customerLifetimeValue(BG, customer, spend, { horizonWeeks: 52, discountMonthly: 0.01 })).toBeCloseTo(byHand, 7);
  });

  it('without discounting is expected purchases in the horizon × spend', () => {
    const value = customerLifetimeValue(BG, customer, 35, { horizonWeeks: 39, discountMonthly: 0 });
    expect(value).toBeCloseTo(35 * conditionalExpectedPurchases(BG, 2, 30.43, 38.86, 39), 10);
    expect(value).toBeCloseTo(35 * 1.226, 1); // the paper's 1.226 purchases in 39 weeks
  });

  it('discounting lowers it, between the first and the last month’s discount factors', () => {
    const undiscounted = customerLifetimeValue(BG, customer, 35, { horizonWeeks: 104, discountMonthly: 0 });
    const discounted = customerLifetimeValue(BG, customer, 35, { horizonWeeks: 104, discountMonthly: 0.02 });
    const months = Math.ceil(104 / WEEKS_PER_MONTH);
    expect(discounted).toBeLessThan(undiscounted / 1.02);
    expect(discounted).toBeGreaterThan(undiscounted / 1.02 ** months);
  });

  it('is 0 for a zero horizon and refuses nonsense options', () => {
    expect(customerLifetimeValue(BG, customer, 35, { horizonWeeks: 0, discountMonthly: 0.01 })).toBe(0);
    expect(() => customerLifetimeValue(BG, customer, 35, { horizonWeeks: -1, discountMonthly: 0.01 })).toThrow(ClvError);
    expect(() => customerLifetimeValue(BG, customer, 35, { horizonWeeks: 52, discountMonthly: -1 })).toThrow(ClvError);
  });
});

describe('predictCustomer', () => {
  const options = { horizonWeeks: 52, discountMonthly: 0.01 };

  it('combines P(alive), expected purchases, Gamma-Gamma spend and CLV', () => {
    const prediction = predictCustomer(BG, GG, { x: 2, tx: 30.43, T: 38.86, monetaryValue: 50 }, options);
    expect(prediction.pAlive).toBe(probabilityAlive(BG, 2, 30.43, 38.86));
    expect(prediction.expectedPurchases).toBeCloseTo(conditionalExpectedPurchases(BG, 2, 30.43, 38.86, 52), 12);
    expect(prediction.expectedSpend).toBeCloseTo(conditionalExpectedSpend(GG, 2, 50), 12);
    expect(prediction.clv).toBeCloseTo(customerLifetimeValue(BG, { x: 2, tx: 30.43, T: 38.86 }, prediction.expectedSpend, options), 10);
  });

  it('values customers without repeat purchases, or with refunds exceeding them, at the population mean spend', () => {
    const population = (GG.p * GG.gamma) / (GG.q - 1);
    expect(predictCustomer(BG, GG, { x: 0, tx: 0, T: 20, monetaryValue: 0 }, options).expectedSpend).toBeCloseTo(population, 12);
    expect(predictCustomer(BG, GG, { x: 3, tx: 10, T: 20, monetaryValue: -4 }, options).expectedSpend).toBeCloseTo(population, 12);
    expect(predictCustomer(BG, { ...GG, q: 0.9 }, { x: 0, tx: 0, T: 20, monetaryValue: 0 }, options).clv).toBeNaN();
  });
});
