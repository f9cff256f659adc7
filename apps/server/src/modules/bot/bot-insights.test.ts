import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import type { TAnalyticsExperience } from '../analytics/analytics-experience.schema.js';
import { daysOf } from './bot-insights.service.js';
import { botConversations, botQuestions } from './bot.tables.js';

interface Insights {
  period: { from: string; to: string; timeZone: string };
  totals: {
    conversations: number;
    questions: number;
    answered: number;
    answerRate: number;
    resolvedWithoutHandoff: number;
    resolvedRate: number;
    confirmedResolved: number;
    handoffs: number;
    handoffRate: number;
  };
  handoffsByReason: Array<{ reason: string; count: number; rate: number }>;
  daily: Array<{ date: string; conversations: number; questions: number; answered: number; handoffs: number }>;
  popularTopics: Array<{ articleId: string; title: string; language: string; category: { id: string; nameEn: string; nameFr: string } | null; count: number }>;
  failedQueries: Array<{ question: string; language: string; count: number; lastAskedAt: string }>;
}

type Channel = 'api' | 'chat' | 'messaging';
interface QuestionRow {
  question: string;
  outcome: 'answer' | 'clarify' | 'no_answer' | 'handoff';
  reason?: string;
  article?: 'password' | 'refunds';
  at: string;
}

/** Three days of Toronto time (EDT, UTC−4): 5, 6 and 7 October 2026. */
const PERIOD = { from: '2026-10-05T04:00:00.000Z', to: '2026-10-08T04:00:00.000Z' };

describe('the bot’s analytics', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let categoryId: string;
  const articleIds = {} as Record<'password' | 'refunds', string>;

  const insights = async (query: Record<string, string> = {}, client = workspace.admin) => {
    const response = await client.get<Insights>('/api/v1/bot/insights', query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  /** A conversation as the bot records it, at set times, for figures a test can count exactly. */
  const writeConversation = async (conversation: { language: 'en' | 'fr'; channel: Channel; handoffReason?: string; isConfirmed?: boolean }, questions: QuestionRow[]) => {
    const db = server.services.db;
    const last = questions.at(-1)!;
    const [created] = await db
      .insert(botConversations)
      .values({
        workspaceId: workspace.workspaceId,
        language: conversation.language,
        channel: conversation.channel,
        createdAt: new Date(questions[0]!.at),
        handedOffAt: conversation.handoffReason ? new Date(last.at) : null,
        handoffReason: conversation.handoffReason ?? null,
        resolvedAt: conversation.isConfirmed ? new Date(last.at) : null,
      })
      .returning();
    for (const row of questions) {
      await db.insert(botQuestions).values({
        workspaceId: workspace.workspaceId,
        conversationId: created!.id,
        question: row.question,
        language: conversation.language,
        articleId: row.article ? articleIds[row.article] : null,
        confidence: row.outcome === 'answer' ? 0.9 : 0.1,
        outcome: row.outcome,
        reason: row.reason ?? null,
        createdAt: new Date(row.at),
      });
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    expect((await workspace.admin.patch('/api/v1/workspace', { timeZone: 'America/Toronto' })).status).toBe(200);
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Account', nameFr: 'Compte' });
    categoryId = category.body.id;
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId, nameEn: 'Sign-in', nameFr: 'Connexion' });
    for (const [key, title, body] of [
      ['password', 'Reset your password', 'Forgot your password? You can reset it yourself from the sign-in page.'],
      ['refunds', 'Our refund policy', 'We refund any subscription charge from the last 30 days.'],
    ] as const) {
      articleIds[key] = (await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId: section.body.id, language: 'en', status: 'published', title, body })).body.id;
    }

    // Answered, and the customer said it helped.
    await writeConversation({ language: 'en', channel: 'chat', isConfirmed: true }, [{ question: 'How do I reset my password?', outcome: 'answer', article: 'password', at: '2026-10-05T12:00:00Z' }]);
    // Answered, then a question with no answer: still resolved without a person. 23:30 in Toronto on the 5th.
    await writeConversation({ language: 'en', channel: 'api' }, [
      { question: 'Forgot my password', outcome: 'answer', article: 'password', at: '2026-10-06T03:30:00Z' },
      { question: 'Do you sell espresso machines?', outcome: 'no_answer', at: '2026-10-06T03:31:00Z' },
    ]);
    // Nothing found twice, in French: handed off for want of an answer.
    await writeConversation({ language: 'fr', channel: 'chat', handoffReason: 'no_answer' }, [
      { question: 'Vendez-vous des machines à espresso?', outcome: 'no_answer', at: '2026-10-06T15:00:00Z' },
      { question: 'Machines à espresso?', outcome: 'handoff', reason: 'no_answer', at: '2026-10-06T15:01:00Z' },
    ]);
    await writeConversation({ language: 'en', channel: 'messaging', handoffReason: 'asked_for_human' }, [{ question: 'I want a person', outcome: 'handoff', reason: 'asked_for_human', at: '2026-10-07T15:00:00Z' }]);
    await writeConversation({ language: 'en', channel: 'chat' }, [
      { question: 'refund?', outcome: 'answer', article: 'refunds', at: '2026-10-07T16:00:00Z' },
      { question: 'do you sell espresso machines!!', outcome: 'no_answer', at: '2026-10-07T16:05:00Z' },
    ]);
    // Outside the period, on either side.
    await writeConversation({ language: 'en', channel: 'chat' }, [{ question: 'refund policy', outcome: 'answer', article: 'refunds', at: '2026-10-08T12:00:00Z' }]);
    await writeConversation({ language: 'en', channel: 'chat' }, [{ question: 'password', outcome: 'answer', article: 'password', at: '2026-10-05T03:59:00Z' }]);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('counts a period’s conversations, questions, answers, resolutions without a person and handoffs by reason', async () => {
    const answer = await insights(PERIOD);
    expect(answer.period).toEqual({ ...PERIOD, timeZone: 'America/Toronto' });
    expect(answer.totals).toEqual({
      conversations: 5,
      questions: 8,
      answered: 3,
      answerRate: 0.375,
      resolvedWithoutHandoff: 3,
      resolvedRate: 0.6,
      confirmedResolved: 1,
      handoffs: 2,
      handoffRate: 0.4,
    });
    expect(answer.handoffsByReason.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { reason: 'no_answer', count: 1, rate: 0.2 },
        { reason: 'asked_for_human', count: 1, rate: 0.2 },
      ]),
    );
    expect(answer.handoffsByReason.map((row) => row.reason).sort()).toEqual(['asked_for_human', 'frustration', 'no_answer', 'sensitive_topic', 'vip']);
    expect(answer.handoffsByReason.slice(2).every((row) => row.count === 0)).toBe(true);
  });

  it('gives a daily series in the workspace’s time zone, every day of the period included', async () => {
    const { daily } = await insights(PERIOD);
    expect(daily).toEqual([
      { date: '2026-10-05', conversations: 2, questions: 3, answered: 2, handoffs: 0 },
      { date: '2026-10-06', conversations: 1, questions: 2, answered: 0, handoffs: 1 },
      { date: '2026-10-07', conversations: 2, questions: 3, answered: 1, handoffs: 1 },
    ]);
    const week = await insights({ from: '2026-10-01T04:00:00Z', to: '2026-10-15T04:00:00Z' });
    expect(week.daily).toHaveLength(14);
    expect(week.daily.find((day) => day.date === '2026-10-04')).toMatchObject({ conversations: 1, answered: 1 });
    expect(week.daily.find((day) => day.date === '2026-10-10')).toEqual({ date: '2026-10-10', conversations: 0, questions: 0, answered: 0, handoffs: 0 });
  });

  it('names the articles answered with most, with their category, and the questions most often left unanswered, wordings folded together', async () => {
    const answer = await insights(PERIOD);
    expect(answer.popularTopics).toEqual([
      { articleId: articleIds.password, title: 'Reset your password', language: 'en', category: { id: categoryId, nameEn: 'Account', nameFr: 'Compte' }, count: 2 },
      { articleId: articleIds.refunds, title: 'Our refund policy', language: 'en', category: { id: categoryId, nameEn: 'Account', nameFr: 'Compte' }, count: 1 },
    ]);
    expect(answer.failedQueries[0]).toEqual({ question: 'do you sell espresso machines!!', language: 'en', count: 2, lastAskedAt: '2026-10-07T16:05:00.000Z' });
    expect(answer.failedQueries.slice(1).map((query) => [query.question, query.language, query.count]).sort()).toEqual([
      ['Machines à espresso?', 'fr', 1],
      ['Vendez-vous des machines à espresso?', 'fr', 1],
    ]);
  });

  it('narrows to a language or a channel', async () => {
    const french = await insights({ ...PERIOD, language: 'fr' });
    expect(french.totals).toMatchObject({ conversations: 1, questions: 2, answered: 0, resolvedWithoutHandoff: 0, handoffs: 1, handoffRate: 1 });
    expect(french.popularTopics).toEqual([]);
    expect(french.failedQueries.map((query) => query.language)).toEqual(['fr', 'fr']);

    const chat = await insights({ ...PERIOD, channel: 'chat' });
    expect(chat.totals).toMatchObject({ conversations: 3, questions: 5, answered: 2, resolvedWithoutHandoff: 2, confirmedResolved: 1, handoffs: 1 });
    expect(chat.failedQueries.find((query) => query.language === 'en')).toMatchObject({ question: 'do you sell espresso machines!!', count: 1 });
    const messaging = await insights({ ...PERIOD, channel: 'messaging' });
    expect(messaging.totals).toMatchObject({ conversations: 1, questions: 1, answered: 0, handoffs: 1 });
    expect(messaging.handoffsByReason[0]).toEqual({ reason: 'asked_for_human', count: 1, rate: 1 });
  });

  it('defaults to the last 30 days, up to now, and counts what the bot is asked through its service', async () => {
    const before = await insights();
    const asked = await server.services.bot.ask(workspace.workspaceId, { question: 'How do I reset my password?', language: 'en' });
    expect(asked.articleId).toBe(articleIds.password);
    const after = await insights();
    expect(after.totals.conversations).toBe(before.totals.conversations + 1);
    expect(after.totals.answered).toBe(before.totals.answered + 1);
    expect(Date.now() - new Date(after.period.to).getTime()).toBeLessThan(60_000);
    expect(new Date(after.period.to).getTime() - new Date(after.period.from).getTime()).toBe(30 * 86_400_000);
    expect(after.daily.length).toBeGreaterThanOrEqual(30);
    expect(after.daily.at(-1)!.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date()));
    expect(after.daily.at(-1)!.answered).toBeGreaterThanOrEqual(1);
    expect(after.popularTopics[0]).toMatchObject({ articleId: articleIds.password });
  });

  it('keeps to its workspace', async () => {
    const theirs = await insights(PERIOD, other.admin);
    expect(theirs.totals).toMatchObject({ conversations: 0, questions: 0, answered: 0, answerRate: 0, handoffs: 0, handoffRate: 0 });
    expect(theirs.popularTopics).toEqual([]);
    expect(theirs.failedQueries).toEqual([]);
    expect(theirs.period.timeZone).toBe('UTC');
  });

  it('shows beside satisfaction and NPS in the analytics experience figures, narrowed by language, and not to agents', async () => {
    const all = (await workspace.admin.get<TAnalyticsExperience>('/api/v1/analytics/experience', PERIOD)).body;
    expect(all.bot).toEqual({ conversations: 5, questions: 8, answerRate: 0.375, resolvedWithoutHandoff: 3, resolvedRate: 0.6, handoffs: 2, handoffRate: 0.4 });
    expect(all.nps).toMatchObject({ sent: 0, score: null, responseRate: null });
    expect(all.sources).toEqual(expect.arrayContaining(['bot_conversations', 'nps_surveys']));
    const french = (await workspace.admin.get<TAnalyticsExperience>('/api/v1/analytics/experience', { ...PERIOD, language: 'fr' })).body;
    expect(french.bot).toEqual({ conversations: 1, questions: 2, answerRate: 0, resolvedWithoutHandoff: 0, resolvedRate: 0, handoffs: 1, handoffRate: 1 });
    const agent = (await (await workspace.addUser('agent')).client.get<TAnalyticsExperience>('/api/v1/analytics/experience', PERIOD)).body;
    expect(agent).toMatchObject({ bot: null, nps: null, satisfaction: { scope: { kind: 'self' }, csatResponses: 0, surveyResponseRate: null } });
    expect((await (await workspace.addUser('viewer')).client.get('/api/v1/analytics/experience', PERIOD)).status).toBe(403);
  });

  it('is for admins and managers, and refuses a bad period, language or channel with 400', async () => {
    expect((await insights(PERIOD, (await workspace.addUser('manager')).client)).totals.conversations).toBe(5);
    for (const role of ['agent', 'reviewer', 'viewer'] as const) {
      const response = await (await workspace.addUser(role)).client.get<ApiError>('/api/v1/bot/insights');
      expect(response.status, role).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect((await server.client.get('/api/v1/bot/insights')).status).toBe(401);
    for (const query of [{ from: 'last week' }, { to: '2026-13-01T00:00:00Z' }, { from: PERIOD.to, to: PERIOD.from }, { from: PERIOD.from, to: PERIOD.from }, { from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }, { channel: 'email' }, { language: 'de' }]) {
      const response = await workspace.admin.get<ApiError>('/api/v1/bot/insights', query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });
});

describe('the analytics’ days', () => {
  it('lists every day of the time zone a period touches, across a change of clocks', () => {
    expect(daysOf(new Date('2026-11-01T04:00:00Z'), new Date('2026-11-03T05:00:00Z'), 'America/Toronto')).toEqual(['2026-11-01', '2026-11-02']);
    expect(daysOf(new Date('2026-11-01T04:00:00Z'), new Date('2026-11-03T05:00:01Z'), 'America/Toronto')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(daysOf(new Date('2026-11-01T23:00:00Z'), new Date('2026-11-02T01:00:00Z'), 'UTC')).toEqual(['2026-11-01', '2026-11-02']);
  });
});
