import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { chromiumMissing, openBrowserEnv, type BrowserEnv, type RunningServer } from './support.ts';
import { makeResidentId } from '../../src/core/identity/resident-id.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/seed.ts';

const skip = chromiumMissing();
/** Where this suite's screenshots go, to be looked at. */
const SHOTS = process.env.MINSHENG_TRANSPARENCY_SHOTS ?? '/tmp/shots/transparency';

/** The whole page, or (for a modal, which stays in the viewport) what is on screen. */
async function shot(page: Page, name: string, fullPage = true) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** YYYY-MM of the month `back` months before this one, in China time. */
function monthBefore(back: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/** An API session with the session cookie and the CSRF header on every write, as the web app has. */
class ApiSession {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly url: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = { accept: 'application/json', origin: this.url };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = this.cookies.get('ms_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrf);
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of r.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, at).trim());
      else this.cookies.set(pair.slice(0, at).trim(), value);
    }
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const r = await this.call<T>(method, path, body);
    assert.equal(r.status, expected, `${method} ${path}: ${JSON.stringify(r.json)}`);
    return r.json;
  }
}

interface PublicList {
  items: { period: string; sequence: number; totals: { rows: { fund: string; region: string; incomeFen: number; expenditureFen: number; bankDepositFen: number }[] } }[];
}
interface MyContributions {
  items: { period: string; status: string; paidOn: string | null }[];
}
interface Proofs {
  period: string;
  entries: { line: string; blockLines: string[] }[];
}

/**
 * The demo seals every past month of its ledger; should it not have, the city's fund department
 * (yc.head) seals the last three months here, in order, as the API allows.
 */
async function ensureSealed(url: string): Promise<PublicList> {
  const list = await new ApiSession(url).ok<PublicList>('GET', '/api/public/funds/disclosures', undefined, 200);
  if (list.items.length > 0) return list;
  const head = new ApiSession(url);
  await head.ok('POST', '/api/auth/staff/login', { username: 'yc.head', password: DEMO_PASSWORD }, 200);
  await head.ok('POST', '/api/auth/second-factor/totp', { code: await generate({ secret: demoTotpSecret('yc.head') }) }, 200);
  for (const back of [3, 2, 1]) await head.ok('POST', '/api/funds/disclosures', { period: monthBefore(back) }, 201);
  return new ApiSession(url).ok<PublicList>('GET', '/api/public/funds/disclosures', undefined, 200);
}

interface Citizen {
  idNumber: string;
  /** 所属期 of a declaration paid in a sealed month. */
  period: string;
  /** The sealed month it was paid in: its entries are in that month's disclosure. */
  month: string;
  proofs: Proofs;
}

/**
 * Of the demo citizens the server prints at its first start: one whose contribution was paid in a
 * sealed month (the demo employers pay each month's contributions on the 15th of the next), and
 * one in the registry with no contributions at all, if there is one.
 */
async function demoCitizens(server: RunningServer, sealed: ReadonlySet<string>): Promise<{ citizen: Citizen; none: string | undefined }> {
  const ids = [...server.output().matchAll(/^\s+(\d{17}[\dX])\s+\S+$/gm)].map((m) => m[1]!);
  assert.ok(ids.length > 0, 'the server printed demo citizen logins');
  let citizen: Citizen | undefined;
  let none: string | undefined;
  for (const idNumber of ids) {
    const s = new ApiSession(server.url);
    await s.ok('POST', '/api/auth/citizen/login', { idNumber, password: DEMO_PASSWORD }, 200);
    const mine = await s.call<MyContributions & { total: number }>('GET', '/api/my/contributions?pageSize=50');
    if (mine.status !== 200) continue;
    if (mine.json.total === 0) none ??= idNumber;
    const row = mine.json.items.find((c) => c.status === 'paid' && c.paidOn && sealed.has(c.paidOn.slice(0, 7)));
    if (!row || citizen) continue;
    const month = row.paidOn!.slice(0, 7);
    const proofs = await s.ok<Proofs>('GET', `/api/my/contributions/proofs?period=${month}`, undefined, 200);
    if (proofs.entries.length > 0) citizen = { idNumber, period: row.period, month, proofs };
  }
  if (!citizen) throw new Error(`none of the printed demo citizens (${ids.join(', ')}) has a contribution paid in a sealed month (${[...sealed].join(', ')})`);
  return { citizen, none };
}

async function citizenLogin(page: Page, idNumber: string) {
  await page.locator('input[name="idNumber"]').fill(idNumber);
  await page.locator('input[name="password"]').first().fill(DEMO_PASSWORD);
  await page.locator('input[name="password"]').first().press('Enter');
}

/** One amount of a line that is not `own` (another person's, as a keyed hash) changed by a fen. */
function tamper(blockLines: string[], own: string): string[] {
  const at = Math.max(0, blockLines.findIndex((l) => l !== own));
  const f = blockLines[at]!.slice(0, -1).split('|');
  if (Number(f[7]) > 0) f[7] = String(Number(f[7]) + 1);
  else f[6] = String(Number(f[6]) + 1);
  return blockLines.map((l, i) => (i === at ? `${f.join('|')}\n` : l));
}

describe('fund transparency in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  let list: PublicList;
  let citizen: Citizen;
  /** A demo citizen with no contributions, when the printed ones have one. */
  let noContributions: string | undefined;
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
    list = await ensureSealed(server.url);
    ({ citizen, none: noContributions } = await demoCitizens(server, new Set(list.items.map((i) => i.period))));
  });
  after(() => env?.close());

  it('shows the funds’ charts and the month’s table without a login, and the CSV downloads with its BOM and headers', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await page.getByTestId('entry-public-funds').click();
    await page.waitForURL('**/public/funds');
    await page.getByTestId('public-funds').waitFor({ timeout: 15_000 });
    for (const chart of ['trend', 'income', 'expenditure']) await page.locator(`[data-testid="funds-chart-${chart}"][data-ready]`).waitFor({ timeout: 20_000 });

    const latest = list.items.at(-1)!;
    const sum = (key: 'incomeFen' | 'expenditureFen' | 'bankDepositFen') => latest.totals.rows.reduce((s, r) => s + r[key], 0);
    assert.equal(Number(await page.getByTestId('funds-stat-income').getAttribute('data-fen')), sum('incomeFen'), 'the month’s income is the sum of the published totals');
    assert.equal(Number(await page.getByTestId('funds-stat-balance').getAttribute('data-fen')), sum('bankDepositFen'));
    const table = page.getByTestId('funds-table');
    assert.match(await table.innerText(), new RegExp(`职工基本养老保险[\\s\\S]*兴庆区`));
    assert.ok((await table.locator('tr.ant-table-row').count()) > 0);
    assert.match(await page.getByTestId('funds-open-api').innerText(), /\/api\/public\/funds\/series/);
    await page.waitForTimeout(300);
    await shot(page, 'funds-public');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    assert.equal(download.suggestedFilename(), `基金收支公开-${latest.period}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'the CSV starts with a BOM, for Excel');
    assert.match(csv.split('\n')[0]!, /^\uFEFF所属期 Period,险种 Fund,险种名称 Fund name,地区代码 Region/);
    assert.match(csv, /收入合计 Income \(元 yuan\)/);
    assert.match(csv, /# totalsHash/);

    // One fund: the table holds that fund only, and the charts follow.
    await page.getByTestId('funds-fund').click();
    await page.locator('.ant-select-dropdown:visible').last().locator('.ant-select-item-option', { hasText: '职工基本养老保险' }).click();
    await page.waitForURL(/\/public\/funds\?fund=employee_pension$/);
    await table.locator('tr.ant-table-row', { hasText: '失业保险' }).first().waitFor({ state: 'detached', timeout: 5_000 });
    const funds = await table.locator('tr.ant-table-row td:nth-child(2)').allInnerTexts();
    assert.ok(funds.length > 0 && funds.every((f) => f === '职工基本养老保险'), funds.join(','));
    const pension = latest.totals.rows.filter((r) => r.fund === 'employee_pension').reduce((s, r) => s + r.incomeFen, 0);
    assert.equal(Number(await page.getByTestId('funds-stat-income').getAttribute('data-fen')), pension);

    await page.getByTestId('lang-switch').click();
    await page.getByText('Social insurance funds: income and expenditure').waitFor({ timeout: 5_000 });
    await page.waitForTimeout(800);
    await shot(page, 'funds-public-en');
    await page.getByTestId('lang-switch').click();
    await page.close();

    const phone = await browser.newPage({ locale: 'zh-CN', viewport: { width: 375, height: 812 }, isMobile: true });
    await phone.goto(`${server.url}/public/funds`);
    await phone.locator('[data-testid="funds-chart-trend"][data-ready]').waitFor({ timeout: 20_000 });
    await phone.waitForTimeout(500);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways on a phone (${overflow} px)`);
    await shot(phone, 'funds-public-375');
    await phone.close();
  });

  it('verifies the log of disclosures in the browser, every month green', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/public/funds`);
    await page.getByTestId('to-disclosures').click();
    await page.getByTestId('disclosures-table').waitFor({ timeout: 15_000 });
    await page.getByTestId('verify-log').click();
    const verdict = page.getByTestId('log-verified');
    await verdict.waitFor({ timeout: 30_000 });
    assert.equal(await verdict.getAttribute('data-ok'), 'true', await verdict.innerText());
    for (const d of list.items) assert.equal(await page.getByTestId(`log-check-${d.period}`).getAttribute('data-ok'), 'true', d.period);
    assert.equal(await page.getByTestId('log-check-bad').count(), 0);
    assert.match(await page.getByTestId('disclosures-cli').innerText(), new RegExp(`npm run disclosure:verify -- --url ${server.url.replace(/[.]/g, '\\.')}`));
    await shot(page, 'disclosures-verified');
    await page.close();
  });

  it('a citizen checks in 我的缴费 that her contributions are in the published month', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/portal`);
    await citizenLogin(page, citizen.idNumber);
    await page.getByTestId('portal-home').waitFor({ timeout: 15_000 });
    await page.getByTestId('portal-nav').getByText('我的缴费').click();
    await page.getByTestId('my-contributions').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('contribution-years').innerText(), /\d+年\d+个月/);
    assert.match(await page.getByTestId('account-balance').innerText(), /¥[\d,]+\.\d{2}/);

    await page.getByTestId(`check-${citizen.period}`).click();
    const result = page.getByTestId('my-check-result');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
    const entries = page.getByTestId('entry-check');
    assert.equal(await entries.count(), citizen.proofs.entries.length);
    for (const ok of await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))) assert.equal(ok, 'true');
    assert.match(await result.innerText(), new RegExp(`您在 ${citizen.month} 的 ${citizen.proofs.entries.length} 笔缴费都计入了公开数据`));
    assert.equal(await page.getByTestId('head-in-log').getAttribute('data-ok'), 'true');
    await page.waitForTimeout(400);
    await shot(page, 'my-contributions-check', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('my-check-result').waitFor({ state: 'detached' });
    await shot(page, 'my-contributions');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByTestId('contribution-card').first().waitFor({ timeout: 5_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing sticks out sideways on a phone (${overflow} px)`);
    await shot(page, 'my-contributions-375');
    await page.getByTestId(`check-${citizen.period}`).click();
    await page.getByTestId('my-check-result').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(400);
    await shot(page, 'my-contributions-check-375', false);
    await page.close();
  });

  it('shows the check failing when the proof was tampered with', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    // Someone between the server and the browser changes one amount in a block of the proof.
    await page.route((url) => url.pathname === '/api/my/contributions/proofs', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Proofs;
      const first = json.entries[0]!;
      first.blockLines = tamper(first.blockLines, first.line);
      await route.fulfill({ response, json });
    });
    await page.goto(`${server.url}/portal/contributions`);
    await citizenLogin(page, citizen.idNumber);
    await page.getByTestId('my-contributions').waitFor({ timeout: 15_000 });
    await page.getByTestId(`check-${citizen.period}`).click();
    const result = page.getByTestId('my-check-result');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-ok'), 'false');
    assert.match(await result.innerText(), /核验未通过/);
    assert.equal(await page.locator('[data-testid="entry-check"][data-ok="false"]').count(), 1, 'the tampered entry is the one that fails');
    assert.match(await page.locator('[data-testid="entry-check"][data-ok="false"]').innerText(), /不一致/);
    await page.waitForTimeout(400);
    await shot(page, 'my-contributions-tampered', false);
    await page.close();
  });

  it('tells a citizen who is not registered, or has no contributions, without an error', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/portal/contributions`);
    await page.getByRole('tab', { name: '注册' }).click();
    const form = page.getByTestId('portal-signup');
    await form.locator('#signup_idNumber').fill(makeResidentId('640104', '1992-02-03', 771));
    await form.locator('#signup_name').fill('冯晓燕');
    await form.locator('#signup_password').fill('Funds-2026-test');
    await form.locator('#signup_confirm').fill('Funds-2026-test');
    await form.locator('button[type="submit"]').click();
    const notice = page.getByTestId('contributions-not-registered');
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /暂无您的参保登记信息/);
    assert.equal(await page.getByTestId('error-alert').count(), 0);
    await shot(page, 'my-contributions-not-registered');
    await page.close();

    if (!noContributions) return;
    const other = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await other.goto(`${server.url}/portal/contributions`);
    await citizenLogin(other, noContributions);
    await other.getByTestId('contributions-empty').waitFor({ timeout: 15_000 });
    assert.match(await other.getByTestId('contribution-years').innerText(), /^0年0个月$/m);
    await shot(other, 'my-contributions-empty');
    await other.close();
  });

  it('asks about a published figure after logging in, and gets a tracking number', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/public/funds`);
    const row = page.getByTestId('funds-table').locator('tr.ant-table-row').first();
    await row.waitFor({ timeout: 15_000 });
    // Not logged in: the portal login first, then back to the same figure with the form open.
    await row.getByTestId('ask-row').click();
    await page.waitForURL(/\/portal\/signin\?next=/);
    await page.getByTestId('portal-signin').waitFor();
    await shot(page, 'ask-login');
    await citizenLogin(page, citizen.idNumber);
    const form = page.getByTestId('ask-form');
    await form.waitFor({ timeout: 15_000 });
    assert.match(new URL(page.url()).pathname, /^\/public\/funds$/);
    const latest = list.items.at(-1)!.period;
    assert.match(await page.getByTestId('ask-figure').inputValue(), new RegExp(`^${latest} .+：收入 ¥[\\d,]+\\.\\d{2}，支出 ¥[\\d,]+\\.\\d{2}，期末结余 -?¥[\\d,]+\\.\\d{2}$`));
    await page.getByTestId('ask-question').fill('本月职工医疗保险没有任何支出，是否漏记了待遇支出？');
    await page.waitForTimeout(300);
    await shot(page, 'ask-form', false);
    await page.getByTestId('ask-submit').click();
    const done = page.getByTestId('ask-tracking-no');
    await done.waitFor({ timeout: 15_000 });
    const trackingNo = (await done.getAttribute('data-tracking-no')) ?? '';
    assert.match(trackingNo, /^WZ-\d{8}-\d{6}$/);
    assert.match(await done.innerText(), new RegExp(`受理编号 ${trackingNo}`));
    await shot(page, 'ask-done', false);
    // Filed as the citizen's own appeal to the fund department.
    const mine = await page.evaluate(async () => (await fetch('/api/my/appeals?page=1&pageSize=20')).json() as Promise<{ items: { trackingNo: string; title: string }[] }>);
    const filed = mine.items.find((a) => a.trackingNo === trackingNo);
    assert.ok(filed, 'the question is in the citizen’s appeals');
    assert.match(filed.title, new RegExp(`对 ${latest} .*公开数据的疑问`));

    // From 我的缴费: a question about one of her own months.
    await page.getByTestId('ask-close').click();
    await page.goto(`${server.url}/portal/contributions`);
    await page.getByTestId(`ask-${citizen.period}`).click();
    await page.getByTestId('ask-figure').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('ask-figure').inputValue(), new RegExp(`^${citizen.period} .+：缴费基数 ¥`));
    await page.getByTestId('ask-question').fill('单位申报的缴费基数比我的实际工资低，请核实。');
    await page.getByTestId('ask-submit').click();
    await page.getByTestId('ask-tracking-no').waitFor({ timeout: 15_000 });
    await context.close();
  });
});
