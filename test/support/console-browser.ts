// The console's browser harness (issue 17): Playwright drives Debian's Chromium against the API
// started by startTestApp on its own database, serving the built console at /admin. Every page
// fails its test on a browser console error, except the failed requests a test provokes on purpose
// (a 409 or 412 it names). Screenshots go to .ci/out/ (CI artefacts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TestUser } from './factory.js';
import { startTestApp, type TestApp } from './test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CONSOLE_INDEX = new URL('../../libs/admin-ui/dist/index.html', import.meta.url);
const SHOTS = new URL('../../.ci/out/', import.meta.url);
/** The password the test factory gives every user. */
export const PASSWORD = 'correct-horse-battery';
/**
 * Bounds every wait for a locator: a page that does not come never hangs the suite. Generous
 * because CI runs the test files side by side on two cores: a photo upload waited on for 10 s
 * once timed out there (session 9), while the same test alone passes in a minute.
 */
export const WAIT_MS = 20_000;

/** What a console spec works with; filled in by `useConsoleBrowser()`'s `beforeAll`. */
export interface ConsoleHarness {
  /** The API with the console, on a fresh database. */
  t: TestApp;
  /** `http://127.0.0.1:<port>` of that API. */
  base: string;
  /**
   * A new browser page of `width` × `height` (default 1280 × 800); its console errors are checked
   * after the test. `allowedStatuses`: failed requests the test provokes (Chromium logs each as a
   * console error).
   */
  newPage(options?: { width?: number; height?: number; allowedStatuses?: number[] }): Promise<Page>;
  /** Opens `path` (default `/admin/`) signed out and signs `who` in with the factory password. */
  signIn(page: Page, who: TestUser, path?: string): Promise<void>;
  /** A full-page screenshot to `.ci/out/console-<name>.png`, once the page's fonts have loaded. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * Registers the spec file's hooks (build the console when missing, start the API and Chromium,
 * check each test's pages for console errors, close all) and returns the harness, whose fields
 * are usable inside tests.
 */
export function useConsoleBrowser(env: Record<string, string> = {}): ConsoleHarness {
  let browser: Browser;
  const open: { context: BrowserContext; errors: string[]; allowed: number[] }[] = [];
  const harness = {
    async newPage(options: { width?: number; height?: number; allowedStatuses?: number[] } = {}): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, locale: 'en-IN' });
      context.setDefaultTimeout(WAIT_MS);
      const entry = { context, errors: [] as string[], allowed: options.allowedStatuses ?? [] };
      open.push(entry);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') entry.errors.push(message.text());
      });
      page.on('pageerror', (error) => entry.errors.push(`page error: ${error.message}`));
      return page;
    },
    async signIn(page: Page, who: TestUser, path = '/admin/'): Promise<void> {
      await page.goto(`${harness.base}${path}`);
      await page.getByLabel('Email').fill(who.user.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async shot(page: Page, name: string): Promise<void> {
      // Strings run in the page: this project's TypeScript has no DOM types.
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      await page.screenshot({ path: new URL(`console-${name}.png`, SHOTS).pathname, fullPage: true });
    },
  } as ConsoleHarness;

  beforeAll(async () => {
    // `npm ci` (prepare) and `npm run build` build the console; build it here only when missing.
    if (!existsSync(CONSOLE_INDEX)) {
      const built = spawnSync('npm', ['run', 'build', '-w', 'libs/admin-ui'], { stdio: 'inherit' });
      expect(built.status).toBe(0);
    }
    mkdirSync(SHOTS, { recursive: true });
    harness.t = await startTestApp(env);
    await harness.t.app.listen(0, '127.0.0.1');
    harness.base = `http://127.0.0.1:${(harness.t.app.getHttpServer().address() as AddressInfo).port}`;
    // launch() gives each run a fresh temporary profile (user-data-dir) and deletes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await harness.t?.close();
  });

  afterEach(async () => {
    for (const { context, errors, allowed } of open.splice(0)) {
      await context.close();
      const unexpected = errors.filter((text) => !allowed.some((status) => text.includes(`status of ${status}`)));
      expect(unexpected, 'browser console errors').toEqual([]);
    }
  });

  return harness;
}
