import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../server/src/modules/events/events.js';
import type { TAnalyticsInsights } from '../../server/src/modules/analytics/analytics-insights.schema.js';
import { TOPIC_TICKET_TEXTS, type Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 180_000;
const HISTORY_WEEKS = 8;


/**
 * Eight past weeks of volume (workspace in UTC: 6 tickets a weekday, 2 a weekend day), which the API cannot backdate:
 * written as the `ticket.created` events the ticket service records, folded by the analytics listener as the dispatch
 * folds them. This week's tickets go through the API, so their texts are the topics'.
 */
describe('the insight panel of the live dashboard, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let manager: Awaited<ReturnType<TestWorkspace['addUser']>>;
  const tickets: Ticket[] = [];
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-insights-web-'));

  const readInsights = async () => {
    const answer = await manager.client.get<TAnalyticsInsights>('/api/v1/analytics/insights');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  const writePastWeeks = async () => {
    const today = DateTime.utc().startOf('day');
    const events: DomainEvent[] = [];
    let number = 100_000;
    for (let daysAgo = HISTORY_WEEKS * 7; daysAgo >= 1; daysAgo -= 1) {
      const day = today.minus({ days: daysAgo });
      const perDay = day.weekday >= 6 ? 2 : 6;
      for (let index = 0; index < perDay; index += 1) {
        const createdAt = day.plus({ hours: 9 + index }).toISO()!;
        const resolvedAt = day.plus({ hours: 11 + index }).toISO()!;
        number += 1;
        const ticket = {
          id: randomUUID(),
          number,
          subject: `Past ticket ${number}`,
          channel: index % 2 === 0 ? 'email' : 'chat',
          priority: 'normal',
          type: null,
          category: null,
          language: 'en',
          teamId: null,
          assigneeId: null,
          status: 'resolved',
          statusCategory: 'resolved',
          createdAt,
          resolvedAt,
        };
        events.push({ id: randomUUID(), workspaceId: workspace.workspaceId, type: 'ticket.created', createdAt: new Date(createdAt), data: { ticket, actorId: null } });
      }
    }
    await server.services.db.transaction((tx) => server.services.analytics.handleEvents(events, tx));
  };

  const openDashboard = async (page: Page, heading: string) => {
    await page.goto(`${server.url}/analytics`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: heading }).isVisible(), SLOW).toBe(true);
  };

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // Workers on: the dispatch folds this week's tickets into the figures and pushes their events to the browser.
    [server, browser] = await Promise.all([startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Mireille Tremblay');
    await writePastWeeks();
    for (const [subject, description] of TOPIC_TICKET_TEXTS) {
      const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, description, customer_email: 'client@exemple.ca' });
      expect(answer.status).toBe(201);
      tickets.push(answer.body);
    }
    // Two customers answer, as a mail or the portal would record it: their messages make the sentiment.
    await server.services.db.transaction((tx) =>
      server.services.comments.createManyInTransaction(
        tx,
        workspace.workspaceId,
        ([
          [tickets[0]!, 'Merci beaucoup, c’est parfait!'],
          [tickets[5]!, 'Still not working, this is unacceptable.'],
        ] as const).map(([ticket, body]) => ({ author: { workspaceId: workspace.workspaceId, type: 'customer' as const }, ticketId: ticket.id, input: { body, isPublic: true, attachmentIds: [], mentionUserIds: [] } })),
      ),
    );
    // Everything counted before anyone looks: this week's tickets and both messages.
    await vi.waitFor(async () => {
      const insights = await readInsights();
      expect([insights.anomalies.spikes.some((spike) => spike.dimension === 'channel' && spike.count === TOPIC_TICKET_TEXTS.length), insights.sentiment.messages]).toEqual([true, 2]);
    }, { ...SLOW, interval: 200 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it(
    'a manager reads the 14-day forecast, the spike and the topics in plain words, and the panel is read once, not at each live refresh',
    async () => {
      const insights = await readInsights();
      expect(insights.forecast.method).toBe('holt_winters');
      expect(insights.forecast.days).toHaveLength(14);
      expect(insights.topics.topics.length).toBeGreaterThan(0);

      const { context, page } = await newPerson(browser);
      let insightReads = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/v1/analytics/insights') insightReads += 1;
      });
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Analytics' }).click();
      await page.waitForURL(/\/analytics$/);
      const panel = page.getByRole('region', { name: 'Insight' });
      await expect.poll(() => panel.getByTestId('insight-forecast-explanation').textContent(), SLOW).toBe(insights.forecast.explanation.en);
      expect(await panel.getByRole('heading', { level: 4, name: 'Volume forecast, next 14 days' }).isVisible()).toBe(true);

      // The chart's data table: the history's days, then the 14 expected ones with their range, as the API gives them.
      const figure = new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format;
      await panel.getByTestId('insight-forecast-chart-toggle').click();
      const table = panel.getByTestId('insight-forecast-chart-table');
      await expect.poll(() => table.locator('tbody tr').count(), SLOW).toBe(insights.forecast.history.length + 14);
      expect(await table.locator('thead').textContent()).toBe('DayTickets createdExpectedLow (95% range)High (95% range)');
      const expectedCells = await table.locator('tbody td[data-column="expected"]').allTextContents();
      expect(expectedCells.filter((text) => text !== '—')).toEqual(insights.forecast.days.map((day) => figure(day.expected)));
      expect(await table.locator('tbody tr').last().locator('td[data-column="high"]').textContent()).toBe(figure(insights.forecast.days.at(-1)!.high));

      // Today's tickets all came through the API, a channel that is usually quiet: a spike, said in words.
      const spike = insights.anomalies.spikes.find((item) => item.dimension === 'channel')!;
      expect(await panel.getByTestId('insight-spikes-explanation').textContent()).toBe(insights.anomalies.explanation.en);
      expect(await panel.getByRole('list', { name: 'Unusual spikes' }).getByText(spike.explanation.en).isVisible()).toBe(true);

      // The topics: keywords, size and sentence each, and the tickets that stand for them.
      const topic = insights.topics.topics[0]!;
      const topicItems = panel.getByTestId('insight-topic');
      expect(await topicItems.count()).toBe(insights.topics.topics.length);
      expect(await topicItems.first().getByRole('list', { name: 'Keywords' }).getByRole('listitem').allTextContents()).toEqual(topic.keywords.en);
      expect(await topicItems.first().getByText(topic.explanation.en).isVisible()).toBe(true);
      expect(await panel.getByTestId('insight-topics-explanation').textContent()).toBe(insights.topics.explanation.en);
      expect(await panel.getByTestId('insight-sentiment-explanation').textContent()).toBe(insights.sentiment.explanation.en);
      await expectAccessible(page, 'insight panel');

      // A new ticket refreshes the live figures, not the insights.
      expect(insightReads).toBe(1);
      expect((await workspace.admin.post('/api/v1/tickets', { subject: 'One more question', customer_email: 'client@exemple.ca' })).status).toBe(201);
      await expect.poll(() => page.getByTestId('live-created-today').getAttribute('data-value'), SLOW).toBe(String(TOPIC_TICKET_TEXTS.length + 1));
      expect(insightReads).toBe(1);

      // An example ticket opens the ticket.
      const exampleNumber = topic.exampleNumbers[0]!;
      await topicItems.first().getByRole('list', { name: 'Example tickets' }).getByRole('link', { name: `#${exampleNumber}` }).click();
      await page.waitForURL(new RegExp(`/tickets/${exampleNumber}$`));
      const example = tickets.find((ticket) => ticket.number === exampleNumber)!;
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe(`#${example.number} ${example.subject}`);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'reads the insight in French (Québec)',
    async () => {
      expect((await manager.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
      const insights = await readInsights();
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await openDashboard(page, 'Tableau de bord en direct');
      const panel = page.getByRole('region', { name: 'Perspectives' });
      await expect.poll(() => panel.getByTestId('insight-forecast-explanation').textContent(), SLOW).toBe(insights.forecast.explanation.fr);
      expect(insights.forecast.explanation.fr).toMatch(/^Environ [\d,]+ billets par jour prévus la semaine prochaine/);
      const topic = insights.topics.topics[0]!;
      expect(await panel.getByTestId('insight-topic').first().getByRole('list', { name: 'Mots clés' }).getByRole('listitem').allTextContents()).toEqual(topic.keywords.fr);
      expect(await panel.getByText(topic.explanation.fr).isVisible()).toBe(true);
      await panel.getByRole('button', { name: 'Afficher le tableau de données' }).click();
      expect(await panel.getByTestId('insight-forecast-chart-table').locator('thead').textContent()).toBe('JourBillets créésPrévusBas (intervalle à 95\u00a0%)Haut (intervalle à 95\u00a0%)');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'flags the daily totals of a former time zone, with the reason, in the panel',
    async () => {
      expect((await manager.client.patch('/api/v1/account', { language: 'en' })).status).toBe(200);
      expect((await workspace.admin.patch('/api/v1/workspace', { timeZone: 'America/Toronto' })).status).toBe(200);
      const flag = (await readInsights()).flags.find((item) => item.code === 'rollup_stale');
      expect(flag?.message.en).toContain('UTC');
      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await openDashboard(page, 'Live dashboard');
      const flags = page.getByRole('region', { name: 'Insight' }).getByTestId('insight-flags');
      await expect.poll(() => flags.locator('[data-flag="rollup_stale"]').textContent(), SLOW).toBe(flag!.message.en);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
