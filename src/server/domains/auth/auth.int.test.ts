import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTestContext, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

function login(email: string, password = TEST_PASSWORD, remoteAddress?: string) {
  return ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...(remoteAddress ? { remoteAddress } : {}) });
}

/** The `kemai_session=…` cookie header a browser would send back. */
function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'kemai_session');
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return `kemai_session=${cookie.value}`;
}

function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining(code.replaceAll('_', '-')) });
}

const me = (headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers });

describe('signing in', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and returns the CSRF token, user and workspace', async () => {
    const rep = await ctx.userSession('sales_rep', { name: '登录测试' });
    const response = await login(rep.email.toUpperCase());
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'kemai_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie.secure).toBeFalsy();
    expect(new Date(cookie.expires!).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);

    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['csrfToken', 'user', 'workspace']);
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(16);
    expect(body.user).toMatchObject({ id: rep.userId, email: rep.email, name: '登录测试', teamId: null, role: { key: 'sales_rep', recordScope: 'own' } });
    expect(body.user.role.permissions).toContain('customers.read');
    expect(body.workspace).toMatchObject({ id: ctx.workspaceId, name: '测试公司', timeZone: 'Asia/Shanghai' });
    expect(JSON.stringify(body)).not.toMatch(/password|hash/i);

    // The cookie identifies the user, and /me repeats the session's CSRF token.
    const who = await me({ cookie: sessionCookie(response) });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual(body);
  });

  it('answers a wrong password and an unknown e-mail alike: 401 invalid_credentials, no cookie', async () => {
    const rep = await ctx.userSession('sales_rep');
    const wrong = await login(rep.email, 'not-the-password');
    const unknown = await login('nobody.here@test.kemai.local', TEST_PASSWORD);
    for (const response of [wrong, unknown]) {
      expectProblem(response, 401, 'invalid_credentials');
      expect(response.cookies).toEqual([]);
    }
    const { instance: _a, ...wrongProblem } = wrong.json();
    const { instance: _b, ...unknownProblem } = unknown.json();
    expect(wrongProblem).toEqual(unknownProblem);
  });

  it('does not let a deactivated user sign in, even with the right password', async () => {
    const rep = await ctx.userSession('sales_rep');
    expect((await ctx.admin.request('POST', `/api/users/${rep.userId}/deactivate`)).statusCode).toBe(200);
    expectProblem(await login(rep.email), 401, 'invalid_credentials');
  });

  it('answers a malformed body with 400 naming each bad field', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email', password: '' } });
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.json().errors.map((issue: { path: string }) => issue.path).sort()).toEqual(['email', 'password']);

    const missing = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expectProblem(missing, 400, 'validation_failed');
    expect(missing.json().errors.map((issue: { path: string }) => issue.path).sort()).toEqual(['email', 'password']);

    const notJson = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expectProblem(notJson, 400, 'malformed_request');
  });
});

describe('sessions', () => {
  it('answers /api/auth/me without a cookie, or with an unknown one, with 401 unauthenticated', async () => {
    expectProblem(await me({}), 401, 'unauthenticated');
    expectProblem(await me({ cookie: 'kemai_session=forged-token-value' }), 401, 'unauthenticated');
  });

  it('refuses a cookie-authenticated write without the right x-csrf-token, while reads work', async () => {
    const rep = await ctx.userSession('sales_rep');
    const response = await login(rep.email);
    const cookie = sessionCookie(response);
    const csrfToken: string = response.json().csrfToken;
    const post = (headers: Record<string, string>, name: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie, ...headers }, payload: { kind: 'person', name } });

    expect((await ctx.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode).toBe(200);
    expectProblem(await post({}, 'CSRF无令牌'), 403, 'csrf_failed');
    expectProblem(await post({ 'x-csrf-token': 'wrong-token' }, 'CSRF错令牌'), 403, 'csrf_failed');
    // another session's token does not fit this session
    const otherToken = (await login(rep.email)).json().csrfToken;
    expectProblem(await post({ 'x-csrf-token': otherToken }, 'CSRF别人令牌'), 403, 'csrf_failed');
    const created = await ctx.db.selectFrom('customers').select('name').where('name', 'like', 'CSRF%').execute();
    expect(created).toEqual([]);

    const ok = await post({ 'x-csrf-token': csrfToken }, 'CSRF正确');
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('ends the session on logout: the same cookie then gets 401, other sessions live on', async () => {
    const rep = await ctx.userSession('sales_rep');
    const first = await login(rep.email);
    const second = await login(rep.email);
    const cookie = sessionCookie(first);

    expectProblem(await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } }), 403, 'csrf_failed');
    const logout = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': first.json().csrfToken } });
    expect(logout.statusCode).toBe(204);
    const cleared = logout.cookies.find((c) => c.name === 'kemai_session');
    expect(cleared?.value).toBe('');

    expectProblem(await me({ cookie }), 401, 'unauthenticated');
    expect((await me({ cookie: sessionCookie(second) })).statusCode).toBe(200);
  });
});

describe('login rate limit', () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestContext({ KEMAI_LOGIN_RATE_LIMIT: '3' });
  });

  it('answers the 4th attempt within a minute from one address with 429 rate_limited, even with the right password', async () => {
    const rep = await limited.userSession('sales_rep');
    const attempt = (password: string, remoteAddress: string) =>
      limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: rep.email, password }, remoteAddress });

    expect((await attempt('wrong-1', '198.51.100.7')).statusCode).toBe(401);
    expect((await attempt('wrong-2', '198.51.100.7')).statusCode).toBe(401);
    expect((await attempt(TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    const fourth = await attempt(TEST_PASSWORD, '198.51.100.7');
    expectProblem(fourth, 429, 'rate_limited');
    expect(fourth.cookies).toEqual([]);
    // the limit is per client address
    expect((await attempt(TEST_PASSWORD, '198.51.100.8')).statusCode).toBe(200);
    // and only for login: the signed-in admin keeps working
    expect((await limited.admin.request('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('cannot be dodged with a forged X-Forwarded-For when no proxy is trusted', async () => {
    const rep = await limited.userSession('sales_rep');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: rep.email, password: 'wrong' },
        remoteAddress: '198.51.100.20',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('API keys', () => {
  async function issueKey(role: string, name = `${role} key`) {
    const response = await ctx.admin.request('POST', '/api/api-keys', { name, role });
    expect(response.statusCode, response.body).toBe(201);
    const { apiKey, key } = response.json();
    return { id: apiKey.id as string, key: key as string, apiKey };
  }

  it('authenticates writes with Authorization: Bearer and no CSRF token, acting for the issuing admin', async () => {
    const { id, key, apiKey } = await issueKey('admin', '集成脚本');
    expect(apiKey).toMatchObject({ name: '集成脚本', role: 'admin', userId: ctx.adminId, revokedAt: null, lastUsedAt: null });
    expect(key.startsWith(`kemai_${apiKey.prefix}_`)).toBe(true);
    const stored = await ctx.db.selectFrom('api_keys').select('key_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key); // only a hash is kept

    const script = ctx.apiKeySession(key);
    const created = await script.request('POST', '/api/customers', { kind: 'person', name: '脚本客户' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().ownerId).toBe(ctx.adminId);
    const event = await ctx.db.selectFrom('events').selectAll().where('entity_id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_type: 'api_key', actor_id: id, action: 'created' });

    const listed = (await ctx.admin.request('GET', '/api/api-keys')).json().items.find((item: { id: string }) => item.id === id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key);
  });

  it.each(['read_only', 'analyst'] as const)("gives a %s key its role's permissions: it may read customers but not write", async (role) => {
    const { key } = await issueKey(role);
    const script = ctx.apiKeySession(key);
    expect((await script.request('GET', '/api/customers')).statusCode).toBe(200);
    expectProblem(await script.request('POST', '/api/customers', { kind: 'person', name: '不许写' }), 403, 'forbidden');
    // the key's role, not its admin's, decides
    expectProblem(await script.request('POST', '/api/api-keys', { name: '升级', role: 'admin' }), 403, 'forbidden');
  });

  it('stops working at once when revoked', async () => {
    const { id, key } = await issueKey('sales_rep');
    const script = ctx.apiKeySession(key);
    expect((await script.request('GET', '/api/customers')).statusCode).toBe(200);
    expect((await ctx.admin.request('DELETE', `/api/api-keys/${id}`)).statusCode).toBe(204);
    expectProblem(await script.request('GET', '/api/customers'), 401, 'unauthenticated');
    expectProblem(await script.request('POST', '/api/customers', { kind: 'person', name: '已吊销' }), 401, 'unauthenticated');
    const listed = (await ctx.admin.request('GET', '/api/api-keys')).json().items.find((item: { id: string }) => item.id === id);
    expect(listed.revokedAt).not.toBeNull();
  });

  it('answers an unknown or malformed key with 401, even alongside a valid session cookie', async () => {
    expectProblem(await ctx.apiKeySession('kemai_nothing_nonexistentkeyvalue').request('GET', '/api/customers'), 401, 'unauthenticated');
    expectProblem(await ctx.apiKeySession('').request('GET', '/api/auth/me'), 401, 'unauthenticated');
    const rep = await ctx.userSession('sales_rep');
    const cookie = sessionCookie(await login(rep.email));
    const both = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, authorization: 'Bearer kemai_bogus_key' } });
    expectProblem(both, 401, 'unauthenticated');
  });
});
