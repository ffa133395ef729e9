import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage, tableSettled } from './browser.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
});

async function addChip(selector: string, text: string) {
  await page.locator(selector).click();
  await page.locator(selector).fill(text);
  await page.keyboard.press('Enter');
}

describe('a sales rep’s first customer, in the browser', () => {
  it('creates 张伟, finds him by typing "zw", edits his city and sees it in his history', async () => {
    await page.getByRole('button', { name: '新建客户' }).click();
    await page.locator('#name').fill('张伟');
    await addChip('#phones', '138 1234 5678');
    await page.locator('#city').fill('北京');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    // The customer page has many sections now; on a busy machine its first render can take over a second.
    await page.getByRole('heading', { name: '张伟' }).waitFor();

    await page.goto(`${inject('baseUrl')}/customers`);
    await page.locator('#customer-search').fill('zw');
    const row = page.getByRole('link', { name: '张伟', exact: true });
    await row.waitFor();
    await expect.poll(() => page.url()).toContain('q=zw');
    // 张伟 is on the unfiltered list too: click once the search's page has arrived (a loading table takes no clicks)
    await tableSettled(page);
    await row.click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText('13812345678').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: '编辑' }).click();
    await page.locator('#city').fill('上海');
    await page.getByRole('button', { name: '保存' }).click();
    const change = page.getByTestId('event-change').filter({ hasText: '上海' });
    await change.waitFor();
    expect(await change.innerText()).toMatch(/城市.*北京.*上海/s);
  });

  it('shows the server’s field errors under the fields they name', async () => {
    // The form checks input itself; to see the server's own 400, corrupt the request on its way out.
    await page.goto(`${inject('baseUrl')}/customers`);
    await page.route('**/api/customers', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...body, emails: ['not-an-email'] }) });
    });
    await page.getByRole('button', { name: '新建客户' }).click();
    await page.locator('#name').fill('李四');
    await page.getByRole('button', { name: '保存' }).click();
    const emailError = page.locator('#emails_help');
    await emailError.waitFor();
    expect(await emailError.innerText()).not.toBe('');
    await page.unroute('**/api/customers');
    expect(page.url()).toMatch(/\/customers$/);
  });

  it('warns when someone else changed the customer meanwhile (409) and offers the current values', async () => {
    const created = await page.request.post(`${inject('baseUrl')}/api/customers`, {
      data: { kind: 'organization', name: '杭州云图科技有限公司', city: '杭州' },
      headers: { 'x-csrf-token': await csrfToken(page) },
    });
    expect(created.status()).toBe(201);
    const customer = await created.json();
    await page.goto(`${inject('baseUrl')}/customers/${customer.id}`);
    await page.getByRole('button', { name: '编辑' }).click();
    const other = await page.request.patch(`${inject('baseUrl')}/api/customers/${customer.id}`, {
      data: { version: 1, city: '宁波' },
      headers: { 'x-csrf-token': await csrfToken(page) },
    });
    expect(other.status()).toBe(200);
    await page.locator('#city').fill('温州');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('该客户已被他人修改').waitFor();
  });
});

async function csrfToken(page: Page): Promise<string> {
  const me = await page.request.get(`${inject('baseUrl')}/api/auth/me`);
  return (await me.json()).csrfToken;
}
