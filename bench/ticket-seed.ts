import {
  CATEGORIES,
  ENGLISH_RARE_SENTENCE,
  ENGLISH_SENTENCES,
  ENGLISH_SUBJECT_OBJECTS,
  ENGLISH_SUBJECT_OPENINGS,
  FIRST_NAMES,
  FRENCH_RARE_SENTENCE,
  FRENCH_SENTENCES,
  FRENCH_SUBJECT_OBJECTS,
  FRENCH_SUBJECT_OPENINGS,
  LAST_NAMES,
  PRODUCT_NAMES,
  sqlTextArray,
  TAGS,
} from './ticket-corpus.js';

/** Runs one SQL statement and returns its rows; `parallelism` says how many may run at once. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  parallelism: number;
}

export interface SeedOptions {
  workspaceId: string;
  tickets: number;
  batchSize?: number;
  onProgress?: (message: string) => void;
}

export interface SeedResult {
  tickets: number;
  customers: number;
  agentIds: string[];
  teamIds: string[];
  seconds: { people: number; tickets: number; indexes: number; analyze: number; total: number };
}

export const AGENT_COUNT = 25;
export const TEAM_NAMES = ['Billing', 'Technical', 'Shipping', 'Accounts', 'Enterprise'];

/**
 * Ids derived from the workspace and an ordinal, so ticket rows can point at people without a join. The
 * version and variant digits are set so they are well-formed version 4 UUIDs, as the API's schemas require.
 */
const derivedId = (workspaceId: string, kind: string, ordinal: string) =>
  `overlay(overlay(md5('${workspaceId}:${kind}:' || (${ordinal})) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Fills a workspace with agents, teams, customers and tickets using set-based SQL (INSERT … SELECT over
 * generate_series, in batches). The tickets' secondary indexes are dropped during the load and rebuilt from
 * their own definitions afterwards, which is how a bulk import is done and leaves them as compact as a
 * long-lived table's. Ticket rows carry the search vector the application writes (same expression as
 * TicketsRepository.insert), are spread over the past 90 days in creation order, and are numbered from the
 * workspace's next ticket number, which is moved past them.
 */
export async function seedWorkspace(runner: SqlRunner, options: SeedOptions): Promise<SeedResult> {
  const { workspaceId, tickets } = options;
  const batchSize = options.batchSize ?? 50_000;
  const log = options.onProgress ?? (() => {});
  const customerCount = Math.max(1000, Math.round(tickets / 5));
  const started = performance.now();

  await runner.query(`
    INSERT INTO users (id, workspace_id, email, name, role, language)
    SELECT ${derivedId(workspaceId, 'agent', 'k')}, '${workspaceId}', 'agent' || k || '@bench.switchboard.test', 'Agent ' || k, 'agent',
           CASE WHEN k % 3 = 0 THEN 'fr' ELSE 'en' END
    FROM generate_series(1, ${AGENT_COUNT}) AS k`);
  await runner.query(`
    INSERT INTO teams (id, workspace_id, name)
    SELECT ${derivedId(workspaceId, 'team', 'k')}, '${workspaceId}', (${sqlTextArray(TEAM_NAMES)})[k]
    FROM generate_series(1, ${TEAM_NAMES.length}) AS k`);
  await runner.query(`
    INSERT INTO team_members (workspace_id, team_id, user_id)
    SELECT '${workspaceId}', ${derivedId(workspaceId, 'team', `1 + (k - 1) % ${TEAM_NAMES.length}`)}, ${derivedId(workspaceId, 'agent', 'k')}
    FROM generate_series(1, ${AGENT_COUNT}) AS k`);
  for (let from = 1; from <= customerCount; from += batchSize * 4) {
    const to = Math.min(customerCount, from + batchSize * 4 - 1);
    await runner.query(customerBatchSql(workspaceId, from, to));
  }
  await runner.query(`INSERT INTO customer_emails (workspace_id, email, customer_id) SELECT workspace_id, email, id FROM customers WHERE workspace_id = '${workspaceId}' AND email IS NOT NULL`);
  const peopleDone = performance.now();
  log(`${AGENT_COUNT} agents, ${TEAM_NAMES.length} teams, ${customerCount} customers in ${seconds(started, peopleDone)} s`);

  const [workspace] = await runner.query<{ next: number }>(`SELECT next_ticket_number AS next FROM workspaces WHERE id = '${workspaceId}'`);
  const firstNumber = Number(workspace!.next);
  const indexes = await runner.query<{ name: string; definition: string }>(`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE schemaname = 'public' AND tablename = 'tickets'
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'public.tickets'::regclass)`);
  for (const index of indexes) await runner.query(`DROP INDEX "${index.name}"`);

  const batches: Array<[number, number]> = [];
  for (let from = 1; from <= tickets; from += batchSize) batches.push([from, Math.min(tickets, from + batchSize - 1)]);
  let inserted = 0;
  await inParallel(batches, runner.parallelism, async ([from, to]) => {
    await runner.query(ticketBatchSql({ workspaceId, from, to, total: tickets, firstNumber, customerCount }));
    inserted += to - from + 1;
    log(`  ${inserted.toLocaleString('en-US')} / ${tickets.toLocaleString('en-US')} tickets (${seconds(peopleDone, performance.now())} s)`);
  });
  await runner.query(`UPDATE workspaces SET next_ticket_number = ${firstNumber + tickets} WHERE id = '${workspaceId}'`);
  const ticketsDone = performance.now();

  // Largest indexes first, so the two builds that run together finish close to each other.
  const order = ['tickets_search', 'tickets_subject_trgm', 'tickets_tags'];
  const sorted = [...indexes].sort((a, b) => rankOf(order, a.name) - rankOf(order, b.name));
  await inParallel(sorted, runner.parallelism, async (index) => {
    await runner.query(index.definition);
  });
  const indexesDone = performance.now();
  log(`${indexes.length} ticket indexes rebuilt in ${seconds(ticketsDone, indexesDone)} s`);

  await runner.query('VACUUM ANALYZE tickets');
  await runner.query('ANALYZE');
  const finished = performance.now();
  const agentIds = await runner.query<{ id: string }>(`SELECT id FROM users WHERE workspace_id = '${workspaceId}' AND role = 'agent' ORDER BY email`);
  const teamIds = await runner.query<{ id: string }>(`SELECT id FROM teams WHERE workspace_id = '${workspaceId}' ORDER BY name`);
  return {
    tickets,
    customers: customerCount,
    agentIds: agentIds.map((row) => row.id),
    teamIds: teamIds.map((row) => row.id),
    seconds: {
      people: seconds(started, peopleDone),
      tickets: seconds(peopleDone, ticketsDone),
      indexes: seconds(ticketsDone, indexesDone),
      analyze: seconds(indexesDone, finished),
      total: seconds(started, finished),
    },
  };
}

function customerBatchSql(workspaceId: string, from: number, to: number): string {
  return `
    INSERT INTO customers (id, workspace_id, name, email, emails, language, tier, organization, created_at, updated_at)
    SELECT ${derivedId(workspaceId, 'customer', 'k')}, '${workspaceId}', first_name || ' ' || last_name, email, ARRAY[email], language, tier, organization, created_at, created_at
    FROM (
      SELECT k, first_name, last_name, language, tier, organization, created_at,
             lower(switchboard_unaccent(first_name || '.' || last_name)) || '.' || k || '@' || domain AS email
      FROM (
        SELECT k,
               (${sqlTextArray(FIRST_NAMES)})[1 + floor(random() * ${FIRST_NAMES.length})::int] AS first_name,
               (${sqlTextArray(LAST_NAMES)})[1 + floor(random() * ${LAST_NAMES.length})::int] AS last_name,
               (ARRAY['example.com', 'example.org', 'exemple.ca', 'example.net'])[1 + floor(random() * 4)::int] AS domain,
               CASE WHEN random() < 0.3 THEN 'fr' ELSE 'en' END AS language,
               (ARRAY['free', 'free', 'free', 'pro', 'pro', 'enterprise'])[1 + floor(random() * 6)::int] AS tier,
               CASE WHEN random() < 0.4 THEN (ARRAY['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'])[1 + floor(random() * 8)::int] END AS organization,
               now() - interval '400 days' * random() AS created_at
        FROM generate_series(${from}, ${to}) AS k
      ) AS drawn
    ) AS people`;
}

interface TicketBatch {
  workspaceId: string;
  from: number;
  to: number;
  total: number;
  firstNumber: number;
  customerCount: number;
}

/** The SQL twin of makeTicketText (ticket-corpus.ts), plus the ticket's state, people and dates. */
function ticketBatchSql({ workspaceId, from, to, total, firstNumber, customerCount }: TicketBatch): string {
  const pick = (items: readonly string[], draw: string) => `(${sqlTextArray(items)})[1 + floor(${draw} * ${items.length})::int]`;
  const ticketTypes = ['question', 'incident', 'problem', 'task', 'complaint', 'request', 'compliment'];
  const channels = `CASE WHEN r_channel < 0.45 THEN 'email' WHEN r_channel < 0.65 THEN 'chat' WHEN r_channel < 0.80 THEN 'web' WHEN r_channel < 0.90 THEN 'phone' WHEN r_channel < 0.95 THEN 'api' WHEN r_channel < 0.98 THEN 'messaging' ELSE 'social' END`;
  return `
    INSERT INTO tickets (workspace_id, number, subject, description, status, status_category, priority, type, category, tags, due_at,
                         assignee_id, team_id, customer_id, channel, language, search_vector, created_at, updated_at, resolved_at, closed_at)
    SELECT '${workspaceId}', ${firstNumber - 1} + i, subject, description, status, status, priority, type, category, tags, due_at,
           CASE WHEN status = 'new' OR r_assignee < 0.1 THEN NULL ELSE ${derivedId(workspaceId, 'agent', `1 + floor(r_agent * ${AGENT_COUNT})::int`)} END,
           CASE WHEN r_team < 0.1 THEN NULL ELSE ${derivedId(workspaceId, 'team', `1 + floor(r_team_pick * ${TEAM_NAMES.length})::int`)} END,
           ${derivedId(workspaceId, 'customer', `1 + floor(r_customer * ${customerCount})::int`)},
           channel, language,
           setweight(switchboard_search_vector(subject), 'A') || switchboard_search_vector(description),
           created_at, greatest(updated_at, resolved_at), resolved_at, CASE WHEN status = 'closed' THEN resolved_at END
    FROM (
      SELECT *,
             CASE WHEN is_english THEN 'en' ELSE 'fr' END AS language,
             CASE WHEN is_english
               THEN ${pick(ENGLISH_SUBJECT_OPENINGS, 'r_opening')} || ' ' || CASE WHEN product IS NOT NULL AND r_subject_product < 0.5 THEN product ELSE ${pick(ENGLISH_SUBJECT_OBJECTS, 'r_object')} END
               ELSE ${pick(FRENCH_SUBJECT_OPENINGS, 'r_opening')} || ' ' || CASE WHEN product IS NOT NULL AND r_subject_product < 0.5 THEN product ELSE ${pick(FRENCH_SUBJECT_OBJECTS, 'r_object')} END
             END AS subject,
             CASE WHEN is_english
               THEN ${pick(ENGLISH_SENTENCES, 'r_sentence_1')} || ' ' || ${pick(ENGLISH_SENTENCES, 'r_sentence_2')}
                    || CASE WHEN r_third < 0.5 THEN ' ' || ${pick(ENGLISH_SENTENCES, 'r_sentence_3')} ELSE '' END
                    || CASE WHEN product IS NOT NULL THEN ' This is about my ' || product || '.' ELSE '' END
                    || CASE WHEN r_order < 0.5 THEN ' My order number is ' || order_number || '.' ELSE '' END
                    || CASE WHEN r_rare < 0.001 THEN ' ${ENGLISH_RARE_SENTENCE.replaceAll("'", "''")}' ELSE '' END
               ELSE ${pick(FRENCH_SENTENCES, 'r_sentence_1')} || ' ' || ${pick(FRENCH_SENTENCES, 'r_sentence_2')}
                    || CASE WHEN r_third < 0.5 THEN ' ' || ${pick(FRENCH_SENTENCES, 'r_sentence_3')} ELSE '' END
                    || CASE WHEN product IS NOT NULL THEN ' Il s''agit de mon ' || product || '.' ELSE '' END
                    || CASE WHEN r_order < 0.5 THEN ' Mon numéro de commande est ' || order_number || '.' ELSE '' END
                    || CASE WHEN r_rare < 0.001 THEN ' ${FRENCH_RARE_SENTENCE.replaceAll("'", "''")}' ELSE '' END
             END AS description,
             CASE WHEN is_recent
               THEN CASE WHEN r_status < 0.15 THEN 'new' WHEN r_status < 0.50 THEN 'open' WHEN r_status < 0.65 THEN 'pending' WHEN r_status < 0.70 THEN 'on_hold' WHEN r_status < 0.90 THEN 'resolved' ELSE 'closed' END
               ELSE CASE WHEN r_status < 0.02 THEN 'new' WHEN r_status < 0.07 THEN 'open' WHEN r_status < 0.12 THEN 'pending' WHEN r_status < 0.15 THEN 'on_hold' WHEN r_status < 0.55 THEN 'resolved' ELSE 'closed' END
             END AS status,
             CASE WHEN r_priority < 0.20 THEN 'low' WHEN r_priority < 0.70 THEN 'normal' WHEN r_priority < 0.92 THEN 'high' ELSE 'urgent' END AS priority,
             CASE WHEN r_type < 0.2 THEN NULL ELSE ${pick(ticketTypes, '((r_type - 0.2) / 0.8)')} END AS type,
             CASE WHEN r_category < 0.3 THEN NULL ELSE ${pick(CATEGORIES, '((r_category - 0.3) / 0.7)')} END AS category,
             CASE WHEN r_tags < 0.5 THEN '{}'::text[]
                  WHEN r_tags < 0.85 THEN ARRAY[(${sqlTextArray(TAGS)})[1 + tag_index]]
                  ELSE ARRAY[(${sqlTextArray(TAGS)})[1 + tag_index], (${sqlTextArray(TAGS)})[1 + (tag_index + 1 + floor(r_tag_2 * ${TAGS.length - 1})::int) % ${TAGS.length}]]
             END AS tags,
             CASE WHEN r_due < 0.3 THEN created_at + interval '1 day' * (1 + floor(r_due * 20)) END AS due_at,
             ${channels} AS channel,
             least(now(), created_at + interval '3 days' * r_updated) AS updated_at,
             CASE WHEN (is_recent AND r_status >= 0.70) OR (NOT is_recent AND r_status >= 0.15) THEN least(now(), created_at + interval '5 days' * r_resolved) END AS resolved_at
      FROM (
        SELECT i,
               random() < 0.7 AS is_english,
               CASE WHEN random() < 0.6 THEN ${pick(PRODUCT_NAMES, 'random()')} END AS product,
               1000000 + ((i::bigint * 7919) % 9000000) AS order_number,
               now() - interval '90 days' * (1 - (i - random()) / ${total}) AS created_at,
               (1 - i::float8 / ${total}) * 90 < 14 AS is_recent,
               random() AS r_opening, random() AS r_object, random() AS r_subject_product,
               random() AS r_sentence_1, random() AS r_sentence_2, random() AS r_sentence_3, random() AS r_third,
               random() AS r_order, random() AS r_rare, random() AS r_status, random() AS r_priority, random() AS r_type,
               random() AS r_category, random() AS r_tags, floor(random() * ${TAGS.length})::int AS tag_index, random() AS r_tag_2,
               random() AS r_due, random() AS r_channel, random() AS r_updated, random() AS r_resolved,
               random() AS r_assignee, random() AS r_agent, random() AS r_team, random() AS r_team_pick, random() AS r_customer
        FROM generate_series(${from}, ${to}) AS i
      ) AS drawn
    ) AS shaped`;
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

function rankOf(order: string[], name: string): number {
  const rank = order.indexOf(name);
  return rank === -1 ? order.length : rank;
}

function seconds(from: number, to: number): number {
  return Math.round((to - from) / 100) / 10;
}
