import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import type { TAnalyticsExperience } from '../../server/src/modules/analytics/analytics-experience.schema.js';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 180_000;

type Person = Awaited<ReturnType<TestWorkspace['addUser']>>;
type TicketSurvey = { state: string; expiresAt: string | null; language: 'en' | 'fr' | null };

/**
 * Five customers of the team, each with a resolved ticket: their satisfaction rating (null: the emailed link was not
 * answered) and, later, their NPS answer. Four tickets are the agent's, one nobody's: the agent reads four of them.
 */
const CUSTOMERS = [
  { language: 'en', isAgents: true, rating: 5, nps: 10 },
  { language: 'en', isAgents: true, rating: 4, nps: 8 },
  { language: 'fr', isAgents: true, rating: 2, nps: 9 },
  { language: 'fr', isAgents: true, rating: null, nps: null },
  { language: 'en', isAgents: false, rating: 3, nps: 2 },
] as const;

/** The bot's three English conversations: one answered, one it has no article for, one asking for a person. */
const BOT_QUESTIONS = ['How do I reset my password?', 'Do you sell espresso machines?', 'I want to talk to a person, please'];

/** The panel's formats, as the interface writes them in a language (`en`, or `fr-CA` for French). */
function formatsIn(language: string) {
  return {
    count: (value: number) => new Intl.NumberFormat(language).format(value),
    share: (value: number) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value),
    rating: (value: number) => new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(value),
    nps: (value: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value),
  };
}

/** What a figure's value reads on screen; a value nobody counted is a dash followed by words for screen readers. */
const NO_DATA = { en: '—No data', 'fr-CA': '—Aucune donnée' } as const;

describe('the customer experience panel of the reports, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let manager: Person;
  let agent: Person;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-experience-web-'));

  const readExperience = async (person: Pick<Person, 'client'>, query: Record<string, string> = {}) => {
    const answer = await person.client.get<TAnalyticsExperience>('/api/v1/analytics/experience', query);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  const submitForm = (path: string, fields: Record<string, string>) =>
    fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

  /** A resolved ticket of a new customer speaking `language`, and the path of the satisfaction link its notification carries. */
  const resolvedTicket = async (index: number, customer: (typeof CUSTOMERS)[number], teamId: string) => {
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', {
      subject: customer.language === 'fr' ? `Facture en double ${index}` : `Double invoice ${index}`,
      customer_email: `customer.${index}@exemple.ca`,
      customer_name: `Customer ${index}`,
      language: customer.language,
      teamId,
      assigneeId: customer.isAgents ? agent.userId : null,
    });
    expect(ticket.status).toBe(201);
    expect((await workspace.admin.patch(`/api/v1/customers/${ticket.body.customerId}`, { language: customer.language })).status).toBe(200);
    expect((await workspace.admin.patch(`/api/v1/tickets/${ticket.body.id}`, { status: 'resolved' })).status).toBe(200);
    // No SMTP here: the resolved notification is not sent, but its satisfaction link is offered all the same.
    const survey = await vi.waitFor(async () => {
      const answer = (await workspace.admin.get<TicketSurvey>(`/api/v1/tickets/${ticket.body.id}/satisfaction`)).body;
      expect(answer.state).toBe('offered');
      return answer;
    }, { ...SLOW, interval: 200 });
    const url = server.services.satisfaction.urlOf({ workspaceId: workspace.workspaceId, ticketId: ticket.body.id, expiresAt: new Date(survey.expiresAt!), language: survey.language! });
    return { ticket: ticket.body, path: new URL(url).pathname };
  };

  /** Every customer answers the NPS survey the sweep sent them, as given (null: no answer). */
  const answerNpsSurveys = async (customerIds: string[]) => {
    await server.services.nps.sweep();
    const surveys = await queryRows<{ id: string; customerId: string; language: string; expiresAt: Date }>(
      server.services.db,
      sql`SELECT id, customer_id AS "customerId", language, expires_at AS "expiresAt" FROM nps_surveys WHERE workspace_id = ${workspace.workspaceId}`,
    );
    expect(surveys).toHaveLength(CUSTOMERS.length);
    for (const [index, customer] of CUSTOMERS.entries()) {
      const survey = surveys.find((row) => row.customerId === customerIds[index])!;
      expect(survey.language).toBe(customer.language);
      if (customer.nps === null) continue;
      const url = server.services.nps.urlOf({ workspaceId: workspace.workspaceId, surveyId: survey.id, expiresAt: new Date(survey.expiresAt), language: customer.language });
      expect((await submitForm(new URL(url).pathname, { score: String(customer.nps) })).status).toBe(303);
    }
  };

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // Workers on: the dispatch offers the satisfaction links on resolution and folds the ratings into the figures.
    [server, browser] = await Promise.all([startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir, NPS_SWEEP_INTERVAL_MS: '3600000' } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Mireille Tremblay');
    agent = await workspace.addUser('agent', 'Alex Gagnon');
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Soutien Montréal', memberIds: [manager.userId, agent.userId] });
    expect(team.status).toBe(201);

    // The bot answers from a published article; what it cannot answer, or a customer asking for a person, goes to the team.
    const category = await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Help', nameFr: 'Aide' });
    const section = await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Account', nameFr: 'Compte' });
    const article = await workspace.admin.post<{ id: string }>('/api/v1/kb/articles', {
      sectionId: section.body.id,
      language: 'en',
      status: 'published',
      title: 'Reset your password',
      body: 'Forgot your password? You can reset it yourself from the sign-in page.',
    });
    expect(article.status).toBe(201);
    const outcomes: Array<{ articleId: string | null; handoff: boolean }> = [];
    for (const question of BOT_QUESTIONS) {
      const answer = await workspace.admin.post<{ articleId: string | null; handoff: boolean; language: string }>('/api/v1/bot/ask', { question, language: 'en' });
      expect(answer.status).toBe(200);
      outcomes.push({ articleId: answer.body.articleId, handoff: answer.body.handoff });
    }
    expect(outcomes).toEqual([
      { articleId: article.body.id, handoff: false },
      { articleId: null, handoff: false },
      { articleId: null, handoff: true },
    ]);

    const customerIds: string[] = [];
    for (const [index, customer] of CUSTOMERS.entries()) {
      const { ticket, path } = await resolvedTicket(index, customer, team.body.id);
      customerIds.push(ticket.customerId!);
      if (customer.rating !== null) expect((await submitForm(path, { rating: String(customer.rating) })).status).toBe(303);
    }
    expect((await workspace.admin.patch('/api/v1/satisfaction/nps/settings', { isEnabled: true, isBusinessHoursOnly: false })).status).toBe(200);
    await answerNpsSurveys(customerIds);

    // Everything counted before anyone looks.
    await vi.waitFor(async () => {
      const experience = await readExperience(manager);
      expect([experience.satisfaction.csatResponses, experience.satisfaction.surveysOffered, experience.nps?.responses, experience.bot?.conversations]).toEqual([4, 5, 4, 3]);
    }, { ...SLOW, interval: 200 });
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const openReports = async (page: Page, heading: string) => {
    await page.goto(`${server.url}/analytics/reports`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: heading }).isVisible(), SLOW).toBe(true);
  };

  /** A figure's value as shown, by its test id. */
  const shown = (panel: Locator, testId: string) => panel.getByTestId(testId).locator('dd').textContent();

  /** The cards show exactly the answer's numbers, formatted in the interface language. */
  const expectPanelToShow = async (panel: Locator, experience: TAnalyticsExperience, language: 'en' | 'fr-CA') => {
    const format = formatsIn(language);
    const orNone = (value: number | null, as: (value: number) => string) => (value === null ? NO_DATA[language] : as(value));
    const { satisfaction, nps, bot } = experience;
    // The panel may still show the previous choice's figures while it reads the new ones.
    await expect.poll(() => panel.getByTestId('experience-csat-responses').getAttribute('data-value'), SLOW).toBe(String(satisfaction.csatResponses));
    expect(await shown(panel, 'experience-csat-average')).toBe(orNone(satisfaction.csatAverage, format.rating));
    expect(await shown(panel, 'experience-csat-responses')).toBe(format.count(satisfaction.csatResponses));
    expect(await shown(panel, 'experience-survey-rate')).toBe(orNone(satisfaction.surveyResponseRate, format.share));
    expect(await shown(panel, 'experience-survey-offered')).toBe(format.count(satisfaction.surveysOffered));
    if (nps) {
      expect(await shown(panel, 'experience-nps-score')).toBe(orNone(nps.score, format.nps));
      expect(await shown(panel, 'experience-nps-promoters')).toBe(format.count(nps.promoters));
      expect(await shown(panel, 'experience-nps-passives')).toBe(format.count(nps.passives));
      expect(await shown(panel, 'experience-nps-detractors')).toBe(format.count(nps.detractors));
      expect(await shown(panel, 'experience-nps-rate')).toBe(orNone(nps.responseRate, format.share));
      expect(await shown(panel, 'experience-nps-sent')).toBe(format.count(nps.sent));
    } else {
      expect(await panel.getByTestId('experience-nps').count()).toBe(0);
    }
    if (bot) {
      expect(await shown(panel, 'experience-bot-answer-rate')).toBe(orNone(bot.answerRate, format.share));
      expect(await shown(panel, 'experience-bot-resolved-rate')).toBe(orNone(bot.resolvedRate, format.share));
      expect(await shown(panel, 'experience-bot-handoff-rate')).toBe(orNone(bot.handoffRate, format.share));
      expect(await shown(panel, 'experience-bot-conversations')).toBe(format.count(bot.conversations));
      expect(await shown(panel, 'experience-bot-questions')).toBe(format.count(bot.questions));
    } else {
      expect(await panel.getByTestId('experience-bot').count()).toBe(0);
    }
  };

  it(
    'a manager reads the API’s satisfaction, NPS and bot figures on the reports, narrows them to French, then to 7 days, and opens the bot insights',
    async () => {
      const experience = await readExperience(manager);
      // The data as seeded: the team's five tickets, the workspace's surveys and bot.
      expect(experience.satisfaction).toMatchObject({ scope: { kind: 'teams' }, csatAverage: 3.5, csatResponses: 4, surveysOffered: 5, surveyResponseRate: 0.8 });
      expect(experience.nps).toEqual({ sent: 5, responses: 4, responseRate: 0.8, promoters: 2, passives: 1, detractors: 1, score: 25 });
      expect(experience.bot).toMatchObject({ conversations: 3, handoffs: 1 });

      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Analytics' }).click();
      await page.getByRole('navigation', { name: 'Analytics sections' }).getByRole('link', { name: 'Reports' }).click();
      await page.waitForURL(/\/analytics\/reports$/);
      const panel = page.getByRole('region', { name: 'Customer experience' });
      await expect.poll(() => panel.getByRole('list', { name: 'Customer experience figures' }).getByRole('listitem').count(), SLOW).toBe(4);
      await expectPanelToShow(panel, experience, 'en');
      expect(await panel.getByTestId('experience-csat-average').locator('dd').textContent()).toBe('3.5');
      expect(await panel.getByTestId('experience-nps-score').locator('dd').textContent()).toBe('+25');
      expect(await panel.getByTestId('experience-survey-rate').locator('dd').textContent()).toBe('80%');
      expect(await panel.getByTestId('experience-nps-sentence').textContent()).toBe('2 promoters, 1 passive and 1 detractor out of 4 answers.');
      expect(await panel.getByTestId('experience-bot-sentence').textContent()).toBe(`Of 3 conversations: ${experience.bot!.resolvedWithoutHandoff} resolved without a person, 1 handed to a person.`);
      expect(await panel.getByRole('listitem', { name: 'Net Promoter Score' }).isVisible()).toBe(true);
      expect(await panel.getByTestId('experience-period').textContent()).toContain('Figures for your teams · NPS and bot: the whole workspace');
      // The NPS schedule is an admin screen: no link for a manager.
      expect(await panel.getByRole('link', { name: 'NPS survey settings' }).count()).toBe(0);
      await expectAccessible(page, 'reports with the customer experience');

      // French: the French tickets' ratings and surveys only; the bot spoke English only, so its shares are no data, not 0%.
      await panel.getByRole('combobox', { name: /^Language/ }).selectOption('fr');
      const french = await readExperience(manager, { language: 'fr' });
      expect(french.satisfaction).toMatchObject({ csatAverage: 2, csatResponses: 1, surveysOffered: 2, surveyResponseRate: 0.5 });
      expect(french.nps).toMatchObject({ sent: 2, responses: 1, promoters: 1, score: 100 });
      expect(french.bot).toMatchObject({ conversations: 0, answerRate: null, resolvedRate: null, handoffRate: null });
      await expectPanelToShow(panel, french, 'en');
      expect(await shown(panel, 'experience-bot-answer-rate')).toBe('—No data');
      // A screen reader hears the words, not the dash.
      const noAnswerRate = await panel.getByTestId('experience-bot-answer-rate').locator('dd').ariaSnapshot();
      expect([noAnswerRate.includes('No data'), noAnswerRate.includes('—')]).toEqual([true, false]);
      expect(await panel.getByTestId('experience-nps-sentence').textContent()).toBe('1 promoter, 0 passives and 0 detractors out of 1 answer.');
      expect(await panel.getByTestId('experience-bot-sentence').textContent()).toBe('No bot conversations in this period.');

      // The last 7 days: from midnight six days back in the workspace's time zone, to the end of today (the server's default end).
      const { timeZone } = (await manager.client.get<{ timeZone: string }>('/api/v1/analytics/catalog')).body;
      const [request] = await Promise.all([
        page.waitForRequest((candidate) => new URL(candidate.url()).pathname === '/api/v1/analytics/experience'),
        panel.getByRole('combobox', { name: /^Period/ }).selectOption('7'),
      ]);
      const query = Object.fromEntries(new URL(request.url()).searchParams);
      expect(query).toEqual({ from: DateTime.now().setZone(timeZone).startOf('day').minus({ days: 6 }).toUTC().toISO(), language: 'fr' });
      const week = await readExperience(manager, query);
      expect(week.period.to).toBe(DateTime.now().setZone(timeZone).startOf('day').plus({ days: 1 }).toUTC().toISO());
      await expectPanelToShow(panel, week, 'en');

      // Back to every language, and on to the bot's own page.
      await panel.getByRole('combobox', { name: /^Language/ }).selectOption('');
      await expectPanelToShow(panel, await readExperience(manager, { from: query.from! }), 'en');
      await panel.getByRole('link', { name: 'Bot insights' }).click();
      await page.waitForURL(/\/bot$/);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Bot insights' }).isVisible(), SLOW).toBe(true);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'reads the panel in French (Québec), numbers and sentences included',
    async () => {
      expect((await manager.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
      const experience = await readExperience(manager);
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await openReports(page, 'Rapports');
      const panel = page.getByRole('region', { name: 'Expérience client' });
      await expectPanelToShow(panel, experience, 'fr-CA');
      expect(await shown(panel, 'experience-csat-average')).toBe('3,5');
      expect(await shown(panel, 'experience-survey-rate')).toBe('80\u00a0%');
      expect(await panel.getByTestId('experience-nps-sentence').textContent()).toBe('2 promoteurs, 1 passif et 1 détracteur sur 4 réponses.');
      expect(await panel.getByTestId('experience-bot-sentence').textContent()).toMatch(/^Sur 3 conversations : \d résolues? sans personne, 1 transférée à une personne\.$/);
      expect(await panel.getByRole('option', { name: '7 derniers jours' }).count()).toBe(1);
      await panel.getByRole('combobox', { name: /^Langue/ }).selectOption('fr');
      await expectPanelToShow(panel, await readExperience(manager, { language: 'fr' }), 'fr-CA');
      expect(await shown(panel, 'experience-bot-answer-rate')).toBe(NO_DATA['fr-CA']);
      await context.close();
      expect((await manager.client.patch('/api/v1/account', { language: 'en' })).status).toBe(200);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'an agent reads the satisfaction of their own tickets, without the NPS and bot cards',
    async () => {
      const experience = await readExperience(agent);
      expect(experience).toMatchObject({ satisfaction: { scope: { kind: 'self' }, csatResponses: 3, surveysOffered: 4, surveyResponseRate: 0.75 }, nps: null, bot: null });
      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
      await openReports(page, 'Reports');
      const panel = page.getByRole('region', { name: 'Customer experience' });
      await expect.poll(() => panel.getByRole('list', { name: 'Customer experience figures' }).getByRole('listitem').count(), SLOW).toBe(2);
      await expectPanelToShow(panel, experience, 'en');
      expect(await shown(panel, 'experience-csat-average')).toBe('3.67');
      expect(await panel.getByTestId('experience-period').textContent()).toContain('Figures for your own tickets');
      expect(await panel.getByTestId('experience-period').textContent()).not.toContain('NPS');
      await expectAccessible(page, 'an agent’s customer experience');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'an admin follows the NPS card to the survey’s settings',
    async () => {
      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
      await openReports(page, 'Reports');
      const panel = page.getByRole('region', { name: 'Customer experience' });
      await expectPanelToShow(panel, await readExperience({ client: workspace.admin }), 'en');
      await panel.getByRole('link', { name: 'NPS survey settings' }).click();
      await page.waitForURL(/\/admin\/email$/);
      await expect.poll(() => page.getByRole('region', { name: 'NPS survey', exact: true }).getByRole('checkbox', { name: 'Send NPS surveys' }).isChecked(), SLOW).toBe(true);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
