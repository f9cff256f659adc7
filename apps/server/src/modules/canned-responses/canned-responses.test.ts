import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardClient } from '@switchboard/sdk';
import type { ApiError, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { fillVariables } from '../../shared/template-variables.js';

interface CannedResponse {
  id: string;
  name: string;
  category: string | null;
  bodyEn: string;
  bodyFr: string;
  visibility: 'personal' | 'shared';
  ownerId: string | null;
  teamId: string | null;
  changes: { status?: string; priority?: string; addTags: string[]; removeTags: string[]; teamId?: string };
  usageCount: number;
  lastUsedAt: string | null;
  isEditable: boolean;
}
interface Rendered {
  body: string;
  language: 'en' | 'fr';
  changes: CannedResponse['changes'];
}

describe('canned responses', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let agent: { userId: string; client: SwitchboardClient };
  let colleague: { userId: string; client: SwitchboardClient };
  let billingAgent: { userId: string; client: SwitchboardClient };
  let manager: { userId: string; client: SwitchboardClient };
  let billingTeamId: string;

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    agent = await workspace.addUser('agent', 'Julie Fortin');
    colleague = await workspace.addUser('agent', 'Sam Carter');
    billingAgent = await workspace.addUser('agent', 'Nathalie Roy');
    manager = await workspace.addUser('manager', 'Maya Chen');
    const team = await workspace.admin.post<{ id: string }>('/api/v1/teams', { name: 'Billing', memberIds: [billingAgent.userId] });
    expect(team.status).toBe(201);
    billingTeamId = team.body.id;
  });
  afterAll(() => server.close());

  async function createCanned(client: SwitchboardClient, body: Record<string, unknown>): Promise<CannedResponse> {
    const created = await client.post<CannedResponse>('/api/v1/canned-responses', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }
  async function createTicket(body: Record<string, unknown>, client = workspace.admin): Promise<Ticket> {
    const created = await client.post<Ticket>('/api/v1/tickets', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }
  const namesVisibleTo = async (client: SwitchboardClient, query: Record<string, string> = {}) =>
    (await client.get<{ data: CannedResponse[] }>('/api/v1/canned-responses', query)).body.data.map((item) => item.name);
  const render = (client: SwitchboardClient, ticketId: string, cannedId: string) => client.post<Rendered>(`/api/v1/tickets/${ticketId}/canned-responses/${cannedId}/render`);

  it('a personal canned response is its owner’s alone: others can neither see, use, change nor delete it', async () => {
    const mine = await createCanned(agent.client, { name: 'My sign-off', bodyEn: 'Cheers, {{agent.first_name}}' });
    expect(mine).toMatchObject({ visibility: 'personal', ownerId: agent.userId, teamId: null, isEditable: true, usageCount: 0 });
    expect(await namesVisibleTo(agent.client)).toContain('My sign-off');
    expect(await namesVisibleTo(colleague.client)).not.toContain('My sign-off');
    expect(await namesVisibleTo(workspace.admin)).not.toContain('My sign-off');

    expect((await colleague.client.get<ApiError>(`/api/v1/canned-responses/${mine.id}`)).status).toBe(404);
    const edit = await colleague.client.patch<ApiError>(`/api/v1/canned-responses/${mine.id}`, { name: 'Stolen' });
    expect(edit.status).toBe(404);
    expect(edit.body.error.code).toBe('canned_response_not_found');
    expect((await manager.client.delete(`/api/v1/canned-responses/${mine.id}`)).status).toBe(404);
    const ticket = await createTicket({ subject: 'Hello', customer_email: 'someone@example.test' });
    expect((await render(colleague.client, ticket.id, mine.id)).status).toBe(404);

    const renamed = await agent.client.patch<CannedResponse>(`/api/v1/canned-responses/${mine.id}`, { name: 'My closing line' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('My closing line');
    expect((await agent.client.delete(`/api/v1/canned-responses/${mine.id}`)).status).toBe(204);
    expect(await namesVisibleTo(agent.client)).not.toContain('My closing line');
  });

  it('shared ones are made by managers and admins; a team-shared one reaches only that team’s members', async () => {
    const refused = await agent.client.post<ApiError>('/api/v1/canned-responses', { name: 'Everyone', bodyEn: 'Hi', visibility: 'shared' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const everyone = await createCanned(manager.client, { name: 'Workspace hello', bodyEn: 'Hello!', visibility: 'shared', category: 'General' });
    const billingOnly = await createCanned(workspace.admin, { name: 'Billing only', bodyEn: 'About your invoice', visibility: 'shared', teamId: billingTeamId, category: 'Billing' });
    expect(billingOnly).toMatchObject({ visibility: 'shared', teamId: billingTeamId, ownerId: null });

    expect(await namesVisibleTo(agent.client)).toEqual(expect.arrayContaining(['Workspace hello']));
    expect(await namesVisibleTo(agent.client)).not.toContain('Billing only');
    expect(await namesVisibleTo(billingAgent.client)).toEqual(expect.arrayContaining(['Workspace hello', 'Billing only']));
    const ticket = await createTicket({ subject: 'Invoice', customer_email: 'invoice@example.test' });
    expect((await render(agent.client, ticket.id, billingOnly.id)).status).toBe(404);
    expect((await render(billingAgent.client, ticket.id, billingOnly.id)).status).toBe(200);

    // Agents use shared ones but do not change them; managers see every shared one to manage it.
    const listed = (await agent.client.get<{ data: CannedResponse[] }>('/api/v1/canned-responses')).body.data.find((item) => item.id === everyone.id);
    expect(listed?.isEditable).toBe(false);
    expect((await agent.client.patch<ApiError>(`/api/v1/canned-responses/${everyone.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await billingAgent.client.delete(`/api/v1/canned-responses/${billingOnly.id}`)).status).toBe(403);
    expect((await agent.client.get<ApiError>('/api/v1/canned-responses', { scope: 'shared' })).status).toBe(403);
    expect(await namesVisibleTo(manager.client, { scope: 'shared' })).toEqual(expect.arrayContaining(['Workspace hello', 'Billing only']));
    const moved = await manager.client.patch<CannedResponse>(`/api/v1/canned-responses/${billingOnly.id}`, { teamId: null });
    expect(moved.body.teamId).toBeNull();
    expect(await namesVisibleTo(agent.client)).toContain('Billing only');
    expect(await namesVisibleTo(agent.client, { category: 'billing' })).toEqual(['Billing only']);
  });

  it('another workspace never sees them, and rendering on its ticket answers 404', async () => {
    const shared = await createCanned(workspace.admin, { name: 'Our secret recipe', bodyEn: 'Secret', visibility: 'shared' });
    expect(await namesVisibleTo(other.admin)).not.toContain('Our secret recipe');
    expect((await other.admin.get(`/api/v1/canned-responses/${shared.id}`)).status).toBe(404);
    expect((await other.admin.patch(`/api/v1/canned-responses/${shared.id}`, { name: 'Ours' })).status).toBe(404);
    expect((await other.admin.delete(`/api/v1/canned-responses/${shared.id}`)).status).toBe(404);

    const foreignTicket = (await other.admin.post<Ticket>('/api/v1/tickets', { subject: 'Theirs', customer_email: 'theirs@example.test' })).body;
    const onForeignTicket = await render(workspace.admin, foreignTicket.id, shared.id);
    expect(onForeignTicket.status).toBe(404);
    expect((onForeignTicket.body as unknown as ApiError).error.code).toBe('ticket_not_found');
    expect((await render(other.admin, foreignTicket.id, shared.id)).status).toBe(404);
  });

  it('fills the variables for the ticket and the calling agent, in the ticket’s language, and counts each use', async () => {
    const canned = await createCanned(workspace.admin, {
      name: 'Greeting',
      category: 'General',
      visibility: 'shared',
      bodyEn: 'Hi {{customer.first_name}} ({{customer.email}}), {{agent.first_name}} from {{workspace.name}} here about #{{ticket.number}} “{{ticket.subject}}”. {{agent.name}}',
      bodyFr: 'Bonjour {{customer.first_name}}, ici {{agent.name}} au sujet du billet n° {{ticket.number}} : {{ticket.subject}}. {{customer.name}}',
      changes: { status: 'pending', priority: 'high', addTags: ['greeted'], removeTags: ['new-lead'], teamId: billingTeamId },
    });
    const english = await createTicket({ subject: 'Cannot log in', customer_email: 'ana.lopez@example.test', customer_name: 'Ana Lopez', language: 'en' });
    const french = await createTicket({ subject: 'Facture en double', customer_email: 'marie@example.test', customer_name: 'Marie-Ève Tremblay', language: 'fr' });
    const workspaceName = (await workspace.admin.get<{ name: string }>('/api/v1/workspace')).body.name;

    const inEnglish = await render(agent.client, english.id, canned.id);
    expect(inEnglish.status).toBe(200);
    expect(inEnglish.body).toEqual({
      body: `Hi Ana (ana.lopez@example.test), Julie from ${workspaceName} here about #${english.number} “Cannot log in”. Julie Fortin`,
      language: 'en',
      changes: { status: 'pending', priority: 'high', addTags: ['greeted'], removeTags: ['new-lead'], teamId: billingTeamId },
    });
    const inFrench = await render(colleague.client, String(french.number), canned.id);
    expect(inFrench.body.language).toBe('fr');
    expect(inFrench.body.body).toBe(`Bonjour Marie-Ève, ici Sam Carter au sujet du billet n° ${french.number} : Facture en double. Marie-Ève Tremblay`);

    const used = (await workspace.admin.get<CannedResponse>(`/api/v1/canned-responses/${canned.id}`)).body;
    expect(used.usageCount).toBe(2);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('falls back to the other language when the ticket’s is empty, and leaves unknown or empty variables out cleanly', async () => {
    const englishOnly = await createCanned(agent.client, { name: 'English only', bodyEn: 'Hello {{customer.first_name}}, ticket #{{ticket.number}}.' });
    const frenchOnly = await createCanned(agent.client, { name: 'French only', bodyFr: 'Bonjour {{customer.first_name}}, {{order.id}}merci {{nonsense}}!' });
    const french = await createTicket({ subject: 'Question', customer_email: 'luc@example.test', customer_name: 'Luc Gagnon', language: 'fr' });
    const withoutCustomer = await createTicket({ subject: 'Internal task', language: 'en' });

    const fallback = await render(agent.client, french.id, englishOnly.id);
    expect(fallback.body).toMatchObject({ body: `Hello Luc, ticket #${french.number}.`, language: 'en' });
    const otherWay = await render(agent.client, withoutCustomer.id, frenchOnly.id);
    expect(otherWay.body.language).toBe('fr');
    expect(otherWay.body.body).toBe('Bonjour,merci!');
    expect(otherWay.body.body).not.toContain('undefined');
    const noName = await render(agent.client, withoutCustomer.id, englishOnly.id);
    expect(noName.body.body).toBe(`Hello, ticket #${withoutCustomer.number}.`);
    // A value is plain text: markup in a customer's name comes out as written, never interpreted here.
    expect(fillVariables('Hi {{customer.name}}', { 'customer.name': '<b>Bob</b>' }, { isTidy: true })).toBe('Hi <b>Bob</b>');
  });

  it('search ignores case and accents, in the name and both texts', async () => {
    await createCanned(agent.client, { name: 'Remboursement accordé', bodyFr: 'Votre remboursement est en route.', category: 'Facturation' });
    await createCanned(agent.client, { name: 'Shipping delay', bodyEn: 'Your parcel is late.', bodyFr: 'Votre colis est en retard, désolé.' });
    expect(await namesVisibleTo(agent.client, { q: 'ACCORDE' })).toEqual(['Remboursement accordé']);
    expect(await namesVisibleTo(agent.client, { q: 'desole' })).toEqual(['Shipping delay']);
    expect(await namesVisibleTo(agent.client, { q: 'parcel late' })).toEqual(['Shipping delay']);
    expect(await namesVisibleTo(agent.client, { q: '100%' })).toEqual([]);
    expect(await namesVisibleTo(agent.client, { category: 'facturation' })).toEqual(['Remboursement accordé']);
  });

  it('refuses bad input with a 4xx that names the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Empty' }, 'bodyEn'],
      [{ name: 'Blank', bodyEn: '   ', bodyFr: '' }, 'bodyEn'],
      [{ name: '', bodyEn: 'Hi' }, 'name'],
      [{ name: 'Bad visibility', bodyEn: 'Hi', visibility: 'public' }, 'visibility'],
      [{ name: 'Team on personal', bodyEn: 'Hi', teamId: billingTeamId }, 'teamId'],
      [{ name: 'Bad priority', bodyEn: 'Hi', changes: { priority: 'asap' } }, 'changes.priority'],
      [{ name: 'Bad tag', bodyEn: 'Hi', changes: { addTags: ['two words'] } }, 'changes.addTags.0'],
      [{ name: 'Unknown field', bodyEn: 'Hi', changes: { assignee: 'me' } }, 'changes'],
      [{ name: 'Unknown status', bodyEn: 'Hi', changes: { status: 'sleeping' } }, 'changes.status'],
      [{ name: 'Unknown team', bodyEn: 'Hi', changes: { teamId: '00000000-0000-4000-8000-000000000000' } }, 'changes.teamId'],
      [{ name: 'Add and remove', bodyEn: 'Hi', changes: { addTags: ['vip'], removeTags: ['vip'] } }, 'changes.removeTags'],
    ];
    for (const [body, path] of cases) {
      const answer = await agent.client.post<ApiError>('/api/v1/canned-responses', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      // Schema problems are reported under `body.`; the rules checked afterwards name the field alone.
      expect(answer.body.error.details.map((detail) => detail.path?.replace(/^body\./, '')), JSON.stringify(body)).toContain(path);
    }
    const mine = await createCanned(agent.client, { name: 'To empty', bodyEn: 'Hi', bodyFr: '' });
    const emptied = await agent.client.patch<ApiError>(`/api/v1/canned-responses/${mine.id}`, { bodyEn: '' });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error.details[0]?.path).toBe('bodyEn');
    // A malformed id names no resource, so it is not found, as everywhere in the API.
    expect((await agent.client.get<ApiError>('/api/v1/canned-responses/not-an-id')).status).toBe(404);
    expect((await agent.client.post<ApiError>('/api/v1/tickets/999999/canned-responses/00000000-0000-4000-8000-000000000000/render')).status).toBe(404);
    const viewer = await workspace.addUser('viewer');
    expect((await viewer.client.get<ApiError>('/api/v1/canned-responses')).status).toBe(403);
  });
});
