import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('changing a saved view', () => {
  it('renames it and changes its sharing with the version read; a stale version gets 409 with the current view', async () => {
    const team = (await ctx.admin.request('POST', '/api/teams', { name: '改名组' })).json().id;
    const ann = await ctx.userSession('sales_rep', { teamId: team, name: '安琪' });
    const bo = await ctx.userSession('sales_rep', { teamId: team, name: '博文' });
    const created = await ann.request('POST', '/api/saved-views', { name: '华东客户', query: { city: '杭州' }, columns: ['name', 'city'], sort: 'name' });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view.version).toBe(1);

    const renamed = await ann.request('PATCH', `/api/saved-views/${view.id}`, { version: 1, name: '  华东重点客户 ', sharedTeamId: team });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // Only what was sent changes: the filters, columns and sort stay.
    expect(renamed.json()).toMatchObject({ name: '华东重点客户', version: 2, sharedTeam: { id: team, name: '改名组' }, query: { city: '杭州' }, columns: ['name', 'city'], sort: 'name' });
    const seenByTeammate = (await bo.request('GET', '/api/saved-views')).json().items;
    expect(seenByTeammate.map((v: { name: string; mine: boolean }) => [v.name, v.mine])).toEqual([['华东重点客户', false]]);

    const stale = await ann.request('PATCH', `/api/saved-views/${view.id}`, { version: 1, name: '旧名字' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { name: '华东重点客户', version: 2 } });
    expect((await ann.request('GET', '/api/saved-views')).json().items[0].name).toBe('华东重点客户');

    const unshared = await ann.request('PATCH', `/api/saved-views/${view.id}`, { version: 2, sharedTeamId: null });
    expect(unshared.json()).toMatchObject({ sharedTeam: null, version: 3, name: '华东重点客户' });
    expect((await bo.request('GET', '/api/saved-views')).json().items).toEqual([]);

    // The change is in the audit trail with before and after.
    const events = await ctx.db
      .selectFrom('events')
      .select(['action', 'before', 'after'])
      .where('entity_type', '=', 'saved_view')
      .where('entity_id', '=', view.id)
      .orderBy('occurred_at')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['created', 'updated', 'updated']);
    expect(events[1]).toMatchObject({ before: { name: '华东客户', sharedTeamId: null }, after: { name: '华东重点客户', sharedTeamId: team } });
  });

  it('refuses a blank name and a missing version, naming each field', async () => {
    const view = (await ctx.admin.request('POST', '/api/saved-views', { name: '空名测试' })).json();
    const response = await ctx.admin.request('PATCH', `/api/saved-views/${view.id}`, { name: '   ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((issue: { path: string }) => issue.path).sort()).toEqual(['name', 'version']);
  });
});
