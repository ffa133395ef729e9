import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { noJobs } from './testing/no-jobs.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/database.ts';
import type { App } from './http/routing.ts';

// No database: the pool connects only on a first query, and none of these routes makes one.
const db = createDb('postgres://nobody@127.0.0.1:1/none');
let app: App;
beforeAll(async () => {
  app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), jobs: noJobs, logger: false });
});
afterAll(async () => {
  await app.close();
  await db.destroy();
});

const REDOCLY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/redocly');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: Array<{ pointer?: string }>;
}

async function openapiDocument() {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('application/json');
  return response.json();
}

describe('the OpenAPI document', () => {
  it('is public OpenAPI 3.1 describing the API', async () => {
    const spec = await openapiDocument();
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
    expect(spec.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const route of ['/api/customers', '/api/customers/{id}', '/api/auth/login', '/api/users', '/api/teams', '/api/api-keys']) {
      expect(Object.keys(spec.paths), route).toContain(route);
    }
    expect(Object.keys(spec.paths['/api/customers'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(spec.paths['/api/customers/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(Object.keys(spec.components.schemas)).toEqual(expect.arrayContaining(['Customer', 'Problem']));
    expect(spec.components.securitySchemes).toHaveProperty('sessionCookie');
    expect(spec.components.securitySchemes).toHaveProperty('apiKey');
    // Login needs no credentials; the document's own route is hidden.
    expect(spec.paths['/api/auth/login'].post.security).toEqual([]);
    expect(spec.paths).not.toHaveProperty('/api/openapi.json');
  });

  it('passes redocly lint with no errors', { timeout: 120_000 }, async () => {
    const spec = await openapiDocument();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(spec, null, 2));
      // redocly exits non-zero when it finds errors; the JSON report is on stdout either way.
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--format=json'], {
        timeout: 120_000,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        if (!error.stdout) throw new Error(`redocly did not run: ${error.message}\n${error.stderr ?? ''}`);
        return { stdout: error.stdout, stderr: error.stderr ?? '' };
      });
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
      const describe = (problems: LintProblem[]) =>
        problems.map((problem) => `${problem.severity} ${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '?'}: ${problem.message}`).join('\n');
      const errors = report.problems.filter((problem) => problem.severity === 'error');
      expect(errors, `redocly lint errors:\n${describe(errors)}\n\nwarnings:\n${describe(report.problems.filter((p) => p.severity !== 'error'))}\n${stderr}`).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Swagger UI', () => {
  it('answers at /api/docs with HTML whose scripts and styles come from this server', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
    const scripts = [...response.body.matchAll(/<script[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((match) => match[1]!);
    const links = [...response.body.matchAll(/<link[^>]*\bhref\s*=\s*["']([^"']+)["']/gi)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of [...scripts, ...links]) {
      expect(url, 'no CDN or other origin').not.toMatch(/^(https?:)?\/\//i);
    }
    // and the local bundle it points at is really served
    const bundle = scripts.find((src) => src.includes('swagger-ui-bundle'));
    expect(bundle).toBeDefined();
    const asset = await app.inject({ method: 'GET', url: new URL(bundle!, 'http://kemai.test/api/docs/').pathname });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('serves the document Swagger UI loads without signing in', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().openapi).toMatch(/^3\.1\./);
  });
});

describe('metrics and unknown routes', () => {
  it('exposes request durations in Prometheus text at /metrics', async () => {
    await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('# TYPE kemai_http_request_duration_seconds histogram');
    const count = /^kemai_http_request_duration_seconds_count\{method="GET",route="\/api\/openapi\.json",status="200"\} (\d+)$/m.exec(response.body);
    expect(count, response.body.slice(0, 2000)).not.toBeNull();
    expect(Number(count![1])).toBeGreaterThanOrEqual(1);
    expect(response.body).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers an unknown /api route with problem+json', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/xyz' });
    expect([401, 404]).toContain(response.statusCode);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: response.statusCode, code: expect.any(String), title: expect.any(String), instance: '/api/xyz' });
  });
});
