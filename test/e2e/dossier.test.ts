import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, openBrowserEnv, screenshot, staffLogin, type BrowserEnv, type RunningServer } from './support.ts';
import { makeResidentId } from '../../src/core/identity/resident-id.ts';

const skip = chromiumMissing();
const ID = makeResidentId('640104', '1986-03-12', 457);
const NAME = '杨晓梅';
const PASSWORD = 'Dossier-2026-test';
/** Not one of the demo data's card numbers, which all begin with a letter and then 1. */
const CARD = 'Z98765432';
const TOWN_OFFICE = '凤凰北街街道社会保障服务所';

/** A new citizen signs up in the portal with their ID number. */
async function citizenSignup(page: Page, url: string) {
  await page.goto(`${url}/portal`);
  await page.getByRole('tab', { name: '注册' }).click();
  const form = page.getByTestId('portal-signup');
  await form.locator('#signup_idNumber').fill(ID);
  await form.locator('#signup_name').fill(NAME);
  await form.locator('#signup_password').fill(PASSWORD);
  await form.locator('#signup_confirm').fill(PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId('portal-home').waitFor({ timeout: 15_000 });
}

describe('the citizen’s dossier and data tracker in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  let citizen: Page;
  let staff: Page;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
    citizen = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    staff = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  });
  after(() => env?.close());

  it('tells a citizen who is not registered yet where to register, without an error', async () => {
    await citizenSignup(citizen, server.url);
    await citizen.getByTestId('service-dossier').click();
    const notice = citizen.getByTestId('not-in-registry');
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /人社部门尚无您的登记信息/);
    assert.equal(await citizen.getByTestId('error-alert').count(), 0);
  });

  it('shows the citizen the card a caseworker issued, in the record and in the timeline', async () => {
    await staffLogin(staff, server.url, 'xqfh.caseworker');
    await staff.goto(`${server.url}/console/registry`);
    await staff.getByTestId('register-person').click();
    const form = staff.getByTestId('register-form');
    await form.locator('input[name="idNumber"]').fill(ID);
    await form.locator('input[name="name"]').fill(NAME);
    await form.locator('input[name="phone"]').fill('13895012345');
    await staff.getByTestId('register-submit').click();
    await staff.getByTestId('person-facts').waitFor({ timeout: 15_000 });

    await staff.getByRole('tab', { name: '社保卡' }).click();
    await staff.getByTestId('card-issue').click();
    const issue = staff.getByTestId('card-issue-form');
    await issue.locator('input[name="cardNumber"]').fill(CARD.toLowerCase());
    await issue.getByTestId('bank-name').locator('input').fill('宁夏银行');
    await staff.getByTestId('card-issue-submit').click();
    await staff.getByTestId('person-cards').getByText(CARD).waitFor({ timeout: 15_000 });
    assert.equal(await staff.getByTestId('person-cards').getByTestId('card-status').getAttribute('data-status'), 'active');

    await staff.getByRole('tab', { name: '档案' }).click();
    await staff.getByTestId('person-dossier').getByTestId('history-card.issued').waitFor({ timeout: 15_000 });
    await screenshot(staff, 'dossier-console-person');

    await citizen.goto(`${server.url}/portal/dossier`);
    await citizen.getByTestId('my-dossier').waitFor({ timeout: 15_000 });
    const card = citizen.getByTestId('my-card');
    assert.match(await card.innerText(), new RegExp(CARD));
    assert.match(await card.innerText(), /宁夏银行/);
    assert.equal(await card.getByTestId('card-status').getAttribute('data-status'), 'active');
    const person = await citizen.getByTestId('my-person').innerText();
    assert.ok(person.includes(`${ID.slice(0, 6)}********${ID.slice(-4)}`), 'the ID number is masked');
    assert.ok(!person.includes(ID), 'and never shown whole');
    const timeline = citizen.getByTestId('my-dossier-timeline');
    await timeline.getByTestId('history-card.issued').waitFor();
    await timeline.getByTestId('history-registered').waitFor();
    assert.match(await timeline.getByTestId('history-card.issued').innerText(), new RegExp(`发放社保卡[\\s\\S]*${CARD}`));
    await screenshot(citizen, 'dossier-portal');
  });

  it('shows the citizen which department looked at their full ID number, and for what purpose', async () => {
    await staff.getByRole('tab', { name: '基本信息' }).click();
    await staff.getByTestId('person-unmask').click();
    await staff.locator('form[id="unmask"] .ant-select').click();
    await staff.locator('.ant-select-item-option', { hasText: '业务办理' }).click();
    await staff.getByTestId('unmask-submit').click();
    await staff.getByTestId('unmasked').waitFor({ timeout: 15_000 });
    await staff.keyboard.press('Escape');

    await citizen.goto(`${server.url}/portal/data-access`);
    const table = citizen.getByTestId('data-access');
    const unmasked = table.locator('.ant-table-row', { hasText: '查看您完整的身份证号和手机号' });
    await unmasked.first().waitFor({ timeout: 15_000 });
    const row = await unmasked.first().innerText();
    assert.match(row, new RegExp(TOWN_OFFICE), 'the department');
    assert.match(row, /经办人员/, 'the role');
    assert.match(row, /业务办理/, 'the stated purpose');
    assert.match(row, /工作人员业务系统/, 'the channel');
    // The card issued earlier is there too, with the same department.
    assert.match(await table.locator('.ant-table-row', { hasText: '发放社保卡' }).first().innerText(), new RegExp(TOWN_OFFICE));
    await citizen.locator('[data-testid="data-access-chart"][data-ready]').waitFor({ timeout: 15_000 });
    await screenshot(citizen, 'dossier-data-access');
  });

  it('carries a correction request from the citizen to the caseworker and the answer back', async () => {
    await citizen.goto(`${server.url}/portal/corrections`);
    const form = citizen.getByTestId('correction-form');
    await form.locator('.ant-select').click();
    await citizen.locator('.ant-select-item-option', { hasText: '手机号' }).click();
    await form.locator('textarea[name="requested"]').fill('手机号已换为 13895054321，请更正。');
    await citizen.getByTestId('correction-submit').click();
    const mine = citizen.getByTestId('my-correction');
    await mine.first().waitFor({ timeout: 15_000 });
    assert.equal(await mine.first().getAttribute('data-status'), 'open');

    await staff.goto(`${server.url}/console/corrections`);
    const task = staff.getByTestId('corrections').locator('.ant-table-row', { hasText: NAME });
    await task.first().waitFor({ timeout: 15_000 });
    assert.match(await task.first().innerText(), /手机号已换为 13895054321/);
    await task.first().getByTestId('correction-resolve').click();
    await staff.getByTestId('correction-answer').fill('已按您提供的新号码更正手机号。');
    await staff.getByTestId('correction-resolve-submit').click();
    await task.first().waitFor({ state: 'detached', timeout: 15_000 });

    await citizen.reload();
    await citizen.getByTestId('my-correction').first().waitFor({ timeout: 15_000 });
    assert.equal(await citizen.getByTestId('my-correction').first().getAttribute('data-status'), 'done');
    assert.match(await citizen.getByTestId('correction-answer').first().innerText(), /已按您提供的新号码更正手机号/);
    await screenshot(citizen, 'dossier-corrections');

    // The request and its answer are in the dossier as well.
    await citizen.goto(`${server.url}/portal/dossier`);
    const timeline = citizen.getByTestId('my-dossier-timeline');
    await timeline.getByTestId('history-correction_request.done').waitFor({ timeout: 15_000 });
    await timeline.getByTestId('history-correction_request.filed').waitFor();
  });
});
