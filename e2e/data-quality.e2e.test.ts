import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
});

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The customers called `name`, through the API with the page's session. */
async function customersNamed(name: string) {
  return page.evaluate(async (q) => {
    const response = await fetch(`/api/customers?q=${encodeURIComponent(q)}&limit=50`);
    return ((await response.json()) as { items: Array<{ id: string; name: string; phones: string[]; city: string | null }> }).items;
  }, name);
}

describe('import, duplicates and merge in the browser', () => {
  it('imports an XLSX with Chinese headers and watches the progress reach 100 %', async () => {
    const file = await xlsx([
      ['客户名称', '手机号', '城市', '标签'],
      ['慕容复', 13588880001, '姑苏', '燕国'],
      ['慕容复', '13588880002', '姑苏', '参合庄'],
      ['王语嫣', '13588880003', '姑苏', ''],
      ['', '13588880004', '姑苏', ''],
    ]);
    await page.goto(`${inject('baseUrl')}/imports`);
    await page.getByRole('button', { name: '新建导入' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: '客户名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    // the mapping step suggests the fields from the Chinese headers
    await page.getByText('客户名单.xlsx · XLSX').waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: '客户名称' }).locator('..').locator('..').innerText()).toContain('名称');
    await page.getByRole('button', { name: '预览前 20 行' }).click();
    await page.getByText('名称不能为空').waitFor();
    await page.getByRole('button', { name: '开始导入' }).click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.locator('.ant-progress').getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    await expect.poll(() => page.getByTestId('import-status').innerText()).toContain('已完成');
    expect(await progress.innerText()).toContain('新建 3');
    expect(await progress.innerText()).toContain('错误 1');
    expect((await customersNamed('慕容复')).map((customer) => customer.phones[0]).sort()).toEqual(['13588880001', '13588880002']);
  });

  it('warns about likely duplicates before saving a new customer', async () => {
    await page.goto(`${inject('baseUrl')}/customers`);
    await page.getByRole('button', { name: '新建客户' }).click();
    await page.locator('#name').fill('王玉燕');
    await page.locator('#phones').click();
    await page.locator('#phones').fill('13588880003');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '发现可能重复的客户' }).waitFor();
    await expect.poll(() => page.getByTestId('duplicate-candidates').innerText()).toContain('王语嫣');
    await page.getByRole('button', { name: '返回修改' }).click();
    expect(await customersNamed('王玉燕')).toEqual([]);
  });

  it('merges the two 慕容复 on the duplicates page, choosing field by field', async () => {
    await page.goto(`${inject('baseUrl')}/duplicates`);
    const group = page.getByTestId('duplicate-group').filter({ hasText: '慕容复' }).first();
    await group.waitFor();
    await group.getByRole('button', { name: '比较并合并' }).click();
    await page.waitForURL(/\/duplicates\/merge\?/);
    await page.getByTestId('confirm-merge').waitFor();
    await page.getByTestId('confirm-merge').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByText('已合并').first().waitFor();
    const left = await customersNamed('慕容复');
    expect(left).toHaveLength(1);
    expect(left[0]!.phones.sort()).toEqual(['13588880001', '13588880002']);

    // the merge is listed and can be undone
    await page.goto(`${inject('baseUrl')}/duplicates`);
    await page.getByText('合并记录').click();
    await page.getByRole('button', { name: '撤销合并' }).first().click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已撤销合并').first().waitFor();
    await expect.poll(async () => (await customersNamed('慕容复')).length).toBe(2);
  });

  it('undoes an import from its progress, after saying what it will take back', async () => {
    await page.goto(`${inject('baseUrl')}/imports`);
    await page.getByRole('button', { name: '新建导入' }).click();
    await page.locator('input[type=file]').setInputFiles({ name: '段氏.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,手机\n段誉,13577770001\n段正淳,13577770002\n') });
    await page.getByRole('button', { name: '预览前 20 行' }).click();
    await page.getByRole('button', { name: '开始导入' }).click();
    const status = page.getByTestId('import-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('已完成');
    expect(await customersNamed('段誉')).toHaveLength(1);

    await page.getByRole('button', { name: '撤销本次导入' }).click();
    // nothing is taken back before the confirmation, which says how much will be
    await page.getByText('它新建的 2 个客户将被删除').waitFor();
    expect(await customersNamed('段誉')).toHaveLength(1);
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => status.innerText()).toContain('已撤销');
    expect(await customersNamed('段誉')).toEqual([]);
    expect(await customersNamed('段正淳')).toEqual([]);
    // an undone import's bar is full (every row was read) and no longer animated as if it were still running
    const bar = page.getByTestId('import-progress').locator('.ant-progress');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await bar.getAttribute('class')).not.toContain('ant-progress-status-active');
  });

  it('shows an import undone in another tab as undone when its own undo is refused', async () => {
    await page.goto(`${inject('baseUrl')}/imports`);
    await page.getByRole('button', { name: '新建导入' }).click();
    await page.locator('input[type=file]').setInputFiles({ name: '两处.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,手机\n阿朱,13577770011\n') });
    await page.getByRole('button', { name: '预览前 20 行' }).click();
    await page.getByRole('button', { name: '开始导入' }).click();
    const status = page.getByTestId('import-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('已完成');

    const other = await signedInPage(browser);
    await other.goto(`${inject('baseUrl')}/imports`);
    await other.locator('.ant-table-row', { hasText: '两处.csv' }).click();
    await other.getByRole('button', { name: '撤销本次导入' }).click();
    await other.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => other.getByTestId('import-status').innerText()).toContain('已撤销');
    await other.context().close();

    // this tab still shows it completed; its undo is refused, and then it shows what happened
    await page.getByRole('button', { name: '撤销本次导入' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => status.innerText()).toContain('已撤销');
    expect(await page.getByRole('button', { name: '撤销本次导入' }).count()).toBe(0);
  });
});
