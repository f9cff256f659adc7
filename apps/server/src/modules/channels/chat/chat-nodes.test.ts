import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../../db/throwaway-database.js';
import { runCli } from '../../../../test/run-cli.js';
import { collect, connectSocket, waitFor } from '../../../../test/socket-events.js';

const repositoryRoot = fileURLToPath(new URL('../../../../../../', import.meta.url));
const tsxBinary = fileURLToPath(new URL('../../../../../../node_modules/.bin/tsx', import.meta.url));
const serverEntry = fileURLToPath(new URL('../../../../test/server-process.ts', import.meta.url));

/** Two real processes need a database both can reach (PostgreSQL) and Redis between them; PGlite belongs to one process. */
const isMultiNode = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
interface EventMessage {
  type: string;
  data: { comment?: { body: string; ticketId: string } };
}

function startNode(environment: Record<string, string>, channel: string): Promise<{ url: string; process: ChildProcessWithoutNullStreams }> {
  const child = spawn(tsxBinary, [serverEntry, channel], {
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

const connect = (url: string, token: string) => connectSocket(url, token);

async function ok<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const answer = (await socket.timeout(10_000).emitWithAck(name, payload)) as Answer<T>;
  if (!answer.ok) throw new Error(`${name} refused: ${answer.error.message}`);
  return answer;
}

describe('live chat across server processes', () => {
  const nodes: Array<{ url: string; process: ChildProcessWithoutNullStreams }> = [];
  const sockets: Socket[] = [];
  let throwaway: ThrowawayDatabase | undefined;
  let dataDir: string | undefined;
  let apiToken: string;
  const slug = `nodes-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const environment: Record<string, string> = { MASTER_KEY: randomBytes(32).toString('base64'), WORKERS: 'on' };
    if (isMultiNode) {
      throwaway = await createThrowawayDatabase(process.env.DATABASE_URL!, 'switchboard_test');
      Object.assign(environment, { DATABASE_URL: throwaway.url, REDIS_URL: process.env.REDIS_URL! });
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'switchboard-node-'));
      environment.DATA_DIR = dataDir;
    }
    // Set up the way an operator does, before the servers start (PGlite allows one process at a time).
    const created = await runCli(['bootstrap', '--workspace', slug, '--email', `admin@${slug}.test`, '--password', 'correct horse battery', '--plan', 'enterprise', '--json'], environment);
    expect(created.exitCode, created.stderr).toBe(0);
    apiToken = (JSON.parse(created.stdout) as { apiToken: string }).apiToken;
    const channel = `switchboard-test-nodes:${randomUUID()}`;
    nodes.push(await startNode(environment, channel));
    if (isMultiNode) nodes.push(await startNode(environment, channel));
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise((resolve) => {
            node.process.once('exit', resolve);
            node.process.stdin.end();
            setTimeout(() => node.process.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await throwaway?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    isMultiNode
      ? 'a visitor on process A and an agent on process B (one PostgreSQL, one Redis) exchange messages, typing and receipts'
      : 'one server process on PGlite (which belongs to one process) serves a visitor and an agent: messages, typing and receipts',
    async () => {
      const nodeA = nodes[0]!;
      const nodeB = nodes.at(-1)!;
      const session = (await (await fetch(`${nodeA.url}/api/v1/widget/${slug}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Dana' }) })).json()) as {
        visitorToken: string;
      };
      const visitor = await connect(`${nodeA.url}/widget`, session.visitorToken);
      const agent = await connect(nodeB.url, apiToken);
      sockets.push(visitor, agent);
      const visitorMessages = collect<{ body: string; sender: string }>(visitor, 'message');
      const visitorTyping = collect<{ isTyping: boolean }>(visitor, 'typing');
      const visitorReads = collect<{ seq: number }>(visitor, 'read');
      const agentEvents = collect<EventMessage>(agent, 'event');
      const agentTyping = collect<{ isTyping: boolean }>(agent, 'chat:typing');
      const agentReads = collect<{ reader: string; seq: number }>(agent, 'chat:read');
      const staff = (path: string, method: string, body: unknown) =>
        fetch(`${nodeB.url}${path}`, { method, headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

      const { conversation } = await ok<{ conversation: { id: string; ticketId: string } }>(visitor, 'conversation:start', { clientMessageId: randomUUID(), body: 'Hello from process A' });
      await waitFor(agentEvents, (event) => event.type === 'comment.created' && event.data.comment?.body === 'Hello from process A', 'the visitor message on the agent’s process');
      expect(await agent.timeout(10_000).emitWithAck('ticket:watch', { ticketId: conversation.ticketId })).toEqual({ ok: true });

      await ok(visitor, 'typing', { conversationId: conversation.id, isTyping: true });
      await waitFor(agentTyping, (message) => message.isTyping, 'the visitor typing');
      expect((await staff(`/api/v1/tickets/${conversation.ticketId}/presence`, 'PUT', { state: 'replying' })).status).toBe(200);
      await waitFor(visitorTyping, (message) => message.isTyping, 'the agent typing');

      expect((await staff(`/api/v1/tickets/${conversation.ticketId}/comments`, 'POST', { body: 'Hello from process B', isPublic: true })).status).toBe(201);
      await waitFor(visitorMessages, (message) => message.sender === 'agent' && message.body === 'Hello from process B', 'the agent reply on the visitor’s process');

      expect((await staff(`/api/v1/tickets/${conversation.ticketId}/chat/read`, 'POST', { seq: 2 })).status).toBe(200);
      await waitFor(visitorReads, (message) => message.seq === 2, 'the agent’s read receipt');
      await ok(visitor, 'read', { conversationId: conversation.id, seq: 2 });
      await waitFor(agentReads, (message) => message.reader === 'visitor' && message.seq === 2, 'the visitor’s read receipt');
    },
    60_000,
  );
});
