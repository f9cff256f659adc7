import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 180_000;

describe('bot insights, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  const articleIds: Record<string, string> = {};
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-bot-insights-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Shop', nameFr: 'Boutique' });
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Products', nameFr: 'Produits' });
    for (const [key, title, body] of [
      ['password', 'Reset your password', 'Forgot your password? You can reset it yourself from the sign-in page.'],
      ['coffee', 'Our coffee equipment range', 'Grinders, kettles and brewing gear for cafés, with a quote from our team.'],
    ] as const) {
      const created = await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId: section.body.id, language: 'en', status: 'published', title, body });
      expect(created.status).toBe(201);
      articleIds[key] = created.body.id;
    }
    // Four customers: one answered, three asking what no article answers yet.
    const ask = (question: string) => server.services.bot.ask(workspace.workspaceId, { question, language: 'en' });
    expect((await ask('How do I reset my password?')).articleId).toBe(articleIds.password);
    for (const question of ['Do you sell espresso machines?', 'do you sell espresso machines', 'Do you sell espresso machines?']) expect((await ask(question)).articleId).toBeNull();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it(
    'an admin opens Bot insights, reads the figures, links the unanswered question to an article, and the question leaves the list and is answered from then on',
    async () => {
      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
      await page.getByRole('link', { name: 'Bot insights' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Bot insights' }).isVisible(), SLOW).toBe(true);

      const cards = page.getByTestId('bot-cards');
      const card = (name: string) => cards.locator(`[data-card="${name}"] .bot-card-value`).textContent();
      await expect.poll(() => card('conversations'), SLOW).toBe('4');
      expect(await card('answered')).toBe('1');
      expect(await card('resolved')).toBe('1');
      expect(await cards.locator('[data-card="answered"]').textContent()).toContain('25% of the questions');
      expect(await page.getByTestId('bot-topics').textContent()).toContain('Reset your password');
      expect(await page.getByTestId('bot-failed').textContent()).toContain('asked 3 times');
      // Each day of the chart is read out, today's with its four questions.
      expect(await page.getByTestId('bot-daily').locator('li').count()).toBeGreaterThanOrEqual(30);
      expect(await page.getByTestId('bot-daily').locator('li').last().textContent()).toContain('questions: 4, answered: 1');

      const row = page.locator('[data-testid="bot-learning"] tr[data-question="Do you sell espresso machines?"]');
      await expect.poll(() => row.textContent(), SLOW).toContain('3 times');
      expect(await row.textContent()).toContain('Also asked as “do you sell espresso machines”');
      expect(await row.textContent()).toContain('No answer found (3)');
      await expectAccessible(page, 'bot insights');

      await row.getByRole('button', { name: 'Link an article to “Do you sell espresso machines?”' }).click();
      const picker = page.getByTestId('kb-picker');
      await expect.poll(() => picker.isVisible(), SLOW).toBe(true);
      await picker.getByRole('combobox').fill('coffee');
      const option = picker.locator('[data-kb-title="Our coffee equipment range"]');
      await expect.poll(() => option.isVisible(), SLOW).toBe(true);
      await option.click();

      await expect.poll(() => page.getByRole('status').filter({ hasText: '“Do you sell espresso machines?” is now answered with “Our coffee equipment range”.' }).count(), SLOW).toBe(1);
      await expect.poll(() => row.count(), SLOW).toBe(0);
      await expect.poll(() => page.getByText('Nothing to improve in this period: the bot answered every question well.').isVisible(), SLOW).toBe(true);

      // The next customer asking it gets the article.
      expect(await server.services.botLearning.findLearnedArticleId(workspace.workspaceId, 'en', 'Do you sell espresso machines?')).toBe(articleIds.coffee);
      const next = await server.services.bot.ask(workspace.workspaceId, { question: 'Do you sell espresso machines?', language: 'en' });
      expect(next.articleId).toBe(articleIds.coffee);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
