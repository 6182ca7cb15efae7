import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumMissing, openBrowserEnv, screenshot, type BrowserEnv, type RunningServer } from './support.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const skip = chromiumMissing();

describe('citizen portal in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
  });
  after(() => env?.close());

  it('shows the public home without a login', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(server.url);
    await page.getByRole('heading', { name: '市民服务' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    // The English switch changes the page without a reload.
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Citizen services' }).first().waitFor({ timeout: 5_000 });
    await screenshot(page, 'public-home-en');
    await page.close();
  });

  it('logs a demo citizen in on a phone-sized screen and shows the masked ID number', async () => {
    // The first start prints demo citizen ID numbers; take one as a user reading the console would.
    const idNumber = /^\s+(\d{17}[\dX])\s+\S+$/m.exec(server.output())?.[1];
    assert.ok(idNumber, 'the server printed a demo citizen login');
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
    await page.goto(`${server.url}/portal`);
    await page.locator('input[name="idNumber"]').fill(idNumber);
    await page.locator('input[name="password"]').first().fill(DEMO_PASSWORD);
    await page.locator('input[name="password"]').first().press('Enter');
    const home = page.getByTestId('portal-home');
    await home.waitFor({ timeout: 15_000 });
    const text = await home.innerText();
    assert.ok(text.includes(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`), 'masked ID number is shown');
    assert.ok(!text.includes(idNumber), 'the full ID number is not shown');
    await screenshot(page, 'citizen-portal');
    await page.close();
  });

  it('tells a citizen that an ID number with a wrong check digit is not valid', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server.url}/portal`);
    await page.locator('input[name="idNumber"]').fill('110105194912310021');
    await page.locator('input[name="password"]').first().fill('whatever-123');
    await page.locator('input[name="password"]').first().press('Enter');
    await page.locator('.ant-form-item-explain-error, .ant-alert').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('portal-home').count(), 0);
    await page.close();
  });
});
