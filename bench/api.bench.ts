/**
 * API benchmark: seeds a workspace with N tickets, then measures ticket create, filtered list and full-text
 * search at concurrency 1 and 32 against the real server, on PGlite and on PostgreSQL.
 *
 *   npm run bench:api -- [--tickets 100000] [--database pglite|postgres|both] [--duration 10]
 *                        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *                        [--only create|list|search]
 *
 * Prints one table (req/s, p50 and p99 latency, failures) and writes the figures to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows } from '../apps/server/src/db/database.js';
import { startBenchServer, type BenchServer, type DatabaseKind } from './bench-server.js';
import { runLoad, type LoadResult, type LoadSpec } from './load-runner.js';
import { PRODUCT_NAMES } from './ticket-corpus.js';
import { seedWorkspace, type SeedResult } from './ticket-seed.js';

const CONCURRENCIES = [1, 32];
const COMMON_WORDS = ['order', 'commande', 'account', 'payment'];

/** What the issue asks of PostgreSQL with 1,000,000 tickets on the 2-core machine. */
const TARGETS = { createRequestsPerSecond: 1500, listP99Ms: 50, searchP99Ms: 100 };

interface Options {
  tickets: number;
  databases: DatabaseKind[];
  durationSeconds: number;
  postgresUrl: string;
  keep: boolean;
  /** Runs only the scenarios whose name contains this word. */
  only: string | undefined;
}

interface ScenarioResult extends LoadResult {
  database: DatabaseKind;
  scenario: string;
  connections: number;
}

interface DatabaseReport {
  database: DatabaseKind;
  location: string;
  seed: Omit<SeedResult, 'agentIds' | 'teamIds'>;
  memoryAfterSeedMb: number;
  searchWords: Array<{ query: string; matches: number }>;
  outbox: { pendingAfterCreate: number; drainSeconds: number } | undefined;
  results: ScenarioResult[];
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '100000' },
      database: { type: 'string', default: 'both' },
      duration: { type: 'string', default: '10' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
    strict: true,
  });
  const tickets = Number(values.tickets);
  const durationSeconds = Number(values.duration);
  if (!Number.isInteger(tickets) || tickets < 1000) throw new Error('--tickets must be a whole number of at least 1000');
  if (!Number.isFinite(durationSeconds) || durationSeconds < 1) throw new Error('--duration must be at least 1 (seconds per scenario)');
  const databases: Record<string, DatabaseKind[]> = { pglite: ['pglite'], postgres: ['postgres'], both: ['pglite', 'postgres'] };
  const chosen = databases[values.database];
  if (!chosen) throw new Error('--database must be pglite, postgres or both');
  return { tickets, databases: chosen, durationSeconds, postgresUrl: values['postgres-url'], keep: values.keep, only: values.only };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function benchmarkDatabase(kind: DatabaseKind, options: Options): Promise<DatabaseReport> {
  say(`\n== ${kind}: starting the server and seeding ${options.tickets.toLocaleString('en-US')} tickets`);
  const server = await startBenchServer(kind, options.postgresUrl);
  try {
    const { services } = server;
    const workspace = await services.bootstrap.bootstrap({ slug: 'bench', email: 'admin@bench.switchboard.test', password: 'bench-password-not-secret', plan: 'enterprise' });
    const seed = await seedWorkspace(server.seedRunner, { workspaceId: workspace.workspaceId, tickets: options.tickets, onProgress: (line) => say(`   ${line}`) });
    const memoryAfterSeedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    say(`   seeded in ${seed.seconds.total} s (people ${seed.seconds.people} s, tickets ${seed.seconds.tickets} s, indexes ${seed.seconds.indexes} s, vacuum+analyze ${seed.seconds.analyze} s); process memory ${memoryAfterSeedMb} MB`);

    const count = async (query: string) => {
      const [row] = await queryRows<{ count: number }>(
        services.db,
        sql`SELECT count(*)::int AS count FROM tickets WHERE workspace_id = ${workspace.workspaceId} AND search_vector @@ switchboard_search_query(${query})`,
      );
      return Number(row!.count);
    };
    // Selective queries that do find something: product names that occur, and order numbers tickets mention.
    const searchWords: DatabaseReport['searchWords'] = [];
    for (const query of COMMON_WORDS) searchWords.push({ query, matches: await count(query) });
    const selectiveWords = ['chargeback'];
    for (const product of PRODUCT_NAMES) {
      if (selectiveWords.length > 4) break;
      if ((await count(product)) > 0) selectiveWords.push(product);
    }
    const orderNumbers = await queryRows<{ number: string }>(
      services.db,
      sql`SELECT (regexp_match(description, '[0-9]{7}'))[1] AS number FROM tickets WHERE workspace_id = ${workspace.workspaceId} AND number % 997 = 0 AND description ~ '[0-9]{7}' LIMIT 3`,
    );
    selectiveWords.push(...orderNumbers.map((row) => row.number));
    for (const query of selectiveWords) searchWords.push({ query, matches: await count(query) });
    say(`   tickets matching each search query: ${searchWords.map((word) => `${word.query} ${word.matches}`).join(', ')}`);
    const customerEmails = (
      await queryRows<{ email: string }>(services.db, sql`SELECT email FROM customer_emails WHERE workspace_id = ${workspace.workspaceId} ORDER BY random() LIMIT 2000`)
    ).map((row) => row.email);

    const filteredList = '/api/v1/tickets?statusCategory=open&priority=high&limit=50';
    const allScenarios: Array<{ name: string; request: LoadSpec['request'] }> = [
      { name: 'list open+high', request: { method: 'GET', paths: [filteredList] } },
      { name: 'list open+high+assignee', request: { method: 'GET', paths: seed.agentIds.map((id) => `${filteredList}&assigneeId=${id}`) } },
      { name: 'search common word', request: { method: 'GET', paths: COMMON_WORDS.map((word) => `/api/v1/search?q=${encodeURIComponent(word)}`) } },
      { name: 'search selective word', request: { method: 'GET', paths: selectiveWords.map((word) => `/api/v1/search?q=${encodeURIComponent(word)}`) } },
      {
        name: 'create ticket',
        request: { method: 'POST', path: '/api/v1/tickets', ticketBodies: { customerEmails, agentIds: seed.agentIds, firstOrdinal: options.tickets + 1 } },
      },
    ];
    const scenarios = allScenarios.filter((scenario) => !options.only || scenario.name.includes(options.only));
    await checkScenarios(server, workspace.apiToken, scenarios);

    const results: ScenarioResult[] = [];
    let outbox: DatabaseReport['outbox'];
    for (const scenario of scenarios) {
      for (const [index, connections] of CONCURRENCIES.entries()) {
        const request = scenario.request.method === 'POST'
          ? { ...scenario.request, ticketBodies: { ...scenario.request.ticketBodies, firstOrdinal: options.tickets + 1 + index * 1_000_000 } }
          : scenario.request;
        const result = await runLoad({
          baseUrl: server.url,
          token: workspace.apiToken,
          connections,
          durationSeconds: options.durationSeconds,
          warmupSeconds: Math.min(3, Math.max(1, Math.round(options.durationSeconds / 4))),
          request,
        });
        const row = { database: kind, scenario: scenario.name, connections, ...result };
        results.push(row);
        say(`   ${formatRow(row)}`);
        if (result.firstFailure) say(`     first failure: ${result.firstFailure}`);
      }
      if (scenario.request.method === 'POST') outbox = await waitForOutbox(server);
    }
    if (outbox) say(`   outbox: ${outbox.pendingAfterCreate} events pending when the create load stopped, drained in ${outbox.drainSeconds} s`);
    const { agentIds: _agentIds, teamIds: _teamIds, ...seedFigures } = seed;
    return { database: kind, location: server.location, seed: seedFigures, memoryAfterSeedMb, searchWords, outbox, results };
  } finally {
    await server.close({ keep: options.keep });
    if (options.keep) say(`   kept: ${server.location}`);
  }
}

/** One request per scenario first, so a broken path fails loudly instead of measuring error pages. */
async function checkScenarios(server: BenchServer, token: string, scenarios: Array<{ name: string; request: LoadSpec['request'] }>): Promise<void> {
  for (const scenario of scenarios) {
    const path = scenario.request.method === 'GET' ? scenario.request.paths[0]! : scenario.request.path;
    const body = scenario.request.method === 'POST'
      ? JSON.stringify({ subject: 'Benchmark check', customer_email: scenario.request.ticketBodies.customerEmails[0] })
      : undefined;
    const response = await fetch(`${server.url}${path}`, {
      method: scenario.request.method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    if (!response.ok) throw new Error(`${scenario.name}: ${scenario.request.method} ${path} answered ${response.status}: ${await response.text()}`);
  }
}

/** Events written during the create load must all be dispatched; measures how long the backlog takes. */
async function waitForOutbox(server: BenchServer): Promise<{ pendingAfterCreate: number; drainSeconds: number }> {
  const pending = async () =>
    Number((await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM outbox_events WHERE dispatched_at IS NULL`))[0]!.count);
  const started = performance.now();
  const pendingAfterCreate = await pending();
  let left = pendingAfterCreate;
  while (left > 0 && performance.now() - started < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = await pending();
  }
  if (left > 0) throw new Error(`the outbox still had ${left} events after five minutes`);
  return { pendingAfterCreate, drainSeconds: Math.round((performance.now() - started) / 100) / 10 };
}

const columns = [
  { title: 'database', width: 9, value: (row: ScenarioResult) => row.database },
  { title: 'scenario', width: 24, value: (row: ScenarioResult) => row.scenario },
  { title: 'conc', width: 4, value: (row: ScenarioResult) => String(row.connections), right: true },
  { title: 'requests', width: 8, value: (row: ScenarioResult) => String(row.requests), right: true },
  { title: 'req/s', width: 8, value: (row: ScenarioResult) => row.requestsPerSecond.toFixed(0), right: true },
  { title: 'p50 ms', width: 8, value: (row: ScenarioResult) => milliseconds(row.p50), right: true },
  { title: 'p99 ms', width: 8, value: (row: ScenarioResult) => milliseconds(row.p99), right: true },
  { title: 'errors/non-2xx', width: 14, value: (row: ScenarioResult) => `${row.errors}/${row.non2xx}`, right: true },
];

/** No successful answer within the run (each request took longer than the run) shows as a dash. */
function milliseconds(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function formatRow(row: ScenarioResult): string {
  return columns.map((column) => (column.right ? column.value(row).padStart(column.width) : column.value(row).padEnd(column.width))).join('  ');
}

function printTable(results: ScenarioResult[]): void {
  const header = columns.map((column) => (column.right ? column.title.padStart(column.width) : column.title.padEnd(column.width))).join('  ');
  say(header);
  say('-'.repeat(header.length));
  for (const row of results) say(formatRow(row));
}

/** Checks the issue's targets; they are stated for PostgreSQL at 1,000,000 tickets, so other runs only indicate. */
function printTargets(report: DatabaseReport, tickets: number): void {
  const of = (prefix: string) => report.results.filter((row) => row.scenario.startsWith(prefix));
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  // A run without a single answer counts as the slowest possible.
  const p99 = (row: ScenarioResult) => (Number.isNaN(row.p99) ? Number.POSITIVE_INFINITY : row.p99);
  const scope = report.database === 'postgres' && tickets >= 1_000_000 ? '' : ' (targets are set for PostgreSQL at 1,000,000 tickets; indicative here)';
  say(`${report.database}${scope}:`);
  for (const row of of('create')) {
    say(`  create at ${row.connections}: ${row.requestsPerSecond.toFixed(0)} req/s (target >= ${TARGETS.createRequestsPerSecond}): ${mark(row.requestsPerSecond >= TARGETS.createRequestsPerSecond)}`);
  }
  for (const [prefix, target] of [['list', TARGETS.listP99Ms], ['search', TARGETS.searchP99Ms]] as const) {
    for (const connections of CONCURRENCIES) {
      const rows = of(prefix).filter((row) => row.connections === connections);
      if (rows.length === 0) continue;
      const worst = rows.reduce((slowest, row) => (p99(row) > p99(slowest) ? row : slowest), rows[0]!);
      say(`  ${prefix} at ${connections}: worst p99 ${milliseconds(worst.p99)} ms, ${worst.scenario} (target < ${target}): ${mark(p99(worst) < target)}`);
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const startedAt = new Date();
  say(`Switchboard API benchmark: ${options.tickets.toLocaleString('en-US')} tickets, ${options.durationSeconds} s per scenario, concurrency ${CONCURRENCIES.join(' and ')}, on ${options.databases.join(' and ')}`);
  say(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`);
  const reports: DatabaseReport[] = [];
  for (const kind of options.databases) reports.push(await benchmarkDatabase(kind, options));

  say('');
  printTable(reports.flatMap((report) => report.results));
  say('');
  for (const report of reports) printTargets(report, options.tickets);

  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${startedAt.toISOString().replaceAll(':', '-').replace(/\..+$/, '')}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), options, machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version }, targets: TARGETS, reports }, null, 2)}\n`);
  say(`\nfigures written to ${file.pathname}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
