import { createClient, type SwitchboardClient } from '@switchboard/sdk';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/harness.js';
import { queryRows } from '../../db/database.js';
import { createSeededRandom } from './demo.random.js';
import { DEMO_BOT_CONVERSATIONS } from './demo.bot.js';
import { DEMO_LOGIN, ensureDemoWorkspace, planDemo, planKnowledgeBase } from './demo.seed.js';
import { DEMO_PORTAL_LOGIN } from './demo.portal.js';

interface User { id: string; email: string; role: string; teamIds: string[] }
interface Team { id: string; name: string; memberIds: string[] }
interface Customer { id: string; email: string | null; phone: string | null; language: string; tier: string; organization: string | null }
interface Ticket {
  id: string;
  number: number;
  subject: string;
  statusCategory: string;
  priority: string;
  channel: string;
  language: string;
  customerId: string | null;
  assigneeId: string | null;
  teamId: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

interface KbArticle {
  id: string;
  sectionId: string;
  language: string;
  translationGroupId: string;
  title: string;
  status: string;
  visibility: string;
  tags: string[];
  version: number;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
  publishedAt: string | null;
  createdAt: string;
}
interface KbSearchResult { id: string; title: string; language: string; visibility: string }

const DAY = 86_400_000;

describe('demo workspace', () => {
  let server: TestServer;
  let wasCreated: boolean;
  let signIn: { status: number; body: { user?: { role: string }; workspace?: { slug: string } } };
  let admin: SwitchboardClient;
  let workspaceId: string;

  beforeAll(async () => {
    server = await startTestServer();
    wasCreated = await ensureDemoWorkspace(server.services);
    const response = await server.client.post<typeof signIn.body>('/api/v1/auth/login', { ...DEMO_LOGIN });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    signIn = { status: response.status, body: response.body };
    admin = createClient({ baseUrl: server.url, ...(cookie ? { cookie } : {}) });
    workspaceId = (await server.services.workspaces.findBySlug(DEMO_LOGIN.workspace))!.id;
  });
  afterAll(() => server.close());

  it('the demo admin signs in with the login the server prints', () => {
    expect(wasCreated).toBe(true);
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ user: { role: 'admin' }, workspace: { slug: 'demo' } });
  });

  it('has one admin, one manager and four agents, the agents in two teams of two', async () => {
    const users = await admin.listAll<User>('/api/v1/users', { limit: 200 });
    expect(users.map((user) => user.role).sort()).toEqual(['admin', 'agent', 'agent', 'agent', 'agent', 'manager']);
    expect(users.every((user) => user.email.endsWith('@demo.switchboard.test'))).toBe(true);

    const teams = await admin.listAll<Team>('/api/v1/teams', { limit: 200 });
    expect(teams).toHaveLength(2);
    const agentIds = users.filter((user) => user.role === 'agent').map((user) => user.id);
    for (const team of teams) {
      expect(team.memberIds).toHaveLength(2);
      expect(team.memberIds.every((id) => agentIds.includes(id))).toBe(true);
    }
    expect(new Set(teams.flatMap((team) => team.memberIds)).size).toBe(4);
  });

  it('has 60 customers writing in English and French, on every tier, some with a phone or an organization', async () => {
    const customers = await admin.listAll<Customer>('/api/v1/customers', { limit: 200 });
    expect(customers).toHaveLength(60);
    expect(new Set(customers.map((customer) => customer.language))).toEqual(new Set(['en', 'fr']));
    expect(new Set(customers.map((customer) => customer.tier))).toEqual(new Set(['free', 'paid', 'enterprise', 'vip']));
    expect(customers.every((customer) => customer.email)).toBe(true);
    expect(customers.some((customer) => customer.phone)).toBe(true);
    expect(customers.some((customer) => customer.phone === null)).toBe(true);
    expect(customers.some((customer) => customer.organization)).toBe(true);
  });

  it('has 400 tickets over the last 90 days, in every status, channel and priority, each in its customer’s language', async () => {
    const [tickets, customers, users] = await Promise.all([
      admin.listAll<Ticket>('/api/v1/tickets', { limit: 200 }),
      admin.listAll<Customer>('/api/v1/customers', { limit: 200 }),
      admin.listAll<User>('/api/v1/users', { limit: 200 }),
    ]);
    expect(tickets).toHaveLength(400);
    const now = Date.now();
    const created = tickets.map((ticket) => Date.parse(ticket.createdAt));
    expect(Math.min(...created)).toBeGreaterThan(now - 90 * DAY);
    expect(Math.max(...created)).toBeLessThanOrEqual(now);
    expect(new Set(tickets.map((ticket) => ticket.createdAt.slice(0, 10))).size).toBeGreaterThanOrEqual(80);

    expect(new Set(tickets.map((ticket) => ticket.statusCategory))).toEqual(new Set(['new', 'open', 'pending', 'on_hold', 'resolved', 'closed']));
    expect(new Set(tickets.map((ticket) => ticket.channel))).toEqual(new Set(['email', 'chat', 'phone', 'web', 'api', 'messaging', 'social']));
    expect(new Set(tickets.map((ticket) => ticket.priority))).toEqual(new Set(['low', 'normal', 'high', 'urgent']));
    expect(new Set(tickets.map((ticket) => ticket.language))).toEqual(new Set(['en', 'fr']));

    const languageOf = new Map(customers.map((customer) => [customer.id, customer.language]));
    const agentIds = new Set(users.filter((user) => user.role === 'agent').map((user) => user.id));
    for (const ticket of tickets) {
      expect(ticket.language).toBe(languageOf.get(ticket.customerId!));
      expect(ticket.subject).not.toMatch(/[{}]/);
      const isDone = ticket.statusCategory === 'resolved' || ticket.statusCategory === 'closed';
      expect(ticket.resolvedAt !== null).toBe(isDone);
      expect(ticket.closedAt !== null).toBe(ticket.statusCategory === 'closed');
      if (ticket.resolvedAt) expect(Date.parse(ticket.resolvedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.createdAt));
      if (ticket.closedAt) expect(Date.parse(ticket.closedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.resolvedAt!));
      expect(Date.parse(ticket.updatedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.createdAt));
      if (ticket.statusCategory === 'new') expect(ticket.assigneeId).toBeNull();
      else expect(agentIds.has(ticket.assigneeId!)).toBe(true);
    }
    // Ticket numbers follow time, as they would have if the tickets had really arrived one by one.
    const byNumber = [...tickets].sort((a, b) => a.number - b.number);
    expect(byNumber.map((ticket) => ticket.createdAt)).toEqual([...byNumber.map((ticket) => ticket.createdAt)].sort());
  });

  it('gives every ticket a conversation of customer messages, agent replies, internal notes and a few mentions', async () => {
    const perTicket = await queryRows<{ comments: number; earliest: string | null; latest: string | null; created: string }>(
      server.services.db,
      sql`SELECT count(c.id)::int AS comments, min(c.created_at) AS earliest, max(c.created_at) AS latest, t.created_at AS created
          FROM tickets t LEFT JOIN comments c ON c.ticket_id = t.id
          WHERE t.workspace_id = ${workspaceId} GROUP BY t.id, t.created_at`,
    );
    expect(perTicket).toHaveLength(400);
    for (const ticket of perTicket) {
      expect(ticket.comments).toBeGreaterThanOrEqual(1);
      expect(ticket.comments).toBeLessThanOrEqual(5);
      expect(new Date(ticket.earliest!).getTime()).toBeGreaterThanOrEqual(new Date(ticket.created).getTime());
      expect(new Date(ticket.latest!).getTime()).toBeLessThanOrEqual(Date.now());
    }

    const kinds = await queryRows<{ author_type: string; is_public: boolean; mentions: number; count: number }>(
      server.services.db,
      sql`SELECT author_type, is_public, count(*) FILTER (WHERE cardinality(mentioned_user_ids) > 0)::int AS mentions, count(*)::int AS count
          FROM comments WHERE workspace_id = ${workspaceId} GROUP BY author_type, is_public`,
    );
    const find = (authorType: string, isPublic: boolean) => kinds.find((row) => row.author_type === authorType && row.is_public === isPublic);
    expect(find('customer', true)?.count).toBeGreaterThan(100);
    expect(find('user', true)?.count).toBeGreaterThan(100);
    expect(find('user', false)?.count).toBeGreaterThan(10);
    expect(find('user', false)?.mentions).toBeGreaterThan(0);

    const [ticket] = (await admin.get<{ data: Ticket[] }>('/api/v1/tickets', { statusCategory: 'closed', limit: 1 })).body.data;
    const comments = await admin.get<{ data: Array<{ authorType: string; createdAt: string }> }>(`/api/v1/tickets/${ticket!.id}/comments`);
    expect(comments.status).toBe(200);
    expect(comments.body.data.length).toBeGreaterThanOrEqual(1);
    expect(comments.body.data.every((comment) => Date.parse(comment.createdAt) < Date.now() - DAY)).toBe(true);

    // The timeline tells the same story as the ticket's dates.
    const activity = await admin.get<{ data: Array<{ action: string; createdAt: string; changes: Array<{ field: string; to: unknown }> }> }>(`/api/v1/tickets/${ticket!.id}/activity`);
    expect(activity.status).toBe(200);
    expect(activity.body.data.find((entry) => entry.action === 'created')?.createdAt).toBe(ticket!.createdAt);
    const closing = activity.body.data.find((entry) => entry.changes.some((change) => change.field === 'status' && change.to === 'closed'));
    expect(closing?.createdAt).toBe(ticket!.closedAt);
  });

  it('search finds demo tickets in French and in English', async () => {
    const french = await admin.get<{ data: Ticket[] }>('/api/v1/search', { q: 'remboursement', limit: 100 });
    expect(french.status).toBe(200);
    expect(french.body.data.length).toBeGreaterThan(0);
    expect(french.body.data.every((ticket) => ticket.language === 'fr')).toBe(true);

    const english = await admin.get<{ data: Ticket[] }>('/api/v1/search', { q: 'refund', limit: 100 });
    expect(english.status).toBe(200);
    expect(english.body.data.length).toBeGreaterThan(0);
    expect(english.body.data.every((ticket) => ticket.language === 'en')).toBe(true);
  });

  it('has a help center: five categories of two sections, every English article translated into French', async () => {
    const categories = (await admin.get<{ data: Array<{ id: string; nameEn: string; nameFr: string }> }>('/api/v1/kb/categories')).body.data;
    expect(categories.map((category) => category.nameEn)).toEqual(['Billing', 'Account', 'Orders and shipping', 'Technical', 'Security']);
    expect(categories.map((category) => category.nameFr)).toEqual(['Facturation', 'Compte', 'Commandes et livraison', 'Soutien technique', 'Sécurité']);
    const sections = (await admin.get<{ data: Array<{ id: string; categoryId: string }> }>('/api/v1/kb/sections')).body.data;
    for (const category of categories) expect(sections.filter((section) => section.categoryId === category.id)).toHaveLength(2);

    const articles = await admin.listAll<KbArticle>('/api/v1/kb/articles', { limit: 100 });
    const english = articles.filter((article) => article.language === 'en');
    expect(english.length).toBeGreaterThanOrEqual(40);
    expect(articles).toHaveLength(english.length * 2);
    const sectionIds = new Set(sections.map((section) => section.id));
    for (const article of english) {
      const french = articles.find((other) => other.translationGroupId === article.translationGroupId && other.language === 'fr');
      expect(french, article.title).toBeDefined();
      expect(french!.title).not.toBe(article.title);
      expect(french).toMatchObject({ sectionId: article.sectionId, status: article.status, visibility: article.visibility });
    }
    expect(articles.every((article) => sectionIds.has(article.sectionId) && article.version === 1 && article.tags.length > 0)).toBe(true);

    // Mostly published public articles, a few agent-only procedures and drafts; readers' counts where readers are.
    const internal = english.filter((article) => article.visibility === 'internal');
    const drafts = english.filter((article) => article.status === 'draft');
    expect(internal.length).toBeGreaterThanOrEqual(2);
    expect(internal.map((article) => article.title)).toContain('Refund approval procedure');
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    expect(drafts.every((article) => article.publishedAt === null && article.viewCount === 0)).toBe(true);
    const published = articles.filter((article) => article.status === 'published' && article.visibility === 'public');
    expect(published.length).toBeGreaterThan(70);
    expect(published.every((article) => article.viewCount > 0 && article.helpfulYes >= article.helpfulNo && Date.parse(article.publishedAt!) < Date.now())).toBe(true);
    expect(new Set(published.map((article) => article.viewCount)).size).toBeGreaterThan(50);

    // Each article starts at its first version, by the admin in English and the manager in French.
    const [versions] = await queryRows<{ count: number; authors: number }>(
      server.services.db,
      sql`SELECT count(*)::int AS count, count(DISTINCT author_id)::int AS authors FROM kb_article_versions WHERE workspace_id = ${workspaceId} AND number = 1`,
    );
    expect(versions).toEqual({ count: articles.length, authors: 2 });
  });

  it('the help center search finds French words, typos and synonyms, the right article first', async () => {
    const search = async (q: string, language?: string) => {
      const response = await admin.get<{ data: KbSearchResult[] }>('/api/v1/kb/search', { q, includeInternal: 'false', ...(language ? { language } : {}) });
      expect(response.status).toBe(200);
      return response.body.data;
    };
    const french = await search('remboursement');
    expect(french[0]).toMatchObject({ title: 'Notre politique de remboursement', language: 'fr' });
    expect(french.every((result) => result.visibility === 'public')).toBe(true);
    expect((await search('pasword reset'))[0]).toMatchObject({ title: 'Reset your password', language: 'en' });
    expect((await search('money back', 'en'))[0]).toMatchObject({ title: 'Our refund policy' });
    expect((await search('adresse électronique', 'fr')).map((result) => result.title)).toContain('Changer l’adresse courriel de connexion');
    // Staff also find the agent-only procedures.
    const staff = await admin.get<{ data: KbSearchResult[] }>('/api/v1/kb/search', { q: 'refund approval', language: 'en' });
    expect(staff.body.data[0]).toMatchObject({ title: 'Refund approval procedure', visibility: 'internal' });
  });

  it('has community forums in both languages: customers’ topics with replies and votes, agents answering, an accepted answer and a locked topic', async () => {
    interface Topic { id: string; number: number; language: string; status: string; voteScore: number; replyCount: number; acceptedReplyId: string | null; author: { kind: string; customerId: string | null } }
    interface Reply { id: string; author: { kind: string }; voteScore: number; isAccepted: boolean }
    const categories = (await admin.get<{ data: Array<{ nameEn: string; nameFr: string; topicCount: number }> }>('/api/v1/community/categories')).body.data;
    expect(categories.map((category) => category.nameFr)).toEqual(['Paiements et terminaux', 'Imprimantes et matériel', 'Commandes et inventaire', 'Idées et suggestions']);
    const topics = (await admin.get<{ data: Topic[] }>('/api/v1/community/topics', { limit: 50 })).body.data;
    expect(topics.length).toBeGreaterThanOrEqual(6);
    expect(topics.filter((topic) => topic.language === 'fr').length).toBeGreaterThanOrEqual(3);
    expect(topics.filter((topic) => topic.language === 'en').length).toBeGreaterThanOrEqual(3);
    expect(topics.filter((topic) => topic.status === 'locked')).toHaveLength(1);
    expect(topics.some((topic) => topic.acceptedReplyId !== null)).toBe(true);
    const customers = await admin.listAll<Customer>('/api/v1/customers', { limit: 100 });
    for (const topic of topics) {
      const author = customers.find((customer) => customer.id === topic.author.customerId);
      expect(author?.language, `topic ${topic.number}`).toBe(topic.language);
      const detail = (await admin.get<Topic & { replies: Reply[] }>(`/api/v1/community/topics/${topic.id}`)).body;
      expect(detail.replies.length).toBeGreaterThanOrEqual(2);
      expect(detail.replyCount).toBe(detail.replies.length);
      expect(detail.replies.some((reply) => reply.author.kind === 'staff')).toBe(true);
      expect(detail.voteScore).toBeGreaterThan(0);
    }
    const answered = topics.find((topic) => topic.language === 'fr' && topic.acceptedReplyId !== null)!;
    const page = await fetch(new URL(`/help/${DEMO_LOGIN.workspace}/fr/community/topics/${answered.number}`, server.url));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h2 id="accepted-title">Réponse acceptée</h2>');
    expect(html).toContain('<span class="badge staff">Équipe</span>');
  });

  it('has a customer who signs in to the portal with the login the server prints, and finds their tickets there', async () => {
    const form = new URLSearchParams({ email: DEMO_PORTAL_LOGIN.email, password: DEMO_PORTAL_LOGIN.password }).toString();
    const headers = { host: 'demo.test', origin: 'http://demo.test', 'content-type': 'application/x-www-form-urlencoded' };
    const signedIn = await server.app.inject({ method: 'POST', url: `/help/${DEMO_LOGIN.workspace}/sign-in`, headers, payload: form });
    expect(signedIn.statusCode).toBe(303);
    const cookie = signedIn.cookies.find((item) => item.name === 'sb_portal')!;
    const page = await server.app.inject({ method: 'GET', url: `/help/${DEMO_LOGIN.workspace}/tickets`, headers: { host: 'demo.test', cookie: `sb_portal=${cookie.value}` } });
    expect(page.statusCode).toBe(200);
    expect((page.body.match(/<tr><td><a href=/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('the history it writes is not announced: no event waits to go out to webhooks', async () => {
    const [pending] = await queryRows<{ count: number }>(
      server.services.db,
      sql`SELECT count(*)::int AS count FROM outbox_events WHERE workspace_id = ${workspaceId} AND dispatched_at IS NULL`,
    );
    expect(pending!.count).toBe(0);
  });

  it('the shipped time rules leave the seeded past alone: the first sweep closes, reminds and escalates nothing', async () => {
    const snapshot = async () =>
      queryRows<{ id: string; status: string; priority: string; tags: string[]; comments: number }>(
        server.services.db,
        sql`SELECT t.id, t.status, t.priority, t.tags, (SELECT count(*) FROM comments c WHERE c.ticket_id = t.id)::int AS comments
            FROM tickets t WHERE t.workspace_id = ${workspaceId} ORDER BY t.id`,
      );
    const before = await snapshot();
    // The demo's past holds what the rules look for: solved for days, pending for days, open for weeks.
    expect(before.filter((ticket) => ticket.status === 'resolved').length).toBeGreaterThan(10);
    const [marked] = await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM automation_runs WHERE workspace_id = ${workspaceId} AND outcome = 'history'`);
    expect(marked!.count).toBeGreaterThan(10);
    expect(await server.services.automations.runTimeRules()).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('routes from now on: both teams least loaded, billing questions to Billing; the seeded past is not routed', async () => {
    const teams = await admin.listAll<Team>('/api/v1/teams', { limit: 200 });
    for (const team of teams) expect((await admin.get<{ strategy: string }>(`/api/v1/routing/teams/${team.id}`)).body.strategy).toBe('least_loaded');
    const rules = (await admin.get<{ data: Array<{ name: string; teamId: string; isActive: boolean }> }>('/api/v1/routing/rules')).body.data;
    expect(rules).toEqual([expect.objectContaining({ name: 'Billing questions to Billing', teamId: teams.find((team) => team.name === 'Billing')!.id, isActive: true })]);
    const [routed] = await queryRows<{ count: number }>(
      server.services.db,
      sql`SELECT count(*)::int AS count FROM ticket_activities a JOIN tickets t ON t.id = a.ticket_id WHERE t.workspace_id = ${workspaceId} AND a.action IN ('routed', 'rerouted', 'overflowed')`,
    );
    expect(routed!.count).toBe(0);
    // Nobody of the teams is online: a sweep assigns nothing.
    expect((await server.services.routing.sweep()).assigned).toBe(0);
  });

  it('open tickets carry the SLA clocks their past gave them; what fell due before now is breached quietly', async () => {
    const [clocks] = await queryRows<{
      openTickets: number;
      withResolutionClock: number;
      breached: number;
      running: number;
      overdueUnflagged: number;
      notifications: number;
      solvedWithClocks: number;
      solvedWithLiveClocks: number;
      solvedLate: number;
    }>(
      server.services.db,
      sql`SELECT
            (SELECT count(*) FROM tickets WHERE workspace_id = ${workspaceId} AND status_category NOT IN ('resolved', 'closed'))::int AS "openTickets",
            (SELECT count(DISTINCT t.ticket_id) FROM ticket_sla_targets t JOIN tickets k ON k.id = t.ticket_id
              WHERE k.workspace_id = ${workspaceId} AND k.status_category NOT IN ('resolved', 'closed') AND t.metric = 'resolution' AND t.fulfilled_at IS NULL AND t.cancelled_at IS NULL)::int AS "withResolutionClock",
            (SELECT count(*) FROM ticket_sla_targets WHERE workspace_id = ${workspaceId} AND breached_at IS NOT NULL)::int AS breached,
            (SELECT count(*) FROM ticket_sla_targets WHERE workspace_id = ${workspaceId} AND running_since IS NOT NULL AND breached_at IS NULL AND due_at > now())::int AS running,
            (SELECT count(*) FROM ticket_sla_targets WHERE workspace_id = ${workspaceId} AND running_since IS NOT NULL AND breached_at IS NULL AND due_at < now() - interval '1 minute')::int AS "overdueUnflagged",
            (SELECT count(*) FROM notifications WHERE workspace_id = ${workspaceId} AND kind IN ('sla_warning', 'sla_breach'))::int AS notifications,
            (SELECT count(DISTINCT t.ticket_id) FROM ticket_sla_targets t JOIN tickets k ON k.id = t.ticket_id
              WHERE k.workspace_id = ${workspaceId} AND k.status_category IN ('resolved', 'closed'))::int AS "solvedWithClocks",
            (SELECT count(*) FROM ticket_sla_targets t JOIN tickets k ON k.id = t.ticket_id
              WHERE k.workspace_id = ${workspaceId} AND k.status_category IN ('resolved', 'closed') AND t.fulfilled_at IS NULL AND t.cancelled_at IS NULL)::int AS "solvedWithLiveClocks",
            (SELECT count(DISTINCT t.ticket_id) FROM ticket_sla_targets t JOIN tickets k ON k.id = t.ticket_id
              WHERE k.workspace_id = ${workspaceId} AND k.status_category IN ('resolved', 'closed') AND t.breached_at IS NOT NULL)::int AS "solvedLate"`,
    );
    expect(clocks!.openTickets).toBeGreaterThan(50);
    expect(clocks!.withResolutionClock).toBe(clocks!.openTickets);
    // Weeks-old open tickets missed their targets long ago; the newest ones are still on time.
    expect(clocks!.breached).toBeGreaterThan(10);
    expect(clocks!.running).toBeGreaterThan(0);
    expect(clocks!).toMatchObject({ overdueUnflagged: 0, notifications: 0, solvedWithLiveClocks: 0 });
    // Solved tickets keep the clocks their story ended, some of them late: the SLA report is not a flat 100%.
    expect(clocks!.solvedWithClocks).toBeGreaterThan(100);
    expect(clocks!.solvedLate).toBeGreaterThan(0);
    const sla = await admin.get<{ totals: { sla_achievement: number; sla_breaches: number } }>('/api/v1/analytics/reports/sla', { from: new Date(Date.now() - 89 * 86_400_000).toISOString() });
    expect(sla.body.totals.sla_achievement).toBeGreaterThan(0.5);
    expect(sla.body.totals.sla_achievement).toBeLessThan(1);
    const atRisk = await admin.get<{ data: Array<{ ticketId: string; state: string }> }>('/api/v1/sla/at-risk', { withinMinutes: 60 });
    expect(atRisk.status).toBe(200);
    expect(atRisk.body.data.length).toBeGreaterThan(0);
  });

  it('has two weeks of questions to the bot, answered and not, in both languages, for its analytics and learning list', async () => {
    const insights = await admin.get<{ totals: { conversations: number; questions: number; answered: number; handoffs: number }; daily: Array<{ questions: number }>; popularTopics: unknown[] }>('/api/v1/bot/insights');
    expect(insights.status).toBe(200);
    expect(insights.body.totals.conversations).toBe(DEMO_BOT_CONVERSATIONS.length);
    expect(insights.body.totals.answered).toBeGreaterThanOrEqual(5);
    expect(insights.body.totals.questions).toBeGreaterThan(insights.body.totals.answered);
    expect(insights.body.totals.handoffs).toBeGreaterThanOrEqual(1);
    expect(insights.body.daily.filter((day) => day.questions > 0).length).toBeGreaterThanOrEqual(10);
    expect(insights.body.popularTopics.length).toBeGreaterThanOrEqual(5);
    const learning = await admin.get<{ data: Array<{ question: string; language: string; count: number }> }>('/api/v1/bot/learning/questions');
    expect(learning.body.data.find((group) => group.question === 'Do you sell gift cards?')).toMatchObject({ language: 'en', count: 2 });
    expect(new Set(learning.body.data.map((group) => group.language))).toEqual(new Set(['en', 'fr']));
  });

  it('starting again does not seed a second time', async () => {
    const count = async () => {
      const [row] = await queryRows<{ users: number; customers: number; tickets: number; comments: number; articles: number; workspaces: number }>(
        server.services.db,
        sql`SELECT (SELECT count(*) FROM users WHERE workspace_id = ${workspaceId})::int AS users,
                   (SELECT count(*) FROM customers WHERE workspace_id = ${workspaceId})::int AS customers,
                   (SELECT count(*) FROM tickets WHERE workspace_id = ${workspaceId})::int AS tickets,
                   (SELECT count(*) FROM comments WHERE workspace_id = ${workspaceId})::int AS comments,
                   (SELECT count(*) FROM kb_articles WHERE workspace_id = ${workspaceId})::int AS articles,
                   (SELECT count(*) FROM workspaces WHERE slug = 'demo')::int AS workspaces`,
      );
      return row;
    };
    const before = await count();
    expect(await ensureDemoWorkspace(server.services)).toBe(false);
    expect(await count()).toEqual(before);
    expect(before).toMatchObject({ users: 6, customers: 60, tickets: 400, articles: 94, workspaces: 1 });
  });

  it('the same seed and the same day plan the same demo, so screenshots stay stable', () => {
    const now = new Date('2026-11-23T15:00:00Z');
    const first = planDemo(createSeededRandom(42), now);
    const second = planDemo(createSeededRandom(42), now);
    expect(second).toEqual(first);
    expect(planDemo(createSeededRandom(43), now).tickets.map((ticket) => ticket.subject)).not.toEqual(first.tickets.map((ticket) => ticket.subject));
    expect(planKnowledgeBase(createSeededRandom(42), now)).toEqual(planKnowledgeBase(createSeededRandom(42), now));
  });

  it('every help center article is a real page: 80 to 250 words in each language, unique titles', () => {
    const articles = planKnowledgeBase(createSeededRandom(1), new Date('2026-11-23T15:00:00Z'));
    for (const article of articles) {
      const words = article.body.split(/\s+/).filter(Boolean).length;
      expect(words, article.title).toBeGreaterThanOrEqual(80);
      expect(words, article.title).toBeLessThanOrEqual(250);
    }
    for (const language of ['en', 'fr']) {
      const slugs = articles.filter((article) => article.language === language).map((article) => article.slug);
      expect(new Set(slugs).size).toBe(slugs.length);
    }
  });
});
