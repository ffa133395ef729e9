import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signedInPage } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});

describe('settings, as an administrator', () => {
  it('creates a sales rep who can sign in but has no settings menu, then deactivates them', async () => {
    const admin = await signedInPage(browser);
    await admin.getByRole('menuitem', { name: '设置' }).click();
    await admin.waitForURL(/\/settings/);
    await admin.getByRole('button', { name: '新建用户' }).click();
    const dialog = admin.getByRole('dialog');
    const email = `rep-${Date.now()}@e2e.kemai.local`;
    await dialog.locator('#email').fill(email);
    await dialog.locator('#name').fill('周杰');
    await dialog.locator('#password').fill('rep-password-1');
    await dialog.locator('#role').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '销售代表' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = admin.getByRole('row').filter({ hasText: email });
    await row.waitFor();

    const rep = await signedInPage(browser, email, 'rep-password-1');
    await rep.getByRole('menuitem', { name: '客户' }).waitFor();
    expect(await rep.getByRole('menuitem', { name: '设置' }).count()).toBe(0);

    await row.getByRole('button', { name: '停用' }).click();
    await admin.getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('已停用').waitFor();

    // The rep's open session ends at once: their next API call is refused and the app returns to sign-in.
    const me = await rep.request.get(`${inject('baseUrl')}/api/auth/me`);
    expect(me.status()).toBe(401);
    await rep.reload();
    await rep.waitForURL(/\/login/);
  });
});
