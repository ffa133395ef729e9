import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
let page: Page;
const DAY = 86_400_000;

/** Calls the API with the page's session cookie and CSRF token. */
async function apiPost(path: string, body: unknown) {
  const me = await (await page.request.get(`${inject('baseUrl')}/api/auth/me`)).json();
  const response = await page.request.post(`${inject('baseUrl')}${path}`, { data: body, headers: { 'x-csrf-token': me.csrfToken } });
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

let firstCustomerId: string;
let recommendedCustomerId: string;
const RUN = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
  // Twelve customers who bought two to five times over the last 300 days: enough repeat buyers for the models.
  for (let i = 0; i < 12; i++) {
    const customer = await apiPost('/api/customers', { kind: 'organization', name: `分析测试客户${String.fromCharCode(65 + i)}` });
    if (i === 0) firstCustomerId = customer.id;
    const purchases = 2 + (i % 4);
    for (let k = 0; k < purchases; k++) {
      const orderedAt = new Date(Date.now() - (20 + i * 7 + k * (30 + i * 3)) * DAY).toISOString();
      await apiPost('/api/orders', {
        customerId: customer.id,
        orderedAt,
        status: 'completed',
        lines: [{ description: '年度服务', quantity: 1 + (k % 3), unitPrice: 50_000 + i * 12_345 + k * 7_000 }],
      });
    }
  }
  // Products of this run only (other browser tests share the workspace): three customers buy the
  // printer with its toner, a fourth only the printer, four others only paper. Printer → toner then
  // has confidence 3/4 and lift ≥ 2 (at least 8 baskets), so the fourth is offered the toner.
  const product = async (sku: string, name: string) => (await apiPost('/api/products', { sku: `${sku}-${RUN}`, name, unitPrice: { amount: 99_900 } })).id as string;
  const printer = await product('E2E-PRN', `测试打印机${RUN}`);
  const toner = await product('E2E-TNR', `测试硒鼓${RUN}`);
  const paper = await product('E2E-PPR', `测试纸张${RUN}`);
  const baskets = [[printer, toner], [printer, toner], [printer, toner], [printer], [paper], [paper], [paper], [paper]];
  for (const [i, basket] of baskets.entries()) {
    const customer = await apiPost('/api/customers', { kind: 'organization', name: `推荐测试客户${RUN}${i}` });
    if (i === 3) recommendedCustomerId = customer.id;
    await apiPost('/api/orders', {
      customerId: customer.id,
      orderedAt: new Date(Date.now() - (10 + i) * DAY).toISOString(),
      status: 'completed',
      lines: basket.map((productId) => ({ productId, quantity: 1 })),
    });
  }
});

describe('analytics in the browser', () => {
  it('refreshes the scores from the dashboard and draws the charts with data', async () => {
    await page.goto(`${inject('baseUrl')}/analytics`);
    await page.getByRole('button', { name: /刷新评分/ }).click();
    // The refresh runs as a background job; on a busy machine the worker may take a while to pick it up.
    // Other browser tests share this workspace and may have added orders of their own, so the refresh covers
    // at least the twelve customers made here (and no refresh ran since they were made, before this click).
    const refreshedCustomers = async () => {
      const summary = page.getByTestId('refresh-summary');
      if (!(await summary.isVisible())) return 0;
      return Number(/(\d+) 位客户/.exec(await summary.innerText())?.[1] ?? 0);
    };
    await expect.poll(refreshedCustomers, { timeout: 120_000 }).toBeGreaterThanOrEqual(12);
    for (const chart of ['revenue-trend', 'rfm-segments', 'abc-tiers', 'clv-distribution', 'customer-status']) {
      const canvas = page.getByTestId(`chart-${chart}`).locator('canvas');
      await canvas.first().waitFor();
      expect(await canvas.count(), chart).toBeGreaterThan(0);
    }
    // the model card shows the fitted BG/NBD parameters
    await expect.poll(() => page.getByTestId('model-card').innerText()).toMatch(/BG\/NBD[\s\S]*r = /);
    // PNG export: a download with the chart's name
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PNG 月度收入趋势' }).click()]);
    expect(download.suggestedFilename()).toBe('revenue-trend.png');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV ABC 价值分级' }).click()]);
    expect(csv.suggestedFilename()).toBe('abc-tiers.csv');
  }, 180_000);

  it('shows a customer’s value section on the 360 page', async () => {
    await page.goto(`${inject('baseUrl')}/customers/${firstCustomerId}`);
    const explanation = page.getByTestId('value-explanation');
    await explanation.waitFor();
    expect(await explanation.innerText()).toMatch(/该客户在过去 \d+ 周购买了 2 次/);
    expect(await explanation.innerText()).toMatch(/模型估计其仍活跃的概率为 \d+%/);
    await page.getByTestId('value-segment').waitFor();
  });

  it('offers a customer the product bought with theirs, with the reason, on the 360 page', async () => {
    // the refresh of the first test mines the rules (it may still be finishing if another file's refresh satisfied its wait)
    const card = page.getByTestId('customer-recommendations');
    const shown = async () => {
      await page.goto(`${inject('baseUrl')}/customers/${recommendedCustomerId}`);
      await card.locator('[data-testid="recommendation"], [data-testid="recommendations-empty"]').first().waitFor();
      return card.getByTestId('recommendation').count();
    };
    await expect.poll(shown, { timeout: 120_000, interval: 2_000 }).toBeGreaterThan(0);
    const first = card.getByTestId('recommendation').first();
    expect(await first.innerText()).toContain(`测试硒鼓${RUN}`);
    expect(await first.getByTestId('recommendation-reason').innerText()).toMatch(new RegExp(`买过「测试打印机${RUN}」的客户中 75% 也买了「测试硒鼓${RUN}」（提升度 \\d+\\.\\d）`));
    // a customer who bought no catalogue product is told why there is nothing
    await page.goto(`${inject('baseUrl')}/customers/${firstCustomerId}`);
    expect(await page.getByTestId('recommendations-empty').innerText()).toContain('没有购买目录中的产品');
  }, 180_000);
});
