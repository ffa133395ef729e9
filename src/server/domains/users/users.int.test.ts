import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_KEYS } from '../../../shared/auth.ts';
import { TEST_PASSWORD, createTestContext, signIn, type Session, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

const MISSING_ID = '01a216e3-0028-7f4d-ae81-ca53347c48c0';
const email = (label: string) => `${label}.${randomBytes(4).toString('hex')}@test.kemai.local`;
const paths = (response: LightMyRequestResponse) => response.json().errors.map((issue: { path: string }) => issue.path).sort();

function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json().code).toBe(code);
}

async function createUser(body: Record<string, unknown>, session: Session = ctx.admin) {
  const response = await session.request('POST', '/api/users', { email: email('user'), name: '新用户', password: TEST_PASSWORD, role: 'sales_rep', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function createTeam(body: Record<string, unknown>) {
  const response = await ctx.admin.request('POST', '/api/teams', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const events = (entityType: string, entityId: string) =>
  ctx.db.selectFrom('events').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute();

describe('creating users', () => {
  it('creates a user without exposing the password, and the new user can sign in', async () => {
    const address = email('Wang.Fang');
    const response = await ctx.admin.request('POST', '/api/users', { email: address, name: '王芳', password: TEST_PASSWORD, role: 'service_agent' });
    expect(response.statusCode, response.body).toBe(201);
    const user = response.json();
    expect(user).toEqual({
      id: expect.any(String),
      email: address.toLowerCase(),
      name: '王芳',
      role: 'service_agent',
      teamId: null,
      active: true,
      version: 1,
      createdAt: expect.any(String),
    });
    expect(response.body).not.toMatch(/password|hash|argon/i);
    const stored = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);

    const session = await ctx.login(address);
    const me = (await session.request('GET', '/api/auth/me')).json();
    expect(me.user).toMatchObject({ id: user.id, role: { key: 'service_agent' } });
    expect((await ctx.admin.request('GET', '/api/users')).json().items.map((u: { id: string }) => u.id)).toContain(user.id);
  });

  it('puts the user in a team when given one', async () => {
    const team = await createTeam({ name: '建用户组' });
    const user = await createUser({ teamId: team.id });
    expect(user.teamId).toBe(team.id);
  });

  it('answers a taken e-mail, in any case, with 409 naming email', async () => {
    const address = email('dup');
    await createUser({ email: address });
    for (const again of [address, address.toUpperCase()]) {
      const response = await ctx.admin.request('POST', '/api/users', { email: again, name: '重复', password: TEST_PASSWORD, role: 'sales_rep' });
      expectProblem(response, 409, 'conflict');
      expect(response.json().errors[0]).toMatchObject({ path: 'email', code: 'email_taken' });
    }
    const count = await ctx.db.selectFrom('users').select(ctx.db.fn.countAll<number>().as('n')).where('email', '=', address).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('answers simultaneous creations with one e-mail with one 201 and 409s naming email, never a 500', async () => {
    const body = { email: email('race'), name: '同时', password: TEST_PASSWORD, role: 'sales_rep' };
    const responses = await Promise.all([1, 2, 3].map(() => ctx.admin.request('POST', '/api/users', body)));
    expect(responses.map((response) => response.statusCode).sort(), responses.map((response) => response.body).join('\n')).toEqual([201, 409, 409]);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expectProblem(response, 409, 'conflict');
      expect(response.json().errors[0]).toMatchObject({ path: 'email', code: 'email_taken' });
    }
  });

  it('answers bad fields with 400 naming each', async () => {
    const response = await ctx.admin.request('POST', '/api/users', { email: 'not-an-email', name: '', password: 'short', role: 'king' });
    expectProblem(response, 400, 'validation_failed');
    expect(paths(response)).toEqual(['email', 'name', 'password', 'role']);
    const missing = await ctx.admin.request('POST', '/api/users', {});
    expect(paths(missing)).toEqual(['email', 'name', 'password', 'role']);
  });

  it('answers an unknown team with 400 naming teamId, and creates nobody', async () => {
    const address = email('noteam');
    const response = await ctx.admin.request('POST', '/api/users', { email: address, name: '无组', password: TEST_PASSWORD, role: 'sales_rep', teamId: MISSING_ID });
    expectProblem(response, 400, 'validation_failed');
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'teamId', code: 'unknown_team' })]);
    expect(await ctx.db.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst()).toBeUndefined();
  });
});

describe('only admins manage users, teams and API keys', () => {
  it.each(['sales_rep', 'sales_manager', 'service_agent', 'analyst'] as const)('a %s gets 403 and changes nothing', async (role) => {
    const session = await ctx.userSession(role);
    const address = email('byrep');
    expectProblem(await session.request('POST', '/api/users', { email: address, name: '越权', password: TEST_PASSWORD, role: 'admin' }), 403, 'forbidden');
    expectProblem(await session.request('POST', '/api/teams', { name: `越权组${role}` }), 403, 'forbidden');
    expectProblem(await session.request('POST', '/api/api-keys', { name: '越权钥匙', role: 'admin' }), 403, 'forbidden');
    expectProblem(await session.request('GET', '/api/api-keys'), 403, 'forbidden');
    expectProblem(await session.request('PATCH', `/api/users/${session.userId}`, { version: 1, role: 'admin' }), 403, 'forbidden');
    expectProblem(await session.request('POST', `/api/users/${ctx.adminId}/deactivate`), 403, 'forbidden');
    expect(await ctx.db.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst()).toBeUndefined();
    expect(await ctx.db.selectFrom('teams').select('id').where('name', '=', `越权组${role}`).executeTakeFirst()).toBeUndefined();
    // but everyone may list colleagues and roles
    expect((await session.request('GET', '/api/users')).statusCode).toBe(200);
    expect((await session.request('GET', '/api/roles')).statusCode).toBe(200);
  });
});

describe('updating users', () => {
  it("changes a user's role and team with the current version, and answers a stale version with 409", async () => {
    const team = await createTeam({ name: '改角色组' });
    const user = await createUser({ role: 'sales_rep' });
    const updated = await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, role: 'sales_manager', teamId: team.id });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ role: 'sales_manager', teamId: team.id, version: 2 });

    const stale = await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, role: 'analyst' });
    expectProblem(stale, 409, 'version_conflict');
    expect(stale.json().current).toMatchObject({ id: user.id, role: 'sales_manager', version: 2 });

    const cleared = await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 2, teamId: null });
    expect(cleared.json()).toMatchObject({ role: 'sales_manager', teamId: null, version: 3 });
  });

  it('rejects an unknown team or role, and a missing user', async () => {
    const user = await createUser({});
    const response = await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, teamId: MISSING_ID });
    expectProblem(response, 400, 'validation_failed');
    expect(paths(response)).toEqual(['teamId']);
    expect(paths(await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, role: 'king' }))).toEqual(['role']);
    expectProblem(await ctx.admin.request('PATCH', `/api/users/${MISSING_ID}`, { version: 1, name: 'x' }), 404, 'not_found');
  });

  it('signs a user out when their role changes, but not when only their name does', async () => {
    const user = await ctx.userSession('sales_rep');
    expect((await user.request('GET', '/api/auth/me')).statusCode).toBe(200);
    const renamed = await ctx.admin.request('PATCH', `/api/users/${user.userId}`, { version: 1, name: '改名' });
    expect(renamed.statusCode).toBe(200);
    // The server remembers actors for a few seconds; a change to the user is seen on the very next request.
    const me = await user.request('GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.name).toBe('改名');

    expect((await ctx.admin.request('PATCH', `/api/users/${user.userId}`, { version: 2, role: 'analyst' })).statusCode).toBe(200);
    expectProblem(await user.request('GET', '/api/auth/me'), 401, 'unauthenticated');
    const again = await ctx.login(user.email);
    expect((await again.request('GET', '/api/auth/me')).json().user.role.key).toBe('analyst');
  });

  it('moves a signed-in user to another team from their very next request', async () => {
    const team = await createTeam({ name: `换组 ${randomBytes(3).toString('hex')}` });
    const user = await ctx.userSession('sales_rep');
    expect((await user.request('GET', '/api/auth/me')).json().user.teamId).toBeNull();
    expect((await ctx.admin.request('PATCH', `/api/users/${user.userId}`, { version: 1, teamId: team.id })).statusCode).toBe(200);
    expect((await user.request('GET', '/api/auth/me')).json().user.teamId).toBe(team.id);
  });

  it("signs a user out when their password changes; the new password works and the old doesn't", async () => {
    const user = await ctx.userSession('sales_rep');
    const newPassword = 'a-brand-new-password';
    expect((await ctx.admin.request('PATCH', `/api/users/${user.userId}`, { version: 1, password: newPassword })).statusCode).toBe(200);
    expectProblem(await user.request('GET', '/api/auth/me'), 401, 'unauthenticated');
    await expect(ctx.login(user.email)).rejects.toThrow(/401/);
    expect((await (await signIn(ctx.app, user.email, newPassword)).request('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('does not let an admin change their own role', async () => {
    const response = await ctx.admin.request('PATCH', `/api/users/${ctx.adminId}`, { version: 1, role: 'read_only' });
    expectProblem(response, 400, 'validation_failed');
    expect(response.json().errors[0]).toMatchObject({ path: 'role', code: 'own_role' });
  });
});

describe('deactivating and activating users', () => {
  it("ends the user's sessions and API keys at once, and stops them signing in; activating lets them sign in again", async () => {
    const colleague = await ctx.userSession('admin');
    const keyResponse = await colleague.request('POST', '/api/api-keys', { name: '同事的钥匙', role: 'sales_rep' });
    expect(keyResponse.statusCode).toBe(201);
    const script = ctx.apiKeySession(keyResponse.json().key);
    expect((await script.request('GET', '/api/customers')).statusCode).toBe(200);
    expect((await colleague.request('GET', '/api/auth/me')).statusCode).toBe(200);

    const deactivated = await ctx.admin.request('POST', `/api/users/${colleague.userId}/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json()).toMatchObject({ id: colleague.userId, active: false });
    expectProblem(await colleague.request('GET', '/api/auth/me'), 401, 'unauthenticated');
    expectProblem(await script.request('GET', '/api/customers'), 401, 'unauthenticated');
    await expect(ctx.login(colleague.email)).rejects.toThrow(/401/);
    const stored = await ctx.db.selectFrom('api_keys').select('revoked_at').where('user_id', '=', colleague.userId).execute();
    expect(stored.length).toBe(1);
    expect(stored.every((key) => key.revoked_at !== null)).toBe(true);

    // deactivating twice changes nothing
    expect((await ctx.admin.request('POST', `/api/users/${colleague.userId}/deactivate`)).json().active).toBe(false);

    const activated = await ctx.admin.request('POST', `/api/users/${colleague.userId}/activate`);
    expect(activated.json()).toMatchObject({ active: true });
    const back = await ctx.login(colleague.email);
    expect((await back.request('GET', '/api/auth/me')).statusCode).toBe(200);
    // a revoked key stays revoked
    expectProblem(await script.request('GET', '/api/customers'), 401, 'unauthenticated');
  });

  it('does not let an admin deactivate themselves', async () => {
    const response = await ctx.admin.request('POST', `/api/users/${ctx.adminId}/deactivate`);
    expectProblem(response, 400, 'validation_failed');
    expect(response.json().errors[0]).toMatchObject({ path: 'id', code: 'self_deactivation' });
    expect((await ctx.admin.request('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('answers a missing user with 404', async () => {
    expectProblem(await ctx.admin.request('POST', `/api/users/${MISSING_ID}/deactivate`), 404, 'not_found');
    expectProblem(await ctx.admin.request('POST', `/api/users/${MISSING_ID}/activate`), 404, 'not_found');
  });
});

describe('roles', () => {
  it('lists the seven system roles with their permissions and record scope', async () => {
    const response = await ctx.admin.request('GET', '/api/roles');
    expect(response.statusCode).toBe(200);
    const roles: Array<{ key: string; name: string; permissions: string[]; recordScope: string }> = response.json().items;
    expect(roles.map((role) => role.key).sort()).toEqual(
      ['admin', 'analyst', 'marketer', 'read_only', 'sales_manager', 'sales_rep', 'service_agent'].sort(),
    );
    expect([...ROLE_KEYS].sort()).toEqual(roles.map((role) => role.key).sort());
    const byKey = Object.fromEntries(roles.map((role) => [role.key, role]));
    for (const role of roles) {
      expect(role.name.length, role.key).toBeGreaterThan(0);
      expect(role.permissions, role.key).toContain('customers.read');
      for (const permission of role.permissions) expect(PERMISSIONS).toContain(permission);
    }
    expect(byKey.admin).toMatchObject({ recordScope: 'all' });
    expect([...byKey.admin!.permissions].sort()).toEqual([...PERMISSIONS].sort());
    expect(byKey.sales_manager!.recordScope).toBe('team');
    expect(byKey.sales_rep!.recordScope).toBe('own');
    expect(byKey.read_only).toMatchObject({ recordScope: 'own', permissions: ['customers.read', 'orders.read'] });
    expect(byKey.analyst!.permissions).toEqual(expect.arrayContaining(['customers.read', 'audit.read']));
    for (const key of ['sales_manager', 'sales_rep', 'service_agent', 'marketer', 'analyst', 'read_only']) {
      for (const adminOnly of ['users.manage', 'teams.manage', 'api_keys.manage']) expect(byKey[key]!.permissions, key).not.toContain(adminOnly);
    }
    for (const key of ['marketer', 'analyst', 'read_only']) expect(byKey[key]!.permissions, key).not.toContain('customers.write');
  });
});

describe('teams', () => {
  it('creates a team with a manager, and answers a duplicate name with 409', async () => {
    const manager = await createUser({ role: 'sales_manager' });
    const team = await createTeam({ name: '华南销售部', managerId: manager.id });
    expect(team).toEqual({ id: expect.any(String), name: '华南销售部', managerId: manager.id, memberCount: 0, version: 1, createdAt: expect.any(String) });
    const duplicate = await ctx.admin.request('POST', '/api/teams', { name: '华南销售部' });
    expectProblem(duplicate, 409, 'conflict');
    expect(duplicate.json().errors[0]).toMatchObject({ path: 'name', code: 'name_taken' });
    expect((await ctx.admin.request('GET', '/api/teams')).json().items.filter((t: { name: string }) => t.name === '华南销售部')).toHaveLength(1);
  });

  it('answers simultaneous creations with one name with one 201 and a 409 naming name, never a 500', async () => {
    const responses = await Promise.all([1, 2].map(() => ctx.admin.request('POST', '/api/teams', { name: '同时建的组' })));
    expect(responses.map((response) => response.statusCode).sort(), responses.map((response) => response.body).join('\n')).toEqual([201, 409]);
    const conflict = responses.find((response) => response.statusCode === 409)!;
    expectProblem(conflict, 409, 'conflict');
    expect(conflict.json().errors[0]).toMatchObject({ path: 'name', code: 'name_taken' });
  });

  it('answers an unknown or deactivated manager with 400 naming managerId', async () => {
    const unknown = await ctx.admin.request('POST', '/api/teams', { name: '无经理组', managerId: MISSING_ID });
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'managerId', code: 'unknown_user' })]);
    const gone = await createUser({ role: 'sales_manager' });
    await ctx.admin.request('POST', `/api/users/${gone.id}/deactivate`);
    expect(paths(await ctx.admin.request('POST', '/api/teams', { name: '无经理组', managerId: gone.id }))).toEqual(['managerId']);
    expect(await ctx.db.selectFrom('teams').select('id').where('name', '=', '无经理组').executeTakeFirst()).toBeUndefined();
  });

  it('changes the manager and name with the current version; a stale version gets 409; a taken name 409', async () => {
    const first = await createUser({ role: 'sales_manager' });
    const second = await createUser({ role: 'sales_manager' });
    const team = await createTeam({ name: '换经理组', managerId: first.id });
    await createTeam({ name: '已占用的名字' });
    const updated = await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 1, managerId: second.id });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ managerId: second.id, version: 2 });
    expectProblem(await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 1, managerId: null }), 409, 'version_conflict');
    expectProblem(await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 2, name: '已占用的名字' }), 409, 'conflict');
    expect(paths(await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 2, managerId: MISSING_ID }))).toEqual(['managerId']);
    const renamed = await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 2, name: '换经理组二', managerId: null });
    expect(renamed.json()).toMatchObject({ name: '换经理组二', managerId: null, version: 3 });
    expectProblem(await ctx.admin.request('PATCH', `/api/teams/${MISSING_ID}`, { version: 1, name: 'x' }), 404, 'not_found');
  });

  it('counts only active members', async () => {
    const team = await createTeam({ name: '计数组' });
    const count = async () => (await ctx.admin.request('GET', '/api/teams')).json().items.find((t: { id: string }) => t.id === team.id).memberCount;
    const a = await createUser({ teamId: team.id });
    await createUser({ teamId: team.id });
    const c = await createUser({});
    expect(await count()).toBe(2);
    await ctx.admin.request('PATCH', `/api/users/${c.id}`, { version: 1, teamId: team.id });
    expect(await count()).toBe(3);
    await ctx.admin.request('POST', `/api/users/${a.id}/deactivate`);
    expect(await count()).toBe(2);
    await ctx.admin.request('POST', `/api/users/${a.id}/activate`);
    expect(await count()).toBe(3);
  });
});

describe('the audit trail', () => {
  it('records user creation, update, deactivation and activation with actor, before and after, never the password', async () => {
    const user = await createUser({ name: '审计用户', role: 'sales_rep' });
    await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, role: 'marketer', password: 'another-secret-pw' });
    await ctx.admin.request('PATCH', `/api/users/${user.id}`, { version: 1, role: 'analyst' }); // stale: no event
    await ctx.admin.request('POST', `/api/users/${user.id}/deactivate`);
    await ctx.admin.request('POST', `/api/users/${user.id}/activate`);

    const rows = await events('user', user.id);
    expect(rows.map((row) => row.action)).toEqual(['created', 'updated', 'deactivated', 'activated']);
    for (const row of rows) {
      expect(row).toMatchObject({ workspace_id: ctx.workspaceId, actor_type: 'user', actor_id: ctx.adminId, customer_id: null });
      expect(JSON.stringify(row)).not.toMatch(/password|argon/i);
    }
    expect(rows[0]!.before).toBeNull();
    expect(rows[0]!.after).toMatchObject({ id: user.id, name: '审计用户', role: 'sales_rep', active: true });
    expect(rows[1]!.before).toMatchObject({ role: 'sales_rep', version: 1 });
    expect(rows[1]!.after).toMatchObject({ role: 'marketer', version: 2 });
    expect(rows[2]!.before).toMatchObject({ active: true });
    expect(rows[2]!.after).toMatchObject({ active: false });
    expect(rows[3]!.after).toMatchObject({ active: true });
  });

  it('records team creation and update', async () => {
    const manager = await createUser({ role: 'sales_manager' });
    const team = await createTeam({ name: '审计组' });
    await ctx.admin.request('PATCH', `/api/teams/${team.id}`, { version: 1, managerId: manager.id });
    await ctx.admin.request('POST', '/api/teams', { name: '审计组' }); // duplicate: no event
    const rows = await events('team', team.id);
    expect(rows.map((row) => row.action)).toEqual(['created', 'updated']);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: ctx.adminId, before: null, after: { name: '审计组', managerId: null } });
    expect(rows[1]).toMatchObject({ before: { managerId: null, version: 1 }, after: { managerId: manager.id, version: 2 } });
  });

  it('records API key creation and revocation, never the secret', async () => {
    const response = await ctx.admin.request('POST', '/api/api-keys', { name: '审计钥匙', role: 'analyst' });
    const { apiKey, key } = response.json();
    await ctx.admin.request('DELETE', `/api/api-keys/${apiKey.id}`);
    await ctx.admin.request('DELETE', `/api/api-keys/${apiKey.id}`); // already revoked: no event
    const rows = await events('api_key', apiKey.id);
    expect(rows.map((row) => row.action)).toEqual(['created', 'revoked']);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: ctx.adminId, before: null, after: { name: '审计钥匙', role: 'analyst', revokedAt: null } });
    expect(rows[1]!.before).toMatchObject({ revokedAt: null });
    expect(rows[1]!.after).toMatchObject({ revokedAt: expect.any(String) });
    expect(JSON.stringify(rows)).not.toContain(key);
  });
});

describe('workspaces are separate', () => {
  it("hides another workspace's users and teams: listing omits them, reading and changing them is 404", async () => {
    const other = await ctx.otherWorkspace();
    const theirUser = (await other.admin.request('POST', '/api/users', { email: email('theirs'), name: '别家员工', password: TEST_PASSWORD, role: 'sales_rep' })).json();
    const theirTeam = (await other.admin.request('POST', '/api/teams', { name: '别家团队' })).json();
    expect(theirUser.id).toEqual(expect.any(String));

    const ours = (await ctx.admin.request('GET', '/api/users')).json().items.map((u: { id: string }) => u.id);
    expect(ours).not.toContain(theirUser.id);
    expect(ours).toContain(ctx.adminId);
    expect((await ctx.admin.request('GET', '/api/teams')).json().items.map((t: { id: string }) => t.id)).not.toContain(theirTeam.id);

    expectProblem(await ctx.admin.request('GET', `/api/users/${theirUser.id}`), 404, 'not_found');
    expectProblem(await ctx.admin.request('PATCH', `/api/users/${theirUser.id}`, { version: 1, name: '改别家' }), 404, 'not_found');
    expectProblem(await ctx.admin.request('POST', `/api/users/${theirUser.id}/deactivate`), 404, 'not_found');
    expectProblem(await ctx.admin.request('PATCH', `/api/teams/${theirTeam.id}`, { version: 1, name: '改别家' }), 404, 'not_found');
    // nor can their ids be used here
    expect(paths(await ctx.admin.request('POST', '/api/teams', { name: '借别家经理', managerId: theirUser.id }))).toEqual(['managerId']);
    expect(paths(await ctx.admin.request('POST', '/api/users', { email: email('x'), name: 'x', password: TEST_PASSWORD, role: 'sales_rep', teamId: theirTeam.id }))).toEqual(['teamId']);

    const unchanged = (await other.admin.request('GET', '/api/users')).json().items.find((u: { id: string }) => u.id === theirUser.id);
    expect(unchanged).toMatchObject({ name: '别家员工', active: true, version: 1 });
  });
});
