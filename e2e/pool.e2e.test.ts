import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

const PASSWORD = 'rep-password-2026';
let browser: Browser;
let admin: Page;
let rep: Page;
let colleaguesCustomer: { id: string };
let pooled: { id: string };
let repId: string;

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const me = await page.request.get(`${inject('baseUrl')}/api/auth/me`);
  const response = await page.request.fetch(`${inject('baseUrl')}${path}`, {
    method,
    headers: { 'x-csrf-token': (await me.json()).csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json() as Promise<T>;
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await signedInPage(browser);
  const suffix = Date.now().toString(36);
  const repA = await api<{ id: string }>(admin, 'POST', '/api/users', { email: `pool-rep-a-${suffix}@kemai.local`, name: '代表小周', password: PASSWORD, role: 'sales_rep' });
  const repB = await api<{ id: string }>(admin, 'POST', '/api/users', { email: `pool-rep-b-${suffix}@kemai.local`, name: '代表小吴', password: PASSWORD, role: 'sales_rep' });
  repId = repA.id;
  colleaguesCustomer = await api(admin, 'POST', '/api/customers', { kind: 'person', name: '同事的客户', phones: ['13700001111'], ownerId: repB.id });
  pooled = await api(admin, 'POST', '/api/customers', { kind: 'person', name: '待认领客户', city: '苏州', ownerId: null });
  rep = await signedInPage(browser, `pool-rep-a-${suffix}@kemai.local`, PASSWORD);
});

describe('who may see what, in the browser', () => {
  it('a rep cannot see a colleague’s customer: not in the list, and its page is the not-found page', async () => {
    // The admin sees it, so its absence for the rep is the scope at work.
    await admin.goto(`${inject('baseUrl')}/customers?q=同事的客户`);
    await admin.getByRole('link', { name: '同事的客户', exact: true }).waitFor();

    await rep.goto(`${inject('baseUrl')}/customers?q=同事的客户`);
    await rep.getByText('没有符合条件的客户').first().waitFor();
    expect(await rep.getByRole('link', { name: '同事的客户', exact: true }).count()).toBe(0);
    await rep.goto(`${inject('baseUrl')}/customers?q=1111`);
    await rep.getByText('没有符合条件的客户').first().waitFor();

    await rep.goto(`${inject('baseUrl')}/customers/${colleaguesCustomer.id}`);
    await rep.getByText('客户不存在', { exact: true }).waitFor();
    expect(await rep.getByText('同事的客户').count()).toBe(0);
  });

  it('a rep claims a customer from the pool (公海) and it becomes theirs', async () => {
    await rep.goto(`${inject('baseUrl')}/pool`);
    await rep.locator('#pool-search').fill('待认领');
    await rep.getByRole('link', { name: '待认领客户', exact: true }).waitFor();
    await rep.getByRole('button', { name: '认领 待认领客户' }).click();
    await rep.getByText('已认领，客户已归入你的名下').waitFor();
    await expect.poll(() => rep.getByRole('link', { name: '待认领客户', exact: true }).count(), { timeout: 10_000 }).toBe(0);

    const customer = await api<{ ownerId: string }>(rep, 'GET', `/api/customers/${pooled.id}`);
    expect(customer.ownerId).toBe(repId);
    await rep.goto(`${inject('baseUrl')}/customers/${pooled.id}`);
    await rep.getByRole('heading', { name: '待认领客户' }).waitFor();
    await rep.getByRole('button', { name: /放回公海/ }).waitFor();
    const history = rep.getByTestId('event').filter({ hasText: '认领' });
    await history.first().waitFor();
    expect(await history.first().innerText()).toContain('代表小周');
  });
});
