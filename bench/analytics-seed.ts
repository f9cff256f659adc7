import { ENGLISH_SENTENCES, ENGLISH_SUBJECT_OBJECTS, ENGLISH_SUBJECT_OPENINGS, FIRST_NAMES, FRENCH_SENTENCES, FRENCH_SUBJECT_OBJECTS, FRENCH_SUBJECT_OPENINGS, LAST_NAMES, sqlTextArray } from './ticket-corpus.js';
import type { SqlRunner } from './ticket-seed.js';

/**
 * A year of a helpdesk's history in one workspace, written with set-based SQL (generate_series, INSERT … SELECT):
 * the system of record (tickets, comments, timeline, satisfaction ratings, SLA clocks) and, for every change, the
 * domain event the live application would have written to the outbox, already dispatched. Both are drawn from one
 * plan per ticket, so a rebuild from the record and a replay of the events fold to the same analytics.
 */

export const ANALYTICS_SEED_VERSION = 2;

export const TEAM_NAMES = ['Billing', 'Technical', 'Shipping', 'Accounts', 'Enterprise', 'Returns'] as const;
export const AGENTS_PER_TEAM = 10;
export const AGENT_COUNT = TEAM_NAMES.length * AGENTS_PER_TEAM;
/** Twelve categories, most asked first; each belongs to a team (Enterprise customers go to the Enterprise team). */
export const CATEGORIES = ['billing', 'shipping', 'technical', 'account', 'orders', 'returns', 'login', 'refunds', 'bug', 'product_question', 'feature_request', 'general'] as const;
const CATEGORY_TEAMS = [1, 3, 2, 4, 3, 6, 4, 1, 2, 2, 2, 4];
const TICKET_TYPES = ['question', 'incident', 'problem', 'task', 'complaint', 'request', 'compliment'];
const CHANNEL_SHARES: Array<[string, number]> = [
  ['email', 0.36], ['chat', 0.17], ['web', 0.13], ['phone', 0.09], ['whatsapp', 0.07], ['api', 0.05], ['messenger', 0.04], ['sms', 0.03], ['social', 0.03], ['messaging', 0.02], ['telegram', 0.01],
];
const PRIORITY_SHARES: Array<[string, number]> = [['low', 0.18], ['normal', 0.55], ['high', 0.2], ['urgent', 0.07]];
/** The SLA policy's targets, in minutes from creation (round the clock). */
export const SLA_TARGETS = {
  urgent: { firstResponse: 30, resolution: 8 * 60 },
  high: { firstResponse: 2 * 60, resolution: 24 * 60 },
  normal: { firstResponse: 8 * 60, resolution: 72 * 60 },
  low: { firstResponse: 24 * 60, resolution: 120 * 60 },
} as const;
/** Shares the plan aims at (the generated ones are printed). */
const RESOLVED_BREACH_SHARE = 0.045;
const ESCALATION_SHARE = 0.05;
const PRIORITY_LOWERED_SHARE = 0.02;
const CSAT_SHARE = 0.215;
const CLOSE_AFTER_DAYS = 4;
/** The plan's tickets whose customer is emailed a satisfaction link (`ticket.satisfaction_offered`). */
const OFFERED = `p.t_res IS NOT NULL AND p.channel NOT IN ('api', 'chat')`;

const AGENT_REPLIES = {
  en: ['Thanks for writing in, I am looking into this now.', 'I have issued the refund; it should appear within 5 business days.', 'Could you send me your order number so I can check?', 'The replacement has shipped, here is the tracking link.', 'I have reset the access on our side, please try again.', 'Sorry for the trouble, this is fixed now.'],
  fr: ['Merci de nous avoir écrit, je regarde cela tout de suite.', 'Le remboursement est émis; il paraîtra d’ici 5 jours ouvrables.', 'Pourriez-vous m’envoyer votre numéro de commande?', 'Le remplacement est expédié, voici le lien de suivi.', 'J’ai réinitialisé l’accès de notre côté, veuillez réessayer.', 'Désolé pour le dérangement, c’est réglé.'],
};
const INTERNAL_NOTES = {
  en: ['Checked the payment logs, the charge went through twice.', 'Asked the warehouse for an update.', 'Known issue, linked to the incident.', 'Customer called as well, same problem.'],
  fr: ['Vérifié les journaux de paiement, le débit est passé deux fois.', 'Demandé une mise à jour à l’entrepôt.', 'Problème connu, lié à l’incident.', 'Le client a aussi appelé, même problème.'],
};

export interface AnalyticsSeedOptions {
  workspaceId: string;
  tickets: number;
  events: number;
  timeZone: string;
  /** Tickets per INSERT batch (batches run `runner.parallelism` at a time). */
  batchSize?: number;
  onProgress?: (line: string) => void;
}

export interface AnalyticsSeedResult {
  tickets: number;
  customers: number;
  events: Record<string, number>;
  eventTotal: number;
  comments: number;
  shares: Record<string, number>;
  /** The instant the history ends at (the plan's "now"). */
  generatedAt: Date;
  seconds: Record<string, number>;
}

/** Ids made from the workspace and an ordinal, so rows can point at people without a join; well-formed version 4 UUIDs. */
export const derivedId = (workspaceId: string, kind: string, ordinal: string) => `overlay(overlay(md5('${workspaceId}:${kind}:' || (${ordinal})) placing '4' from 13) placing '8' from 17)::uuid`;

const iso = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const isoOrNull = (expression: string) => `CASE WHEN ${expression} IS NULL THEN NULL ELSE ${iso(expression)} END`;
const ms = (expression: string) => `date_trunc('milliseconds', ${expression})`;
const normal = () => `(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))`;
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
function weighted(draw: string, shares: Array<[string, number]>): string {
  let upper = 0;
  const cases = shares.slice(0, -1).map(([value, share]) => {
    upper += share;
    return `WHEN ${draw} < ${upper.toFixed(4)} THEN ${quote(value)}`;
  });
  return `CASE ${cases.join(' ')} ELSE ${quote(shares.at(-1)![0])} END`;
}
const pick = (items: readonly string[], draw: string) => `(${sqlTextArray(items)})[1 + floor(${draw} * ${items.length})::int]`;
const byPriority = (column: string, values: Record<string, number>) => `(CASE ${column} ${Object.entries(values).map(([priority, value]) => `WHEN '${priority}' THEN ${value}`).join(' ')} END)`;
const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

/** The tables a load writes to: their secondary indexes are dropped for the load and built again after it. */
export const LOADED_TABLES = ['tickets', 'comments', 'ticket_activities', 'outbox_events', 'satisfaction_ratings', 'ticket_sla_targets'];

export async function dropSecondaryIndexes(runner: SqlRunner): Promise<Array<{ name: string; definition: string }>> {
  const indexes = await runner.query<{ name: string; definition: string }>(`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE schemaname = 'public' AND tablename IN (${LOADED_TABLES.map(quote).join(', ')})
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u', 'x'))`);
  for (const index of indexes) await runner.query(`DROP INDEX "${index.name}"`);
  return indexes;
}

export async function rebuildIndexes(runner: SqlRunner, indexes: Array<{ name: string; definition: string }>): Promise<void> {
  // The largest first, so the builds that run together end close to each other.
  const order = ['tickets_search', 'outbox_events', 'comments', 'tickets_subject_trgm', 'ticket_activities'];
  const rank = (name: string) => {
    const found = order.findIndex((prefix) => name.startsWith(prefix));
    return found === -1 ? order.length : found;
  };
  await inParallel([...indexes].sort((a, b) => rank(a.name) - rank(b.name)), runner.parallelism, async (index) => {
    await runner.query(index.definition);
  });
}

/**
 * Fills one workspace (created beforehand, e.g. by the bootstrap) with its people and a year of tickets and events.
 * Call between `dropSecondaryIndexes` and `rebuildIndexes` for a large load.
 */
export async function seedAnalyticsWorkspace(runner: SqlRunner, options: AnalyticsSeedOptions): Promise<AnalyticsSeedResult> {
  const { workspaceId: ws, tickets, events, timeZone } = options;
  const log = options.onProgress ?? (() => {});
  const batchSize = options.batchSize ?? 25_000;
  const customerCount = Math.max(1000, Math.round(tickets / 10));
  const schema = `bench_seed_${ws.replaceAll('-', '').slice(0, 12)}`;
  const started = performance.now();
  const timings: Record<string, number> = {};
  const [{ now: generatedAtText }] = (await runner.query<{ now: string }>(`SELECT ${iso(ms('now()'))} AS now`)) as [{ now: string }];
  const now = `'${generatedAtText}'::timestamptz`;
  const teamId = (ordinal: string) => derivedId(ws, 'team', ordinal);
  const agentId = (ordinal: string) => derivedId(ws, 'agent', ordinal);

  // ── People and settings ─────────────────────────────────────────────────────────────────────────────
  await runner.query(`UPDATE workspaces SET time_zone = ${quote(timeZone)}, ticket_categories = '${JSON.stringify(CATEGORIES)}'::jsonb WHERE id = '${ws}'`);
  await runner.query(`
    INSERT INTO teams (id, workspace_id, name, created_at)
    SELECT ${teamId('k')}, '${ws}', (${sqlTextArray(TEAM_NAMES)})[k], ${now} - interval '400 days' FROM generate_series(1, ${TEAM_NAMES.length}) AS k`);
  // Agent k is in team 1 + (k - 1) % 6; a third of them French-speaking; some online, some away, the rest offline.
  await runner.query(`
    INSERT INTO users (id, workspace_id, email, name, role, language, chosen_availability, availability, created_at, updated_at)
    SELECT ${agentId('k')}, '${ws}', 'agent' || k || '@bench-analytics.test',
           (${sqlTextArray(FIRST_NAMES)})[1 + k % ${FIRST_NAMES.length}] || ' ' || (${sqlTextArray(LAST_NAMES)})[1 + (k * 7) % ${LAST_NAMES.length}],
           'agent', CASE WHEN k % 3 = 0 THEN 'fr' ELSE 'en' END, 'online',
           CASE WHEN k % 5 < 2 THEN 'online' WHEN k % 5 = 2 THEN 'away' ELSE 'offline' END, ${now} - interval '400 days', ${now} - interval '400 days'
    FROM generate_series(1, ${AGENT_COUNT}) AS k`);
  await runner.query(`
    INSERT INTO team_members (workspace_id, team_id, user_id)
    SELECT '${ws}', ${teamId(`1 + (k - 1) % ${TEAM_NAMES.length}`)}, ${agentId('k')} FROM generate_series(1, ${AGENT_COUNT}) AS k`);
  // Two managers: the first leads Billing and Technical, the second the four other teams.
  await runner.query(`
    INSERT INTO users (id, workspace_id, email, name, role, language, created_at, updated_at)
    SELECT ${derivedId(ws, 'manager', 'k')}, '${ws}', 'manager' || k || '@bench-analytics.test', (ARRAY['Isabelle Gagnon', 'Marc Fortin'])[k], 'manager', 'fr', ${now} - interval '400 days', ${now} - interval '400 days'
    FROM generate_series(1, 2) AS k`);
  await runner.query(`
    INSERT INTO team_members (workspace_id, team_id, user_id)
    SELECT '${ws}', ${teamId('t')}, ${derivedId(ws, 'manager', 'CASE WHEN t <= 2 THEN 1 ELSE 2 END')} FROM generate_series(1, ${TEAM_NAMES.length}) AS t`);
  await runner.query(`
    INSERT INTO customers (id, workspace_id, name, email, emails, language, tier, created_at, updated_at)
    SELECT ${derivedId(ws, 'customer', 'k')}, '${ws}', name, email, ARRAY[email], language, tier, created_at, created_at
    FROM (
      SELECT k, (${sqlTextArray(FIRST_NAMES)})[1 + floor(random() * ${FIRST_NAMES.length})::int] || ' ' || (${sqlTextArray(LAST_NAMES)})[1 + floor(random() * ${LAST_NAMES.length})::int] AS name,
             'customer' || k || '@example.test' AS email,
             CASE WHEN k % 5 IN (1, 3) THEN 'fr' ELSE 'en' END AS language,
             CASE WHEN k % 10 = 0 THEN 'enterprise' WHEN k % 50 = 7 THEN 'vip' WHEN k % 4 = 0 THEN 'paid' ELSE 'free' END AS tier,
             ${ms(`${now} - interval '400 days' * random()`)} AS created_at
      FROM generate_series(1, ${customerCount}) AS k
    ) AS drawn`);
  await runner.query(`INSERT INTO customer_emails (workspace_id, email, customer_id) SELECT workspace_id, email, id FROM customers WHERE workspace_id = '${ws}'`);
  // Support hours Monday to Friday, 8 to 18, Québec holidays: the business-hours durations count in them.
  await runner.query(`
    INSERT INTO business_calendars (workspace_id, name, time_zone, intervals, holiday_set, is_default)
    VALUES ('${ws}', 'Support hours', ${quote(timeZone)}, '${JSON.stringify([1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })))}'::jsonb, 'ca-qc', true)`);
  const slaTargets = Object.fromEntries(
    Object.entries(SLA_TARGETS).map(([priority, target]) => [priority, { firstResponseMinutes: target.firstResponse, nextResponseMinutes: target.firstResponse, resolutionMinutes: target.resolution }]),
  );
  const [policy] = await runner.query<{ id: string }>(`
    INSERT INTO sla_policies (workspace_id, name, position, is_default, conditions, targets, breach_actions)
    VALUES ('${ws}', 'Default', 0, true, '{"priorities":[],"tiers":[],"channels":[],"categories":[]}'::jsonb, '${JSON.stringify(slaTargets)}'::jsonb,
            '{"isPriorityRaised":false,"reassignTeamId":null,"isNotified":true}'::jsonb)
    RETURNING id`);
  timings.people = seconds(started);
  log(`${AGENT_COUNT} agents and 2 managers in ${TEAM_NAMES.length} teams, ${customerCount.toLocaleString('en-US')} customers (${timings.people} s)`);

  // ── The plan: one row per ticket, every draw and every moment of its story ───────────────────────────────
  const planStarted = performance.now();
  await runner.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await runner.query(`CREATE SCHEMA ${schema}`);
  // Hours of the past year in the workspace's time zone, weighted: growth over the year, months (busier in November
  // and December, quieter in summer), weekdays (weekends a third to a half), and the hours of the day (peaks mid-
  // morning and mid-afternoon). Each hour gets its share of the tickets.
  const hourWeights = [0.15, 0.1, 0.08, 0.07, 0.08, 0.12, 0.25, 0.5, 0.9, 1.3, 1.45, 1.4, 1.2, 1.3, 1.4, 1.35, 1.2, 1.0, 0.8, 0.65, 0.55, 0.45, 0.35, 0.25];
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.slots AS
    WITH hours AS (
      SELECT local_start, extract(epoch FROM local_start - first_local) / 86400 AS day_index
      FROM (SELECT date_trunc('hour', ${now} AT TIME ZONE ${quote(timeZone)}) AS last_local) AS b
      CROSS JOIN LATERAL (SELECT b.last_local - interval '365 days' AS first_local) AS f
      CROSS JOIN LATERAL generate_series(f.first_local, b.last_local - interval '1 hour', interval '1 hour') AS local_start
    ), weighted AS (
      SELECT local_start AT TIME ZONE ${quote(timeZone)} AS starts_at,
             (0.8 + 0.4 * day_index / 365)
             * (ARRAY[1.1, 1.0, 1.0, 0.95, 0.95, 0.9, 0.85, 0.85, 1.0, 1.0, 1.15, 1.25])[extract(month FROM local_start)::int]
             * (ARRAY[1.15, 1.05, 1.0, 1.0, 0.92, 0.45, 0.35])[extract(isodow FROM local_start)::int]
             * (ARRAY[${hourWeights.join(', ')}])[extract(hour FROM local_start)::int + 1] AS weight
      FROM hours
    ), cumulated AS (
      SELECT starts_at, sum(weight) OVER (ORDER BY starts_at, weight ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upper, sum(weight) OVER () AS total FROM weighted
    )
    SELECT starts_at, (round(${tickets}::float8 * upper / total) - round(${tickets}::float8 * coalesce(lag(upper) OVER (ORDER BY upper), 0) / total))::int AS tickets FROM cumulated`);
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.created AS
    SELECT row_number() OVER (ORDER BY created_at) AS i, created_at
    FROM (SELECT ${ms(`s.starts_at + random() * interval '1 hour'`)} AS created_at FROM ${schema}.slots AS s CROSS JOIN LATERAL generate_series(1, s.tickets) WHERE s.tickets > 0) AS drawn`);
  const [{ count: createdCount }] = (await runner.query<{ count: string }>(`SELECT count(*) AS count FROM ${schema}.created`)) as [{ count: string }];
  if (Number(createdCount) !== tickets) throw new Error(`the hours of the year hold ${createdCount} tickets instead of ${tickets}`);
  const [{ next: firstNumber }] = (await runner.query<{ next: number }>(`SELECT next_ticket_number AS next FROM workspaces WHERE id = '${ws}'`)) as [{ next: number }];

  // Draws and dimensions. Customers: low ordinals write more often; 40% French-speaking; every tenth is an enterprise
  // customer (the Enterprise team's). The team follows the category; 3% have none.
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.drawn AS
    SELECT i, created_at, gen_random_uuid() AS id, ${Number(firstNumber) - 1} + i AS number,
           extract(epoch FROM ${now} - created_at) / 86400 AS age_days,
           customer_ord, CASE WHEN customer_ord % 5 IN (1, 3) THEN 'fr' ELSE 'en' END AS language,
           ${weighted('r_channel', CHANNEL_SHARES)} AS channel,
           ${weighted('r_priority', PRIORITY_SHARES)} AS priority,
           CASE WHEN r_type < 0.15 THEN NULL ELSE ${pick(TICKET_TYPES, '((r_type - 0.15) / 0.85)')} END AS type,
           CASE WHEN r_category < 0.06 THEN NULL ELSE 1 + floor(power((r_category - 0.06) / 0.94, 1.3) * ${CATEGORIES.length})::int END AS category_ord,
           CASE WHEN r_team < 0.03 THEN NULL WHEN customer_ord % 10 = 0 THEN 5 WHEN r_category < 0.06 THEN 1 + floor(r_team * ${TEAM_NAMES.length})::int END AS team_override,
           r_team < 0.03 AS no_team,
           random() AS r_agent, random() AS r_stuck, random() AS r_stuck_status,
           ${normal()} AS z_fr, ${normal()} AS z_res, random() AS r_breach, random() AS r_breach_kind, random() AS r_redraw_fr, random() AS r_redraw_res,
           random() AS r_assign, random() AS r_esc, random() AS r_esc_kind, random() AS r_esc_at, random() AS r_pending, random() AS r_pending_at,
           random() AS r_csat, random() AS r_csat_at, random() AS r_rating, random() AS r_comments, random() AS r_opening, random() AS r_object, random() AS r_sentence
    FROM (
      SELECT i, created_at, 1 + floor(power(random(), 1.4) * ${customerCount})::int AS customer_ord,
             random() AS r_channel, random() AS r_priority, random() AS r_type, random() AS r_category, random() AS r_team
      FROM ${schema}.created
    ) AS c`);

  // Moments. Chats and calls are assigned as they start (calls are logged by the agent); the rest are assigned by
  // routing before the first reply. First reply and resolution times are log-normal around medians by channel,
  // priority and agent. 5% of resolved tickets breach their SLA (30% on the first response); the others stay within
  // their targets. A share of tickets stays open ("stuck"): 5.5% of all, more of the recent ones, and recent tickets
  // whose resolution lies after now are open too: about 8% in all.
  const messaging = `('whatsapp', 'messenger', 'sms', 'telegram', 'messaging', 'social')`;
  const frTarget = byPriority('priority', Object.fromEntries(Object.entries(SLA_TARGETS).map(([p, t]) => [p, t.firstResponse])));
  const resTarget = byPriority('priority', Object.fromEntries(Object.entries(SLA_TARGETS).map(([p, t]) => [p, t.resolution])));
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.timed AS
    SELECT *,
           CASE WHEN breach_kind = 'fr' THEN fr_limit * (1.05 + 1.5 * r_redraw_fr)
                WHEN fr_raw >= 0.97 * fr_limit THEN fr_limit * (0.2 + 0.75 * r_redraw_fr)
                ELSE greatest(fr_raw, 15) END AS frd
    FROM (
      SELECT d.*, a.agent_ord,
             ${frTarget} AS fr_target, ${resTarget} AS res_target, ${frTarget} * 60.0 AS fr_limit, ${resTarget} * 60.0 AS res_limit,
             channel IN ('chat', 'phone') AS on_creation,
             r_stuck < 0.055 + 0.5 * exp(-age_days / 10) AS stuck,
             CASE WHEN NOT (r_stuck < 0.055 + 0.5 * exp(-age_days / 10)) AND r_breach < ${RESOLVED_BREACH_SHARE} THEN CASE WHEN r_breach_kind < 0.3 THEN 'fr' ELSE 'res' END END AS breach_kind,
             (CASE WHEN channel = 'chat' THEN 75 WHEN channel = 'phone' THEN 240 WHEN channel IN ${messaging} THEN 1200 ELSE 2700 END)
               * ${byPriority('priority', { urgent: 0.08, high: 0.2, normal: 1, low: 1.6 })} * (0.7 + ((agent_ord * 37) % 11) / 10.0) * exp(0.9 * z_fr) AS fr_raw,
             (CASE WHEN channel = 'chat' THEN 900 WHEN channel = 'phone' THEN 1500 WHEN channel IN ${messaging} THEN 14400 ELSE 43200 END)
               * ${byPriority('priority', { urgent: 0.15, high: 0.4, normal: 1, low: 1.5 })} * (0.7 + ((agent_ord * 37) % 11) / 10.0) * exp(1.0 * z_res) AS res_raw,
             (((agent_ord * 53) % 9) - 4) / 50.0 AS agent_quality
      FROM (
        SELECT *,
               CASE WHEN no_team THEN NULL ELSE coalesce(team_override, (ARRAY[${CATEGORY_TEAMS.join(', ')}])[category_ord], 1 + floor(r_agent * ${TEAM_NAMES.length})::int) END AS team_ord,
               CASE WHEN category_ord IS NULL THEN NULL ELSE (${sqlTextArray(CATEGORIES)})[category_ord] END AS category
        FROM ${schema}.drawn
      ) AS d
      CROSS JOIN LATERAL (SELECT CASE WHEN d.team_ord IS NULL THEN 1 + floor(d.r_agent * ${AGENT_COUNT})::int ELSE d.team_ord + ${TEAM_NAMES.length} * floor(d.r_agent * ${AGENTS_PER_TEAM})::int END AS agent_ord) AS a
    ) AS t`);
  await runner.query(`DROP TABLE ${schema}.drawn, ${schema}.created, ${schema}.slots`);

  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.outcome AS
    SELECT *,
           CASE WHEN t_res IS NOT NULL THEN CASE WHEN t_res < ${now} - interval '${CLOSE_AFTER_DAYS} days' THEN 'closed' ELSE 'resolved' END
                WHEN assigned_at IS NULL THEN 'new'
                WHEN t_fr IS NULL THEN 'open'
                WHEN stuck AND r_stuck_status >= 0.40 AND r_stuck_status < 0.85 THEN 'pending'
                WHEN stuck AND r_stuck_status >= 0.85 THEN 'on_hold'
                ELSE 'open' END AS status
    FROM (
      SELECT *,
             CASE WHEN assigned_at IS NOT NULL AND t_fr_plan < ${now} THEN t_fr_plan END AS t_fr,
             CASE WHEN NOT stuck AND t_res_plan < ${now} THEN t_res_plan END AS t_res
      FROM (
        SELECT *,
               CASE WHEN stuck AND r_stuck_status < 0.10 AND NOT on_creation THEN NULL
                    WHEN on_creation THEN created_at
                    WHEN ${ms(`created_at + frd * (0.1 + 0.5 * r_assign) * interval '1 second'`)} < ${now} THEN ${ms(`created_at + frd * (0.1 + 0.5 * r_assign) * interval '1 second'`)} END AS assigned_at,
               ${ms(`created_at + frd * interval '1 second'`)} AS t_fr_plan,
               ${ms(`created_at + total * interval '1 second'`)} AS t_res_plan
        FROM (
          SELECT *,
                 CASE WHEN breach_kind = 'res' THEN greatest(res_limit * (1.05 + 1.5 * r_redraw_res), frd + 60)
                      WHEN frd + greatest(res_raw, 60) >= 0.97 * res_limit THEN frd + (0.97 * res_limit - frd) * (0.3 + 0.7 * r_redraw_res)
                      ELSE frd + greatest(res_raw, 60) END AS total
          FROM ${schema}.timed
        ) AS a
      ) AS b
    ) AS c`);
  await runner.query(`DROP TABLE ${schema}.timed`);

  // The story's other moments, the people's ids, and the SLA clocks.
  const lower = (column: string) => `(CASE ${column} WHEN 'urgent' THEN 'high' WHEN 'high' THEN 'normal' WHEN 'normal' THEN 'low' END)`;
  const higher = (column: string) => `(CASE ${column} WHEN 'low' THEN 'normal' WHEN 'normal' THEN 'high' WHEN 'high' THEN 'urgent' END)`;
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.plan0 AS
    SELECT *,
           CASE esc_kind WHEN 'priority_raised' THEN ${lower('priority')} WHEN 'priority_lowered' THEN ${higher('priority')} ELSE priority END AS priority0,
           CASE WHEN esc_kind = 'team_changed' THEN ${teamId(`team_ord % ${TEAM_NAMES.length} + 1`)} ELSE team_id END AS team0_id,
           CASE WHEN esc_kind IS NOT NULL THEN ${ms(`t_fr + span * (0.05 + 0.35 * r_esc_at)`)} END AS t_esc,
           CASE WHEN rated THEN CASE WHEN x_rating < 0.08 THEN 1 WHEN x_rating < 0.14 THEN 2 WHEN x_rating < 0.23 THEN 3 WHEN x_rating < 0.45 THEN 4 ELSE 5 END END AS rating,
           CASE WHEN rated THEN t_rated_plan END AS t_rated,
           CASE WHEN t_fr IS NOT NULL AND t_fr > fr_due THEN fr_due WHEN t_fr IS NULL AND status IN ('new', 'open') AND fr_due < ${now} THEN fr_due END AS fr_breached_at,
           CASE WHEN t_res IS NOT NULL AND t_res > res_due THEN res_due
                WHEN t_res IS NULL AND status IN ('new', 'open') AND res_due < ${now} THEN res_due
                WHEN t_res IS NULL AND t_pending > res_due THEN res_due END AS res_breached_at
    FROM (
      SELECT *,
             CASE WHEN t_fr IS NULL THEN NULL
                  WHEN r_esc < ${ESCALATION_SHARE} AND r_esc_kind < 0.6 AND priority <> 'low' THEN 'priority_raised'
                  WHEN r_esc < ${ESCALATION_SHARE} AND team_ord IS NOT NULL THEN 'team_changed'
                  WHEN r_esc < ${ESCALATION_SHARE} AND priority <> 'low' THEN 'priority_raised'
                  WHEN r_esc >= ${ESCALATION_SHARE} AND r_esc < ${ESCALATION_SHARE + PRIORITY_LOWERED_SHARE} AND priority <> 'urgent' THEN 'priority_lowered' END AS esc_kind,
             CASE WHEN status IN ('pending', 'on_hold') THEN ${ms(`t_fr + span * (0.45 + 0.35 * r_pending_at)`)}
                  WHEN t_res IS NOT NULL AND r_pending < 0.3 THEN ${ms(`t_fr + span * (0.5 + 0.4 * r_pending_at)`)} END AS t_pending,
             CASE WHEN status IN ('pending', 'on_hold') THEN status WHEN t_res IS NOT NULL AND r_pending < 0.3 THEN 'pending' END AS pending_status,
             CASE WHEN status = 'closed' THEN t_res + interval '${CLOSE_AFTER_DAYS} days' END AS t_close,
             t_res IS NOT NULL AND channel <> 'api' AND r_csat < ${CSAT_SHARE} AND t_rated_plan < ${now} AS rated,
             r_rating + agent_quality - CASE WHEN breach_kind IS NOT NULL THEN 0.12 ELSE 0 END AS x_rating,
             ${ms(`created_at + fr_target * interval '1 minute'`)} AS fr_due,
             ${ms(`created_at + res_target * interval '1 minute'`)} AS res_due,
             ${derivedId(ws, 'customer', 'customer_ord')} AS customer_id,
             CASE WHEN team_ord IS NULL THEN NULL ELSE ${teamId('team_ord')} END AS team_id,
             CASE WHEN assigned_at IS NULL THEN NULL ELSE ${agentId('agent_ord')} END AS agent_id,
             CASE WHEN channel = 'phone' THEN ${agentId('agent_ord')} END AS creator_id
      FROM (
        SELECT *, ${ms(`t_res + (600 + 172800 * power(r_csat_at, 2)) * interval '1 second'`)} AS t_rated_plan,
               -- What happens after the first reply: up to the resolution, or for an open ticket its first hours (it then waits).
               CASE WHEN t_res IS NOT NULL THEN t_res - t_fr ELSE least(${now} - t_fr, res_limit * 0.5 * interval '1 second') END AS span
        FROM ${schema}.outcome
      ) AS o
    ) AS p`);
  await runner.query(`DROP TABLE ${schema}.outcome`);

  // How many events the story makes besides comments; comments take the rest of the budget, one for the first reply
  // of every answered ticket and the others by weight (longer and chat conversations have more).
  const [counts] = await runner.query<Record<string, string>>(`
    SELECT count(*) AS created,
           count(*) FILTER (WHERE NOT on_creation AND assigned_at IS NOT NULL) AS assigned,
           count(esc_kind) AS escalated, count(t_pending) AS pending, count(t_res) AS resolved, count(t_close) AS closed,
           count(rating) AS rated, count(fr_breached_at) + count(res_breached_at) AS breached, count(t_fr) AS answered,
           count(*) FILTER (WHERE t_res IS NULL) AS unresolved, count(*) FILTER (WHERE fr_breached_at IS NOT NULL OR res_breached_at IS NOT NULL) AS breached_tickets,
           count(*) FILTER (WHERE esc_kind IN ('priority_raised', 'team_changed')) AS escalations, count(*) FILTER (WHERE language = 'fr') AS french,
           count(*) FILTER (WHERE t_res IS NOT NULL AND channel <> 'api') AS ratable,
           count(*) FILTER (WHERE ${OFFERED.replaceAll('p.', '')}) AS offered
    FROM ${schema}.plan0`);
  const count = (key: string) => Number(counts![key]);
  const updates = count('assigned') + count('escalated') + count('pending') + count('resolved') + count('closed');
  const nonComment = count('created') + updates + count('resolved') + count('offered') + count('rated') + count('breached');
  const commentBudget = Math.max(0, events - nonComment);
  const extraComments = Math.max(0, commentBudget - count('answered'));
  if (commentBudget < count('answered')) log(`warning: ${events} events leave ${commentBudget} comments for ${count('answered')} answered tickets; each still gets its first reply`);
  const weight = `round(1000 * CASE WHEN t_fr IS NULL THEN 0.25 * r_comments
                        ELSE (0.3 + 1.4 * r_comments) * (CASE channel WHEN 'chat' THEN 2.2 WHEN 'phone' THEN 0.5 ELSE 1 END)
                             * (1 + least(10, extract(epoch FROM coalesce(t_res, ${now}) - t_fr) / 86400) / 5) END)::bigint`;
  const [{ total: totalWeight }] = (await runner.query<{ total: string }>(`SELECT sum(${weight})::bigint AS total FROM ${schema}.plan0`)) as [{ total: string }];
  await runner.query(`
    CREATE UNLOGGED TABLE ${schema}.plan AS
    SELECT *, (CASE WHEN t_fr IS NULL THEN 0 ELSE 1 END + (cum * ${extraComments}::bigint) / ${totalWeight}::bigint - ((cum - w) * ${extraComments}::bigint) / ${totalWeight}::bigint)::int AS n_comments
    FROM (SELECT *, (sum(w) OVER (ORDER BY i))::bigint AS cum FROM (SELECT *, ${weight} AS w FROM ${schema}.plan0) AS weighted) AS cumulated`);
  await runner.query(`DROP TABLE ${schema}.plan0`);
  await runner.query(`CREATE INDEX ON ${schema}.plan (i)`);
  await runner.query(`ANALYZE ${schema}.plan`);
  timings.plan = seconds(planStarted);
  log(`plan of ${tickets.toLocaleString('en-US')} tickets over 365 days in ${timings.plan} s`);

  // ── Writing it: record and events, batch by batch ──────────────────────────────────────────────────────
  const writeStarted = performance.now();
  const batches: Array<[number, number]> = [];
  for (let from = 1; from <= tickets; from += batchSize) batches.push([from, Math.min(tickets, from + batchSize - 1)]);
  let written = 0;
  await inParallel(batches, runner.parallelism, async ([from, to]) => {
    for (const statement of batchStatements({ ws, schema, now, from, to, policyId: policy!.id })) await runner.query(statement);
    written += to - from + 1;
    log(`  ${written.toLocaleString('en-US')} / ${tickets.toLocaleString('en-US')} tickets written (${seconds(writeStarted)} s)`);
  });
  await runner.query(`UPDATE workspaces SET next_ticket_number = ${Number(firstNumber) + tickets} WHERE id = '${ws}'`);
  timings.write = seconds(writeStarted);

  const eventCounts = Object.fromEntries(
    (await runner.query<{ type: string; count: string }>(`SELECT type, count(*) AS count FROM outbox_events WHERE workspace_id = '${ws}' GROUP BY type ORDER BY type`)).map((row) => [row.type, Number(row.count)]),
  );
  const [commentCount] = await runner.query<{ count: string }>(`SELECT count(*) AS count FROM comments WHERE workspace_id = '${ws}'`);
  await runner.query(`DROP SCHEMA ${schema} CASCADE`);
  timings.total = seconds(started);
  return {
    tickets,
    customers: customerCount,
    events: eventCounts,
    eventTotal: Object.values(eventCounts).reduce((sum, value) => sum + value, 0),
    comments: Number(commentCount!.count),
    shares: {
      unresolved: count('unresolved') / tickets,
      french: count('french') / tickets,
      breached: count('breached_tickets') / tickets,
      escalated: count('escalations') / tickets,
      csatOfResolved: count('rated') / Math.max(1, count('resolved')),
    },
    generatedAt: new Date(generatedAtText),
    seconds: timings,
  };
}

/** After the indexes are back: a ticket's `updated_at` follows its latest comment too, as the application's does. */
export async function touchTicketsByComments(runner: SqlRunner, workspaceId: string): Promise<void> {
  await runner.query(`
    UPDATE tickets AS t SET updated_at = latest.at
    FROM (SELECT c.ticket_id, max(c.created_at) AS at FROM comments c JOIN tickets u ON u.id = c.ticket_id
          WHERE u.workspace_id = '${workspaceId}' AND u.resolved_at IS NULL GROUP BY c.ticket_id) AS latest
    WHERE t.id = latest.ticket_id AND latest.at > t.updated_at`);
}

interface BatchContext {
  ws: string;
  schema: string;
  now: string;
  from: number;
  to: number;
  policyId: string;
}

interface TicketState {
  status: string;
  priority: string;
  team: string;
  assignee: string;
  resolvedAt: string;
  closedAt: string;
  updatedAt: string;
}

/** A ticket as its events carry it (what the API shows, less the texts), in a given state. */
function snapshot(state: TicketState): string {
  return `jsonb_build_object('id', p.id, 'number', p.number, 'status', ${state.status}, 'statusCategory', ${state.status}, 'priority', ${state.priority},
    'type', p.type, 'category', p.category, 'tags', '[]'::jsonb, 'assigneeId', ${state.assignee}, 'teamId', ${state.team}, 'customerId', p.customer_id,
    'channel', p.channel, 'language', p.language, 'createdAt', ${iso('p.created_at')}, 'updatedAt', ${iso(state.updatedAt)},
    'resolvedAt', ${isoOrNull(state.resolvedAt)}, 'closedAt', ${isoOrNull(state.closedAt)})`;
}
const change = (field: string, from: string, to: string) => `jsonb_build_object('field', '${field}', 'from', ${from}, 'to', ${to})`;
const statusChanges = (from: string, to: string) => `jsonb_build_array(${change('status', from, to)}, ${change('statusCategory', from, to)})`;

/** The changes of a ticket's story after its creation, each a timeline entry and a `ticket.updated` event (resolution also `ticket.resolved`). */
function updatesOf(): Array<{ where: string; at: string; actor: string; changes: string; state: TicketState; isResolution?: boolean }> {
  const final = { priority: 'p.priority', team: 'p.team_id', assignee: 'p.agent_id' };
  return [
    {
      // Routing assigns it: new → open.
      where: 'NOT p.on_creation AND p.assigned_at IS NOT NULL',
      at: 'p.assigned_at',
      actor: 'NULL::uuid',
      changes: `jsonb_build_array(${change('status', "'new'", "'open'")}, ${change('assigneeId', 'NULL::uuid', 'p.agent_id')}, ${change('statusCategory', "'new'", "'open'")})`,
      state: { status: "'open'", priority: 'p.priority0', team: 'p.team0_id', assignee: 'p.agent_id', resolvedAt: 'NULL', closedAt: 'NULL', updatedAt: 'p.assigned_at' },
    },
    {
      // Escalated (priority raised or moved to another team), or the priority lowered.
      where: 'p.esc_kind IS NOT NULL',
      at: 'p.t_esc',
      actor: 'p.agent_id',
      changes: `CASE WHEN p.esc_kind = 'team_changed' THEN jsonb_build_array(${change('teamId', 'p.team0_id', 'p.team_id')}) ELSE jsonb_build_array(${change('priority', 'p.priority0', 'p.priority')}) END`,
      state: { status: "'open'", ...final, resolvedAt: 'NULL', closedAt: 'NULL', updatedAt: 'p.t_esc' },
    },
    {
      // Waiting on the customer (or on hold).
      where: 'p.t_pending IS NOT NULL',
      at: 'p.t_pending',
      actor: 'p.agent_id',
      changes: statusChanges("'open'", 'p.pending_status'),
      state: { status: 'p.pending_status', ...final, resolvedAt: 'NULL', closedAt: 'NULL', updatedAt: 'p.t_pending' },
    },
    {
      where: 'p.t_res IS NOT NULL',
      at: 'p.t_res',
      actor: 'p.agent_id',
      changes: statusChanges("coalesce(p.pending_status, 'open')", "'resolved'"),
      state: { status: "'resolved'", ...final, resolvedAt: 'p.t_res', closedAt: 'NULL', updatedAt: 'p.t_res' },
      isResolution: true,
    },
    {
      // Closed by the workspace's automation some days after the resolution.
      where: 'p.t_close IS NOT NULL',
      at: 'p.t_close',
      actor: 'NULL::uuid',
      changes: statusChanges("'resolved'", "'closed'"),
      state: { status: "'closed'", ...final, resolvedAt: 'p.t_res', closedAt: 'p.t_close', updatedAt: 'p.t_close' },
    },
  ];
}

function batchStatements({ ws, schema, now, from, to, policyId }: BatchContext): string[] {
  const inBatch = `p.i BETWEEN ${from} AND ${to}`;
  const event = (type: string, data: string, at: string, where: string) => `
    INSERT INTO outbox_events (workspace_id, type, data, created_at, dispatched_at)
    SELECT '${ws}', '${type}', ${data}, ${at}, ${at} + interval '20 milliseconds' FROM ${schema}.plan p WHERE ${inBatch} AND ${where}`;
  const statements: string[] = [];

  statements.push(`
    INSERT INTO tickets (id, workspace_id, number, subject, description, status, status_category, priority, type, category, assignee_id, team_id, customer_id,
                         channel, language, search_vector, created_at, updated_at, resolved_at, closed_at)
    SELECT id, '${ws}', number, subject, description, status, status, priority, type, category, agent_id, team_id, customer_id, channel, language,
           setweight(switchboard_search_vector(subject), 'A') || switchboard_search_vector(description), created_at,
           greatest(created_at, assigned_at, t_esc, t_pending, t_res, t_close), t_res, t_close
    FROM (
      SELECT p.*,
             CASE WHEN p.language = 'fr' THEN ${pick(FRENCH_SUBJECT_OPENINGS, 'p.r_opening')} || ' ' || ${pick(FRENCH_SUBJECT_OBJECTS, 'p.r_object')}
                  ELSE ${pick(ENGLISH_SUBJECT_OPENINGS, 'p.r_opening')} || ' ' || ${pick(ENGLISH_SUBJECT_OBJECTS, 'p.r_object')} END AS subject,
             CASE WHEN p.language = 'fr' THEN ${pick(FRENCH_SENTENCES, 'p.r_sentence')} ELSE ${pick(ENGLISH_SENTENCES, 'p.r_sentence')} END AS description
      FROM ${schema}.plan p WHERE ${inBatch}
    ) AS shaped`);

  // Created: the timeline's first entry (its actor tells a ticket opened by an agent) and `ticket.created`.
  const created = snapshot({ status: "CASE WHEN p.on_creation THEN 'open' ELSE 'new' END", priority: 'p.priority0', team: 'p.team0_id', assignee: 'CASE WHEN p.on_creation THEN p.agent_id END', resolvedAt: 'NULL', closedAt: 'NULL', updatedAt: 'p.created_at' });
  statements.push(`
    INSERT INTO ticket_activities (workspace_id, ticket_id, actor_type, actor_id, action, changes, created_at)
    SELECT '${ws}', p.id, CASE WHEN p.creator_id IS NULL THEN 'system' ELSE 'user' END, p.creator_id, 'created', '[]'::jsonb, p.created_at FROM ${schema}.plan p WHERE ${inBatch}`);
  statements.push(event('ticket.created', `jsonb_build_object('ticket', ${created}, 'actorId', p.creator_id)`, 'p.created_at', 'true'));

  for (const update of updatesOf()) {
    statements.push(`
      INSERT INTO ticket_activities (workspace_id, ticket_id, actor_type, actor_id, action, changes, created_at)
      SELECT '${ws}', p.id, CASE WHEN ${update.actor} IS NULL THEN 'system' ELSE 'user' END, ${update.actor}, 'updated', ${update.changes}, ${update.at} FROM ${schema}.plan p WHERE ${inBatch} AND ${update.where}`);
    statements.push(event('ticket.updated', `jsonb_build_object('ticket', ${snapshot(update.state)}, 'changes', ${update.changes}, 'actorId', ${update.actor})`, update.at, update.where));
    if (update.isResolution) statements.push(event('ticket.resolved', `jsonb_build_object('ticket', ${snapshot(update.state)}, 'actorId', ${update.actor})`, update.at, update.where));
  }

  // Comments: the first reply at the first-response time, then customer and agent in turn up to the resolution (or
  // now), 12% of the agent's later ones internal notes; unanswered tickets only have the customer's follow-ups.
  statements.push(`
    WITH drawn AS (
      SELECT p.id AS ticket_id, p.customer_id, p.agent_id, p.language, p.created_at, p.t_fr, p.t_res, p.n_comments AS n, k,
             random() AS r_when, random() AS r_note, random() AS r_text
      FROM ${schema}.plan p CROSS JOIN LATERAL generate_series(1, p.n_comments) AS k
      WHERE ${inBatch} AND p.n_comments > 0
    ), shaped AS (
      SELECT *, CASE WHEN t_fr IS NULL OR k % 2 = 0 THEN 'customer' ELSE 'user' END AS author_type,
             NOT (t_fr IS NOT NULL AND k % 2 = 1 AND k > 1 AND r_note < 0.12) AS is_public,
             CASE WHEN t_fr IS NULL THEN ${ms(`created_at + (${now} - created_at) * ((k - 0.95 + 0.9 * r_when) / n)`)}
                  WHEN k = 1 THEN t_fr
                  ELSE ${ms(`t_fr + (coalesce(t_res, ${now}) - t_fr) * ((k - 1 + 0.9 * r_when) / n)`)} END AS at
      FROM drawn
    ), inserted AS (
      INSERT INTO comments (workspace_id, ticket_id, author_type, author_user_id, author_customer_id, body, is_public, created_at, updated_at)
      SELECT '${ws}', ticket_id, author_type, CASE WHEN author_type = 'user' THEN agent_id END, CASE WHEN author_type = 'customer' THEN customer_id END,
             CASE WHEN author_type = 'customer' THEN CASE WHEN language = 'fr' THEN ${pick(FRENCH_SENTENCES, 'r_text')} ELSE ${pick(ENGLISH_SENTENCES, 'r_text')} END
                  WHEN is_public THEN CASE WHEN language = 'fr' THEN ${pick(AGENT_REPLIES.fr, 'r_text')} ELSE ${pick(AGENT_REPLIES.en, 'r_text')} END
                  ELSE CASE WHEN language = 'fr' THEN ${pick(INTERNAL_NOTES.fr, 'r_text')} ELSE ${pick(INTERNAL_NOTES.en, 'r_text')} END END,
             is_public, at, at
      FROM shaped
      RETURNING id, ticket_id, author_type, author_user_id, author_customer_id, is_public, created_at
    )
    INSERT INTO outbox_events (workspace_id, type, data, created_at, dispatched_at)
    SELECT '${ws}', 'comment.created',
           jsonb_build_object('ticketId', ticket_id, 'actorId', author_user_id, 'comment', jsonb_build_object('id', id, 'ticketId', ticket_id, 'authorType', author_type,
             'authorUserId', author_user_id, 'authorCustomerId', author_customer_id, 'isPublic', is_public, 'createdAt', ${iso('created_at')})),
           created_at, created_at + interval '20 milliseconds'
    FROM inserted`);

  // Satisfaction: a link emailed at the resolution (a chat's rating is asked in its window instead), rated within two days.
  statements.push(`
    INSERT INTO satisfaction_ratings (workspace_id, ticket_id, customer_id, language, offered_at, expires_at, rating, comment, rated_at, created_at, updated_at)
    SELECT '${ws}', p.id, p.customer_id, p.language, p.t_res, p.t_res + interval '30 days', p.rating, NULL, p.t_rated, p.t_res, coalesce(p.t_rated, p.t_res)
    FROM ${schema}.plan p WHERE ${inBatch} AND (p.rating IS NOT NULL OR ${OFFERED})`);
  statements.push(
    event('ticket.satisfaction_offered', `jsonb_build_object('ticketId', p.id, 'customerId', p.customer_id, 'language', p.language, 'offeredAt', ${iso('p.t_res')}, 'expiresAt', ${iso(`(p.t_res + interval '30 days')`)})`, 'p.t_res', OFFERED),
  );
  statements.push(event('ticket.satisfaction_rated', `jsonb_build_object('ticketId', p.id, 'ticketNumber', p.number, 'customerId', p.customer_id, 'rating', p.rating, 'comment', NULL, 'isChange', false)`, 'p.t_rated', 'p.rating IS NOT NULL'));

  // SLA clocks: first response and resolution from creation; running while open, paused while pending or on hold.
  statements.push(`
    INSERT INTO ticket_sla_targets (workspace_id, ticket_id, policy_id, metric, target_minutes, warning_percent, started_at, elapsed_minutes, running_since, due_at, warn_at, warned_at, breached_at, fulfilled_at, created_at)
    SELECT '${ws}', p.id, '${policyId}', 'first_response', p.fr_target, 75, p.created_at,
           CASE WHEN p.t_fr IS NOT NULL THEN extract(epoch FROM p.t_fr - p.created_at) / 60 ELSE 0 END,
           CASE WHEN p.t_fr IS NULL AND p.t_res IS NULL AND p.status IN ('new', 'open') THEN p.created_at END,
           p.fr_due, ${ms(`p.created_at + p.fr_target * 0.75 * interval '1 minute'`)},
           CASE WHEN ${ms(`p.created_at + p.fr_target * 0.75 * interval '1 minute'`)} < coalesce(p.t_fr, ${now}) THEN ${ms(`p.created_at + p.fr_target * 0.75 * interval '1 minute'`)} END,
           p.fr_breached_at, p.t_fr, p.created_at
    FROM ${schema}.plan p WHERE ${inBatch} AND (p.t_fr IS NOT NULL OR p.status IN ('new', 'open'))`);
  statements.push(`
    INSERT INTO ticket_sla_targets (workspace_id, ticket_id, policy_id, metric, target_minutes, warning_percent, started_at, elapsed_minutes, running_since, due_at, warn_at, warned_at, breached_at, fulfilled_at, created_at)
    SELECT '${ws}', p.id, '${policyId}', 'resolution', p.res_target, 75, p.created_at,
           CASE WHEN p.t_res IS NOT NULL THEN extract(epoch FROM p.t_res - p.created_at) / 60 WHEN p.t_pending IS NOT NULL AND p.t_res IS NULL THEN extract(epoch FROM p.t_pending - p.created_at) / 60 ELSE 0 END,
           CASE WHEN p.t_res IS NULL AND p.status IN ('new', 'open') THEN p.created_at END,
           CASE WHEN p.t_res IS NOT NULL OR p.status IN ('new', 'open') THEN p.res_due END,
           CASE WHEN p.t_res IS NOT NULL OR p.status IN ('new', 'open') THEN ${ms(`p.created_at + p.res_target * 0.75 * interval '1 minute'`)} END,
           CASE WHEN ${ms(`p.created_at + p.res_target * 0.75 * interval '1 minute'`)} < coalesce(p.t_res, p.t_pending, ${now}) THEN ${ms(`p.created_at + p.res_target * 0.75 * interval '1 minute'`)} END,
           p.res_breached_at, p.t_res, p.created_at
    FROM ${schema}.plan p WHERE ${inBatch}`);
  const breach = (metric: string, column: string, target: string, due: string) =>
    event('sla.breached', `jsonb_build_object('ticketId', p.id, 'ticketNumber', p.number, 'metric', '${metric}', 'targetMinutes', ${target}, 'dueAt', ${iso(due)}, 'policyId', '${policyId}')`, column, `${column} IS NOT NULL`);
  statements.push(breach('first_response', 'p.fr_breached_at', 'p.fr_target', 'p.fr_due'));
  statements.push(breach('resolution', 'p.res_breached_at', 'p.res_target', 'p.res_due'));
  return statements;
}

async function inParallel<T>(items: T[], parallelism: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(parallelism, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
