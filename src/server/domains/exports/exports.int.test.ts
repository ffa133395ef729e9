import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../lib/uuid.ts';
import { createTestContext, type TestContext } from '../../testing/harness.ts';
import { contactSearchText, namePinyin } from '../customers/customers.search.ts';

let ctx: TestContext;
let rep: Awaited<ReturnType<TestContext['userSession']>>;
let colleague: Awaited<ReturnType<TestContext['userSession']>>;

async function insertCustomer(values: { name: string; ownerId: string | null; phones?: string[]; emails?: string[]; address?: string; kind?: 'person' | 'organization' }) {
  const id = uuidv7();
  const pinyin = namePinyin(values.name);
  await ctx.db
    .insertInto('customers')
    .values({
      workspace_id: ctx.workspaceId,
      id,
      kind: values.kind ?? 'person',
      name: values.name,
      name_pinyin: pinyin.full,
      name_initials: pinyin.initials,
      phones: values.phones ?? [],
      emails: values.emails ?? [],
      contact_search: contactSearchText(values.phones ?? [], values.emails ?? []),
      city: '杭州',
      address: values.address ?? null,
      tags: ['导出'],
      owner_id: values.ownerId,
    })
    .execute();
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  rep = await ctx.userSession('sales_rep', { name: '小王' });
  colleague = await ctx.userSession('sales_rep', { name: '小李' });
  await insertCustomer({ name: '王的客户甲', ownerId: rep.userId, phones: ['13812345678'], emails: ['a@example.com'], address: '杭州市西湖区文三路1号' });
  await insertCustomer({ name: '王的客户乙, "引号"', ownerId: rep.userId });
  await insertCustomer({ name: '李的客户', ownerId: colleague.userId, phones: ['13900000000'] });
  for (let i = 0; i < 1200; i++) await insertCustomer({ name: `批量客户${i}`, ownerId: ctx.adminId });
});

function parseCsv(body: string) {
  expect(body.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = body.slice(1);
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') (row.push(cell), (cell = ''));
    else if (char === '\r' && text[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    else cell += char;
  }
  return rows;
}

describe('export', () => {
  it("gives a rep only the customers in their scope, and keeps CSV quoting intact", async () => {
    const response = await rep.request('GET', '/api/customers/export?format=csv&sort=name');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''");
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual(['名称', '类型', '电话', '邮箱', '城市', '地址', '标签', '状态', '负责人', '创建时间', '更新时间', '客户编号']);
    expect(rows.map((row) => row[0]).sort()).toEqual(['王的客户乙, "引号"', '王的客户甲']);
    expect(rows.find((row) => row[0] === '王的客户甲')).toEqual(expect.arrayContaining(['个人', '13812345678', 'a@example.com', '杭州', '潜在客户', '小王']));
  });

  it('streams every row (no cap) and applies the list filters', async () => {
    const all = parseCsv((await ctx.admin.request('GET', '/api/customers/export')).body);
    expect(all).toHaveLength(1 + 1203);
    const filtered = parseCsv((await ctx.admin.request('GET', `/api/customers/export?ownerId=${colleague.userId}`)).body);
    expect(filtered.slice(1).map((row) => row[0])).toEqual(['李的客户']);
  });

  it('masks sensitive fields for roles without view_sensitive, in CSV and XLSX', async () => {
    const marketer = await ctx.userSession('marketer');
    const csv = parseCsv((await marketer.request('GET', '/api/customers/export?q=王的客户甲')).body);
    expect(csv[1]!.slice(2, 6)).toEqual(['138****5678', 'a***@example.com', '杭州', '杭州市****']);

    const xlsx = await marketer.request('GET', '/api/customers/export?format=xlsx&q=王的客户甲');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '名称', '类型', '电话', '邮箱', '城市', '地址', '标签', '状态', '负责人', '创建时间', '更新时间', '客户编号']);
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['王的客户甲', '个人', '138****5678', 'a***@example.com', '杭州', '杭州市****']);
  });

  it('exports one customer as vCard 4.0, and hides customers outside the scope', async () => {
    const [customer] = (await rep.request('GET', '/api/customers?q=王的客户甲')).json().items;
    const response = await rep.request('GET', `/api/customers/${customer.id}/vcard`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/vcard; charset=utf-8');
    const lines = response.body.split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCARD', 'VERSION:4.0']);
    expect(lines).toEqual(expect.arrayContaining(['FN:王的客户甲', 'N:王的客户甲;;;;', 'TEL;VALUE=uri;TYPE=cell:tel:13812345678', 'EMAIL:a@example.com', 'ADR:;;杭州市西湖区文三路1号;杭州;;;']));
    expect(lines.at(-2)).toBe('END:VCARD');

    const [theirs] = (await colleague.request('GET', '/api/customers?q=李的客户')).json().items;
    expect((await rep.request('GET', `/api/customers/${theirs.id}/vcard`)).statusCode).toBe(404);
  });
});
