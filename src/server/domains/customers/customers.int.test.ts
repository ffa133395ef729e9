import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type Session, type TestContext } from '../../testing/harness.ts';
import { SEARCH_CANDIDATE_CAP, searchCondition } from './customers.repository.ts';
import { planSearch } from './customers.search.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

async function create(session: Session, body: Record<string, unknown>) {
  const response = await session.request('POST', '/api/customers', { kind: 'person', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const names = (response: { json(): { items: Array<{ name: string }> } }) => response.json().items.map((item) => item.name);

describe('creating and reading customers', () => {
  it('creates a person with normalised phones and e-mails, owned by the creator', async () => {
    const customer = await create(ctx.admin, {
      name: ' 张伟 ',
      phones: ['+86 138-1234-5678', '13812345678'],
      emails: ['Zhang.Wei@Example.COM'],
      city: '北京',
      tags: ['VIP', 'VIP'],
    });
    expect(customer).toMatchObject({
      kind: 'person',
      name: '张伟',
      phones: ['13812345678'],
      emails: ['zhang.wei@example.com'],
      city: '北京',
      tags: ['VIP'],
      status: 'potential',
      ownerId: ctx.adminId,
      owner: { id: ctx.adminId, name: '管理员' },
      version: 1,
      deletedAt: null,
    });
    const fetched = await ctx.admin.request('GET', `/api/customers/${customer.id}`);
    expect(fetched.json()).toEqual(customer);
  });

  it('rejects bad input naming every field, and stores nothing', async () => {
    const before = await ctx.db.selectFrom('customers').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await ctx.admin.request('POST', '/api/customers', {
      kind: 'alien',
      name: 'x'.repeat(201),
      phones: ['12', '13812345678'],
      emails: ['not-an-email'],
      city: 42,
      ownerId: 'nope',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((issue: { path: string }) => issue.path).sort()).toEqual(['city', 'emails.0', 'kind', 'name', 'ownerId', 'phones.0']);
    expect(problem.errors.find((issue: { path: string }) => issue.path === 'phones.0').code).toBe('invalid_phone');
    const after = await ctx.db.selectFrom('customers').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers malformed JSON and unknown owners with 400 problems', async () => {
    const malformed = await ctx.admin.request('POST', '/api/customers', '{"kind":');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_request');
    const bad = await ctx.admin.request('POST', '/api/customers', { kind: 'person', name: '王芳', ownerId: '01a216e3-0028-7f4d-ae81-ca53347c48c0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'ownerId', code: 'unknown_owner' })]);
  });

  it('gives 404 for a missing id, a malformed id is a 400', async () => {
    expect((await ctx.admin.request('GET', '/api/customers/01a216e3-0028-7f4d-ae81-ca53347c48c0')).statusCode).toBe(404);
    expect((await ctx.admin.request('GET', '/api/customers/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('updating with optimistic concurrency', () => {
  it('updates with the current version, and answers a stale version with 409 and the current record', async () => {
    const customer = await create(ctx.admin, { name: '李娜', city: '杭州' });
    const updated = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, city: '上海' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ city: '上海', version: 2 });

    const stale = await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, city: '广州' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { city: '上海', version: 2 } });
    const stored = await ctx.admin.request('GET', `/api/customers/${customer.id}`);
    expect(stored.json().city).toBe('上海');
  });

  it('records every change as an event with before and after, and none for a rejected change', async () => {
    const customer = await create(ctx.admin, { name: '陈静', city: '南京' });
    await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, city: '苏州', tags: ['老客户'] });
    await ctx.admin.request('PATCH', `/api/customers/${customer.id}`, { version: 1, city: '无锡' }); // stale
    const events = (await ctx.admin.request('GET', `/api/customers/${customer.id}/events`)).json().items;
    expect(events.map((event: { action: string }) => event.action)).toEqual(['updated', 'created']);
    expect(events[0].changes).toEqual([
      { field: 'city', before: '南京', after: '苏州' },
      { field: 'tags', before: [], after: ['老客户'] },
    ]);
    expect(events[0].actor).toEqual({ type: 'user', id: ctx.adminId, name: '管理员' });
    const rows = await ctx.db.selectFrom('events').selectAll().where('entity_id', '=', customer.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.workspace_id === ctx.workspaceId)).toBe(true);
  });

  it('soft-deletes and restores', async () => {
    const customer = await create(ctx.admin, { name: '刘洋' });
    expect((await ctx.admin.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(204);
    const list = await ctx.admin.request('GET', '/api/customers?q=刘洋');
    expect(names(list)).not.toContain('刘洋');
    const trash = await ctx.admin.request('GET', '/api/customers?q=刘洋&deleted=only');
    expect(names(trash)).toContain('刘洋');
    expect((await ctx.admin.request('GET', `/api/customers/${customer.id}`)).json().deletedAt).not.toBeNull();
    const restored = await ctx.admin.request('POST', `/api/customers/${customer.id}/restore`);
    expect(restored.json()).toMatchObject({ deletedAt: null, version: 3 });
    expect(names(await ctx.admin.request('GET', '/api/customers?q=刘洋'))).toContain('刘洋');
  });
});

describe('search', () => {
  beforeAll(async () => {
    await create(ctx.admin, { name: '张伟明', phones: ['13900001111'], emails: ['weiming@corp.cn'] });
    await create(ctx.admin, { name: '王张伟', phones: ['13700002222'] });
    await create(ctx.admin, { kind: 'organization', name: '杭州云图科技有限公司', phones: ['057188889999'], emails: ['info@yuntu.com.cn'] });
    await create(ctx.admin, { name: 'Wendy Zhou', emails: ['wendy@example.org'] });
  });

  const search = async (q: string) => names(await ctx.admin.request('GET', `/api/customers?q=${encodeURIComponent(q)}&limit=200`));

  it('finds Chinese substrings of two or more characters', async () => {
    expect(await search('张伟')).toEqual(expect.arrayContaining(['张伟', '张伟明', '王张伟']));
    expect(await search('云图科技')).toEqual(['杭州云图科技有限公司']);
    expect(await search('伟明')).toEqual(['张伟明']);
  });

  it('asks the bigram index for a Chinese text, in the index\'s collation', async () => {
    // Results alone cannot tell: without the index the same rows come from reading every customer's name.
    const plan = await ctx.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      // The text's condition alone (no workspace, which other indexes would answer on a table this small).
      const query = tx.selectFrom('customers').select('id').where(searchCondition(tx, ctx.workspaceId, planSearch('张伟'), undefined));
      return (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(tx)).rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('customers_name_bigrams_idx');
  });

  it('finds by full pinyin, spaced pinyin and initials', async () => {
    for (const q of ['zhangwei', 'zhang wei', 'ZW']) {
      const found = await search(q);
      expect(found, q).toContain('张伟');
      expect(found, q).toContain('张伟明');
      expect(found, q).not.toContain('王张伟');
    }
    expect(await search('hzyt')).toEqual(['杭州云图科技有限公司']);
  });

  it('finds by full phone, the last four or more digits, and e-mail', async () => {
    expect(await search('13900001111')).toEqual(['张伟明']);
    expect(await search('1111')).toEqual(['张伟明']);
    expect(await search('+86 139 0000 1111')).toEqual(['张伟明']);
    expect(await search('8889999')).toEqual(['杭州云图科技有限公司']);
    expect(await search('0000')).toEqual([]);
    expect(await search('weiming@corp')).toEqual(['张伟明']);
    expect(await search('INFO@yuntu.com')).toEqual(['杭州云图科技有限公司']);
    expect(await search('@yuntu.com')).toEqual(['杭州云图科技有限公司']);
    expect(await search('@yun')).toEqual(['杭州云图科技有限公司']);
    // the start of an address or of its domain, not any part of it
    expect(await search('fo@yuntu')).toEqual([]);
    expect(await search('@tu.com')).toEqual([]);
    expect(await search('@nowhere.example')).toEqual([]);
    // '@' alone: everyone with an address, no one without
    expect(await search('@')).toEqual(expect.arrayContaining(['张伟明', '杭州云图科技有限公司', 'Wendy Zhou']));
    expect(await search('@')).not.toContain('王张伟');
    expect(await search('wendy')).toEqual(['Wendy Zhou']);
  });

  it('finds letters at the start of an e-mail address, not inside it', async () => {
    // 张伟明's pinyin is zhangweiming and the name has no Latin letters: only the address weiming@corp.cn matches.
    expect(await search('weiming')).toEqual(['张伟明']);
    expect(await search('yuntu')).toEqual([]);
    expect(await search('iming')).toEqual([]);
  });

  it('finds an address that starts with the owner\'s pinyin by name or by address, and follows a rename', async () => {
    // 蔺琳 is linlin; the address linlinda@… echoes the pinyin, so 'linl' finds her by name and 'linlind' by address.
    const lin = await create(ctx.admin, { name: '蔺琳', emails: ['linlinda@corp.cn'] });
    expect(await search('linl')).toContain('蔺琳');
    expect(await search('linlind')).toEqual(['蔺琳']);
    // Renamed, the address no longer echoes the name: 'linl' must now find her by the address alone.
    const renamed = await ctx.admin.request('PATCH', `/api/customers/${lin.id}`, { version: lin.version, name: '苗苗' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await search('linl')).toContain('苗苗');
    expect(await search('linl')).not.toContain('蔺琳');
  });

  it('forgets a replaced phone or e-mail, and every key of a customer deleted for good', async () => {
    const moved = await create(ctx.admin, { name: '换号客户', phones: ['13711112222'], emails: ['huanhao.old@corp.cn'] });
    const patched = await ctx.admin.request('PATCH', `/api/customers/${moved.id}`, {
      version: moved.version,
      phones: ['13733334444'],
      emails: ['huanhao.new@corp.cn'],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await search('2222')).not.toContain('换号客户');
    expect(await search('huanhao.old@corp')).toEqual([]);
    expect(await search('4444')).toContain('换号客户');
    expect(await search('huanhao.new@corp')).toEqual(['换号客户']);
    const keysOf = async (id: string) =>
      (await sql<{ key: string }>`select key from customer_contact_keys where workspace_id = ${ctx.workspaceId} and customer_id = ${id} order by key`.execute(ctx.db)).rows.map((row) => row.key);
    expect(await keysOf(moved.id)).toEqual(['e:huanhao.new@corp.cn', 'p:44443333731']);
    await sql`delete from customers where workspace_id = ${ctx.workspaceId} and id = ${moved.id}`.execute(ctx.db);
    expect(await keysOf(moved.id)).toEqual([]);
  });

  it('gives customers inserted together one key per phone and e-mail, with the e-mail\'s pinyin echo', async () => {
    const [first, second] = [uuidv7(), uuidv7()];
    // As an import writes them: several customers in one statement, one phone and one e-mail given twice.
    await sql`insert into customers (workspace_id, id, kind, name, name_pinyin, phones, emails) values
      (${ctx.workspaceId}, ${first}, 'person', '郑磊', 'zhenglei', ${['13800001111', '13800001111']}, ${['zhenglei88@qq.com']}),
      (${ctx.workspaceId}, ${second}, 'organization', '郑氏商贸', 'zhengshishangmao', ${['13800002222']}, ${['info@zhengshi.cn', 'info@zhengshi.cn']})`.execute(ctx.db);
    const keysOf = async (id: string) =>
      (
        await sql<{ key: string; name_echo_length: number }>`select key, name_echo_length from customer_contact_keys
          where workspace_id = ${ctx.workspaceId} and customer_id = ${id} order by key`.execute(ctx.db)
      ).rows;
    expect(await keysOf(first)).toEqual([
      { key: 'e:zhenglei88@qq.com', name_echo_length: 8 },
      { key: 'p:11110000831', name_echo_length: 0 },
    ]);
    expect(await keysOf(second)).toEqual([
      { key: 'e:info@zhengshi.cn', name_echo_length: 0 },
      { key: 'p:22220000831', name_echo_length: 0 },
    ]);
    expect(await search('1111')).toContain('郑磊');
  });

  it('finds a Latin name by any three letters in it, and not a Chinese name by a Latin text', async () => {
    await create(ctx.admin, { name: 'Brightway 贸易' });
    expect(await search('ghtw')).toEqual(['Brightway 贸易']);
    expect(await search('BRIGHT')).toEqual(['Brightway 贸易']);
    expect(await search('way 贸')).toEqual(['Brightway 贸易']);
    expect(await search('xyzzy')).toEqual([]);
  });

  it('treats LIKE wildcards in the query as text', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });
});

describe('listing', () => {
  it('filters by kind, status, owner, city and tag', async () => {
    const rep = await ctx.userSession('sales_rep');
    await create(ctx.admin, { name: '过滤甲', city: '成都', status: 'current', tags: ['展会'], ownerId: rep.userId });
    await create(ctx.admin, { kind: 'organization', name: '过滤乙', city: '成都', status: 'lost' });
    expect(names(await ctx.admin.request('GET', '/api/customers?city=成都&status=current'))).toEqual(['过滤甲']);
    expect(names(await ctx.admin.request('GET', '/api/customers?city=成都&kind=organization'))).toEqual(['过滤乙']);
    expect(names(await ctx.admin.request('GET', `/api/customers?ownerId=${rep.userId}`))).toEqual(['过滤甲']);
    expect(names(await ctx.admin.request('GET', '/api/customers?tag=展会'))).toEqual(['过滤甲']);
    expect((await ctx.admin.request('GET', '/api/customers?status=vip')).statusCode).toBe(400);
  });

  it('lists customer summaries (no profile groups); the customer itself carries its profile', async () => {
    const created = await create(ctx.admin, { name: '摘要客户', city: '西宁', profile: { career: { employer: '青海盐湖' } } });
    const listed = (await ctx.admin.request('GET', '/api/customers?city=西宁')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: created.id, name: '摘要客户', city: '西宁', version: 1 });
    expect(listed[0]).not.toHaveProperty('profile');
    const full = (await ctx.admin.request('GET', `/api/customers/${created.id}`)).json();
    expect(full.profile.career.employer).toBe('青海盐湖');
  });

  it('walks every customer exactly once with the cursor, in each sort order', async () => {
    for (let i = 0; i < 7; i++) await create(ctx.admin, { name: `翻页${i}`, tags: ['paging'] });
    for (const sort of ['-updatedAt', 'updatedAt', 'name', '-name', 'createdAt', '-createdAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/customers?tag=paging&limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await ctx.admin.request('GET', url)).json();
        seen.push(...page.items.map((item: { name: string }) => item.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(7);
      expect(new Set(seen).size, sort).toBe(7);
      if (sort === 'name') expect(seen).toEqual([...seen].sort());
    }
    expect((await ctx.admin.request('GET', '/api/customers?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('search paging', () => {
  // A narrow search sorts its matches, a broad one walks the sort order; up to SEARCH_CANDIDATE_CAP e-mail matches are
  // looked up by key, above it they are tested row by row. Same answers either way.
  async function walk(q: string, sort: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = (await ctx.admin.request('GET', `/api/customers?q=${q}&limit=200&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((item: { name: string }) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('pages a narrow and a broad search through every match once, in order', async () => {
    const broad = SEARCH_CANDIDATE_CAP + 30;
    await sql`
      insert into customers (workspace_id, id, kind, name, name_pinyin, name_initials, emails, contact_search, updated_at)
      select ${ctx.workspaceId}::uuid, gen_random_uuid(), 'organization', '宽泛' || lpad(g::text, 5, '0'),
        'kuanfan' || lpad(g::text, 5, '0'), 'kf', array['kuanfan' || g || '@corp.cn'], ' kuanfan' || g || '@corp.cn ',
        now() - g * interval '1 second'
      from generate_series(1, ${broad}) g`.execute(ctx.db);
    // One more found only by its e-mail address: the walk tests the e-mail arm row by row, the narrow search by key.
    await create(ctx.admin, { name: '邮箱宽泛', emails: ['kuanfan.mail@corp.cn'] });
    const wide = await walk('kuanfan', '-updatedAt');
    expect(wide).toHaveLength(broad + 1);
    expect(wide.slice(0, 4)).toEqual(['邮箱宽泛', '宽泛00001', '宽泛00002', '宽泛00003']);
    // A broad domain too: more addresses at corp.cn than the cap, so the domain is tested row by row.
    const atCorp = await walk(encodeURIComponent('@corp.cn'), '-updatedAt');
    expect(atCorp.filter((name) => name.startsWith('宽泛'))).toHaveLength(broad);
    expect(atCorp).toContain('邮箱宽泛');
    expect(wide.at(-1)).toBe(`宽泛${String(broad).padStart(5, '0')}`);
    // A narrow name search is one query; a narrow pinyin search sorts the matches it fetched first.
    const tenOf = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
    expect(await walk(encodeURIComponent('宽泛0001'), 'name')).toEqual(tenOf('宽泛0001'));
    await sql`
      insert into customers (workspace_id, id, kind, name, name_pinyin, name_initials, updated_at)
      select ${ctx.workspaceId}::uuid, gen_random_uuid(), 'person', '窄巷' || lpad(g::text, 2, '0'),
        'zhaixiang' || lpad(g::text, 2, '0'), 'zx', now() - g * interval '1 second'
      from generate_series(1, 10) g`.execute(ctx.db);
    const narrowPinyin = Array.from({ length: 10 }, (_, i) => `窄巷${String(i + 1).padStart(2, '0')}`);
    expect(await walk('zhaixiang', 'name')).toEqual(narrowPinyin);
    expect(await walk('zhaixiang', '-name')).toEqual([...narrowPinyin].reverse());
    await create(ctx.admin, { name: '邮箱窄巷', emails: ['zhaixiang.mail@corp.cn'] });
    expect(await walk('zhaixiang', '-updatedAt')).toEqual(['邮箱窄巷', ...narrowPinyin]);
  });
});

describe('who may see what', () => {
  it("keeps a rep to their own customers and the pool, and answers another's customer with 404", async () => {
    const teamId = (await ctx.admin.request('POST', '/api/teams', { name: '华东一组' })).json().id;
    const alice = await ctx.userSession('sales_rep', { teamId, name: 'Alice' });
    const bob = await ctx.userSession('sales_rep', { teamId, name: 'Bob' });
    const manager = await ctx.userSession('sales_manager', { name: 'Manager' });
    await ctx.admin.request('PATCH', `/api/teams/${teamId}`, { version: 1, managerId: manager.userId });

    const alices = await create(alice, { name: '爱丽丝的客户' });
    const pooled = await create(ctx.admin, { name: '公海客户', ownerId: null });
    expect(alices.ownerId).toBe(alice.userId);

    expect((await bob.request('GET', `/api/customers/${alices.id}`)).statusCode).toBe(404);
    expect((await bob.request('PATCH', `/api/customers/${alices.id}`, { version: 1, city: 'x' })).statusCode).toBe(404);
    expect((await bob.request('GET', `/api/customers/${alices.id}/events`)).statusCode).toBe(404);
    expect(names(await bob.request('GET', '/api/customers?limit=200'))).not.toContain('爱丽丝的客户');
    expect(names(await bob.request('GET', '/api/customers?limit=200'))).toContain('公海客户');
    expect((await bob.request('GET', `/api/customers/${pooled.id}`)).statusCode).toBe(200);

    // The team's manager sees the member's customer; a rep cannot hand a customer to a colleague.
    expect((await manager.request('GET', `/api/customers/${alices.id}`)).statusCode).toBe(200);
    const handOver = await alice.request('PATCH', `/api/customers/${alices.id}`, { version: 1, ownerId: bob.userId });
    expect(handOver.statusCode).toBe(400);
    expect((await bob.request('DELETE', `/api/customers/${pooled.id}`)).statusCode).toBe(403);
  });

  it('answers a customer of another workspace with 404, even to its admin', async () => {
    const other = await ctx.otherWorkspace();
    const theirs = await create(other.admin, { name: '别家客户' });
    expect((await ctx.admin.request('GET', `/api/customers/${theirs.id}`)).statusCode).toBe(404);
    expect((await ctx.admin.request('PATCH', `/api/customers/${theirs.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect(names(await ctx.admin.request('GET', '/api/customers?q=别家客户'))).toEqual([]);
  });

  it('lets read-only roles read but not write', async () => {
    const analyst = await ctx.userSession('analyst');
    expect((await analyst.request('GET', '/api/customers')).statusCode).toBe(200);
    const denied = await analyst.request('POST', '/api/customers', { kind: 'person', name: '不许' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
  });
});
