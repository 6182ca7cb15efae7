import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/seed.ts';

export const CHROMIUM = process.env.MINSHENG_CHROMIUM ?? '/usr/bin/chromium';
export const screenshots = path.resolve('test-results');

/** Without Chromium the browser tests cannot run; in CI that is a failure, not a skip. */
export function chromiumMissing(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs Debian's chromium`);
  return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts the product the way a user does (`minsheng start`) on a fresh data directory. */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-e2e-'));
  const url = `http://localhost:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MINSHENG_DATA_DIR: dataDir, MINSHENG_ORIGIN: url, NODE_ENV: 'development', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => output,
    /** SIGTERM, as a service manager sends it; resolves with the exit code (0 = clean shutdown). */
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Waits for `target` to show; when the page shows an error alert instead (the server refused or
 * failed), fails at once with what the alert says rather than waiting out the timeout blind.
 */
export async function waitForOrAlert(page: Page, target: Locator, timeout: number) {
  const alert = page.getByTestId('error-alert');
  await target.or(alert).first().waitFor({ timeout });
  if (await target.first().isVisible()) return;
  assert.fail(`the page shows an error instead: ${(await alert.first().innerText()).replace(/\s+/g, ' ')}`);
}

/** The server's warnings and errors (pino level 40 and up), to read beside a failed browser test. */
function serverProblems(output: string): string[] {
  return output.split('\n').filter((line) => /"level":\s*(4|5|6)0\b/.test(line) || /^\s*(Error|TypeError|RangeError)\b/.test(line));
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

export interface BrowserEnv {
  server: RunningServer;
  browser: Browser;
  /** Closes the browser and stops the server, which must shut down cleanly on SIGTERM. */
  close(): Promise<void>;
}

/** What every browser suite starts with: the product on a fresh data directory, and Chromium. */
export async function openBrowserEnv(): Promise<BrowserEnv> {
  const server = await startServer();
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      // Printed whatever the outcome: a browser test that failed on the server's side says why here.
      const problems = serverProblems(server.output());
      if (problems.length > 0) console.error(`server warnings and errors (${problems.length}):\n${problems.slice(-40).join('\n')}`);
      assert.equal(await server.stop(), 0, 'the server shuts down cleanly on SIGTERM');
    },
  };
}

/** Logs a demo staff member in through the login page: password, then the current TOTP code. */
export async function staffLogin(page: Page, url: string, username: string) {
  await page.goto(`${url}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('input[name="password"]').press('Enter');
  const totp = page.locator('input[name="totp"]');
  await totp.waitFor({ timeout: 15_000 });
  await totp.fill(await generate({ secret: demoTotpSecret(username) }));
  await totp.press('Enter');
  await page.getByTestId('console').waitFor({ timeout: 15_000 });
}
