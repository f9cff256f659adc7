import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 120_000;

interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  intervals: Array<{ day: number; start: string; end: string }>;
  holidaySet: string | null;
  isDefault: boolean;
}

interface Policy {
  id: string;
  name: string;
  isActive: boolean;
  isDefault: boolean;
  conditions: { priorities: string[]; tiers: string[]; channels: string[]; categories: string[] };
  targets: Record<'urgent' | 'high' | 'normal' | 'low', { firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null }>;
  calendarId: string | null;
  warningPercent: number;
  breachActions: { isPriorityRaised: boolean; reassignTeamId: string | null; isNotified: boolean };
}

describe('business hours and SLA policies in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-sla-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const openFromNav = async (page: Page, link: string, heading: string) => {
    await page.getByRole('navigation', { name: /^(Administration sections|Sections de l'administration)$/ }).getByRole('link', { name: link, exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: heading, exact: true }).isVisible(), SLOW).toBe(true);
  };
  const calendarsOfWorkspace = async () => (await workspace.admin.get<{ data: Calendar[] }>('/api/v1/business-hours/calendars')).body.data;
  const policiesOfWorkspace = async () => (await workspace.admin.get<{ data: Policy[] }>('/api/v1/sla/policies')).body.data;

  it('an admin opens Québec business hours, puts an Enterprise SLA policy on them, cannot delete the calendar it uses, and reads the screens in French', async () => {
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await page.goto(`${server.url}/admin/users`);
    await openFromNav(page, 'Business hours', 'Business-hours calendars');
    await expect.poll(() => page.getByText('No calendar yet.', { exact: false }).isVisible(), SLOW).toBe(true);

    // Montréal: Monday to Friday, 9 to 5, on Toronto's clock, closed on Québec's statutory holidays.
    const form = page.getByRole('form', { name: 'New calendar' });
    await form.getByLabel('Name', { exact: true }).fill('Montréal');
    await form.getByLabel('Time zone', { exact: true }).fill('America/Toronto');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await form.getByRole('checkbox', { name: day, exact: true }).check();
      await form.getByLabel(`${day} opens`, { exact: true }).fill('09:00');
      await form.getByLabel(`${day} closes`, { exact: true }).fill('17:00');
    }
    for (const day of ['Saturday', 'Sunday']) {
      await form.getByRole('checkbox', { name: day, exact: true }).uncheck();
      expect(await form.getByLabel(`${day} opens`, { exact: true }).count()).toBe(0);
    }
    await form.getByLabel('Public holidays').selectOption('ca-qc');
    expect(await form.getByLabel('Public holidays').locator('option:checked').textContent()).toBe('Canada — Québec statutory holidays');
    await form.getByRole('button', { name: 'Create calendar' }).click();
    await expect.poll(() => page.getByText('Montréal was created.').isVisible(), SLOW).toBe(true);

    const row = page.locator('tr[data-calendar-name="Montréal"]');
    await expect.poll(() => row.textContent(), SLOW).toContain('America/Toronto');
    expect(await row.getByTestId('calendar-default').textContent()).toBe('Default');
    expect(await row.textContent()).toContain('Mon–Fri 09:00–17:00');
    const [montreal] = await calendarsOfWorkspace();
    expect(montreal).toMatchObject({ name: 'Montréal', timeZone: 'America/Toronto', holidaySet: 'ca-qc', isDefault: true });
    expect(montreal!.intervals).toEqual([1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })));

    // The closed days of this year, under the form: Québec's Fête nationale on June 24 (the 25th when the 24th is a Sunday).
    const closedDays = page.getByTestId('closed-days');
    const fete = closedDays.locator('tr').filter({ hasText: 'Fête nationale du Québec' });
    await expect.poll(() => fete.count(), SLOW).toBe(1);
    expect(await fete.getAttribute('data-date')).toMatch(/^\d{4}-06-2[45]$/);
    expect(await fete.textContent()).toContain('June');
    expect(await fete.textContent()).toContain('Public holiday');
    await expectAccessible(page, 'business hours');

    // SLA policies: the built-in default, with its 15-minute first response to urgent tickets.
    await openFromNav(page, 'SLA policies', 'SLA policies');
    const defaultRow = page.locator('tr[data-policy-name="Default"]');
    await expect.poll(() => defaultRow.count(), SLOW).toBe(1);
    expect(await defaultRow.getByTestId('sla-default').textContent()).toBe('Default');
    expect(await defaultRow.textContent()).toContain('Round the clock');
    expect(await defaultRow.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await defaultRow.getByRole('button', { name: 'Edit Default' }).click();
    const defaultForm = page.getByRole('form', { name: 'Change the policy Default' });
    await expect.poll(() => defaultForm.getByLabel('Urgent: First response (minutes)').inputValue(), SLOW).toBe('15');
    expect(await defaultForm.getByTestId('sla-default-note').isVisible()).toBe(true);
    expect(await defaultForm.getByRole('group', { name: 'Applies to' }).count()).toBe(0);

    // Enterprise customers: urgent tickets answered within 10 business minutes, on Montréal's hours.
    await page.getByRole('button', { name: 'Create another policy' }).click();
    const policyForm = page.getByRole('form', { name: 'New SLA policy' });
    await policyForm.getByLabel('Name', { exact: true }).fill('Enterprise');
    await policyForm.getByRole('group', { name: 'Customer tiers' }).getByLabel('Enterprise').check();
    const urgentFirstResponse = policyForm.getByLabel('Urgent: First response (minutes)');
    await urgentFirstResponse.fill('10');
    const hintOf = async (label: string) => {
      const hintId = await policyForm.getByLabel(label).getAttribute('aria-describedby');
      return page.locator(`[id="${hintId}"]`).textContent();
    };
    expect(await hintOf('Urgent: First response (minutes)')).toBe('10 min');
    // A new policy starts from the default's targets, read as hours too.
    expect(await policyForm.getByLabel('Normal: First response (minutes)').inputValue()).toBe('240');
    expect(await hintOf('Normal: First response (minutes)')).toBe('4 h');
    await policyForm.getByLabel('Clock runs on').selectOption({ label: 'Montréal (default)' });
    await policyForm.getByLabel('Raise the priority one step').check();
    await policyForm.getByRole('button', { name: 'Create policy' }).click();
    await expect.poll(() => page.getByText('Enterprise was created.').isVisible(), SLOW).toBe(true);

    const enterpriseRow = page.locator('tr[data-policy-name="Enterprise"]');
    await expect.poll(() => enterpriseRow.textContent(), SLOW).toContain('Customer tier: Enterprise');
    expect(await enterpriseRow.textContent()).toContain('Montréal');
    const policies = await policiesOfWorkspace();
    expect(policies.map((policy) => policy.name)).toEqual(['Enterprise', 'Default']);
    const enterprise = policies[0]!;
    expect(enterprise).toMatchObject({
      isActive: true,
      isDefault: false,
      conditions: { priorities: [], tiers: ['enterprise'], channels: [], categories: [] },
      calendarId: montreal!.id,
      warningPercent: 75,
      breachActions: { isPriorityRaised: true, reassignTeamId: null, isNotified: true },
    });
    expect(enterprise.targets.urgent).toEqual({ firstResponseMinutes: 10, nextResponseMinutes: 15, resolutionMinutes: 240 });
    expect(enterprise.targets.normal.firstResponseMinutes).toBe(240);
    await expectAccessible(page, 'SLA policies');

    // A calendar a policy runs on stays: the server's refusal is said in the list.
    await openFromNav(page, 'Business hours', 'Business-hours calendars');
    const montrealRow = page.locator('tr[data-calendar-name="Montréal"]');
    await montrealRow.getByRole('button', { name: 'Delete' }).click();
    await montrealRow.getByRole('button', { name: 'Delete the calendar' }).click();
    const list = page.getByRole('region', { name: 'Business-hours calendars', exact: true });
    await expect.poll(() => list.getByRole('alert').textContent(), SLOW).toContain('An SLA policy runs on this calendar');
    expect((await calendarsOfWorkspace()).map((calendar) => calendar.name)).toEqual(['Montréal']);

    // In French, the same screens.
    await page.getByTestId('language-picker').selectOption('fr-CA');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: "Calendriers des heures d'ouverture" }).isVisible(), SLOW).toBe(true);
    await openFromNav(page, 'Ententes de service', "Politiques d'entente de service");
    await expect.poll(() => page.locator('tr[data-policy-name="Enterprise"]').textContent(), SLOW).toContain('Forfait du client : Entreprise');
    await expectAccessible(page, 'SLA policies (fr-CA)');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
