import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 180_000;

interface SavedReportAnswer {
  id: string;
  name: string;
  definition: { metrics: string[]; groupBy: string[]; filters: Record<string, string[]>; chart: string };
  ownerId: string;
  sharedTeamId: string | null;
}

interface ScheduleAnswer {
  id: string;
  name: string;
  reportKey: string | null;
  frequency: string;
  recipientIds: string[];
  language: string;
  condition: { metric: string; operator: string; threshold: number } | null;
  nextRunAt: string;
  lastStatus: string | null;
}

describe('saved reports and scheduled emails, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let manager: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let agent: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let teamId: string;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-analytics-schedules-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // No SMTP_URL: "Send now" answers that no mail server is set up.
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Mireille Tremblay');
    agent = await workspace.addUser('agent', 'Antoine Gagnon');
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Soutien Montréal', memberIds: [manager.userId, agent.userId] });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    // Another team, which the report is not shared with.
    expect((await workspace.admin.post('/api/v1/teams', { name: 'Facturation', memberIds: [] })).status).toBe(201);
    for (const channel of ['email', 'chat']) {
      const ticket = await workspace.admin.post('/api/v1/tickets', { subject: `Question par ${channel}`, customer_email: 'client@exemple.ca', teamId, channel });
      expect(ticket.status).toBe(201);
    }
    // Folded into the figures by the outbox dispatch (no workers in this test).
    while ((await server.services.outbox.dispatchBatch()) > 0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it(
    'a manager saves a custom report shared with their team, an agent of the team runs it, and the manager schedules an alert in French',
    async () => {
      // ── The manager builds a report by channel and saves it for the team.
      const managerPerson = await newPerson(browser);
      let page = managerPerson.page;
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await page.goto(`${server.url}/analytics/builder`);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Report builder' }).isVisible(), SLOW).toBe(true);
      // The metrics are named as the server's catalog names them.
      await expect.poll(() => page.getByRole('checkbox', { name: 'SLA achievement' }).isVisible(), SLOW).toBe(true);
      await page.getByRole('checkbox', { name: 'Tickets resolved' }).uncheck();
      await page.getByRole('checkbox', { name: 'Escalations', exact: true }).check();
      await page.locator('select[name="groupBy1"]').selectOption({ label: 'Channel' });
      await page.locator('select[name="chart"]').selectOption('bar');
      await page.getByRole('button', { name: 'Run the report' }).click();
      await expect.poll(() => page.getByTestId('report-total-created').getAttribute('data-value'), SLOW).toBe('2');

      await page.getByRole('button', { name: 'Save…' }).click();
      const saveForm = page.getByRole('form', { name: 'Save this report' });
      await saveForm.getByRole('textbox', { name: 'Name' }).fill('Billets par canal');
      const share = saveForm.locator('select[name="sharedTeamId"]');
      expect(await share.locator('option').allTextContents()).toEqual(['Nobody (only me)', 'Facturation', 'Soutien Montréal']);
      await share.selectOption({ label: 'Soutien Montréal' });
      await expectAccessible(page, 'report builder, saving');
      await saveForm.getByRole('button', { name: 'Save the report' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved as “Billets par canal”.' }).count(), SLOW).toBe(1);
      expect(await page.getByRole('form', { name: 'Save this report' }).count()).toBe(0);

      const saved = await manager.client.get<{ data: SavedReportAnswer[] }>('/api/v1/analytics/saved-reports');
      expect(saved.body.data.map((report) => [report.name, report.sharedTeamId, report.definition.metrics, report.definition.groupBy, report.definition.chart])).toEqual([
        ['Billets par canal', teamId, ['created', 'escalations'], ['channel'], 'bar'],
      ]);
      const reportId = saved.body.data[0]!.id;
      await managerPerson.context.close();

      // ── An agent of the team finds it among the saved reports, and runs it over their own tickets.
      const agentPerson = await newPerson(browser);
      page = agentPerson.page;
      await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
      await page.goto(`${server.url}/analytics/reports`);
      await expect.poll(() => page.getByRole('heading', { level: 3, name: 'Saved reports' }).isVisible(), SLOW).toBe(true);
      const listed = page.getByTestId('saved-report-list').locator('li', { hasText: 'Billets par canal' });
      await expect.poll(() => listed.count(), SLOW).toBe(1);
      await expect.poll(() => listed.getByTestId('saved-report-ownership').textContent(), SLOW).toBe('By Mireille Tremblay · Shared with Soutien Montréal');
      expect(await listed.textContent()).toContain('Tickets created, Escalations, by Channel');
      // Agents neither schedule emails nor see where they are made.
      expect(await page.getByRole('navigation', { name: 'Analytics sections' }).getByRole('link', { name: 'Scheduled emails' }).count()).toBe(0);
      await expectAccessible(page, 'reports with saved reports');

      await listed.getByRole('link', { name: 'Billets par canal' }).click();
      await page.waitForURL(new RegExp(`/analytics/saved/${reportId}$`));
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Billets par canal' }).isVisible(), SLOW).toBe(true);
      await expect.poll(() => page.getByTestId('report-period').textContent(), SLOW).toContain('Figures for your own tickets');
      expect(await page.getByTestId('report-total-created').getAttribute('data-value')).toBe('0');
      expect(await page.getByTestId('report-total-escalations').textContent()).toContain('Escalations');
      // Not the agent's to change; the period and exports are.
      expect(await page.getByRole('button', { name: 'Rename' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
      await page.locator('select[name="period"]').selectOption('7');
      await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('7');
      const href = new URL((await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!, server.url);
      expect(href.pathname).toBe(`/api/v1/analytics/saved-reports/${reportId}/export`);
      expect(href.searchParams.get('format')).toBe('csv');
      const exported = await page.request.get(href.toString());
      expect(exported.status()).toBe(200);
      expect((await exported.text()).split(/\r?\n/)[0]).toContain('Tickets created');
      await expectAccessible(page, 'saved report, as a team member');
      await agentPerson.context.close();

      // ── The manager, in French, schedules an alert on the SLA report.
      expect((await manager.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
      const frenchPerson = await newPerson(browser, { locale: 'fr-CA' });
      page = frenchPerson.page;
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await page.goto(`${server.url}/analytics`);
      await page.getByRole('navigation', { name: 'Sections des analyses' }).getByRole('link', { name: 'Envois programmés' }).click();
      await page.waitForURL(/\/analytics\/schedules$/);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Envois programmés' }).isVisible(), SLOW).toBe(true);
      await expect.poll(() => page.getByText('Aucun envoi programmé pour l’instant.').isVisible(), SLOW).toBe(true);

      const form = page.getByRole('form', { name: 'Nouvel envoi programmé' });
      await form.getByRole('textbox', { name: 'Nom' }).fill('Respect des ententes sous 95 %');
      const report = form.locator('select[name="report"]');
      await report.selectOption({ label: 'Respect des ententes de service' });
      // Saved reports can be sent too.
      expect(await report.locator('optgroup[label="Rapports enregistrés"] option').allTextContents()).toEqual(['Billets par canal']);
      await form.locator('select[name="frequency"]').selectOption('weekly');
      expect(await form.getByText(/^Chaque lundi à 7 h/).isVisible()).toBe(true);
      await form.getByRole('checkbox', { name: /^Antoine Gagnon/ }).check();
      expect(await form.getByRole('checkbox', { name: /^Mireille Tremblay/ }).isChecked()).toBe(true);
      expect(await form.locator('select[name="language"]').inputValue()).toBe('fr');
      await form.locator('select[name="format"]').selectOption('pdf');
      await form.getByRole('checkbox', { name: 'N’envoyer que si un total franchit un seuil' }).check();
      await form.locator('select[name="metric"]').selectOption({ label: 'Respect des ententes de service' });
      await form.locator('select[name="operator"]').selectOption({ label: 'sous' });
      // A share is typed as a percentage.
      await form.getByRole('textbox', { name: 'Seuil (%)' }).fill('95');
      await expectAccessible(page, 'scheduled emails, new alert');
      await form.getByRole('button', { name: 'Programmer l’envoi' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: /^« Respect des ententes sous 95 % » programmé\. Prochain envoi : / }).count(), SLOW).toBe(1);

      const schedules = await manager.client.get<{ data: ScheduleAnswer[] }>('/api/v1/analytics/schedules');
      expect(schedules.body.data).toHaveLength(1);
      const schedule = schedules.body.data[0]!;
      expect(schedule).toMatchObject({ name: 'Respect des ententes sous 95 %', reportKey: 'sla', frequency: 'weekly', language: 'fr', condition: { metric: 'sla_achievement', operator: 'below', threshold: 0.95 } });
      expect(schedule.recipientIds.sort()).toEqual([manager.userId, agent.userId].sort());

      // Listed with its condition as a percentage and its next run in the workspace's time zone.
      const row = page.getByTestId('schedule-table').locator('tbody tr', { hasText: 'Respect des ententes sous 95 %' });
      await expect.poll(() => row.count(), SLOW).toBe(1);
      expect(await row.getByTestId('schedule-condition').textContent()).toMatch(/^Respect des ententes de service sous 95\s%$/);
      const timeZone = (await manager.client.get<{ timeZone: string }>('/api/v1/analytics/catalog')).body.timeZone;
      const nextRun = new Intl.DateTimeFormat('fr-CA', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(schedule.nextRunAt));
      expect(await row.getByTestId('schedule-next-run').textContent()).toBe(nextRun);
      expect(await row.getByTestId('schedule-next-run').locator('time').getAttribute('datetime')).toBe(schedule.nextRunAt);
      expect(await page.getByRole('columnheader', { name: `Prochain envoi (${timeZone})` }).count()).toBe(1);
      expect(await row.textContent()).toContain('Hebdomadaire (le lundi) · PDF · Français');
      // Staff in the order the workspace lists them (by email).
      expect(await row.textContent()).toContain('Antoine Gagnon, Mireille Tremblay');
      expect(await row.getByTestId('schedule-last-run').textContent()).toBe('Pas encore');

      // Send now: last week had no resolved ticket.
      await row.getByRole('button', { name: 'Envoyer « Respect des ententes sous 95 % » maintenant' }).click();
      const result = page.getByTestId('schedule-send-result');
      // Nothing was resolved yesterday: the alert has no achievement to compare, and says so.
      await expect.poll(() => result.getAttribute('data-status'), SLOW).toBe('no_data');
      expect(await result.textContent()).toContain('Non envoyé : le chiffre de l’alerte n’a pas de valeur pour la période');
      await expect.poll(() => row.getByTestId('schedule-last-run').textContent(), SLOW).toContain('Non envoyé : le chiffre de l’alerte n’a pas de valeur pour la période');

      // Without its condition it goes out every week; with no mail server set up, nothing leaves, and the page says so.
      await row.getByRole('button', { name: 'Modifier « Respect des ententes sous 95 % »' }).click();
      const editForm = page.getByRole('form', { name: 'Modifier « Respect des ententes sous 95 % »' });
      expect(await editForm.getByRole('textbox', { name: 'Seuil (%)' }).inputValue()).toBe('95');
      await editForm.getByRole('checkbox', { name: 'N’envoyer que si un total franchit un seuil' }).uncheck();
      await editForm.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await expect.poll(() => row.getByTestId('schedule-condition').textContent(), SLOW).toBe('Toujours envoyé');
      await row.getByRole('button', { name: 'Envoyer « Respect des ententes sous 95 % » maintenant' }).click();
      await expect.poll(() => result.getAttribute('data-status'), SLOW).toBe('no_mail_server');
      expect(await result.textContent()).toContain('Non envoyé : aucun serveur de courriel n’est configuré');
      expect(await result.textContent()).toContain('Destinataires joints0');
      await expectAccessible(page, 'scheduled emails, after sending');
      expect((await manager.client.get<{ data: ScheduleAnswer[] }>('/api/v1/analytics/schedules')).body.data[0]!.lastStatus).toBe('no_mail_server');

      // Its owner stops sharing the saved report, then deletes it (and the schedules that send it).
      await page.goto(`${server.url}/analytics/saved/${reportId}`);
      await expect.poll(() => page.getByTestId('saved-report-ownership').textContent(), SLOW).toBe('Le vôtre · Partagé avec Soutien Montréal');
      await page.getByRole('button', { name: 'Renommer ou partager' }).click();
      const settings = page.getByRole('form', { name: 'Renommer ou partager « Billets par canal »' });
      await settings.locator('select[name="sharedTeamId"]').selectOption({ label: 'Personne (moi seulement)' });
      await settings.getByRole('button', { name: 'Enregistrer' }).click();
      await expect.poll(() => page.getByTestId('saved-report-ownership').textContent(), SLOW).toBe('Le vôtre · Non partagé');
      expect((await agent.client.get(`/api/v1/analytics/saved-reports/${reportId}`)).status).toBe(404);
      await page.getByRole('button', { name: 'Supprimer' }).click();
      await page.getByRole('group', { name: 'Supprimer « Billets par canal » et ses envois programmés?' }).getByRole('button', { name: 'Le supprimer' }).click();
      await page.waitForURL(/\/analytics\/reports$/);
      await expect.poll(() => page.getByRole('status').filter({ hasText: '« Billets par canal » supprimé.' }).count(), SLOW).toBe(1);
      await expect.poll(() => page.getByText('Aucun rapport enregistré pour l’instant.').isVisible(), SLOW).toBe(true);
      await frenchPerson.context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
