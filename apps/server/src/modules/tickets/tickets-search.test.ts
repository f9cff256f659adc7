import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

describe('full-text search in English and French', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    const create = async (key: string, body: Record<string, unknown>) => {
      ids[key] = (await workspace.admin.post<Ticket>('/api/v1/tickets', body)).body.id;
    };
    await create('horse', { subject: 'Question sur le cheval de la ferme', description: 'Le cheval boite depuis hier.' });
    await create('refund', { subject: 'Demande', description: 'Je voudrais rembourser ma commande annulée.' });
    await create('refundEn', { subject: 'Refund request', description: 'Please refund my order.' });
    await create('printer', { subject: 'Printer jam', description: 'Paper stuck in tray 2.' });
    await create('comment', { subject: 'Login trouble', description: 'Cannot sign in.' });
    await workspace.admin.post(`/api/v1/tickets/${ids.comment}/comments`, { body: 'Le mot de passe a été réinitialisé, merci de réessayer.', isPublic: false });
  });
  afterAll(() => server.close());

  const search = async (q: string) => (await workspace.admin.get<PageOf<Ticket & { rank: number }>>('/api/v1/search', { q })).body.data.map((ticket) => ticket.id);

  it('finds "cheval" when searching the plural "chevaux"', async () => {
    expect(await search('chevaux')).toEqual([ids.horse]);
  });

  it('finds "rembourser" when searching "remboursé", accents or not', async () => {
    expect(await search('remboursé')).toEqual([ids.refund]);
    expect(await search('rembourse')).toEqual([ids.refund]);
  });

  it('finds "refund" when searching "refunds"', async () => {
    expect(await search('refunds')).toEqual([ids.refundEn]);
  });

  it('searches comments too', async () => {
    expect(await search('réinitialiser')).toEqual([ids.comment]);
  });

  it('combines words and filters, and answers nothing for words nobody wrote', async () => {
    expect(await search('paper tray')).toEqual([ids.printer]);
    expect(await search('zeppelin')).toEqual([]);
    const filtered = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { q: 'refund', priority: 'urgent' });
    expect(filtered.body.data).toEqual([]);
    const listed = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { q: 'refunds' });
    expect(listed.body.data.map((ticket) => ticket.id)).toEqual([ids.refundEn]);
  });

  it('finds the same tickets once the indexes\' pending entries are merged (as chat traffic has them merged)', async () => {
    const merged = await server.services.tickets.cleanSearchIndexes();
    expect(merged).toBeGreaterThan(0);
    expect(await search('chevaux')).toEqual([ids.horse]);
    expect(await search('réinitialiser')).toEqual([ids.comment]);
    await workspace.admin.post(`/api/v1/tickets/${ids.printer}/comments`, { body: 'Replaced the fuser unit.', isPublic: true });
    expect(await search('fuser')).toEqual([ids.printer]);
    expect(await server.services.tickets.cleanSearchIndexes()).toBeGreaterThan(0);
    expect(await search('fuser')).toEqual([ids.printer]);
  });

  it('searches customers by name or email', async () => {
    await workspace.admin.post('/api/v1/customers', { name: 'Gaëlle Bouchard', email: 'gaelle@example.ca' });
    const found = await workspace.admin.get<PageOf<{ name: string; resultType: string }>>('/api/v1/search', { q: 'gaelle', type: 'customer' });
    expect(found.body.data).toEqual([expect.objectContaining({ name: 'Gaëlle Bouchard', resultType: 'customer' })]);
  });

  it('treats operators and punctuation in the query as plain words', async () => {
    for (const q of ["'); DROP TABLE tickets; --", 'a & | ! ( :*', '"unterminated', '🎉🎉']) {
      const response = await workspace.admin.get('/api/v1/search', { q });
      expect(response.status).toBe(200);
    }
  });
});
