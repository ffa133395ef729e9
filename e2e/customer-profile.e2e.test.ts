import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
});

async function createCustomer(body: Record<string, unknown>): Promise<{ id: string }> {
  const me = await page.request.get(`${inject('baseUrl')}/api/auth/me`);
  const created = await page.request.post(`${inject('baseUrl')}/api/customers`, { data: body, headers: { 'x-csrf-token': (await me.json()).csrfToken } });
  expect(created.status()).toBe(201);
  return created.json();
}

/** Picks an option of the antd Select labelled `label` (in the open modal or drawer), typing `search` first when given. */
async function choose(label: string, option: string, search?: string) {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  if (search) await box.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('the customer 360 page', () => {
  it('edits career and education, relates another customer, moves the lifecycle stage with a reason, and shows it all', async () => {
    const person = await createCustomer({ kind: 'person', name: '画像周明', lifecycleStage: 'exploration' });
    await createCustomer({ kind: 'person', name: '画像李华' });
    await page.goto(`${inject('baseUrl')}/customers/${person.id}`);
    await page.getByTestId('lifecycle-stage').waitFor();

    // Career and education in the edit form.
    await page.getByRole('button', { name: /编\s*辑/ }).first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('事业情况', { exact: true }).click();
    await page.locator('#profile_career_employer').fill('杭州海康威视');
    await page.locator('#profile_career_title').fill('销售总监');
    await drawer.getByText('教育情况', { exact: true }).click();
    await page.locator('#profile_education_school').fill('浙江大学');
    await page.locator('#profile_education_major').fill('市场营销');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const career = page.getByTestId('career');
    await expect.poll(() => career.innerText()).toContain('杭州海康威视');
    expect(await career.innerText()).toContain('销售总监');
    expect(await page.getByTestId('education').innerText()).toContain('浙江大学');

    // A relation to another customer, navigable both ways.
    await page.getByRole('button', { name: '添加关系' }).click();
    await choose('关联客户', '画像李华', '画像李华');
    await choose('对方是本客户的', '朋友');
    await page.getByRole('dialog', { name: '添加人际关系' }).getByRole('button', { name: /确\s*定|OK/ }).click();
    const relation = page.getByTestId('relation').filter({ hasText: '画像李华' });
    await relation.waitFor();
    expect(await relation.innerText()).toContain('朋友');

    // The lifecycle stage, with its reason.
    await page.getByTestId('change-lifecycle').click();
    await choose('新阶段', '形成期');
    await page.getByLabel('变更原因').fill('首次下单 2 万元');
    await page.getByRole('dialog', { name: '变更生命周期阶段' }).getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('lifecycle-stage').innerText()).toBe('形成期');
    // The stage history (in the 360 payload) refreshes alongside the customer.
    const change = page.getByTestId('lifecycle-change').first();
    await expect.poll(() => change.innerText(), { timeout: 10_000 }).toMatch(/考察期.*形成期[\s\S]*首次下单 2 万元/);
    // The history records the stage change with its reason.
    await expect.poll(() => page.getByTestId('event').first().innerText()).toContain('首次下单 2 万元');

    // Follow the relation to the other customer: the link shows from their side too.
    await relation.getByRole('link', { name: '画像李华' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    const back = page.getByTestId('relation').filter({ hasText: '画像周明' });
    await back.waitFor();
    expect(await back.innerText()).toContain('朋友');
  });

  it('saves the list as it is (filter, sort, columns) as a view and brings it back', async () => {
    await page.goto(`${inject('baseUrl')}/customers?q=${encodeURIComponent('画像')}&sort=name&cols=kind,city`);
    await page.getByRole('link', { name: '画像周明' }).waitFor();
    await page.getByRole('button', { name: /视\s*图/ }).click();
    await page.getByRole('button', { name: '保存当前视图' }).click();
    await page.getByLabel('视图名称').fill('画像客户按名称');
    const dialog = page.getByRole('dialog', { name: '保存视图' });
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.goto(`${inject('baseUrl')}/customers`);
    await page.getByRole('button', { name: /视\s*图/ }).click();
    // the view's name, not the middle of its row: the row also holds its edit and delete buttons
    await page.getByTestId('saved-view').filter({ hasText: '画像客户按名称' }).getByText('画像客户按名称', { exact: true }).click();
    await expect.poll(() => page.url()).toContain('cols=kind%2Ccity');
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('画像');
    expect(url.searchParams.get('sort')).toBe('name');
    await page.getByRole('link', { name: '画像周明' }).waitFor();
    // the URL changes first, the table's columns follow on the next render
    const headers = async () => (await page.locator('.ant-table-thead th').allInnerTexts()).join('|');
    await expect.poll(headers).not.toContain('负责人');
    expect(await headers()).toContain('城市');
  });
});
