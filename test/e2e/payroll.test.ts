import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { chromiumMissing, openBrowserEnv, screenshot, staffLogin, waitForOrAlert, type BrowserEnv, type RunningServer } from './support.ts';
import { makeResidentId } from '../../src/core/identity/resident-id.ts';
import { batchHeaders } from '../../src/modules/exchange/signing.ts';
import { demoPartnerCredential, demoPartnerKeys } from '../../src/demo/exchange.seed.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/seed.ts';

const skip = chromiumMissing();
/** A town of 兴庆区 (640104), the region of the demo's xq.* staff. */
const TOWN = '640104001';
const CITIZEN_PASSWORD = 'Pension-2026-test';

/** YYYY-MM of the month `back` months before this one, in China time. */
function monthBefore(back: number): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}
// Pensions are paid within their month; the demo has paid the months before.
const RUN_MONTH = monthBefore(0);

/**
 * A staff member's API session, logged in with password and TOTP like the login page does:
 * the session cookie, and the CSRF header on every write.
 */
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
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T = Record<string, unknown>>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const r = await this.call<T>(method, path, body);
    assert.equal(r.status, expected, `${method} ${path}: ${JSON.stringify(r.json)}`);
    return r.json;
  }

  static async staff(url: string, username: string): Promise<ApiSession> {
    const s = new ApiSession(url);
    const step = await s.ok<{ next: string }>('POST', '/api/auth/staff/login', { username, password: DEMO_PASSWORD }, 200);
    assert.equal(step.next, 'second_factor');
    await s.ok('POST', '/api/auth/second-factor/totp', { code: await generate({ secret: demoTotpSecret(username) }) }, 200);
    return s;
  }
}

interface Planted {
  name: string;
  birthDate: string;
  sequence: number;
  account: string;
  bank?: string;
  /** The bank confirms the account holder (demo partner yc-icbc); default yes. */
  verified?: boolean;
  /** Certified alive at the counter before the run; default yes. */
  certified?: boolean;
  /** Recorded as deceased at the counter after the pension was granted. */
  diedOn?: string;
}

/**
 * 兴庆区 has no pensioners in the demo data: a caseworker registers these through the API, with
 * an account and a pension each; a bank confirms most accounts through the exchange. Planted:
 * an unverified account, two payees sharing one account, a twin identity, a pensioner over 110,
 * one who died, and two who never certified (one of them a citizen with a portal account, who is
 * also the registered relative of the other).
 */
const PLANTED: Planted[] = [
  { name: '王建军', birthDate: '1960-05-01', sequence: 911, account: '6222020000000000011' },
  { name: '李秀英', birthDate: '1961-03-08', sequence: 912, account: '6222020000000000029' },
  { name: '张志强', birthDate: '1959-11-20', sequence: 913, account: '6217000000000000037', bank: '中国建设银行' },
  { name: '陈立新', birthDate: '1962-07-15', sequence: 915, account: '6222020000000000110', verified: false },
  { name: '周国华', birthDate: '1958-09-09', sequence: 917, account: '6222020000000000078' },
  { name: '吴桂芳', birthDate: '1959-01-23', sequence: 914, account: '6222020000000000078' },
  { name: '孙玉兰', birthDate: '1958-03-12', sequence: 222, account: '6222020000000000052' },
  { name: '孙玉兰', birthDate: '1958-03-12', sequence: 482, account: '6222020000000000060' },
  { name: '钱寿山', birthDate: '1912-02-02', sequence: 919, account: '6222020000000000094' },
  { name: '赵德明', birthDate: '1955-06-30', sequence: 921, account: '6222020000000000045', diedOn: `${monthBefore(2)}-15` },
  { name: '冯淑珍', birthDate: '1963-04-04', sequence: 916, account: '6222020000000000102', certified: false },
  { name: '马桂兰', birthDate: '1938-10-10', sequence: 918, account: '6222020000000000128', certified: false },
];
/** Registered with an account but no pension yet: granted one in the browser. */
const NEW_PENSIONER: Planted = { name: '刘振华', birthDate: '1965-12-01', sequence: 923, account: '6222020000000000136' };
const CITIZEN = PLANTED.find((p) => p.name === '冯淑珍')!;
const RELATIVE = PLANTED.find((p) => p.name === '马桂兰')!;
const idOf = (p: Planted) => makeResidentId(TOWN.slice(0, 6), p.birthDate, p.sequence);

/** Open findings per kind and this month's findings before the planted pensioners are paid: the demo data may have its own. */
interface Baseline {
  openByKind: Record<string, number>;
  matchesThisMonth: number;
}

/** What the planted pensioners add to the review queue once this month's run has checked them. */
const PLANTED_FINDINGS: Record<string, number> = { account_unverified: 1, shared_account: 2, duplicate_identity: 2, deceased: 1, improbable_age: 1, certification_overdue: 2 };

async function plant(url: string): Promise<{ caseworker: ApiSession; baseline: Baseline }> {
  // The citizen signs up first, so that the pensioner can name her as a relative.
  const signup = await new ApiSession(url).call('POST', '/api/auth/citizen/signup', { idNumber: idOf(CITIZEN), name: CITIZEN.name, password: CITIZEN_PASSWORD });
  assert.equal(signup.status, 201, JSON.stringify(signup.json));
  const caseworker = await ApiSession.staff(url, 'xq.caseworker');
  const open = await caseworker.ok<{ openByKind: Record<string, number> }>('GET', '/api/integrity/flags?status=open&pageSize=1', undefined, 200);
  const report = await caseworker.ok<{ totals: { matches: number } }>('GET', `/api/integrity/report?month=${monthBefore(0)}`, undefined, 200);
  const baseline = { openByKind: open.openByKind, matchesThisMonth: report.totals.matches };
  const ids = new Map<Planted, string>();
  for (const p of PLANTED) {
    const person = await caseworker.ok<{ id: string }>('POST', '/api/registry/persons', { idNumber: idOf(p), name: p.name, householdRegion: TOWN }, 201);
    ids.set(p, person.id);
    await caseworker.ok('POST', `/api/registry/persons/${person.id}/bank-accounts`, { bankName: p.bank ?? '中国工商银行', accountNumber: p.account }, 201);
    await caseworker.ok(
      'POST',
      '/api/funds/pensions',
      { personId: person.id, retirementAge: 60, startPeriod: monthBefore(3), averageWageFen: 800_000, indexBp4: 10_000 + (p.sequence % 7) * 1_000, contributionMonths: 300 + (p.sequence % 5) * 24 },
      201,
    );
    if (p.certified !== false) await caseworker.ok('POST', `/api/integrity/persons/${person.id}/certification`, undefined, 200);
    if (p.diedOn) await caseworker.ok('POST', `/api/registry/persons/${person.id}/death`, { diedOn: p.diedOn, reason: '家属到窗口报告死亡' }, 200);
  }
  const fresh = await caseworker.ok<{ id: string }>('POST', '/api/registry/persons', { idNumber: idOf(NEW_PENSIONER), name: NEW_PENSIONER.name, householdRegion: TOWN }, 201);
  await caseworker.ok('POST', `/api/registry/persons/${fresh.id}/bank-accounts`, { bankName: '中国工商银行', accountNumber: NEW_PENSIONER.account }, 201);
  await caseworker.ok('POST', `/api/integrity/persons/${ids.get(RELATIVE)}/relatives`, { relativeIdNumber: idOf(CITIZEN), relation: '女儿' }, 201);

  // The bank confirms who holds each account (not 陈立新's).
  const body = PLANTED.filter((p) => p.verified !== false)
    .map((p) => JSON.stringify({ id_number: idOf(p), account_number: p.account, result: 'match' }))
    .join('\n');
  const bank = 'yc-icbc';
  const sent = await fetch(`${url}/api/exchange/batches`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demoPartnerCredential(bank)}`,
      'content-type': 'application/x-ndjson',
      ...batchHeaders({ privateKey: demoPartnerKeys(bank).privateKeyPem, partnerCode: bank, batchId: `e2e-verify-${Date.now()}`, dataset: 'bank.account_verification@1', purpose: 'account_verification', body: `${body}\n` }),
    },
    body: `${body}\n`,
  });
  assert.equal(sent.status, 201, await sent.text());
  return { caseworker, baseline };
}

type Summary = Record<string, number>;

/** Screenshots once the drawer's opening animation has ended. */
async function settle(page: Page) {
  await page.waitForTimeout(400);
}

describe('pension payroll, review and certification in Chromium', { skip }, () => {
  let env: BrowserEnv | undefined;
  let server: RunningServer;
  let browser: Browser;
  let head: Page;
  let supervisor: Page;
  let caseworker: ApiSession;
  let baseline: Baseline;
  /** Payments that passed the checks of the run. */
  let passed = 0;
  /** Last month's run of 兴庆区 as the API tells it. */
  const run = async () => {
    const runs = await caseworker.ok<{ items: { id: string; period: string; region: string; summary: Summary | null }[] }>('GET', '/api/funds/payroll/runs', undefined, 200);
    const found = runs.items.find((r) => r.period === RUN_MONTH && r.region === '640104');
    assert.ok(found?.summary, 'the run has figures');
    return found as { id: string; summary: Summary };
  };
  before(async () => {
    env = await openBrowserEnv();
    ({ server, browser } = env);
    ({ caseworker, baseline } = await plant(server.url));
    head = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    supervisor = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  });
  after(() => env?.close());

  it('a department head starts this month’s run, follows its checks until it is ready, and sees the held payments', async () => {
    await staffLogin(head, server.url, 'xq.head');
    await head.goto(`${server.url}/console/payroll`);
    await head.getByTestId('run-start-card').waitFor({ timeout: 15_000 });
    assert.equal(await head.locator('#run-start_period').inputValue(), RUN_MONTH, 'the month defaults to this month');
    await head.getByTestId('run-start').click();

    const detail = head.locator(`[data-testid="run-detail"][data-status="ready"]`);
    await detail.waitFor({ timeout: 60_000 });
    assert.match(await head.getByTestId('run-steps').innerText(), /核查并生成明细[\s\S]*待发送银行[\s\S]*已发送银行/);
    // The figures are the server's; the 9 planted findings hold 9 payees, the 3 planted controls pass.
    const { summary } = await run();
    const figure = async (status: string) => Number(await head.getByTestId(`run-figure-${status}`).getAttribute('data-count'));
    assert.equal(await figure('ready'), summary.readyCount ?? 0);
    assert.equal(await figure('held'), summary.heldCount ?? 0);
    assert.ok((summary.heldCount ?? 0) >= 9 && (summary.readyCount ?? 0) >= 3, JSON.stringify(summary));
    passed = summary.readyCount ?? 0;
    assert.match(await head.getByTestId('run-held').innerText(), new RegExp(`${summary.heldCount} 笔共 ¥[\\d,]+\\.\\d{2} 暂缓发放`));
    assert.equal(await head.getByTestId('run-send').isEnabled(), true, 'a ready run can be sent');
    await settle(head);
    await screenshot(head, 'payroll-run-ready');

    // The same month again: the server refuses, and says why.
    await head.locator('.ant-drawer-close').click();
    await head.getByTestId('run-detail').waitFor({ state: 'detached' });
    await head.getByTestId('run-start').click();
    const refused = head.getByTestId('run-start-card').getByTestId('error-alert');
    await refused.waitFor({ timeout: 15_000 });
    assert.match(await refused.innerText(), /该所属期的发放批次已启动/);
    const row = head.getByTestId('payroll-runs').locator('tr.ant-table-row', { hasText: RUN_MONTH });
    assert.match(await row.innerText(), new RegExp(`待发送银行[\\s\\S]*${summary.payees}[\\s\\S]*${summary.heldCount} 笔`));
    await screenshot(head, 'payroll-list');
  });

  it('a supervisor sees the findings by kind and releases one held payment with a note', async () => {
    await staffLogin(supervisor, server.url, 'xq.supervisor');
    await supervisor.goto(`${server.url}/console/integrity`);
    const flags = supervisor.getByTestId('flags');
    await flags.locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
    const counts = Object.fromEntries(
      await Promise.all(
        ['account_unverified', 'shared_account', 'duplicate_identity', 'deceased', 'improbable_age', 'certification_overdue'].map(async (k) => [k, await supervisor.getByTestId(`flag-kind-${k}`).getAttribute('data-count')]),
      ),
    );
    assert.deepEqual(
      counts,
      Object.fromEntries(Object.entries(PLANTED_FINDINGS).map(([k, n]) => [k, String((baseline.openByKind[k] ?? 0) + n)])),
    );
    assert.ok(!(await flags.innerText()).includes(idOf(CITIZEN)), 'no full ID number in the queue');
    await supervisor.locator('[data-testid="integrity-chart"][data-ready]').waitFor({ timeout: 15_000 });
    assert.equal(await supervisor.getByTestId('report-matches').getAttribute('data-value'), String(baseline.matchesThisMonth + 9));
    await screenshot(supervisor, 'integrity-queue');

    // The evidence of a shared account names the other payee, masked.
    await flags.locator('tr.ant-table-row', { hasText: '周国华' }).click();
    const evidence = supervisor.getByTestId('flag-evidence');
    await evidence.waitFor({ timeout: 15_000 });
    assert.match(await evidence.innerText(), /吴桂芳\s*640104\*{8}\d{3}[\dX]/);
    await settle(supervisor);
    await screenshot(supervisor, 'integrity-shared-account');
    await supervisor.locator('.ant-drawer-close').click();
    await supervisor.getByTestId('flag-detail').waitFor({ state: 'detached' });

    await supervisor.getByTestId('flag-kind-account_unverified').click();
    await flags.locator('tr.ant-table-row', { hasText: '陈立新' }).click();
    await evidence.waitFor({ timeout: 15_000 });
    assert.match(await evidence.innerText(), /银行尚未核验账户为本人所有/);
    await supervisor.getByTestId('flag-release').click();
    await supervisor.getByTestId('flag-decision-submit').click();
    await supervisor.getByText('请填写复核意见').waitFor({ timeout: 5_000 });
    await supervisor.getByTestId('flag-note').fill('已电话联系本人并到银行柜台核实，账户为本人所有。');
    await settle(supervisor);
    await screenshot(supervisor, 'integrity-release-modal');
    await supervisor.getByTestId('flag-decision-submit').click();
    await supervisor.locator('[data-testid="flag-detail"][data-status="released"]').waitFor({ timeout: 15_000 });
    assert.match(await supervisor.getByTestId('flag-review-note').innerText(), /账户为本人所有/);
    await settle(supervisor);
    await screenshot(supervisor, 'integrity-released');
  });

  it('the head sends the bank files and sees one file per bank, and downloads one', async () => {
    await head.goto(`${server.url}/console/payroll`);
    await head.getByTestId('payroll-runs').locator('tr.ant-table-row', { hasText: RUN_MONTH }).click();
    await head.locator('[data-testid="run-detail"][data-status="ready"]').waitFor({ timeout: 15_000 });
    await head.getByTestId('run-send').click();
    await head.getByTestId('run-send-confirm').click();
    await waitForOrAlert(head, head.locator('[data-testid="run-detail"][data-status="paid"]'), 30_000);
    const files = head.getByTestId('bank-files');
    await files.locator('tr.ant-table-row').nth(1).waitFor({ timeout: 15_000 });
    const listed = await files.innerText();
    assert.match(listed, /中国工商银行[\s\S]*第 1 批/);
    assert.match(listed, /中国建设银行[\s\S]*第 1 批/);
    // Everything that passed the checks went out, and the payment released on review with it.
    const { summary } = await run();
    assert.equal(Number(await head.getByTestId('run-figure-sent').getAttribute('data-count')), summary.sentCount);
    assert.equal(Number(await head.getByTestId('run-figure-held').getAttribute('data-count')), summary.heldCount);
    assert.equal(summary.sentCount, passed + 1, 'the released payment was sent with those that passed');
    const counts = await files.locator('tr.ant-table-row td:nth-child(3)').allInnerTexts();
    assert.equal(
      counts.reduce((n, c) => n + Number(c), 0),
      summary.sentCount,
      'the files hold every payment sent',
    );

    const [download] = await Promise.all([head.waitForEvent('download'), files.locator('tr.ant-table-row', { hasText: '中国工商银行' }).getByTestId('bank-file-download').click()]);
    assert.equal(download.suggestedFilename(), `${RUN_MONTH}-中国工商银行-1.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /序号,姓名,银行账号,金额（元）,所属期,摘要/);
    assert.match(csv, /陈立新,6222020000000000110,/);
    await settle(head);
    await screenshot(head, 'payroll-run-paid');
  });

  it('the pensions page shows each pension with the formula it was computed by', async () => {
    await head.goto(`${server.url}/console/pensions`);
    const list = head.getByTestId('pensions');
    await list.locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
    await list.locator('tr.ant-table-row', { hasText: '王建军' }).click();
    const basis = head.getByTestId('pension-basis');
    await basis.waitFor({ timeout: 15_000 });
    assert.match(await basis.innerText(), /¥8,000\.00[\s\S]*经办录入/);
    assert.match(await head.getByTestId('basis-basic').innerText(), /\(¥8,000\.00 \+ ¥[\d,]+\.\d{2}\) ÷ 2 × \d+(\.\d+)? × 1% =/);
    await settle(head);
    await screenshot(head, 'pensions-detail');
  });

  it('the head grants a pension from entered inputs, then suspends and resumes it', async () => {
    await head.goto(`${server.url}/console/pensions`);
    await head.getByTestId('pension-grant').click();
    const form = head.getByTestId('pension-grant-form');
    await form.waitFor({ timeout: 15_000 });
    // The search is debounced and answered by the server: wait for the option, and choose again
    // if a late answer re-rendered the list under the click.
    const chosen = form.locator('.ant-select', { hasText: NEW_PENSIONER.name }).first();
    for (let attempt = 0; attempt < 3 && !(await chosen.isVisible()); attempt++) {
      await head.locator('#pension-grant_personId').fill(NEW_PENSIONER.name);
      const option = head.locator('.ant-select-dropdown:visible').last().locator('.ant-select-item-option', { hasText: NEW_PENSIONER.name });
      await option.waitFor({ timeout: 15_000 });
      await settle(head);
      await option.click();
      await chosen.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await chosen.waitFor({ timeout: 1_000 });
    await form.getByText('录入经核实的计发数据').click();
    await head.getByTestId('pension-average-wage').fill('8000');
    await head.locator('#pension-grant_index').fill('1.2');
    await head.locator('#pension-grant_contributionMonths').fill('360');
    await settle(head);
    await screenshot(head, 'pensions-grant');
    await head.getByTestId('pension-grant-submit').click();
    // (8000 + 8000 × 1.2) ÷ 2 × 30 years × 1% = 2640; an empty account adds nothing.
    const monthly = head.getByTestId('basis-monthly');
    await monthly.waitFor({ timeout: 15_000 });
    assert.match(await monthly.innerText(), /¥2,640\.00/);
    assert.match(await head.getByTestId('basis-basic').innerText(), /\(¥8,000\.00 \+ ¥9,600\.00\) ÷ 2 × 30 × 1% =\s*¥2,640\.00/);

    await head.getByTestId('pension-suspend').click();
    await head.getByTestId('pension-reason').fill('未按期完成资格认证');
    await head.getByTestId('pension-status-submit').click();
    await head.locator('[data-testid="pension-detail"] [data-testid="pension-status"][data-status="suspended"]').waitFor({ timeout: 15_000 });
    await head.getByTestId('pension-resume').click();
    assert.equal(await head.getByTestId('pension-pay-arrears').getAttribute('aria-checked'), 'true', 'the suspended months are paid by default');
    await head.getByTestId('pension-reason').fill('已完成资格认证');
    await settle(head);
    await screenshot(head, 'pensions-resume');
    await head.getByTestId('pension-status-submit').click();
    await head.locator('[data-testid="pension-detail"] [data-testid="pension-status"][data-status="active"]').waitFor({ timeout: 15_000 });

    // 亲情服务 at the counter: a relative with a citizen account is registered, shown masked, and removed again.
    await head.getByTestId('relative-id-number').fill(idOf(CITIZEN));
    await head.getByTestId('relative-relation').fill('邻居');
    await head.getByTestId('relative-add').click();
    const relative = head.getByTestId('relatives-table').locator('tr.ant-table-row', { hasText: CITIZEN.name });
    await relative.waitFor({ timeout: 15_000 });
    assert.match(await relative.innerText(), /邻居/);
    assert.ok(!(await relative.innerText()).includes(idOf(CITIZEN)), 'the relative’s ID number is masked');
    await relative.scrollIntoViewIfNeeded();
    await screenshot(head, 'pensions-relative');
    await relative.getByTestId('relative-remove').click();
    await head.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await relative.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('a pensioner certifies that she is alive in the portal, and for her mother', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/portal`);
    await page.locator('input[name="idNumber"]').fill(idOf(CITIZEN));
    await page.locator('input[name="password"]').first().fill(CITIZEN_PASSWORD);
    await page.locator('input[name="password"]').first().press('Enter');
    await page.getByTestId('portal-home').waitFor({ timeout: 15_000 });
    await page.getByTestId('portal-nav').getByText('资格认证').click();
    const mine = page.getByTestId('my-certification');
    await mine.waitFor({ timeout: 15_000 });
    assert.equal(await mine.getAttribute('data-due'), 'true');
    const relative = page.getByTestId('relative');
    assert.match(await relative.innerText(), /马桂兰[\s\S]*女儿[\s\S]*需要认证/);
    await screenshot(page, 'portal-certification-due');

    await page.getByTestId('certify-me').click();
    await mine.locator('[data-testid="certification-valid"]').waitFor({ timeout: 15_000 });
    assert.match(await mine.innerText(), /本人网上认证/);
    await relative.getByTestId('certify-relative').click();
    await relative.locator('[data-testid="certification-valid"]').waitFor({ timeout: 15_000 });
    assert.match(await relative.innerText(), /亲属代为认证/);
    await page.waitForTimeout(3_500); // the success messages fade before the screenshot
    await screenshot(page, 'portal-certification-done');
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'portal-certification-375');

    // Certifying releases the holds of the overdue certifications, without a reviewer.
    await supervisor.goto(`${server.url}/console/integrity`);
    await supervisor.getByTestId('flag-tab-released').click();
    const released = supervisor.getByTestId('flags');
    await released.locator('tr.ant-table-row', { hasText: '冯淑珍' }).waitFor({ timeout: 15_000 });
    assert.match(await released.innerText(), /马桂兰/);
    await page.close();
  });

  it('reads in English too', async () => {
    await head.goto(`${server.url}/console/integrity`);
    await head.getByTestId('flags').locator('tr.ant-table-row').first().waitFor({ timeout: 15_000 });
    await head.getByTestId('lang-switch').click();
    await head.getByText('Review queue').first().waitFor({ timeout: 5_000 });
    await head.locator('[data-testid="integrity-chart"][data-ready]').waitFor({ timeout: 15_000 });
    await screenshot(head, 'integrity-queue-en');
    await head.goto(`${server.url}/console/payroll`);
    await head.getByTestId('payroll-runs').locator('tr.ant-table-row', { hasText: RUN_MONTH }).click();
    await head.locator('[data-testid="run-detail"][data-status="paid"]').waitFor({ timeout: 15_000 });
    assert.match(await head.getByTestId('run-steps').innerText(), /Checking and preparing[\s\S]*Ready to send[\s\S]*Sent to banks/);
    await settle(head);
    await screenshot(head, 'payroll-run-en');
  });
});
