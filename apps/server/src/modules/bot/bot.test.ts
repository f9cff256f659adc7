import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { DEFAULT_BOT_LEXICONS } from './bot-lexicons.js';
import { emailOf, feedbackOf, isSkip, nameOf, orderNumberOf, taskOf, ticketNumberOf } from './bot-dialog.js';
import { detectLanguage, extractOf, findSensitiveTopic, foldText, isShouting } from './bot.text.js';

interface BotAnswer {
  answer: string;
  articleId: string | null;
  confidence: number;
  handoff: boolean;
  reason: string | null;
  language: 'en' | 'fr';
  conversationId: string;
  awaiting: string | null;
  handoffReady: boolean;
  ticketNumber: number | null;
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
    ]);
    expect(questions[0]!.articleId).toBe(articleIds['password-fr']);
    // "merci" after "did this help?" is a yes: the answer is marked helpful and the conversation resolved.
    expect(second.body.answer).toContain('Super');
    expect(questions[0]!.feedback).toBe('helpful');
  });

  it('hears a no after an answer: sorry once, and a person the second time', async () => {
    const first = await ask(agent, { question: 'How do I reset my password?' });
    expect(first.body.articleId).toBe(articleIds.password);
    const no = await ask(agent, { question: 'no', conversationId: first.body.conversationId });
    expect(no.body).toMatchObject({ handoff: false, articleId: null });
    expect(no.body.answer).toContain('Sorry');
    const again = await ask(agent, { question: 'How do I reset my password?', conversationId: first.body.conversationId });
    const stillNo = await ask(agent, { question: 'not really', conversationId: again.body.conversationId });
    expect(stillNo.body).toMatchObject({ handoff: true, reason: 'no_answer', awaiting: 'name' });
    const questions = await server.services.bot.listQuestions(workspace.workspaceId, first.body.conversationId);
    expect(questions.map((row) => row.feedback)).toEqual(['not_helpful', 'not_helpful']);
  });

  it('collects the handoff’s fields before a person takes over, asking again for what it cannot read', async () => {
    const handoff = await ask(agent, { question: 'I want to talk to a human' });
    expect(handoff.body).toMatchObject({ handoff: true, reason: 'asked_for_human', awaiting: 'name', handoffReady: false });
    expect(handoff.body.answer).toContain('what is your name?');
    const conversationId = handoff.body.conversationId;
    const name = await ask(agent, { question: 'My name is Ana Roy', conversationId });
    expect(name.body).toMatchObject({ handoff: true, reason: 'asked_for_human', awaiting: 'email' });
    const badEmail = await ask(agent, { question: 'ana at example', conversationId });
    expect(badEmail.body).toMatchObject({ awaiting: 'email', handoffReady: false });
    expect(badEmail.body.answer).toContain('does not look like an email');
    const email = await ask(agent, { question: 'ana.roy@example.com', conversationId });
    expect(email.body).toMatchObject({ handoff: true, awaiting: null, handoffReady: true, reason: 'asked_for_human' });
    expect(email.body.answer).toContain('Thank you, Ana Roy');
    const { note, fields } = await server.services.bot.handoffNoteOf(workspace.workspaceId, conversationId);
    expect(fields).toEqual({ name: 'Ana Roy', email: 'ana.roy@example.com' });
    expect(note).toContain('Reason: asked for a person');
    expect(note).toContain('Name: Ana Roy');
    expect(note).toContain('Email: ana.roy@example.com');
    expect(note).toContain('Customer (');
    expect(note).toContain('I want to talk to a human');
    // Names and emails are not questions: only the first message is logged for the insights.
    expect((await server.services.bot.listQuestions(workspace.workspaceId, conversationId)).map((row) => row.question)).toEqual(['I want to talk to a human']);
  });

  it('follows the persona: tone, greeting, fallback, handoff fields and sensitive topics, for managers only', async () => {
    expect((await agent.get('/api/v1/bot/settings')).status).toBe(403);
    const defaults = await workspace.admin.get<{ tone: string; handoffFields: string[] }>('/api/v1/bot/settings');
    expect(defaults.body).toMatchObject({ tone: 'friendly', handoffFields: ['name', 'email'], isEnabled: false });
    for (const body of [{ tone: 'rude' }, { handoffFields: ['shoe_size'] }, { handoffFields: ['name', 'name'] }, { greeting: { en: 'hi' } }, { unknown: 1 }]) {
      const refused = await workspace.admin.patch<ApiError>('/api/v1/bot/settings', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const saved = await other.admin.patch<{ tone: string }>('/api/v1/bot/settings', {
      tone: 'formal',
      fallback: { en: 'We could not find that. Try the help center.', fr: '' },
      handoffFields: ['email', 'order_number'],
      sensitiveTopics: ['legal'],
    });
    expect(saved.status).toBe(200);
    expect((await server.services.bot.getPublicPersona(other.workspaceId)).greeting.fr).toContain('Comment puis-je vous aider');
    const miss = await ask(other.admin, { question: 'Do you sell espresso machines?' });
    expect(miss.body.answer).toBe('We could not find that. Try the help center.');
    // Billing disputes are no longer sensitive for this workspace; legal still is.
    const dispute = await ask(other.admin, { question: 'I want to dispute a charge' });
    expect(dispute.body.reason).not.toBe('sensitive_topic');
    const legal = await ask(other.admin, { question: 'My lawyer will contact you' });
    expect(legal.body).toMatchObject({ handoff: true, reason: 'sensitive_topic', awaiting: 'email' });
    const email = await ask(other.admin, { question: 'jo@example.com', conversationId: legal.body.conversationId });
    expect(email.body).toMatchObject({ awaiting: 'order_number' });
    const skipped = await ask(other.admin, { question: 'skip', conversationId: legal.body.conversationId });
    expect(skipped.body).toMatchObject({ handoffReady: true });
    expect((await server.services.bot.handoffNoteOf(other.workspaceId, legal.body.conversationId)).note).toContain('Order number: none');
  });

  it('opens a ticket with the customer’s words and its note for the team, and tells a ticket’s status by number and email', async () => {
    const asked = await ask(agent, { question: 'Je voudrais ouvrir un billet' });
    expect(asked.body).toMatchObject({ handoff: false, awaiting: 'name', language: 'fr' });
    const conversationId = asked.body.conversationId;
    await ask(agent, { question: 'Je m’appelle Chloé Tremblay', conversationId });
    await ask(agent, { question: 'chloe@example.com', conversationId });
    const created = await ask(agent, { question: 'Mon lecteur de cartes ne se connecte plus depuis la mise à jour.', conversationId });
    expect(created.body.ticketNumber).toEqual(expect.any(Number));
    expect(created.body.answer).toContain(`billet #${created.body.ticketNumber}`);
    const ticket = await workspace.admin.get<{ id: string; subject: string; channel: string; language: string }>(`/api/v1/tickets/${created.body.ticketNumber}`);
    expect(ticket.body).toMatchObject({ subject: 'Mon lecteur de cartes ne se connecte plus depuis la mise à jour.', channel: 'api', language: 'fr' });
    const comments = await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean }> }>(`/api/v1/tickets/${ticket.body.id}/comments`);
    const note = comments.body.data.find((comment) => !comment.isPublic);
    expect(note?.body).toContain('Ticket opened by the bot');
    expect(note?.body).toContain('Name: Chloé Tremblay');

    const status = await ask(agent, { question: `What is the status of ticket #${created.body.ticketNumber}?` });
    expect(status.body).toMatchObject({ awaiting: 'email', handoff: false });
    const told = await ask(agent, { question: 'CHLOE@example.com', conversationId: status.body.conversationId });
    expect(told.body).toMatchObject({ ticketNumber: created.body.ticketNumber, awaiting: null });
    expect(told.body.answer).toMatch(new RegExp(`Ticket #${created.body.ticketNumber} .* is received`));
    // Someone else's email gets the same answer as a wrong number: nothing is said of the ticket.
    const wrong = await ask(agent, { question: `status of ticket #${created.body.ticketNumber}`, customerEmail: 'someone@else.test' });
    expect(wrong.body).toMatchObject({ ticketNumber: null });
    expect(wrong.body.answer).toContain('found no ticket');
  });

  it('takes a message outside business hours: the handoff becomes a ticket answered by email', async () => {
    const first = await server.services.bot.ask(workspace.workspaceId, { question: 'I need to speak to someone' }, { channel: 'chat', isTeamAvailable: false, known: { name: 'Sam Lee' } });
    expect(first).toMatchObject({ handoff: true, awaiting: 'email' });
    expect(first.answer).toContain('Our team is away right now');
    const done = await server.services.bot.ask(workspace.workspaceId, { question: 'sam@example.com', conversationId: first.conversationId }, { channel: 'chat', isTeamAvailable: false, known: { name: 'Sam Lee' } });
    expect(done).toMatchObject({ handoff: true, handoffReady: false, ticketNumber: expect.any(Number) });
    expect(done.answer).toContain('we will answer you at sam@example.com');
    const ticket = await workspace.admin.get<{ channel: string; tags: string[] }>(`/api/v1/tickets/${done.ticketNumber}`);
    expect(ticket.body).toMatchObject({ channel: 'web', tags: ['bot-after-hours'] });
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

describe('the bot’s dialog rules', () => {
  it('reads a short yes or no after “did this help?”, and anything longer as a new question', () => {
    for (const text of ['yes', 'Yes thanks!', 'merci', 'Parfait, merci', 'ça marche']) expect(feedbackOf(text), text).toBe('yes');
    for (const text of ['no', 'Not really, thanks', 'non', 'pas vraiment', 'c’est pas ça']) expect(feedbackOf(text), text).toBe('no');
    expect(feedbackOf('no, how do I change my shipping address then?')).toBeUndefined();
  });

  it('recognises its tasks, and reads names, emails, order and ticket numbers', () => {
    expect(taskOf('Can you open a ticket for me?')).toBe('create_ticket');
    expect(taskOf('je veux créer une demande')).toBe('create_ticket');
    expect(taskOf('Any news on ticket #1042?')).toBe('ticket_status');
    expect(taskOf('Où en est ma demande 1042?')).toBe('ticket_status');
    expect(taskOf('How do I reset my password?')).toBeUndefined();
    expect(ticketNumberOf('ticket #1042 please')).toBe('1042');
    expect(nameOf('My name is Ana Roy.')).toBe('Ana Roy');
    expect(nameOf('I’m Ana')).toBe('Ana');
    expect(nameOf('je m’appelle Chloé')).toBe('Chloé');
    expect(nameOf('ana@example.com')).toBeUndefined();
    expect(emailOf('it is Ana.Roy@Example.com.')).toBe('ana.roy@example.com');
    expect(emailOf('ana at example')).toBeUndefined();
    expect(orderNumberOf('order SB-10234')).toBe('SB-10234');
    expect(orderNumberOf('I have no idea')).toBeUndefined();
    expect(isSkip('skip')).toBe(true);
    expect(isSkip('je n’en ai pas')).toBe(true);
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
