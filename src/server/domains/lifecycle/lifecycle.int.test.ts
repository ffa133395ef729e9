import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

const DEFAULTS = [
  { key: 'exploration', nameZh: '考察期', nameEn: 'Exploration' },
  { key: 'formation', nameZh: '形成期', nameEn: 'Formation' },
  { key: 'stability', nameZh: '稳定期', nameEn: 'Stability' },
  { key: 'decline', nameZh: '退化期', nameEn: 'Decline' },
];

async function create(session: Session, name: string, lifecycleStage?: string) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', name, ...(lifecycleStage ? { lifecycleStage } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

const stageList = async (session: Session) =>
  (await session.request('GET', '/api/lifecycle-stages')).json().items.map((s: { key: string; nameZh: string; retired: boolean }) => `${s.key}:${s.nameZh}${s.retired ? ':retired' : ''}`);

describe('retiring lifecycle stages', () => {
  it('refuses to retire a stage customers are in, naming how many, and moves them when given a replacement and a reason', async () => {
    const { admin } = await ctx.otherWorkspace();
    const inExploration = [await create(admin, '停用甲', 'exploration'), await create(admin, '停用乙', 'exploration')];
    const deleted = await create(admin, '已删客户', 'exploration');
    expect((await admin.request('DELETE', `/api/customers/${deleted.id}`)).statusCode).toBe(204);
    const elsewhere = await create(admin, '稳定客户', 'stability');
    const withoutExploration = DEFAULTS.filter((stage) => stage.key !== 'exploration');

    const refused = await admin.request('PUT', '/api/lifecycle-stages', { stages: withoutExploration });
    expect(refused.statusCode).toBe(409);
    // Deleted customers keep their stage and do not count.
    expect(refused.json().errors).toEqual([
      { path: 'moveTo.exploration', code: 'stage_in_use', message: expect.stringContaining('2 customers'), params: { stage: 'exploration', customers: 2 } },
    ]);
    expect(refused.json().detail).toContain('2 customers are in 考察期');

    const noReason = await admin.request('PUT', '/api/lifecycle-stages', { stages: withoutExploration, moveTo: { exploration: 'formation' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
    const badTarget = await admin.request('PUT', '/api/lifecycle-stages', { stages: withoutExploration, moveTo: { exploration: 'exploration', stability: 'decline' }, reason: 'x' });
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual(['moveTo.exploration:unknown_stage', 'moveTo.stability:not_retired']);
    // Nothing changed on the refusals.
    expect(await stageList(admin)).toEqual(['exploration:考察期', 'formation:形成期', 'stability:稳定期', 'decline:退化期']);

    const saved = await admin.request('PUT', '/api/lifecycle-stages', {
      stages: [{ key: 'formation', nameZh: '成长期', nameEn: 'Growth' }, ...withoutExploration.slice(1)],
      moveTo: { exploration: 'formation' },
      reason: '考察期停用，并入成长期',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await stageList(admin)).toEqual(['formation:成长期', 'stability:稳定期', 'decline:退化期', 'exploration:考察期:retired']);

    for (const customer of inExploration) {
      const after = (await admin.request('GET', `/api/customers/${customer.id}`)).json();
      expect(after).toMatchObject({ lifecycleStage: 'formation', version: customer.version + 1 });
      const history = (await admin.request('GET', `/api/customers/${customer.id}/lifecycle`)).json().items;
      expect(history[0]).toMatchObject({ fromStage: 'exploration', toStage: 'formation', reason: '考察期停用，并入成长期', actor: { type: 'user' } });
      const events = (await admin.request('GET', `/api/customers/${customer.id}/events`)).json().items;
      expect(events[0]).toMatchObject({ action: 'lifecycle_changed' });
      expect(events[0].changes).toEqual(expect.arrayContaining([{ field: 'lifecycleStage', before: 'exploration', after: 'formation' }]));
    }
    expect((await admin.request('GET', `/api/customers/${elsewhere.id}`)).json().lifecycleStage).toBe('stability');
    // The 360 page still names the retired stage in the history.
    const page = (await admin.request('GET', `/api/customers/${inExploration[0]!.id}/360`)).json();
    expect(page.lifecycle.stages).toContainEqual(expect.objectContaining({ key: 'exploration', nameZh: '考察期', retired: true }));

    // No customer enters a retired stage, neither on create nor by a change.
    const created = await admin.request('POST', '/api/customers', { kind: 'person', name: '新客户', lifecycleStage: 'exploration' });
    expect(created.json().errors).toEqual([expect.objectContaining({ path: 'lifecycleStage', code: 'unknown_stage' })]);
    const moveBack = await admin.request('POST', `/api/customers/${elsewhere.id}/lifecycle`, { stage: 'exploration', reason: '回到考察', version: elsewhere.version });
    expect(moveBack.json().errors).toEqual([expect.objectContaining({ path: 'stage', code: 'unknown_stage' })]);

    // Sending the key again restores it, at the position sent.
    const restored = await admin.request('PUT', '/api/lifecycle-stages', { stages: [DEFAULTS[0], { key: 'formation', nameZh: '成长期', nameEn: 'Growth' }, ...DEFAULTS.slice(2)] });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await stageList(admin)).toEqual(['exploration:考察期', 'formation:成长期', 'stability:稳定期', 'decline:退化期']);
  });

  it('retires a stage nobody is in without a reason, and only for its own workspace', async () => {
    const { admin } = await ctx.otherWorkspace();
    const saved = await admin.request('PUT', '/api/lifecycle-stages', { stages: DEFAULTS.slice(0, 3) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items.at(-1)).toEqual({ key: 'decline', nameZh: '退化期', nameEn: 'Decline', position: 4, retired: true });
    expect(await stageList(ctx.admin)).toEqual(['exploration:考察期', 'formation:形成期', 'stability:稳定期', 'decline:退化期']);
  });
});
