import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import pg from 'pg';
import { lockDataDir } from '../src/server/db/data-dir-lock.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded-postgres.ts';
import { organisationDetails, personDetails, pickCity } from '../src/server/demo/contact-details.ts';
import { createRandom } from '../src/server/demo/random.ts';
import type { Import } from '../src/shared/imports.ts';
import { REPO_ROOT } from './bench-database.ts';
import { startKemai } from './kemai-process.ts';
import { RESULTS_DIR, writeBenchmarksDoc } from './report.ts';

/*
 * The import benchmark: a generated customer CSV (the demo's zh-CN contact
 * details; 5 % invalid rows, 3 % repeats of earlier rows) goes through the
 * real path — HTTP upload to a Kemai server process, the import job in that
 * server, batches into PostgreSQL — on a fresh database. Measured: rows/s of
 * the job (started → finished, as the server records them) and the server's
 * peak resident memory, sampled every 100 ms while it runs.
 */

const HEADER = '姓名,手机,邮箱,城市,地址,标签,状态,类型';
const STATUSES = ['潜在客户', '现实客户', '流失客户', '非客户'];
const TAGS = ['VIP', '老客户', '展会获客', '线上咨询', '转介绍', '高潜力'];

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export interface ImportFileStats {
  rows: number;
  invalid: number;
  duplicates: number;
}

/** Writes `rows` data rows; deterministic for the seed. */
export async function writeImportCsv(file: string, rows: number, seed = 1): Promise<ImportFileStats> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(`${file}.partial`);
  const random = createRandom(seed, -7);
  const recent: string[] = [];
  const stats: ImportFileStats = { rows, invalid: 0, duplicates: 0 };
  let chunk = `\uFEFF${HEADER}\r\n`;
  for (let i = 0; i < rows; i++) {
    let line: string;
    const roll = random.next();
    if (roll < 0.03 && recent.length) {
      // an earlier row again (same phone): a duplicate inside the file
      line = recent[random.int(0, recent.length - 1)]!;
      stats.duplicates++;
    } else {
      const city = pickCity(random);
      const organisation = random.chance(0.25);
      const details = organisation ? organisationDetails(random, city) : personDetails(random, city);
      const cells = [
        details.name,
        details.phones.join('/'),
        details.emails.join(';'),
        city.name,
        details.address,
        random.chance(0.4) ? random.pick(TAGS) : '',
        random.pick(STATUSES),
        organisation ? '企业' : '个人',
      ];
      if (roll < 0.08) {
        // 5 % invalid rows, one problem each
        const kind = i % 4;
        if (kind === 0) cells[1] = '12';
        if (kind === 1) cells[0] = '';
        if (kind === 2) cells[2] = 'no-at-sign';
        if (kind === 3) cells[6] = '不知道';
        stats.invalid++;
      }
      line = cells.map(csvCell).join(',');
      if (roll >= 0.08) {
        if (recent.length < 10_000) recent.push(line);
        else recent[random.int(0, recent.length - 1)] = line;
      }
    }
    chunk += `${line}\r\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  await fs.promises.rename(`${file}.partial`, file);
  return stats;
}

export interface ImportBenchResult {
  kind: 'import';
  rows: number;
  fileMiB: number;
  file: ImportFileStats;
  uploadSeconds: number;
  jobSeconds: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  idleRssMiB: number;
  created: number;
  skipped: number;
  errors: number;
  machine: { cpus: number; node: string };
  /** 1-minute load average at the start and at the end of the job: the machine is shared, and other work skews rows/s */
  loadAverage?: { start: number; end: number };
  measuredAt: string;
}

const loadAverage = () => Math.round(os.loadavg()[0]! * 100) / 100;

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Runs the benchmark on a fresh database (`databaseUrl`'s server, or an
 * embedded PostgreSQL 18 in ./data/bench-import) and writes bench/results/import-<rows>.json.
 */
export async function runImportBench(options: { rows: number; databaseUrl?: string; log: (line: string) => void }): Promise<ImportBenchResult> {
  const { rows, log } = options;
  const dir = path.join(REPO_ROOT, 'data', 'bench-import');
  const file = path.join(dir, `customers-${rows}.csv`);
  const statsFile = `${file}.json`;
  let stats: ImportFileStats;
  if (fs.existsSync(file) && fs.existsSync(statsFile)) {
    stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
    log(`Reusing ${path.relative(REPO_ROOT, file)}`);
  } else {
    log(`Writing ${rows.toLocaleString('en')} rows to ${path.relative(REPO_ROOT, file)}…`);
    stats = await writeImportCsv(file, rows);
    fs.writeFileSync(statsFile, JSON.stringify(stats));
  }
  const fileBytes = fs.statSync(file).size;

  let cluster: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let release: (() => void) | null = null;
  let serverUrl = options.databaseUrl;
  if (!serverUrl) {
    release = lockDataDir(dir);
    cluster = await startEmbeddedPostgres(dir, log);
    serverUrl = cluster.url;
  }
  const target = new URL(serverUrl);
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  target.pathname = '/kemai_import_bench';
  await query(admin.toString(), 'drop database if exists kemai_import_bench with (force)');
  await query(admin.toString(), 'create database kemai_import_bench');

  const email = 'import.bench@kemai.local';
  const password = 'kemai-import-bench';
  process.env.KEMAI_ADMIN_EMAIL = email;
  process.env.KEMAI_ADMIN_PASSWORD = password;
  const kemai = await startKemai(target.toString(), { log });
  try {
    const login = await fetch(`${kemai.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const keyResponse = await fetch(`${kemai.url}/api/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'import bench', role: 'admin' }),
    });
    const { key } = (await keyResponse.json()) as { key: string };
    const auth = { authorization: `Bearer ${key}` };
    const idleRssMiB = kemai.rssMiB();

    let peak = idleRssMiB;
    const sampler = setInterval(() => {
      const rss = kemai.rssMiB();
      if (rss > peak) peak = rss;
    }, 100);
    try {
      log(`Uploading ${(fileBytes / 1024 / 1024).toFixed(0)} MiB…`);
      const uploadStart = performance.now();
      const upload = await fetch(`${kemai.url}/api/imports?kind=customers&fileName=${encodeURIComponent(path.basename(file))}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv', 'content-length': String(fileBytes) },
        body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      if (!upload.ok) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
      const uploaded = (await upload.json()) as Import;
      const uploadSeconds = (performance.now() - uploadStart) / 1000;
      const loadAtStart = loadAverage();
      const started = await fetch(`${kemai.url}/api/imports/${uploaded.id}/start`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ mapping: uploaded.mapping, policy: 'skip' }),
      });
      if (!started.ok) throw new Error(`start: ${started.status} ${await started.text()}`);
      let current = (await started.json()) as Import;
      let lastLog = 0;
      while (current.status === 'queued' || current.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 500));
        current = (await (await fetch(`${kemai.url}/api/imports/${uploaded.id}`, { headers: auth })).json()) as Import;
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`  ${current.rowsDone.toLocaleString('en')} / ${current.totalRows?.toLocaleString('en') ?? '…'} rows, RSS peak ${peak} MiB`);
        }
      }
      if (current.status !== 'completed') throw new Error(`import ${current.status}: ${current.failure}\n${kemai.output()}`);
      const jobSeconds = (new Date(current.finishedAt!).getTime() - new Date(current.startedAt!).getTime()) / 1000;
      const result: ImportBenchResult = {
        kind: 'import',
        rows,
        fileMiB: Math.round(fileBytes / 1024 / 1024),
        file: stats,
        uploadSeconds: Math.round(uploadSeconds * 10) / 10,
        jobSeconds: Math.round(jobSeconds * 10) / 10,
        rowsPerSecond: Math.round(rows / jobSeconds),
        peakRssMiB: peak,
        idleRssMiB,
        created: current.createdCount,
        skipped: current.skippedCount,
        errors: current.errorCount,
        machine: { cpus: os.cpus().length, node: process.version },
        loadAverage: { start: loadAtStart, end: loadAverage() },
        measuredAt: new Date().toISOString(),
      };
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, `import-${rows}.json`), `${JSON.stringify(result, null, 2)}\n`);
      writeBenchmarksDoc(RESULTS_DIR);
      log(
        `Import of ${rows.toLocaleString('en')} rows (${result.fileMiB} MiB): ${result.rowsPerSecond.toLocaleString('en')} rows/s ` +
          `(${result.jobSeconds} s in the job, upload ${result.uploadSeconds} s), server RSS peak ${peak} MiB (idle ${idleRssMiB} MiB); ` +
          `${result.created.toLocaleString('en')} created, ${result.skipped.toLocaleString('en')} duplicates skipped, ${result.errors.toLocaleString('en')} rows with errors; ` +
          `load average ${result.loadAverage!.start} → ${result.loadAverage!.end}.`,
      );
      return result;
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await kemai.stop();
    if (cluster) await cluster.stop();
    release?.();
  }
}
