import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../db/throwaway-database.js';
import { createClient, type SwitchboardClient } from '@switchboard/sdk';
import { runCli } from '../../../test/run-cli.js';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../../../../../node_modules/.bin/tsx', import.meta.url));
const serverEntry = fileURLToPath(new URL('../../../test/server-process.ts', import.meta.url));

function startNode(environment: Record<string, string>): Promise<{ url: string; process: ChildProcessWithoutNullStreams }> {
  const child = spawn(tsxBinary, [serverEntry, `switchboard-test-durability:${randomUUID()}`], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...environment },
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, process: child }));
    child.once('exit', (code) => reject(new Error(`server process exited (${code}): ${errors}`)));
  });
}

function killed(node: { process: ChildProcessWithoutNullStreams }): Promise<void> {
  return new Promise((resolve) => {
    node.process.once('exit', () => resolve());
    node.process.kill('SIGKILL');
  });
}

/** A webhook receiver: every delivery of an SLA event, by event id (a redelivery repeats the id, a second firing would not). */
async function startReceiver(): Promise<{ url: string; events: Array<{ id: string; type: string }>; close: () => Promise<void> }> {
  const events: Array<{ id: string; type: string }> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const event = JSON.parse(body) as { id: string; type: string };
      events.push({ id: event.id, type: event.type });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('SLA timers and time-based rules survive a SIGKILL', () => {
  let throwaway: ThrowawayDatabase | undefined;
  let dataDir: string | undefined;
  const environment: Record<string, string> = { MASTER_KEY: randomBytes(32).toString('base64'), WORKERS: 'on', SLA_SWEEP_INTERVAL_MS: '250', AUTOMATION_TIME_SWEEP_INTERVAL_MS: '250', WEBHOOK_RETRY_BASE_MS: '200', ALLOW_PRIVATE_NETWORK_TARGETS: 'true' };
  const slug = `durable-${randomUUID().slice(0, 8)}`;
  let apiToken: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const nodes: Array<{ process: ChildProcessWithoutNullStreams }> = [];

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      throwaway = await createThrowawayDatabase(process.env.DATABASE_URL, 'switchboard_test');
      environment.DATABASE_URL = throwaway.url;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
      environment.DATA_DIR = dataDir;
    }
    const created = await runCli(['bootstrap', '--workspace', slug, '--email', `admin@${slug}.test`, '--password', 'correct horse battery', '--plan', 'enterprise', '--json'], environment);
    expect(created.exitCode, created.stderr).toBe(0);
    apiToken = (JSON.parse(created.stdout) as { apiToken: string }).apiToken;
    receiver = await startReceiver();
  }, 120_000);

  afterAll(async () => {
    for (const node of nodes) if (node.process.exitCode === null) node.process.kill('SIGKILL');
    await receiver?.close();
    await throwaway?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires the warning and the rule exactly once after the server was killed while both were pending', async () => {
    const first = await startNode(environment);
    nodes.push(first);
    const client: SwitchboardClient = createClient({ baseUrl: first.url }).withToken(apiToken);
    expect((await client.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['sla.warning', 'sla.breached'] })).status).toBe(201);
    // A one-minute first-response target that warns at 10% (6 s); a rule due 7.2 s after creation (0.002 h).
    const targets = { firstResponseMinutes: 1, nextResponseMinutes: 1, resolutionMinutes: 600 };
    const policy = await client.post('/api/v1/sla/policies', { name: 'Fast', position: 0, warningPercent: 10, targets: { urgent: targets, high: targets, normal: targets, low: targets } });
    expect(policy.status).toBe(201);
    const rule = await client.post<{ id: string }>('/api/v1/automations/rules', {
      name: 'Follow up quickly',
      triggers: ['time'],
      conditions: { all: [{ field: 'hours.sinceCreated', operator: 'gte', value: 0.002 }, { field: 'ticket.subject', operator: 'contains', value: 'durable' }] },
      actions: [{ type: 'add_note', body: 'Followed up after the restart.' }],
    });
    expect(rule.status).toBe(201);
    const ticket = await client.post<{ id: string }>('/api/v1/tickets', { subject: 'A durable timer', priority: 'normal' });
    expect(ticket.status).toBe(201);
    await vi.waitFor(async () => {
      const sla = await client.get<{ targets: unknown[] }>(`/api/v1/tickets/${ticket.body.id}/sla`);
      if (sla.body.targets.length === 0) throw new Error('no SLA clocks yet');
    }, { timeout: 10_000, interval: 100 });

    // Both are pending (the warning at 6 s, the rule at 7.2 s): the process dies without a chance to clean up.
    await killed(first);
    expect(receiver.events).toEqual([]);
    const second = await startNode(environment);
    nodes.push(second);
    const after = createClient({ baseUrl: second.url }).withToken(apiToken);

    await vi.waitFor(async () => {
      const runs = (await after.get<{ data: Array<{ outcome: string }> }>(`/api/v1/automations/runs?ruleId=${rule.body.id}`)).body.data;
      if (runs.length === 0 || !receiver.events.some((event) => event.type === 'sla.warning')) throw new Error('not fired yet');
    }, { timeout: 30_000, interval: 200 });
    // Several more sweeps of both kinds run; nothing fires a second time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(new Set(receiver.events.filter((event) => event.type === 'sla.warning').map((event) => event.id)).size).toBe(1);
    expect((await after.get<{ data: Array<{ outcome: string }> }>(`/api/v1/automations/runs?ruleId=${rule.body.id}`)).body.data.map((run) => run.outcome)).toEqual(['applied']);
    const notes = (await after.get<{ data: Array<{ body: string }> }>(`/api/v1/tickets/${ticket.body.id}/comments`)).body.data.filter((comment) => comment.body === 'Followed up after the restart.');
    expect(notes).toHaveLength(1);
    second.process.stdin.end();
  }, 120_000);
});
