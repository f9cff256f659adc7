/**
 * Live chat benchmark: K visitors connected to the `/widget` socket at once, M messages per second sent by them,
 * and the time each message takes to reach the agents' screens (the `comment.created` event on an agent's socket).
 *
 *   npm run bench:chat -- [--visitors 2000] [--rate 100] [--duration 20] [--chats 500] [--agents 4]
 *                         [--database postgres|pglite] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The server runs in a child process (bench/chat-server.ts) so its memory (RSS, read from /proc) is its own.
 * Prints: connection time, acknowledgement latency (visitor → stored), delivery latency (visitor → agent),
 * messages lost or heard twice, and the server's RSS before and during the load; writes the figures to bench/results/.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';

/** What the issue asks of one 2-core node with PostgreSQL. */
const TARGETS = { visitors: 10_000, messagesPerSecond: 500, deliveryP99Ms: 150, serverRssMb: 1536 };
const CONNECT_BATCH = 250;

interface Options {
  visitors: number;
  rate: number;
  durationSeconds: number;
  chats: number;
  agents: number;
  database: 'postgres' | 'pglite';
  postgresUrl: string;
}

interface ServerInfo {
  url: string;
  workspaceSlug: string;
  agentToken: string;
  visitorTokens: string[];
}

type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      visitors: { type: 'string', default: '2000' },
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '20' },
      chats: { type: 'string', default: '500' },
      agents: { type: 'string', default: '4' },
      database: { type: 'string', default: 'postgres' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
    strict: true,
  });
  const options = {
    visitors: Number(values.visitors),
    rate: Number(values.rate),
    durationSeconds: Number(values.duration),
    chats: Number(values.chats),
    agents: Number(values.agents),
    database: values.database as Options['database'],
    postgresUrl: values['postgres-url'],
  };
  if (!Number.isInteger(options.visitors) || options.visitors < 1 || options.visitors > 15_000) throw new Error('--visitors must be between 1 and 15000');
  if (!(options.rate > 0 && options.rate <= 5_000)) throw new Error('--rate must be between 1 and 5000 messages per second');
  if (!(options.durationSeconds >= 1)) throw new Error('--duration must be at least 1 second');
  if (!Number.isInteger(options.chats) || options.chats < 1) throw new Error('--chats must be a whole number of at least 1');
  if (!Number.isInteger(options.agents) || options.agents < 1 || options.agents > 50) throw new Error('--agents must be between 1 and 50');
  if (options.database !== 'postgres' && options.database !== 'pglite') throw new Error('--database must be postgres or pglite');
  options.chats = Math.min(options.chats, options.visitors);
  return options;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function startServer(options: Options): Promise<{ child: ChildProcessWithoutNullStreams; info: ServerInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./chat-server.ts', import.meta.url).pathname, '--database', options.database, '--visitors', String(options.visitors), '--postgres-url', options.postgresUrl], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, info: JSON.parse(line) as ServerInfo }));
    child.once('exit', (code) => reject(new Error(`the chat server exited early (${code})`)));
  });
}

/** CPU time (user + system) the process has used so far, in seconds. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kilobytes / 1024);
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 60_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function request<T>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const answer = (await socket.timeout(30_000).emitWithAck(name, payload)) as Answer<T>;
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const round = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  const options = parseOptions();
  say(`== chat benchmark on ${options.database}: ${options.visitors.toLocaleString('en-US')} visitors, ${options.chats} chats, ${options.rate} messages/s for ${options.durationSeconds} s, ${options.agents} agents`);
  say(`   machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB; server in its own process, load generator in this one`);
  const { child, info } = await startServer(options);
  const sockets: Socket[] = [];
  try {
    const idleRssMb = rssMbOf(child.pid!);

    // Agents: each hears every event of the workspace, as the web app does.
    const sentAt = new Map<string, number>();
    const deliveries: number[] = [];
    const delivered = new Set<string>();
    let repeats = 0;
    const agents = await Promise.all(Array.from({ length: options.agents }, () => connect(info.url, info.agentToken)));
    sockets.push(...agents);
    agents[0]!.on('event', (event: { type: string; data: { comment?: { body?: string } } }) => {
      if (event.type !== 'comment.created') return;
      const marker = event.data.comment?.body?.slice(0, 36);
      if (!marker) return;
      if (delivered.has(marker)) repeats += 1;
      const started = sentAt.get(marker);
      if (started === undefined) return;
      sentAt.delete(marker);
      delivered.add(marker);
      deliveries.push(performance.now() - started);
    });

    // Visitors connect in batches, as a crowd arriving over a few seconds would.
    const connectStarted = performance.now();
    const visitors: Socket[] = [];
    for (let index = 0; index < info.visitorTokens.length; index += CONNECT_BATCH) {
      const batch = await Promise.all(info.visitorTokens.slice(index, index + CONNECT_BATCH).map((token) => connect(`${info.url}/widget`, token)));
      visitors.push(...batch);
      sockets.push(...batch);
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const connectedRssMb = rssMbOf(child.pid!);
    say(`   ${visitors.length.toLocaleString('en-US')} visitors connected in ${round(connectSeconds)} s; server RSS ${idleRssMb} MB idle → ${connectedRssMb} MB connected`);

    // The first `chats` visitors each start a chat (a ticket); the load then goes to those conversations.
    const chats: Array<{ socket: Socket; conversationId: string }> = [];
    for (let index = 0; index < options.chats; index += 50) {
      const started = await Promise.all(
        visitors.slice(index, Math.min(index + 50, options.chats)).map(async (socket) => {
          const { conversation } = await request<{ conversation: { id: string } }>(socket, 'conversation:start', { clientMessageId: randomUUID(), body: 'Hello, I have a question about my order' });
          return { socket, conversationId: conversation.id };
        }),
      );
      chats.push(...started);
    }
    say(`   ${chats.length} chats started`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    deliveries.length = 0;
    sentAt.clear();
    delivered.clear();
    repeats = 0;

    // Open-loop load: a message every 1/rate seconds, whatever the answers, round-robin over the chats.
    const acknowledgements: number[] = [];
    let failures = 0;
    let sent = 0;
    let peakRssMb = connectedRssMb;
    const rssTimer = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMbOf(child.pid!))), 250);
    const total = Math.round(options.rate * options.durationSeconds);
    const loadAverageBefore = loadavg()[0]!;
    const serverCpuBefore = cpuSecondsOf(child.pid!);
    const loadGeneratorCpuBefore = process.cpuUsage();
    const loadStarted = performance.now();
    const inFlight: Array<Promise<void>> = [];
    while (sent < total) {
      const due = loadStarted + (sent * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const chat = chats[sent % chats.length]!;
      const marker = randomUUID();
      const started = performance.now();
      sentAt.set(marker, started);
      sent += 1;
      inFlight.push(
        request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientMessageId: marker, body: `${marker} where is parcel ${sent}?` })
          .then(() => void acknowledgements.push(performance.now() - started))
          .catch(() => {
            failures += 1;
            sentAt.delete(marker);
          }),
      );
    }
    const sendSeconds = (performance.now() - loadStarted) / 1000;
    await Promise.all(inFlight);
    const serverCpuSeconds = cpuSecondsOf(child.pid!) - serverCpuBefore;
    const loadGeneratorCpu = process.cpuUsage(loadGeneratorCpuBefore);
    // Whatever has not reached an agent within 10 s after the last send counts as lost.
    const deadline = performance.now() + 10_000;
    while (sentAt.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(rssTimer);
    peakRssMb = Math.max(peakRssMb, rssMbOf(child.pid!));

    const sortedDeliveries = [...deliveries].sort((a, b) => a - b);
    const sortedAcknowledgements = [...acknowledgements].sort((a, b) => a - b);
    const result = {
      database: options.database,
      visitors: visitors.length,
      chats: chats.length,
      agents: options.agents,
      requestedRate: options.rate,
      achievedRate: round(sent / sendSeconds),
      messages: sent,
      failures,
      lost: sentAt.size,
      // Deliveries of a message already delivered (the same event pushed twice).
      repeated: repeats,
      connectSeconds: round(connectSeconds),
      acknowledgementMs: { p50: round(percentile(sortedAcknowledgements, 0.5)), p99: round(percentile(sortedAcknowledgements, 0.99)) },
      deliveryMs: { p50: round(percentile(sortedDeliveries, 0.5)), p99: round(percentile(sortedDeliveries, 0.99)), max: round(sortedDeliveries.at(-1) ?? Number.NaN) },
      serverRssMb: { idle: idleRssMb, connected: connectedRssMb, peak: peakRssMb },
      // The server's share of the machine while it took the load, and how busy the machine was (other work included).
      serverCpuPerSecond: round(serverCpuSeconds / sendSeconds),
      loadGeneratorCpuPerSecond: round((loadGeneratorCpu.user + loadGeneratorCpu.system) / 1e6 / sendSeconds),
      loadAverage: { before: round(loadAverageBefore), after: round(loadavg()[0]!) },
    };
    say('');
    say('| visitors | rate (msg/s) | ack p50 / p99 | visitor→agent p50 / p99 (max) | failed / lost / repeated | server RSS idle → connected → peak |');
    say('|---|---|---|---|---|---|');
    say(
      `| ${result.visitors.toLocaleString('en-US')} | ${result.achievedRate} of ${result.requestedRate} | ${result.acknowledgementMs.p50} / ${result.acknowledgementMs.p99} ms | ${result.deliveryMs.p50} / ${result.deliveryMs.p99} (${result.deliveryMs.max}) ms | ${failures} / ${result.lost} / ${result.repeated} | ${idleRssMb} → ${connectedRssMb} → ${peakRssMb} MB |`,
    );
    say(`server CPU ${result.serverCpuPerSecond}, load generator ${result.loadGeneratorCpuPerSecond} core-seconds per second of load; machine load average ${result.loadAverage.before} before → ${result.loadAverage.after} after (other work on the machine shows here)`);
    say('');
    say(`targets (PostgreSQL, one 2-core node): ${TARGETS.visitors.toLocaleString('en-US')} visitors, ${TARGETS.messagesPerSecond} msg/s, visitor→agent p99 < ${TARGETS.deliveryP99Ms} ms, server RSS < ${TARGETS.serverRssMb} MB`);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    const file = new URL(`./results/chat-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
    writeFileSync(file, `${JSON.stringify({ options, result, targets: TARGETS }, null, 2)}\n`);
    say(`figures written to ${file.pathname}`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

await main();
// Socket.IO clients and timers would otherwise keep the process alive a little longer.
process.exit(0);
