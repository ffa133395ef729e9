import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core') as typeof import('playwright-core');

/** Debian's Chromium, headless, with the flags this network-less machine needs. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  afterAll(() => browser.close());
  return browser;
}

/** A new page, signed in through the login form as the given user (the admin by default). */
export async function signedInPage(browser: Browser, email = inject('adminEmail'), password = inject('adminPassword')): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 850 } });
  const page = await context.newPage();
  await page.goto(`${inject('baseUrl')}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/customers/);
  return page;
}

/** Resolves once no antd table on the page shows its loading spinner: a click on a loading table is lost. */
export async function tableSettled(page: Page) {
  await expect.poll(() => page.locator('.ant-table .ant-spin-spinning').count()).toBe(0);
}
