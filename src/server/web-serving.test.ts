import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { noJobs } from './testing/no-jobs.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import type { App } from './http/routing.ts';

describe('serving the web app', () => {
  let app: App;
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-web-'));
  const db = createDb('postgres://nobody@127.0.0.1:1/none');

  beforeAll(async () => {
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(webDist, 'assets/app-1.js'), 'console.log(1)');
    app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), jobs: noJobs, logger: false, webDist });
  });
  afterAll(async () => {
    await app.close();
    await db.destroy();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html, never cached', async () => {
    for (const url of ['/', '/customers', '/customers/0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b?tab=history']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves fingerprinted assets as immutable, and files added after start', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    fs.writeFileSync(path.join(webDist, 'assets/app-2.js'), 'console.log(2)');
    const rebuilt = await app.inject({ method: 'GET', url: '/assets/app-2.js' });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.body).toBe('console.log(2)');
  });

  it('answers a missing asset or API route with a 404 problem, not the app', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.headers['content-type']).toContain('application/problem+json');
    const post = await app.inject({ method: 'POST', url: '/customers' });
    expect(post.statusCode).toBe(404);
  });
});
