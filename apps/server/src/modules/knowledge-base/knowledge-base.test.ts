import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardClient } from '@switchboard/sdk';
import type { ApiError, PageOf } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { AppError } from '../../shared/errors.js';
import { diffBodyLines, excludedWordsOf, fuzzyWordsOf, slugify } from './knowledge-base.service.js';

interface Category {
  id: string;
  nameEn: string;
  nameFr: string;
  slug: string;
  position: number;
  icon: string | null;
}
interface Section extends Category {
  categoryId: string;
}
interface Article {
  id: string;
  sectionId: string;
  language: 'en' | 'fr';
  translationGroupId: string;
  title: string;
  slug: string;
  body: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  visibility: 'public' | 'internal';
  tags: string[];
  version: number;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
  authorId: string | null;
}
interface VersionSummary {
  number: number;
  title: string;
  tags: string[];
  status: string;
  restoredFrom: number | null;
  authorId: string | null;
}
interface Version extends VersionSummary {
  body: string;
  diff: {
    previousNumber: number | null;
    previousTitle: string | null;
    previousStatus: string | null;
    tagsAdded: string[];
    tagsRemoved: string[];
    lines: Array<{ kind: 'added' | 'removed' | 'unchanged'; text: string }>;
  };
}
interface SearchResult {
  id: string;
  title: string;
  language: 'en' | 'fr';
  slug: string;
  sectionId: string;
  visibility: 'public' | 'internal';
  snippet: string;
  score: number;
}

describe('knowledge base', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let manager: { userId: string; client: SwitchboardClient };
  let agent: { userId: string; client: SwitchboardClient };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Maya Chen');
    agent = await workspace.addUser('agent', 'Julie Fortin');
  });
  afterAll(() => server.close());

  async function create<T>(client: SwitchboardClient, path: string, body: Record<string, unknown>): Promise<T> {
    const created = await client.post<T>(path, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }
  async function newSection(client: SwitchboardClient = manager.client): Promise<Section> {
    const category = await create<Category>(client, '/api/v1/kb/categories', { nameEn: 'Getting started', nameFr: 'Premiers pas' });
    return create<Section>(client, '/api/v1/kb/sections', { categoryId: category.id, nameEn: 'Account', nameFr: 'Compte' });
  }
  const newArticle = (client: SwitchboardClient, body: Record<string, unknown>) => create<Article>(client, '/api/v1/kb/articles', body);

  it('managers build categories, sections and articles; a non-empty category or section cannot be deleted', async () => {
    const category = await create<Category>(manager.client, '/api/v1/kb/categories', { nameEn: 'Billing & payments', nameFr: 'Facturation et paiements', icon: '💳' });
    expect(category).toMatchObject({ nameEn: 'Billing & payments', nameFr: 'Facturation et paiements', slug: 'billing-payments', icon: '💳' });
    const second = await create<Category>(manager.client, '/api/v1/kb/categories', { nameFr: 'Sécurité' });
    expect(second.slug).toBe('securite');
    expect(second.position).toBe(category.position + 1);
    const sameName = await create<Category>(manager.client, '/api/v1/kb/categories', { nameEn: 'Billing & payments' });
    expect(sameName.slug).toBe('billing-payments-2');
    const taken = await manager.client.post<ApiError>('/api/v1/kb/categories', { nameEn: 'Other', slug: 'securite' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('kb_slug_taken');

    const renamed = await manager.client.patch<Category>(`/api/v1/kb/categories/${category.id}`, { nameEn: 'Billing', position: 9, icon: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ nameEn: 'Billing', position: 9, icon: null, slug: 'billing-payments' });
    const listed = (await agent.client.get<{ data: Category[] }>('/api/v1/kb/categories')).body.data.map((item) => item.id);
    expect(listed.indexOf(second.id)).toBeLessThan(listed.indexOf(category.id));

    const section = await create<Section>(manager.client, '/api/v1/kb/sections', { categoryId: category.id, nameEn: 'Invoices', nameFr: 'Factures' });
    expect(section).toMatchObject({ categoryId: category.id, slug: 'invoices', position: 0 });
    const moved = await manager.client.patch<Section>(`/api/v1/kb/sections/${section.id}`, { categoryId: second.id });
    expect(moved.body.categoryId).toBe(second.id);
    expect((await agent.client.get<{ data: Section[] }>('/api/v1/kb/sections', { categoryId: second.id })).body.data.map((item) => item.id)).toEqual([section.id]);
    expect((await agent.client.get<{ data: Section[] }>('/api/v1/kb/sections', { categoryId: category.id })).body.data).toEqual([]);

    const article = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'Download an invoice', body: '1. Open **Billing**\n2. Choose *Download*' });
    expect(article).toMatchObject({ language: 'en', slug: 'download-an-invoice', status: 'draft', publishedAt: null, visibility: 'public', tags: [], version: 1, authorId: manager.userId, viewCount: 0 });

    const notEmptyCategory = await manager.client.delete<ApiError>(`/api/v1/kb/categories/${second.id}`);
    expect(notEmptyCategory.status).toBe(409);
    expect(notEmptyCategory.body.error.code).toBe('kb_category_not_empty');
    const notEmptySection = await manager.client.delete<ApiError>(`/api/v1/kb/sections/${section.id}`);
    expect(notEmptySection.status).toBe(409);
    expect(notEmptySection.body.error.code).toBe('kb_section_not_empty');

    const published = await manager.client.patch<Article>(`/api/v1/kb/articles/${article.id}`, { status: 'published', tags: ['billing', 'Invoices'] });
    expect(published.body).toMatchObject({ status: 'published', tags: ['billing', 'invoices'], version: 2 });
    expect(published.body.publishedAt).not.toBeNull();
    expect((await agent.client.get<Article>(`/api/v1/kb/articles/${article.id}`)).body.body).toBe('1. Open **Billing**\n2. Choose *Download*');

    expect((await manager.client.delete(`/api/v1/kb/articles/${article.id}`)).status).toBe(204);
    expect((await agent.client.get<ApiError>(`/api/v1/kb/articles/${article.id}`)).body.error.code).toBe('kb_article_not_found');
    expect((await manager.client.delete(`/api/v1/kb/sections/${section.id}`)).status).toBe(204);
    expect((await manager.client.delete(`/api/v1/kb/categories/${second.id}`)).status).toBe(204);
    const gone = await manager.client.patch<ApiError>(`/api/v1/kb/categories/${second.id}`, { nameEn: 'Back' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('kb_category_not_found');
  });

  it('agents read everything, drafts and internal articles included, but write nothing; reviewers and viewers see none of it', async () => {
    const section = await newSection();
    const draft = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'Internal escalation path', visibility: 'internal' });
    expect((await agent.client.get<Article>(`/api/v1/kb/articles/${draft.id}`)).body).toMatchObject({ status: 'draft', visibility: 'internal' });
    const listed = await agent.client.get<PageOf<Article>>('/api/v1/kb/articles', { sectionId: section.id });
    expect(listed.body.data.map((item) => item.id)).toEqual([draft.id]);

    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/kb/categories', { nameEn: 'Mine' }],
      ['PATCH', `/api/v1/kb/sections/${section.id}`, { nameEn: 'Mine' }],
      ['POST', '/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Mine' }],
      ['PATCH', `/api/v1/kb/articles/${draft.id}`, { title: 'Mine' }],
      ['DELETE', `/api/v1/kb/articles/${draft.id}`, undefined],
      ['POST', `/api/v1/kb/articles/${draft.id}/versions/1/restore`, undefined],
      ['PUT', '/api/v1/kb/synonyms', { groups: [] }],
    ];
    for (const [method, path, body] of writes) {
      const refused = await agent.client.request<ApiError>(method, path, { body });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    const admin = await workspace.admin.patch<Article>(`/api/v1/kb/articles/${draft.id}`, { title: 'Escalation path' });
    expect(admin.status).toBe(200);

    for (const role of ['reviewer', 'viewer'] as const) {
      const { client } = await workspace.addUser(role);
      expect((await client.get<ApiError>('/api/v1/kb/articles')).status).toBe(403);
      expect((await client.get<ApiError>('/api/v1/kb/search', { q: 'escalation' })).status).toBe(403);
    }
  });

  it('an article and its translation are linked, one article per language', async () => {
    const section = await newSection();
    const english = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'Change your email address', slug: 'change-email' });
    const french = await newArticle(manager.client, { sectionId: section.id, language: 'fr', title: 'Changer votre adresse courriel', slug: 'change-email', translationOf: english.id });
    expect(french.translationGroupId).toBe(english.translationGroupId);
    expect(french.slug).toBe('change-email');

    const ofEnglish = await agent.client.get<{ data: Article[] }>(`/api/v1/kb/articles/${english.id}/translations`);
    expect(ofEnglish.body.data.map((item) => [item.id, item.language])).toEqual([[french.id, 'fr']]);
    const ofFrench = await agent.client.get<{ data: Article[] }>(`/api/v1/kb/articles/${french.id}/translations`);
    expect(ofFrench.body.data.map((item) => item.id)).toEqual([english.id]);

    const secondFrench = await manager.client.post<ApiError>('/api/v1/kb/articles', { sectionId: section.id, language: 'fr', title: 'Autre traduction', translationOf: english.id });
    expect(secondFrench.status).toBe(409);
    expect(secondFrench.body.error.code).toBe('kb_translation_exists');
    const sameLanguage = await manager.client.post<ApiError>('/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Copy', translationOf: french.id });
    expect(sameLanguage.body.error.code).toBe('kb_translation_exists');

    const slugTaken = await manager.client.post<ApiError>('/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Another', slug: 'change-email' });
    expect(slugTaken.status).toBe(409);
    expect(slugTaken.body.error.code).toBe('kb_slug_taken');
    const derived = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'Change email' });
    expect(derived.slug).toBe('change-email-2');
    const renamedOnto = await manager.client.patch<ApiError>(`/api/v1/kb/articles/${derived.id}`, { slug: 'change-email' });
    expect(renamedOnto.body.error.code).toBe('kb_slug_taken');

    // Deleting one side leaves the other, unlinked.
    expect((await manager.client.delete(`/api/v1/kb/articles/${french.id}`)).status).toBe(204);
    expect((await agent.client.get<{ data: Article[] }>(`/api/v1/kb/articles/${english.id}/translations`)).body.data).toEqual([]);
    const again = await newArticle(manager.client, { sectionId: section.id, language: 'fr', title: 'Modifier votre courriel', translationOf: english.id });
    expect(again.translationGroupId).toBe(english.translationGroupId);
  });

  it('lists filter by section, language, status, visibility and tag, and page with a cursor', async () => {
    const section = await newSection();
    const made: Article[] = [];
    for (const [index, extra] of [
      { language: 'en', status: 'published', tags: ['vpn'] },
      { language: 'fr', status: 'published', tags: ['vpn', 'reseau'] },
      { language: 'en', status: 'draft', tags: [] },
      { language: 'en', status: 'published', visibility: 'internal', tags: ['vpn'] },
      { language: 'fr', status: 'draft', tags: ['reseau'] },
    ].entries()) {
      made.push(await newArticle(manager.client, { sectionId: section.id, title: `Listed article ${index}`, ...extra }));
    }
    const ids = async (query: Record<string, string>) => (await agent.client.get<PageOf<Article>>('/api/v1/kb/articles', { sectionId: section.id, ...query })).body.data.map((item) => item.id);
    const all = await ids({});
    // The most recently changed first (articles made in the same millisecond are ordered by id).
    expect([...all].sort()).toEqual(made.map((item) => item.id).sort());
    const only = (...indexes: number[]) => all.filter((id) => indexes.some((index) => made[index]!.id === id));
    expect(await ids({ language: 'fr' })).toEqual(only(1, 4));
    expect(await ids({ status: 'draft' })).toEqual(only(2, 4));
    expect(await ids({ visibility: 'internal' })).toEqual(only(3));
    expect(await ids({ tag: 'vpn', language: 'en' })).toEqual(only(0, 3));

    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await agent.client.get<PageOf<Article>>('/api/v1/kb/articles', { sectionId: section.id, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const forged = await agent.client.get<ApiError>('/api/v1/kb/articles', { cursor: 'bm90IGEgY3Vyc29y' });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0]?.path).toBe('cursor');
  });

  it('keeps a version for each change of content, shows a line diff against the one before, and restores one as a new version', async () => {
    const section = await newSection();
    const article = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'Set up two-factor sign-in', body: 'Open Settings.\nChoose Security.\nScan the code.', tags: ['security'] });
    await manager.client.patch(`/api/v1/kb/articles/${article.id}`, { body: 'Open Settings.\nChoose Security, then Two-factor.\nScan the code.\nEnter the six digits.' });
    const onlyVisibility = await manager.client.patch<Article>(`/api/v1/kb/articles/${article.id}`, { visibility: 'internal' });
    expect(onlyVisibility.body.version).toBe(2);
    const third = await workspace.admin.patch<Article>(`/api/v1/kb/articles/${article.id}`, { title: 'Turn on two-factor sign-in', tags: ['security', '2fa'], status: 'published' });
    expect(third.body.version).toBe(3);

    const versions = await agent.client.get<{ data: VersionSummary[] }>(`/api/v1/kb/articles/${article.id}/versions`);
    expect(versions.body.data.map((version) => [version.number, version.title, version.status, version.authorId])).toEqual([
      [3, 'Turn on two-factor sign-in', 'published', workspace.adminId],
      [2, 'Set up two-factor sign-in', 'draft', manager.userId],
      [1, 'Set up two-factor sign-in', 'draft', manager.userId],
    ]);

    const second = await agent.client.get<Version>(`/api/v1/kb/articles/${article.id}/versions/2`);
    expect(second.status).toBe(200);
    expect(second.body.diff).toEqual({
      previousNumber: 1,
      previousTitle: 'Set up two-factor sign-in',
      previousStatus: 'draft',
      tagsAdded: [],
      tagsRemoved: [],
      lines: [
        { kind: 'unchanged', text: 'Open Settings.' },
        { kind: 'removed', text: 'Choose Security.' },
        { kind: 'added', text: 'Choose Security, then Two-factor.' },
        { kind: 'unchanged', text: 'Scan the code.' },
        { kind: 'added', text: 'Enter the six digits.' },
      ],
    });
    const first = (await agent.client.get<Version>(`/api/v1/kb/articles/${article.id}/versions/1`)).body;
    expect(first.diff.previousNumber).toBeNull();
    expect(first.diff.tagsAdded).toEqual(['security']);
    expect(first.diff.lines.every((line) => line.kind === 'added')).toBe(true);
    expect((await agent.client.get<Version>(`/api/v1/kb/articles/${article.id}/versions/3`)).body.diff).toMatchObject({ previousTitle: 'Set up two-factor sign-in', previousStatus: 'draft', tagsAdded: ['2fa'] });

    const restored = await manager.client.post<Article>(`/api/v1/kb/articles/${article.id}/versions/1/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ title: 'Set up two-factor sign-in', body: 'Open Settings.\nChoose Security.\nScan the code.', tags: ['security'], status: 'published', visibility: 'internal', version: 4 });
    const fourth = (await agent.client.get<Version>(`/api/v1/kb/articles/${article.id}/versions/4`)).body;
    expect(fourth).toMatchObject({ restoredFrom: 1, authorId: manager.userId, status: 'published' });
    expect(fourth.diff.tagsRemoved).toEqual(['2fa']);

    const missing = await agent.client.get<ApiError>(`/api/v1/kb/articles/${article.id}/versions/99`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('kb_version_not_found');
    expect((await manager.client.post<ApiError>(`/api/v1/kb/articles/${article.id}/versions/0/restore`)).status).toBe(404);
  });

  describe('search', () => {
    let searcher: TestWorkspace;
    const titles: Record<string, Article> = {};
    const search = async (query: Record<string, string>, client?: SwitchboardClient) => {
      const answer = await (client ?? searcher.admin).get<{ data: SearchResult[] }>('/api/v1/kb/search', query);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.data;
    };
    const titlesFor = async (q: string, extra: Record<string, string> = {}) => (await search({ q, ...extra })).map((result) => result.title);

    beforeAll(async () => {
      // A workspace of its own, so that rankings depend only on these articles.
      searcher = await server.createWorkspace();
      const section = await newSection(searcher.admin);
      const articles: Array<Record<string, unknown>> = [
        { language: 'en', title: 'Reset your password', body: 'Open **Settings**, then *Security*, and choose [Reset password](https://help.example.test/reset).' },
        { language: 'en', title: 'Refund policy', body: 'We refund orders within 30 days. Fees & taxes are included.' },
        { language: 'en', title: 'Shipping times', body: 'Parcels arrive in five days. If a parcel is lost we send a new one or a refund.' },
        { language: 'en', title: 'Reimbursement of travel fees', body: 'Staff travel is paid back monthly.' },
        { language: 'en', title: 'Refund escalations', body: 'Escalate any refund above 500 dollars to a manager.', visibility: 'internal' },
        { language: 'en', title: 'Refund rules being written', body: 'Not ready.', status: 'draft' },
        { language: 'fr', title: 'Demander un remboursement', body: 'Les clients sont remboursés sous cinq jours ouvrables.' },
        { language: 'fr', title: 'Comment se faire rembourser', body: 'Nous pouvons rembourser votre commande.' },
        { language: 'fr', title: 'Sécurité du compte', body: 'Activez la double authentification pour protéger votre compte.' },
        { language: 'fr', title: 'Télécharger une facture', body: 'Ouvrez la page Facturation, puis téléchargez la facture du mois.' },
      ];
      for (const article of articles) {
        const created = await newArticle(searcher.admin, { sectionId: section.id, status: 'published', ...article });
        titles[created.title] = created;
      }
    });

    it('stems English and French words: "refunds" finds "refund", "remboursés" finds "rembourser"', async () => {
      expect(await titlesFor('refunds')).toEqual(expect.arrayContaining(['Refund policy', 'Shipping times']));
      expect(await titlesFor('remboursés')).toEqual(expect.arrayContaining(['Comment se faire rembourser', 'Demander un remboursement']));
      expect(await titlesFor('rembourser', { language: 'fr' })).toContain('Demander un remboursement');
    });

    it('ignores accents and case both ways', async () => {
      expect((await titlesFor('securite'))[0]).toBe('Sécurité du compte');
      expect((await titlesFor('SÉCURITÉ'))[0]).toBe('Sécurité du compte');
      expect(await titlesFor('telecharger facture')).toEqual(['Télécharger une facture']);
      // The words found are marked in the snippet however they were typed: with accents or without.
      const [invoice] = await search({ q: 'telechargez', language: 'fr' });
      expect(invoice?.snippet).toContain('<mark>téléchargez</mark>');
    });

    it('forgives typos in titles', async () => {
      expect((await titlesFor('pasword resett'))[0]).toBe('Reset your password');
      expect(await titlesFor('rembourcement')).toContain('Demander un remboursement');
      expect(await titlesFor('qwzxv')).toEqual([]);
    });

    it('answers any text, however odd, with results or none but never a fault', async () => {
      for (const q of ['"', '-', 'the', '()', "' OR 1=1 --", '100%', 'a', 'or or or', '"reset password"', 'password -reset', 'é'.repeat(200)]) {
        expect((await searcher.admin.get('/api/v1/kb/search', { q })).status, q).toBe(200);
      }
      expect(await titlesFor('"reset your password"')).toEqual(['Reset your password']);
      expect(await titlesFor('password -reset')).toEqual([]);
    });

    it('ranks a match in the title above one in the body, with snippets that mark the words found', async () => {
      const results = await search({ q: 'refund' });
      const order = results.map((result) => result.title);
      expect(order.indexOf('Refund policy')).toBeLessThan(order.indexOf('Shipping times'));
      expect(order.indexOf('Refund escalations')).toBeLessThan(order.indexOf('Shipping times'));
      expect(results.map((result) => result.score)).toEqual([...results.map((result) => result.score)].sort((a, b) => b - a));
      const policy = results.find((result) => result.title === 'Refund policy')!;
      expect(policy).toMatchObject({ id: titles['Refund policy']!.id, language: 'en', slug: 'refund-policy', visibility: 'public' });
      expect(policy.snippet).toContain('<mark>refund</mark>');
      expect(policy.snippet).toContain('Fees &amp; taxes');
      const password = (await search({ q: 'password' }))[0]!;
      // Markdown is left out of the snippet: the link's text stays, its address and the emphasis marks do not.
      expect(password.snippet).not.toMatch(/\*|https?:|\]\(/);
      expect(password.snippet).toContain('Settings');
    });

    it('leaves drafts out always, internal articles when asked, and other languages when one is given', async () => {
      expect(await titlesFor('refund')).not.toContain('Refund rules being written');
      expect(await titlesFor('refund')).toContain('Refund escalations');
      expect(await titlesFor('refund', { includeInternal: 'false' })).not.toContain('Refund escalations');
      expect(await titlesFor('refund', { language: 'fr' })).toEqual([]);
      expect((await search({ q: 'remboursement', language: 'fr' })).every((result) => result.language === 'fr')).toBe(true);
      expect(await titlesFor('refund', { limit: '1' })).toHaveLength(1);
    });

    it('expands the workspace’s synonyms, per language', async () => {
      expect(await titlesFor('refund')).not.toContain('Reimbursement of travel fees');
      expect(await titlesFor('reçu')).toEqual([]);
      const saved = await searcher.admin.put<{ groups: Array<{ language: string; terms: string[] }> }>('/api/v1/kb/synonyms', {
        groups: [
          { language: 'en', terms: ['Refund', 'reimbursement', 'money back', 'refund'] },
          { language: 'fr', terms: ['facture', 'reçu'] },
        ],
      });
      expect(saved.status).toBe(200);
      expect(saved.body.groups).toEqual([
        { language: 'en', terms: ['refund', 'reimbursement', 'money back'] },
        { language: 'fr', terms: ['facture', 'reçu'] },
      ]);
      expect((await searcher.admin.get<{ groups: unknown[] }>('/api/v1/kb/synonyms')).body.groups).toHaveLength(2);

      expect(await titlesFor('refunds')).toContain('Reimbursement of travel fees');
      expect(await titlesFor('money back')).toEqual(expect.arrayContaining(['Refund policy', 'Reimbursement of travel fees']));
      expect(await titlesFor('refund policy')).toEqual(['Refund policy']);
      expect(await titlesFor('reçu')).toEqual(['Télécharger une facture']);
      expect(await titlesFor('recu', { language: 'en' })).toEqual([]);

      const cleared = await searcher.admin.put<{ groups: unknown[] }>('/api/v1/kb/synonyms', { groups: [] });
      expect(cleared.body.groups).toEqual([]);
      expect(await titlesFor('refund')).not.toContain('Reimbursement of travel fees');
    });

    it('another workspace finds nothing of these, and cannot read or change them', async () => {
      expect((await search({ q: 'refund' }, other.admin)).length).toBe(0);
      const policy = titles['Refund policy']!;
      expect((await other.admin.get<ApiError>(`/api/v1/kb/articles/${policy.id}`)).status).toBe(404);
      expect((await other.admin.patch<ApiError>(`/api/v1/kb/articles/${policy.id}`, { title: 'Ours' })).status).toBe(404);
      expect((await other.admin.delete<ApiError>(`/api/v1/kb/articles/${policy.id}`)).status).toBe(404);
      expect((await other.admin.get<ApiError>(`/api/v1/kb/articles/${policy.id}/versions`)).status).toBe(404);
      expect((await other.admin.post<ApiError>(`/api/v1/kb/articles/${policy.id}/versions/1/restore`)).status).toBe(404);
      expect((await other.admin.post<ApiError>('/api/v1/kb/articles', { sectionId: policy.sectionId, language: 'en', title: 'Into theirs' })).body.error.details[0]?.path).toBe('sectionId');
      expect((await other.admin.post<ApiError>('/api/v1/kb/articles', { sectionId: (await newSection(other.admin)).id, language: 'fr', title: 'Traduction', translationOf: policy.id })).body.error.details[0]?.path).toBe('translationOf');
      expect((await other.admin.get<PageOf<Article>>('/api/v1/kb/articles')).body.data.map((item) => item.id)).not.toContain(policy.id);
    });

    it('counts views and helpful answers for the help center, within the article’s workspace', async () => {
      const { knowledgeBase } = server.services;
      const policy = titles['Refund policy']!;
      await knowledgeBase.recordView(searcher.workspaceId, policy.id);
      await knowledgeBase.recordView(searcher.workspaceId, policy.id);
      await knowledgeBase.recordFeedback(searcher.workspaceId, policy.id, true);
      await knowledgeBase.recordFeedback(searcher.workspaceId, policy.id, false);
      await knowledgeBase.recordFeedback(searcher.workspaceId, policy.id, true);
      expect((await searcher.admin.get<Article>(`/api/v1/kb/articles/${policy.id}`)).body).toMatchObject({ viewCount: 2, helpfulYes: 2, helpfulNo: 1 });
      await expect(knowledgeBase.recordView(other.workspaceId, policy.id)).rejects.toMatchObject({ code: 'kb_article_not_found' });
      await expect(knowledgeBase.recordFeedback(other.workspaceId, policy.id, true)).rejects.toBeInstanceOf(AppError);
      // Only the database's own search is for customers: internal articles stay out unless asked.
      expect((await knowledgeBase.search(searcher.workspaceId, { q: 'escalations', includeInternal: false, limit: 5 })).length).toBe(0);
    });
  });

  it('refuses bad input with a 4xx that names the field', async () => {
    const section = await newSection();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/api/v1/kb/categories', {}, 'nameEn'],
      ['/api/v1/kb/categories', { nameEn: ' ', nameFr: '' }, 'nameEn'],
      ['/api/v1/kb/categories', { nameEn: 'Bad slug', slug: 'Not a slug' }, 'slug'],
      ['/api/v1/kb/categories', { nameEn: 'Negative', position: -1 }, 'position'],
      ['/api/v1/kb/sections', { nameEn: 'No category' }, 'categoryId'],
      ['/api/v1/kb/sections', { nameEn: 'Unknown category', categoryId: '00000000-0000-4000-8000-000000000000' }, 'categoryId'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'en' }, 'title'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'de', title: 'German' }, 'language'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Bad status', status: 'archived' }, 'status'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Bad tag', tags: ['two words'] }, 'tags.0'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Unknown field', author: 'me' }, ''],
      ['/api/v1/kb/articles', { sectionId: '00000000-0000-4000-8000-000000000000', language: 'en', title: 'Nowhere' }, 'sectionId'],
      ['/api/v1/kb/articles', { sectionId: section.id, language: 'en', title: 'Orphan translation', translationOf: '00000000-0000-4000-8000-000000000000' }, 'translationOf'],
    ];
    for (const [path, body, field] of cases) {
      const answer = await manager.client.post<ApiError>(path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      // Schema problems are reported under `body.`; the rules checked afterwards name the field alone.
      expect(answer.body.error.details.map((detail) => detail.path?.replace(/^body\.?/, '')), JSON.stringify(body)).toContain(field);
    }
    const synonymCases: Array<[unknown, string]> = [
      [{ groups: [{ language: 'en', terms: ['alone'] }] }, 'body.groups.0.terms'],
      [{ groups: [{ language: 'en', terms: ['same', 'Same'] }] }, 'body.groups.0.terms'],
      [{ groups: [{ language: 'en', terms: ['refund', 'reimbursement'] }, { language: 'en', terms: ['payback', 'refund'] }] }, 'body.groups.1.terms.1'],
      [{ groups: [{ language: 'es', terms: ['uno', 'dos'] }] }, 'body.groups.0.language'],
    ];
    for (const [body, path] of synonymCases) {
      const answer = await manager.client.put<ApiError>('/api/v1/kb/synonyms', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.map((detail) => detail.path), JSON.stringify(body)).toContain(path);
    }
    // The same term in each language is two groups, not a conflict.
    expect((await manager.client.put('/api/v1/kb/synonyms', { groups: [{ language: 'en', terms: ['email', 'e-mail'] }, { language: 'fr', terms: ['email', 'courriel'] }] })).status).toBe(200);

    const article = await newArticle(manager.client, { sectionId: section.id, language: 'en', title: 'To empty' });
    expect((await manager.client.patch<ApiError>(`/api/v1/kb/articles/${article.id}`, { title: '' })).status).toBe(400);
    expect((await manager.client.patch<ApiError>(`/api/v1/kb/articles/${article.id}`, { language: 'fr' })).status).toBe(400);
    expect((await manager.client.patch<ApiError>(`/api/v1/kb/categories/${section.categoryId}`, { nameEn: '', nameFr: '' })).body.error.details[0]?.path).toBe('nameEn');
    expect((await agent.client.get<ApiError>('/api/v1/kb/search')).status).toBe(400);
    expect((await agent.client.get<ApiError>('/api/v1/kb/search', { q: 'x', limit: '500' })).status).toBe(400);
    // A malformed id names no resource, so it is not found, as everywhere in the API.
    expect((await agent.client.get<ApiError>('/api/v1/kb/articles/not-an-id')).status).toBe(404);
    expect((await agent.client.get<ApiError>(`/api/v1/kb/articles/${article.id}/versions/first`)).status).toBe(404);
  });

  it('rules: slugs, words compared for typos, and line diffs', () => {
    expect(slugify('  Réinitialiser votre mot de passe !  ')).toBe('reinitialiser-votre-mot-de-passe');
    expect(slugify('¿¡!?')).toBe('');
    expect(fuzzyWordsOf('how do I reset my pasword -billing')).toEqual(['reset', 'pasword']);
    expect(fuzzyWordsOf('vpn on')).toEqual(['vpn']);
    expect(excludedWordsOf('password -reset -"two factor" - -reset')).toEqual(['reset', 'two']);
    expect(diffBodyLines('', '')).toEqual([]);
    expect(diffBodyLines('a\r\nb', 'a\nc')).toEqual([
      { kind: 'unchanged', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'c' },
    ]);
  });
});
