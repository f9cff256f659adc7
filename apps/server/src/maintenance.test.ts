import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from './db/database.js';
import { runMaintenance } from './maintenance.js';
import { startTestServer, type TestServer } from '../test/harness.js';

describe('maintenance', () => {
  const clock = { current: new Date(), now() { return this.current; } };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock, workers: false });
  });
  afterAll(() => server.close());

  it('forgets idempotency keys after a day and dispatched events after a week, keeping pending events', async () => {
    const workspace = await server.createWorkspace();
    await workspace.admin.post('/api/v1/customers', { name: 'Kept' }, { 'idempotency-key': 'k1' });
    await server.services.outbox.dispatchBatch();
    await workspace.admin.post('/api/v1/customers', { name: 'Pending' });
    const count = async () =>
      (await queryRows<{ keys: number; dispatched: number; pending: number }>(server.services.db, sql`
        SELECT (SELECT count(*)::int FROM idempotency_keys) AS keys,
               (SELECT count(*)::int FROM outbox_events WHERE dispatched_at IS NOT NULL) AS dispatched,
               (SELECT count(*)::int FROM outbox_events WHERE dispatched_at IS NULL) AS pending`))[0]!;

    await runMaintenance(server.services);
    expect(await count()).toEqual({ keys: 1, dispatched: 1, pending: 1 });
    clock.current = new Date(Date.now() + 8 * 24 * 3600_000);
    await runMaintenance(server.services);
    expect(await count()).toEqual({ keys: 0, dispatched: 0, pending: 1 });
  });
});
