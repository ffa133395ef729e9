import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { SERVER_NODE_FLAGS } from '../src/cli/server-flags.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
  }
}

const ADMIN_EMAIL = 'e2e-admin@kemai.local';
const ADMIN_PASSWORD = 'e2e-password-2026';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Kemai the way a user does (the CLI, embedded PostgreSQL, a new data
 * folder, no demo data so searches are predictable) for the browser tests.
 * Expects the web app to be built (npm test builds it first).
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve('dist/web/index.html'))) throw new Error('Build the web app first: npx vite build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-e2e-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'src/cli/kemai.ts', 'start', '--no-demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      KEMAI_DATA_DIR: dataDir,
      KEMAI_ADMIN_EMAIL: ADMIN_EMAIL,
      KEMAI_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Kemai exited early:\n${output}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`Kemai did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', ADMIN_EMAIL);
  project.provide('adminPassword', ADMIN_PASSWORD);

  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
