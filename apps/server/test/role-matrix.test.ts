import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResponse, SwitchboardClient } from '@switchboard/sdk';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes, type RegisteredApiRoute } from '../src/http/app.js';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../src/modules/auth/permissions.js';
import type { ApiError, PageOf } from './fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from './harness.js';
import { recordResponses, type ResponseLog } from './response-log.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The only routes anyone may call without signing in. Making another route public must be a visible decision. */
// The chat widget's routes are public by decision: visitors have no staff account. Each is rate-limited per
// address; the session start answers a signed visitor token, the only credential of the `/widget` socket; the
// configuration tells only what the widget shows anyway; an offline message creates a ticket, like an email would.
const PUBLIC_ROUTES = [
  'POST /api/v1/auth/login',
  'POST /api/v1/widget/:workspaceSlug/sessions',
  'GET /api/v1/widget/:workspaceSlug/config',
  'POST /api/v1/widget/:workspaceSlug/offline-messages',
  'POST /api/v1/widget/:workspaceSlug/bot',
  'POST /api/v1/widget/:workspaceSlug/attachments',
  'GET /api/v1/widget/:workspaceSlug/files/:attachmentId',
  'POST /api/v1/widget/:workspaceSlug/callback-requests',
  // The messaging apps' webhooks: the provider's signature (or secret token) is the credential.
  'GET /api/v1/messaging/webhooks/:channelId',
  'POST /api/v1/messaging/webhooks/:channelId',
];

/** What a viewer may still change: their own credentials, sign-in and notifications, nothing of the workspace. */
const VIEWER_ACCOUNT_WRITES = [
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/totp/setup',
  'POST /api/v1/auth/totp/confirm',
  'POST /api/v1/auth/totp/disable',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/:tokenId',
  'PUT /api/v1/account/availability',
  'POST /api/v1/notifications/read',
  'PATCH /api/v1/account',
];

/**
 * The README row ("Roles and permissions") documenting each permission. A permission added without a row, or a
 * row whose ticks disagree with PERMISSIONS, fails the README test below.
 */
const README_ROW_OF: Record<Permission, string> = {
  'tickets.read': 'read tickets, customers, users, teams, settings, attachments',
  'customers.read': 'read tickets, customers, users, teams, settings, attachments',
  'users.read': 'read tickets, customers, users, teams, settings, attachments',
  'settings.read': 'read tickets, customers, users, teams, settings, attachments',
  'attachments.read': 'read tickets, customers, users, teams, settings, attachments',
  'tickets.write': 'create and update tickets, public replies',
  'comments.public': 'create and update tickets, public replies',
  'comments.internal': 'internal notes, upload attachments, personal saved views',
  'attachments.write': 'internal notes, upload attachments, personal saved views',
  'views.write': 'internal notes, upload attachments, personal saved views',
  'presence.write': 'show that you are viewing or replying to a ticket',
  'customers.write': 'create and update customers',
  'tickets.delete': 'delete tickets',
  'teams.manage': 'manage teams, share saved views',
  'views.share': 'manage teams, share saved views',
  'users.manage': 'manage users and roles, workspace settings, custom fields and statuses',
  'settings.manage': 'manage users and roles, workspace settings, custom fields and statuses',
  'webhooks.manage': 'webhooks, audit log, alerts, every API token',
  'audit.read': 'webhooks, audit log, alerts, every API token',
  'alerts.read': 'webhooks, audit log, alerts, every API token',
  'tokens.manage': 'webhooks, audit log, alerts, every API token',
  'tokens.own': 'own API tokens and two-factor sign-in',
  'account.own': 'own notifications (mentions and assignments)',
  'canned_responses.use': 'use canned responses, keep personal ones',
  'canned_responses.share': 'share canned responses with the workspace or a team',
  'satisfaction.read': 'read NPS survey results',
  'kb.read': 'read the knowledge base, drafts and internal articles included',
  'kb.manage': 'write the knowledge base: categories, sections, articles, synonyms',
  'bot.ask': 'ask the customers’ bot on a customer’s behalf',
  'community.read': 'read and moderate the community forums: reply as staff, hide, lock, move, accept, convert to a ticket',
  'community.moderate': 'read and moderate the community forums: reply as staff, hide, lock, move, accept, convert to a ticket',
  'community.manage': 'manage the community forums’ categories',
  'bot.manage': 'set the bot’s persona and read its insights',
  'exports.read': 'export tickets incrementally (`/api/v1/exports/…`)',
  'analytics.read': 'dashboards and reports, within one’s scope (`/api/v1/analytics/…`)',
  'analytics.manage': 'share reports with a team, schedule report emails and alerts',
  'privacy.manage': 'customers’ privacy requests: confirm or reject erasure',
};

interface SampleRequest {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** A multipart body, built afresh for each request since a sent form is consumed. */
  form?: () => FormData;
}

type SampleFor = (role: Role) => Promise<SampleRequest>;

const routeKey = (route: Pick<RegisteredApiRoute, 'method' | 'url'>) => `${route.method} ${route.url}`;

function send(client: SwitchboardClient, method: string, sample: SampleRequest): Promise<ApiResponse<ApiError>> {
  return client.request<ApiError>(method, sample.path, { query: sample.query, body: sample.body, rawBody: sample.form?.() });
}

function describeAnswer(response: ApiResponse<ApiError>): string {
  return `${response.status} ${typeof response.body === 'object' && response.body ? JSON.stringify(response.body).slice(0, 200) : ''}`;
}

/** A request no permission check could mistake for a valid one: unknown ids, empty body. */
function genericSample(route: RegisteredApiRoute): SampleRequest {
  return { path: route.url.replace(/:[A-Za-z]+/g, () => randomUUID()), body: WRITE_METHODS.has(route.method) ? {} : undefined };
}

/** Whether the answer is the permission check itself refusing the route's permission. */
function isRefusedForPermission(response: ApiResponse<ApiError>, permission: Permission): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && response.body.error.details.some((detail) => (detail as { permission?: string }).permission === permission);
}

async function startReceiver() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function created<T = { id: string }>(response: Promise<ApiResponse<unknown>>, expectedStatus = 201): Promise<T> {
  const answer = await response;
  if (answer.status !== expectedStatus) throw new Error(`set-up request answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

describe('role × route permission matrix', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let log: ResponseLog;
  let apiRoutes: RegisteredApiRoute[];
  let samples: Record<string, SampleFor>;
  const actors = {} as Record<Role, { userId: string; client: SwitchboardClient }>;

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
    receiver = await startReceiver();
    actors.admin = { userId: workspace.adminId, client: workspace.admin };
    for (const role of ROLES.filter((role) => role !== 'admin')) actors[role] = await workspace.addUser(role);
    const admin = workspace.admin;
    apiRoutes = listApiRoutes(server.app).filter((route) => route.method !== 'HEAD');

    let counter = 0;
    const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;
    const ownerFor = (role: Role, permission: Permission): Role => ((PERMISSIONS[permission] as readonly Role[]).includes(role) ? role : 'admin');

    const newTicket = async (subject = `Matrix ticket ${unique()}`) => (await created(admin.post('/api/v1/tickets', { subject, customer_email: 'matrix@example.test' }))).id;
    const ticketId = await newTicket('Matrix fixture ticket');
    const customerId = (await created(admin.post('/api/v1/customers', { name: 'Matrix customer' }))).id;
    const spareUserId = (await created(admin.post('/api/v1/users', { email: 'spare@matrix.test', name: 'Spare', role: 'agent', password: 'correct horse battery' }))).id;
    const teamId = (await created(admin.post('/api/v1/teams', { name: 'Matrix team', memberIds: [spareUserId] }))).id;
    const commentId = (await created(admin.post(`/api/v1/tickets/${ticketId}/comments`, { body: 'Matrix fixture note', isPublic: false }))).id;
    await admin.patch(`/api/v1/tickets/${ticketId}/comments/${commentId}`, { body: 'Matrix fixture note, edited' });
    const textFile = () => {
      const form = new FormData();
      form.append('file', new Blob(['hello from the matrix\n'], { type: 'text/plain' }), 'matrix.txt');
      return form;
    };
    const attachmentId = (await created(admin.request('POST', '/api/v1/attachments', { rawBody: textFile() }))).id;
    const sharedViewId = (await created(admin.post('/api/v1/views', { name: 'Matrix shared', visibility: 'shared', filters: {} }))).id;
    const kbCategoryId = (await created(admin.post('/api/v1/kb/categories', { nameEn: 'Matrix category' }))).id;
    const kbSectionId = (await created(admin.post('/api/v1/kb/sections', { categoryId: kbCategoryId, nameEn: 'Matrix section' }))).id;
    const newKbArticle = async () => (await created(admin.post('/api/v1/kb/articles', { sectionId: kbSectionId, language: 'en', title: `Matrix article ${unique()}`, status: 'published' }))).id;
    const kbArticleId = await newKbArticle();
    // A community topic, as a customer posts it from the help center; replies by staff to hide and accept.
    const communityCategory = await created<{ id: string; slug: string }>(admin.post('/api/v1/community/categories', { nameEn: 'Matrix forum' }));
    const communityCenter = await server.services.community.open(workspace.slug);
    const topicPath = await server.services.community.createTopic(communityCenter, 'en', { workspaceId: workspace.workspaceId, customerId, name: 'Matrix customer' }, {
      workspace: workspace.slug,
      category: communityCategory.slug,
      title: 'Matrix community topic',
      body: 'Matrix topic body',
      website: '',
    });
    const topicNumber = Number(/\/topics\/(\d+)/.exec(topicPath)![1]);
    const communityTopicId = (await admin.get<PageOf<{ id: string; number: number }>>('/api/v1/community/topics')).body.data.find((topic) => topic.number === topicNumber)!.id;
    const newCommunityReply = async () => {
      const topic = await created<{ replies: Array<{ id: string }> }>(admin.post(`/api/v1/community/topics/${communityTopicId}/replies`, { body: `Matrix reply ${unique()}` }));
      return topic.replies.at(-1)!.id;
    };

    // A real delivery to redeliver: the worker sends the customer.created event to the local receiver.
    const webhookId = (await created(admin.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['customer.created'] }))).id;
    await created(admin.post('/api/v1/customers', { name: 'Announced customer' }));
    let deliveryId: string | undefined;
    for (let waited = 0; !deliveryId && waited < 10_000; waited += 50) {
      deliveryId = (await admin.get<PageOf<{ id: string }>>(`/api/v1/webhooks/${webhookId}/deliveries`)).body.data[0]?.id;
      if (!deliveryId) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!deliveryId) throw new Error('no webhook delivery was recorded');

    const newAlertId = async () => {
      await server.services.audit.raiseAlert(server.services.db, { workspaceId: workspace.workspaceId, kind: 'matrix.check', message: 'Raised for the role matrix.' });
      const open = await admin.get<PageOf<{ id: string; kind: string }>>('/api/v1/alerts', { state: 'open' });
      return open.body.data.find((alert) => alert.kind === 'matrix.check')!.id;
    };

    const totpSecrets = new Map<Role, string>();
    const codeFor = (role: Role) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecrets.get(role)!) }).generate();
    const isTotpOn = async (role: Role) => (await admin.get<{ isTotpEnabled: boolean }>(`/api/v1/users/${actors[role].userId}`)).body.isTotpEnabled;
    const turnTotpOff = async (role: Role) => {
      if (await isTotpOn(role)) await created(actors[role].client.post('/api/v1/auth/totp/disable', { code: codeFor(role) }), 204);
    };
    const beginTotp = async (role: Role) => {
      await turnTotpOff(role);
      totpSecrets.set(role, (await created<{ secret: string }>(actors[role].client.post('/api/v1/auth/totp/setup'), 200)).secret);
    };
    const turnTotpOn = async (role: Role) => {
      if (await isTotpOn(role)) return;
      await beginTotp(role);
      await created(actors[role].client.post('/api/v1/auth/totp/confirm', { code: codeFor(role) }), 204);
    };

    const newNotificationId = async (role: Role) => {
      const author = role === 'admin' ? actors.manager.client : admin;
      const note = await created(author.post(`/api/v1/tickets/${ticketId}/comments`, { body: 'Have a look', isPublic: false, mentionUserIds: [actors[role].userId] }));
      const unread = await actors[role].client.get<PageOf<{ id: string; commentId: string }>>('/api/v1/notifications', { unread: 'true' });
      return unread.body.data.find((notification) => notification.commentId === note.id)!.id;
    };

    // A message received by mail, handed to the ingestion as the SMTP receiver hands it over.
    const mailAddress = `${workspace.slug}@${server.services.config.mailDomain}`;
    const [received] = await server.services.emailIngestion.ingest(
      Buffer.from(`From: Matrix Customer <matrix.mail@example.com>\r\nTo: ${mailAddress}\r\nSubject: Matrix mail\r\nMessage-ID: <matrix-mail@example.com>\r\n\r\nHello from the matrix.\r\n`),
      { mailFrom: 'matrix.mail@example.com', recipients: [mailAddress] },
    );
    if (!received || !('emailMessageId' in received)) throw new Error('the matrix mail was not received');
    const emailMessageId = received.emailMessageId;
    const newAlias = async () => {
      const address = `alias-${unique()}@matrix.example`;
      await created(admin.post('/api/v1/email/addresses', { address }));
      return address;
    };
    // An IMAP mailbox at a loopback port nothing answers on, turned off so the workers leave it alone: a connection
    // test or a poll of it answers at once, with the failure as its result.
    const mailboxSettings = () => ({ host: '127.0.0.1', port: 1, security: 'none', username: `matrix-${unique()}`, password: 'matrix-password', isEnabled: false });
    const newMailbox = async () => (await created(admin.post('/api/v1/email/mailboxes', mailboxSettings()))).id;

    samples = {
      'POST /api/v1/auth/logout': async () => ({ path: '/api/v1/auth/logout' }),
      'GET /api/v1/auth/me': async () => ({ path: '/api/v1/auth/me' }),
      'POST /api/v1/auth/totp/setup': async (role) => {
        await turnTotpOff(role);
        return { path: '/api/v1/auth/totp/setup' };
      },
      'POST /api/v1/auth/totp/confirm': async (role) => {
        await beginTotp(role);
        return { path: '/api/v1/auth/totp/confirm', body: { code: codeFor(role) } };
      },
      'POST /api/v1/auth/totp/disable': async (role) => {
        await turnTotpOn(role);
        return { path: '/api/v1/auth/totp/disable', body: { code: codeFor(role) } };
      },
      'GET /api/v1/tokens': async () => ({ path: '/api/v1/tokens' }),
      'POST /api/v1/tokens': async () => ({ path: '/api/v1/tokens', body: { name: `matrix ${unique()}` } }),
      'DELETE /api/v1/tokens/:tokenId': async (role) => {
        const token = await created(actors[role].client.post('/api/v1/tokens', { name: `to revoke ${unique()}` }));
        return { path: `/api/v1/tokens/${token.id}` };
      },
      'GET /api/v1/workspace': async () => ({ path: '/api/v1/workspace' }),
      'PATCH /api/v1/workspace': async () => ({ path: '/api/v1/workspace', body: { name: `Matrix ${unique()}` } }),
      'GET /api/v1/ticket-statuses': async () => ({ path: '/api/v1/ticket-statuses' }),
      'POST /api/v1/ticket-statuses': async () => ({ path: '/api/v1/ticket-statuses', body: { key: `matrix_${unique()}`, label: 'Matrix', category: 'pending' } }),
      'PATCH /api/v1/ticket-statuses/:statusId': async () => {
        const status = await created(admin.post('/api/v1/ticket-statuses', { key: `edited_${unique()}`, label: 'Matrix', category: 'pending' }));
        return { path: `/api/v1/ticket-statuses/${status.id}`, body: { label: `Renamed ${unique()}` } };
      },
      'GET /api/v1/custom-fields': async () => ({ path: '/api/v1/custom-fields', query: { entity: 'ticket' } }),
      'PATCH /api/v1/custom-fields/:fieldId': async () => {
        const field = await created(admin.post('/api/v1/custom-fields', { entity: 'ticket', key: `edited_${unique()}`, label: 'Matrix', type: 'text' }));
        return { path: `/api/v1/custom-fields/${field.id}`, body: { label: `Renamed ${unique()}` } };
      },
      'POST /api/v1/custom-fields': async () => ({ path: '/api/v1/custom-fields', body: { entity: 'ticket', key: `matrix_${unique()}`, label: 'Matrix', type: 'text' } }),
      'GET /api/v1/users': async () => ({ path: '/api/v1/users', query: { limit: '5' } }),
      'POST /api/v1/users': async () => ({ path: '/api/v1/users', body: { email: `new${unique()}@matrix.test`, name: 'New', role: 'agent', password: 'correct horse battery' } }),
      'GET /api/v1/users/:userId': async () => ({ path: `/api/v1/users/${spareUserId}` }),
      'PATCH /api/v1/users/:userId': async () => ({ path: `/api/v1/users/${spareUserId}`, body: { name: `Spare ${unique()}` } }),
      'PATCH /api/v1/account': async () => ({ path: '/api/v1/account', body: { language: 'fr' } }),
      'PUT /api/v1/account/availability': async () => ({ path: '/api/v1/account/availability', body: { availability: 'away' } }),
      'GET /api/v1/teams': async () => ({ path: '/api/v1/teams' }),
      'POST /api/v1/teams': async () => ({ path: '/api/v1/teams', body: { name: `Team ${unique()}` } }),
      'PATCH /api/v1/teams/:teamId': async () => ({ path: `/api/v1/teams/${teamId}`, body: { name: `Matrix team ${unique()}` } }),
      'DELETE /api/v1/teams/:teamId': async () => ({ path: `/api/v1/teams/${(await created(admin.post('/api/v1/teams', { name: `Doomed ${unique()}` }))).id}` }),
      'GET /api/v1/audit-log': async () => ({ path: '/api/v1/audit-log', query: { limit: '5' } }),
      'GET /api/v1/alerts': async () => ({ path: '/api/v1/alerts' }),
      'POST /api/v1/alerts/:alertId/acknowledge': async () => ({ path: `/api/v1/alerts/${await newAlertId()}/acknowledge` }),
      'GET /api/v1/customers': async () => ({ path: '/api/v1/customers', query: { limit: '5' } }),
      'POST /api/v1/customers': async () => ({ path: '/api/v1/customers', body: { name: `Customer ${unique()}` } }),
      'GET /api/v1/customers/:customerId': async () => ({ path: `/api/v1/customers/${customerId}` }),
      'PATCH /api/v1/customers/:customerId': async () => ({ path: `/api/v1/customers/${customerId}`, body: { tier: 'paid' } }),
      'PUT /api/v1/customers/:customerId': async () => ({ path: `/api/v1/customers/${customerId}`, body: { name: 'Matrix customer' } }),
      'GET /api/v1/tickets': async () => ({ path: '/api/v1/tickets', query: { limit: '5' } }),
      'GET /api/v1/tickets/count': async () => ({ path: '/api/v1/tickets/count', query: { statusCategory: 'new,open' } }),
      'POST /api/v1/tickets': async () => ({ path: '/api/v1/tickets', body: { subject: `New ${unique()}` } }),
      'POST /api/v1/tickets/bulk': async () => ({ path: '/api/v1/tickets/bulk', body: { ticketIds: [ticketId], changes: { priority: 'high' } } }),
      'GET /api/v1/tickets/:ticketId': async () => ({ path: `/api/v1/tickets/${ticketId}` }),
      'PATCH /api/v1/tickets/:ticketId': async () => ({ path: `/api/v1/tickets/${ticketId}`, body: { priority: 'low' } }),
      'PUT /api/v1/tickets/:ticketId': async () => ({ path: `/api/v1/tickets/${await newTicket()}`, body: { subject: 'Replaced' } }),
      'DELETE /api/v1/tickets/:ticketId': async () => ({ path: `/api/v1/tickets/${await newTicket()}` }),
      'GET /api/v1/tickets/:ticketId/activity': async () => ({ path: `/api/v1/tickets/${ticketId}/activity` }),
      'POST /api/v1/tickets/:ticketId/merge': async () => ({ path: `/api/v1/tickets/${await newTicket()}/merge`, body: { targetTicketId: await newTicket() } }),
      'GET /api/v1/tickets/:ticketId/links': async () => ({ path: `/api/v1/tickets/${ticketId}/links` }),
      'POST /api/v1/tickets/:ticketId/links': async () => ({ path: `/api/v1/tickets/${await newTicket()}/links`, body: { ticketId: await newTicket() } }),
      'DELETE /api/v1/tickets/:ticketId/links/:linkedTicketId': async () => {
        const [from, to] = [await newTicket(), await newTicket()];
        await created(admin.post(`/api/v1/tickets/${from}/links`, { ticketId: to }), 204);
        return { path: `/api/v1/tickets/${from}/links/${to}` };
      },
      'GET /api/v1/search': async () => ({ path: '/api/v1/search', query: { q: 'fixture' } }),
      'GET /api/v1/tickets/:ticketId/comments': async () => ({ path: `/api/v1/tickets/${ticketId}/comments` }),
      'POST /api/v1/tickets/:ticketId/comments': async () => ({ path: `/api/v1/tickets/${ticketId}/comments`, body: { body: 'An internal note', isPublic: false } }),
      'PATCH /api/v1/tickets/:ticketId/comments/:commentId': async (role) => {
        const author = actors[ownerFor(role, 'comments.internal')].client;
        const note = await created(author.post(`/api/v1/tickets/${ticketId}/comments`, { body: 'To be edited', isPublic: false }));
        return { path: `/api/v1/tickets/${ticketId}/comments/${note.id}`, body: { body: 'Edited' } };
      },
      'GET /api/v1/tickets/:ticketId/comments/:commentId/revisions': async () => ({ path: `/api/v1/tickets/${ticketId}/comments/${commentId}/revisions` }),
      'GET /api/v1/views': async () => ({ path: '/api/v1/views' }),
      'POST /api/v1/views': async () => ({ path: '/api/v1/views', body: { name: `Mine ${unique()}`, filters: { priority: 'high' } } }),
      'PATCH /api/v1/views/:viewId': async (role) => {
        const view = await created(actors[ownerFor(role, 'views.write')].client.post('/api/v1/views', { name: `Mine ${unique()}`, filters: {} }));
        return { path: `/api/v1/views/${view.id}`, body: { name: `Renamed ${unique()}` } };
      },
      'DELETE /api/v1/views/:viewId': async (role) => {
        const view = await created(actors[ownerFor(role, 'views.write')].client.post('/api/v1/views', { name: `Mine ${unique()}`, filters: {} }));
        return { path: `/api/v1/views/${view.id}` };
      },
      'GET /api/v1/views/:viewId/tickets': async () => ({ path: `/api/v1/views/${sharedViewId}/tickets` }),
      'GET /api/v1/tickets/:ticketId/presence': async () => ({ path: `/api/v1/tickets/${ticketId}/presence` }),
      'PUT /api/v1/tickets/:ticketId/presence': async () => ({ path: `/api/v1/tickets/${ticketId}/presence`, body: { state: 'viewing' } }),
      'DELETE /api/v1/tickets/:ticketId/presence': async () => ({ path: `/api/v1/tickets/${ticketId}/presence` }),
      'GET /api/v1/notifications': async () => ({ path: '/api/v1/notifications' }),
      'POST /api/v1/notifications/read': async (role) => ({ path: '/api/v1/notifications/read', body: { ids: [await newNotificationId(ownerFor(role, 'account.own'))] } }),
      'POST /api/v1/attachments': async () => ({ path: '/api/v1/attachments', form: textFile }),
      'GET /api/v1/attachments/:attachmentId': async () => ({ path: `/api/v1/attachments/${attachmentId}` }),
      'GET /api/v1/attachments/:attachmentId/content': async () => ({ path: `/api/v1/attachments/${attachmentId}/content` }),
      'POST /api/v1/webhooks': async () => ({ path: '/api/v1/webhooks', body: { url: receiver.url, eventTypes: ['ticket.deleted'] } }),
      'GET /api/v1/webhooks': async () => ({ path: '/api/v1/webhooks' }),
      'GET /api/v1/webhooks/:webhookId': async () => ({ path: `/api/v1/webhooks/${webhookId}` }),
      'PATCH /api/v1/webhooks/:webhookId': async () => ({ path: `/api/v1/webhooks/${webhookId}`, body: { description: `Matrix ${unique()}` } }),
      'DELETE /api/v1/webhooks/:webhookId': async () => {
        const doomed = await created(admin.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['ticket.created'] }));
        return { path: `/api/v1/webhooks/${doomed.id}` };
      },
      'GET /api/v1/webhooks/:webhookId/deliveries': async () => ({ path: `/api/v1/webhooks/${webhookId}/deliveries` }),
      'POST /api/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver': async () => ({ path: `/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver` }),
      'GET /api/v1/email/settings': async () => ({ path: '/api/v1/email/settings' }),
      'PATCH /api/v1/email/settings': async () => ({ path: '/api/v1/email/settings', body: { senderHourlyLimit: 50 } }),
      'GET /api/v1/email/addresses': async () => ({ path: '/api/v1/email/addresses' }),
      'POST /api/v1/email/addresses': async () => ({ path: '/api/v1/email/addresses', body: { address: `support-${unique()}@matrix.example` } }),
      'DELETE /api/v1/email/addresses/:address': async () => ({ path: `/api/v1/email/addresses/${encodeURIComponent(await newAlias())}` }),
      'GET /api/v1/email/messages': async () => ({ path: '/api/v1/email/messages', query: { limit: '5' } }),
      'GET /api/v1/email/messages/:messageId': async () => ({ path: `/api/v1/email/messages/${emailMessageId}` }),
      'GET /api/v1/email/messages/:messageId/raw': async () => ({ path: `/api/v1/email/messages/${emailMessageId}/raw` }),
      'GET /api/v1/email/tickets/:ticketId': async () => ({ path: `/api/v1/email/tickets/${ticketId}` }),
      'GET /api/v1/email/bounces': async () => ({ path: '/api/v1/email/bounces' }),
      'GET /api/v1/email/mailboxes': async () => ({ path: '/api/v1/email/mailboxes' }),
      'POST /api/v1/email/mailboxes': async () => ({ path: '/api/v1/email/mailboxes', body: mailboxSettings() }),
      'PATCH /api/v1/email/mailboxes/:mailboxId': async () => ({ path: `/api/v1/email/mailboxes/${await newMailbox()}`, body: { pollIntervalSeconds: 120 } }),
      'DELETE /api/v1/email/mailboxes/:mailboxId': async () => ({ path: `/api/v1/email/mailboxes/${await newMailbox()}` }),
      'POST /api/v1/email/mailboxes/:mailboxId/test': async () => ({ path: `/api/v1/email/mailboxes/${await newMailbox()}/test` }),
      'POST /api/v1/email/mailboxes/:mailboxId/poll': async () => ({ path: `/api/v1/email/mailboxes/${await newMailbox()}/poll` }),
      'GET /api/v1/email/outbound-settings': async () => ({ path: '/api/v1/email/outbound-settings' }),
      'PATCH /api/v1/email/outbound-settings': async () => ({ path: '/api/v1/email/outbound-settings', body: { accentColor: '#336699' } }),
      'GET /api/v1/email/templates': async () => ({ path: '/api/v1/email/templates' }),
      'GET /api/v1/email/templates/:kind': async () => ({ path: '/api/v1/email/templates/reply' }),
      'PUT /api/v1/email/templates/:kind': async () => ({ path: '/api/v1/email/templates/resolved', body: { en: null, fr: null } }),
      'POST /api/v1/email/templates/:kind/preview': async () => ({ path: '/api/v1/email/templates/reply/preview', body: {} }),
      'GET /api/v1/tickets/:ticketId/email-deliveries': async () => ({ path: `/api/v1/tickets/${ticketId}/email-deliveries` }),
      'GET /api/v1/tickets/:ticketId/satisfaction': async () => ({ path: `/api/v1/tickets/${ticketId}/satisfaction` }),
      'GET /api/v1/kb/categories': async () => ({ path: '/api/v1/kb/categories' }),
      'POST /api/v1/kb/categories': async () => ({ path: '/api/v1/kb/categories', body: { nameEn: `Matrix ${unique()}` } }),
      'PATCH /api/v1/kb/categories/:categoryId': async () => ({ path: `/api/v1/kb/categories/${kbCategoryId}`, body: { nameFr: `Matrice ${unique()}` } }),
      'DELETE /api/v1/kb/categories/:categoryId': async () => ({ path: `/api/v1/kb/categories/${(await created(admin.post('/api/v1/kb/categories', { nameEn: `Doomed ${unique()}` }))).id}` }),
      'GET /api/v1/kb/sections': async () => ({ path: '/api/v1/kb/sections', query: { categoryId: kbCategoryId } }),
      'POST /api/v1/kb/sections': async () => ({ path: '/api/v1/kb/sections', body: { categoryId: kbCategoryId, nameEn: `Section ${unique()}` } }),
      'PATCH /api/v1/kb/sections/:sectionId': async () => ({ path: `/api/v1/kb/sections/${kbSectionId}`, body: { nameFr: `Rubrique ${unique()}` } }),
      'DELETE /api/v1/kb/sections/:sectionId': async () => ({
        path: `/api/v1/kb/sections/${(await created(admin.post('/api/v1/kb/sections', { categoryId: kbCategoryId, nameEn: `Doomed ${unique()}` }))).id}`,
      }),
      'GET /api/v1/kb/articles': async () => ({ path: '/api/v1/kb/articles', query: { limit: '5' } }),
      'POST /api/v1/kb/articles': async () => ({ path: '/api/v1/kb/articles', body: { sectionId: kbSectionId, language: 'en', title: `New article ${unique()}` } }),
      'GET /api/v1/kb/articles/:articleId': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}` }),
      'PATCH /api/v1/kb/articles/:articleId': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}`, body: { body: `Matrix body ${unique()}` } }),
      'DELETE /api/v1/kb/articles/:articleId': async () => ({ path: `/api/v1/kb/articles/${await newKbArticle()}` }),
      'GET /api/v1/kb/articles/:articleId/translations': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}/translations` }),
      'GET /api/v1/kb/articles/:articleId/versions': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}/versions` }),
      'GET /api/v1/kb/articles/:articleId/versions/:number': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}/versions/1` }),
      'POST /api/v1/kb/articles/:articleId/versions/:number/restore': async () => ({ path: `/api/v1/kb/articles/${kbArticleId}/versions/1/restore` }),
      'GET /api/v1/kb/search': async () => ({ path: '/api/v1/kb/search', query: { q: 'matrix' } }),
      'GET /api/v1/kb/synonyms': async () => ({ path: '/api/v1/kb/synonyms' }),
      'PUT /api/v1/kb/synonyms': async () => ({ path: '/api/v1/kb/synonyms', body: { groups: [{ language: 'en', terms: ['refund', 'reimbursement'] }] } }),
      'GET /api/v1/community/categories': async () => ({ path: '/api/v1/community/categories' }),
      'POST /api/v1/community/categories': async () => ({ path: '/api/v1/community/categories', body: { nameEn: `Matrix forum ${unique()}` } }),
      'PATCH /api/v1/community/categories/:categoryId': async () => ({ path: `/api/v1/community/categories/${communityCategory.id}`, body: { nameFr: `Forum ${unique()}` } }),
      'DELETE /api/v1/community/categories/:categoryId': async () => ({
        path: `/api/v1/community/categories/${(await created(admin.post('/api/v1/community/categories', { nameEn: `Doomed forum ${unique()}` }))).id}`,
      }),
      'GET /api/v1/community/topics': async () => ({ path: '/api/v1/community/topics', query: { limit: '5' } }),
      'GET /api/v1/community/topics/:topicId': async () => ({ path: `/api/v1/community/topics/${communityTopicId}` }),
      'POST /api/v1/community/topics/:topicId/replies': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/replies`, body: { body: 'A staff answer' } }),
      'POST /api/v1/community/topics/:topicId/hide': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/hide`, body: { reason: 'Matrix check' } }),
      'POST /api/v1/community/topics/:topicId/unhide': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/unhide` }),
      'POST /api/v1/community/topics/:topicId/lock': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/lock` }),
      'POST /api/v1/community/topics/:topicId/unlock': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/unlock` }),
      'POST /api/v1/community/topics/:topicId/move': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/move`, body: { categoryId: communityCategory.id } }),
      'PUT /api/v1/community/topics/:topicId/accepted-reply': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/accepted-reply`, body: { replyId: await newCommunityReply() } }),
      'POST /api/v1/community/topics/:topicId/convert-to-ticket': async () => ({ path: `/api/v1/community/topics/${communityTopicId}/convert-to-ticket` }),
      'POST /api/v1/community/replies/:replyId/hide': async () => ({ path: `/api/v1/community/replies/${await newCommunityReply()}/hide`, body: { reason: 'Matrix check' } }),
      'POST /api/v1/community/replies/:replyId/unhide': async () => ({ path: `/api/v1/community/replies/${await newCommunityReply()}/unhide` }),
      'POST /api/v1/bot/ask': async () => ({ path: '/api/v1/bot/ask', body: { question: 'How do I read the matrix article?', language: 'en' } }),
      'GET /api/v1/bot/insights': async () => ({ path: '/api/v1/bot/insights', query: { language: 'en' } }),
      'GET /api/v1/bot/learning/questions': async () => ({ path: '/api/v1/bot/learning/questions', query: { limit: '5' } }),
    };
  }, 120_000);

  afterAll(async () => {
    log?.stop();
    await server?.close();
    await receiver?.close();
  });

  const protectedRoutes = () => apiRoutes.filter((route) => !route.isPublic);
  const sampleFor = (route: RegisteredApiRoute): SampleFor => samples[routeKey(route)] ?? (async () => genericSample(route));

  it('every API route declares a permission of the matrix, and only sign-in is public', () => {
    expect(apiRoutes.length).toBeGreaterThan(40);
    for (const route of apiRoutes) {
      if (route.isPublic) continue;
      expect(Object.keys(PERMISSIONS), `${routeKey(route)} declares an unknown permission`).toContain(route.permission);
    }
    expect(apiRoutes.filter((route) => route.isPublic).map(routeKey).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('the route list is the one the OpenAPI document publishes', async () => {
    const document = await server.client.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    const published = Object.entries(document.body.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`));
    expect([...new Set(apiRoutes.map(routeKey))].sort()).toEqual(published.filter((key) => !key.startsWith('HEAD ')).sort());
  });

  it('the README documents each permission with exactly the roles that hold it', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.split(/^## Roles and permissions$/m)[1]?.split(/^## /m)[0];
    expect(section, 'README has a "Roles and permissions" section').toBeDefined();
    const rows = section!.split('\n').filter((line) => line.startsWith('|')).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    const [header, , ...body] = rows;
    expect(header).toEqual(['permission', ...ROLES]);
    const documented = new Map(body.map((cells) => [cells[0]!, ROLES.filter((_role, index) => cells[index + 1] === '✓')]));

    for (const [permission, roles] of Object.entries(PERMISSIONS) as Array<[Permission, readonly Role[]]>) {
      const row = README_ROW_OF[permission];
      expect(row, `${permission} has a README row`).toBeDefined();
      expect(documented.get(row), `README row "${row}" (for ${permission})`).toEqual([...roles]);
    }
    const describedRows = new Set(Object.values(README_ROW_OF));
    expect([...documented.keys()].filter((row) => !describedRows.has(row)), 'README rows that describe no permission').toEqual([]);
  });

  it('each role gets 403 on the routes its permissions exclude, and a working answer on the others', async () => {
    const problems: string[] = [];
    for (const route of protectedRoutes()) {
      const permission = route.permission!;
      const hasSample = routeKey(route) in samples;
      for (const role of ROLES) {
        const response = await send(actors[role].client, route.method, await sampleFor(route)(role));
        const isAllowed = (PERMISSIONS[permission] as readonly Role[]).includes(role);
        if (!isAllowed && (response.status !== 403 || response.body.error?.code !== 'forbidden')) {
          problems.push(`${role} ${routeKey(route)} should be forbidden (${permission}), got ${describeAnswer(response)}`);
        }
        if (isAllowed && hasSample && response.status >= 300) problems.push(`${role} ${routeKey(route)} should work, got ${describeAnswer(response)}`);
        if (isAllowed && !hasSample && isRefusedForPermission(response, permission)) {
          problems.push(`${role} ${routeKey(route)} holds ${permission} but was refused: ${describeAnswer(response)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('without a credential every protected route answers 401, and so does an unknown token', async () => {
    const anonymous = server.client;
    const forged = server.client.withToken(`sb_${randomUUID().replaceAll('-', '')}`);
    const problems: string[] = [];
    for (const route of protectedRoutes()) {
      const sample = await sampleFor(route)('admin');
      for (const [who, client] of [['no credential', anonymous], ['unknown token', forged]] as const) {
        const response = await send(client, route.method, sample);
        if (response.status !== 401 || response.body.error?.code !== 'unauthenticated') problems.push(`${who} ${routeKey(route)}: ${describeAnswer(response)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('a viewer changes nothing of the workspace: every write is 403 except on their own account', async () => {
    const writes = protectedRoutes().filter((route) => WRITE_METHODS.has(route.method));
    const viewerWrites = writes.filter((route) => (PERMISSIONS[route.permission!] as readonly Role[]).includes('viewer')).map(routeKey);
    expect(viewerWrites.sort()).toEqual([...VIEWER_ACCOUNT_WRITES].sort());

    const problems: string[] = [];
    for (const route of writes.filter((candidate) => !VIEWER_ACCOUNT_WRITES.includes(routeKey(candidate)))) {
      const response = await send(actors.viewer.client, route.method, await sampleFor(route)('viewer'));
      if (response.status !== 403) problems.push(`${routeKey(route)}: ${describeAnswer(response)}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('the permission is checked before the input: a refused caller learns nothing about what it sent', async () => {
    const viewer = actors.viewer.client;
    const invalidBody = await viewer.post<ApiError>('/api/v1/tickets', { subject: 42, unknown: true });
    expect(invalidBody.status).toBe(403);
    expect(invalidBody.body.error.code).toBe('forbidden');

    const malformed = await server.client.request<ApiError>('POST', '/api/v1/tickets', { rawBody: '{"subject": ', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(401);
    const badId = await server.client.get<ApiError>('/api/v1/tickets/not-an-id');
    expect(badId.status).toBe(401);
    const oversized = await viewer.request<ApiError>('POST', '/api/v1/customers', { rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } });
    expect(oversized.status).toBe(403);
    // Refused before its body was read: the connection closes rather than stay busy with an upload nobody reads.
    expect(oversized.headers.get('connection')).toBe('close');
  });

  it('never answers with a server fault', () => {
    expect(log.serverFaults()).toEqual([]);
  });
});
