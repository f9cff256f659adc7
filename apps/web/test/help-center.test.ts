import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;

describe('the public help center in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await connectBrowser();
    workspace = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme Outdoors' });
    const category = (await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Your account', nameFr: 'Votre compte' })).body;
    const section = (await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.id, nameEn: 'Passwords', nameFr: 'Mots de passe' })).body;
    const article = (
      await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', {
        sectionId: section.id,
        language: 'en',
        title: 'Reset your password',
        body: '1. Open **Settings**\n2. Choose *Reset password*\n\n| Plan | Resets |\n|---|---|\n| Basic | 3 |',
        status: 'published',
      })
    ).body;
    await workspace.admin.post('/api/v1/kb/articles', {
      sectionId: section.id,
      language: 'fr',
      title: 'Réinitialiser votre mot de passe',
      body: 'Ouvrez **Paramètres**, puis choisissez *Réinitialiser le mot de passe* : un lien vous est envoyé par courriel.',
      status: 'published',
      translationOf: article.id,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'suggests articles while typing under its Content-Security-Policy, and passes the accessibility checks',
    async () => {
      const { context, page } = await newPerson(browser);
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
      });
      try {
        await page.goto(`${server.url}/help/${workspace.slug}`);
        await expect.poll(() => page.title()).toBe('Acme Outdoors Help Center');
        await expectAccessible(page, 'help center home');
        await page.getByLabel('Search the help center').fill('password');
        const suggestion = page.getByRole('list', { name: 'Suggested articles' }).getByRole('link', { name: 'Reset your password' });
        await suggestion.waitFor();
        await suggestion.click();
        await page.waitForURL(/\/articles\/reset-your-password$/);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Reset your password');
        await expectAccessible(page, 'help center article');
        await page.goto(`${server.url}/help/${workspace.slug}/search?q=nothing+like+this`);
        await expectAccessible(page, 'help center search without results');
        await page.goto(`${server.url}/help/${workspace.slug}/contact`);
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByText('Check these fields:').waitFor();
        await expectAccessible(page, 'help center contact form with problems');
        await page.goto(`${server.url}/help/${workspace.slug}/articles/reset-your-password`);
        await page.getByRole('link', { name: 'Français' }).click();
        await page.waitForURL(/\/fr\/articles\/reinitialiser-votre-mot-de-passe$/);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr-CA');
        expect(refusals).toEqual([]);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    // (axe runs in the page: it has no place here, the pages are checked with scripts on above.)
    'works without JavaScript: search, read, vote, and write to support',
    async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-CA' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await page.goto(`${server.url}/help/${workspace.slug}`);
        await page.getByLabel('Search the help center').fill('reset password');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(/\/search\?q=reset\+password$/);
        await page.getByRole('link', { name: 'Reset your password' }).click();
        await page.waitForURL(/\/articles\/reset-your-password$/);
        await page.getByRole('button', { name: 'Yes' }).click();
        await page.waitForURL(/\?voted=1#feedback$/);
        await page.getByText('Thank you for your feedback!').waitFor();

        await page.getByRole('link', { name: 'Contact us' }).click();
        await page.getByLabel('Your name').fill('Chloé Tremblay');
        await page.getByLabel('Email address').fill('not an address');
        await page.getByLabel('Subject').fill('Two invoices');
        await page.getByLabel('How can we help?').fill('I was billed twice.');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByText('Enter an email address such as name@example.com.').first().waitFor();
        expect(await page.getByLabel('Subject').inputValue()).toBe('Two invoices');
        await page.getByLabel('Email address').fill('chloe@example.com');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByText(/Your request #\d+ has been received/).waitFor();
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'searches in French: accents left out and a typo still find the article, with its words marked, in French pages only',
    async () => {
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      try {
        await page.goto(`${server.url}/help/${workspace.slug}/fr`);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr-CA');
        // Suggestions while typing, without accents.
        await page.getByLabel('Chercher dans le centre d’aide').fill('reinitialiser');
        await page.getByRole('list', { name: /Articles suggérés/ }).getByRole('link', { name: 'Réinitialiser votre mot de passe' }).waitFor();
        // The results page for a typo, the words found marked in the French snippet.
        await page.getByLabel('Chercher dans le centre d’aide').fill('reinitialiser mot de pase');
        await page.getByLabel('Chercher dans le centre d’aide').press('Enter');
        await page.waitForURL(/\/fr\/search\?q=reinitialiser\+mot\+de\+pase$/);
        const result = page.getByRole('link', { name: 'Réinitialiser votre mot de passe' });
        await result.waitFor();
        expect(await page.locator('.results mark').first().textContent()).toMatch(/^Réinitialiser$/i);
        expect(await page.getByRole('link', { name: 'Reset your password' }).count()).toBe(0);
        await expectAccessible(page, 'help center search in French');
        await result.click();
        await page.waitForURL(/\/fr\/articles\/reinitialiser-votre-mot-de-passe$/);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Réinitialiser votre mot de passe');
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );
});
