import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fitBgNbd, expectedPurchasesNewCustomer } from '../server/domains/analytics/clv/bg-nbd.model.ts';
import { ClvError } from '../server/domains/analytics/clv/clv.errors.ts';
import { predictCustomer, WEEKS_PER_MONTH } from '../server/domains/analytics/clv/clv.value.ts';
import { csvField, readCsv } from '../server/domains/analytics/clv/csv-reader.ts';
import { fitGammaGamma } from '../server/domains/analytics/clv/gamma-gamma.model.ts';
import { dayNumber, formatDay, TransactionCollector } from '../server/domains/analytics/clv/transactions.summary.ts';

export const ANALYTICS_USAGE = `Usage: kemai analytics clv --transactions FILE.csv --customer-col C --date-col D --amount-col A
                          --calibration-end YYYY-MM-DD [options]

Fits BG/NBD (purchases) and Gamma-Gamma (spend) to a transaction log and prints JSON.
Dates may be YYYYMMDD, YYYY-MM-DD (a time after it is ignored) or YYYY/M/D; amounts
decimal numbers. Purchases on one day count once. Time is in weeks.

Options:
  --transactions FILE        CSV with a header row (UTF-8; a BOM is fine)
  --customer-col, --date-col, --amount-col NAME
                             header names of the customer id, date and amount columns
  --calibration-end DATE     fit on transactions up to and including this day
  --horizon-weeks N          prediction horizon (default 52)
  --discount-monthly D       monthly discount rate for CLV (default 0.01)
  --per-customer OUT.csv     also write P(alive), expected purchases, spend and CLV per customer`;

class UsageError extends Error {
  override name = 'UsageError';
}

type ClvArgs = {
  transactions: string;
  customerCol: string;
  dateCol: string;
  amountCol: string;
  calibrationEnd: string;
  horizonWeeks: number;
  discountMonthly: number;
  perCustomer?: string;
};

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED_DECIMAL = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/; // 1,234.50 as spreadsheets export it

function parseAmount(text: string): number {
  const value = text.trim();
  if (DECIMAL.test(value)) return Number(value);
  if (GROUPED_DECIMAL.test(value)) return Number(value.replaceAll(',', ''));
  return NaN;
}

function parseClvArgs(args: string[]): ClvArgs | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      transactions: { type: 'string' },
      'customer-col': { type: 'string' },
      'date-col': { type: 'string' },
      'amount-col': { type: 'string' },
      'calibration-end': { type: 'string' },
      'horizon-weeks': { type: 'string' },
      'discount-monthly': { type: 'string' },
      'per-customer': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const required = ['transactions', 'customer-col', 'date-col', 'amount-col', 'calibration-end'] as const;
  const missing = required.filter((name) => !values[name]);
  if (missing.length) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  const calibrationEnd = values['calibration-end']!;
  if (Number.isNaN(dayNumber(calibrationEnd))) throw new UsageError(`--calibration-end ${calibrationEnd} is not a date (YYYY-MM-DD or YYYYMMDD)`);
  const horizonWeeks = Number(values['horizon-weeks'] ?? 52);
  if (!(Number.isFinite(horizonWeeks) && horizonWeeks > 0)) throw new UsageError(`--horizon-weeks ${values['horizon-weeks']} must be a positive number`);
  const discountMonthly = Number(values['discount-monthly'] ?? 0.01);
  if (!(Number.isFinite(discountMonthly) && discountMonthly >= 0 && discountMonthly < 1)) {
    throw new UsageError(`--discount-monthly ${values['discount-monthly']} must be a rate in [0, 1), e.g. 0.01`);
  }
  return {
    transactions: values.transactions!,
    customerCol: values['customer-col']!,
    dateCol: values['date-col']!,
    amountCol: values['amount-col']!,
    calibrationEnd: formatDay(dayNumber(calibrationEnd)),
    horizonWeeks,
    discountMonthly,
    perCustomer: values['per-customer'],
  };
}

async function collectTransactions(options: ClvArgs) {
  const collector = new TransactionCollector();
  let columns: { customer: number; date: number; amount: number } | undefined;
  let skippedWithoutCustomer = 0;
  const stream = createReadStream(options.transactions);
  try {
    await readCsv(stream, (fields, line) => {
      if (!columns) {
        const headers = fields.map((field) => field.trim());
        const find = (flag: string, name: string) => {
          const index = headers.indexOf(name.trim());
          if (index < 0) throw new UsageError(`--${flag}: no column "${name}" in ${options.transactions}; its columns are: ${headers.join(', ')}`);
          return index;
        };
        columns = { customer: find('customer-col', options.customerCol), date: find('date-col', options.dateCol), amount: find('amount-col', options.amountCol) };
        return;
      }
      const customer = fields[columns.customer]?.trim();
      const date = fields[columns.date];
      const amount = fields[columns.amount];
      if (customer === undefined || date === undefined || amount === undefined) {
        throw new UsageError(`line ${line}: ${fields.length} fields, fewer than the columns named`);
      }
      if (customer === '') {
        skippedWithoutCustomer++; // guest checkouts: nobody to predict for
        return;
      }
      const day = dayNumber(date);
      if (Number.isNaN(day)) throw new UsageError(`line ${line}: date "${date}" is not YYYYMMDD, YYYY-MM-DD or YYYY/M/D`);
      const value = parseAmount(amount);
      if (Number.isNaN(value)) throw new UsageError(`line ${line}: amount "${amount}" is not a decimal number`);
      collector.add(customer, day, value);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UsageError(`cannot read ${options.transactions} (${code})`);
    throw error;
  } finally {
    stream.destroy();
  }
  if (!columns) throw new UsageError(`${options.transactions} is empty: expected a header row`);
  return { collector, skippedWithoutCustomer };
}

async function runClv(options: ClvArgs, stdout: NodeJS.WritableStream) {
  const { collector, skippedWithoutCustomer } = await collectTransactions(options);
  const { customers, ignoredTransactions, ignoredCustomers } = collector.summarize(options.calibrationEnd);
  const columns = { x: customers.map((c) => c.x), tx: customers.map((c) => c.tx), T: customers.map((c) => c.T) };
  const bgnbd = fitBgNbd(columns);
  const spendCustomers = customers.filter((c) => c.x > 0 && c.monetaryValue > 0);
  const gammaGamma = fitGammaGamma({ x: spendCustomers.map((c) => c.x), meanSpend: spendCustomers.map((c) => c.monetaryValue) });
  const clvOptions = { horizonWeeks: options.horizonWeeks, discountMonthly: options.discountMonthly };

  const out = options.perCustomer ? await openForWriting(options.perCustomer) : undefined;
  const totals = { expectedPurchases: 0, clv: 0, pAlive: 0 };
  try {
    let batch = out ? 'customer_id,x,t_x,T,monetary_value,p_alive,expected_purchases,expected_spend,clv\n' : '';
    for (const customer of customers) {
      const prediction = predictCustomer(bgnbd, gammaGamma, customer, clvOptions);
      totals.expectedPurchases += prediction.expectedPurchases;
      totals.clv += prediction.clv;
      totals.pAlive += prediction.pAlive;
      if (out) {
        const numbers = [customer.x, customer.tx, customer.T, customer.monetaryValue, prediction.pAlive, prediction.expectedPurchases, prediction.expectedSpend, prediction.clv];
        batch += `${csvField(customer.customerId)},${numbers.map(formatNumber).join(',')}\n`;
        if (batch.length > 1 << 20) {
          await out.write(batch);
          batch = '';
        }
      }
    }
    if (out) await out.write(batch);
  } finally {
    await out?.close();
  }

  const n = customers.length;
  const report = {
    bgnbd: {
      r: bgnbd.r,
      alpha: bgnbd.alpha,
      a: bgnbd.a,
      b: bgnbd.b,
      logLikelihood: bgnbd.logLikelihood,
      converged: bgnbd.converged,
      iterations: bgnbd.iterations,
    },
    gammaGamma: {
      p: gammaGamma.p,
      q: gammaGamma.q,
      gamma: gammaGamma.gamma,
      logLikelihood: gammaGamma.logLikelihood,
      converged: gammaGamma.converged,
      iterations: gammaGamma.iterations,
      customers: gammaGamma.customers,
      populationMeanSpend: gammaGamma.populationMeanSpend,
    },
    customers: n,
    repeatBuyers: bgnbd.repeatBuyers,
    horizonWeeks: options.horizonWeeks,
    discountMonthly: options.discountMonthly,
    weeksPerMonth: WEEKS_PER_MONTH,
    calibrationEnd: options.calibrationEnd,
    transactions: {
      read: collector.transactions + skippedWithoutCustomer,
      afterCalibrationEnd: ignoredTransactions,
      withoutCustomerId: skippedWithoutCustomer,
    },
    customersFirstBuyingAfterCalibrationEnd: ignoredCustomers,
    expected: {
      purchases: totals.expectedPurchases,
      clv: totals.clv,
      meanClv: totals.clv / n,
      meanPAlive: totals.pAlive / n,
      purchasesPerNewCustomer: expectedPurchasesNewCustomer(bgnbd, options.horizonWeeks),
    },
    ...(options.perCustomer ? { perCustomer: options.perCustomer } : {}),
    warnings: [
      ...bgnbd.warnings.map((warning) => `BG/NBD: ${warning}`),
      ...gammaGamma.warnings.map((warning) => `Gamma-Gamma: ${warning}`),
      ...(bgnbd.repeatBuyers > spendCustomers.length
        ? [`${bgnbd.repeatBuyers - spendCustomers.length} repeat buyers with zero or negative repeat spend are valued at the population mean spend`]
        : []),
    ],
  };
  stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

async function openForWriting(path: string) {
  try {
    return await open(path, 'w');
  } catch (error) {
    throw new UsageError(`--per-customer: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

// Ten significant digits: more than any input carries, and short lines for big files.
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : '';
}

/**
 * `kemai analytics …`: returns the exit code. Bad input (options, columns, rows,
 * data too thin for a fit) is reported on stderr in one line, exit code 1.
 */
export async function runAnalyticsCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand !== 'clv') {
      if (subcommand === undefined) {
        io.stderr.write(`${ANALYTICS_USAGE}\n`);
        return 1;
      }
      if (subcommand === 'help' || subcommand === '--help') {
        io.stdout.write(`${ANALYTICS_USAGE}\n`);
        return 0;
      }
      throw new UsageError(`unknown analytics command "${subcommand}"; try: kemai analytics clv --help`);
    }
    const options = parseClvArgs(rest);
    if (options === 'help') {
      io.stdout.write(`${ANALYTICS_USAGE}\n`);
      return 0;
    }
    await runClv(options, io.stdout);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`kemai analytics: ${(error as Error).message} (see kemai analytics clv --help)\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof ClvError) {
      io.stderr.write(`kemai analytics: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
