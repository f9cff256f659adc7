import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../server/test/harness.js';
import { connectBrowser, expectAccessible, newPerson, signIn } from './browser.js';

const BROWSER_TEST_TIMEOUT = 120_000;
const SLOW = { timeout: 30_000 };

/** A 1×1 PNG: small, and still a real image the browser draws. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface TicketThread {
  replyAddress: string;
  messages: Array<{ id: string; disposition: string; rawDownloadUrl: string | null; attachments: Array<{ id: string; filename: string; downloadUrl: string }> }>;
}

describe('the email side of a ticket in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  // The built app is served from a copy, so a rebuild of apps/web/dist during the run cannot pull files from under it.
  const webDistDir = mkdtempSync(join(tmpdir(), 'switchboard-email-ticket-web-'));

  beforeAll(async () => {
    cpSync(join(import.meta.dirname, '../dist'), webDistDir, { recursive: true });
    // Workers dispatch events, so a reply by email appears on the open page without reload.
    [server, browser] = await Promise.all([startTestServer({ smtp: true, workers: true, env: { WEB_DIST_DIR: webDistDir } }), connectBrowser()]);
    workspace = await server.createWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  /** Delivers a message over real SMTP on loopback, as the customer's mail server would. */
  async function send(message: SendMailOptions): Promise<void> {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail(message);
    } finally {
      transport.close();
    }
  }

  it('shows the files, the original and the formatted version of the customer’s emails, and who is in copy', async () => {
    const address = `${workspace.slug}@localhost`;
    const openingId = `lamp-${Date.now()}@mail.example.ca`;
    await send({
      from: 'Marie Tremblay <marie.tremblay@example.ca>',
      to: `Acme Support <${address}>`,
      cc: 'Daniel Okafor <daniel.okafor@example.ca>',
      subject: 'Lamp arrived broken',
      messageId: `<${openingId}>`,
      text: 'The lamp arrived broken. A photo is attached.',
      html: '<p>The lamp arrived <strong>broken</strong>. A photo is attached.</p><p><img src="cid:lamp-inline@example.ca" alt="The crushed box"></p>',
      attachments: [
        { filename: 'broken-lamp.png', content: PNG, contentType: 'image/png' },
        { filename: 'crushed-box.png', content: PNG, contentType: 'image/png', cid: 'lamp-inline@example.ca' },
      ],
    });
    const [ticket] = await workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' });
    expect(ticket).toBeDefined();
    const thread = (await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket!.id}`)).body;
    const opening = thread.messages.find((message) => message.disposition === 'ticket_created')!;
    const photo = opening.attachments.find((file) => file.filename === 'broken-lamp.png')!;
    const inline = opening.attachments.find((file) => file.filename === 'crushed-box.png')!;

    const agent = await workspace.addUser('agent', 'Liam Agent');
    const { context, page } = await newPerson(browser);
    const attachmentAnswers = new Map<string, number>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/v1/attachments/')) attachmentAnswers.set(path, response.status());
    });
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.goto(`${server.url}/tickets/${ticket!.number}`);

    // Under the description: the files of the first email, images as thumbnails, each with its size.
    const description = page.locator('.message', { hasText: 'The lamp arrived broken. A photo is attached.' }).first();
    const photoLink = description.getByRole('link', { name: /^broken-lamp\.png/ });
    await expect.poll(() => photoLink.getAttribute('href'), SLOW).toBe(photo.downloadUrl);
    expect(await photoLink.textContent()).toMatch(/broken-lamp\.png\s+\d+\sbytes$/);
    const thumbnail = photoLink.locator('img.email-thumbnail');
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), SLOW).toBe(1);
    expect(attachmentAnswers.get(photo.downloadUrl)).toBe(200);

    // "View original email" downloads the .eml as received.
    const original = description.getByRole('link', { name: 'View original email' });
    expect(await original.getAttribute('href')).toBe(opening.rawDownloadUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), original.click()]);
    expect(download.suggestedFilename()).toMatch(/^message-.*\.eml$/);
    const raw = await page.request.get(`${server.url}${opening.rawDownloadUrl}`);
    expect(raw.status()).toBe(200);
    expect(raw.headers()['content-type']).toBe('message/rfc822');
    expect(await raw.text()).toContain('Subject: Lamp arrived broken');

    // The formatted version: in a sandboxed frame where nothing runs, its inline image loaded from the app.
    const toggle = description.getByRole('button', { name: 'Show formatted version' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const frame = description.locator('iframe[title="Formatted email: Lamp arrived broken"]');
    await expect.poll(() => frame.count(), SLOW).toBe(1);
    expect(await description.getByRole('button', { name: 'Hide formatted version' }).getAttribute('aria-expanded')).toBe('true');
    const sandbox = (await frame.getAttribute('sandbox')) ?? '';
    expect(sandbox.split(/\s+/)).not.toContain('allow-scripts');
    const document = (await frame.getAttribute('srcdoc')) ?? '';
    expect(document).toContain('<strong>broken</strong>');
    expect(document).toContain(`Content-Security-Policy" content="default-src 'none'; img-src ${server.url}/api/v1/attachments/;`);
    expect(document).toContain(`src="${inline.downloadUrl}"`);
    const inside = page.frameLocator('iframe.email-formatted');
    await expect.poll(() => inside.locator('strong').textContent(), SLOW).toBe('broken');
    const inlineImage = inside.getByRole('img', { name: 'The crushed box' });
    await expect.poll(() => inlineImage.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), SLOW).toBe(1);
    expect(attachmentAnswers.get(inline.downloadUrl)).toBe(200);
    // The frame fits its short content instead of keeping its initial height (12rem).
    await expect.poll(() => frame.evaluate((element) => element.getBoundingClientRect().height), SLOW).toBeLessThan(150);
    // The frame's HTML stays out of the app's own page.
    expect(await page.locator('.ticket-page strong', { hasText: 'broken' }).count()).toBe(0);

    // The side panel: the reply address, copyable, and the person the customer copied.
    const facts = page.getByRole('region', { name: 'Email' });
    expect(await facts.getByTestId('email-reply-address').textContent()).toBe(thread.replyAddress);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await facts.getByRole('button', { name: 'Copy reply address' }).click();
    await expect.poll(() => facts.getByRole('status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(thread.replyAddress);
    await expect.poll(() => facts.getByTestId('email-collaborators').textContent(), SLOW).toContain('Daniel Okafor');
    expect(await facts.getByTestId('email-collaborators').textContent()).toContain('daniel.okafor@example.ca');
    // axe cannot run inside a frame where scripts are disabled: the frame (the customer's HTML, titled as checked
    // above) is left out, the rest of the page is checked with it shown, and all of it once it is hidden.
    await expectAccessible(page, 'email ticket with its formatted version shown', { exclude: ['iframe.email-formatted'] });
    await description.getByRole('button', { name: 'Hide formatted version' }).click();
    expect(await frame.count()).toBe(0);
    await expectAccessible(page, 'email ticket');

    // The customer answers by email with another file: it appears under their comment, without reload.
    await send({
      from: 'Marie Tremblay <marie.tremblay@example.ca>',
      to: address,
      subject: 'Re: Lamp arrived broken',
      inReplyTo: `<${openingId}>`,
      references: [`<${openingId}>`],
      text: 'Here is the delivery slip.',
      attachments: [{ filename: 'delivery-slip.png', content: PNG, contentType: 'image/png' }],
    });
    const reply = page.getByTestId('public-reply').filter({ hasText: 'Here is the delivery slip.' });
    await expect.poll(() => reply.count(), SLOW).toBe(1);
    const slip = reply.getByRole('link', { name: /^delivery-slip\.png/ });
    await expect.poll(() => slip.count(), SLOW).toBe(1);
    await expect.poll(() => slip.locator('img.email-thumbnail').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), SLOW).toBe(1);
    const replyMessage = (await workspace.admin.get<TicketThread>(`/api/v1/email/tickets/${ticket!.id}`)).body.messages.find((message) => message.disposition === 'comment_added')!;
    expect(await slip.getAttribute('href')).toBe(replyMessage.attachments[0]!.downloadUrl);
    expect(await reply.getByRole('link', { name: 'View original email' }).getAttribute('href')).toBe(replyMessage.rawDownloadUrl);
    // Plain-text mail has no formatted version to offer.
    expect(await reply.getByRole('button', { name: 'Show formatted version' }).count()).toBe(0);
    await expectAccessible(page, 'email ticket with a reply by email');
    await context.close();
  }, BROWSER_TEST_TIMEOUT);

  it('shows the same in French, at phone width', async () => {
    const address = `${workspace.slug}@localhost`;
    await send({
      from: 'Hélène Côté <helene.cote@exemple.qc.ca>',
      to: address,
      cc: 'Julie Roy <julie.roy@exemple.qc.ca>',
      subject: 'Facture en double',
      text: 'J’ai reçu la facture deux fois. Voici une capture.',
      html: '<p>J’ai reçu la facture <em>deux fois</em>. Voici une capture.</p>',
      attachments: [{ filename: 'capture.png', content: PNG, contentType: 'image/png' }],
    });
    const ticket = (await workspace.admin.listAll<Ticket>('/api/v1/tickets', { channel: 'email' })).find((item) => item.subject === 'Facture en double')!;
    const agent = await workspace.addUser('agent', 'Émilie Gagnon');
    expect((await agent.client.patch('/api/v1/account', { language: 'fr' })).status).toBe(200);
    const { context, page } = await newPerson(browser, { locale: 'fr-CA', width: 375 });
    await signIn(page, server.url, { workspace: workspace.slug, email: agent.email, password: workspace.password });
    await page.goto(`${server.url}/tickets/${ticket.number}`);
    await expect.poll(() => page.getByRole('link', { name: 'Voir le courriel d’origine' }).count(), SLOW).toBe(1);
    expect(await page.getByRole('link', { name: /^capture\.png/ }).textContent()).toMatch(/capture\.png\s+\d+\soctets$/);
    const facts = page.getByRole('region', { name: 'Courriel' });
    await expect.poll(() => facts.getByTestId('email-collaborators').textContent(), SLOW).toContain('Julie Roy');
    expect(await facts.getByRole('button', { name: 'Copier l’adresse de réponse' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Afficher la version mise en forme' }).click();
    await expect.poll(() => page.frameLocator('iframe[title="Courriel mis en forme : Facture en double"]').locator('em').textContent(), SLOW).toBe('deux fois');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'email ticket in French, 375 px', { exclude: ['iframe.email-formatted'] });
    await context.close();
  }, BROWSER_TEST_TIMEOUT);
});
