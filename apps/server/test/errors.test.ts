import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from './fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from './harness.js';
import { recordResponses, type ResponseLog } from './response-log.js';

interface WriteSample {
  method: string;
  path: string;
  /** A body the route accepts. */
  valid: Record<string, unknown>;
  /** A field and a value of the wrong type for it. */
  wrongType: [field: string, value: unknown];
  /** A field and a value outside its enum, when the route has one. */
  unknownEnum?: [field: string, value: unknown];
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SOME_UUID = '0b6f4c59-5a6e-4c7a-9d8e-2f1a3b4c5d6e';

/** Cursors no list ever issued: not base64 JSON, the wrong shape, or the right shape holding impossible values. */
const FORGED_CURSORS: Record<string, string> = {
  garbage: 'garbage',
  'not JSON': Buffer.from('{"at": ').toString('base64url'),
  'an object': cursorOf({ createdAt: '2026-01-01T00:00:00.000Z', id: SOME_UUID }),
  'nulls': cursorOf([null, null]),
  'words for a date and an id': cursorOf(['not-a-date', 'not-an-id']),
  'a date and a word for an id': cursorOf(['2026-01-01T00:00:00.000Z', 'not-an-id']),
  'numbers for a date and an id': cursorOf([12345, 67890]),
  'the year zero': cursorOf(['0000-01-01T00:00:00.000Z', SOME_UUID]),
  'a month 13': cursorOf(['2026-13-45T99:99:99.000Z', SOME_UUID]),
  'infinity for a date': cursorOf(['infinity', SOME_UUID]),
  'a NUL character': cursorOf(['\u0000', SOME_UUID]),
  'one NUL value': cursorOf(['\u0000']),
  'one word': cursorOf(['not-a-number']),
  'a negative number': cursorOf([-1]),
  'a huge number': cursorOf([1e300]),
  'a fraction': cursorOf([1.5]),
  'three values': cursorOf(['x', 'y', 'z']),
  'a word, a date and an id': cursorOf(['high', '2026-01-01T00:00:00.000Z', SOME_UUID]),
  'a rank out of range': cursorOf([1e12, '2026-01-01T00:00:00.000Z', SOME_UUID]),
};

/** Forged values that happen to have the shape a list really issues: any position in the order is a fair answer. */
const WELL_FORMED_FOR: Record<string, string[]> = {
  'one word': ['/api/v1/users', '/api/v1/teams'],
  // The bot's learning list is ordered by how often a question was asked: any count is a place in that order.
  'a rank out of range': ['/api/v1/bot/learning/questions'],
  // Saved reports and schedules are ordered by name: any text is a place in that order.
  'the year zero': ['/api/v1/analytics/saved-reports', '/api/v1/analytics/schedules'],
  'a month 13': ['/api/v1/analytics/saved-reports', '/api/v1/analytics/schedules'],
  'infinity for a date': ['/api/v1/tickets?sort=dueAt', '/api/v1/analytics/saved-reports', '/api/v1/analytics/schedules'],
};

const TRICKY_TEXT = {
  emoji: 'Printer 🖨️ on fire 🔥 👩🏽‍💻 — ça brûle',
  rightToLeft: 'مرحبا بالعالم — שלום עולם',
  sqlLooking: "Robert'); DROP TABLE tickets;-- 1' OR '1'='1 /* %_ \\ */",
  quotesAndEscapes: 'He said "hi" \\n \\u0041 <script>alert(1)</script> ${injection} {{template}}',
};

describe('error answers and hostile input', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let log: ResponseLog;
  let admin: SwitchboardClient;
  let ticketId: string;
  let customerId: string;
  let teamId: string;
  let viewId: string;
  let webhookId: string;
  let writeSamples: WriteSample[];

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer();
    workspace = await server.createWorkspace();
    admin = workspace.admin;
    const member = await workspace.addUser('agent', 'Pat Member');

    // At least two of everything, so every list has a second page and real cursors to compare with.
    const tickets: Ticket[] = [];
    for (const subject of ['First printer problem', 'Second printer problem', 'Third printer problem']) {
      tickets.push((await admin.post<Ticket>('/api/v1/tickets', { subject, customer_email: `${subject.split(' ')[0]!.toLowerCase()}@example.test`, dueAt: '2030-01-01T00:00:00Z' })).body);
    }
    ticketId = tickets[0]!.id;
    customerId = tickets[0]!.customerId!;
    for (const body of ['One printer note', 'Two printer notes']) {
      await admin.post(`/api/v1/tickets/${ticketId}/comments`, { body, isPublic: false, mentionUserIds: [member.userId] });
    }
    teamId = (await admin.post<{ id: string }>('/api/v1/teams', { name: 'Team one' })).body.id;
    await admin.post('/api/v1/teams', { name: 'Team two' });
    viewId = (await admin.post<{ id: string }>('/api/v1/views', { name: 'Everything', filters: {} })).body.id;
    webhookId = (await admin.post<{ id: string }>('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['ticket.created'] })).body.id;
    await admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/other', eventTypes: ['ticket.updated'] });
    for (const kind of ['errors.one', 'errors.two']) {
      await server.services.audit.raiseAlert(server.services.db, { workspaceId: workspace.workspaceId, kind, message: 'An alert to page through.' });
    }

    writeSamples = [
      { method: 'POST', path: '/api/v1/tickets', valid: { subject: 'Valid' }, wrongType: ['subject', 42], unknownEnum: ['priority', 'apocalyptic'] },
      { method: 'PATCH', path: `/api/v1/tickets/${ticketId}`, valid: { priority: 'high' }, wrongType: ['tags', 'not-a-list'], unknownEnum: ['type', 'catastrophe'] },
      { method: 'PUT', path: `/api/v1/tickets/${tickets[2]!.id}`, valid: { subject: 'Replaced' }, wrongType: ['dueAt', 20300101], unknownEnum: ['language', 'klingon'] },
      { method: 'POST', path: '/api/v1/tickets/bulk', valid: { ticketIds: [ticketId], changes: { priority: 'low' } }, wrongType: ['ticketIds', ticketId], unknownEnum: ['changes', { priority: 'whenever' }] },
      { method: 'POST', path: '/api/v1/customers', valid: { name: 'Valid customer' }, wrongType: ['name', ['a', 'list']], unknownEnum: ['tier', 'platinum'] },
      { method: 'PATCH', path: `/api/v1/customers/${customerId}`, valid: { organization: 'Acme' }, wrongType: ['emails', 'one@example.test'], unknownEnum: ['language', 'latin'] },
      { method: 'POST', path: `/api/v1/tickets/${ticketId}/comments`, valid: { body: 'A note', isPublic: false }, wrongType: ['isPublic', 'yes'] },
      { method: 'POST', path: '/api/v1/teams', valid: { name: 'Valid team' }, wrongType: ['memberIds', 'everyone'] },
      { method: 'PATCH', path: `/api/v1/teams/${teamId}`, valid: { name: 'Team one' }, wrongType: ['name', false] },
      { method: 'POST', path: '/api/v1/users', valid: { email: 'valid@example.test', name: 'Valid', role: 'agent', password: 'correct horse battery' }, wrongType: ['password', 1234567890123], unknownEnum: ['role', 'owner'] },
      { method: 'POST', path: '/api/v1/views', valid: { name: 'Valid view', filters: {} }, wrongType: ['filters', 'all'], unknownEnum: ['sort', 'random'] },
      { method: 'POST', path: '/api/v1/webhooks', valid: { url: 'https://example.test/hooks', eventTypes: ['ticket.created'] }, wrongType: ['url', 443], unknownEnum: ['eventTypes', ['ticket.exploded']] },
      { method: 'PATCH', path: '/api/v1/workspace', valid: { name: 'Renamed workspace' }, wrongType: ['ticketCategories', 'billing'], unknownEnum: ['plan', 'free-forever'] },
      { method: 'POST', path: '/api/v1/ticket-statuses', valid: { key: 'valid_status', label: 'Valid', category: 'pending' }, wrongType: ['label', 7], unknownEnum: ['category', 'limbo'] },
      { method: 'POST', path: '/api/v1/custom-fields', valid: { entity: 'ticket', key: 'valid_field', label: 'Valid', type: 'text' }, wrongType: ['isRequired', 'true'], unknownEnum: ['type', 'hologram'] },
      { method: 'POST', path: '/api/v1/tokens', valid: { name: 'Valid token' }, wrongType: ['name', { nested: true }], unknownEnum: ['role', 'superuser'] },
      { method: 'PUT', path: `/api/v1/tickets/${ticketId}/presence`, valid: { state: 'viewing' }, wrongType: ['state', 1], unknownEnum: ['state', 'dancing'] },
    ];
  }, 120_000);

  afterAll(async () => {
    log?.stop();
    await server?.close();
  });

  const raw = (method: string, path: string, body: string, contentType = 'application/json') =>
    admin.request<ApiError>(method, path, { rawBody: body, headers: { 'content-type': contentType } });

  it('malformed or empty JSON answers 400 invalid_json on every write', async () => {
    for (const sample of writeSamples) {
      for (const body of ['{"subject": "broken', '{', 'nul', '[1, 2', '{"a": 1,}', '']) {
        const response = await raw(sample.method, sample.path, body);
        expect(response.status, `${sample.method} ${sample.path} with ${JSON.stringify(body)}`).toBe(400);
        expect(response.body.error.code, `${sample.method} ${sample.path} with ${JSON.stringify(body)}`).toBe('invalid_json');
      }
    }
  });

  it('a value of the wrong type answers 400 validation_failed naming the field', async () => {
    for (const sample of writeSamples) {
      const [field, value] = sample.wrongType;
      const response = await admin.request<ApiError>(sample.method, sample.path, { body: { ...sample.valid, [field]: value } });
      expect(response.status, `${sample.method} ${sample.path} ${field}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.map((detail) => detail.path), `${sample.method} ${sample.path}`).toContain(`body.${field}`);
      for (const detail of response.body.error.details) expect(detail.message).toEqual(expect.any(String));
    }
    const notAnObject = await admin.request<ApiError>('POST', '/api/v1/customers', { body: ['a', 'list'] });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.error.code).toBe('validation_failed');
  });

  it('a value outside an enum answers 400 validation_failed', async () => {
    for (const sample of writeSamples.filter((candidate) => candidate.unknownEnum)) {
      const [field, value] = sample.unknownEnum!;
      const response = await admin.request<ApiError>(sample.method, sample.path, { body: { ...sample.valid, [field]: value } });
      expect(response.status, `${sample.method} ${sample.path} ${field}=${JSON.stringify(value)}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.some((detail) => detail.path?.startsWith(`body.${field}`)), `${sample.method} ${sample.path}`).toBe(true);
    }
  });

  it('an unknown field answers 400 rather than being ignored', async () => {
    for (const sample of writeSamples) {
      const response = await admin.request<ApiError>(sample.method, sample.path, { body: { ...sample.valid, colour: 'red' } });
      expect(response.status, `${sample.method} ${sample.path}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });

  it('a body over 1 MB answers 413 payload_too_large, absurd nesting 400, and a body that is not JSON 415', async () => {
    for (const sample of writeSamples) {
      const response = await raw(sample.method, sample.path, JSON.stringify({ ...sample.valid, padding: 'x'.repeat(1_100_000) }));
      expect(response.status, `${sample.method} ${sample.path}`).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
      const deep = await raw(sample.method, sample.path, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(deep.status, `${sample.method} ${sample.path} deeply nested`).toBe(400);
      const text = await raw(sample.method, sample.path, 'subject=hello', 'text/plain');
      expect(text.status, `${sample.method} ${sample.path}`).toBe(415);
      expect(text.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('query parameters of the wrong type or range answer 400', async () => {
    for (const query of [{ limit: 'ten' }, { limit: '0' }, { limit: '100000' }, { limit: '1.5' }, { sort: 'sideways' }, { priority: 'apocalyptic' }, { createdFrom: 'yesterday' }, { assigneeId: 'nobody' }]) {
      const response = await admin.get<ApiError>('/api/v1/tickets', query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    expect((await admin.get<ApiError>('/api/v1/search', {})).status).toBe(400);
    expect((await admin.get<ApiError>('/api/v1/alerts', { state: 'sleeping' })).status).toBe(400);
  });

  it('keeps emoji, right-to-left text and SQL-looking strings exactly as written, everywhere they are stored', async () => {
    for (const [label, text] of Object.entries(TRICKY_TEXT)) {
      const ticket = await admin.post<Ticket>('/api/v1/tickets', { subject: text, description: `${text}\n${text}` });
      expect(ticket.status, label).toBe(201);
      const fetched = await admin.get<Ticket>(`/api/v1/tickets/${ticket.body.id}`);
      expect([fetched.body.subject, fetched.body.description], label).toEqual([text, `${text}\n${text}`]);

      const comment = await admin.post<Comment>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: text, isPublic: false });
      expect(comment.status, label).toBe(201);
      const comments = await admin.get<PageOf<Comment>>(`/api/v1/tickets/${ticket.body.id}/comments`);
      expect(comments.body.data.map((item) => item.body), label).toEqual([text]);

      const customer = await admin.post<{ id: string; name: string; organization: string }>('/api/v1/customers', { name: text, organization: text });
      expect(customer.status, label).toBe(201);
      expect(await admin.get(`/api/v1/customers/${customer.body.id}`)).toMatchObject({ body: { name: text, organization: text } });

      const team = await admin.post<{ id: string; name: string }>('/api/v1/teams', { name: `${label} ${text}`.slice(0, 80) });
      expect(team.status, label).toBe(201);
      expect(team.body.name).toBe(`${label} ${text}`.slice(0, 80));

      const view = await admin.post<{ name: string }>('/api/v1/views', { name: text.slice(0, 80), filters: { q: text } });
      expect(view.status, label).toBe(201);
      expect(view.body.name).toBe(text.slice(0, 80));

      // Searching for them is just a search: answers, never a fault.
      for (const [path, query] of [['/api/v1/tickets', { q: text }], ['/api/v1/search', { q: text }], ['/api/v1/customers', { q: text }], ['/api/v1/customers', { email: text }]] as const) {
        const found = await admin.get<PageOf<unknown>>(path, query);
        expect(found.status, `${label} ${path}`).toBe(200);
      }
    }
    // LIKE wildcards in a customer search match themselves, not everything.
    const wildcard = await admin.get<PageOf<{ name: string }>>('/api/v1/customers', { q: '%_' });
    expect(wildcard.body.data.map((customer) => customer.name)).toEqual([TRICKY_TEXT.sqlLooking]);
  });

  it('text holding a NUL character, which PostgreSQL cannot store, answers 400 rather than failing', async () => {
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/tickets', { subject: 'nul \u0000 byte' }],
      ['POST', '/api/v1/customers', { name: 'Nul\u0000' }],
      ['POST', `/api/v1/tickets/${ticketId}/comments`, { body: 'a\u0000b', isPublic: false }],
      ['POST', '/api/v1/teams', { name: '\u0000' }],
      ['PATCH', `/api/v1/tickets/${ticketId}`, { tags: ['a\u0000'] }],
      ['PATCH', `/api/v1/tickets/${ticketId}`, { customFields: { 'k\u0000': 'v' } }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await admin.request<ApiError>(method, path, { body });
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
    for (const [path, query] of [['/api/v1/tickets', { q: 'a\u0000' }], ['/api/v1/search', { q: '\u0000' }], ['/api/v1/customers', { q: '\u0000' }], ['/api/v1/customers', { email: 'a\u0000@b.c' }], ['/api/v1/tickets', { tag: '\u0000' }], ['/api/v1/audit-log', { action: '\u0000' }]] as const) {
      const response = await admin.get<ApiError>(path, query);
      expect(response.status, `${path} ${JSON.stringify(query)}`).toBe(400);
    }
  });

  it('a forged cursor answers 400 on every list, and the cursors the lists issue keep working', async () => {
    const document = await server.client.get<{ paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> }>('/openapi.json');
    const pathValues: Record<string, string> = { ticketId, viewId, webhookId };
    const requiredQuery: Record<string, Record<string, string>> = { '/api/v1/search': { q: 'printer' } };
    const lists = Object.entries(document.body.paths)
      .filter(([, operations]) => operations.get?.parameters?.some((parameter) => parameter.in === 'query' && parameter.name === 'cursor'))
      .map(([path]) => path);
    expect(lists.length).toBeGreaterThanOrEqual(12);

    const variants: Array<{ path: string; query: Record<string, string>; name: string }> = [];
    for (const template of lists) {
      const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
        if (!pathValues[name]) throw new Error(`no value for {${name}} in ${template}`);
        return pathValues[name]!;
      });
      const base = requiredQuery[template] ?? {};
      variants.push({ path, query: base, name: template });
      if (template === '/api/v1/tickets') for (const sort of ['createdAt', '-updatedAt', '-priority', 'dueAt']) variants.push({ path, query: { ...base, sort }, name: `${template}?sort=${sort}` });
      if (template === '/api/v1/search') variants.push({ path, query: { ...base, type: 'customer' }, name: `${template}?type=customer` });
    }

    const problems: string[] = [];
    for (const { path, query, name } of variants) {
      for (const [label, cursor] of Object.entries(FORGED_CURSORS)) {
        if (WELL_FORMED_FOR[label]?.includes(name)) continue;
        const response = await admin.get<ApiError>(path, { ...query, cursor, limit: '1' });
        if (response.status !== 400 || response.body.error?.code !== 'validation_failed') {
          problems.push(`${path} ${JSON.stringify(query)} with ${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
        }
      }
      // The list's own cursor still leads to the next page.
      const first = await admin.get<PageOf<unknown>>(path, { ...query, limit: '1' });
      if (first.status !== 200) problems.push(`${path} ${JSON.stringify(query)} first page: ${first.status}`);
      else if (first.body.nextCursor) {
        const next = await admin.get<PageOf<unknown>>(path, { ...query, limit: '1', cursor: first.body.nextCursor });
        if (next.status !== 200 || JSON.stringify(next.body.data) === JSON.stringify(first.body.data)) problems.push(`${path} ${JSON.stringify(query)} second page: ${next.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('never answers with a server fault', () => {
    expect(log.responses.length).toBeGreaterThan(500);
    expect(log.serverFaults()).toEqual([]);
  });
});
