import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage, tableSettled } from './browser.ts';

let browser: Browser;
let page: Page;
// Other browser test files share the workspace: every name made here carries this run's suffix.
const run = Date.now().toString(36).slice(-5);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
});

async function call<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, data?: unknown, expected?: number): Promise<T> {
  const me = await page.request.get(`${inject('baseUrl')}/api/auth/me`);
  const response = await page.request.fetch(`${inject('baseUrl')}${path}`, {
    method,
    ...(data === undefined ? {} : { data }),
    headers: { 'x-csrf-token': (await me.json()).csrfToken },
  });
  if (expected !== undefined) expect(response.status(), await response.text()).toBe(expected);
  else expect(response.ok(), await response.text()).toBe(true);
  return response.status() === 204 ? (undefined as T) : response.json();
}

const option = (value: string, labelZh: string) => ({ value, labelZh, labelEn: value });

describe('customer data management', () => {
  it('shows the server’s nested field errors under their own fields, the rest above the form', async () => {
    const grade = await call('POST', '/api/custom-fields', {
      key: `grade_${run}`,
      labelZh: `等级${run}`,
      labelEn: `Grade ${run}`,
      type: 'single_select',
      options: [option('a', '甲级'), option('b', '乙级')],
    });
    const customer = await call('POST', '/api/customers', { kind: 'organization', name: `嵌套错误科技${run}` }, 201);
    await page.goto(`${inject('baseUrl')}/customers/${customer.id}`);
    await page.getByRole('button', { name: /编\s*辑/ }).first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator(`#customFields_grade_${run}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '乙级' }).click();
    // Under a loaded machine the click can land while the dropdown is still opening: go on once the form holds it.
    await drawer.getByTitle('乙级').waitFor();
    // Meanwhile an administrator drops the option chosen: the server refuses customFields.<key>.
    await call('PATCH', `/api/custom-fields/${grade.id}`, { version: grade.version, options: [option('a', '甲级')] });
    // The form cannot produce an unknown field or a bad credit code itself: add them on the way out.
    let corrupt: (body: Record<string, any>) => Record<string, unknown> = () => ({});
    await page.route(`**/api/customers/${customer.id}`, async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...body, ...corrupt(body) }) });
    });
    corrupt = (body) => ({ customFields: { ...body.customFields, [`gone_${run}`]: 'x' } });
    await drawer.getByRole('button', { name: /保\s*存/ }).click();

    const gradeError = drawer.locator(`#customFields_grade_${run}_help`);
    await gradeError.waitFor();
    expect(await gradeError.innerText()).toContain('不是可选的选项');
    // Only the issue that names no field of the form is in the alert.
    const alert = drawer.locator('.ant-alert-error');
    await alert.waitFor();
    const alertText = await alert.innerText();
    expect(alertText).toContain(`customFields.gone_${run}`);
    expect(alertText).not.toContain(`grade_${run}`);

    // A schema error inside the profile: the credit code sits in a closed group, which opens to show it.
    await drawer.locator(`#customFields_grade_${run}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '甲级' }).click();
    corrupt = (body) => ({ profile: { ...body.profile, creditCode: '91440300192203821X' } });
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    const creditError = drawer.locator('#profile_creditCode_help');
    await creditError.waitFor();
    expect(await creditError.innerText()).toContain('校验位');
    expect(await drawer.locator('.ant-alert-error').count()).toBe(0);
    await page.unroute(`**/api/customers/${customer.id}`);
  });

  it('renames a saved view and shares it with the team from the views menu', async () => {
    const team = await call('POST', '/api/teams', { name: `视图组${run}` }, 201);
    const email = `views-${run}@e2e.kemai.local`;
    await call('POST', '/api/users', { email, name: `视图员${run}`, password: 'views-password-1', role: 'sales_rep', teamId: team.id }, 201);
    const rep = await signedInPage(browser, email, 'views-password-1');
    await rep.goto(`${inject('baseUrl')}/customers?sort=name`);
    const viewsButton = rep.getByRole('button', { name: /视\s*图/ });
    await viewsButton.click();
    await rep.getByRole('button', { name: '保存当前视图' }).click();
    await rep.getByLabel('视图名称').fill(`旧视图${run}`);
    const saveDialog = rep.getByRole('dialog', { name: '保存视图' });
    await saveDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await saveDialog.waitFor({ state: 'hidden' });

    await viewsButton.click();
    const item = rep.getByTestId('saved-view').filter({ hasText: `旧视图${run}` });
    await item.getByRole('button', { name: '重命名或更改共享' }).click();
    const editDialog = rep.getByRole('dialog', { name: '编辑视图' });
    await editDialog.getByLabel('视图名称').fill(`新视图${run}`);
    await editDialog.getByText('共享给团队').click();
    await editDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await editDialog.waitFor({ state: 'hidden' });

    // After a reload the menu shows the new name, shared with the team, and the old name is gone.
    await rep.reload();
    await viewsButton.click();
    const renamed = rep.getByTestId('saved-view').filter({ hasText: `新视图${run}` });
    await renamed.waitFor();
    expect(await renamed.getByTestId('saved-view-sharing').innerText()).toContain(`视图组${run}`);
    expect(await rep.getByTestId('saved-view').filter({ hasText: `旧视图${run}` }).count()).toBe(0);
    // It still applies the list as saved.
    await renamed.click();
    await expect.poll(() => new URL(rep.url()).searchParams.get('sort')).toBe('name');
    await rep.context().close();
  });

  it('adds, renames and reorders a lifecycle stage in settings, moves a customer into it, then retires it by moving its customers', async () => {
    const key = `loyal_${run}`;
    const customer = await call('POST', '/api/customers', { kind: 'person', name: `阶段客户${run}`, lifecycleStage: 'stability' }, 201);
    await page.goto(`${inject('baseUrl')}/settings?tab=lifecycle`);
    const table = page.getByTestId('lifecycle-stages');
    await table.waitFor();
    await page.getByRole('button', { name: '新增阶段' }).click();
    const addDialog = page.getByRole('dialog', { name: '新增生命周期阶段' });
    await addDialog.getByLabel('标识').fill(key);
    await addDialog.getByLabel('中文名称').fill(`忠诚期${run}`);
    await addDialog.getByLabel('英文名称').fill('Loyal');
    await addDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await addDialog.waitFor({ state: 'hidden' });
    // Rename it before saving and move it up one place (above the last stage).
    await page.getByLabel(`${key} 中文名称`).fill(`铁杆期${run}`);
    await page.getByLabel(`${key} 上移`).click();
    await page.getByRole('button', { name: '保存阶段设置' }).click();
    await page.getByText('生命周期阶段已保存').waitFor();
    const stages = (await call('GET', '/api/lifecycle-stages')).items.filter((s: { retired: boolean }) => !s.retired);
    const mine = stages.findIndex((s: { key: string }) => s.key === key);
    expect(stages[mine]).toMatchObject({ nameZh: `铁杆期${run}`, nameEn: 'Loyal' });
    expect(mine).toBe(stages.length - 2);

    // The customer moves into it from the 360 page, with a reason kept in the history.
    await page.goto(`${inject('baseUrl')}/customers/${customer.id}`);
    await page.getByTestId('change-lifecycle').click();
    await page.getByLabel('新阶段', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `铁杆期${run}` }).click();
    await page.getByLabel('变更原因').fill('三年老客户');
    await page.getByRole('dialog', { name: '变更生命周期阶段' }).getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('lifecycle-stage').innerText()).toBe(`铁杆期${run}`);
    await expect.poll(() => page.getByTestId('lifecycle-change').first().innerText()).toMatch(new RegExp(`稳定期.*铁杆期${run}[\\s\\S]*三年老客户`));

    // Retiring it asks where its customer goes, and why.
    await page.goto(`${inject('baseUrl')}/settings?tab=lifecycle`);
    await page.getByLabel(`${key} 停用`).click();
    await page.getByRole('button', { name: '保存阶段设置' }).click();
    const moveDialog = page.getByRole('dialog', { name: '停用的阶段中仍有客户' });
    await moveDialog.getByText(`铁杆期${run}：1 位客户`).waitFor();
    await moveDialog.getByLabel(`${key} 转入阶段`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '稳定期' }).click();
    await moveDialog.getByLabel('变更原因').fill('阶段调整');
    await moveDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await moveDialog.waitFor({ state: 'hidden' });
    await page.getByTestId('retired-stage').filter({ hasText: `铁杆期${run}` }).waitFor();
    const after = await call('GET', `/api/customers/${customer.id}/lifecycle`);
    expect(after.items[0]).toMatchObject({ fromStage: key, toStage: 'stability', reason: '阶段调整' });
  });

  it('shows a custom field as a column, filters and sorts the list by custom fields, and keeps them in the URL and a saved view', async () => {
    const scoreKey = `score_${run}`;
    const levelKey = `level_${run}`;
    await call('POST', '/api/custom-fields', { key: scoreKey, labelZh: `评分${run}`, labelEn: `Score ${run}`, type: 'number' }, 201);
    await call('POST', '/api/custom-fields', {
      key: levelKey,
      labelZh: `级别${run}`,
      labelEn: `Level ${run}`,
      type: 'single_select',
      options: [option('gold', '金牌'), option('silver', '银牌')],
    }, 201);
    const prefix = `字段筛选${run}`;
    for (const [suffix, score, level] of [['甲', 30, 'gold'], ['乙', 80, 'silver'], ['丙', 55, 'gold']] as const) {
      await call('POST', '/api/customers', { kind: 'person', name: `${prefix}${suffix}`, customFields: { [scoreKey]: score, [levelKey]: level } }, 201);
    }
    const rows = () => page.locator('.ant-table-tbody a').allInnerTexts();
    await page.goto(`${inject('baseUrl')}/customers?q=${encodeURIComponent(prefix)}&cols=kind`);
    await expect.poll(rows).toHaveLength(3);

    // The score as a column.
    await page.getByRole('button', { name: '显示的列' }).click();
    await page.getByRole('checkbox', { name: `评分${run}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cols')).toBe(`kind,cf.${scoreKey}`);
    const header = page.locator('.ant-table-thead th').filter({ hasText: `评分${run}` });
    await header.waitFor();
    await page.getByRole('heading', { name: '客户' }).click();

    // A number range: at least 40.
    await page.getByRole('button', { name: '字段筛选' }).click();
    const minInput = page.getByLabel(`评分${run} 最小值`);
    await minInput.fill('40');
    await minInput.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get(`cf.${scoreKey}`)).toBe('40..');
    await expect.poll(async () => (await rows()).sort()).toEqual([`${prefix}丙`, `${prefix}乙`].sort());

    // Sorted by the score column, both ways. Ascending happens to be the list's default order here too, so
    // wait for the sorted page to have arrived before the second click (a click on a loading table is lost).
    await page.getByRole('heading', { name: '客户' }).click();
    await header.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe(`cf.${scoreKey}`);
    await expect.poll(rows).toEqual([`${prefix}丙`, `${prefix}乙`]);
    await tableSettled(page);
    // Under the full suite a click on a table that is still re-rendering can be lost: click again while the order
    // is still ascending (checked a second apart, so a click that took is never repeated into "unsorted").
    const sortParam = () => new URL(page.url()).searchParams.get('sort');
    await expect
      .poll(
        async () => {
          if (sortParam() === `cf.${scoreKey}`) await header.click();
          return sortParam();
        },
        { interval: 1000, timeout: 15_000 },
      )
      .toBe(`-cf.${scoreKey}`);
    await expect.poll(rows).toEqual([`${prefix}乙`, `${prefix}丙`]);

    // An option of the select field, shown as a chip.
    await page.getByRole('button', { name: '字段筛选' }).click();
    await page.getByRole('combobox', { name: `级别${run}` }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '金牌' }).click();
    await expect.poll(rows).toEqual([`${prefix}丙`]);
    await page.getByTestId('custom-field-filter-chip').filter({ hasText: `级别${run}: 金牌` }).waitFor();
    await page.getByRole('heading', { name: '客户' }).click();

    // Saved as a view and brought back from a bare list.
    await page.getByRole('button', { name: /视\s*图/ }).click();
    await page.getByRole('button', { name: '保存当前视图' }).click();
    const saveDialog = page.getByRole('dialog', { name: '保存视图' });
    await saveDialog.getByLabel('视图名称').fill(`字段视图${run}`);
    await saveDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await saveDialog.waitFor({ state: 'hidden' });
    await page.goto(`${inject('baseUrl')}/customers`);
    await page.getByRole('button', { name: /视\s*图/ }).click();
    await page.getByTestId('saved-view').filter({ hasText: `字段视图${run}` }).getByText(`字段视图${run}`, { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get(`cf.${levelKey}`)).toBe('gold');
    const url = new URL(page.url());
    expect(url.searchParams.get(`cf.${scoreKey}`)).toBe('40..');
    expect(url.searchParams.get('sort')).toBe(`-cf.${scoreKey}`);
    await expect.poll(rows).toEqual([`${prefix}丙`]);
    await page.locator('.ant-table-thead th').filter({ hasText: `评分${run}` }).waitFor();
  });
});
