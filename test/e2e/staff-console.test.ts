import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { generate } from 'otplib';
import { chromiumMissing, launchBrowser, screenshot, startServer, type RunningServer } from './support.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/seed.ts';

const skip = chromiumMissing();

describe('staff console in Chromium', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs a demo caseworker in with password and TOTP and shows the console with the county’s citizens', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.locator('input[name="username"]').fill('xq.caseworker');
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('input[name="password"]').press('Enter');

    const totp = page.locator('input[name="totp"]');
    await totp.waitFor({ timeout: 15_000 });
    await totp.fill(await generate({ secret: demoTotpSecret('xq.caseworker') }));
    await totp.press('Enter');

    const consoleRoot = page.getByTestId('console');
    await consoleRoot.waitFor({ timeout: 15_000 });
    assert.match(await consoleRoot.innerText(), /兴庆区/);
    await screenshot(page, 'staff-console');

    await page.goto(`${server.url}/console/citizens`);
    const firstRow = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await firstRow.waitFor({ timeout: 15_000 });
    const text = await page.locator('.ant-table-tbody').innerText();
    assert.match(text, /640104\*{8}[\dX]{4}/, 'ID numbers are masked');
    assert.doesNotMatch(text, /640105\d{3}/, 'no citizen of 西夏区 is listed');
    await screenshot(page, 'staff-citizens');
    await page.close();
  });

  it('keeps a wrong password and a missing second factor out of the console', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('input[name="username"]').fill('xq.caseworker');
    await page.locator('input[name="password"]').fill('not-the-password-1');
    await page.locator('input[name="password"]').press('Enter');
    await page.locator('.ant-alert').waitFor({ timeout: 15_000 });
    await page.goto(`${server.url}/console`);
    await page.waitForURL(/\/login/, { timeout: 15_000 });
    assert.equal(await page.getByTestId('console').count(), 0);
    await page.close();
  });
});
