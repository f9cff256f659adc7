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
const BROWSER_TEST_TIMEOUT = 180_000;

interface RoutingRule {
  id: string;
  name: string;
  conditions: unknown;
  teamId: string;
  requiredSkills: Array<{ skill: string; level: number }>;
  position: number;
  isActive: boolean;
}
interface TeamQueue {
  team: { id: string; name: string };
  waitingCount: number;
  waiting: Array<{ ticketId: string; requiredSkills: Array<{ skill: string; level: number }> }>;
}

describe('routing in Administration, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let billingTeamId: string;
  let tierTwoTeamId: string;
  let calendarId: string;
  let agent: { userId: string; email: string };
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-routing-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir, ROUTING_SWEEP_INTERVAL_MS: '3600000', SLA_SWEEP_INTERVAL_MS: '3600000' } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Alice Tremblay');
    const billing = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing', memberIds: [agent.userId] });
    const tierTwo = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Tier 2' });
    expect([billing.status, tierTwo.status]).toEqual([201, 201]);
    [billingTeamId, tierTwoTeamId] = [billing.body.id, tierTwo.body.id];
    const calendar = await workspace.admin.post<{ id: string }>('/api/v1/business-hours/calendars', {
      name: 'Montréal days',
      timeZone: 'America/Toronto',
      intervals: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    });
    expect(calendar.status).toBe(201);
    calendarId = calendar.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const rulesOfWorkspace = async () => (await workspace.admin.get<{ data: RoutingRule[] }>('/api/v1/routing/rules')).body.data;
  const createTicket = async (subject: string) => {
    const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject, customer_email: 'ana@shop.example' });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const teamOf = async (ticketId: string) => (await workspace.admin.get<Ticket>(`/api/v1/tickets/${ticketId}`)).body.teamId;
  const ruleNames = (page: Page) => page.locator('[data-testid="routing-rule-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule-name')));

  it(
    'an admin sends “subject contains refund” tickets to Billing with a required skill, puts the rule first, sets Billing to route by skills with Tier 2 as backup, gives an agent skills and a shift, and a refund ticket lands in Billing’s queue',
    async () => {
      // A catch-all rule already exists; the one made in the browser comes after it, then moves above it.
      const catchAll = await workspace.admin.post<RoutingRule>('/api/v1/routing/rules', { name: 'Everything else to Tier 2', teamId: tierTwoTeamId });
      expect(catchAll.status).toBe(201);

      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
      await page.getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Routing', exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Routing rules', exact: true }).isVisible(), SLOW).toBe(true);
      await expect.poll(() => page.locator('tr[data-rule-name="Everything else to Tier 2"]').textContent(), SLOW).toContain('Tier 2');

      const form = page.getByRole('form', { name: 'New routing rule' });
      await form.getByLabel('Name', { exact: true }).fill('Refunds to Billing');
      // The conditions are the automation rules' builder: subject contains "refund".
      const root = form.getByTestId('condition-group').first();
      await root.getByRole('button', { name: 'Add a condition' }).click();
      const subject = root.getByTestId('condition').first();
      await subject.getByLabel('Field', { exact: true }).selectOption({ label: 'Ticket subject' });
      await subject.getByLabel('Operator', { exact: true }).selectOption({ label: 'contains' });
      await subject.getByLabel('Value for Ticket subject').fill('refund');
      // Routing sees a ticket arriving: fields about comments are not offered.
      expect(await subject.getByLabel('Field', { exact: true }).locator('option', { hasText: 'Comment text' }).count()).toBe(0);

      // No team yet, and a skill the server does not accept: each is said beside its field.
      await form.getByRole('button', { name: 'Add a skill' }).click();
      await form.getByLabel('Skill 1', { exact: true }).fill('billing!');
      await form.getByRole('button', { name: 'Create rule' }).click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Not saved: see the fields marked.' }).count(), SLOW).toBe(1);
      await expect.poll(() => form.getByTestId('field-error').first().textContent(), SLOW).toBe('Choose the team this rule sends tickets to.');
      await form.getByLabel('Send to the team').selectOption({ label: 'Billing' });
      await form.getByRole('button', { name: 'Create rule' }).click();
      const skillRow = form.getByTestId('skill').first();
      await expect.poll(() => skillRow.getByTestId('field-error').textContent(), SLOW).toContain('letters, digits, spaces and _ . + # -');
      expect(await form.getByLabel('Skill 1', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect((await rulesOfWorkspace()).map((rule) => rule.name)).toEqual(['Everything else to Tier 2']);

      await form.getByLabel('Skill 1', { exact: true }).fill('Billing');
      await form.getByLabel('Level of skill 1').selectOption('3');
      await expectAccessible(page, 'routing rule editor');
      await form.getByRole('button', { name: 'Create rule' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Refunds to Billing was created.' }).count(), SLOW).toBe(1);
      const row = page.locator('tr[data-rule-name="Refunds to Billing"]');
      await expect.poll(() => row.getByTestId('rule-team').textContent(), SLOW).toBe('Billing');
      expect(await row.getByTestId('rule-skills').textContent()).toBe('billing (3/5)');
      expect(await ruleNames(page)).toEqual(['Everything else to Tier 2', 'Refunds to Billing']);

      // Reordering: the new rule moves above the catch-all, so it is tried first.
      await page.getByRole('button', { name: 'Move Refunds to Billing up' }).click();
      await expect.poll(() => ruleNames(page), SLOW).toEqual(['Refunds to Billing', 'Everything else to Tier 2']);
      const rules = await rulesOfWorkspace();
      expect(rules.map((rule) => rule.name)).toEqual(['Refunds to Billing', 'Everything else to Tier 2']);
      expect(rules[0]).toMatchObject({
        conditions: { all: [{ field: 'ticket.subject', operator: 'contains', value: 'refund' }] },
        teamId: billingTeamId,
        requiredSkills: [{ skill: 'billing', level: 3 }],
        isActive: true,
      });

      // Turned off and on again from the list.
      await page.getByRole('checkbox', { name: 'Everything else to Tier 2 is active' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Everything else to Tier 2 is off.' }).count(), SLOW).toBe(1);
      expect((await rulesOfWorkspace()).find((rule) => rule.id === catchAll.body.id)!.isActive).toBe(false);
      await page.getByRole('checkbox', { name: 'Everything else to Tier 2 is active' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Everything else to Tier 2 is on.' }).count(), SLOW).toBe(1);
      expect((await rulesOfWorkspace()).find((rule) => rule.id === catchAll.body.id)!.isActive).toBe(true);

      // Billing routes by skills, overflowing to Tier 2 after 30 minutes; the message stays once the settings reload.
      const billingCard = page.locator('article[data-team-name="Billing"]');
      const billingForm = billingCard.getByRole('form', { name: 'Routing of Billing' });
      await expect.poll(() => billingForm.getByLabel('Strategy').inputValue(), SLOW).toBe('manual');
      await billingForm.getByLabel('Strategy').selectOption({ label: 'By skills' });
      expect(await billingForm.getByLabel('Backup team').locator('option').allTextContents()).toEqual(['No backup team', 'Tier 2']);
      await billingForm.getByLabel('Backup team').selectOption({ label: 'Tier 2' });
      await billingForm.getByLabel('Overflow after (minutes)').fill('30');
      await billingForm.getByLabel('Take tickets back from offline agents after (minutes)').fill('15');
      await billingForm.getByRole('button', { name: 'Save team routing' }).click();
      await expect.poll(() => billingCard.getByRole('status').textContent(), SLOW).toBe('Routing of Billing was saved.');
      await expect.poll(async () => (await workspace.admin.get<{ updatedAt: string | null }>(`/api/v1/routing/teams/${billingTeamId}`)).body.updatedAt, SLOW).not.toBeNull();
      // The form shows what was stored, and the message is still there.
      await expect.poll(() => billingCard.getByRole('form', { name: 'Routing of Billing' }).getByLabel('Overflow after (minutes)').inputValue(), SLOW).toBe('30');
      expect(await billingCard.getByRole('status').textContent()).toBe('Routing of Billing was saved.');
      expect((await workspace.admin.get(`/api/v1/routing/teams/${billingTeamId}`)).body).toMatchObject({
        strategy: 'skills',
        backupTeamId: tierTwoTeamId,
        overflowAfterMinutes: 30,
        rerouteOfflineAfterMinutes: 15,
      });

      // Alice: a row left without a name is caught before saving; then billing at level 4, 5 tickets, on Montréal days.
      const aliceCard = page.locator('article[data-agent-name="Alice Tremblay"]');
      const aliceForm = aliceCard.getByRole('form', { name: 'Routing profile of Alice Tremblay' });
      await expect.poll(() => aliceForm.getByLabel('Ticket capacity').inputValue(), SLOW).toBe('10');
      await aliceForm.getByRole('button', { name: 'Add a skill' }).click();
      await aliceForm.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => aliceForm.getByTestId('field-error').textContent(), SLOW).toBe('Name the skill, or remove this row.');
      await aliceForm.getByLabel('Skill 1', { exact: true }).fill('billing');
      await aliceForm.getByLabel('Level of skill 1').selectOption('4');
      await aliceForm.getByRole('button', { name: 'Add a skill' }).click();
      await aliceForm.getByLabel('Skill 2', { exact: true }).fill('French');
      await aliceForm.getByLabel('Level of skill 2').selectOption('5');
      await aliceForm.getByLabel('Ticket capacity').fill('5');
      await aliceForm.getByLabel('Shift').selectOption({ label: 'Montréal days' });
      await aliceForm.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => aliceCard.getByRole('status').textContent(), SLOW).toBe('Routing profile of Alice Tremblay was saved.');
      expect((await workspace.admin.get(`/api/v1/routing/agents/${agent.userId}`)).body).toMatchObject({
        skills: [
          { skill: 'billing', level: 4 },
          { skill: 'french', level: 5 },
        ],
        ticketCapacity: 5,
        shiftCalendarId: calendarId,
      });
      await expect.poll(() => aliceCard.getByRole('form', { name: 'Routing profile of Alice Tremblay' }).getByLabel('Skill 2', { exact: true }).inputValue(), SLOW).toBe('french');
      expect(await aliceCard.getByRole('status').textContent()).toBe('Routing profile of Alice Tremblay was saved.');
      await expectAccessible(page, 'routing: teams and agents');

      // The rules at work: a refund goes to Billing needing the billing skill; anything else falls to Tier 2.
      const refund = await createTicket('Refund for order 1234');
      const other = await createTicket('How do I export my data?');
      await expect.poll(() => teamOf(refund.id), SLOW).toBe(billingTeamId);
      await expect.poll(() => teamOf(other.id), SLOW).toBe(tierTwoTeamId);
      // Alice is not online: the refund waits in Billing's queue, with the skill the rule requires.
      const queues = (await workspace.admin.get<{ data: TeamQueue[] }>('/api/v1/routing/queues?limit=10')).body.data;
      const billingQueue = queues.find((queue) => queue.team.id === billingTeamId)!;
      expect(billingQueue.waiting.find((item) => item.ticketId === refund.id)?.requiredSkills).toEqual([{ skill: 'billing', level: 3 }]);

      // Queues now, read-only: Billing has the refund waiting.
      await page.getByRole('button', { name: 'Refresh' }).click();
      const billingRow = page.locator('tr[data-queue-team="Billing"]');
      await expect.poll(() => billingRow.getByTestId('queue-first').textContent(), SLOW).toContain(`#${refund.number} Refund for order 1234`);
      expect(await billingRow.getByTestId('queue-waiting').textContent()).toBe(String(billingQueue.waitingCount));
      expect(await billingRow.textContent()).toContain('Alice Tremblay: Offline, ');

      // The refund's activity says routing sent it, by which rule, to which team, needing which skill.
      await page.goto(`${server.url}/tickets/${refund.number}`);
      await page.getByText('Activity', { exact: true }).click();
      const routed = page.locator('details.activity li').filter({ hasText: 'Routing routed the ticket' });
      await expect.poll(() => routed.count(), SLOW).toBe(1);
      expect(await routed.textContent()).toContain('Rule: Refunds to Billing');
      expect(await routed.textContent()).toContain('Team: Billing');
      expect(await routed.textContent()).toContain('Required skill: billing ≥ 3');
      await page.goto(`${server.url}/admin/routing`);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Routing rules', exact: true }).isVisible(), SLOW).toBe(true);

      // In French, the same screen, with no key left untranslated.
      await page.getByTestId('language-picker').selectOption('fr-CA');
      await expect.poll(() => page.getByRole('heading', { level: 2, name: "Règles d'acheminement", exact: true }).isVisible(), SLOW).toBe(true);
      expect(await page.getByRole('heading', { level: 2, name: 'Compétences et capacité des agents', exact: true }).isVisible()).toBe(true);
      const frenchBilling = page.locator('article[data-team-name="Billing"]').getByRole('form', { name: 'Acheminement de Billing' });
      expect(await frenchBilling.getByLabel('Stratégie').locator('option:checked').textContent()).toBe('Par compétences');
      expect(await page.locator('tr[data-rule-name="Refunds to Billing"]').getByTestId('rule-skills').textContent()).toBe('billing (3/5)');
      expect(await page.locator('main').textContent()).not.toMatch(/admin\.[a-z]+\.[a-zA-Z]/);
      await expectAccessible(page, 'routing (fr-CA)');
      // On a phone, the cards and forms fit; the wide tables scroll inside their own regions.
      await page.setViewportSize({ width: 375, height: 900 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), SLOW).toBeLessThanOrEqual(375);
      await page.getByTestId('language-picker').selectOption('en');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
