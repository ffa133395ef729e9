import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.model.ts';
import { simulateBgNbd, toTransactionLog } from './clv.simulate.ts';
import { parseCsv } from './csv-reader.ts';
import { fitGammaGamma } from './gamma-gamma.model.ts';
import { summarizeTransactions } from './transactions.summary.ts';

// `kemai analytics clv` end to end, as an analyst runs it: a real process on a CSV file.
const KEMAI = fileURLToPath(new URL('../../../../cli/kemai.ts', import.meta.url));
const run = promisify(execFile);

async function kemai(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [KEMAI, 'analytics', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let csv: string;
const CALIBRATION_END = '2025-09-28'; // week 39 of a study starting 2025-01-06
const simulated = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 2000, seed: 21, acquisitionWeeks: 12, calibrationWeeks: 39, holdoutWeeks: 13 });
const log = toTransactionLog(simulated, { studyStart: '2025-01-06', spend: { p: 6.25, q: 3.74, gamma: 15.44 }, seed: 22 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kemai-clv-'));
  csv = path.join(dir, 'orders.csv');
  // As a Chinese spreadsheet exports it: BOM, CRLF, Chinese headers, a quoted column with commas, YYYYMMDD dates.
  const lines = ['订单号,"客户编号",下单日期,金额,备注'];
  log.forEach((row, i) => lines.push(`${i + 1},${row.customerId},${row.date.replaceAll('-', '')},${row.amount.toFixed(2)},"满100减10, 包邮"`));
  await writeFile(csv, `\uFEFF${lines.join('\r\n')}\r\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COLUMNS = ['--customer-col', '客户编号', '--date-col', '下单日期', '--amount-col', '金额'];

describe('kemai analytics clv', () => {
  it('prints both fits, counts and expectations as JSON, and writes per-customer predictions', async () => {
    const out = path.join(dir, 'clv.csv');
    const result = await kemai('clv', '--transactions', csv, ...COLUMNS, '--calibration-end', CALIBRATION_END, '--horizon-weeks', '26', '--discount-monthly', '0.01', '--per-customer', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);

    // The same numbers as the library gives on the same log.
    const summaries = summarizeTransactions(log, CALIBRATION_END);
    const bgnbd = fitBgNbd({ x: summaries.map((s) => s.x), tx: summaries.map((s) => s.tx), T: summaries.map((s) => s.T) });
    const repeat = summaries.filter((s) => s.x > 0);
    const gammaGamma = fitGammaGamma({ x: repeat.map((s) => s.x), meanSpend: repeat.map((s) => s.monetaryValue) });
    expect(report.customers).toBe(2000);
    expect(report.repeatBuyers).toBe(repeat.length);
    expect(report.horizonWeeks).toBe(26);
    expect(report.calibrationEnd).toBe(CALIBRATION_END);
    expect(report.transactions.read).toBe(log.length);
    expect(report.transactions.afterCalibrationEnd).toBe(log.filter((row) => row.date > CALIBRATION_END).length);
    for (const name of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) expect(report.bgnbd[name]).toBeCloseTo(bgnbd[name], 8);
    for (const name of ['p', 'q', 'gamma', 'logLikelihood'] as const) expect(report.gammaGamma[name]).toBeCloseTo(gammaGamma[name], 8);
    expect(report.bgnbd.converged).toBe(true);
    expect(report.gammaGamma.converged).toBe(true);
    expect(report.bgnbd.iterations).toBeGreaterThan(0);
    // Daily data from 2,000 customers: loosely near the truth.
    expect(report.bgnbd.r).toBeGreaterThan(0.15);
    expect(report.bgnbd.r).toBeLessThan(0.35);
    expect(report.gammaGamma.populationMeanSpend).toBeGreaterThan(30);
    expect(report.gammaGamma.populationMeanSpend).toBeLessThan(40);

    const rows = parseCsv(await readFile(out, 'utf8'));
    expect(rows[0]).toEqual(['customer_id', 'x', 't_x', 'T', 'monetary_value', 'p_alive', 'expected_purchases', 'expected_spend', 'clv']);
    expect(rows).toHaveLength(2001);
    let clv = 0;
    let purchases = 0;
    for (const row of rows.slice(1)) {
      const [pAlive, expected, , value] = row.slice(5).map(Number) as [number, number, number, number];
      expect(pAlive).toBeGreaterThanOrEqual(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      purchases += expected;
      clv += value;
    }
    expect(clv).toBeCloseTo(report.expected.clv, 2);
    expect(purchases).toBeCloseTo(report.expected.purchases, 4);
  }, 60_000);

  it('names the available columns when a column is unknown', async () => {
    const result = await kemai('clv', '--transactions', csv, '--customer-col', 'customer', '--date-col', '下单日期', '--amount-col', '金额', '--calibration-end', CALIBRATION_END);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no column "customer"');
    expect(result.stderr).toContain('订单号, 客户编号, 下单日期, 金额, 备注');
  }, 60_000);

  it('reports missing options, a bad row with its line, thin data and a missing file on stderr with exit code 1', async () => {
    const badRow = path.join(dir, 'bad.csv');
    const thin = path.join(dir, 'thin.csv');
    await writeFile(badRow, 'c,d,a\nx1,20250101,10\nx1,2025-13-01,10\n');
    await writeFile(thin, 'c,d,a\nx1,20250101,10\nx1,20250201,12\nx2,20250105,8\n');
    const small = ['--customer-col', 'c', '--date-col', 'd', '--amount-col', 'a', '--calibration-end', '2025-12-31'];
    const [missing, bad, few, absent] = await Promise.all([
      kemai('clv', '--transactions', csv, ...COLUMNS),
      kemai('clv', '--transactions', badRow, ...small),
      kemai('clv', '--transactions', thin, ...small),
      kemai('clv', '--transactions', path.join(dir, 'absent.csv'), ...COLUMNS, '--calibration-end', CALIBRATION_END),
    ]);
    for (const result of [missing, bad, few, absent]) expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('--calibration-end');
    expect(bad.stderr).toContain('line 3: date "2025-13-01"');
    expect(few.stderr).toContain('at least 10 customers');
    expect(absent.stderr).toContain('cannot read');
  }, 60_000);
});
