import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 240_000;

interface KbArticle {
  id: string;
  language: string;
  title: string;
  slug: string;
  status: string;
  body: string;
  tags: string[];
  version: number;
  translationGroupId: string;
}

/** A key i18next could not find shows as itself ("kb.title"): none may be left on the page. */
async function expectNoUntranslatedKey(page: Page, what: string): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text.match(/\b(app|nav|kb|admin|canned|ticket|languages)\.[a-zA-Z]+[.a-zA-Z]*\b/g) ?? [], what).toEqual([]);
}

describe('knowledge base in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-kb-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('a manager writes, publishes, translates, edits and restores an article; an agent finds it, cannot edit it, and links it in a reply', async () => {
    // The manager arranges a category and a section, then writes an English article.
    const manager = await workspace.addUser('manager', 'Maya Lavoie');
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
    await page.getByRole('link', { name: 'Knowledge base', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Knowledge base' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByText('No category yet.').isVisible(), SLOW).toBe(true);

    const categoryForm = page.getByTestId('kb-new-category');
    await categoryForm.getByLabel('English name').fill('Account');
    await categoryForm.getByLabel('French name').fill('Compte');
    await categoryForm.getByRole('button', { name: 'Create the category' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '“Account” created.' }).isVisible(), SLOW).toBe(true);
    const sectionForm = page.getByTestId('kb-new-section');
    await expect.poll(() => sectionForm.isVisible(), SLOW).toBe(true);
    await sectionForm.getByLabel('English name').fill('Passwords');
    await sectionForm.getByLabel('French name').fill('Mots de passe');
    await sectionForm.getByRole('button', { name: 'Create the section' }).click();
    await expect.poll(() => page.locator('[data-kb-section="Passwords"]').isVisible(), SLOW).toBe(true);
    await expectAccessible(page, 'knowledge base (manager)');

    const newArticle = page.getByTestId('kb-new-article');
    await expect.poll(() => newArticle.isVisible(), SLOW).toBe(true);
    await newArticle.getByLabel('Title').fill('Reset your password');
    expect(await newArticle.getByLabel('Language').locator('option:checked').textContent()).toBe('English');
    expect(await newArticle.getByLabel('Section').locator('option:checked').textContent()).toBe('Passwords');
    await newArticle.getByLabel('Text (Markdown)').fill('1. Open Settings.\n2. Choose Reset password.');
    await newArticle.getByRole('button', { name: 'Create the draft' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Reset your password');
    const englishId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.getByTestId('kb-article-facts').textContent(), SLOW).toContain('Draft');
    expect(await page.getByTestId('kb-help-center-link').count()).toBe(0);

    // Publishing it (version 2) puts it in the help center.
    await page.getByTestId('kb-edit').click();
    const form = page.getByTestId('kb-article-form');
    await form.getByLabel('Status').selectOption('published');
    await form.getByLabel('Tags').fill('password, account');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Article “Reset your password” saved.' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByTestId('kb-article-facts').textContent(), SLOW).toContain('Published');
    expect(await page.getByTestId('kb-help-center-link').getAttribute('href')).toBe(`${server.url}/help/${workspace.slug}/articles/reset-your-password`);

    // Translated into French: the linked article opens, and the manager writes and publishes its French text.
    await page.getByRole('button', { name: 'Translate into French' }).click();
    await expect.poll(() => page.getByTestId('kb-translation-link').textContent(), SLOW).toBe('English version: Reset your password');
    const frenchId = new URL(page.url()).pathname.split('/').pop()!;
    expect(frenchId).not.toBe(englishId);
    await page.getByTestId('kb-edit').click();
    await form.getByLabel('Title').fill('Réinitialiser votre mot de passe');
    await form.getByLabel('Text (Markdown)').fill('1. Ouvrez les Paramètres.\n2. Choisissez Réinitialiser le mot de passe.');
    await form.getByLabel('Status').selectOption('published');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Réinitialiser votre mot de passe');
    expect(await page.getByTestId('kb-help-center-link').getAttribute('href')).toBe(`${server.url}/help/${workspace.slug}/fr/articles/reset-your-password`);
    const french = (await workspace.admin.get<KbArticle>(`/api/v1/kb/articles/${frenchId}`)).body;
    const englishStored = (await workspace.admin.get<KbArticle>(`/api/v1/kb/articles/${englishId}`)).body;
    expect(french).toMatchObject({ language: 'fr', status: 'published', translationGroupId: englishStored.translationGroupId });

    // Back to the English one: a change of its text is version 3, with its diff.
    await page.getByTestId('kb-translation-link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Reset your password');
    await page.getByTestId('kb-edit').click();
    await form.getByLabel('Text (Markdown)').fill('1. Open Settings.\n2. Choose Security.\n3. Choose Reset password.');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('kb-article-body').textContent(), SLOW).toContain('Choose Security.');
    const versions = page.getByTestId('kb-versions');
    await expect.poll(() => versions.locator('tbody tr').count(), SLOW).toBe(3);
    await page.getByRole('button', { name: 'Show version 3' }).click();
    const diff = page.getByTestId('kb-diff');
    await expect.poll(() => diff.locator('[data-kind="added"]').allTextContents(), SLOW).toEqual(['Added: +2. Choose Security.', 'Added: +3. Choose Reset password.']);
    expect(await diff.locator('[data-kind="removed"]').allTextContents()).toEqual(['Removed: −2. Choose Reset password.']);
    expect(await page.getByTestId('kb-version').textContent()).toContain('Changes since version 2.');
    await expectAccessible(page, 'knowledge base article with a version (manager)');

    // Restoring version 1 asks first, then brings its text back as version 4; the article stays published.
    await versions.locator('tr[data-kb-version="1"]').getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Yes, restore' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Version 1 restored as a new version.' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByTestId('kb-article-body').textContent(), SLOW).toBe('1. Open Settings.\n2. Choose Reset password.');
    await expect.poll(() => versions.locator('tbody tr').count(), SLOW).toBe(4);
    const restored = (await workspace.admin.get<KbArticle>(`/api/v1/kb/articles/${englishId}`)).body;
    expect(restored).toMatchObject({ version: 4, status: 'published', body: '1. Open Settings.\n2. Choose Reset password.' });
    await context.close();

    // An agent searches, despite a typo, and opens the article: reading only.
    const agent = await workspace.addUser('agent', 'Julie Fortin');
    const reader = await newPerson(browser);
    await signIn(reader.page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await reader.page.getByRole('link', { name: 'Knowledge base', exact: true }).click();
    await expect.poll(() => reader.page.getByRole('heading', { level: 1, name: 'Knowledge base' }).isVisible(), SLOW).toBe(true);
    expect(await reader.page.getByTestId('kb-new-article').count()).toBe(0);
    expect(await reader.page.getByTestId('kb-structure').count()).toBe(0);
    await reader.page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill('pasword reset');
    await reader.page.getByRole('main').getByRole('button', { name: 'Search', exact: true }).click();
    const results = reader.page.getByTestId('kb-search-results');
    await expect.poll(() => results.getByRole('link', { name: 'Reset your password' }).isVisible(), SLOW).toBe(true);
    await expectAccessible(reader.page, 'knowledge base search (agent)');
    await results.getByRole('link', { name: 'Reset your password' }).click();
    await expect.poll(() => reader.page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe('Reset your password');
    await expect.poll(() => reader.page.getByTestId('kb-versions').locator('tbody tr').count(), SLOW).toBe(4);
    expect(await reader.page.getByTestId('kb-edit').count()).toBe(0);
    expect(await reader.page.getByRole('button', { name: 'Restore' }).count()).toBe(0);
    expect(await reader.page.getByTestId('kb-translation-link').textContent()).toBe('French version: Réinitialiser votre mot de passe');

    // In French, every string of both pages is translated.
    await reader.page.getByTestId('language-picker').selectOption('fr-CA');
    await expect.poll(() => reader.page.getByRole('heading', { level: 2, name: 'Versions' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => reader.page.getByText('Voir dans le centre d’aide').isVisible(), SLOW).toBe(true);
    await expectNoUntranslatedKey(reader.page, 'article (fr-CA)');
    await expectAccessible(reader.page, 'knowledge base article (agent, fr-CA)');
    await reader.page.getByRole('link', { name: 'Base de connaissances', exact: true }).first().click();
    await expect.poll(() => reader.page.getByRole('heading', { level: 1, name: 'Base de connaissances' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => reader.page.getByTestId('kb-articles').isVisible(), SLOW).toBe(true);
    await expectNoUntranslatedKey(reader.page, 'knowledge base (fr-CA)');
    await expectAccessible(reader.page, 'knowledge base (agent, fr-CA)');
    await reader.page.getByTestId('language-picker').selectOption('en');
    await expect.poll(async () => (await workspace.admin.get<{ language: string }>(`/api/v1/users/${agent.userId}`)).body.language, SLOW).toBe('en');

    // On an English ticket, the agent inserts the article's link where the caret is, and sends the reply.
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Locked out', description: 'I forgot my password.', customer_email: 'sam@example.test', customer_name: 'Sam Roy', language: 'en' })).body;
    await reader.page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => reader.page.getByRole('heading', { level: 1 }).textContent(), SLOW).toContain('Locked out');
    const reply = reader.page.getByLabel('Your reply to the customer');
    await reply.fill('Hi Sam, this shows how:\n\nThanks!');
    await reply.evaluate((area: HTMLTextAreaElement) => area.setSelectionRange('Hi Sam, this shows how:\n'.length, 'Hi Sam, this shows how:\n'.length));
    await reader.page.getByTestId('kb-article-button').click();
    const picker = reader.page.getByTestId('kb-picker');
    await expect.poll(() => picker.isVisible(), SLOW).toBe(true);
    await expect.poll(() => picker.getByRole('option').count(), SLOW).toBe(2);
    await picker.getByRole('combobox', { name: 'Search articles' }).fill('password');
    await expect.poll(() => picker.getByRole('option').first().textContent(), SLOW).toContain('Reset your password');
    await expectAccessible(reader.page, 'knowledge base article picker');
    await picker.getByRole('combobox', { name: 'Search articles' }).press('Enter');
    await expect.poll(() => picker.isVisible(), SLOW).toBe(false);
    const link = `Reset your password: ${server.url}/help/${workspace.slug}/articles/reset-your-password`;
    const expected = `Hi Sam, this shows how:\n${link}\nThanks!`;
    await expect.poll(() => reply.inputValue(), SLOW).toBe(expected);
    await reader.page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => reader.page.getByTestId('public-reply').last().textContent(), SLOW).toContain(link);
    const comments = (await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean; authorUserId: string | null }> }>(`/api/v1/tickets/${ticket.id}/comments`)).body.data;
    expect(comments.filter((comment) => comment.isPublic && comment.authorUserId === agent.userId).map((comment) => comment.body)).toEqual([expected]);
    await reader.context.close();
  }, BROWSER_TEST_TIMEOUT);
});
