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
    await page.locator('.ant-modal:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
    const relation = page.getByTestId('relation').filter({ hasText: '画像李华' });
    await relation.waitFor();
    expect(await relation.innerText()).toContain('朋友');

    // The lifecycle stage, with its reason.
    await page.getByTestId('change-lifecycle').click();
    await choose('新阶段', '形成期');
    await page.getByLabel('变更原因').fill('首次下单 2 万元');
    await page.locator('.ant-modal:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('lifecycle-stage').innerText()).toBe('形成期');
    const change = page.getByTestId('lifecycle-change').first();
    expect(await change.innerText()).toMatch(/考察期.*形成期[\s\S]*首次下单 2 万元/);
    // The history records the stage change with its reason.
    await expect.poll(() => page.getByTestId('event').first().innerText()).toContain('首次下单 2 万元');

    // Follow the relation to the other customer: the link shows from their side too.
    await relation.getByRole('link', { name: '画像李华' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    const back = page.getByTestId('relation').filter({ hasText: '画像周明' });
    await back.waitFor();
    expect(await back.innerText()).toContain('朋友');
  });
});
