import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, openBrowserEnv, screenshot, staffLogin, type BrowserEnv, type RunningServer } from './support.ts';
import { makeResidentId } from '../../src/core/identity/resident-id.ts';
import { batchHeaders } from '../../src/modules/exchange/signing.ts';

const skip = chromiumMissing();
const DEMO_PARTNERS = ['yc-gongan', 'yc-minzheng', 'yc-weijian', 'yc-shuiwu', 'yc-icbc', 'yc-jiaoyu'];
const CODE = 'e2e-shuiwu';

/** Picks an option of an antd Select; the open dropdown is the last visible one (a closing one may linger). */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible').last().locator('.ant-select-item-option', { hasText: option }).click();
}

/** Picks the option of a single-choice Select and waits until its dropdown has closed, so that it cannot catch the next click. */
async function pick(page: Page, testId: string, option: string) {
  await choose(page, testId, option);
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
}

describe('data exchange in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
  });
  after(() => env?.close());

  it('a caseworker asks public security whether a person is alive, then a bank whether the person held an account since closed, and is told the question is recorded', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await staffLogin(page, server.url, 'xq.caseworker');
    await page.goto(`${server.url}/console/registry`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().click();
    await page.getByTestId('person-ask-partner').click();

    // Only 银川市公安局 answers person_alive in the demo, so it is chosen already.
    await page.getByTestId('ask-partner').getByText('银川市公安局').waitFor({ timeout: 15_000 });
    await pick(page, 'ask-purpose', '待遇资格认证');
    await page.getByTestId('ask-submit').click();
    const answer = page.getByTestId('ask-answer');
    await answer.waitFor({ timeout: 15_000 });
    assert.match(await answer.innerText(), /健在|已死亡/);
    assert.match(await answer.innerText(), /640104\*{8}[\dX]{4}/, 'the answer shows the ID number masked');
    assert.match(await page.getByTestId('ask-recorded').innerText(), /数据访问记录/);
    await page.getByTestId('ask-close').click();

    // A new account closes the one in use; the bank is then asked about the closed one, picked from the registry's.
    await page.getByRole('tab', { name: '银行账户' }).click();
    const accounts = page.getByTestId('person-bank-accounts');
    await accounts.getByTestId('bank-status').first().waitFor({ timeout: 15_000 });
    const closing = /\d{4} \*{4} \*{4} \d{4}/.exec(await accounts.innerText())?.[0];
    assert.ok(closing, 'the demo person has an account in use');
    await page.getByTestId('bank-add').click();
    await page.locator('#bank-add_bankName').fill('中国工商银行');
    await page.getByTestId('bank-add-form').locator('input[name="accountNumber"]').fill('6222020200112233445');
    await page.getByTestId('bank-add-submit').click();
    await accounts.locator('[data-testid="bank-status"][data-status="closed"]').waitFor({ timeout: 15_000 });

    await page.getByRole('tab', { name: '基本信息' }).click();
    await page.getByTestId('person-ask-partner').click();
    await page.getByTestId('ask-kind').getByText('账户是否本人').click();
    await page.getByTestId('ask-partner').getByText('中国工商银行银川分行').waitFor({ timeout: 15_000 });
    const choices = page.getByTestId('ask-account');
    await choices.getByText('6222 **** **** 3445').waitFor({ timeout: 15_000 });
    await choices.locator('label', { hasText: closing }).click();
    await page.getByTestId('ask-submit').click();
    await answer.waitFor({ timeout: 15_000 });
    assert.match(await answer.innerText(), /账户属于本人/);
    assert.ok((await answer.innerText()).includes(closing), 'the closed account was asked about');
    await page.close();
  });

  it('a system administrator registers a partner with its own Ed25519 key, sees the credential once, and reads the signed batch it sent in the message log', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    await staffLogin(page, server.url, 'yc.sysadmin');
    await page.goto(`${server.url}/console/exchange/partners`);
    const partners = page.getByTestId('partners');
    await partners.locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
    const listed = await partners.innerText();
    for (const code of DEMO_PARTNERS) assert.ok(listed.includes(code), `demo partner ${code} is listed`);
    assert.match(listed, /银川市公安局[\s\S]*公安/);

    // 民政局 was registered without an adapter: the questions we ask stay greyed out until one is chosen.
    await partners.locator('tr.ant-table-row', { hasText: 'yc-minzheng' }).getByTestId('partner-edit-grants').click();
    await page.getByTestId('partner-query-kinds').click();
    const alive = page.locator('.ant-select-dropdown:visible').last().locator('.ant-select-item-option', { hasText: '是否健在' });
    assert.match((await alive.getAttribute('class')) ?? '', /ant-select-item-option-disabled/);
    await page.keyboard.press('Escape');
    await pick(page, 'partner-adapter', 'simulated');
    await choose(page, 'partner-query-kinds', '是否健在');
    await page.keyboard.press('Escape');
    await screenshot(page, 'exchange-grants');
    await page.getByTestId('partner-grants-submit').click();
    await partners.locator('tr.ant-table-row', { hasText: 'yc-minzheng' }).getByText('是否健在').waitFor({ timeout: 15_000 });

    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    await page.getByTestId('register-partner').click();
    const form = page.getByTestId('register-partner-form');
    await form.locator('input[name="code"]').fill(CODE);
    await form.locator('input[name="name"]').fill('测试税务系统');
    await pick(page, 'partner-department-select', '税务');
    await choose(page, 'partner-datasets', 'tax.income@1');
    await page.keyboard.press('Escape');
    await page.getByTestId('partner-public-key').fill(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await choose(page, 'partner-purposes', '收入核查');
    await page.keyboard.press('Escape');
    await page.getByTestId('partner-register-submit').click();

    const shown = page.getByTestId('partner-credential');
    await shown.waitFor({ timeout: 15_000 });
    const credential = await shown.inputValue();
    assert.match(credential, /^msx_[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, 'exchange-credential');
    await page.getByTestId('credential-saved').click();
    await partners.getByText(CODE).waitFor();

    // The new partner sends a signed batch: one person unknown to the registry, one ID number mistyped.
    const unknown = makeResidentId('640104', '1990-03-15', 417);
    const mistyped = unknown.slice(0, 17) + (unknown[17] === '0' ? '1' : '0');
    const body = `id_number,period,payer_credit_code,amount_fen\n${unknown},2026-10,91640100MA76XQ0X1E,650000\n${mistyped},2026-10,91640100MA76XQ0X1E,1000\n`;
    const batchId = `e2e-${Date.now()}`;
    const sent = await fetch(`${server.url}/api/exchange/batches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credential}`,
        'content-type': 'text/csv',
        ...batchHeaders({ privateKey, partnerCode: CODE, batchId, dataset: 'tax.income@1', purpose: 'income_verification', body }),
      },
      body,
    });
    assert.equal(sent.status, 422, 'the batch is rejected whole');

    await page.getByRole('menuitem', { name: '报文日志' }).click();
    const messages = page.getByTestId('messages');
    await messages.getByText(batchId).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="messages-chart"][data-ready]').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('messages-chart-card').innerText(), /每日报文数/);
    assert.match(await messages.innerText(), /发送\s+查询/, 'the caseworker’s question is logged too');
    await messages.locator('tr.ant-table-row', { hasText: batchId }).click();

    const detail = page.getByTestId('message-detail');
    await detail.getByTestId('message-records').waitFor({ timeout: 15_000 });
    assert.match(await detail.getByTestId('message-hash').innerText(), /^[0-9a-f]{64}$/);
    assert.equal((await detail.getByTestId('message-signature-value').innerText()).trim().length, 88, 'a base64 Ed25519 signature');
    assert.equal(await detail.getByTestId('message-verification').getAttribute('data-result'), 'valid');
    const records = await detail.getByTestId('message-records').innerText();
    assert.match(records, /2\s+640104\*{8}\d{3}[\dX][\s\S]*person_unknown[\s\S]*人员未在本系统登记/);
    assert.match(records, /3\s+640104\*{8}\d{3}[\dX][\s\S]*id_check_digit[\s\S]*校验位错误/);
    assert.ok(!records.includes(unknown), 'no full ID number is shown');
    await page.waitForTimeout(300); // the drawer's opening animation, for the screenshot
    await screenshot(page, 'exchange-message');
    await page.close();
  });
});
