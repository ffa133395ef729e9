import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { NamePinyinCache, namePinyin } from '../customers/customers.search.ts';
import { type CreatedKeys, type ImportRun, prepareCustomerBatch, writeCustomerBatch } from './import-customers.ts';
import { recordProgress } from './imports.repository.ts';
import { BATCH_ROWS } from './imports.service.ts';

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const created = await ctx.admin.request('POST', '/api/api-keys', { name: '导入脚本', role: 'admin' });
  expect(created.statusCode, created.body).toBe(201);
  key = created.json().key;
});

const auth = () => ({ authorization: `Bearer ${key}` });

async function upload(kind: 'customers' | 'orders', fileName: string, body: Buffer | string, type = 'text/csv') {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`,
    headers: { ...auth(), 'content-type': type },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; headers: string[]; mapping: Record<string, string | null>; encoding: string | null; fileFormat: string };
}

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: auth(), ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Starts the import and waits for the background job to finish it. */
async function run(id: string, mapping: Record<string, string | null>, policy: 'skip' | 'update' | 'create' = 'skip', timeout = 25_000) {
  const started = await call('POST', `/api/imports/${id}/start`, { mapping, policy });
  expect(started.statusCode, started.body).toBe(202);
  let current = started.json();
  await expect
    .poll(
      async () => {
        current = (await call('GET', `/api/imports/${id}`)).json();
        return current.status;
      },
      { timeout, interval: 250 },
    )
    .toMatch(/completed|failed/);
  expect(current.failure).toBeNull();
  return current as { status: string; totalRows: number; rowsDone: number; createdCount: number; updatedCount: number; skippedCount: number; errorCount: number };
}

async function errorFile(id: string) {
  const response = await call('GET', `/api/imports/${id}/errors.csv`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  expect(response.body.startsWith('\uFEFF')).toBe(true);
  return response.body.slice(1).trim().split('\r\n').slice(1);
}

function customersNamed(names: string[]) {
  return ctx.db
    .selectFrom('customers')
    .select(['id', 'name', 'phones', 'emails', 'city', 'address', 'tags', 'status', 'kind', 'deleted_at', 'profile', 'version'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('name', 'in', names)
    .orderBy('name')
    .orderBy('created_at')
    .execute();
}

async function insertCustomer(values: { name: string; phones?: string[]; emails?: string[]; city?: string; tags?: string[] }) {
  const id = uuidv7();
  const pinyin = namePinyin(values.name);
  await ctx.db
    .insertInto('customers')
    .values({
      workspace_id: ctx.workspaceId,
      id,
      kind: 'person',
      name: values.name,
      name_pinyin: pinyin.full,
      name_initials: pinyin.initials,
      phones: values.phones ?? [],
      emails: values.emails ?? [],
      city: values.city ?? null,
      address: null,
      tags: values.tags ?? [],
      owner_id: ctx.adminId,
    })
    .execute();
  return id;
}

describe('importing messy customer files', () => {
  it('detects GBK, suggests the mapping from Chinese headers and stores the rows', async () => {
    const csv = '姓名,手机号,邮箱,城市,标签,状态\r\n郭靖,13800000001,guojing@example.com,襄阳,"大侠,VIP",现实\r\n黄蓉,139-0000-0002,,桃花岛,,潜在\r\n';
    const file = await upload('customers', '客户.csv', iconv.encode(csv, 'gbk'));
    expect(file).toMatchObject({ encoding: 'gb18030', fileFormat: 'csv', headers: ['姓名', '手机号', '邮箱', '城市', '标签', '状态'] });
    expect(file.mapping).toEqual({ 姓名: 'name', 手机号: 'phones', 邮箱: 'emails', 城市: 'city', 标签: 'tags', 状态: 'status' });
    const done = await run(file.id, file.mapping);
    expect(done).toMatchObject({ status: 'completed', totalRows: 2, rowsDone: 2, createdCount: 2, errorCount: 0 });
    expect(await customersNamed(['郭靖', '黄蓉'])).toMatchObject([
      { name: '郭靖', phones: ['13800000001'], emails: ['guojing@example.com'], city: '襄阳', tags: ['大侠', 'VIP'], status: 'current' },
      { name: '黄蓉', phones: ['13900000002'], city: '桃花岛', status: 'potential' },
    ]);
    // each created customer's timeline starts with its import (the file, the row, who imported), and later events follow it
    const [guo] = await customersNamed(['郭靖']);
    const edited = await call('PATCH', `/api/customers/${guo!.id}`, { version: 1, city: '桃花岛' });
    expect(edited.statusCode, edited.body).toBe(200);
    const timeline = (await call('GET', `/api/customers/${guo!.id}/events`)).json();
    expect(timeline.items.map((event: { action: string }) => event.action)).toEqual(['updated', 'imported']);
    expect(timeline.items[1]).toMatchObject({
      id: guo!.id,
      entityType: 'customer',
      entityId: guo!.id,
      actor: { type: 'user', id: ctx.adminId },
      after: { importId: file.id, fileName: '客户.csv', rowNo: 2 },
      changes: [],
    });
    expect(Date.parse(timeline.items[1].occurredAt)).toBeLessThanOrEqual(Date.parse(timeline.items[0].occurredAt));
    // paged one at a time, the same two entries
    const first = (await call('GET', `/api/customers/${guo!.id}/events?limit=1`)).json();
    const second = (await call('GET', `/api/customers/${guo!.id}/events?limit=1&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((event: { action: string }) => event.action)).toEqual(['updated', 'imported']);
    expect(second.nextCursor).toBeNull();
  });

  it('reads UTF-8 with a BOM, skips blank lines, keeps quoted newlines, and skips duplicate rows inside the file', async () => {
    const csv =
      '\uFEFFName,Mobile,Email,City,Address\n' +
      '\n' +
      '杨过,13700000003,,古墓,"终南山\n活死人墓"\n' +
      ',,,,\n' +
      '小龙女,13700000004,,古墓,\n' +
      '杨过,+86 137 0000 0003,,古墓,重复的一行\n' +
      '\n';
    const file = await upload('customers', 'people.csv', csv);
    expect(file.encoding).toBe('utf-8');
    expect(file.mapping).toEqual({ Name: 'name', Mobile: 'phones', Email: 'emails', City: 'city', Address: 'address' });
    const done = await run(file.id, file.mapping, 'skip');
    expect(done).toMatchObject({ totalRows: 3, createdCount: 2, skippedCount: 1, errorCount: 0 });
    const rows = await customersNamed(['杨过', '小龙女']);
    expect(rows.map((row) => [row.name, row.address])).toEqual([
      ['小龙女', null],
      ['杨过', '终南山\n活死人墓'],
    ]);
    // rows are numbered as a spreadsheet shows them: header 1, blank line 2, 杨过 3 (two lines of text, one row), empty cells 4, 小龙女 5, duplicate 6
    expect(await errorFile(file.id)).toEqual(['6,,跳过 skipped,与第 3 行重复，已跳过']);
  });

  it('stores text as written, whatever characters it has (quotes, backslashes, braces, NULL), with a credit code in the profile', async () => {
    const csv =
      '名称,邮箱,城市,地址,标签,统一社会信用代码\n' +
      '"{引号}""客户""",o\'brien{x}@example.com,NULL,"C:\\路径\\,""甲""","NULL;{a,b};反斜杠\\;引""号",\n' +
      '北京字节跳动科技有限公司,,北京,,,91110000802100433B\n';
    const file = await upload('customers', 'odd.csv', csv);
    const done = await run(file.id, file.mapping, 'skip');
    expect(done).toMatchObject({ createdCount: 2, errorCount: 0 });
    const [odd] = await customersNamed(['{引号}"客户"']);
    expect(odd).toMatchObject({
      emails: ["o'brien{x}@example.com"],
      city: 'NULL',
      address: 'C:\\路径\\,"甲"',
      tags: ['NULL', '{a', 'b}', '反斜杠\\', '引"号'],
      profile: {},
    });
    const [organisation] = await customersNamed(['北京字节跳动科技有限公司']);
    expect(organisation).toMatchObject({ kind: 'organization', phones: [], emails: [], tags: [], address: null, profile: { creditCode: '91110000802100433B' } });
  });

  it('reports exactly the 20 % invalid rows with row, column and reason, and stores all the others', async () => {
    const lines = ['客户名称,电话,电子邮件,状态,统一社会信用代码,类型'];
    const bad = new Map<number, string>();
    for (let i = 0; i < 50; i++) {
      const rowNo = i + 2;
      const phone = `135${String(10_000_000 + i).padStart(8, '0')}`;
      if (i % 5 === 0) {
        const kind = (i / 5) % 5;
        if (kind === 0) (lines.push(`坏行${i},12,,,,`), bad.set(rowNo, '电话,电话号码无效：12'));
        if (kind === 1) (lines.push(`,${phone},,,,`), bad.set(rowNo, '客户名称,名称不能为空'));
        if (kind === 2) (lines.push(`坏行${i},${phone},not-an-email,,,`), bad.set(rowNo, '电子邮件,邮箱格式不正确：not-an-email'));
        if (kind === 3) (lines.push(`坏行${i},${phone},,大概吧,,`), bad.set(rowNo, '状态,客户状态无法识别：大概吧（潜在 / 现实 / 流失 / 非客户）'));
        if (kind === 4) (lines.push(`坏行${i},${phone},,,914403001922038210,企业`), bad.set(rowNo, '统一社会信用代码,统一社会信用代码校验位错误：914403001922038210'));
      } else {
        lines.push(i === 1 ? `好公司${i},${phone},,,914403001922038216,` : `好行${i},${phone},,流失,,`);
      }
    }
    const file = await upload('customers', 'mixed.csv', lines.join('\n'));
    const preview = await call('POST', `/api/imports/${file.id}/preview`, { mapping: file.mapping, policy: 'skip' });
    expect(preview.statusCode, preview.body).toBe(200);
    const previewRows = preview.json().rows;
    expect(previewRows).toHaveLength(20);
    expect(previewRows[0]).toMatchObject({ rowNo: 2, action: 'error', errors: [{ column: '电话', reason: '电话号码无效：12' }] });
    expect(previewRows[1]).toMatchObject({ rowNo: 3, action: 'create', values: { name: '好公司1', kind: 'organization', creditCode: '914403001922038216' } });
    // the preview wrote nothing
    expect(await ctx.db.selectFrom('customers').select('id').where('name', 'like', '好%').execute()).toEqual([]);

    const done = await run(file.id, file.mapping);
    expect(done).toMatchObject({ totalRows: 50, createdCount: 40, errorCount: 10 });
    const reported = await errorFile(file.id);
    expect(reported).toEqual([...bad].map(([rowNo, rest]) => {
      const [column, reason] = rest.split(/,(.*)/s);
      return `${rowNo},${column},错误 error,${reason!.includes(',') ? `"${reason}"` : reason}`;
    }));
    const stored = await ctx.db.selectFrom('customers').select(['name', 'kind', 'profile']).where('name', 'like', '好%').execute();
    expect(stored).toHaveLength(40);
    expect(stored.find((row) => row.name === '好公司1')).toMatchObject({ kind: 'organization', profile: { creditCode: '914403001922038216' } });
    expect(await ctx.db.selectFrom('customers').select('id').where('name', 'like', '坏行%').execute()).toEqual([]);
  });
});

describe('duplicate policies and undo', () => {
  const file = '姓名,手机,城市,标签\n欧阳锋,13600000011,白驼山,毒\n欧阳克,13600000012,白驼山,\n';

  it('skip leaves the existing customer alone; update fills it in; create adds a second record', async () => {
    const existing = await insertCustomer({ name: '欧阳锋', phones: ['13600000011'], city: '西域', tags: ['五绝'] });

    const skip = await upload('customers', 'a.csv', file);
    expect(await run(skip.id, skip.mapping, 'skip')).toMatchObject({ createdCount: 1, skippedCount: 1, updatedCount: 0 });
    expect(await customersNamed(['欧阳锋'])).toMatchObject([{ id: existing, city: '西域', tags: ['五绝'] }]);

    const update = await upload('customers', 'b.csv', file);
    // 欧阳克 came in with the first import: now he is a duplicate too
    expect(await run(update.id, update.mapping, 'update')).toMatchObject({ createdCount: 0, updatedCount: 2, skippedCount: 0 });
    expect(await customersNamed(['欧阳锋'])).toMatchObject([{ id: existing, city: '白驼山', tags: ['五绝', '毒'], phones: ['13600000011'] }]);

    const create = await upload('customers', 'c.csv', file);
    expect(await run(create.id, create.mapping, 'create')).toMatchObject({ createdCount: 2, updatedCount: 0, skippedCount: 0 });
    expect(await customersNamed(['欧阳锋'])).toHaveLength(2);

    // undo of the update import gives 欧阳锋 his old values back
    const undone = await call('POST', `/api/imports/${update.id}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().status).toBe('undone');
    const [restored] = await customersNamed(['欧阳锋']);
    expect(restored).toMatchObject({ id: existing, city: '西域', tags: ['五绝'], deleted_at: null });
    // undo of the create import removes what it created (restorably), leaving the rest
    expect((await call('POST', `/api/imports/${create.id}/undo`)).statusCode).toBe(200);
    const remaining = (await customersNamed(['欧阳锋', '欧阳克'])).filter((row) => row.deleted_at === null);
    expect(remaining.map((row) => row.name)).toEqual(['欧阳克', '欧阳锋']);
    expect((await call('POST', `/api/imports/${create.id}/undo`)).statusCode).toBe(409);
  });

  it('merges duplicate rows inside the file into one record under update', async () => {
    const csv = 'name,phone,email,tags\n段誉,13300000021,,大理\n段誉,13300000021,dy@example.com,王子\n';
    const upload1 = await upload('customers', 'd.csv', csv);
    expect(await run(upload1.id, upload1.mapping, 'update')).toMatchObject({ createdCount: 1, updatedCount: 1 });
    expect(await customersNamed(['段誉'])).toMatchObject([{ phones: ['13300000021'], emails: ['dy@example.com'], tags: ['大理', '王子'] }]);
  });
});

describe('files longer than one batch', () => {
  /** 李寻欢 on row 2, fillers up to the end of the first batch, then 李寻欢 again as the first row of the second batch. */
  function twoBatchFile(phonePrefix: string) {
    const lines = ['name,phone,tags', `李寻欢,${phonePrefix}0000000,小李飞刀`];
    for (let i = 1; i < BATCH_ROWS; i++) lines.push(`填充${phonePrefix}-${i},${phonePrefix}${String(i).padStart(7, '0')},`);
    lines.push(`李寻欢,${phonePrefix}0000000,探花`);
    return lines.join('\n');
  }

  it('reports a duplicate in a later batch like one in the same batch (row number), skipping it', async () => {
    const analyzed = async () =>
      (await sql<{ at: Date | null }>`select last_analyze as at from pg_stat_user_tables where relname = 'customer_contact_keys'`.execute(ctx.db)).rows[0]!.at;
    const analyzedBefore = await analyzed();
    const file = await upload('customers', 'long.csv', twoBatchFile('1340'));
    const done = await run(file.id, file.mapping, 'skip', 180_000);
    expect(done).toMatchObject({ totalRows: BATCH_ROWS + 1, rowsDone: BATCH_ROWS + 1, createdCount: BATCH_ROWS, skippedCount: 1, errorCount: 0 });
    expect(await errorFile(file.id)).toEqual([`${BATCH_ROWS + 2},,跳过 skipped,与第 2 行重复，已跳过`]);
    const li = (await customersNamed(['李寻欢'])).filter((row) => row.phones.includes('13400000000'));
    expect(li).toMatchObject([{ tags: ['小李飞刀'] }]);
    // The contact keys had grown from (nearly) none to a batch: the job refreshed the lookup's statistics (a manual
    // ANALYZE, which autovacuum's runs do not set) before it reported the import done.
    const analyzedAfter = await analyzed();
    expect(analyzedAfter).not.toBeNull();
    if (analyzedBefore) expect(analyzedAfter!.getTime()).toBeGreaterThan(analyzedBefore.getTime());
  }, 240_000);

  it('merges a duplicate from a later batch into the record an earlier batch created, and undo removes it', async () => {
    const file = await upload('customers', 'long-update.csv', twoBatchFile('1350'));
    const done = await run(file.id, file.mapping, 'update', 180_000);
    expect(done).toMatchObject({ totalRows: BATCH_ROWS + 1, createdCount: BATCH_ROWS, updatedCount: 1, skippedCount: 0, errorCount: 0 });
    const [li] = (await customersNamed(['李寻欢'])).filter((row) => row.phones.includes('13500000000'));
    expect(li).toMatchObject({ tags: ['小李飞刀', '探花'], deleted_at: null });
    // the record was created by this import (its first batch): undo removes it rather than "restoring" the first batch's
    // values, so the update kept no old values for it
    const changes = await ctx.db.selectFrom('import_changes').select(['entity_id', 'action']).where('workspace_id', '=', ctx.workspaceId).where('import_id', '=', file.id).execute();
    expect(changes).toEqual([]);
    expect((await call('POST', `/api/imports/${file.id}/undo`)).statusCode).toBe(200);
    const [undone] = await ctx.db.selectFrom('customers').select(['deleted_at', 'tags']).where('workspace_id', '=', ctx.workspaceId).where('id', '=', li!.id).execute();
    expect(undone).toMatchObject({ deleted_at: expect.any(Date), tags: ['小李飞刀', '探花'] });
    const undoEvents = await ctx.db.selectFrom('events').select('action').where('workspace_id', '=', ctx.workspaceId).where('entity_id', '=', li!.id).where('action', '=', 'import_undone').execute();
    expect(undoEvents).toHaveLength(1);
    const left = await ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ctx.workspaceId)
      .where('name', 'like', '填充1350-%')
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  }, 240_000);
});

describe('XLSX and orders', () => {
  it('imports an XLSX with Chinese headers (numbers and dates as Excel stores them)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '手机', '城市', '地址']);
    sheet.addRow(['乔峰', 13200000031, '雁门关', '丐帮总舵']);
    sheet.addRow(['阿朱', '13200000032', '姑苏', null]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const file = await upload('customers', '客户.xlsx', buffer, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file).toMatchObject({ fileFormat: 'xlsx', encoding: null, headers: ['客户名称', '手机', '城市', '地址'] });
    expect(await run(file.id, file.mapping)).toMatchObject({ totalRows: 2, createdCount: 2 });
    expect(await customersNamed(['乔峰', '阿朱'])).toMatchObject([
      { name: '乔峰', phones: ['13200000031'], address: '丐帮总舵' },
      { name: '阿朱', phones: ['13200000032'] },
    ]);
  });

  it('imports orders in fen with product lines, finds customers by phone, reports bad rows, and can be undone', async () => {
    const customer = await insertCustomer({ name: '虚竹', phones: ['13100000041'] });
    await ctx.db
      .insertInto('products')
      .values({ workspace_id: ctx.workspaceId, id: uuidv7(), sku: 'TEA-1', name: '普洱茶', unit_price: 8800 })
      .execute();
    const csv = [
      '订单号,客户手机,下单日期,金额,渠道,状态,商品',
      'SO-1,13100000041,2026-03-01,"1,299.50",门店,已完成,',
      'SO-2,13100000041,2026/03/02 10:30,,微信,已付款,TEA-1*2',
      'SO-3,13199999999,2026-03-03,10,,,',
      'SO-4,13100000041,2026-13-01,10,,,',
      'SO-5,13100000041,2026-03-05,10.123,,,',
      'SO-1,13100000041,2026-03-01,1,,,',
    ].join('\n');
    const file = await upload('orders', '订单.csv', csv);
    expect(file.mapping).toMatchObject({ 订单号: 'orderNo', 客户手机: 'customerPhone', 下单日期: 'orderedAt', 金额: 'amount', 商品: 'lines' });
    const done = await run(file.id, file.mapping, 'skip');
    expect(done).toMatchObject({ totalRows: 6, createdCount: 2, errorCount: 3, skippedCount: 1 });
    const orders = await ctx.db
      .selectFrom('orders')
      .select(['id', 'order_no', 'customer_id', 'amount', 'channel', 'status', 'ordered_at'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('order_no')
      .execute();
    expect(orders).toMatchObject([
      { order_no: 'SO-1', customer_id: customer, amount: 129_950, channel: 'store', status: 'completed' },
      { order_no: 'SO-2', customer_id: customer, amount: 17_600, channel: 'wechat', status: 'paid' },
    ]);
    expect(orders[1]!.ordered_at.toISOString()).toBe('2026-03-02T02:30:00.000Z');
    const lines = await ctx.db.selectFrom('order_lines').select(['order_id', 'quantity', 'unit_price', 'amount']).where('order_id', '=', orders[1]!.id).execute();
    expect(lines).toEqual([{ order_id: orders[1]!.id, quantity: 2, unit_price: 8800, amount: 17_600 }]);
    expect(await errorFile(file.id)).toEqual([
      '4,客户手机,错误 error,找不到客户：13199999999',
      '5,下单日期,错误 error,日期无效：2026-13-01',
      '6,金额,错误 error,金额无效：10.123（如 1299.50）',
      '7,订单号,跳过 skipped,与第 2 行订单号重复，已跳过',
    ]);
    expect((await call('POST', `/api/imports/${file.id}/undo`)).statusCode).toBe(200);
    expect(await ctx.db.selectFrom('orders').select('id').where('workspace_id', '=', ctx.workspaceId).execute()).toEqual([]);
  });
});

describe('two batches written at once', () => {
  const headers = ['姓名', '手机'];
  const skipRun = (): ImportRun => ({ workspaceId: ctx.workspaceId, importId: uuidv7(), actor: ctx.adminActor, policy: 'skip', columns: { name: 0, phones: 1 }, owners: new Map(), preview: false, pinyin: new NamePinyinCache(10) });
  const rowsFrom = (rowNo: number, ...cells: string[][]) => prepareCustomerBatch(skipRun(), headers, cells.map((row, i) => ({ rowNo: rowNo + i, cells: row })));
  class RolledBack extends Error {}

  it('matches a row against the customers the batch before created while that batch is still uncommitted', async () => {
    const run = skipRun();
    await expect(
      ctx.db.transaction().execute(async (first) => {
        let created: CreatedKeys = new Map();
        const firstResult = await writeCustomerBatch(first, run, rowsFrom(2, ['阿飞', '13600000051']), {
          previous: Promise.resolve(new Map()),
          matched: (keys) => (created = keys),
        });
        expect(firstResult).toMatchObject({ created: 1, skipped: 0 });
        // the next batch, on another connection: its lookup cannot see 阿飞 yet, the keys of the batch before can
        const next = rowsFrom(3, ['阿飞', '136 0000 0051'], ['孙小红', '13600000052']);
        await expect(
          ctx.db.transaction().execute(async (tx) => {
            const result = await writeCustomerBatch(tx, run, next, { previous: Promise.resolve(created), matched: () => {} });
            expect(result).toMatchObject({ created: 1, skipped: 1 });
            expect(result.issues).toEqual([{ rowNo: 3, severity: 'skipped', column: null, reason: '与第 2 行重复，已跳过' }]);
            throw new RolledBack();
          }),
        ).rejects.toBeInstanceOf(RolledBack);
        // without them the uncommitted 阿飞 would be created a second time
        await expect(
          ctx.db.transaction().execute(async (tx) => {
            expect(await writeCustomerBatch(tx, run, next)).toMatchObject({ created: 2, skipped: 0 });
            throw new RolledBack();
          }),
        ).rejects.toBeInstanceOf(RolledBack);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
  });

  it('moves the resume point only from where the batch before left it', async () => {
    const file = await upload('customers', 'resume.csv', '姓名\r\n甲\r\n');
    const counts = { rows: 2500, created: 2500, updated: 0, skipped: 0, errors: 0 };
    await recordProgress(ctx.db, ctx.workspaceId, file.id, 0, counts);
    // a batch whose predecessor did not commit finds the resume point short of where it starts
    await expect(recordProgress(ctx.db, ctx.workspaceId, file.id, 5000, counts)).rejects.toThrow(/was not written/);
    await recordProgress(ctx.db, ctx.workspaceId, file.id, 2500, counts);
    expect((await call('GET', `/api/imports/${file.id}`)).json()).toMatchObject({ rowsDone: 5000, createdCount: 5000 });
  });
});
