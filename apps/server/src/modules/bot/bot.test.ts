import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { DEFAULT_BOT_LEXICONS } from './bot-lexicons.js';
import { detectLanguage, extractOf, findSensitiveTopic, foldText, isShouting } from './bot.text.js';

interface BotAnswer {
  answer: string;
  articleId: string | null;
  confidence: number;
  handoff: boolean;
  reason: string | null;
  language: 'en' | 'fr';
  conversationId: string;
}

const ARTICLES = [
  {
    key: 'password',
    en: { title: 'Reset your password', body: 'Forgot your password? You can reset it yourself.\n\n1. On the sign-in page, click **Forgot password?**\n2. Enter your email address and click **Send reset link**.\n3. Open the email and choose a new password.' },
    fr: { title: 'Réinitialiser votre mot de passe', body: 'Vous avez oublié votre mot de passe? Vous pouvez le réinitialiser vous-même.\n\n1. Sur la page de connexion, cliquez sur **Mot de passe oublié?**\n2. Entrez votre adresse courriel et cliquez sur **Envoyer le lien**.' },
  },
  { key: 'read-invoice', en: { title: 'Read your invoice', body: 'Each invoice lists your plan, your users and the taxes of the period.' } },
  { key: 'download-invoices', en: { title: 'Download your invoices', body: 'Every invoice is kept as a PDF: open Settings, then Billing, then Invoices.' } },
  { key: 'refunds', en: { title: 'Our refund policy', body: 'We refund any subscription charge from the last 30 days, and duplicate charges whatever their date.' } },
  { key: 'card-reader', en: { title: 'Connect your card reader', body: 'Card readers pair with the mobile app over Bluetooth. Hold the power button until the light blinks blue.' } },
] as const;

describe('the bot', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let agent: SwitchboardClient;
  const articleIds: Record<string, string> = {};

  const ask = (client: SwitchboardClient, body: Record<string, unknown>) => client.post<BotAnswer>('/api/v1/bot/ask', body);

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    agent = (await workspace.addUser('agent')).client;
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Help', nameFr: 'Aide' });
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Everything', nameFr: 'Tout' });
    for (const article of ARTICLES) {
      const english = await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId: section.body.id, language: 'en', status: 'published', ...article.en });
      expect(english.status).toBe(201);
      articleIds[article.key] = english.body.id;
      if ('fr' in article) {
        const french = await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId: section.body.id, language: 'fr', status: 'published', translationOf: english.body.id, ...article.fr });
        articleIds[`${article.key}-fr`] = french.body.id;
      }
    }
    // An internal article is never the bot's answer, however well it matches.
    await workspace.admin.post('/api/v1/kb/articles', { sectionId: section.body.id, language: 'en', status: 'published', visibility: 'internal', title: 'Bluetooth pairing codes for agents', body: 'Internal: pairing codes.' });
    await workspace.admin.post('/api/v1/customers', { name: 'Very Important', email: 'vip@customer.test', tier: 'vip' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers an English question with the article, its extract, its link and a confidence', async () => {
    const response = await ask(agent, { question: 'How do I reset my password?' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ articleId: articleIds.password, handoff: false, reason: null, language: 'en' });
    expect(response.body.confidence).toBeGreaterThanOrEqual(0.55);
    expect(response.body.confidence).toBeLessThanOrEqual(1);
    expect(response.body.answer).toContain('Reset your password');
    expect(response.body.answer).toContain('Forgot your password? You can reset it yourself.');
    expect(response.body.answer).toContain(`/help/${workspace.slug}/articles/reset-your-password`);
    expect(response.body.answer).not.toContain('**');
    expect(response.body.answer.endsWith('Did this help?')).toBe(true);
  });

  it('answers a French question in French, from the French article', async () => {
    const response = await ask(agent, { question: 'J’ai oublié mon mot de passe, comment le réinitialiser?' });
    expect(response.body).toMatchObject({ articleId: articleIds['password-fr'], handoff: false, language: 'fr' });
    expect(response.body.answer).toContain(`/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe`);
    expect(response.body.answer.endsWith('Est-ce que cela vous a aidé?')).toBe(true);
  });

  it('finds the article despite typos', async () => {
    const response = await ask(agent, { question: 'how to pair my crad reader with bluetoth', language: 'en' });
    expect(response.body).toMatchObject({ articleId: articleIds['card-reader'], handoff: false });
  });

  it('asks which article is meant when two fit as well', async () => {
    const response = await ask(agent, { question: 'invoice', language: 'en' });
    expect(response.body).toMatchObject({ articleId: null, handoff: false, reason: null });
    expect(response.body.confidence).toBeLessThan(0.55);
    expect(response.body.answer).toMatch(/Do you mean “(Read your invoice|Download your invoices)” or “(Read your invoice|Download your invoices)”\?/);
  });

  it('hands off to a person when asked in French', async () => {
    const response = await ask(agent, { question: 'Je veux parler à quelqu’un, SVP' });
    expect(response.body).toMatchObject({ handoff: true, reason: 'asked_for_human', articleId: null, language: 'fr' });
    expect(response.body.answer).toContain('membre de notre équipe');
  });

  it('hands off on swearing, Québec sacres included, and on shouting', async () => {
    for (const question of ['Tabarnak, mon mot de passe marche pas', 'this fucking password reset', 'WHY CAN I NOT RESET MY PASSWORD']) {
      expect((await ask(agent, { question })).body, question).toMatchObject({ handoff: true, reason: 'frustration', articleId: null });
    }
  });

  it('hands off on a run of discontent over the last messages, not on one word', async () => {
    const first = await ask(agent, { question: 'The card reader is still blinking', language: 'en' });
    expect(first.body.handoff).toBe(false);
    const second = await ask(agent, { question: 'It is still not working, this is useless', conversationId: first.body.conversationId });
    expect(second.body).toMatchObject({ handoff: true, reason: 'frustration' });
  });

  it('never answers a sensitive topic, even with an article that matches it', async () => {
    for (const question of ['I want to dispute this charge and get a refund', 'Mon compte a été piraté, comment changer mon mot de passe?', 'My lawyer will contact you about the refund']) {
      const response = await ask(agent, { question });
      expect(response.body, question).toMatchObject({ handoff: true, reason: 'sensitive_topic', articleId: null });
    }
  });

  it('hands a VIP customer to a person', async () => {
    const response = await ask(agent, { question: 'How do I reset my password?', customerEmail: 'VIP@customer.test' });
    expect(response.body).toMatchObject({ handoff: true, reason: 'vip', articleId: null });
  });

  it('says it found nothing, then hands off when it finds nothing a second time in a row', async () => {
    const first = await ask(agent, { question: 'Do you sell espresso machines?' });
    expect(first.body).toMatchObject({ handoff: false, articleId: null, reason: null });
    expect(first.body.answer).toContain('did not find an answer');
    const second = await ask(agent, { question: 'Espresso grinder prices?', conversationId: first.body.conversationId });
    expect(second.body).toMatchObject({ handoff: true, reason: 'no_answer', conversationId: first.body.conversationId });
    // Handed off, the conversation stays with the team.
    const third = await ask(agent, { question: 'How do I reset my password?', conversationId: first.body.conversationId });
    expect(third.body).toMatchObject({ handoff: true, reason: 'no_answer', articleId: null });
  });

  it('keeps a conversation: its id, its language, and its questions logged', async () => {
    const first = await ask(agent, { question: 'Comment réinitialiser mon mot de passe?' });
    const second = await ask(agent, { question: 'merci', conversationId: first.body.conversationId });
    expect(second.body.conversationId).toBe(first.body.conversationId);
    expect(second.body.language).toBe('fr');
    const questions = await server.services.bot.listQuestions(workspace.workspaceId, first.body.conversationId);
    expect(questions.map((row) => [row.question, row.outcome])).toEqual([
      ['Comment réinitialiser mon mot de passe?', 'answer'],
      ['merci', 'no_answer'],
    ]);
    expect(questions[0]!.articleId).toBe(articleIds['password-fr']);
  });

  it('refuses invalid input with 400', async () => {
    for (const body of [{}, { question: '   ' }, { question: 'hi', language: 'de' }, { question: 'hi', conversationId: 'not-a-uuid' }, { question: 42 }, { question: 'hi', extra: true }]) {
      const response = await agent.post<ApiError>('/api/v1/bot/ask', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });

  it('is for agents and up: reviewers and viewers are refused, and nobody without a credential', async () => {
    for (const role of ['reviewer', 'viewer'] as const) {
      const response = await ask((await workspace.addUser(role)).client, { question: 'How do I reset my password?' });
      expect(response.status).toBe(403);
    }
    expect((await ask((await workspace.addUser('manager')).client, { question: 'How do I reset my password?' })).status).toBe(200);
    expect((await ask(server.client, { question: 'How do I reset my password?' })).status).toBe(401);
  });

  it('keeps to its workspace: another workspace finds none of its articles nor its conversations', async () => {
    const mine = await ask(agent, { question: 'How do I reset my password?' });
    const theirs = await ask(other.admin, { question: 'How do I reset my password?' });
    expect(theirs.body).toMatchObject({ articleId: null, handoff: false });
    const borrowed = await other.admin.post<ApiError>('/api/v1/bot/ask', { question: 'hello', conversationId: mine.body.conversationId });
    expect(borrowed.status).toBe(404);
    expect(borrowed.body.error.code).toBe('bot_conversation_not_found');
  });
});

describe('the bot’s text rules', () => {
  const lexicons = DEFAULT_BOT_LEXICONS;

  it('tells English from French in short texts by their function words, else falls back', () => {
    expect(detectLanguage('How do I reset my password?', lexicons, 'fr')).toBe('en');
    expect(detectLanguage('chu pas capable de me connecter', lexicons, 'en')).toBe('fr');
    expect(detectLanguage('ma carte a pas passé', lexicons, 'en')).toBe('fr');
    expect(detectLanguage('2FA', lexicons, 'fr')).toBe('fr');
    expect(detectLanguage('Bonjour, je voudrais savoir comment télécharger toutes les factures de l’année dernière', lexicons, 'en')).toBe('fr');
  });

  it('reads topics accent- and case-insensitively, whole words only', () => {
    expect(findSensitiveTopic(foldText('Mon compte a été PIRATÉ'), lexicons)).toBe('account_security');
    expect(findSensitiveTopic(foldText('Je vais envoyer une MISE EN DEMEURE'), lexicons)).toBe('legal');
    expect(findSensitiveTopic(foldText('I have an issue with my invoice'), lexicons)).toBeUndefined();
    expect(isShouting('WHY IS THIS BROKEN')).toBe(true);
    expect(isShouting('API 429')).toBe(false);
  });

  it('extracts the first sentences or steps as plain text within 300 characters', () => {
    const extract = extractOf(`Intro sentence one. Intro two.\n\n![image](/x.png)\n\n1. Open **Settings → Billing**.\n2. Click [Update](https://example.com).\n3. ${'Long step '.repeat(40)}`);
    expect(extract).toBe('Intro sentence one. Intro two. 1. Open Settings → Billing. 2. Click Update.');
    expect(extractOf('word '.repeat(200)).length).toBeLessThanOrEqual(300);
  });
});
