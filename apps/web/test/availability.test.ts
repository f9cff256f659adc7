import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { connectBrowser, newPerson, signIn } from './browser.js';

// The machine is shared with other test runs: give the page time to catch up.
const SLOW = { timeout: 20_000 };

describe('agent availability in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-availability-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer({ workers: true, env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('an agent who opens the app shows online to the admin, then away when they say so, then offline once they close it', async () => {
    const workspace = await server.createWorkspace();
    const agent = await workspace.addUser('agent', 'Rosalie Gagnon');
    const agentEmail = agent.email;
    const admin = await newPerson(browser);
    await signIn(admin.page, server.url, { workspace: workspace.slug, email: workspace.adminEmail, password: workspace.password });
    await admin.page.goto(`${server.url}/admin/users`);
    const agentRow = admin.page.locator(`tr[data-user-email="${agentEmail}"]`);
    await expect.poll(() => agentRow.locator('[data-availability]').getAttribute('data-availability'), SLOW).toBe('offline');

    const person = await newPerson(browser);
    await signIn(person.page, server.url, { workspace: workspace.slug, email: agentEmail, password: workspace.password });
    const picker = person.page.getByTestId('availability-picker');
    await expect.poll(() => picker.inputValue(), SLOW).toBe('online');
    // Without a reload, the admin's table follows the agent.
    await expect.poll(() => agentRow.locator('[data-availability]').getAttribute('data-availability'), SLOW).toBe('online');

    await picker.selectOption('away');
    await expect.poll(() => agentRow.locator('[data-availability]').getAttribute('data-availability'), SLOW).toBe('away');
    await expect.poll(() => agentRow.locator('[data-availability]').textContent(), SLOW).toBe('Away');

    // Their choice outlives a reload; closing the app makes them offline to others.
    await person.page.reload();
    await expect.poll(() => person.page.getByTestId('availability-picker').inputValue(), SLOW).toBe('away');
    await person.context.close();
    await expect.poll(() => agentRow.locator('[data-availability]').getAttribute('data-availability'), SLOW).toBe('offline');
    await admin.context.close();
  }, 120_000);
});
