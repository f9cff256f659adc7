import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Cookie, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import './browser-setup.js';

/** The run's shared browser (see browser-setup.ts). */
export function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('browserWsEndpoint'));
}

/** A new person at a new browser: own cookies, own storage, a given screen size and language. */
export async function newPerson(browser: Browser, options: { width?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, locale: options.locale ?? 'en-CA' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Session cookies of people already signed in, by server and email: sign-in is rate limited per address. */
const signedInCookies = new Map<string, Cookie[]>();

/**
 * Signs in through the form the first time, then (in a new context of the same person) reuses the session
 * cookie, as a returning browser would; `fresh` forces the form.
 */
export async function signIn(page: Page, baseUrl: string, credentials: { workspace: string; email: string; password: string }, options: { fresh?: boolean } = {}): Promise<void> {
  const key = `${baseUrl} ${credentials.email}`;
  const cookies = signedInCookies.get(key);
  if (cookies && !options.fresh) {
    await page.context().addCookies(cookies);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/views\//);
    return;
  }
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/^(Workspace|Espace de travail)$/).fill(credentials.workspace);
  await page.getByLabel(/^(Email|Courriel)$/).fill(credentials.email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(credentials.password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.waitForURL(/\/views\//);
  signedInCookies.set(key, await page.context().cookies());
}

/**
 * axe-core over the page as it is now: no serious or critical violation (WCAG 2.1 A and AA rules). `exclude`
 * leaves out elements by selector, e.g. a frame where scripts are disabled: axe cannot run inside one and would
 * wait for it forever. An excluded frame's title is not checked either; the test checks it itself.
 */
export async function expectAccessible(page: Page, what: string, options: { exclude?: string[] } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of options.exclude ?? []) builder.exclude(selector);
  const results = await builder.analyze();
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(blocking.map((violation) => `${what}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}
