import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, openBrowserEnv, screenshot, staffLogin, type BrowserEnv, type RunningServer } from './support.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const skip = chromiumMissing();

const TITLE = '养老金本月未按时发放';
const BODY = '我是退休职工，本月养老金到现在还没有到账，联系电话 13912345678，请帮忙查一下原因。';
const REPLY = '经核查，您的养老金因银行账户变更延迟发放，已于今日补发到账。';
/** A 1×1 PNG: what a photo attached to the appeal looks like to the server. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function citizenLogin(page: Page, url: string, idNumber: string) {
  await page.goto(`${url}/portal`);
  await page.locator('input[name="idNumber"]').fill(idNumber);
  await page.locator('input[name="password"]').first().fill(DEMO_PASSWORD);
  await page.locator('input[name="password"]').first().press('Enter');
  await page.getByTestId('my-appeals').waitFor({ timeout: 15_000 });
}

interface PublicCounts {
  filed: number;
  satisfied: number;
  rated: number;
}

/** The headline numbers of the KPI dashboard on the page, once it has loaded. */
async function readKpis(page: Page): Promise<PublicCounts> {
  await page.locator('[data-testid="kpi-dashboard"]:not([data-loading]) [data-testid="kpi-filed"]').waitFor({ timeout: 15_000 });
  const filedText = await page.getByTestId('kpi-filed').locator('.ant-statistic-content-value').innerText();
  const filed = Number(filedText.replace(/[,\s]/g, ''));
  assert.ok(Number.isInteger(filed), `the filed count is a number: ${filedText}`);
  // 满意 n / 已评价 d
  const [satisfied, rated] = ((await page.getByTestId('kpi-satisfaction-fraction').innerText()).match(/\d+/g) ?? []).map(Number);
  assert.ok(satisfied !== undefined && rated !== undefined, 'the satisfaction rate shows its counts');
  return { filed, satisfied, rated };
}

describe('appeal from filing to the public wall in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  let idNumber: string;
  let trackingNo: string;
  let kpisBefore: PublicCounts | undefined;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
    // The first start prints demo citizen ID numbers; the first ones live in 凤凰北街街道.
    const found = /^\s+(\d{17}[\dX])\s+\S+$/m.exec(server.output())?.[1];
    assert.ok(found, 'the server printed a demo citizen login');
    idNumber = found;
  });
  after(() => env?.close());

  it('anyone opens the public KPI dashboard and sees how many appeals were filed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/public`);
    await page.getByTestId('wall-kpis').click();
    await page.waitForURL('**/public/kpis');
    kpisBefore = await readKpis(page);
    assert.match(await page.getByTestId('kpi-on-time').innerText(), /按时办结率/);
    await page.close();
  });

  it('a citizen files a public appeal on a phone and gets a tracking number', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await citizenLogin(page, server.url, idNumber);
    await page.getByTestId('new-appeal').click();
    const form = page.getByTestId('appeal-form');
    await form.waitFor({ timeout: 15_000 });

    await page.getByTestId('category-select').click();
    await page.locator('.ant-select-item-option', { hasText: '养老保险' }).click();
    await form.locator('input[name="title"]').fill(TITLE);
    await form.locator('textarea[name="body"]').fill(BODY);
    await page.getByTestId('region-cascader').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '兴庆区' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '凤凰北街街道' }).click();
    assert.equal(await page.getByTestId('appeal-public').getAttribute('aria-checked'), 'true', 'appeals are public by default');
    await screenshot(page, 'appeal-new');
    await page.getByTestId('appeal-submit').click();

    const no = page.getByTestId('appeal-tracking-no');
    await no.waitFor({ timeout: 15_000 });
    trackingNo = (await no.innerText()).trim();
    assert.match(trackingNo, /^WZ-\d{8}-\d{6}$/);

    // A photo right after filing, straight from the success page.
    await page.getByTestId('filed-attachments').locator('input[type="file"]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('filed-attachments').getByTestId('attachment-link').filter({ hasText: '现场照片.png' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'appeal-filed');

    await page.goto(`${server.url}/portal`);
    const mine = page.getByTestId('my-appeals').locator(`[data-tracking-no="${trackingNo}"]`);
    await mine.waitFor({ timeout: 15_000 });
    assert.match(await mine.innerText(), /待签收/);
    await context.close();
  });

  it('a caseworker of the street office acknowledges the appeal and replies', async () => {
    assert.ok(trackingNo, 'the appeal was filed');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await staffLogin(page, server.url, 'xqfh.caseworker');
    await page.getByRole('menuitem', { name: '诉求办理' }).click();
    const list = page.getByTestId('staff-appeals');
    const row = list.locator('tr.ant-table-row', { hasText: trackingNo });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /养老保险/);
    assert.match(await row.innerText(), /待签收/);
    await screenshot(page, 'appeal-staff-list');

    await row.getByTestId('appeal-row-link').click();
    const detail = page.getByTestId('appeal-detail');
    await detail.waitFor({ timeout: 15_000 });
    assert.match(await detail.innerText(), new RegExp(trackingNo));
    const attachment = detail.getByTestId('appeal-attachments').getByTestId('attachment-link');
    await attachment.waitFor({ timeout: 15_000 });
    assert.equal((await attachment.innerText()).trim(), '现场照片.png', 'staff see the citizen\'s attachment');
    const download = await page.request.get(`${server.url}${await attachment.getAttribute('href')}`);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'image/png');
    await page.getByTestId('appeal-action-acknowledge').click();
    await page.getByTestId('acknowledge-confirm').click();
    await page.getByTestId('event-acknowledged').waitFor({ timeout: 15_000 });

    await page.getByTestId('appeal-action-reply').click();
    await page.getByTestId('reply-body').fill(REPLY);
    await page.getByTestId('reply-submit').click();
    await detail.getByTestId('event-replied').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="appeal-detail"][data-status="replied"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('appeal-action-reply').count(), 0, 'a replied appeal cannot be replied to again');
    await screenshot(page, 'appeal-staff-replied');

    // The KPIs of the street office: the reply counts, by department and then drilled into by category.
    await page.getByRole('menuitem', { name: '考核指标' }).click();
    await page.waitForURL('**/console/kpis');
    const staffKpis = await readKpis(page);
    assert.ok(staffKpis.filed >= 1, 'the appeal counts in the region of the street office');
    const table = page.getByTestId('kpi-table');
    const deptRow = table.locator('tr.ant-table-row', { hasText: '凤凰北街街道社会保障服务所' });
    await deptRow.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="kpi-chart-rates"][data-ready]').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 });
    await screenshot(page, 'kpi-staff');

    const href = await page.getByTestId('kpi-export').getAttribute('href');
    assert.ok(href?.startsWith('/api/appeals/kpis.xlsx?'), `the export links to the workbook: ${href}`);
    assert.match(href ?? '', /from=\d{4}-\d{2}-\d{2}/);
    const workbook = await page.request.get(`${server.url}${href}`);
    assert.equal(workbook.status(), 200);
    assert.match(workbook.headers()['content-type'] ?? '', /spreadsheetml/);

    await deptRow.getByTestId('kpi-drill').click();
    await page.waitForURL(/groupBy=category/);
    await page.getByTestId('kpi-breadcrumb').getByText('凤凰北街街道社会保障服务所').waitFor({ timeout: 15_000 });
    await table.locator('tr.ant-table-row', { hasText: '养老保险' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'kpi-staff-drill');
    await page.getByTestId('kpi-crumb').first().click();
    await page.waitForURL((u) => !u.search.includes('groupBy=category'));
    await deptRow.waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('the citizen logs in again, sees the reply and rates it 非常满意', async () => {
    assert.ok(trackingNo, 'the appeal was filed');
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await citizenLogin(page, server.url, idNumber);

    // The reply waits in the notification bell, unread, and leads to the appeal.
    await page.locator('[data-testid="notifications-badge"]:not([data-unread="0"])').waitFor({ timeout: 15_000 });
    assert.ok(Number(await page.getByTestId('notifications-badge').getAttribute('data-unread')) >= 1, 'the bell counts the unread reply');
    await page.getByTestId('notifications-bell').click();
    const notice = page.getByTestId('notifications-list').locator('[data-testid="notification-item"][data-unread]', { hasText: trackingNo });
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /您的诉求已答复/);
    await screenshot(page, 'notifications');
    await notice.click();
    await page.waitForURL(/\/portal\/appeals\/[0-9a-f-]{36}$/);
    await page.getByTestId('my-appeal-detail').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="notifications-badge"][data-unread="0"]').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('my-appeal-detail').innerText(), new RegExp(trackingNo));
    assert.equal((await page.getByTestId('appeal-reply').innerText()).trim(), REPLY);

    const rate = page.getByTestId('appeal-rate');
    await rate.locator('.ant-rate-star').nth(4).click();
    assert.equal((await page.getByTestId('rating-label').innerText()).trim(), '非常满意');
    await screenshot(page, 'appeal-rate');
    await page.getByTestId('appeal-rate-submit').click();
    await page.getByTestId('event-closed').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('appeal-rate').count(), 0, 'a rated appeal is not offered for rating again');
    assert.match(await page.getByTestId('my-appeal-detail').innerText(), /已办结/);
    await screenshot(page, 'appeal-rated');
    await context.close();
  });

  it('anyone sees the closed appeal with its reply on the public wall, personal data masked', async () => {
    assert.ok(trackingNo, 'the appeal was filed');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/public`);
    await page.getByTestId('appeals-wall').waitFor({ timeout: 15_000 });
    const card = page.locator(`[data-testid="public-appeal"][data-tracking-no="${trackingNo}"]`);
    await card.waitFor({ timeout: 15_000 });
    const text = await card.innerText();
    assert.match(text, /已办结/);
    assert.ok(text.includes(REPLY), 'the reply is public');
    assert.ok(text.includes('139****5678'), 'the phone number in the text is masked');
    assert.ok(!text.includes('13912345678'), 'the full phone number is not public');
    assert.match(text, /工作小时/, 'the handling time is shown in working hours');
    await screenshot(page, 'appeal-wall');

    // The tracking number finds it too.
    await page.getByTestId('track-input').fill(trackingNo.toLowerCase());
    await page.getByTestId('track-input').press('Enter');
    await page.waitForURL(`**/track/${trackingNo}`);
    const tracked = page.getByTestId('track-page').locator('[data-testid="public-appeal"]');
    await tracked.waitFor({ timeout: 15_000 });
    assert.match(await tracked.innerText(), /已办结/);
    await page.close();
  });

  it('the public KPIs count the new appeal and its rating, on a desktop and on a phone', async () => {
    assert.ok(trackingNo && kpisBefore, 'the appeal was filed after the KPIs were read');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/public/kpis`);
    const after = await readKpis(page);
    assert.equal(after.filed, kpisBefore.filed + 1, 'one more appeal filed');
    assert.equal(after.rated, kpisBefore.rated + 1, 'one more appeal rated');
    assert.equal(after.satisfied, kpisBefore.satisfied + 1, 'rated 非常满意, so one more satisfied');
    assert.match(await page.getByTestId('kpi-satisfaction').innerText(), /\d+(\.\d)?%/, 'the satisfaction rate is shown');
    const row = page.getByTestId('kpi-table').locator('tr.ant-table-row', { hasText: '凤凰北街街道社会保障服务所' });
    await row.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="kpi-chart-rates"][data-ready]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'kpi-public');

    // Grouped by month: the trend chart joins the rates chart.
    await page.getByTestId('kpi-group-by').getByText('按月份').click();
    await page.waitForURL(/groupBy=month/);
    await page.locator('[data-testid="kpi-chart-monthly"][data-ready]').waitFor({ timeout: 15_000 });
    assert.equal((await readKpis(page)).filed, after.filed, 'the grouping does not change the totals');
    await screenshot(page, 'kpi-public-month');
    await page.close();

    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
    const phone = await context.newPage();
    await phone.goto(`${server.url}/public/kpis`);
    assert.equal((await readKpis(phone)).filed, after.filed);
    await phone.getByTestId('kpi-table').waitFor({ timeout: 15_000 });
    await phone.locator('[data-testid="kpi-chart-rates"][data-ready]').waitFor({ timeout: 15_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page fits the phone's width (overflow ${overflow}px)`);
    await screenshot(phone, 'kpi-public-phone');
    await context.close();
  });
});
