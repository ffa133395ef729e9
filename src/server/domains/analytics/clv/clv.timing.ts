// How long fits take at scale; not a test (no timing assertions anywhere).
// Run: node src/server/domains/analytics/clv/clv.timing.ts [customers=100000]
import { fitBgNbd, groupRfm } from './bg-nbd.model.ts';
import { simulateBgNbd, simulateMeanSpends } from './clv.simulate.ts';
import { fitGammaGamma } from './gamma-gamma.model.ts';

const customers = Number(process.argv[2] ?? 100_000);
const truth = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  process.stdout.write(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s\n`);
  return result;
}

const sim = timed(`simulate ${customers} customers`, () => simulateBgNbd(truth, { customers, seed: 1, acquisitionWeeks: 12, calibrationWeeks: 78 }));
// Continuous times: every row distinct, the worst case for grouping.
const continuous = timed('group continuous times', () => groupRfm(sim));
const fit = timed(`fit BG/NBD, ${continuous.x.length} groups`, () => fitBgNbd(continuous));
process.stdout.write(`  r ${fit.r.toFixed(4)} α ${fit.alpha.toFixed(3)} a ${fit.a.toFixed(3)} b ${fit.b.toFixed(3)}; ${fit.iterations} iterations, ${fit.evaluations} likelihood evaluations, converged ${fit.converged}\n`);
// Whole days, as transaction logs give them.
const days = (weeks: number) => Math.round(weeks * 7) / 7;
const daily = { x: sim.x, tx: sim.tx.map((t, i) => (sim.x[i]! > 0 ? Math.max(1 / 7, days(t)) : 0)), T: sim.T.map(days) };
const grouped = timed('group daily times', () => groupRfm(daily));
const dailyFit = timed(`fit BG/NBD, ${grouped.x.length} groups`, () => fitBgNbd(grouped));
process.stdout.write(`  ${dailyFit.iterations} iterations, ${dailyFit.evaluations} likelihood evaluations, converged ${dailyFit.converged}\n`);
const spends = simulateMeanSpends({ p: 6.25, q: 3.74, gamma: 15.44 }, sim.x, 2);
const spendFit = timed(`fit Gamma-Gamma, ${fit.repeatBuyers} repeat buyers`, () => fitGammaGamma({ x: sim.x, meanSpend: spends }));
process.stdout.write(`  ${spendFit.iterations} iterations, converged ${spendFit.converged}\n`);
