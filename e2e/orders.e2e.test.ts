import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
});

async function csrfToken(): Promise<string> {
  const me = await page.request.get(`${inject('baseUrl')}/api/auth/me`);
  return (await me.json()).csrfToken;
}

describe('products and orders, in the browser', () => {
  it('creates a product, orders it with a free-text line for a customer, and sees the total on the customer’s page', async () => {
    const base = inject('baseUrl');
    // The customer comes through the API: this test is about orders.
    const created = await page.request.post(`${base}/api/customers`, {
      data: { kind: 'person', name: '钱多多', city: '上海' },
      headers: { 'x-csrf-token': await csrfToken() },
    });
    expect(created.status(), await created.text()).toBe(201);
    const customer = await created.json();

    // 1. A product, priced in yuan in the form.
    await page.goto(`${base}/products`);
    await page.getByRole('button', { name: '新建产品' }).click();
    await page.locator('#sku').fill('E2E-TV-55');
    await page.locator('#name').fill('智能电视55寸');
    await page.locator('#price').fill('1299');
    await page.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row').filter({ hasText: 'E2E-TV-55' });
    await row.waitFor();
    expect(await row.innerText()).toContain('¥1,299.00');

    // 2. An order for the customer: two of the product and an installation line.
    await page.goto(`${base}/orders/new`);
    await page.locator('#customerId').click();
    await page.locator('#customerId').fill('钱多多');
    await page.locator('.ant-select-item-option').filter({ hasText: '钱多多' }).click();

    await page.locator('#lines_0_productId').click();
    await page.locator('#lines_0_productId').fill('E2E-TV');
    await page.locator('.ant-select-item-option').filter({ hasText: '智能电视55寸' }).click();
    await expect.poll(() => page.locator('#lines_0_unitPrice').inputValue(), { timeout: 10_000 }).toBe('1299.00');
    await page.locator('#lines_0_quantity').fill('2');

    await page.getByRole('button', { name: '添加明细' }).click();
    await page.locator('#lines_1_description').fill('上门安装');
    await page.locator('#lines_1_quantity').fill('1');
    await page.locator('#lines_1_unitPrice').fill('150.5');
    await expect.poll(() => page.getByTestId('order-form-total').innerText(), { timeout: 10_000 }).toBe('¥2,748.50');

    await page.getByRole('button', { name: '创建订单' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('order-total').innerText(), { timeout: 10_000 }).toBe('¥2,748.50');
    expect(await page.getByRole('row').filter({ hasText: '上门安装' }).innerText()).toContain('¥150.50');
    const orderNo = (await page.getByRole('heading', { level: 4 }).innerText()).trim();
    expect(orderNo).toMatch(/^SO\d{8}-/);

    // 3. Mark it paid; the history shows the change.
    await page.getByRole('button', { name: '确认付款' }).click();
    await page.getByRole('button', { name: '确 定' }).or(page.getByRole('button', { name: '确定' })).first().click();
    await page.getByTestId('order-event').filter({ hasText: '已付款' }).waitFor();

    // 4. The customer's page shows the summary and the order.
    await page.goto(`${base}/customers/${customer.id}`);
    const summary = page.getByTestId('order-summary');
    await summary.waitFor();
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).toContain('¥2,748.50');
    const order = page.getByTestId('customer-order').filter({ hasText: orderNo });
    await order.waitFor();
    expect(await order.innerText()).toContain('¥2,748.50');
    expect(await order.innerText()).toContain('已付款');

    // 5. And the order list finds it by customer.
    await page.getByRole('link', { name: '查看全部订单' }).click();
    await page.waitForURL(/\/orders\?customerId=/);
    await page.getByRole('link', { name: orderNo }).waitFor();
    // the customer filter names the customer
    await page.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: '钱多多' }).first().waitFor();
  });
});
