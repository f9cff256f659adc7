/**
 * Writes PNGs of the main screens to docs/screenshots/, from the real server over a fresh demo workspace:
 *
 *   npm run screenshots
 *
 * Builds nothing itself: run `npm run build` first (the npm script does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../apps/server/src/config/config.js';
import { buildApp } from '../apps/server/src/http/app.js';
import { DEMO_LOGIN, ensureDemoWorkspace } from '../apps/server/src/modules/demo/demo.seed.js';
import { openRuntime } from '../apps/server/src/runtime.js';
import { startWorkers } from '../apps/server/src/workers.js';

const OUTPUT = 'docs/screenshots';
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-screens-'));
const config = loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('base64') });
const runtime = await openRuntime(config);
await ensureDemoWorkspace(runtime.services);
const app = await buildApp({ services: runtime.services, redis: runtime.redis, logger: false });
const stopWorkers = new AbortController();
const workers = startWorkers(runtime.services, app.log, stopWorkers.signal);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signedInPage(options: { width: number; height: number; language?: 'en' | 'fr-CA'; theme?: 'light' | 'dark'; email?: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width, height: options.height }, locale: options.language ?? 'en-CA', deviceScaleFactor: 1 });
  await context.addInitScript(([language, theme]) => {
    localStorage.setItem('switchboard.language', language!);
    localStorage.setItem('switchboard.theme', theme!);
  }, [options.language ?? 'en', options.theme ?? 'light']);
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(/^(Workspace|Espace de travail)$/).fill(DEMO_LOGIN.workspace);
  await page.getByLabel(/^(Email|Courriel)$/).fill(options.email ?? 'liam@demo.switchboard.test');
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(DEMO_LOGIN.password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL(/\/views\//);
  // The picker also saves the language to the profile, so each shot states the one it wants.
  await page.getByTestId('language-picker').selectOption(options.language ?? 'en');
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${OUTPUT}/${name}.png`, fullPage: false });
  process.stdout.write(`  ${OUTPUT}/${name}.png\n`);
}

try {
  const desktop = await signedInPage({ width: 1366, height: 860 });
  await desktop.getByRole('link', { name: /^All open/ }).click();
  await desktop.locator('tbody tr').first().waitFor();
  await shoot(desktop, 'inbox');
  await desktop.locator('tbody tr a').first().click();
  await desktop.getByTestId('public-reply').first().waitFor().catch(() => undefined);
  await shoot(desktop, 'ticket');

  await desktop.getByRole('link', { name: 'Customers', exact: true }).click();
  await desktop.locator('tbody tr a').first().click();
  await desktop.getByRole('heading', { level: 1 }).waitFor();
  await shoot(desktop, 'customer');

  const admin = await signedInPage({ width: 1366, height: 860, email: DEMO_LOGIN.email });
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('link', { name: /^Users/ }).first().click().catch(() => undefined);
  await admin.locator('table, ul').first().waitFor();
  await shoot(admin, 'admin-users');

  const french = await signedInPage({ width: 1366, height: 860, language: 'fr-CA' });
  await french.getByRole('link', { name: /^Tous les billets ouverts/ }).click();
  await french.locator('tbody tr').first().waitFor();
  await shoot(french, 'inbox-fr-ca');

  const dark = await signedInPage({ width: 1366, height: 860, theme: 'dark' });
  await dark.getByRole('link', { name: /^All open/ }).click();
  await dark.locator('tbody tr').first().waitFor();
  await shoot(dark, 'inbox-dark');

  const phone = await signedInPage({ width: 375, height: 812 });
  await phone.getByRole('link', { name: /^All open/ }).click();
  await phone.locator('tbody tr').first().waitFor();
  await shoot(phone, 'inbox-phone');
} finally {
  await browser.close();
  stopWorkers.abort();
  await app.close();
  await workers;
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
