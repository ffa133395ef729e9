import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, inject } from 'vitest';
import type { RoleKey } from '../../shared/auth.ts';
import { buildApp } from '../app.ts';
import type { Actor } from '../domains/auth/actor.ts';
import { actorFromSession } from '../domains/auth/auth.service.ts';
import { loadConfig } from '../config.ts';
import { createDb, type Db } from '../db/database.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import type { App } from '../http/routing.ts';
import { createWorkspace } from '../domains/workspaces/workspaces.service.ts';
import { createUser } from '../domains/users/users.service.ts';
import { startJobs } from '../jobs/jobs.ts';
import { JOBS } from '../jobs/registry.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export function withDatabase(url: string, name: string) {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/** A fresh database for this test file, cloned from the migrated template and dropped after the file. */
export async function createTestDatabase(): Promise<{ db: Db; url: string }> {
  const templateUrl = inject('templateUrl');
  const name = `${inject('testDbPrefix')}${randomBytes(5).toString('hex')}`;
  const admin = createDb(withDatabase(templateUrl, 'postgres'), 1);
  await sql`create database ${sql.id(name)} template ${sql.id(new URL(templateUrl).pathname.slice(1))}`.execute(admin);
  const url = withDatabase(templateUrl, name);
  const db = createDb(url, 5);
  afterAll(async () => {
    await db.destroy();
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });
  return { db, url };
}

export interface Session {
  csrfToken: string | null;
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface TestContext {
  app: App;
  db: Db;
  workspaceId: string;
  admin: Session;
  adminId: string;
  /** the admin as services see them (resolved from the admin's session), for calling a service or repository directly */
  adminActor: Actor;
  /** signs in with e-mail and TEST_PASSWORD */
  login(email: string): Promise<Session>;
  /** creates a user (role, team) in this workspace and signs them in */
  userSession(role: RoleKey, options?: { teamId?: string; name?: string }): Promise<Session & { userId: string; email: string }>;
  /** a session that sends a bearer API key instead of a cookie */
  apiKeySession(key: string): Session;
  /** a second, unrelated workspace with its own admin */
  otherWorkspace(): Promise<{ workspaceId: string; admin: Session }>;
}

/** Sends JSON bodies as objects; a string body goes as raw text labelled JSON (for malformed-input tests). */
function sessionWith(app: App, headers: Record<string, string>, csrfToken: string | null): Session {
  return {
    csrfToken,
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { ...headers, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

function cookieSession(app: App, cookie: string, csrfToken: string | null): Session {
  return sessionWith(app, { cookie, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) }, csrfToken);
}

/** Logs in through the API: the session for requests, and its token (what the session cookie carries). */
async function logIn(app: App, email: string, password = TEST_PASSWORD) {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login as ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const token = response.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  return { session: cookieSession(app, cookie, response.json().csrfToken), token };
}

export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<Session> {
  return (await logIn(app, email, password)).session;
}

let emailCounter = 0;
const uniqueEmail = (label: string) => `${label}.${process.pid}.${++emailCounter}.${randomBytes(3).toString('hex')}@test.kemai.local`;

/** One app on a fresh database with a workspace and a signed-in admin. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const { db, url } = await createTestDatabase();
  const config = loadConfig({ KEMAI_LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: 'silent', ...env });
  const jobs = await startJobs(url, db, JOBS, config.KEMAI_TIME_ZONE);
  const app = await buildApp({ db, config, jobs, logger: false });
  afterAll(async () => {
    await app.close();
    await jobs.stop();
  });

  const makeWorkspace = async () => {
    const email = uniqueEmail('admin');
    const { workspaceId, admin } = await createWorkspace(db, {
      name: '测试公司',
      timeZone: 'Asia/Shanghai',
      admin: { email, name: '管理员', password: TEST_PASSWORD },
    });
    const { session, token } = await logIn(app, email);
    return { workspaceId, adminId: admin.id, admin: session, adminActor: (await actorFromSession(db, token))! };
  };
  const main = await makeWorkspace();

  return {
    app,
    db,
    workspaceId: main.workspaceId,
    admin: main.admin,
    adminId: main.adminId,
    adminActor: main.adminActor,
    login: (email) => signIn(app, email),
    async userSession(role, options = {}) {
      const email = uniqueEmail(role);
      const user = await createUser(db, main.workspaceId, null, {
        email,
        name: options.name ?? `${role}用户`,
        password: TEST_PASSWORD,
        role,
        teamId: options.teamId,
      });
      return { ...(await signIn(app, email)), userId: user.id, email };
    },
    apiKeySession: (key) => sessionWith(app, { authorization: `Bearer ${key}` }, null),
    otherWorkspace: async () => {
      const other = await makeWorkspace();
      return { workspaceId: other.workspaceId, admin: other.admin };
    },
  };
}
