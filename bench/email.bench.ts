/**
 * Email benchmark: pushes N messages through the real SMTP receiver into tickets and replies, and measures
 * messages per second and the latency from sending a message to its ticket being readable through the API.
 *
 *   npm run bench:email -- [--messages 2000] [--connections 64] [--verify-every 10] [--database pglite|postgres|both]
 *                          [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * Prints one table (messages/s, p50 and p99 of each latency, failures) and writes the figures to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { queryRows } from '../apps/server/src/db/database.js';
import { startSmtpReceiver } from '../apps/server/src/modules/channels/email/smtp-receiver.js';
import { startBenchServer, type DatabaseKind } from './bench-server.js';
import type { MailLoadResult, MailLoadSpec } from './email-load-worker.js';

/** What the issue asks of PostgreSQL on the 2-core machine. */
const TARGET_MESSAGES_PER_SECOND = 200;
const WARM_UP_MESSAGES = 40;

interface Options {
  messages: number;
  connections: number;
  verifyEvery: number;
  databases: DatabaseKind[];
  postgresUrl: string;
  keep: boolean;
}

interface RunResult extends MailLoadResult {
  database: DatabaseKind;
  messages: number;
  connections: number;
  ticketsCreated: number;
  commentsAdded: number;
  outboxDrainSeconds: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '2000' },
      connections: { type: 'string', default: '64' },
      'verify-every': { type: 'string', default: '10' },
      database: { type: 'string', default: 'both' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const messages = Number(values.messages);
  const connections = Number(values.connections);
  const verifyEvery = Number(values['verify-every']);
  if (!Number.isInteger(verifyEvery) || verifyEvery < 1) throw new Error('--verify-every must be a whole number of at least 1');
  if (!Number.isInteger(messages) || messages < 10) throw new Error('--messages must be a whole number of at least 10');
  if (!Number.isInteger(connections) || connections < 1 || connections > 200) throw new Error('--connections must be between 1 and 200');
  const databases: Record<string, DatabaseKind[]> = { pglite: ['pglite'], postgres: ['postgres'], both: ['pglite', 'postgres'] };
  const chosen = databases[values.database];
  if (!chosen) throw new Error('--database must be pglite, postgres or both');
  return { messages, connections, verifyEvery, databases: chosen, postgresUrl: values['postgres-url'], keep: values.keep };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs the mail load in a worker thread (email-load-worker.ts) and waits for its figures. */
function runMailLoad(spec: MailLoadSpec): Promise<MailLoadResult> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit the TypeScript loader this process runs under (see load-runner.ts).
    const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./email-load-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(source, { eval: true, workerData: spec });
    worker.once('message', (message: { result?: MailLoadResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`mail load worker exited with ${code}`));
    });
  });
}

async function benchmarkDatabase(kind: DatabaseKind, options: Options): Promise<RunResult> {
  say(`\n== ${kind}: starting the server and its SMTP receiver`);
  const server = await startBenchServer(kind, options.postgresUrl);
  const receiver = await startSmtpReceiver(server.services.email, server.services.emailIngestion, { host: '127.0.0.1', port: 0 });
  try {
    const { services } = server;
    const workspace = await services.bootstrap.bootstrap({ slug: 'bench', email: 'admin@bench.switchboard.test', password: 'bench-password-not-secret', plan: 'enterprise' });
    // Recurring customers write many times in the run: the per-sender flood limit is not what is measured.
    const settings = await fetch(`${server.url}/api/v1/email/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${workspace.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ senderHourlyLimit: 100_000 }),
    });
    if (!settings.ok) throw new Error(`PATCH /api/v1/email/settings answered ${settings.status}: ${await settings.text()}`);
    say(`   pushing ${options.messages.toLocaleString('en-US')} messages (after ${WARM_UP_MESSAGES} to warm up) through ${options.connections} SMTP connections; every ${options.verifyEvery}th read back through the API`);
    const load = await runMailLoad({
      smtpPort: receiver.port,
      baseUrl: server.url,
      token: workspace.apiToken,
      address: `bench@${services.config.mailDomain}`,
      messages: options.messages,
      warmUpMessages: WARM_UP_MESSAGES,
      connections: options.connections,
      verifyEvery: options.verifyEvery,
    });
    const [counts] = await queryRows<{ tickets: number; comments: number }>(
      services.db,
      sql`SELECT (SELECT count(*)::int FROM email_messages WHERE workspace_id = ${workspace.workspaceId} AND disposition = 'ticket_created') AS tickets,
                 (SELECT count(*)::int FROM email_messages WHERE workspace_id = ${workspace.workspaceId} AND disposition = 'comment_added') AS comments`,
    );
    const drainStarted = performance.now();
    for (;;) {
      const [pending] = await queryRows<{ count: number }>(services.db, sql`SELECT count(*)::int AS count FROM outbox_events WHERE dispatched_at IS NULL`);
      if (Number(pending!.count) === 0 || performance.now() - drainStarted > 300_000) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return {
      database: kind,
      messages: options.messages,
      connections: options.connections,
      ...load,
      ticketsCreated: counts!.tickets,
      commentsAdded: counts!.comments,
      outboxDrainSeconds: Math.round((performance.now() - drainStarted) / 100) / 10,
    };
  } finally {
    await receiver.close();
    await server.close({ keep: options.keep });
    if (options.keep) say(`   kept: ${server.location}`);
  }
}

const milliseconds = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));

function printTable(results: RunResult[]): void {
  const rows = [
    ['database', 'messages', 'conc', 'msg/s', 'smtp p50', 'smtp p99', 'visible p50', 'visible p99', 'e2e p50', 'e2e p99', 'failures'],
    ...results.map((row) => [
      row.database,
      String(row.messages),
      String(row.connections),
      row.messagesPerSecond.toFixed(0),
      milliseconds(row.smtp.p50),
      milliseconds(row.smtp.p99),
      milliseconds(row.acceptToVisible.p50),
      milliseconds(row.acceptToVisible.p99),
      milliseconds(row.endToEnd.p50),
      milliseconds(row.endToEnd.p99),
      String(row.failures),
    ]),
  ];
  const widths = rows[0]!.map((_cell, index) => Math.max(...rows.map((row) => row[index]!.length)));
  rows.forEach((row, index) => {
    say(row.map((cell, column) => (column < 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) say('-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2)));
  });
  say('(latencies in ms; smtp: send → 250 (every message), visible: 250 → ticket read through the API, e2e: send → ticket read (every --verify-every th message))');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const startedAt = new Date();
  say(`Switchboard email benchmark: ${options.messages.toLocaleString('en-US')} messages over ${options.connections} SMTP connections, on ${options.databases.join(' and ')}`);
  say(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`);
  const results: RunResult[] = [];
  for (const kind of options.databases) {
    const result = await benchmarkDatabase(kind, options);
    results.push(result);
    const ticketed = result.ticketsCreated + result.commentsAdded;
    const expected = result.messages + WARM_UP_MESSAGES;
    say(`   ${result.messagesPerSecond.toFixed(0)} messages/s over ${result.seconds} s: ${result.ticketsCreated} tickets, ${result.commentsAdded} replies (${ticketed === expected ? 'every message' : `MISSING ${expected - ticketed} of ${expected}`}); ${result.failures} failures${result.firstFailure ? ` (first: ${result.firstFailure})` : ''}; outbox drained ${result.outboxDrainSeconds} s after`);
  }
  say('');
  printTable(results);
  for (const result of results.filter((row) => row.database === 'postgres')) {
    say(`\npostgres: ${result.messagesPerSecond.toFixed(0)} messages/s (target >= ${TARGET_MESSAGES_PER_SECOND}): ${result.messagesPerSecond >= TARGET_MESSAGES_PER_SECOND ? 'met' : 'MISSED'}`);
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/email-${startedAt.toISOString().replaceAll(':', '-').replace(/\..+$/, '')}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), options, machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version }, target: TARGET_MESSAGES_PER_SECOND, results }, null, 2)}\n`);
  say(`\nfigures written to ${file.pathname}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
