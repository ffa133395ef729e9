import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
let page: Page;
const DAY = 86_400_000;

async function api(method: 'GET' | 'POST', path: string, body?: unknown) {
  const me = await (await page.request.get(`${inject('baseUrl')}/api/auth/me`)).json();
  const response = await page.request.fetch(`${inject('baseUrl')}${path}`, { method, data: body, headers: { 'x-csrf-token': me.csrfToken } });
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

let organisationId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser);
  const organisation = await api('POST', '/api/customers', {
    kind: 'organization',
    name: '信用测试机械有限公司',
    city: '上海',
    profile: {
      size: 'medium',
      credit: {
        character: { score: 5, note: '按时付款' },
        capacity: { score: 4, note: null },
        capital: { score: 3, note: null },
        collateral: { score: 2, note: null },
        conditions: { score: 1, note: null },
      },
    },
  });
  organisationId = organisation.id;
  // ¥12,000 over the last year (three orders), one of them long ago enough to be outside it
  for (const [days, yuan] of [[30, 5_000], [90, 7_000], [500, 9_000]] as const) {
    await api('POST', '/api/orders', {
      customerId: organisationId,
      orderedAt: new Date(Date.now() - days * DAY).toISOString(),
      status: 'completed',
      lines: [{ description: '设备维护', quantity: 1, unitPrice: yuan * 100 }],
    });
  }
});

describe('credit score and the selection matrix in the browser', () => {
  it('shows the credit card on an organisation’s 360 page', async () => {
    await page.goto(`${inject('baseUrl')}/customers/${organisationId}`);
    const card = page.getByTestId('customer-credit');
    await card.getByTestId('credit-criteria').waitFor();
    // default weights: 25 + 18.75 + 10 + 3.75 + 0 = 57.5 → A; ¥12,000 / 12 × 1 month = ¥1,000
    await expect.poll(() => card.innerText()).toMatch(/57\.5/);
    expect(await card.getByTestId('credit-grade').innerText()).toBe('A');
    expect(await card.innerText()).toMatch(/¥1,000\.00/);
    expect(await card.getByTestId('credit-reasons').innerText()).toMatch(/抵押仅 2\/5 分/);
    // its button opens the edit drawer at the 5C section
    await card.getByRole('button', { name: /填写 5C 资信/ }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('编辑客户').waitFor();
    await drawer.getByText('品德', { exact: true }).waitFor();
  });

  it('places the customers on the matrix tab and draws the scatter', async () => {
    // Score until this customer is in (another browser test's refresh may be running, begun before these orders).
    const scored = async () => {
      const status = await api('GET', '/api/analytics/refresh/status');
      if (!status.latest || !['queued', 'running'].includes(status.latest.status)) {
        const value = await api('GET', `/api/analytics/customers/${organisationId}`);
        if (value.scored) return true;
        await api('POST', '/api/analytics/refresh', {});
      }
      return false;
    };
    await expect.poll(scored, { timeout: 150_000, interval: 2_000 }).toBe(true);
    const matrix = await api('GET', '/api/analytics/selection-matrix');
    const placed = matrix.counts.A + matrix.counts.B + matrix.counts.C + matrix.counts.D;
    expect(placed).toBeGreaterThanOrEqual(1);

    await page.goto(`${inject('baseUrl')}/analytics?tab=selection`);
    const chart = page.getByTestId('chart-selection-matrix');
    await chart.locator('canvas').first().waitFor();
    const shown = await Promise.all(['A', 'B', 'C', 'D'].map(async (q) => Number((await page.getByTestId(`quadrant-${q}`).locator('.ant-statistic-content-value').innerText()).replaceAll(',', ''))));
    expect(shown.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    // the quadrant's list links to the 360 pages
    const quadrant = (['A', 'B', 'C', 'D'] as const).find((_, i) => shown[i]! > 0)!;
    await page.getByTestId(`quadrant-${quadrant}`).click();
    await page.getByTestId('quadrant-list').locator('a[href^="/customers/"]').first().waitFor();
    const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /导出 PNG/ }).click()]);
    expect(png.suggestedFilename()).toBe('selection-matrix.png');
  }, 200_000);
});
