import type { KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';
import { getCustomer360 } from '../customer-360/customer-360.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

async function create(session: Session, body: Record<string, unknown>) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const paths = (response: { json(): { errors?: Array<{ path: string }> } }) => (response.json().errors ?? []).map((issue) => issue.path).sort();
const names = (response: { json(): { items: Array<{ name: string }> } }) => response.json().items.map((item) => item.name);

describe('person and organisation profiles', () => {
  it('creates a person with every profile group and returns the full profile', async () => {
    const customer = await create(ctx.admin, {
      name: '周婷',
      city: '杭州',
      address: '西湖区文三路 1 号',
      relationshipType: 'consumer',
      valueClass: 'important',
      keyAccount: true,
      profile: {
        gender: 'female',
        birthday: '1990-05-20',
        lunarBirthday: { month: 4, day: 26 },
        addresses: [{ label: '公司', city: '上海', address: '浦东新区世纪大道 100 号' }],
        consumption: { spendingLevel: 'high', channels: ['天猫', '门店', '天猫'], frequencyNote: '每月两次' },
        career: { employer: '网易', title: '产品经理', incomeBand: '20k_50k' },
        education: { degree: 'master', school: '浙江大学', major: '工业设计' },
        preferences: { tags: ['咖啡', '户外'], note: '周末联系' },
        psychology: 'aesthetic',
        sourceChannel: '朋友介绍',
      },
    });
    expect(customer).toMatchObject({
      city: '杭州',
      relationshipType: 'consumer',
      valueClass: 'important',
      keyAccount: true,
      lifecycleStage: null,
      customFields: {},
      profile: {
        kind: 'person',
        gender: 'female',
        birthday: '1990-05-20',
        lunarBirthday: { month: 4, day: 26, leap: false },
        addresses: [{ label: '公司', city: '上海', address: '浦东新区世纪大道 100 号' }],
        consumption: { spendingLevel: 'high', channels: ['天猫', '门店'], categories: [], frequencyNote: '每月两次' },
        career: { employer: '网易', title: '产品经理', industry: null, incomeBand: '20k_50k' },
        education: { degree: 'master', school: '浙江大学', major: '工业设计' },
        preferences: { tags: ['咖啡', '户外'], note: '周末联系' },
        psychology: 'aesthetic',
        sourceChannel: '朋友介绍',
      },
    });
    expect((await ctx.admin.request('GET', `/api/customers/${customer.id}`)).json()).toEqual(customer);
  });

  it('gives a person without profile every group empty, and an organisation its own groups', async () => {
    const person = await create(ctx.admin, { name: '孙磊' });
    expect(person.profile).toMatchObject({ kind: 'person', gender: null, career: { employer: null }, addresses: [] });
    const org = await create(ctx.admin, { kind: 'organization', name: '宁波海联贸易有限公司' });
    expect(org.profile).toMatchObject({ kind: 'organization', creditCode: null, credit: { character: { score: null, note: null } } });
    expect(org.profile).not.toHaveProperty('career');
  });

  it('changes only the profile fields sent, with the version check, and the history shows before and after', async () => {
    const customer = await create(ctx.admin, { name: '吴昊', profile: { career: { employer: '阿里巴巴', title: '工程师' }, psychology: 'practical' } });
    const patched = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, {
      version: 1,
      profile: { career: { title: '高级工程师' }, education: { school: '复旦大学' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().profile).toMatchObject({
      career: { employer: '阿里巴巴', title: '高级工程师' },
      education: { school: '复旦大学', degree: null },
      psychology: 'practical',
    });
    const stale = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, profile: { psychology: 'brand' } });
    expect(stale.statusCode).toBe(409);

    const events = (await ctx.admin.request('GET', `/api/customers/${customer.id}/events`)).json().items;
    expect(events[0].action).toBe('updated');
    const change = events[0].changes.find((c: { field: string }) => c.field === 'profile');
    expect(change.before.career.title).toBe('工程师');
    expect(change.after.career.title).toBe('高级工程师');
  });

  it("rejects fields of the other kind and bad values, naming each, and stores nothing", async () => {
    const response = await ctx.admin.request('POST', '/api/customers', {
      kind: 'person',
      name: '错误',
      profile: { creditCode: '914403001922038216', legalRepresentative: '某人', gender: 'unknown', lunarBirthday: { month: 13, day: 1 } },
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response)).toEqual(['profile.gender', 'profile.lunarBirthday.month']);
    const wrongKind = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '错误', profile: { legalRepresentative: '某人' } });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors).toEqual([expect.objectContaining({ path: 'profile.legalRepresentative', code: 'wrong_kind' })]);
    const unknown = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '错误', profile: { hobby: 'x' } });
    expect(unknown.statusCode).toBe(400);
    expect((await ctx.admin.request('GET', '/api/customers?q=错误')).json().items).toEqual([]);
  });

  it('validates the unified social credit code checksum and stores it normalised', async () => {
    const bad = await ctx.admin.request('POST', '/api/customers', {
      kind: 'organization',
      name: '校验失败公司',
      profile: { creditCode: '914403001922038217' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'profile.creditCode', code: 'credit_code_checksum' })]);
    const short = await ctx.admin.request('POST', '/api/customers', { kind: 'organization', name: '校验失败公司', profile: { creditCode: '91440300' } });
    expect(short.json().errors).toEqual([expect.objectContaining({ path: 'profile.creditCode', code: 'credit_code_length' })]);

    const org = await create(ctx.admin, {
      kind: 'organization',
      name: '深圳市腾讯计算机系统有限公司',
      profile: {
        creditCode: '9144 0300 7152 6726xg',
        legalRepresentative: '马化腾',
        industry: '互联网',
        size: 'huge',
        operatingStatus: 'operating',
        financialStrength: 'strong',
        productNeeds: '企业服务器 200 台',
        credit: { character: { score: 5, note: '履约记录良好' }, capital: { score: 4 } },
      },
    });
    expect(org.profile).toMatchObject({
      creditCode: '9144030071526726XG',
      legalRepresentative: '马化腾',
      credit: { character: { score: 5, note: '履约记录良好' }, capital: { score: 4, note: null }, collateral: { score: null } },
    });
    const badScore = await ctx.admin.request('PATCH', `/api/customers/${org.id}`, { version: 1, profile: { credit: { capacity: { score: 6 } } } });
    expect(paths(badScore)).toEqual(['profile.credit.capacity.score']);
    const partial = await ctx.admin.request('PATCH', `/api/customers/${org.id}`, { version: 1, profile: { credit: { capacity: { score: 3, note: '产能一般' } } } });
    expect(partial.json().profile.credit).toMatchObject({ character: { score: 5 }, capacity: { score: 3, note: '产能一般' } });
  });

  it('filters the list by classifications', async () => {
    await create(ctx.admin, { name: '分类甲', relationshipType: 'intermediary', valueClass: 'small' });
    await create(ctx.admin, { name: '分类乙', relationshipType: 'intermediary', valueClass: 'important', keyAccount: true });
    const list = async (qs: string) => names(await ctx.admin.request('GET', `/api/customers?q=分类&${qs}`)).sort();
    expect(await list('relationshipType=intermediary')).toEqual(['分类乙', '分类甲']);
    expect(await list('valueClass=important')).toEqual(['分类乙']);
    expect(await list('keyAccount=true')).toEqual(['分类乙']);
    expect((await ctx.admin.request('GET', '/api/customers?valueClass=huge')).statusCode).toBe(400);
  });
});

describe('lifecycle stages', () => {
  it('gives every workspace the four stages in order', async () => {
    const stages = (await ctx.admin.request('GET', '/api/lifecycle-stages')).json().items;
    expect(stages.map((s: { key: string; nameZh: string }) => `${s.key}:${s.nameZh}`)).toEqual([
      'exploration:考察期',
      'formation:形成期',
      'stability:稳定期',
      'decline:退化期',
    ]);
    const other = await ctx.otherWorkspace();
    expect((await other.admin.request('GET', '/api/lifecycle-stages')).json().items).toHaveLength(4);
  });

  it('changes the stage only with a reason, keeps the history with actor and reason, and records an event', async () => {
    const rep = await ctx.userSession('sales_rep', { name: '小赵' });
    const customer = await create(rep, { name: '阶段客户', lifecycleStage: 'exploration' });
    const url = `/api/customers/${customer.id}/lifecycle`;

    const noReason = await rep.request('POST', url, { stage: 'formation', version: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const blank = await rep.request('POST', url, { stage: 'formation', reason: '   ', version: 1 });
    expect(blank.statusCode).toBe(400);
    const unknown = await rep.request('POST', url, { stage: 'golden', reason: 'x', version: 1 });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'stage', code: 'unknown_stage' })]);
    const same = await rep.request('POST', url, { stage: 'exploration', reason: 'x', version: 1 });
    expect(same.json().errors).toEqual([expect.objectContaining({ path: 'stage', code: 'same_stage' })]);
    // A plain PATCH cannot move the stage.
    const patched = await rep.request('PATCH', `/api/customers/${customer.id}`, { version: 1, lifecycleStage: 'decline' });
    expect(patched.json().lifecycleStage ?? 'exploration').toBe('exploration');

    const moved = await rep.request('POST', url, { stage: 'formation', reason: '首次下单', version: patched.json().version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ lifecycleStage: 'formation' });
    const stale = await rep.request('POST', url, { stage: 'stability', reason: '复购', version: 1 });
    expect(stale.statusCode).toBe(409);
    await rep.request('POST', url, { stage: 'stability', reason: '连续三个月复购', version: moved.json().version });

    const history = (await rep.request('GET', url)).json().items;
    expect(history.map((h: { fromStage: string | null; toStage: string; reason: string | null }) => [h.fromStage, h.toStage, h.reason])).toEqual([
      ['formation', 'stability', '连续三个月复购'],
      ['exploration', 'formation', '首次下单'],
      [null, 'exploration', null],
    ]);
    expect(history[0].actor).toEqual({ type: 'user', id: rep.userId, name: '小赵' });
    const events = (await rep.request('GET', `/api/customers/${customer.id}/events`)).json().items;
    const lifecycleEvent = events.find((e: { action: string }) => e.action === 'lifecycle_changed');
    expect(lifecycleEvent.changes).toEqual(
      expect.arrayContaining([
        { field: 'lifecycleStage', before: 'formation', after: 'stability' },
        { field: 'lifecycleReason', before: null, after: '连续三个月复购' },
      ]),
    );
    // Another rep cannot see it, nor change its stage.
    const other = await ctx.userSession('sales_rep');
    expect((await other.request('POST', url, { stage: 'decline', reason: 'x', version: 4 })).statusCode).toBe(404);
    expect((await other.request('GET', url)).statusCode).toBe(404);
  });

  it('lets administrators rename, reorder, add and retire stages, but not retire one customers are in', async () => {
    const other = await ctx.otherWorkspace();
    await other.admin.request('POST', '/api/customers', { kind: 'person', name: '配置阶段', lifecycleStage: 'formation' });
    const rep = await ctx.userSession('sales_rep');
    const body = {
      stages: [
        { key: 'exploration', nameZh: '初识期', nameEn: 'Getting to know' },
        { key: 'formation', nameZh: '形成期', nameEn: 'Formation' },
        { key: 'loyal', nameZh: '忠诚期', nameEn: 'Loyal' },
      ],
    };
    expect((await rep.request('PUT', '/api/lifecycle-stages', body)).statusCode).toBe(403);
    const refused = await other.admin.request('PUT', '/api/lifecycle-stages', { stages: [{ key: 'exploration', nameZh: '考察期', nameEn: 'Exploration' }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([expect.objectContaining({ code: 'stage_in_use' })]);
    const saved = await other.admin.request('PUT', '/api/lifecycle-stages', body);
    expect(saved.statusCode, saved.body).toBe(200);
    // Stages left out are retired, listed after the active ones (see lifecycle.int.test.ts).
    expect(saved.json().items.map((s: { key: string; nameZh: string; position: number; retired: boolean }) => `${s.position}:${s.key}:${s.nameZh}${s.retired ? ':retired' : ''}`)).toEqual([
      '1:exploration:初识期',
      '2:formation:形成期',
      '3:loyal:忠诚期',
      '3:stability:稳定期:retired',
      '4:decline:退化期:retired',
    ]);
    // The other workspace's stages are untouched.
    expect((await ctx.admin.request('GET', '/api/lifecycle-stages')).json().items.map((s: { key: string }) => s.key)).toEqual([
      'exploration',
      'formation',
      'stability',
      'decline',
    ]);
  });

  it('filters the list by stage', async () => {
    await create(ctx.admin, { name: '稳定期客户', lifecycleStage: 'stability' });
    expect(names(await ctx.admin.request('GET', '/api/customers?lifecycleStage=stability&q=稳定期客户'))).toEqual(['稳定期客户']);
    expect(names(await ctx.admin.request('GET', '/api/customers?lifecycleStage=decline&q=稳定期客户'))).toEqual([]);
  });
});

describe('custom fields', () => {
  const fields: Record<string, { id: string; version: number }> = {};
  beforeAll(async () => {
    const defs = [
      { key: 'budget', labelZh: '预算', labelEn: 'Budget', type: 'money' },
      { key: 'employees', labelZh: '员工数', labelEn: 'Employees', type: 'number' },
      { key: 'signed_on', labelZh: '签约日', labelEn: 'Signed on', type: 'date' },
      { key: 'wechat', labelZh: '微信号', labelEn: 'WeChat', type: 'text' },
      { key: 'vip', labelZh: '会员', labelEn: 'VIP', type: 'boolean' },
      {
        key: 'level',
        labelZh: '等级',
        labelEn: 'Level',
        type: 'single_select',
        options: [
          { value: 'gold', labelZh: '金', labelEn: 'Gold' },
          { value: 'silver', labelZh: '银', labelEn: 'Silver' },
        ],
      },
      {
        key: 'interests',
        labelZh: '兴趣',
        labelEn: 'Interests',
        type: 'multi_select',
        options: [
          { value: 'tea', labelZh: '茶', labelEn: 'Tea' },
          { value: 'golf', labelZh: '高尔夫', labelEn: 'Golf' },
          { value: 'wine', labelZh: '红酒', labelEn: 'Wine' },
        ],
      },
    ];
    for (const def of defs) {
      const response = await ctx.admin.request('POST', '/api/custom-fields', def);
      expect(response.statusCode, response.body).toBe(201);
      fields[def.key] = response.json();
    }
  });

  it('lets only administrators define fields, and rejects taken keys and option mistakes', async () => {
    const rep = await ctx.userSession('sales_rep');
    expect((await rep.request('POST', '/api/custom-fields', { key: 'x', labelZh: 'x', labelEn: 'x', type: 'text' })).statusCode).toBe(403);
    expect((await rep.request('GET', '/api/custom-fields')).json().items.map((f: { key: string }) => f.key)).toEqual([
      'budget',
      'employees',
      'signed_on',
      'wechat',
      'vip',
      'level',
      'interests',
    ]);
    expect((await ctx.admin.request('POST', '/api/custom-fields', { key: 'budget', labelZh: 'x', labelEn: 'x', type: 'text' })).statusCode).toBe(409);
    const noOptions = await ctx.admin.request('POST', '/api/custom-fields', { key: 'grade', labelZh: 'x', labelEn: 'x', type: 'single_select' });
    expect(paths(noOptions)).toEqual(['options']);
    expect(paths(await ctx.admin.request('POST', '/api/custom-fields', { key: 'Bad Key', labelZh: 'x', labelEn: 'x', type: 'text' }))).toEqual(['key']);
  });

  it('stores typed values and rejects a wrong value of every type, naming customFields.<key>', async () => {
    const customer = await create(ctx.admin, {
      name: '字段客户',
      customFields: {
        budget: { amount: 1_250_000, currency: 'CNY' },
        employees: 120,
        signed_on: '2026-03-01',
        wechat: 'wx_abc',
        vip: true,
        level: 'gold',
        interests: ['wine', 'tea', 'wine'],
      },
    });
    expect(customer.customFields).toEqual({
      budget: { amount: 1_250_000, currency: 'CNY' },
      employees: 120,
      signed_on: '2026-03-01',
      wechat: 'wx_abc',
      vip: true,
      level: 'gold',
      interests: ['tea', 'wine'],
    });
    const bad = await ctx.admin.request('POST', '/api/customers', {
      kind: 'person',
      name: '坏字段',
      customFields: {
        budget: 12.5,
        employees: '120',
        signed_on: '2026-02-30',
        wechat: 42,
        vip: 'yes',
        level: 'bronze',
        interests: ['tea', 'chess'],
        nope: 1,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(
      ['budget', 'employees', 'signed_on', 'wechat', 'vip', 'level', 'interests', 'nope'].map((k) => `customFields.${k}`).sort(),
    );
    expect(bad.json().errors.find((e: { path: string }) => e.path === 'customFields.level').code).toBe('invalid_option');
    const badCurrency = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, customFields: { budget: { amount: 1, currency: 'rmb' } } });
    expect(badCurrency.json().errors).toEqual([expect.objectContaining({ path: 'customFields.budget', code: 'invalid_currency' })]);

    // A partial update changes only the keys sent; null removes a value.
    const patched = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, customFields: { employees: 130, wechat: null } });
    expect(patched.json().customFields).toMatchObject({ employees: 130, level: 'gold' });
    expect(patched.json().customFields).not.toHaveProperty('wechat');
  });

  it('enforces required fields on create and when sent, and refuses archived ones', async () => {
    const required = await ctx.admin.request('POST', '/api/custom-fields', { key: 'region_code', labelZh: '区域编码', labelEn: 'Region code', type: 'text', required: true });
    const before = await create(ctx.admin, { name: '必填前', customFields: { region_code: 'ZJ' } });
    const missing = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '必填缺' });
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'customFields.region_code', code: 'required' })]);
    const cleared = await ctx.admin.request('PATCH', `/api/customers/${before.id}`, { version: 1, customFields: { region_code: '' } });
    expect(cleared.json().errors).toEqual([expect.objectContaining({ path: 'customFields.region_code', code: 'required' })]);
    // Other edits of a customer are not blocked by it.
    expect((await ctx.admin.request('PATCH', `/api/customers/${before.id}`, { version: 1, city: '宁波' })).statusCode).toBe(200);

    const archived = await ctx.admin.request('PATCH', `/api/custom-fields/${required.json().id}`, { version: 1, archived: true });
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '归档后' })).statusCode).toBe(201);
    const refused = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '归档后', customFields: { region_code: 'x' } });
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'customFields.region_code', code: 'unknown_field' })]);
    const all = (await ctx.admin.request('GET', '/api/custom-fields?archived=include')).json().items;
    expect(all.map((f: { key: string }) => f.key)).toContain('region_code');
  });

  describe('filtering and sorting', () => {
    beforeAll(async () => {
      const rows: Array<[string, Record<string, unknown>]> = [
        ['筛选A', { employees: 9, budget: { amount: 500_00, currency: 'CNY' }, signed_on: '2026-01-15', wechat: 'Alpha_1', vip: true, level: 'gold', interests: ['tea'] }],
        ['筛选B', { employees: 10, budget: { amount: 2_000_00, currency: 'CNY' }, signed_on: '2025-12-31', wechat: 'beta', vip: false, level: 'silver', interests: ['golf', 'tea'] }],
        ['筛选C', { employees: 100, budget: { amount: 99_00, currency: 'CNY' }, signed_on: '2026-06-01', wechat: 'ALPHA_2', level: 'gold', interests: ['wine'] }],
        ['筛选D', {}],
      ];
      for (const [name, customFields] of rows) await create(ctx.admin, { name, customFields });
    });

    const list = async (qs: string) => {
      const response = await ctx.admin.request('GET', `/api/customers?q=${encodeURIComponent('筛选')}&limit=200&${qs}`);
      expect(response.statusCode, response.body).toBe(200);
      return names(response);
    };
    const sorted = async (qs: string) => (await list(qs)).sort();

    it('filters each type by its own rules', async () => {
      expect(await sorted('cf.employees=10')).toEqual(['筛选B']);
      expect(await sorted('cf.employees=10..100')).toEqual(['筛选B', '筛选C']);
      expect(await sorted('cf.employees=..9.5')).toEqual(['筛选A']);
      expect(await sorted('cf.budget=100000..')).toEqual(['筛选B']);
      expect(await sorted('cf.budget=..50000')).toEqual(['筛选A', '筛选C']);
      expect(await sorted('cf.signed_on=2026-01-01..2026-12-31')).toEqual(['筛选A', '筛选C']);
      expect(await sorted('cf.wechat=alpha')).toEqual(['筛选A', '筛选C']);
      expect(await sorted('cf.wechat=a_1')).toEqual(['筛选A']);
      // "=text" matches the whole value exactly.
      expect(await sorted(`cf.wechat=${encodeURIComponent('=beta')}`)).toEqual(['筛选B']);
      expect(await sorted(`cf.wechat=${encodeURIComponent('=bet')}`)).toEqual([]);
      expect(await sorted('cf.vip=false')).toEqual(['筛选B']);
      expect(await sorted('cf.level=gold')).toEqual(['筛选A', '筛选C']);
      expect(await sorted('cf.interests=tea')).toEqual(['筛选A', '筛选B']);
      expect(await sorted('cf.vip=!')).toEqual(['筛选C', '筛选D']);
      expect(await sorted('cf.employees=*')).toEqual(['筛选A', '筛选B', '筛选C']);
      expect(await sorted('cf.level=gold&cf.employees=50..')).toEqual(['筛选C']);
    });

    it('answers a bad filter with 400 naming cf.<key>', async () => {
      for (const [qs, path] of [
        ['cf.employees=ten', 'cf.employees'],
        ['cf.signed_on=2026-13-01', 'cf.signed_on'],
        ['cf.level=bronze', 'cf.level'],
        ['cf.vip=yes', 'cf.vip'],
        ['cf.nope=1', 'cf.nope'],
        ['sort=cf.nope', 'sort'],
      ]) {
        const response = await ctx.admin.request('GET', `/api/customers?${qs}`);
        expect(response.statusCode, qs).toBe(400);
        expect(paths(response), qs).toEqual([path]);
      }
    });

    it('sorts numbers numerically, money by amount, dates as dates, empty values last, and pages through the order', async () => {
      expect(await list('sort=cf.employees')).toEqual(['筛选A', '筛选B', '筛选C', '筛选D']);
      expect(await list('sort=-cf.employees')).toEqual(['筛选C', '筛选B', '筛选A', '筛选D']);
      expect(await list('sort=cf.budget')).toEqual(['筛选C', '筛选A', '筛选B', '筛选D']);
      expect(await list('sort=-cf.signed_on')).toEqual(['筛选C', '筛选A', '筛选B', '筛选D']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await ctx.admin.request('GET', `/api/customers?q=${encodeURIComponent('筛选')}&sort=-cf.employees&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.statusCode, response.body).toBe(200);
        seen.push(...names(response));
        cursor = response.json().nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen).toEqual(['筛选C', '筛选B', '筛选A', '筛选D']);
    });
  });
});

describe('relations, contacts and the 360 page', () => {
  let team: string;
  let rep: Session & { userId: string };
  let colleague: Session & { userId: string };
  beforeAll(async () => {
    team = (await ctx.admin.request('POST', '/api/teams', { name: '华东组' })).json().id;
    rep = await ctx.userSession('sales_rep', { teamId: team, name: '代表甲' });
    colleague = await ctx.userSession('sales_rep', { teamId: team, name: '代表乙' });
  });

  it('shows a relation from both ends with its direction', async () => {
    const husband = await create(rep, { name: '关系丈夫' });
    const wife = await create(rep, { name: '关系妻子' });
    const referrer = await create(rep, { name: '关系介绍人' });
    const spouse = await rep.request('POST', `/api/customers/${husband.id}/relations`, { toCustomerId: wife.id, type: 'spouse', note: '结婚十年' });
    expect(spouse.statusCode, spouse.body).toBe(201);
    await rep.request('POST', `/api/customers/${husband.id}/relations`, { toCustomerId: referrer.id, type: 'referrer' });

    const fromHusband = (await rep.request('GET', `/api/customers/${husband.id}/relations`)).json().items;
    expect(fromHusband.map((r: { type: string; direction: string; other: { name: string } }) => [r.type, r.direction, r.other.name])).toEqual([
      ['spouse', 'outgoing', '关系妻子'],
      ['referrer', 'outgoing', '关系介绍人'],
    ]);
    const fromReferrer = (await rep.request('GET', `/api/customers/${referrer.id}/relations`)).json().items;
    expect(fromReferrer).toEqual([expect.objectContaining({ type: 'referrer', direction: 'incoming', other: { id: husband.id, visible: true, name: '关系丈夫', kind: 'person' } })]);

    expect((await rep.request('POST', `/api/customers/${husband.id}/relations`, { toCustomerId: wife.id, type: 'spouse' })).statusCode).toBe(409);
    expect(paths(await rep.request('POST', `/api/customers/${husband.id}/relations`, { toCustomerId: husband.id, type: 'friend' }))).toEqual(['toCustomerId']);

    // Both timelines record it; removing from the other end works and is recorded too.
    const wifeEvents = (await rep.request('GET', `/api/customers/${wife.id}/events`)).json().items;
    expect(wifeEvents[0]).toMatchObject({ action: 'relation_added', after: { relation: { type: 'spouse', direction: 'incoming', customerId: husband.id } } });
    expect((await rep.request('DELETE', `/api/customers/${wife.id}/relations/${spouse.json().id}`)).statusCode).toBe(204);
    expect((await rep.request('GET', `/api/customers/${husband.id}/relations`)).json().items).toHaveLength(1);
    expect((await rep.request('GET', `/api/customers/${husband.id}/events`)).json().items[0].action).toBe('relation_removed');
  });

  it("does not let a rep link to, or see the name of, a customer outside their scope or workspace", async () => {
    const mine = await create(rep, { name: '我的客户' });
    const theirs = await create(colleague, { name: '同事的客户' });
    const refused = await rep.request('POST', `/api/customers/${mine.id}/relations`, { toCustomerId: theirs.id, type: 'friend' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'toCustomerId', code: 'unknown_customer' })]);

    const other = await ctx.otherWorkspace();
    const foreign = (await other.admin.request('POST', '/api/customers', { kind: 'person', name: '外部客户' })).json();
    expect((await rep.request('POST', `/api/customers/${mine.id}/relations`, { toCustomerId: foreign.id, type: 'friend' })).statusCode).toBe(400);
    expect((await other.admin.request('GET', `/api/customers/${mine.id}/relations`)).statusCode).toBe(404);

    // The admin links the two; each rep sees the link from their side, but not the other customer's name.
    expect((await ctx.admin.request('POST', `/api/customers/${mine.id}/relations`, { toCustomerId: theirs.id, type: 'colleague' })).statusCode).toBe(201);
    const seenByRep = (await rep.request('GET', `/api/customers/${mine.id}/relations`)).json().items;
    expect(seenByRep).toEqual([expect.objectContaining({ type: 'colleague', other: { id: null, visible: false, name: null, kind: null } })]);
    const seenByColleague = (await colleague.request('GET', `/api/customers/${theirs.id}/relations`)).json().items;
    expect(seenByColleague[0].other).toEqual({ id: null, visible: false, name: null, kind: null });
    const page = (await rep.request('GET', `/api/customers/${mine.id}/360`)).json();
    expect(JSON.stringify(page)).not.toContain('同事的客户');
    expect(JSON.stringify(page)).not.toContain(theirs.id);
    // The admin sees both names.
    expect((await ctx.admin.request('GET', `/api/customers/${mine.id}/relations`)).json().items[0].other.name).toBe('同事的客户');
  });

  it('links a person as contact of several organisations, shown from both sides', async () => {
    const person = await create(rep, { name: '联系人老钱' });
    const orgA = await create(rep, { kind: 'organization', name: '甲方科技有限公司' });
    const orgB = await create(rep, { kind: 'organization', name: '乙方贸易有限公司' });
    const first = await rep.request('PUT', `/api/customers/${orgA.id}/contacts/${person.id}`, { role: 'decision_maker', title: '总经理', isPrimary: true });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ role: 'decision_maker', title: '总经理', isPrimary: true, person: { name: '联系人老钱' } });
    await rep.request('PUT', `/api/customers/${orgB.id}/contacts/${person.id}`, { role: 'purchaser', title: '采购顾问' });
    const buyer = await create(rep, { name: '采购小李' });
    await rep.request('PUT', `/api/customers/${orgA.id}/contacts/${buyer.id}`, { role: 'purchaser', isPrimary: true });

    const ofA = (await rep.request('GET', `/api/customers/${orgA.id}/contacts`)).json().items;
    expect(ofA.map((c: { person: { name: string }; role: string; isPrimary: boolean }) => [c.person.name, c.role, c.isPrimary])).toEqual([
      ['采购小李', 'purchaser', true],
      ['联系人老钱', 'decision_maker', false],
    ]);
    const ofPerson = (await rep.request('GET', `/api/customers/${person.id}/contacts`)).json().items;
    expect(ofPerson.map((c: { organization: { name: string }; role: string }) => [c.organization.name, c.role]).sort()).toEqual([
      ['乙方贸易有限公司', 'purchaser'],
      ['甲方科技有限公司', 'decision_maker'],
    ]);

    expect(paths(await rep.request('PUT', `/api/customers/${person.id}/contacts/${buyer.id}`, { role: 'user' }))).toEqual(['id']);
    expect(paths(await rep.request('PUT', `/api/customers/${orgA.id}/contacts/${orgB.id}`, { role: 'user' }))).toEqual(['personId']);
    expect(paths(await rep.request('PUT', `/api/customers/${orgA.id}/contacts/${person.id}`, { role: 'boss' }))).toEqual(['role']);
    expect((await rep.request('DELETE', `/api/customers/${orgB.id}/contacts/${person.id}`)).statusCode).toBe(204);
    expect((await rep.request('GET', `/api/customers/${person.id}/contacts`)).json().items).toHaveLength(1);
  });

  it('answers the 360 page in one call with everything, and nothing to other workspaces or reps', async () => {
    await ctx.admin.request('POST', '/api/custom-fields', { key: 'shoe_size', labelZh: '鞋码', labelEn: 'Shoe size', type: 'number' });
    const person = await create(rep, {
      name: '画像客户',
      lifecycleStage: 'exploration',
      profile: { birthday: '1988-02-29', lunarBirthday: { month: 8, day: 15 }, career: { employer: '华为' } },
      customFields: { shoe_size: 42 },
    });
    const org = await create(rep, { kind: 'organization', name: '画像所在公司' });
    await rep.request('PUT', `/api/customers/${org.id}/contacts/${person.id}`, { role: 'user', title: '工程师' });
    const friends = [];
    for (let i = 0; i < 3; i++) friends.push(await create(rep, { name: `画像好友${i}` }));
    for (const friend of friends) await rep.request('POST', `/api/customers/${person.id}/relations`, { toCustomerId: friend.id, type: 'friend' });
    await rep.request('POST', `/api/customers/${person.id}/lifecycle`, { stage: 'formation', reason: '签约', version: 1 });

    const response = await rep.request('GET', `/api/customers/${person.id}/360`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json();
    expect(page.customer).toMatchObject({ id: person.id, lifecycleStage: 'formation', customFields: { shoe_size: 42 }, profile: { career: { employer: '华为' } } });
    expect(page.relations.map((r: { other: { name: string } }) => r.other.name)).toEqual(['画像好友0', '画像好友1', '画像好友2']);
    expect(page.contacts).toEqual([expect.objectContaining({ role: 'user', title: '工程师', organization: expect.objectContaining({ name: '画像所在公司' }) })]);
    expect(page.lifecycle.stages).toHaveLength(4);
    expect(page.lifecycle.history.map((h: { toStage: string }) => h.toStage)).toEqual(['formation', 'exploration']);
    expect(page.customFieldDefinitions.map((d: { key: string }) => d.key)).toContain('shoe_size');
    expect(page.birthdays.nextSolar).toMatch(/^\d{4}-(02-28|02-29)$/);
    expect(page.birthdays.nextLunar).toMatch(/^\d{4}-(09|10)-\d{2}$/);
    expect(page.orders).toMatchObject({ count: 0 });

    const other = await ctx.otherWorkspace();
    expect((await other.admin.request('GET', `/api/customers/${person.id}/360`)).statusCode).toBe(404);
    expect((await colleague.request('GET', `/api/customers/${person.id}/360`)).statusCode).toBe(404);
  });
});

describe('the 360 payload', () => {
  it('takes the same number of queries with 1 relation and contact as with 12 of each (no N+1)', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = ctx.db.withPlugin(counter);
    const actor = ctx.adminActor;
    const queriesFor = async (links: number) => {
      const person = await create(ctx.admin, { name: `计数客户${links}` });
      for (let i = 0; i < links; i++) {
        const friend = await create(ctx.admin, { name: `计数好友${links}-${i}` });
        await ctx.admin.request('POST', `/api/customers/${person.id}/relations`, { toCustomerId: friend.id, type: 'friend' });
        const org = await create(ctx.admin, { kind: 'organization', name: `计数公司${links}-${i}` });
        await ctx.admin.request('PUT', `/api/customers/${org.id}/contacts/${person.id}`, { role: 'user' });
      }
      queries = 0;
      const page = await getCustomer360(counted, actor, person.id);
      expect(page.relations).toHaveLength(links);
      expect(page.contacts).toHaveLength(links);
      return queries;
    };
    const few = await queriesFor(1);
    const many = await queriesFor(12);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(12);
  });
});

describe('saved views', () => {
  it('shows one\'s own views and those shared with one\'s team, nobody else\'s', async () => {
    const teamA = (await ctx.admin.request('POST', '/api/teams', { name: '视图甲组' })).json().id;
    const teamB = (await ctx.admin.request('POST', '/api/teams', { name: '视图乙组' })).json().id;
    const ann = await ctx.userSession('sales_rep', { teamId: teamA, name: '安' });
    const bo = await ctx.userSession('sales_rep', { teamId: teamA, name: '博' });
    const cai = await ctx.userSession('sales_rep', { teamId: teamB, name: '蔡' });

    const privateView = await ann.request('POST', '/api/saved-views', { name: '我的重要客户', query: { valueClass: 'important', 'cf.level': 'gold' }, columns: ['name', 'city', 'cf.level'], sort: '-updatedAt' });
    expect(privateView.statusCode, privateView.body).toBe(201);
    expect(privateView.json()).toMatchObject({ mine: true, sharedTeam: null, query: { valueClass: 'important', 'cf.level': 'gold' }, columns: ['name', 'city', 'cf.level'] });
    const shared = await ann.request('POST', '/api/saved-views', { name: '组内潜在客户', query: { status: 'potential' }, sharedTeamId: teamA });
    expect(shared.statusCode).toBe(201);
    expect((await ann.request('POST', '/api/saved-views', { name: '越权分享', sharedTeamId: teamB })).json().errors).toEqual([
      expect.objectContaining({ path: 'sharedTeamId', code: 'unknown_team' }),
    ]);

    const listed = async (session: Session) => (await session.request('GET', '/api/saved-views')).json().items.map((v: { name: string; mine: boolean }) => `${v.name}:${v.mine}`);
    expect(await listed(ann)).toEqual(['我的重要客户:true', '组内潜在客户:true']);
    expect(await listed(bo)).toEqual(['组内潜在客户:false']);
    expect(await listed(cai)).toEqual([]);

    // Only the owner changes or deletes; to others it is read-only (or unknown).
    expect((await bo.request('PATCH', `/api/saved-views/${shared.json().id}`, { version: 1, name: '改名' })).statusCode).toBe(404);
    expect((await bo.request('DELETE', `/api/saved-views/${shared.json().id}`)).statusCode).toBe(404);
    expect((await cai.request('DELETE', `/api/saved-views/${privateView.json().id}`)).statusCode).toBe(404);
    const unshared = await ann.request('PATCH', `/api/saved-views/${shared.json().id}`, { version: 1, sharedTeamId: null });
    expect(unshared.json().sharedTeam).toBeNull();
    expect(await listed(bo)).toEqual([]);
    expect((await ann.request('DELETE', `/api/saved-views/${privateView.json().id}`)).statusCode).toBe(204);
    expect(await listed(ann)).toEqual(['组内潜在客户:true']);

    const other = await ctx.otherWorkspace();
    expect((await other.admin.request('GET', '/api/saved-views')).json().items).toEqual([]);
  });
});
