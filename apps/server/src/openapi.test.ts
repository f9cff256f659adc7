import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTypedClient } from '@switchboard/sdk';
import { buildOpenApiDocument } from './openapi-document.js';
import { startTestServer } from '../test/harness.js';

describe('OpenAPI document and typed SDK', () => {
  it('matches the document the SDK was generated from (run `npm run sdk:generate` after changing routes)', async () => {
    const committed = JSON.parse(readFileSync(new URL('../../../packages/sdk/openapi.json', import.meta.url), 'utf8')) as unknown;
    expect(await buildOpenApiDocument()).toEqual(committed);
  });

  it('documents every API route with a summary', async () => {
    const document = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, { summary?: string }>> };
    const undocumented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).filter(([, operation]) => path.startsWith('/api/') && !operation.summary).map(([method]) => `${method} ${path}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('lets a typed client create and read a ticket', async () => {
    const server = await startTestServer();
    try {
      const token = (await server.services.bootstrap.bootstrap({ slug: 'typed-sdk', email: 'typed@example.com', password: 'correct horse battery' })).apiToken;
      const api = createTypedClient({ baseUrl: server.url, token });
      const created = await api.POST('/api/v1/tickets', { body: { subject: 'Typed', priority: 'high' } });
      expect(created.response.status).toBe(201);
      const fetched = await api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: String(created.data?.number) } } });
      expect(fetched.data?.subject).toBe('Typed');
    } finally {
      await server.close();
    }
  });
});
