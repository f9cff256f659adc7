import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up, except where speed is the point.
const SLOW = { timeout: 20_000 };
/** A change on the live dashboard shows within this long of the write's answer (event dispatch, push, one read). */
const LIVE = { timeout: 2_000, interval: 50 };
const BROWSER_TEST_TIMEOUT = 180_000;

interface ReportAnswer {
  columns: Array<{ key: string; kind: 'dimension' | 'metric'; label: { en: string; fr: string } }>;
  rows: Array<Record<string, string | number | null>>;
  totals: Record<string, number | null>;
  scope: { kind: string };
}

describe('analytics, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  let manager: Awaited<ReturnType<TestWorkspace['addUser']>>;
  let teamId: string;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-analytics-web-'));
  const downloadDir = mkdtempSync(join(tmpdir(), 'switchboard-analytics-downloads-'));

  const createTicket = async (body: Record<string, unknown>) => {
    const answer = await workspace.admin.post<{ id: string }>('/api/v1/tickets', { customer_email: 'client@exemple.ca', teamId, ...body });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // Workers on: the outbox dispatch folds events into the figures and pushes them to the browser.
    [server, browser] = await Promise.all([startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    manager = await workspace.addUser('manager', 'Mireille Tremblay');
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Soutien Montréal', memberIds: [manager.userId] });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    await createTicket({ subject: 'Where is my order?', priority: 'normal' });
    await createTicket({ subject: 'Facture en double', priority: 'high', channel: 'email' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
    rmSync(downloadDir, { recursive: true, force: true });
  });

  it(
    'a manager sees a new ticket on the live dashboard within two seconds, then exports the volume report and the XLSX holds the API’s numbers',
    async () => {
      const { context, page } = await newPerson(browser);
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Analytics' }).click();
      await page.waitForURL(/\/analytics$/);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Live dashboard' }).isVisible(), SLOW).toBe(true);

      const tile = (testId: string) => page.getByTestId(testId).getAttribute('data-value');
      // Both tickets of the manager's team, folded in by the dispatch.
      await expect.poll(() => tile('live-open-total'), SLOW).toBe('2');
      await expect.poll(() => tile('live-created-today'), SLOW).toBe('2');
      expect(await page.getByTestId('live-open-total').locator('.analytics-tile-value').textContent()).toBe('2');
      expect(await page.getByText('Figures for your teams').isVisible()).toBe(true);
      expect(await page.getByTestId('live-open-by-status').textContent()).toContain('New');
      await expectAccessible(page, 'live dashboard');

      // No reload: the ticket's events arrive over the realtime connection and the dashboard reads the figures again.
      await createTicket({ subject: 'Le colis est arrivé abîmé', priority: 'urgent', channel: 'email' });
      await expect.poll(() => tile('live-open-total'), LIVE).toBe('3');
      await expect.poll(() => tile('live-created-today'), LIVE).toBe('3');
      await expect.poll(() => page.getByTestId('live-created-today').locator('.analytics-tile-value').textContent(), LIVE).toBe('3');

      // The wallboard shows the same figures, without the app's navigation.
      await page.getByRole('link', { name: 'TV mode' }).click();
      await page.waitForURL(/\/analytics\/tv$/);
      await expect.poll(() => tile('live-open-total'), SLOW).toBe('3');
      expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
      expect(await page.getByTestId('live-updated-at').textContent()).toMatch(/^Updated at /);
      await expectAccessible(page, 'TV wallboard');
      await page.getByRole('link', { name: 'Back to the dashboard' }).click();
      await page.waitForURL(/\/analytics$/);

      // The volume report: totals, chart and table agree, and the XLSX export holds the same numbers as the API.
      await page.getByRole('navigation', { name: 'Analytics sections' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('link', { name: 'Ticket volume' }).click();
      await page.waitForURL(/\/analytics\/reports\/volume$/);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Ticket volume' }).isVisible(), SLOW).toBe(true);
      await expect.poll(() => page.getByTestId('report-total-created').getAttribute('data-value'), SLOW).toBe('3');
      expect(await page.getByTestId('report-total-created').textContent()).toContain('Tickets created');
      await expect.poll(() => page.getByRole('img', { name: /^Line chart, Ticket volume: Tickets created, Tickets resolved by Day, 30 groups\./ }).count(), SLOW).toBe(1);
      await page.getByRole('button', { name: 'Show data table' }).click();
      const table = page.getByTestId('report-chart-table');
      await expect.poll(() => table.locator('tbody tr').count(), SLOW).toBe(30);
      expect(await table.locator('tfoot').textContent()).toBe('Total30');
      await expectAccessible(page, 'volume report');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export XLSX' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const file = join(downloadDir, download.suggestedFilename());
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.worksheets[0]!;
      const sheetRows = Array.from({ length: sheet.rowCount }, (_, index) => (sheet.getRow(index + 1).values as unknown[]).slice(1));

      // The same query as the button's: the period the page chose, its hours and filters.
      const exportUrl = new URL(download.url());
      expect(exportUrl.pathname).toBe('/api/v1/analytics/reports/volume/export');
      const query = Object.fromEntries([...exportUrl.searchParams].filter(([key]) => key !== 'format' && key !== 'lang'));
      expect(Object.keys(query).sort()).toEqual(['from', 'hours', 'to']);
      const report = await manager.client.get<ReportAnswer>('/api/v1/analytics/reports/volume', query);
      expect(report.status).toBe(200);
      expect(report.body.scope.kind).toBe('teams');
      expect(report.body.totals.created).toBe(3);
      expect(report.body.rows).toHaveLength(30);

      expect(sheetRows[0]).toEqual(report.body.columns.map((column) => column.label.en));
      expect(sheetRows.slice(1, -1)).toEqual(report.body.rows.map((row) => [row.day, row.created, row.resolved]));
      expect(sheetRows.at(-1)).toEqual(['Total', report.body.totals.created, report.body.totals.resolved]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'reads the volume report in French (Québec)',
    async () => {
      expect((await manager.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
      const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
      await signIn(page, server.url, { workspace: workspace.slug, email: manager.email, password: workspace.password });
      expect(await page.getByRole('navigation', { name: 'Vues' }).getByRole('link', { name: 'Analyses' }).isVisible()).toBe(true);
      await page.goto(`${server.url}/analytics/reports/volume?period=7`);
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Volume de billets' }).isVisible(), SLOW).toBe(true);
      await expect.poll(() => page.getByTestId('report-total-created').textContent(), SLOW).toBe('Billets créés3');
      expect(await page.locator('select[name="period"]').inputValue()).toBe('7');
      expect(await page.getByRole('option', { name: '7 derniers jours' }).count()).toBe(1);
      expect(await page.locator('select[name="hours"] option:checked').textContent()).toBe('Heures d’ouverture');
      expect(await page.getByRole('group', { name: 'Période et filtres' }).textContent()).toContain('Délais comptés en');
      expect(await page.getByRole('link', { name: 'Exporter en XLSX' }).getAttribute('href')).toContain('lang=fr');
      await expect.poll(() => page.getByRole('img', { name: /^Graphique linéaire, Volume de billets : Billets créés, Billets résolus par Jour, 7 groupes\./ }).count(), SLOW).toBe(1);
      await page.getByRole('button', { name: 'Afficher le tableau de données' }).click();
      const table = page.getByTestId('report-chart-table');
      expect(await table.locator('thead').textContent()).toBe('JourBillets créésBillets résolus');
      // Dates as written in Québec: "3 déc. 2026".
      expect(await table.locator('tbody th').last().textContent()).toMatch(/^\d{1,2} [a-zéû]+\.? \d{4}$/);
      expect(await page.getByRole('button', { name: 'Afficher le graphique' }).isVisible()).toBe(true);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT,
  );
});
