import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 180_000;

interface Rule {
  id: string;
  name: string;
  triggers: string[];
  conditions: unknown;
  actions: Array<Record<string, unknown>>;
  position: number;
  isActive: boolean;
  isStopProcessing: boolean;
  builtIn: string | null;
}

describe('automation rules in Administration, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let billingTeamId: string;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-automations-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([
      startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir, SLA_SWEEP_INTERVAL_MS: '3600000', AUTOMATION_TIME_SWEEP_INTERVAL_MS: '3600000' } }),
      connectBrowser(),
    ]);
    // The basic plan allows 10 active rules: the limit is reached within the test.
    workspace = await server.createWorkspace({ plan: 'basic' });
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing' });
    expect(team.status).toBe(201);
    billingTeamId = team.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const rulesOfWorkspace = async () => (await workspace.admin.get<{ data: Rule[] }>('/api/v1/automations/rules')).body.data;
  const createTicket = async (body: Record<string, unknown>) => {
    const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', body);
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const ticketOf = async (id: string) => (await workspace.admin.get<Ticket & { tags: string[]; teamId: string | null }>(`/api/v1/tickets/${id}`)).body;
  const dryRun = async (page: Page, ticketNumber: number) => {
    const form = page.getByRole('form', { name: 'Dry run' });
    await form.getByLabel('Ticket number').fill(String(ticketNumber));
    await form.getByLabel('Event').selectOption({ label: 'Ticket created' });
    await form.getByRole('button', { name: 'Run the dry run' }).click();
    await expect.poll(() => page.getByTestId('dry-run-summary').textContent(), SLOW).toContain(`ticket #${ticketNumber}`);
    return page.getByTestId('dry-run-results');
  };
  const outcomeOf = (results: Locator, name: string) => results.locator(`[data-testid="dry-run-rule"][data-rule-name="${name}"]`);

  it(
    'an admin builds “subject contains refund OR priority is urgent → tag billing, assign Billing”, sees the server refuse a rule without actions, dry-runs it on a matching and a non-matching ticket, and a new ticket gets the tag',
    async () => {
      const matching = await createTicket({ subject: 'Refund for order 1234', priority: 'normal', customer_email: 'ana@shop.example' });
      const other = await createTicket({ subject: 'Password reset', priority: 'low', customer_email: 'ben@shop.example' });
      const canned = await workspace.admin.post<{ id: string }>('/api/v1/canned-responses', {
        name: 'Refund received',
        visibility: 'shared',
        bodyEn: 'We are looking at your refund for ticket #{{ticket.number}}.',
        bodyFr: 'Nous examinons votre remboursement pour le billet no {{ticket.number}}.',
      });

      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
      await page.getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Automation rules', exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Automation rules', exact: true }).isVisible(), SLOW).toBe(true);
      // The shipped escalation rules are listed, marked built-in, with no delete button.
      const legalRow = page.locator('tr[data-rule-name="Escalate legal threats and angry customers"]');
      await expect.poll(() => legalRow.getByTestId('rule-built-in').isVisible(), SLOW).toBe(true);
      expect(await legalRow.getByRole('button', { name: 'Delete' }).count()).toBe(0);

      const form = page.getByRole('form', { name: 'New rule' });
      await form.getByLabel('Name', { exact: true }).fill('Refund to billing');
      expect(await form.getByRole('checkbox', { name: 'Ticket created' }).isChecked()).toBe(true);

      // No actions yet: the server refuses, and its words appear beside the actions.
      await form.getByRole('button', { name: 'Create rule' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toContain('The rule was not saved');
      const refusal = await workspace.admin.post<{ error: { details: Array<{ path: string; message: string }> } }>('/api/v1/automations/rules', { name: 'Refund to billing', triggers: ['ticket.created'], actions: [] });
      expect(refusal.status).toBe(400);
      const serverMessage = refusal.body.error.details.find((detail) => detail.path === 'body.actions')!.message;
      const actionsFieldset = form.getByRole('group', { name: 'Actions', exact: true });
      await expect.poll(() => actionsFieldset.getByTestId('field-error').textContent()).toBe(serverMessage);
      expect((await rulesOfWorkspace()).some((rule) => rule.name === 'Refund to billing')).toBe(false);

      // Conditions: any of (subject contains "refund", priority is urgent).
      const root = form.getByTestId('condition-group').first();
      await root.getByLabel('Match').selectOption('any');
      await root.getByRole('button', { name: 'Add a condition' }).click();
      await root.getByRole('button', { name: 'Add a condition' }).click();
      const [subject, priority] = [root.getByTestId('condition').nth(0), root.getByTestId('condition').nth(1)];
      await subject.getByLabel('Field', { exact: true }).selectOption({ label: 'Ticket subject' });
      await subject.getByLabel('Operator', { exact: true }).selectOption({ label: 'contains' });
      await subject.getByLabel('Value for Ticket subject').fill('refund');
      await priority.getByLabel('Field', { exact: true }).selectOption({ label: 'Priority' });
      await priority.getByLabel('Operator', { exact: true }).selectOption({ label: 'is' });
      // An enum is a select of its values, in the interface language.
      await priority.getByLabel('Value for Priority').selectOption({ label: 'Urgent' });

      // Actions: add the tag "billing", assign the Billing team.
      await form.getByLabel('Action to add').selectOption({ label: 'Add tags' });
      await form.getByRole('button', { name: 'Add the action' }).click();
      const tagInput = form.getByLabel('Tags for “Add tags”');
      await tagInput.fill('billing');
      await tagInput.press('Enter');
      await expect.poll(() => form.getByRole('button', { name: 'Remove billing' }).isVisible()).toBe(true);
      await form.getByLabel('Action to add').selectOption({ label: 'Assign to a team' });
      await form.getByRole('button', { name: 'Add the action' }).click();
      await form.getByTestId('action').nth(1).getByRole('combobox', { name: /^Team/ }).selectOption({ label: 'Billing' });
      // …and answer the customer with a canned response shared with the workspace.
      await form.getByLabel('Action to add').selectOption({ label: 'Reply with a canned response' });
      await form.getByRole('button', { name: 'Add the action' }).click();
      await form.getByTestId('action').nth(2).getByRole('combobox', { name: /^Canned response/ }).selectOption({ label: 'Refund received' });
      await expectAccessible(page, 'automation rule editor');

      await form.getByRole('button', { name: 'Create rule' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Refund to billing was created.' }).count(), SLOW).toBe(1);
      const saved = (await rulesOfWorkspace()).find((rule) => rule.name === 'Refund to billing')!;
      expect(saved).toMatchObject({
        triggers: ['ticket.created'],
        conditions: { any: [{ field: 'ticket.subject', operator: 'contains', value: 'refund' }, { field: 'ticket.priority', operator: 'equals', value: 'urgent' }] },
        actions: [{ type: 'add_tags', tags: ['billing'] }, { type: 'assign_team', teamId: billingTeamId }, { type: 'reply_template', cannedResponseId: canned.body.id }],
        isActive: true,
        isStopProcessing: false,
        builtIn: null,
      });
      const newRow = page.locator('tr[data-rule-name="Refund to billing"]');
      await expect.poll(() => newRow.textContent(), SLOW).toContain('Ticket created');

      // Dry run on the matching ticket: the rule would apply, with what it would do.
      let results = await dryRun(page, matching.number);
      await expect.poll(() => outcomeOf(results, 'Refund to billing').getAttribute('data-outcome')).toBe('match');
      const wouldDo = await outcomeOf(results, 'Refund to billing').textContent();
      expect(wouldDo).toContain('Would apply');
      expect(wouldDo).toContain('Add the tags billing');
      expect(wouldDo).toContain('Assign to the team Billing');
      expect(wouldDo).toContain('Reply with the canned response “Refund received”');
      expect(await outcomeOf(results, 'Refund to billing').locator('[data-testid="dry-run-condition"][data-met="true"]').textContent()).toContain('Refund for order 1234');
      await expect.poll(() => page.getByTestId('dry-run-summary').textContent()).toMatch(/1 rule would apply\. Nothing was changed\./);
      await expectAccessible(page, 'dry run results');

      // …and on the other: it would not, and each condition shows what the ticket has.
      results = await dryRun(page, other.number);
      await expect.poll(() => outcomeOf(results, 'Refund to billing').getAttribute('data-outcome')).toBe('no-match');
      const conditions = outcomeOf(results, 'Refund to billing').getByTestId('dry-run-condition');
      expect(await conditions.count()).toBe(2);
      expect(await conditions.nth(0).textContent()).toContain('Password reset');
      expect(await conditions.nth(1).textContent()).toContain('Low');
      expect(await outcomeOf(results, 'Refund to billing').textContent()).not.toContain('Add the tags billing');
      await expect.poll(() => page.getByTestId('dry-run-summary').textContent()).toContain('no rule would apply');
      // A dry run changes nothing.
      expect((await ticketOf(matching.id)).tags).not.toContain('billing');

      // A ticket that does not exist is said so.
      await page.getByRole('form', { name: 'Dry run' }).getByLabel('Ticket number').fill('999999');
      await page.getByRole('form', { name: 'Dry run' }).getByRole('button', { name: 'Run the dry run' }).click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'There is no ticket #999999' }).count(), SLOW).toBe(1);

      // The rule runs for real on new tickets: by the subject, and by the priority alone.
      const refund = await createTicket({ subject: 'Refund request: charged twice', customer_email: 'cleo@shop.example' });
      const urgent = await createTicket({ subject: 'Checkout is down', priority: 'urgent', customer_email: 'dev@shop.example' });
      const plain = await createTicket({ subject: 'How do I export my data?', customer_email: 'eve@shop.example' });
      for (const ticket of [refund, urgent]) {
        await expect.poll(async () => (await ticketOf(ticket.id)).tags, SLOW).toContain('billing');
        expect((await ticketOf(ticket.id)).teamId).toBe(billingTeamId);
      }
      const replies = await workspace.admin.get<{ data: Array<{ body: string; isPublic: boolean; authorType: string }> }>(`/api/v1/tickets/${refund.id}/comments`);
      expect(replies.body.data.filter((comment) => comment.isPublic && comment.authorType === 'system').map((comment) => comment.body)).toEqual([`We are looking at your refund for ticket #${refund.number}.`]);
      // By the time both have been tagged, the plain one has had its turn too.
      expect((await ticketOf(plain.id)).tags).not.toContain('billing');

      // Reordering: the rule moves above the one before it.
      const names = async () => page.locator('[data-testid="automation-rule-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule-name')));
      const before = await names();
      const at = before.indexOf('Refund to billing');
      expect(at).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Move Refund to billing up' }).click();
      await expect.poll(names, SLOW).toEqual([...before.slice(0, at - 1), 'Refund to billing', before[at - 1], ...before.slice(at + 1)]);
      const order = (await rulesOfWorkspace()).map((rule) => rule.name);
      expect(order.indexOf('Refund to billing')).toBe(at - 1);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'turning on a rule past the plan’s limit says so plainly, and the rule stays off',
    async () => {
      const active = (await rulesOfWorkspace()).filter((rule) => rule.isActive).length;
      for (let index = active; index < 10; index += 1) {
        const created = await workspace.admin.post('/api/v1/automations/rules', { name: `Filler ${index}`, triggers: ['ticket.updated'], actions: [{ type: 'add_tags', tags: ['filler'] }] });
        expect(created.status).toBe(201);
      }
      const spare = await workspace.admin.post<Rule>('/api/v1/automations/rules', { name: 'One too many', triggers: ['comment.created'], isActive: false, actions: [{ type: 'notify', recipients: 'managers' }] });
      expect(spare.status).toBe(201);

      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
      await page.goto(`${server.url}/admin/automations`);
      // A controlled checkbox: it stays unticked when the server refuses, so it is clicked rather than `check()`ed.
      await page.getByRole('checkbox', { name: 'One too many is active' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toBe('The Basic plan allows 10 active rules. Turn another rule off first, or save this one turned off.');
      expect((await rulesOfWorkspace()).find((rule) => rule.id === spare.body.id)!.isActive).toBe(false);
      await expect.poll(() => page.getByRole('checkbox', { name: 'One too many is active' }).isChecked()).toBe(false);

      // In French too.
      await page.getByTestId('language-picker').selectOption('fr-CA');
      await expect.poll(() => page.getByRole('heading', { level: 2, name: "Règles d'automatisation", exact: true }).isVisible(), SLOW).toBe(true);
      await page.getByRole('checkbox', { name: 'One too many est active' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), SLOW).toContain('Le forfait Essentiel permet 10 règles actives');
      await page.getByTestId('language-picker').selectOption('en');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
