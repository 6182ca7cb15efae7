import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumMissing, openBrowserEnv, screenshot, staffLogin, type BrowserEnv, type RunningServer } from './support.ts';
import { makeResidentId } from '../../src/core/identity/resident-id.ts';

const skip = chromiumMissing();
const ID = makeResidentId('640104', '1958-04-20', 123); // a man born 1958-04-20

describe('person registry in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
  });
  after(() => env?.close());

  it('a town caseworker registers a person, corrects the name with a reason, and sees the full ID number only after stating a purpose', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await staffLogin(page, server.url, 'xqfh.caseworker');
    await page.goto(`${server.url}/console/registry`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 15_000 });

    await page.getByTestId('register-person').click();
    const form = page.getByTestId('register-form');
    await form.locator('input[name="idNumber"]').fill(ID);
    await form.locator('input[name="name"]').fill('马德全');
    await form.locator('input[name="phone"]').fill('13709511234');
    await page.getByTestId('register-submit').click();

    const detail = page.getByTestId('person-detail');
    await detail.waitFor({ timeout: 15_000 });
    const facts = await page.getByTestId('person-facts').innerText();
    assert.match(facts, /640104\*{8}\d{3}[\dX]/, 'the ID number is masked');
    assert.ok(!facts.includes(ID), 'and never shown whole');
    assert.match(facts, /1958-04-20/, 'the birth date comes from the ID number');
    assert.match(facts, /137\*{4}1234/);

    await page.getByTestId('person-correct').click();
    const correct = page.locator('form[id="correct-person"]');
    await correct.locator('input[name="name"]').fill('马德泉');
    await page.getByTestId('correct-reason').fill('依据户口簿更正姓名');
    await page.getByTestId('correct-submit').click();
    await page.getByTestId('history-corrected').waitFor({ timeout: 15_000 });
    const history = await page.getByTestId('person-history').innerText();
    assert.match(history, /马德全[\s\S]*马德泉/, 'the correction shows before and after');
    assert.match(history, /依据户口簿更正姓名/);

    await page.getByTestId('person-unmask').click();
    await page.locator('form[id="unmask"] .ant-select').click();
    await page.locator('.ant-select-item-option').first().click();
    await page.getByTestId('unmask-submit').click();
    await page.getByTestId('unmasked').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('unmasked').innerText(), new RegExp(ID));
    await screenshot(page, 'registry-person');

    // The same ID number a second time is refused with a clear message.
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/console/registry`);
    await page.getByTestId('register-person').click();
    await page.getByTestId('register-form').locator('input[name="idNumber"]').fill(ID);
    await page.getByTestId('register-form').locator('input[name="name"]').fill('重复登记');
    await page.getByTestId('register-submit').click();
    await page.getByText('该身份证号码已登记').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('a caseworker records a fraud finding against an employer, and the department head confirms it', async () => {
    const caseworker = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await staffLogin(caseworker, server.url, 'xq.caseworker');
    await caseworker.goto(`${server.url}/console/employers`);
    await caseworker.locator('.ant-table-tbody tr.ant-table-row').first().click();
    await caseworker.getByTestId('employer-findings').waitFor({ timeout: 15_000 });
    const employerUrl = caseworker.url();
    assert.match(employerUrl, /employer=/);

    await caseworker.getByTestId('employer-finding-raise').click();
    await caseworker.getByTestId('employer-finding-kind').click();
    await caseworker.locator('.ant-select-item-option').filter({ hasText: '虚构劳动关系' }).click();
    await caseworker.getByTestId('employer-finding-date').click();
    await caseworker.keyboard.type('2026-03-15');
    await caseworker.keyboard.press('Enter');
    await caseworker.locator('input#employer-finding_amount').fill('12500');
    await caseworker.getByTestId('employer-finding-description').fill('虚构与张某的劳动关系，代缴养老保险以骗取待遇');
    await caseworker.getByTestId('employer-finding-submit').click();
    const row = caseworker.getByTestId('employer-findings-table').locator('tr.ant-table-row').filter({ hasText: '虚构与张某的劳动关系' });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /虚构劳动关系[\s\S]*2026-03-15[\s\S]*12,500\.00[\s\S]*待认定/);
    assert.equal(await row.getByTestId('employer-finding-confirm').count(), 0, 'a caseworker records, but does not decide');
    await caseworker.close();

    const head = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await staffLogin(head, server.url, 'xq.head');
    // The head finds it among the region's open findings on 疑点复核 and opens the employer from there.
    await head.goto(`${server.url}/console/integrity`);
    const queued = head.getByTestId('employer-findings-queue').locator('tr.ant-table-row', { hasText: '虚构劳动关系' });
    await queued.waitFor({ timeout: 15_000 });
    await screenshot(head, 'integrity-employer-findings');
    await queued.locator('a').first().click();
    await head.waitForURL(/employer=/);
    assert.equal(head.url().split('?')[1], employerUrl.split('?')[1], 'the link opens the same employer');
    await head.getByTestId('employer-finding-confirm').first().click();
    await head.getByTestId('employer-finding-note').fill('经调查核实，责令退回并处罚款');
    await head.getByTestId('employer-finding-decision-submit').click();
    await head.locator('[data-testid="employer-finding-status"][data-status="confirmed"]').waitFor({ timeout: 15_000 });
    assert.match(await head.getByTestId('employer-findings').innerText(), /认定属实[\s\S]*经调查核实，责令退回并处罚款/);
    await screenshot(head, 'employer-findings');
    await head.close();
  });
});
