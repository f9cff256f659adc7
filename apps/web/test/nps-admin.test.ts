import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const SLOW = { timeout: 20_000 };
const BROWSER_TEST_TIMEOUT = 120_000;

describe('NPS surveys in a real browser: the schedule in Administration → Email, and the customer’s page', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-nps-web-'));

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

  it('an admin turns the survey on and sets its intervals; the NPS template is listed with the others', async () => {
    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await page.goto(`${server.url}/admin/email`);
    const section = page.getByRole('region', { name: 'NPS survey', exact: true });
    await expect.poll(() => section.getByRole('checkbox', { name: 'Send NPS surveys' }).isVisible(), SLOW).toBe(true);
    expect(await section.getByRole('checkbox', { name: 'Send NPS surveys' }).isChecked()).toBe(false);
    expect(await section.getByLabel('Ask each customer at most once every (days)').inputValue()).toBe('90');
    expect(await section.getByLabel('Only customers with a ticket resolved in the last (days)').inputValue()).toBe('30');

    await section.getByRole('checkbox', { name: 'Send NPS surveys' }).check();
    await section.getByLabel('Ask each customer at most once every (days)').fill('120');
    await section.getByLabel('Only customers with a ticket resolved in the last (days)').fill('14');
    await section.getByRole('button', { name: 'Save NPS survey settings' }).click();
    await expect.poll(() => section.getByText('NPS survey settings saved.').isVisible(), SLOW).toBe(true);
    const saved = (await workspace.admin.get<{ isEnabled: boolean; intervalDays: number; recentResolutionDays: number }>('/api/v1/satisfaction/nps/settings')).body;
    expect(saved).toMatchObject({ isEnabled: true, intervalDays: 120, recentResolutionDays: 14 });

    // The survey's email is edited with the others: chosen in the list of templates, with its link variable.
    const kinds = page.getByLabel('Which email', { exact: true });
    await kinds.selectOption('nps_survey');
    expect(await kinds.locator('option:checked').textContent()).toBe('NPS survey, sent on the schedule below');
    await expect.poll(() => page.locator('code.email-variable', { hasText: '{{nps.url}}' }).isVisible(), SLOW).toBe(true);
    await expectAccessible(page, 'email administration with the NPS survey');
    await context.close();

    // The interface speaks the admin's own language.
    expect((await workspace.admin.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const french = await newPerson(browser, { locale: 'fr-CA' });
    await signIn(french.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await french.page.goto(`${server.url}/admin/email`);
    await expect.poll(() => french.page.getByRole('region', { name: 'Sondage NPS', exact: true }).getByRole('checkbox', { name: 'Envoyer des sondages NPS' }).isChecked(), SLOW).toBe(true);
    await french.context.close();
    await workspace.admin.patch('/api/v1/account', { language: 'en' });
  }, BROWSER_TEST_TIMEOUT);

  it('a French-speaking customer answers the survey in French on an accessible page, and the answer is kept', async () => {
    await workspace.admin.patch('/api/v1/satisfaction/nps/settings', { isEnabled: true, isBusinessHoursOnly: false });
    const ticket = (await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Facture', customer_email: 'camille.tremblay@example.ca', language: 'fr' })).body;
    await workspace.admin.patch(`/api/v1/customers/${ticket.customerId}`, { language: 'fr' });
    await workspace.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
    await server.services.nps.sweep();
    const [survey] = await queryRows<{ id: string; expiresAt: Date }>(server.services.db, sql`SELECT id, expires_at AS "expiresAt" FROM nps_surveys WHERE workspace_id = ${workspace.workspaceId}`);
    const url = new URL(server.services.nps.urlOf({ workspaceId: workspace.workspaceId, surveyId: survey!.id, expiresAt: new Date(survey!.expiresAt), language: 'fr' }));

    const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
    await page.goto(`${server.url}${url.pathname}`);
    const scale = page.getByRole('group', { name: `Quelle est la probabilité que vous recommandiez ${workspace.slug} à un ami ou à un collègue?` });
    await expectAccessible(page, 'NPS survey page');
    await scale.getByRole('radio', { name: '9', exact: true }).check();
    await page.getByLabel('Quelle est la principale raison de votre note? (facultatif)').fill('Service rapide.');
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), SLOW).toContain('Merci! Votre réponse a été enregistrée.');
    expect(await scale.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    await expectAccessible(page, 'NPS survey page, answered');
    await context.close();

    const results = (await workspace.admin.get<{ promoters: number; score: number; answers: { data: Array<{ comment: string }> } }>('/api/v1/satisfaction/nps')).body;
    expect(results).toMatchObject({ promoters: 1, score: 100, answers: { data: [{ comment: 'Service rapide.' }] } });
  }, BROWSER_TEST_TIMEOUT);
});
