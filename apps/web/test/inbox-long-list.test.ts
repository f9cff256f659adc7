import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };
const TICKETS = 230;

describe('a long inbox in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-long-list-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('loads further pages as the agent scrolls or moves down with j, drawing only the rows near the screen', async () => {
    const workspace = await server.createWorkspace();
    const create = (number: number) => workspace.admin.post('/api/v1/tickets', { subject: `Backlog item ${number}`, customer_email: 'backlog@example.com' });
    // The first and the last on their own, so they are surely the oldest and the newest; the rest in parallel.
    await create(1);
    for (let start = 2; start < TICKETS; start += 25) {
      await Promise.all(Array.from({ length: Math.min(25, TICKETS - start) }, (_, offset) => create(start + offset)));
    }
    await create(TICKETS);
    const { page, context } = await newPerson(browser);
    await signIn(page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await page.goto(`${server.url}/views/open`);
    const rows = page.locator('.ticket-table tbody tr[data-ticket-number]');
    await expect.poll(() => rows.count(), SLOW).toBe(50);

    // Scrolling to the bottom keeps loading pages until every ticket is in the list.
    const rowCount = () => page.locator('.ticket-table').getAttribute('aria-rowcount');
    for (let attempt = 0; attempt < 20 && (await rowCount()) !== String(TICKETS + 1); attempt += 1) {
      await page.mouse.wheel(0, 20_000);
      await page.waitForTimeout(300);
    }
    await expect.poll(rowCount, SLOW).toBe(String(TICKETS + 1));
    await expect(page.locator('.load-more').count()).resolves.toBe(0);
    // Only a window of rows is in the page, and the oldest ticket (created first) is among them at the bottom.
    await page.mouse.wheel(0, 20_000);
    await expect.poll(() => page.getByRole('link', { name: 'Backlog item 1', exact: true }).isVisible(), SLOW).toBe(true);
    expect(await rows.count()).toBeLessThan(100);
    await expectAccessible(page, 'long inbox, scrolled to the end');

    // Back at the top, the keyboard walks down past the drawn window: the focused row is drawn and shown.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.getByRole('link', { name: `Backlog item ${TICKETS}`, exact: true }).isVisible(), SLOW).toBe(true);
    await rows.first().focus();
    for (let step = 0; step < 120; step += 1) await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex')), SLOW).toBe('122');
    const focused = page.locator('.ticket-table tbody tr.focused');
    await expect.poll(() => focused.getAttribute('data-index'), SLOW).toBe('120');
    await expect.poll(() => focused.isVisible(), SLOW).toBe(true);
    await context.close();
  }, 180_000);
});
