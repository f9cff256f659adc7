/**
 * Analytics benchmark: a year of a helpdesk's history (1,000,000 tickets and 10,000,000 domain events by default)
 * in a PostgreSQL database of its own, kept for the next run, then the analytics built from it and every dashboard
 * query and standard report timed.
 *
 *   npm run bench:analytics -- [--tickets 1000000] [--events 10000000] [--fresh] [--rebuild]
 *                              [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--database switchboard_bench_analytics]
 *                              [--runs 20] [--warmup 2] [--incremental-events 50000] [--only <part of a case name>]
 *
 * The data set (see analytics-seed.ts) is reused when the database already holds one of the size asked for;
 * `--fresh` makes it again. The analytics are rebuilt from the record (`AnalyticsService.rebuild`) when the data set
 * is new or with `--rebuild`. The incremental path is measured on a second, small workspace of the same database:
 * its events, oldest first, through `AnalyticsService.handleEvents` in batches of 100, one transaction each; its
 * figures are then compared with a rebuild of the same workspace. Then each case (live dashboard, standard reports
 * over 7, 30 and 90 whole days and one period that is not whole days, filtered variants, custom reports) is run
 * `--warmup` times, then `--runs` times, for an admin, a manager of two teams and an agent: p50, p95 and max in ms.
 * Target: p95 < 300 ms for each. The plans of the statements of any case over the target are written, with
 * EXPLAIN (ANALYZE, BUFFERS), to bench/results/analytics-explain-<time>.txt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { PgDialect } from 'drizzle-orm/pg-core';
import { DateTime } from 'luxon';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config/config.js';
import { resolveMasterKey } from '../apps/server/src/config/master-key.js';
import { openDatabase } from '../apps/server/src/db/database.js';
import type { Actor } from '../apps/server/src/modules/auth/permissions.js';
import type { DomainEvent, EventType } from '../apps/server/src/modules/events/events.js';
import { STANDARD_REPORT_DEFINITIONS } from '../apps/server/src/modules/analytics/analytics-catalog.js';
import { canUseRollups, reportStatements, type QueryContext } from '../apps/server/src/modules/analytics/analytics-query.js';
import { STANDARD_REPORTS, type StandardReportKey, type TAnalyticsQuery, type TReportDefinition } from '../apps/server/src/modules/analytics/analytics.schema.js';
import { createServices, type Services } from '../apps/server/src/services.js';
import { ANALYTICS_SEED_VERSION, TEAM_NAMES, derivedId, dropSecondaryIndexes, rebuildIndexes, seedAnalyticsWorkspace, touchTicketsByComments, type AnalyticsSeedResult } from './analytics-seed.js';
import type { SqlRunner } from './ticket-seed.js';

const TARGET_P95_MS = 300;
const TIME_ZONE = 'America/Toronto';
const INCREMENTAL_BATCH = 100;

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '10000000' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'switchboard_bench_analytics' },
    fresh: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    'incremental-events': { type: 'string', default: '50000' },
    only: { type: 'string' },
  },
  strict: true,
});
const ticketCount = Number(values.tickets);
const eventCount = Number(values.events);
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const incrementalEvents = Number(values['incremental-events']);
const databaseName = values.database!;
if (!Number.isInteger(ticketCount) || ticketCount < 1000) throw new Error('--tickets must be a whole number of at least 1000');
if (!Number.isInteger(eventCount) || eventCount < ticketCount * 4) throw new Error('--events must be at least 4 per ticket (every ticket has its creation, assignment, resolution…)');
if (!/^[a-z_][a-z0-9_]*$/.test(databaseName)) throw new Error('--database must be a plain lower-case name');
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error('--runs must be at least 1 and --warmup at least 0');

const say = (line = '') => process.stdout.write(`${line}\n`);
const since = (start: number) => (performance.now() - start) / 1000;
const fmt = (value: number, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;

interface DatasetRow {
  tickets: number;
  events: string;
  version: number;
  main_workspace_id: string;
  incremental_workspace_id: string;
  generated_at: Date;
  seed: { main: AnalyticsSeedResult; incremental: AnalyticsSeedResult; indexSeconds: number; vacuumSeconds: number; totalSeconds: number };
  rebuild: { seconds: number; tickets: number } | null;
}

// ── The database: reused when it holds the data set asked for ───────────────────────────────────────────────
const serverUrl = values['postgres-url']!;
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

async function findDataset(): Promise<DatasetRow | undefined> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName])).rowCount === 1;
    if (exists && !values.fresh) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const hasTable = (await client.query(`SELECT to_regclass('public.bench_dataset') IS NOT NULL AS present`)).rows[0].present as boolean;
        const row = hasTable ? ((await client.query('SELECT * FROM bench_dataset WHERE complete')).rows[0] as DatasetRow | undefined) : undefined;
        if (row && row.tickets === ticketCount && Number(row.events) === eventCount && row.version === ANALYTICS_SEED_VERSION) return row;
        say(row ? `${databaseName} holds ${row.tickets} tickets / ${row.events} events (seed version ${row.version}): making it again` : `${databaseName} holds no complete data set: making it again`);
      } finally {
        await client.end();
      }
    }
    if (exists) await admin.query(`DROP DATABASE ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
    return undefined;
  } finally {
    await admin.end();
  }
}

say(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
const existing = await findDataset();

// The services as the server builds them (no workers), with a clock that stands at the end of the data set's year.
let clockOffsetMs = 0;
const clock = { now: () => new Date(Date.now() - clockOffsetMs) };
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: `/tmp/switchboard-bench-analytics`, LOG_LEVEL: 'silent', WORKERS: 'off', MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), DATABASE_URL: databaseUrl });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await database.migrate();
const services: Services = createServices({ config, database, masterKey: resolveMasterKey(config), clock });
await services.jobs.install();
// Bulk SQL on two connections of its own; index builds sort in memory.
const seedPool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: '-c maintenance_work_mem=1GB -c work_mem=256MB -c synchronous_commit=off' });
const runner: SqlRunner = { parallelism: 2, query: async <T>(text: string) => (await seedPool.query(text)).rows as T[] };

try {
  // As the application's connections see them (the bulk connections set their own work_mem).
  const settings = (await database.executeSql(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost')`,
  )).rows as Array<{ name: string; setting: string; unit: string | null }>;
  say(`PostgreSQL: ${settings.map((row) => `${row.name}=${row.setting}${row.unit ?? ''}`).join(', ')}`);
  const dataset = existing ?? (await generate());
  if (existing) say(`\nreused the data set in ${databaseName}: ${existing.tickets.toLocaleString('en-US')} tickets, ${Number(existing.events).toLocaleString('en-US')} events, generated ${existing.generated_at.toISOString()} in ${fmt(existing.seed.totalSeconds)} s (--fresh makes it again)`);
  printSeed(dataset.seed.main);

  // ── Rebuild ──────────────────────────────────────────────────────────────────────────────────────────────
  const mainId = dataset.main_workspace_id;
  const incrementalId = dataset.incremental_workspace_id;
  const [analyticsState] = await runner.query<{ rebuild_status: string }>(`SELECT rebuild_status FROM analytics_state WHERE workspace_id = '${mainId}'`);
  let rebuilt = dataset.rebuild;
  if (!existing || values.rebuild || !rebuilt || analyticsState?.rebuild_status !== 'idle') {
    say(`\nrebuilding the analytics of ${dataset.tickets.toLocaleString('en-US')} tickets from the record (AnalyticsService.rebuild)…`);
    const started = performance.now();
    const result = await services.analytics.rebuild(mainId);
    rebuilt = { seconds: since(started), tickets: result.tickets };
    await runner.query(`UPDATE bench_dataset SET rebuild = '${JSON.stringify(rebuilt)}'::jsonb`);
    const vacuumStarted = performance.now();
    await runner.query('VACUUM ANALYZE analytics_ticket_facts');
    await runner.query('VACUUM ANALYZE analytics_daily_rollups');
    say(`rebuild: ${rebuilt.tickets.toLocaleString('en-US')} tickets in ${fmt(rebuilt.seconds)} s (${fmt(rebuilt.tickets / rebuilt.seconds, 0)} tickets/s); VACUUM ANALYZE of the analytics tables ${fmt(since(vacuumStarted))} s`);
  } else {
    say(`\nrebuild (from the run that made the data set): ${rebuilt.tickets.toLocaleString('en-US')} tickets in ${fmt(rebuilt.seconds)} s (${fmt(rebuilt.tickets / rebuilt.seconds, 0)} tickets/s); --rebuild runs it again`);
  }
  const [rollupRows] = await runner.query<{ facts: string; rollups: string }>(
    `SELECT (SELECT count(*) FROM analytics_ticket_facts WHERE workspace_id = '${mainId}') AS facts, (SELECT count(*) FROM analytics_daily_rollups WHERE workspace_id = '${mainId}') AS rollups`,
  );
  say(`analytics: ${Number(rollupRows!.facts).toLocaleString('en-US')} ticket facts, ${Number(rollupRows!.rollups).toLocaleString('en-US')} daily rollup rows`);
  await printSizes();

  await measureIncremental(incrementalId);

  // From here on, "now" is the end of the data set's year.
  clockOffsetMs = Date.now() - new Date(dataset.generated_at).getTime();
  await measureQueries(mainId);
} finally {
  await seedPool.end();
  await database.close();
}

// ── Generation ────────────────────────────────────────────────────────────────────────────────────────────────
async function generate(): Promise<DatasetRow> {
  const started = performance.now();
  say(`\ngenerating ${ticketCount.toLocaleString('en-US')} tickets and ${eventCount.toLocaleString('en-US')} events in ${databaseName}…`);
  await runner.query(`
    CREATE TABLE bench_dataset (tickets integer NOT NULL, events bigint NOT NULL, version integer NOT NULL, main_workspace_id uuid NOT NULL, incremental_workspace_id uuid NOT NULL,
                                generated_at timestamptz NOT NULL, seed jsonb NOT NULL, rebuild jsonb, complete boolean NOT NULL DEFAULT false)`);
  const main = await services.bootstrap.bootstrap({ slug: 'bench-analytics', name: 'Analytics bench', email: 'admin@bench-analytics.test', password: 'bench-password-not-secret', plan: 'enterprise' });
  const incremental = await services.bootstrap.bootstrap({ slug: 'bench-analytics-incremental', name: 'Analytics bench (incremental)', email: 'admin@bench-analytics.test', password: 'bench-password-not-secret', plan: 'enterprise' });
  const indexes = await dropSecondaryIndexes(runner);
  say(`  ${indexes.length} secondary indexes of the loaded tables dropped for the load`);
  const eventsPerTicket = eventCount / ticketCount;
  const smallTickets = Math.max(1000, Math.round(incrementalEvents / eventsPerTicket));
  const small = await seedAnalyticsWorkspace(runner, { workspaceId: incremental.workspaceId, tickets: smallTickets, events: Math.round(smallTickets * eventsPerTicket), timeZone: TIME_ZONE });
  say(`  second workspace (for the incremental path): ${small.tickets.toLocaleString('en-US')} tickets, ${small.eventTotal.toLocaleString('en-US')} events in ${fmt(small.seconds.total!)} s`);
  const seeded = await seedAnalyticsWorkspace(runner, { workspaceId: main.workspaceId, tickets: ticketCount, events: eventCount, timeZone: TIME_ZONE, onProgress: (line) => say(`  ${line}`) });
  const indexStarted = performance.now();
  await rebuildIndexes(runner, indexes);
  const indexSeconds = since(indexStarted);
  say(`  ${indexes.length} indexes built in ${fmt(indexSeconds)} s`);
  const vacuumStarted = performance.now();
  await touchTicketsByComments(runner, main.workspaceId);
  await touchTicketsByComments(runner, incremental.workspaceId);
  for (const table of ['tickets', 'comments', 'ticket_activities', 'outbox_events', 'satisfaction_ratings', 'ticket_sla_targets', 'customers', 'customer_emails']) await runner.query(`VACUUM ANALYZE ${table}`);
  const vacuumSeconds = since(vacuumStarted);
  const totalSeconds = since(started);
  say(`  VACUUM ANALYZE ${fmt(vacuumSeconds)} s; data set made in ${fmt(totalSeconds)} s`);
  const seed = { main: seeded, incremental: small, indexSeconds, vacuumSeconds, totalSeconds };
  await seedPool.query('INSERT INTO bench_dataset (tickets, events, version, main_workspace_id, incremental_workspace_id, generated_at, seed, complete) VALUES ($1, $2, $3, $4, $5, $6, $7, true)', [
    ticketCount,
    eventCount,
    ANALYTICS_SEED_VERSION,
    main.workspaceId,
    incremental.workspaceId,
    seeded.generatedAt,
    JSON.stringify(seed),
  ]);
  return { tickets: ticketCount, events: String(eventCount), version: ANALYTICS_SEED_VERSION, main_workspace_id: main.workspaceId, incremental_workspace_id: incremental.workspaceId, generated_at: seeded.generatedAt, seed, rebuild: null };
}

function printSeed(seed: AnalyticsSeedResult): void {
  const share = (value: number | undefined) => `${fmt((value ?? 0) * 100)}%`;
  say(`\ndata set: ${seed.tickets.toLocaleString('en-US')} tickets, ${seed.customers.toLocaleString('en-US')} customers, ${seed.comments.toLocaleString('en-US')} comments; year ending ${new Date(seed.generatedAt).toISOString()} (${TIME_ZONE})`);
  say(`  events ${seed.eventTotal.toLocaleString('en-US')}: ${Object.entries(seed.events).map(([type, count]) => `${type} ${count.toLocaleString('en-US')}`).join(', ')}`);
  say(`  unresolved ${share(seed.shares.unresolved)}, French ${share(seed.shares.french)}, SLA breached ${share(seed.shares.breached)}, escalated ${share(seed.shares.escalated)}, CSAT on ${share(seed.shares.csatOfResolved)} of resolved`);
  say(`  generation (main workspace): people ${fmt(seed.seconds.people!)} s, plan ${fmt(seed.seconds.plan!)} s, rows and events ${fmt(seed.seconds.write!)} s, total ${fmt(seed.seconds.total!)} s`);
}

async function printSizes(): Promise<void> {
  const tables = ['tickets', 'comments', 'ticket_activities', 'outbox_events', 'satisfaction_ratings', 'ticket_sla_targets', 'customers', 'analytics_ticket_facts', 'analytics_daily_rollups'];
  const rows = await runner.query<{ name: string; rows: string; total: string; indexes: string }>(`
    SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS total, pg_size_pretty(pg_indexes_size(c.oid)) AS indexes
    FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname IN (${tables.map((name) => `'${name}'`).join(', ')})
    ORDER BY pg_total_relation_size(c.oid) DESC`);
  const [size] = await runner.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  say(`  sizes (database ${size!.size}): ${rows.map((row) => `${row.name} ${row.total} (${Number(row.rows).toLocaleString('en-US')} rows, indexes ${row.indexes})`).join('; ')}`);
}

// ── Incremental path ─────────────────────────────────────────────────────────────────────────────────────────
async function measureIncremental(workspaceId: string): Promise<void> {
  await runner.query(`DELETE FROM analytics_ticket_facts WHERE workspace_id = '${workspaceId}'`);
  await runner.query(`DELETE FROM analytics_daily_rollups WHERE workspace_id = '${workspaceId}'`);
  const rows = await runner.query<{ id: string; workspace_id: string; type: string; data: Record<string, unknown>; created_at: Date }>(
    `SELECT id, workspace_id, type, data, created_at FROM outbox_events WHERE workspace_id = '${workspaceId}' ORDER BY created_at, id LIMIT ${incrementalEvents}`,
  );
  const events: DomainEvent[] = rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, type: row.type as EventType, data: row.data, createdAt: new Date(row.created_at) }));
  const timings: number[] = [];
  const started = performance.now();
  for (let start = 0; start < events.length; start += INCREMENTAL_BATCH) {
    const batch = events.slice(start, start + INCREMENTAL_BATCH);
    const begin = performance.now();
    await services.db.transaction((tx) => services.analytics.handleEvents(batch, tx));
    timings.push(performance.now() - begin);
  }
  const seconds = since(started);
  const sorted = [...timings].sort((a, b) => a - b);
  say(`\nincremental: ${events.length.toLocaleString('en-US')} events of the second workspace, oldest first, through handleEvents in ${timings.length} transactions of ${INCREMENTAL_BATCH}: ${fmt(seconds)} s, ${fmt(events.length / seconds, 0)} events/s (batch p50 ${fmt(percentile(sorted, 0.5))} ms, p95 ${fmt(percentile(sorted, 0.95))} ms, max ${fmt(sorted.at(-1)!)} ms)`);

  // The same figures from the record: every column of every fact (but the time of its latest event) and every rollup.
  await runner.query('DROP TABLE IF EXISTS bench_incremental_facts, bench_incremental_rollups');
  await runner.query(`CREATE TABLE bench_incremental_facts AS SELECT * FROM analytics_ticket_facts WHERE workspace_id = '${workspaceId}'`);
  await runner.query(`CREATE TABLE bench_incremental_rollups AS SELECT * FROM analytics_daily_rollups WHERE workspace_id = '${workspaceId}'`);
  await services.analytics.rebuild(workspaceId);
  const columns = (await runner.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'analytics_ticket_facts' AND column_name NOT IN ('ticket_id', 'updated_at') ORDER BY ordinal_position`)).map((row) => row.name);
  const [factDiff] = await runner.query<Record<string, string>>(`
    SELECT count(*) FILTER (WHERE i.ticket_id IS NULL OR r.ticket_id IS NULL) AS missing, ${columns.map((column) => `count(*) FILTER (WHERE i.${column} IS DISTINCT FROM r.${column}) AS ${column}`).join(', ')}
    FROM bench_incremental_facts i FULL JOIN (SELECT * FROM analytics_ticket_facts WHERE workspace_id = '${workspaceId}') r USING (ticket_id)`);
  const counters = ['created', 'resolved', 'resolved_breached', 'created_resolved', 'created_escalated', 'sla_breaches', 'escalations', 'csat_responses', 'csat_sum', 'csat_satisfied'];
  const [rollupDiff] = await runner.query<{ rows: string }>(`
    SELECT count(*) AS rows FROM bench_incremental_rollups i FULL JOIN (SELECT * FROM analytics_daily_rollups WHERE workspace_id = '${workspaceId}') r USING (workspace_id, day, channel, priority, language, team_key)
    WHERE ${counters.map((counter) => `coalesce(i.${counter}, 0) IS DISTINCT FROM coalesce(r.${counter}, 0)`).join(' OR ')}`);
  const differing = Object.entries(factDiff!).filter(([, count]) => Number(count) > 0);
  say(
    differing.length === 0 && Number(rollupDiff!.rows) === 0
      ? `  replay = rebuild: the ${rows.length.toLocaleString('en-US')} events folded live give the same facts and daily rollups as a rebuild of the workspace from its record`
      : `  replay ≠ rebuild: facts differing by column: ${differing.map(([column, count]) => `${column} ${count}`).join(', ') || 'none'}; rollup rows differing: ${rollupDiff!.rows}`,
  );
  await runner.query('DROP TABLE bench_incremental_facts, bench_incremental_rollups');
}

// ── Queries ──────────────────────────────────────────────────────────────────────────────────────────────────
interface Case {
  name: string;
  actor: Actor;
  run: () => Promise<{ sources: string[] }>;
  /** The statements of a report, for EXPLAIN. */
  explain?: { definition: TReportDefinition; query: TAnalyticsQuery };
}

async function measureQueries(workspaceId: string): Promise<void> {
  const people = await runner.query<{ id: string; email: string; role: string }>(`SELECT id, email, role FROM users WHERE workspace_id = '${workspaceId}' AND email IN ('admin@bench-analytics.test', 'manager1@bench-analytics.test', 'agent1@bench-analytics.test')`);
  const actorOf = (email: string): Actor => {
    const person = people.find((row) => row.email === email);
    if (!person) throw new Error(`no ${email} in the data set`);
    return { workspaceId, userId: person.id, role: person.role as Actor['role'], via: 'session', credentialId: 'bench' };
  };
  const actors = { admin: actorOf('admin@bench-analytics.test'), manager: actorOf('manager1@bench-analytics.test'), agent: actorOf('agent1@bench-analytics.test') };
  const [billing] = await runner.query<{ id: string }>(`SELECT ${derivedId(workspaceId, 'team', '1')}::text AS id`);

  const now = DateTime.fromJSDate(clock.now(), { zone: TIME_ZONE });
  const endOfToday = now.startOf('day').plus({ days: 1 });
  const whole = (days: number): TAnalyticsQuery => ({ from: endOfToday.minus({ days }).toISO()!, to: endOfToday.toISO()!, hours: 'business' });
  const periods: Array<[string, TAnalyticsQuery]> = [
    ['7d', whole(7)],
    ['30d', whole(30)],
    ['90d', whole(90)],
    ['30d-not-whole-days', { from: now.minus({ days: 30 }).toISO()!, to: now.toISO()!, hours: 'business' }],
  ];
  const report = (actor: Actor, key: StandardReportKey, query: TAnalyticsQuery, name: string): Case => ({
    name,
    actor,
    run: () => services.analyticsReports.runStandardReport(actor, key, query),
    explain: { definition: STANDARD_REPORT_DEFINITIONS[key].definition, query },
  });
  const custom = (actor: Actor, definition: TReportDefinition, query: TAnalyticsQuery, name: string): Case => ({
    name,
    actor,
    run: () => services.analyticsReports.runCustomReport(actor, definition, query),
    explain: { definition, query },
  });
  const customs: Array<[string, TReportDefinition, TAnalyticsQuery]> = [
    ['custom created by hour · 7d', { metrics: ['created'], groupBy: ['hour'], filters: {}, chart: 'line' }, whole(7)],
    ['custom resolution p90 by agent · 30d', { metrics: ['resolution_p90', 'resolved'], groupBy: ['agent'], filters: {}, chart: 'table' }, whole(30)],
    ['custom csat by language by week · 90d', { metrics: ['csat_average', 'csat_responses'], groupBy: ['week', 'language'], filters: {}, chart: 'line' }, whole(90)],
  ];
  const cases: Case[] = [];
  for (const [role, actor] of Object.entries(actors)) {
    cases.push({ name: `${role} · live`, actor, run: () => services.analyticsReports.getLive(actor) });
    for (const [period, query] of periods) for (const key of STANDARD_REPORTS) cases.push(report(actor, key, query, `${role} · ${key} · ${period}`));
    if (role === 'admin') {
      const filters: Array<[string, Partial<TAnalyticsQuery>]> = [['channel=email', { channel: ['email'] }], ['language=fr', { language: ['fr'] }], [`team=${TEAM_NAMES[0]}`, { teamId: [billing!.id] }]];
      for (const [label, filter] of filters) for (const key of STANDARD_REPORTS) cases.push(report(actor, key, { ...whole(30), ...filter }, `${role} · ${key} · 30d · ${label}`));
    }
    for (const [label, definition, query] of customs) cases.push(custom(actor, definition, query, `${role} · ${label}`));
  }
  const chosen = values.only ? cases.filter((item) => item.name.includes(values.only!)) : cases;

  say(`\n${chosen.length} cases, ${warmup} warm-up + ${runs} timed runs each, one at a time (load ${loadavg().map((value) => value.toFixed(2)).join(' ')}); "now" is ${now.toISO()}`);
  const results: Array<{ item: Case; path: string; p50: number; p95: number; max: number }> = [];
  const started = performance.now();
  for (const item of chosen) {
    let sources: string[] = [];
    for (let index = 0; index < warmup; index += 1) sources = (await item.run()).sources;
    const timings: number[] = [];
    for (let index = 0; index < runs; index += 1) {
      const begin = performance.now();
      sources = (await item.run()).sources;
      timings.push(performance.now() - begin);
    }
    const sorted = timings.sort((a, b) => a - b);
    const path = item.explain ? (sources.includes('daily_rollups') ? 'rollups' : 'facts') : 'live';
    const result = { item, path, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
    results.push(result);
    say(`${item.name.padEnd(58)} ${path.padEnd(8)} ${fmt(result.p50).padStart(9)} ${fmt(result.p95).padStart(9)} ${fmt(result.max).padStart(9)}${result.p95 >= TARGET_P95_MS ? '  over' : ''}`);
  }
  say(`(${fmt(since(started), 0)} s; load ${loadavg().map((value) => value.toFixed(2)).join(' ')})`);

  say(`\n${'case'.padEnd(58)} ${'path'.padEnd(8)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'max ms'.padStart(9)}`);
  for (const result of [...results].sort((a, b) => b.p95 - a.p95)) {
    say(`${result.item.name.padEnd(58)} ${result.path.padEnd(8)} ${fmt(result.p50).padStart(9)} ${fmt(result.p95).padStart(9)} ${fmt(result.max).padStart(9)}`);
  }
  const over = results.filter((result) => result.p95 >= TARGET_P95_MS);
  const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  const byPath = (path: string) => results.filter((result) => result.path === path);
  for (const path of ['live', 'rollups', 'facts']) {
    const list = byPath(path);
    if (list.length) say(`${path}: ${list.length} cases, worst p95 ${fmt(Math.max(...list.map((result) => result.p95)))} ms, ${list.filter((result) => result.p95 >= TARGET_P95_MS).length} over ${TARGET_P95_MS} ms`);
  }
  say(`worst p95 ${fmt(worst.p95)} ms (${worst.item.name}): ${over.length === 0 ? 'meets' : 'misses'} the target of p95 < ${TARGET_P95_MS} ms for each; ${over.length} of ${results.length} cases over it`);
  if (over.length > 0) await explainSlow(over.map((result) => result.item));
}

/** EXPLAIN (ANALYZE, BUFFERS) of every distinct statement of the cases over the target, to a file; the slowest listed. */
async function explainSlow(items: Case[]): Promise<void> {
  const dialect = new PgDialect();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // As the reports' own transactions set them.
  await client.query(`SET work_mem = '32MB'`);
  await client.query('SET max_parallel_workers_per_gather = 0');
  const seen = new Map<string, { cases: string[]; ms: number; plan: string }>();
  try {
    for (const item of items) {
      if (!item.explain) continue;
      const workspace = await services.workspaces.get(item.actor.workspaceId);
      const scope = await services.analyticsReports.scopeOf(item.actor);
      const { definition: base, query } = item.explain;
      const filters = { ...base.filters };
      for (const key of ['channel', 'priority', 'type', 'category', 'language', 'teamId', 'agentId'] as const) if (query[key]?.length) (filters as Record<string, string[]>)[key] = query[key]!;
      const definition = { ...base, filters };
      const context: QueryContext = { workspaceId: item.actor.workspaceId, from: new Date(query.from!), to: new Date(query.to!), timeZone: workspace.timeZone, hours: query.hours, scope };
      // What AnalyticsReportsService runs for the report (over many durations: histograms for the percentiles).
      const planned = reportStatements(definition, context, canUseRollups(definition, context));
      const statements = [...planned.statements, ...planned.histograms.map((histogram) => histogram.query)];
      for (const statement of statements) {
        const { sql, params } = dialect.sqlToQuery(statement);
        const key = `${sql} ${JSON.stringify(params)}`;
        const known = seen.get(key);
        if (known) {
          known.cases.push(item.name);
          continue;
        }
        const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as Array<{ 'QUERY PLAN': string }>;
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
        seen.set(key, { cases: [item.name], ms, plan: `${sql}\n-- params: ${JSON.stringify(params)}\n${plan}` });
      }
    }
  } finally {
    await client.end();
  }
  const entries = [...seen.values()].sort((a, b) => b.ms - a.ms);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/analytics-explain-${new Date().toISOString().replaceAll(':', '-')}.txt`, import.meta.url);
  writeFileSync(file, entries.map((entry) => `== ${fmt(entry.ms)} ms — ${entry.cases.join('; ')}\n${entry.plan}\n`).join('\n'));
  say(`\nEXPLAIN ANALYZE of the ${entries.length} statements of the cases over the target: ${file.pathname}`);
  say('slowest statements (execution time, first case):');
  for (const entry of entries.slice(0, 15)) say(`  ${fmt(entry.ms).padStart(8)} ms  ${entry.cases[0]}: ${entry.plan.split('\n')[0]!.slice(0, 150)}`);
}
