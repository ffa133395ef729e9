import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
let manager: Session & { userId: string };
let alice: Session & { userId: string };
let bob: Session & { userId: string };
let outsider: Session & { userId: string };

beforeAll(async () => {
  ctx = await createTestContext();
  const teamId = (await ctx.admin.request('POST', '/api/teams', { name: '华南组' })).json().id;
  manager = await ctx.userSession('sales_manager', { teamId, name: '经理' });
  await ctx.admin.request('PATCH', `/api/teams/${teamId}`, { version: 1, managerId: manager.userId });
  alice = await ctx.userSession('sales_rep', { teamId, name: 'Alice' });
  bob = await ctx.userSession('sales_rep', { teamId, name: 'Bob' });
  outsider = await ctx.userSession('sales_rep', { name: '外组' });
});

async function create(session: Session, body: Record<string, unknown>) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

const ownerOf = async (id: string) => (await ctx.db.selectFrom('customers').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()).owner_id;

describe('bulk reassignment', () => {
  it('moves the customers in scope to the new owner, one event each, and answers how many moved', async () => {
    const a1 = await create(alice, { name: '转交一' });
    const a2 = await create(alice, { name: '转交二' });
    const b1 = await create(bob, { name: '转交三' });
    const response = await manager.request('POST', '/api/customers/reassign', { customerIds: [a1.id, a2.id, b1.id, a1.id], ownerId: bob.userId });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ moved: 2 }); // b1 was Bob's already; the repeated id counts once
    expect([await ownerOf(a1.id), await ownerOf(a2.id), await ownerOf(b1.id)]).toEqual([bob.userId, bob.userId, bob.userId]);
    const events = (await ctx.admin.request('GET', `/api/customers/${a1.id}/events`)).json().items;
    expect(events[0]).toMatchObject({ action: 'reassigned', actor: { id: manager.userId }, changes: [{ field: 'ownerId', before: alice.userId, after: bob.userId }] });
    expect((await ctx.admin.request('GET', `/api/customers/${b1.id}/events`)).json().items.map((e: { action: string }) => e.action)).toEqual(['created']);
    // Alice no longer sees what she handed over; Bob does.
    expect((await alice.request('GET', `/api/customers/${a1.id}`)).statusCode).toBe(404);
    expect((await bob.request('GET', `/api/customers/${a1.id}`)).statusCode).toBe(200);
  });

  it('moves nothing when one id is outside the actor’s scope, naming that id', async () => {
    const inTeam = await create(alice, { name: '全有一' });
    const foreign = await create(outsider, { name: '全无二' });
    const response = await manager.request('POST', '/api/customers/reassign', { customerIds: [inTeam.id, foreign.id], ownerId: bob.userId });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: 'customerIds.1', code: 'not_found' })]);
    expect(await ownerOf(inTeam.id)).toBe(alice.userId);
    expect(await ownerOf(foreign.id)).toBe(outsider.userId);
    expect((await ctx.db.selectFrom('events').select('id').where('action', '=', 'reassigned').where('entity_id', '=', inTeam.id).execute()).length).toBe(0);
  });

  it('refuses owners outside the manager’s reach and roles that may not reassign', async () => {
    const customer = await create(alice, { name: '越权' });
    const far = await manager.request('POST', '/api/customers/reassign', { customerIds: [customer.id], ownerId: outsider.userId });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({ path: 'ownerId', code: 'unknown_owner' });
    expect((await alice.request('POST', '/api/customers/reassign', { customerIds: [customer.id], ownerId: alice.userId })).statusCode).toBe(403);
    const bad = await manager.request('POST', '/api/customers/reassign', { customerIds: [], ownerId: 'x' });
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['customerIds', 'ownerId']);
    // The admin may hand anything to anyone, including into another team.
    expect((await ctx.admin.request('POST', '/api/customers/reassign', { customerIds: [customer.id], ownerId: outsider.userId })).json()).toEqual({ moved: 1 });
  });
});

describe('collaborators', () => {
  it('lets the owner share a customer: the collaborator sees it in the list and by id until removed', async () => {
    const shared = await create(alice, { name: '协作客户' });
    expect((await outsider.request('GET', `/api/customers/${shared.id}`)).statusCode).toBe(404);
    const added = await alice.request('POST', `/api/customers/${shared.id}/collaborators`, { userId: outsider.userId });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().items).toEqual([expect.objectContaining({ userId: outsider.userId, name: '外组' })]);
    expect((await outsider.request('GET', `/api/customers/${shared.id}`)).statusCode).toBe(200);
    const listed = (await outsider.request('GET', '/api/customers?q=协作客户')).json().items.map((c: { id: string }) => c.id);
    expect(listed).toEqual([shared.id]);
    // The outsider's own manager-less team does not matter; a collaborator may not share further or release.
    expect((await outsider.request('POST', `/api/customers/${shared.id}/collaborators`, { userId: bob.userId })).statusCode).toBe(403);
    expect((await outsider.request('POST', `/api/customers/${shared.id}/release`, {})).statusCode).toBe(403);
    // Adding twice changes nothing; the owner is not a collaborator.
    await alice.request('POST', `/api/customers/${shared.id}/collaborators`, { userId: outsider.userId });
    expect((await alice.request('POST', `/api/customers/${shared.id}/collaborators`, { userId: alice.userId })).json().errors[0].code).toBe('is_owner');
    const actions = (await ctx.admin.request('GET', `/api/customers/${shared.id}/events`)).json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['collaborator_added', 'created']);

    expect((await alice.request('DELETE', `/api/customers/${shared.id}/collaborators/${outsider.userId}`)).statusCode).toBe(204);
    expect((await outsider.request('GET', `/api/customers/${shared.id}`)).statusCode).toBe(404);
    expect((await alice.request('DELETE', `/api/customers/${shared.id}/collaborators/${outsider.userId}`)).statusCode).toBe(404);
  });

  it('shows a team manager the customers the team’s members collaborate on', async () => {
    const theirs = await create(outsider, { name: '外组协作' });
    expect((await manager.request('GET', `/api/customers/${theirs.id}`)).statusCode).toBe(404);
    await outsider.request('POST', `/api/customers/${theirs.id}/collaborators`, { userId: bob.userId });
    expect((await manager.request('GET', `/api/customers/${theirs.id}`)).statusCode).toBe(200);
    // A collaborator may leave on their own.
    expect((await bob.request('DELETE', `/api/customers/${theirs.id}/collaborators/${bob.userId}`)).statusCode).toBe(204);
    expect((await manager.request('GET', `/api/customers/${theirs.id}`)).statusCode).toBe(404);
  });
});
