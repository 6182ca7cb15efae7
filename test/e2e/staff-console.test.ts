import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { generate } from 'otplib';
import { chromiumMissing, openBrowserEnv, screenshot, type BrowserEnv, type RunningServer } from './support.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/seed.ts';

const skip = chromiumMissing();

describe('staff console in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
  });
  after(() => env?.close());

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
    await page.getByTestId('overview').waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
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

  it('adds a passkey (a virtual platform authenticator) and then logs in with it instead of a code', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    // Chromium's virtual authenticator stands in for the fingerprint or face unlock of a real device.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    const passwordStep = async () => {
      await page.goto(`${server.url}/login`);
      await page.locator('input[name="username"]').fill('xq.head');
      await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('input[name="password"]').press('Enter');
      await page.getByTestId('second-factor').waitFor({ timeout: 15_000 });
    };
    await passwordStep();
    await page.locator('input[name="totp"]').fill(await generate({ secret: demoTotpSecret('xq.head') }));
    await page.locator('input[name="totp"]').press('Enter');
    await page.getByTestId('console').waitFor({ timeout: 15_000 });

    await page.goto(`${server.url}/console/security`);
    await page.getByTestId('add-passkey').click();
    const enrol = page.getByTestId('passkey-enrol');
    await enrol.locator('input').fill('办公电脑');
    await enrol.locator('button[type="submit"]').click();
    // Demo staff have no recovery codes yet: they are shown once, and must be acknowledged.
    await page.getByTestId('recovery-codes').waitFor({ timeout: 15_000 });
    assert.equal((await page.getByTestId('recovery-codes').innerText()).match(/[0-9a-f]{5}-[0-9a-f]{5}/g)?.length, 10);
    await page.getByTestId('recovery-saved').click();
    await page.getByRole('cell', { name: '办公电脑' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'staff-passkey-added');

    await page.getByTestId('logout').first().click();
    await page.waitForURL(/\/login/, { timeout: 15_000 });
    await passwordStep();
    await page.getByTestId('switch-passkey').click();
    await page.getByTestId('use-passkey').click();
    await page.getByTestId('console').waitFor({ timeout: 15_000 });
    await context.close();
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
