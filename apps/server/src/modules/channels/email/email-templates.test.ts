import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, PageOf, Ticket } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';

interface TemplateLanguage {
  subject: string;
  body: string;
  isCustomised: boolean;
}
interface EmailTemplate {
  kind: string;
  variables: string[];
  en: TemplateLanguage;
  fr: TemplateLanguage;
}
interface Rendered {
  subject: string;
  text: string;
  html: string;
}
interface Preview {
  kind: string;
  en: Rendered;
  fr: Rendered;
}

describe('email templates and outgoing mail settings', () => {
  let server: TestServer;
  let workspace: TestWorkspace;

  beforeAll(async () => {
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterAll(() => server?.close());

  it('lists every kind with its built-in wording in English and French, and the variables it may use', async () => {
    const answer = await workspace.admin.get<{ data: EmailTemplate[] }>('/api/v1/email/templates');
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((template) => template.kind)).toEqual(['reply', 'auto_acknowledgement', 'auto_acknowledgement_outside_hours', 'resolved', 'chat_transcript', 'nps_survey']);
    const transcript = (await workspace.admin.get<EmailTemplate>('/api/v1/email/templates/chat_transcript')).body;
    expect(transcript.variables).toContain('transcript.body');
    expect(transcript.fr.body).toContain('{{transcript.body}}');
    const resolved = (await workspace.admin.get<EmailTemplate>('/api/v1/email/templates/resolved')).body;
    expect(resolved.variables).toContain('satisfaction.url');
    expect(resolved.en).toMatchObject({ subject: 'Re: {{ticket.subject}} [#{{ticket.number}}]', isCustomised: false });
    expect(resolved.fr.body).toContain('a été marquée comme résolue');
    // A kind that does not exist is a resource that does not exist.
    expect((await workspace.admin.get<ApiError>('/api/v1/email/templates/newsletter')).status).toBe(404);
  });

  it('saves an admin\'s wording per language, previews both languages (drafts too), and restores the built-in wording', async () => {
    const saved = await workspace.admin.put<EmailTemplate>('/api/v1/email/templates/auto_acknowledgement', {
      en: { subject: 'We got it: {{ticket.subject}} [#{{ticket.number}}]', body: 'Hi {{customer.name}}, {{workspace.name}} has your request #{{ticket.number}}.' },
      fr: { subject: 'Bien reçu : {{ticket.subject}} [#{{ticket.number}}]', body: 'Bonjour {{customer.name}}, {{workspace.name}} a bien reçu votre demande n° {{ticket.number}}.' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.en).toMatchObject({ isCustomised: true, subject: 'We got it: {{ticket.subject}} [#{{ticket.number}}]' });

    const preview = await workspace.admin.post<Preview>('/api/v1/email/templates/auto_acknowledgement/preview', {});
    expect(preview.status).toBe(200);
    expect(preview.body.en.subject).toBe('We got it: I cannot sign in to my account [#1234]');
    expect(preview.body.en.text).toContain(`Hi Alex Morgan, ${workspace.slug} has your request #1234.`);
    expect(preview.body.fr.subject).toBe('Bien reçu : Je ne peux plus me connecter à mon compte [#1234]');
    expect(preview.body.fr.text).toContain(`Bonjour Camille Tremblay, ${workspace.slug} a bien reçu votre demande n° 1234.`);
    expect(preview.body.fr.html).toContain('<html lang="fr-CA">');
    expect(preview.body.en.html).toContain('<html lang="en">');

    // A draft is previewed without being saved; the language left out shows what is saved.
    const draft = await workspace.admin.post<Preview>('/api/v1/email/templates/auto_acknowledgement/preview', { en: { subject: 'Draft', body: 'Draft body for {{customer.name}} <b>bold?</b>' } });
    expect(draft.body.en.subject).toBe('Draft [#1234]');
    expect(draft.body.en.html).toContain('Draft body for Alex Morgan &lt;b&gt;bold?&lt;/b&gt;');
    expect(draft.body.fr.subject).toBe('Bien reçu : Je ne peux plus me connecter à mon compte [#1234]');
    expect((await workspace.admin.get<EmailTemplate>('/api/v1/email/templates/auto_acknowledgement')).body.en.subject).toBe('We got it: {{ticket.subject}} [#{{ticket.number}}]');

    const restored = await workspace.admin.put<EmailTemplate>('/api/v1/email/templates/auto_acknowledgement', { en: null, fr: null });
    expect(restored.body.en.isCustomised).toBe(false);
    expect(restored.body.fr.body).toContain("Merci d'avoir communiqué avec {{workspace.name}}");
  });

  it('refuses variables that do not exist or that the kind cannot fill, and a reply template without the reply', async () => {
    const unknown = await workspace.admin.put<ApiError>('/api/v1/email/templates/reply', {
      en: { subject: 'Re: {{ticket.subject}}', body: '{{reply.body}} {{ticket.secret}}' },
      fr: null,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'en.body', message: expect.stringContaining('unknown variable {{ticket.secret}}') }]);

    const withoutReply = await workspace.admin.put<ApiError>('/api/v1/email/templates/reply', { en: null, fr: { subject: 'Re: {{ticket.subject}}', body: 'Bonjour {{customer.name}}' } });
    expect(withoutReply.status).toBe(400);
    expect(withoutReply.body.error.details).toEqual([{ path: 'fr.body', message: 'the body must include {{reply.body}}' }]);

    const wrongKind = await workspace.admin.post<ApiError>('/api/v1/email/templates/auto_acknowledgement/preview', { en: { subject: 'Hi', body: 'Rate us: {{satisfaction.url}}' } });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details[0]!.message).toContain('{{satisfaction.url}} has no value in this kind of email');
  });

  it('offers the NPS survey email, which must keep its link, previewed with a sample link in both languages', async () => {
    const survey = (await workspace.admin.get<EmailTemplate>('/api/v1/email/templates/nps_survey')).body;
    expect(survey.variables).toEqual(['customer.name', 'workspace.name', 'nps.url']);
    expect(survey.en.body).toContain('How likely are you to recommend {{workspace.name}} to a friend or colleague?');
    expect(survey.fr.body).toContain('recommandiez {{workspace.name}} à un ami ou à un collègue');

    const preview = await workspace.admin.post<Preview>('/api/v1/email/templates/nps_survey/preview', {});
    expect(preview.status).toBe(200);
    expect(preview.body.en.text).toMatch(/\/nps\/[A-Za-z0-9_-]+/);
    expect(preview.body.fr.html).toContain('<html lang="fr-CA">');

    const withoutLink = await workspace.admin.put<ApiError>('/api/v1/email/templates/nps_survey', { en: { subject: 'Quick question', body: 'Would you recommend {{workspace.name}}?' }, fr: null });
    expect(withoutLink.status).toBe(400);
    expect(withoutLink.body.error.details).toEqual([{ path: 'en.body', message: 'the body must include {{nps.url}}' }]);
    const withTicket = await workspace.admin.put<ApiError>('/api/v1/email/templates/nps_survey', { en: { subject: 'About #{{ticket.number}}', body: '{{nps.url}}' }, fr: null });
    expect(withTicket.status).toBe(400);
    expect(withTicket.body.error.details[0]!.message).toContain('{{ticket.number}} has no value in this kind of email');
    const saved = await workspace.admin.put<EmailTemplate>('/api/v1/email/templates/nps_survey', { en: { subject: 'One question from {{workspace.name}}', body: 'Hi {{customer.name}}: {{nps.url}}' }, fr: null });
    expect(saved.status).toBe(200);
    expect(saved.body.en).toMatchObject({ isCustomised: true, body: 'Hi {{customer.name}}: {{nps.url}}' });
    expect(saved.body.fr.isCustomised).toBe(false);
  });

  it('lets only admins change and preview templates and settings; every staff role may read them', async () => {
    const agent = await workspace.addUser('agent');
    expect((await agent.client.get('/api/v1/email/templates/reply')).status).toBe(200);
    expect((await agent.client.get('/api/v1/email/outbound-settings')).status).toBe(200);
    expect((await agent.client.post<ApiError>('/api/v1/email/templates/reply/preview', {})).status).toBe(403);
    expect((await agent.client.put<ApiError>('/api/v1/email/templates/reply', { en: null, fr: null })).status).toBe(403);
    expect((await agent.client.patch<ApiError>('/api/v1/email/outbound-settings', { accentColor: '#000000' })).status).toBe(403);
  });

  it('keeps the look and schedule an admin sets, and refuses a bad colour, time zone or interval', async () => {
    const initial = await workspace.admin.get<Record<string, unknown>>('/api/v1/email/outbound-settings');
    expect(initial.body).toMatchObject({
      isSendingEnabled: false,
      fromAddress: `${workspace.slug}@localhost`,
      accentColor: '#2563eb',
      isAutoAcknowledgementEnabled: true,
      isResolvedNotificationEnabled: true,
      timeZone: null,
      effectiveTimeZone: 'UTC',
      businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    });
    const changed = await workspace.admin.patch<Record<string, unknown>>('/api/v1/email/outbound-settings', {
      accentColor: '#aa3300',
      footers: { fr: 'Merci de faire affaire avec {{workspace.name}}.' },
      timeZone: 'America/Toronto',
      businessHours: [{ day: 6, start: '10:00', end: '14:00' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ accentColor: '#aa3300', timeZone: 'America/Toronto', effectiveTimeZone: 'America/Toronto', businessHours: [{ day: 6, start: '10:00', end: '14:00' }] });
    expect((changed.body.footers as Record<string, string>).fr).toBe('Merci de faire affaire avec {{workspace.name}}.');
    expect((changed.body.footers as Record<string, string>).en).toContain('You are receiving this email');
    const preview = await workspace.admin.post<Preview>('/api/v1/email/templates/reply/preview', {});
    expect(preview.body.fr.text).toContain(`-- \nMerci de faire affaire avec ${workspace.slug}.`);
    expect(preview.body.en.html).toContain('border-top:4px solid #aa3300');

    for (const [body, path] of [
      [{ accentColor: 'red' }, 'accentColor'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ businessHours: [{ day: 1, start: '17:00', end: '09:00' }] }, 'businessHours.0.end'],
      [{ businessHours: [{ day: 7, start: '09:00', end: '17:00' }] }, 'businessHours.0.day'],
      [{ footers: { en: 'Thanks, {{agent.name}}' } }, 'footers.en'],
    ] as const) {
      const refused = await workspace.admin.patch<ApiError>('/api/v1/email/outbound-settings', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.details.map((detail) => detail.path?.replace(/^body\./, ''))).toContain(path);
    }
  });

  it('without SMTP_URL, a public reply to a customer with an address says clearly that it was not sent', async () => {
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'No mail server here', customer_email: 'waiting@example.com' })).body;
    const comment = (await workspace.admin.post<{ id: string }>(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Hello!', isPublic: true })).body;
    const deliveryOf = async () =>
      (await workspace.admin.get<PageOf<{ id: string; emailDelivery: { status: string; lastError: string | null; attempts: number } | null }>>(`/api/v1/tickets/${ticket.id}/comments`)).body.data.find(
        (item) => item.id === comment.id,
      )?.emailDelivery;
    await expect.poll(deliveryOf, { timeout: 15_000 }).toMatchObject({ status: 'disabled', attempts: 0, lastError: expect.stringContaining('not sent: no SMTP_URL') });
  });
});
