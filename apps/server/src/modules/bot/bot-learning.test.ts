import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { draftBodyOf, groupFailedQuestions, titleOf } from './bot-learning.service.js';
import { botConversations, botQuestions } from './bot.tables.js';

interface LearningGroup {
  id: string;
  question: string;
  language: 'en' | 'fr';
  phrasings: string[];
  count: number;
  lastAskedAt: string;
  reasons: { noAnswer: number; clarify: number; lowConfidence: number; notHelpful: number };
  candidateArticle: { id: string; title: string; language: string } | null;
}
interface LearningPage {
  data: LearningGroup[];
  nextCursor: string | null;
}
interface Fix {
  id: string;
  kind: string;
  language: string;
  foldedQuestion: string;
  articleId: string | null;
}

const ARTICLES = [
  { key: 'password', language: 'en', title: 'Reset your password', body: 'Forgot your password? You can reset it yourself.\n\n1. On the sign-in page, click **Forgot password?**\n2. Enter your email address.' },
  { key: 'password-fr', language: 'fr', title: 'Réinitialiser votre mot de passe', body: 'Vous avez oublié votre mot de passe? Vous pouvez le réinitialiser vous-même.' },
  { key: 'refunds', language: 'en', title: 'Our refund policy', body: 'We refund any subscription charge from the last 30 days, and duplicate charges whatever their date.' },
  { key: 'read-invoice', language: 'en', title: 'Read your invoice', body: 'Each invoice lists your plan, your users and the taxes of the period.' },
  { key: 'download-invoices', language: 'en', title: 'Download your invoices', body: 'Every invoice is kept as a PDF: open Settings, then Billing, then Invoices.' },
  { key: 'coffee', language: 'en', title: 'Our coffee equipment range', body: 'Grinders, kettles and brewing gear for cafés, with a quote from our team.' },
  { key: 'coffee-fr', language: 'fr', title: 'Notre équipement pour cafés', body: 'Nous vendons des moulins, des bouilloires et du matériel pour les cafés.' },
] as const;

describe('the bot’s learning list', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let manager: SwitchboardClient;
  let sectionId: string;
  const articleIds: Record<string, string> = {};
  let internalArticleId: string;
  let draftArticleId: string;

  const ask = (question: string, options: { language?: 'en' | 'fr'; conversationId?: string } = {}) => server.services.bot.ask(workspace.workspaceId, { question, ...options });
  const list = async (client: SwitchboardClient = workspace.admin, query: Record<string, string> = {}) => {
    const response = await client.get<LearningPage>('/api/v1/bot/learning/questions', query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const groupOf = (page: LearningPage, question: string) => page.data.find((group) => group.phrasings.includes(question) || group.question === question);

  /** A conversation and its questions written as the bot would have, for outcomes a test needs exactly. */
  const writeConversation = async (workspaceId: string, rows: Array<{ question: string; outcome: string; reason?: string; confidence?: number; feedback?: string; articleId?: string; minutesAgo: number }>, conversation: { handedOffMinutesAgo?: number; reason?: string } = {}) => {
    const db = server.services.db;
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
    const [created] = await db
      .insert(botConversations)
      .values({ workspaceId, language: 'en', handedOffAt: conversation.handedOffMinutesAgo === undefined ? null : at(conversation.handedOffMinutesAgo), handoffReason: conversation.reason ?? null, createdAt: at(rows[0]!.minutesAgo) })
      .returning();
    for (const row of rows) {
      await db.insert(botQuestions).values({
        workspaceId,
        conversationId: created!.id,
        question: row.question,
        language: 'en',
        articleId: row.articleId ?? null,
        confidence: row.confidence ?? 0,
        outcome: row.outcome,
        reason: row.reason ?? null,
        feedback: row.feedback ?? null,
        createdAt: at(row.minutesAgo),
      });
    }
    return created!.id;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    manager = (await workspace.addUser('manager')).client;
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Help', nameFr: 'Aide' });
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Everything', nameFr: 'Tout' });
    sectionId = section.body.id;
    for (const article of ARTICLES) {
      const created = await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId, status: 'published', language: article.language, title: article.title, body: article.body });
      expect(created.status).toBe(201);
      articleIds[article.key] = created.body.id;
    }
    internalArticleId = (await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId, status: 'published', visibility: 'internal', language: 'en', title: 'Espresso machine notes for agents', body: 'Internal.' })).body.id;
    draftArticleId = (await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId, status: 'draft', language: 'en', title: 'Espresso machines (draft)', body: 'Soon.' })).body.id;

    // Three wordings of one question the knowledge base cannot answer, each in a conversation of its own.
    for (const question of ['Do you sell espresso machines?', 'do you sell ESPRESSO machines', 'Do you sell espresso machines???']) {
      expect((await ask(question, { language: 'en' })).articleId).toBeNull();
    }
    expect((await ask('Vendez-vous des machines à espresso?', { language: 'fr' })).articleId).toBeNull();
    // A clarifying question (two invoice articles fit as well), and a well answered one, never listed.
    expect((await ask('invoice', { language: 'en' })).articleId).toBeNull();
    expect((await ask('How do I reset my password?', { language: 'en' })).articleId).toBe(articleIds.password);
    // A weak answer, an answer the customer said did not help, and a handoff for want of an answer whose later
    // message (already with the team) is not one more unanswered question.
    await writeConversation(workspace.workspaceId, [{ question: 'Can I get money back for a double charge?', outcome: 'answer', confidence: 0.61, articleId: articleIds.refunds, minutesAgo: 50 }]);
    await writeConversation(workspace.workspaceId, [{ question: 'Where is my parcel?', outcome: 'answer', confidence: 0.9, feedback: 'not_helpful', articleId: articleIds['download-invoices'], minutesAgo: 40 }]);
    await writeConversation(
      workspace.workspaceId,
      [
        { question: 'Do you rent grinders?', outcome: 'no_answer', minutesAgo: 30 },
        { question: 'Grinder rental prices?', outcome: 'handoff', reason: 'no_answer', minutesAgo: 29 },
        { question: 'Hello? Grinder rental prices?', outcome: 'handoff', reason: 'no_answer', minutesAgo: 20 },
      ],
      { handedOffMinutesAgo: 29, reason: 'no_answer' },
    );
    await writeConversation(workspace.workspaceId, [{ question: 'I want to talk to a person', outcome: 'handoff', reason: 'asked_for_human', minutesAgo: 10 }], { handedOffMinutesAgo: 10, reason: 'asked_for_human' });
    // Old enough to be outside the default period of 30 days.
    await writeConversation(workspace.workspaceId, [{ question: 'Do you ship to Mars?', outcome: 'no_answer', minutesAgo: 40 * 24 * 60 }]);
    // Another workspace's unanswered question.
    await server.services.bot.ask(other.workspaceId, { question: 'Do you sell espresso machines?', language: 'en' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('groups the questions answered badly by their folded wording and language, most asked first, with why and the closest article', async () => {
    const page = await list();
    const espresso = groupOf(page, 'Do you sell espresso machines?')!;
    expect(espresso).toMatchObject({ language: 'en', count: 3, reasons: { noAnswer: 3, clarify: 0, lowConfidence: 0, notHelpful: 0 } });
    expect([...espresso.phrasings].sort()).toEqual(['Do you sell espresso machines???', 'Do you sell espresso machines?', 'do you sell ESPRESSO machines'].sort());
    expect(espresso.question).toBe('Do you sell espresso machines???');
    expect(page.data[0]!.id).toBe(espresso.id);
    // A search's best guess for a question it found nothing for is not offered as the fix.
    expect(espresso.candidateArticle).toBeNull();

    expect(groupOf(page, 'Vendez-vous des machines à espresso?')).toMatchObject({ language: 'fr', count: 1 });
    expect(groupOf(page, 'invoice')).toMatchObject({ count: 1, reasons: { clarify: 1 } });
    expect(groupOf(page, 'invoice')!.candidateArticle?.title).toMatch(/invoice/i);
    expect(groupOf(page, 'Can I get money back for a double charge?')).toMatchObject({ count: 1, reasons: { lowConfidence: 1 }, candidateArticle: { id: articleIds.refunds, title: 'Our refund policy' } });
    expect(groupOf(page, 'Where is my parcel?')).toMatchObject({ reasons: { notHelpful: 1 } });
    expect(groupOf(page, 'Grinder rental prices?')).toMatchObject({ count: 1, reasons: { noAnswer: 1 } });
    // Answered well, handed off for another reason, already with the team, or outside the period: not listed.
    for (const question of ['How do I reset my password?', 'I want to talk to a person', 'Hello? Grinder rental prices?', 'Do you ship to Mars?']) expect(groupOf(page, question), question).toBeUndefined();
  });

  it('filters by language and period, and pages with a cursor', async () => {
    const french = await list(workspace.admin, { language: 'fr' });
    expect(french.data.map((group) => group.question)).toEqual(['Vendez-vous des machines à espresso?']);
    const longer = await list(workspace.admin, { from: new Date(Date.now() - 60 * 86_400_000).toISOString() });
    expect(groupOf(longer, 'Do you ship to Mars?')).toMatchObject({ count: 1 });
    const recent = await list(workspace.admin, { from: new Date(Date.now() - 35 * 60_000).toISOString() });
    expect(groupOf(recent, 'Can I get money back for a double charge?')).toBeUndefined();
    expect(groupOf(recent, 'Do you rent grinders?')).toBeDefined();

    const everything = await list();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(workspace.admin, { limit: '2', ...(cursor && { cursor }) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((group) => group.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(everything.data.map((group) => group.id));
  });

  it('links a group to an article: it leaves the list, findLearnedArticleId returns the article, and the next identical question is answered with it', async () => {
    const espresso = groupOf(await list(), 'Do you sell espresso machines?')!;
    const linked = await manager.post<{ fix: Fix; article: { id: string; title: string } }>(`/api/v1/bot/learning/questions/${espresso.id}/link-article`, { articleId: articleIds.coffee });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.fix).toMatchObject({ kind: 'link_article', language: 'en', foldedQuestion: 'do you sell espresso machines', articleId: articleIds.coffee });
    expect(linked.body.article.title).toBe('Our coffee equipment range');
    expect(groupOf(await list(), 'Do you sell espresso machines?')).toBeUndefined();

    const learning = server.services.botLearning;
    expect(await learning.findLearnedArticleId(workspace.workspaceId, 'en', 'DO YOU SELL ESPRESSO MACHINES !')).toBe(articleIds.coffee);
    expect(await learning.findLearnedArticleId(workspace.workspaceId, 'fr', 'Do you sell espresso machines?')).toBeNull();
    expect(await learning.findLearnedArticleId(workspace.workspaceId, 'en', 'Do you sell espresso machines in Montréal?')).toBeNull();
    expect(await learning.findLearnedArticleId(other.workspaceId, 'en', 'Do you sell espresso machines?')).toBeNull();

    const next = await ask('Do you sell espresso machines?', { language: 'en' });
    expect(next).toMatchObject({ articleId: articleIds.coffee, handoff: false });
    expect(next.answer).toContain('Our coffee equipment range');
    // Answered now, the group stays off the list.
    expect(groupOf(await list(), 'Do you sell espresso machines?')).toBeUndefined();

    const audit = await workspace.admin.get<{ data: Array<{ action: string; actorId: string; targetId: string }> }>('/api/v1/audit-log', { action: 'bot.learning.link_article' });
    expect(audit.body.data).toEqual([expect.objectContaining({ action: 'bot.learning.link_article', targetId: espresso.id })]);

    // An article taken off the help center is no longer the learned answer.
    expect((await workspace.admin.patch(`/api/v1/kb/articles/${articleIds.coffee}`, { status: 'draft' })).status).toBe(200);
    expect(await learning.findLearnedArticleId(workspace.workspaceId, 'en', 'Do you sell espresso machines?')).toBeNull();
    expect((await workspace.admin.patch(`/api/v1/kb/articles/${articleIds.coffee}`, { status: 'published' })).status).toBe(200);
    expect(await learning.findLearnedArticleId(workspace.workspaceId, 'en', 'Do you sell espresso machines?')).toBe(articleIds.coffee);
  });

  it('drafts a new article in the question’s language, titled with it and listing the customers’ wordings', async () => {
    const french = groupOf(await list(), 'Vendez-vous des machines à espresso?')!;
    const drafted = await workspace.admin.post<{ fix: Fix; article: { id: string; title: string; language: string } }>(`/api/v1/bot/learning/questions/${french.id}/draft-article`, {});
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    expect(drafted.body.fix).toMatchObject({ kind: 'draft_article', language: 'fr', articleId: drafted.body.article.id });
    const article = await workspace.admin.get<{ status: string; language: string; title: string; body: string; sectionId: string; visibility: string; tags: string[] }>(`/api/v1/kb/articles/${drafted.body.article.id}`);
    expect(article.body).toMatchObject({ status: 'draft', language: 'fr', title: 'Vendez-vous des machines à espresso?', sectionId, visibility: 'public', tags: ['bot'] });
    expect(article.body.body).toContain('« Vendez-vous des machines à espresso? »');
    expect(article.body.body).toContain('## Réponse');
    expect(groupOf(await list(), 'Vendez-vous des machines à espresso?')).toBeUndefined();
    const audit = await workspace.admin.get<{ data: unknown[] }>('/api/v1/audit-log', { action: 'bot.learning.draft_article' });
    expect(audit.body.data).toHaveLength(1);
  });

  it('adds the customer’s words as synonyms of a term, to its group or a new one, and refuses a word of another group', async () => {
    const money = groupOf(await list(), 'Can I get money back for a double charge?')!;
    const added = await manager.post<{ fix: Fix; group: { language: string; terms: string[] } }>(`/api/v1/bot/learning/questions/${money.id}/add-synonym`, { term: 'Refund', words: ['money back', 'double charge'] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.group).toEqual({ language: 'en', terms: ['refund', 'money back', 'double charge'] });
    expect(added.body.fix).toMatchObject({ kind: 'add_synonym', articleId: null });
    let synonyms = await workspace.admin.get<{ groups: Array<{ language: string; terms: string[] }> }>('/api/v1/kb/synonyms');
    expect(synonyms.body.groups).toEqual([{ language: 'en', terms: ['refund', 'money back', 'double charge'] }]);
    expect(groupOf(await list(), 'Can I get money back for a double charge?')).toBeUndefined();

    // The same term again: its group grows rather than a second group starting.
    const parcel = groupOf(await list(), 'Where is my parcel?')!;
    const grown = await manager.post<{ group: { terms: string[] } }>(`/api/v1/bot/learning/questions/${parcel.id}/add-synonym`, { term: 'refund', words: ['reimbursement'] });
    expect(grown.body.group.terms).toEqual(['refund', 'money back', 'double charge', 'reimbursement']);
    synonyms = await workspace.admin.get('/api/v1/kb/synonyms');
    expect(synonyms.body.groups).toHaveLength(1);

    // A word of one group cannot join another: the search would merge them.
    const grinders = groupOf(await list(), 'Do you rent grinders?')!;
    const refused = await manager.post<ApiError>(`/api/v1/bot/learning/questions/${grinders.id}/add-synonym`, { term: 'grinder', words: ['money back'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.details[0]).toMatchObject({ path: 'words' });
    expect((await manager.post<ApiError>(`/api/v1/bot/learning/questions/${grinders.id}/add-synonym`, { term: 'grinder', words: ['grinder'] })).status).toBe(400);
    expect(groupOf(await list(), 'Do you rent grinders?')).toBeDefined();
  });

  it('dismisses a group until the bot fails on it again', async () => {
    const invoice = groupOf(await list(), 'invoice')!;
    const dismissed = await workspace.admin.post<{ fix: Fix }>(`/api/v1/bot/learning/questions/${invoice.id}/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.fix.kind).toBe('dismiss');
    expect(groupOf(await list(), 'invoice')).toBeUndefined();
    await ask('Invoice!', { language: 'en' });
    expect(groupOf(await list(), 'Invoice!')).toMatchObject({ count: 2, question: 'Invoice!' });
  });

  it('refuses bad input: 400 for malformed bodies and queries or an article the bot cannot answer with, 404 for unknown or malformed questions and unknown articles', async () => {
    const grinders = groupOf(await list(), 'Do you rent grinders?')!;
    const path = (action: string, id = grinders.id) => `/api/v1/bot/learning/questions/${id}/${action}`;
    // A path that cannot name a question names none.
    const malformedId = await workspace.admin.post<ApiError>(path('link-article', 'not-a-uuid'), { articleId: articleIds.coffee });
    expect(malformedId.status).toBe(404);
    expect(malformedId.body.error.code).toBe('not_found');
    for (const [url, body] of [
      [path('link-article'), {}],
      [path('link-article'), { articleId: 'nope' }],
      [path('link-article'), { articleId: articleIds.coffee, extra: true }],
      [path('add-synonym'), { term: 'grinder' }],
      [path('add-synonym'), { term: '', words: ['x'] }],
      [path('add-synonym'), { term: 'grinder', words: [] }],
      [path('draft-article'), { sectionId: 'nope' }],
    ] as const) {
      const response = await workspace.admin.post<ApiError>(url, body);
      expect(response.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    for (const [articleId, pattern] of [
      [internalArticleId, /published, public/],
      [draftArticleId, /published, public/],
      [articleIds['coffee-fr'], /question’s language/],
    ] as const) {
      const response = await workspace.admin.post<ApiError>(path('link-article'), { articleId });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0]!.message).toMatch(pattern);
    }
    const unknownQuestion = await workspace.admin.post<ApiError>(path('dismiss', '00000000-0000-4000-8000-000000000000'));
    expect(unknownQuestion.status).toBe(404);
    expect(unknownQuestion.body.error.code).toBe('bot_question_not_found');
    const unknownArticle = await workspace.admin.post<ApiError>(path('link-article'), { articleId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownArticle.status).toBe(404);
    expect(unknownArticle.body.error.code).toBe('kb_article_not_found');
    const unknownSection = await workspace.admin.post<ApiError>(path('draft-article'), { sectionId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownSection.status).toBe(400);
    for (const query of [{ from: 'yesterday' }, { language: 'de' }, { limit: '0' }, { cursor: 'garbage' }, { from: new Date().toISOString(), to: new Date(Date.now() - 86_400_000).toISOString() }, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }]) {
      const response = await workspace.admin.get<ApiError>('/api/v1/bot/learning/questions', query);
      expect(response.status, JSON.stringify(query)).toBe(400);
    }
    // Nothing of the above fixed the group.
    expect(groupOf(await list(), 'Do you rent grinders?')).toBeDefined();
  });

  it('is for admins and managers: agents, reviewers and viewers are refused, and nobody without a credential', async () => {
    const grinders = groupOf(await list(), 'Do you rent grinders?')!;
    for (const role of ['agent', 'reviewer', 'viewer'] as const) {
      const client = (await workspace.addUser(role)).client;
      expect((await client.get<ApiError>('/api/v1/bot/learning/questions')).status, role).toBe(403);
      const refused = await client.post<ApiError>(`/api/v1/bot/learning/questions/${grinders.id}/dismiss`);
      expect(refused.status, role).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect((await server.client.get('/api/v1/bot/learning/questions')).status).toBe(401);
    expect(groupOf(await list(manager), 'Do you rent grinders?')).toBeDefined();
  });

  it('keeps to its workspace: another workspace lists only its own questions and cannot fix these, nor link to their articles', async () => {
    const theirs = await list(other.admin);
    expect(theirs.data.map((group) => group.question)).toEqual(['Do you sell espresso machines?']);
    const grinders = groupOf(await list(), 'Do you rent grinders?')!;
    const borrowed = await other.admin.post<ApiError>(`/api/v1/bot/learning/questions/${grinders.id}/dismiss`);
    expect(borrowed.status).toBe(404);
    expect(borrowed.body.error.code).toBe('bot_question_not_found');
    const foreignArticle = await other.admin.post<ApiError>(`/api/v1/bot/learning/questions/${theirs.data[0]!.id}/link-article`, { articleId: articleIds.coffee });
    expect(foreignArticle.status).toBe(404);
    expect(groupOf(await list(), 'Do you rent grinders?')).toBeDefined();
    // Their draft goes nowhere: they have no section.
    const noSection = await other.admin.post<ApiError>(`/api/v1/bot/learning/questions/${theirs.data[0]!.id}/draft-article`, {});
    expect(noSection.status).toBe(400);
    expect(noSection.body.error.details[0]).toMatchObject({ path: 'sectionId' });
  });
});

describe('the learning list’s rules', () => {
  it('merges wordings that differ only by case, accents and punctuation, per language, and picks the most voted candidate', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
    const wording = (question: string, language: 'en' | 'fr', count: number, minute: number, candidateArticleId: string | null = null) => ({
      language,
      question,
      count,
      lastAskedAt: at(minute),
      latestQuestionId: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
      candidateArticleId,
      noAnswerCount: count,
      clarifyCount: 0,
      lowConfidenceCount: 0,
      notHelpfulCount: 0,
    });
    const groups = groupFailedQuestions([
      wording('Où est ma facture?', 'fr', 2, 1, 'a'),
      wording('ou est ma FACTURE', 'fr', 1, 5, 'b'),
      wording('Où est ma facture?', 'en', 1, 2),
      wording('?!', 'en', 4, 3),
    ]);
    expect(groups.map((group) => [group.language, group.foldedQuestion, group.count, group.question, group.candidateArticleId])).toEqual([
      ['fr', 'ou est ma facture', 3, 'ou est ma FACTURE', 'a'],
      ['en', 'ou est ma facture', 1, 'Où est ma facture?', null],
    ]);
  });

  it('titles a draft with the question’s first line, within 200 characters, and lists the wordings in its language', () => {
    expect(titleOf('  how do I export my data?\nthanks')).toBe('How do I export my data?');
    const long = titleOf(`why ${'very '.repeat(60)}slow`);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
    expect(draftBodyOf('en', ['Can I pay by cheque?'])).toContain('- “Can I pay by cheque?”');
    expect(draftBodyOf('fr', ['Puis-je payer par chèque?'])).toContain('- « Puis-je payer par chèque? »');
  });
});
