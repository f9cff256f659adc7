import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

/** The server's clock, moved forward to reach warnings and breaches without waiting for them. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const SLOW = { timeout: 20_000 };

describe('the “SLA at risk” view, in a real browser', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let browser: Browser;
  let agent: { userId: string; email: string; client: TestWorkspace['admin'] };
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-at-risk-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ workers: true, clock, env: { WEB_DIST_DIR: webDistDir, SLA_SWEEP_INTERVAL_MS: '3600000' } }), connectBrowser()]);
    workspace = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Chloé Gagnon');
  });
  afterAll(async () => {
    clock.offsetMs = 0;
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  const createTicket = async (body: Record<string, unknown>) => {
    const answer = await workspace.admin.post<Ticket>('/api/v1/tickets', body);
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const slaReady = async (ticketId: string) =>
    expect.poll(async () => (await workspace.admin.get<{ targets: unknown[] }>(`/api/v1/tickets/${ticketId}/sla`)).body.targets.length, { timeout: 10_000 }).toBeGreaterThan(0);

  it('lists the tickets whose SLA warns or is overdue, soonest due first, live, and leaves the others out', async () => {
    // First response due in 15 minutes (urgent), 1 hour (high) and 4 hours (normal); warnings at 75%.
    const urgent = await createTicket({ subject: 'Checkout page is down', priority: 'urgent', assigneeId: agent.userId, customer_email: 'owner@shop.example' });
    const high = await createTicket({ subject: 'Invoice shows the wrong tax', priority: 'high', customer_email: 'compta@exemple.ca' });
    const normal = await createTicket({ subject: 'How do I add a teammate?', priority: 'normal', customer_email: 'team@shop.example' });
    for (const ticket of [urgent, high, normal]) await slaReady(ticket.id);

    const { context, page } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('link', { name: /^SLA at risk/ }).click();
    await page.waitForURL(/\/views\/sla-at-risk$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'SLA at risk' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.getByText('No ticket is at risk right now.').isVisible(), SLOW).toBe(true);
    await expect.poll(() => nav.getByTestId('at-risk-count').textContent(), SLOW).toBe('0');

    // 50 minutes on: the urgent ticket is overdue, the high one past its warning share, the normal one on track.
    clock.offsetMs = 50 * 60_000;
    const fired = await server.services.sla.fireDue();
    expect(fired.breached).toBeGreaterThanOrEqual(1);
    const rows = page.locator('[data-testid="at-risk-table"] tbody tr');
    // No reload: the warning and the breach arrive on the realtime channel.
    await expect.poll(() => rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-ticket-number'))), SLOW).toEqual([String(urgent.number), String(high.number)]);
    await expect.poll(() => rows.nth(0).locator('[data-sla-state]').getAttribute('data-sla-state')).toBe('breached');
    expect(await rows.nth(0).textContent()).toMatch(/Checkout page is down.*Overdue.*First response/);
    expect(await rows.nth(0).textContent()).toContain('Chloé Gagnon');
    await expect.poll(() => rows.nth(1).locator('[data-sla-state]').getAttribute('data-sla-state')).toBe('warning');
    expect(await rows.nth(1).textContent()).toMatch(/Invoice shows the wrong tax.*At risk/);
    expect(await page.locator(`tr[data-ticket-number="${normal.number}"]`).count()).toBe(0);
    await expect.poll(() => nav.getByTestId('at-risk-count').textContent(), SLOW).toBe('2');
    await expectAccessible(page, 'SLA at risk view');

    // A reply meets the urgent ticket's first response: it leaves the list by itself.
    expect((await workspace.admin.post(`/api/v1/tickets/${urgent.id}/comments`, { body: 'We are on it.', isPublic: true })).status).toBe(201);
    await expect.poll(() => rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-ticket-number'))), SLOW).toEqual([String(high.number)]);

    // The row opens the ticket.
    await rows.nth(0).getByRole('link', { name: 'Invoice shows the wrong tax' }).click();
    await page.waitForURL(new RegExp(`/tickets/${high.number}$`));
    await context.close();
  }, 120_000);

  it('reads in French', async () => {
    expect((await agent.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const { context, page } = await newPerson(browser, { locale: 'fr-CA' });
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.goto(`${server.url}/views/sla-at-risk`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Entente de service à risque' }).isVisible(), SLOW).toBe(true);
    await expect.poll(() => page.locator('[data-testid="at-risk-table"] tbody tr').first().textContent(), SLOW).toContain('À risque');
    await context.close();
  }, 60_000);
});
