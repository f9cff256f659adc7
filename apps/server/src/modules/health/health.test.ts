import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.js';

describe('health, readiness, metrics and API reference', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers liveness and readiness with the database kind', async () => {
    expect((await server.client.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await server.client.get<{ status: string; database: string }>('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('serves Prometheus metrics with request durations by route', async () => {
    await server.client.get('/health');
    const metrics = await server.client.get<string>('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/health"');
  });

  it('publishes the OpenAPI document with the v1 resources', async () => {
    const openapi = await server.client.get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/v1/customers', '/api/v1/users', '/api/v1/teams']));
    const docs = await server.client.get<string>('/docs/');
    expect(docs.status).toBe(200);
  });

  it('echoes a request id on every answer and answers unknown routes in the error shape', async () => {
    const response = await server.client.get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body).toMatchObject({ error: { code: 'not_found' } });
  });
});
