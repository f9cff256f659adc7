import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import type { Services } from '../../services.js';
import { AppError, WorkspaceErrorCode } from '../../shared/errors.js';
import type { Role } from '../auth/permissions.js';
import type { TIERS } from '../customers/customers.schema.js';
import { KnowledgeBaseRepository } from '../knowledge-base/knowledge-base.repository.js';
import { slugify } from '../knowledge-base/knowledge-base.service.js';
import type { CHANNELS, PRIORITIES, TICKET_TYPES } from '../tickets/tickets.schema.js';
import {
  AGENT_ACKNOWLEDGEMENTS,
  AGENT_HOLDS,
  AGENT_QUESTIONS,
  APP_VERSIONS,
  AREA_CODES,
  BROWSERS,
  CANNED_RESPONSES,
  CUSTOMER_DETAILS,
  CUSTOMER_NUDGES,
  CUSTOMER_THANKS,
  DEVICES,
  FIRST_NAMES,
  GREETINGS,
  INTERNAL_NOTES,
  LAST_NAMES,
  ORGANIZATIONS,
  PERSONAL_DOMAINS,
  PLAN_NAMES,
  TICKET_TEMPLATES,
  TIER_LABELS,
  type Bilingual,
  type TicketTemplate,
  type DemoCategory,
  type DemoLanguage,
} from './demo.content.js';
import { seedDemoBotHistory } from './demo.bot.js';
import { writeDemoCommunity } from './demo.community.js';
import { writeDemoPortalAccount } from './demo.portal.js';
import { KB_CATEGORIES, KB_SYNONYMS } from './demo.knowledge-base.js';
import { createSeededRandom, type SeededRandom } from './demo.random.js';
import { DemoRepository, type CommentTimeline, type CustomerTimeline, type TicketTimeline } from './demo.repository.js';

export const DEMO_LOGIN = { workspace: 'demo', email: 'admin@demo.switchboard.test', password: 'switchboard-demo' } as const;

/** Change it and every name, subject and date offset of the demo changes with it. */
const DEMO_SEED = 20_261_123;
const HISTORY_DAYS = 90;
const TICKET_COUNT = 400;
const CUSTOMERS_PER_LANGUAGE: Record<DemoLanguage, number> = { fr: 28, en: 32 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type StaffKey = 'admin' | 'manager' | 'emilie' | 'liam' | 'nathalie' | 'marcus';
type AgentKey = Extract<StaffKey, 'emilie' | 'liam' | 'nathalie' | 'marcus'>;
type TeamKey = 'support' | 'billing';
type Tier = (typeof TIERS)[number];
type Priority = (typeof PRIORITIES)[number];
type Channel = (typeof CHANNELS)[number];
type TicketType = (typeof TICKET_TYPES)[number];
type FinalStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'resolved' | 'closed';

interface StaffMember {
  email: string;
  name: string;
  role: Extract<Role, 'admin' | 'manager' | 'agent'>;
  language: DemoLanguage;
}

const STAFF: Record<StaffKey, StaffMember> = {
  admin: { email: DEMO_LOGIN.email, name: 'Alex Morgan', role: 'admin', language: 'en' },
  manager: { email: 'isabelle@demo.switchboard.test', name: 'Isabelle Gagnon', role: 'manager', language: 'fr' },
  emilie: { email: 'emilie@demo.switchboard.test', name: 'Émilie Tremblay', role: 'agent', language: 'fr' },
  liam: { email: 'liam@demo.switchboard.test', name: 'Liam Walsh', role: 'agent', language: 'en' },
  nathalie: { email: 'nathalie@demo.switchboard.test', name: 'Nathalie Côté', role: 'agent', language: 'fr' },
  marcus: { email: 'marcus@demo.switchboard.test', name: 'Marcus Reid', role: 'agent', language: 'en' },
};

/** Each team has a French- and an English-speaking agent, so every ticket can be answered in its language. */
const TEAMS: Record<TeamKey, { name: string; members: AgentKey[] }> = {
  support: { name: 'Support', members: ['liam', 'emilie'] },
  billing: { name: 'Billing', members: ['marcus', 'nathalie'] },
};

// The messaging apps' own channels come with connected accounts; the demo's app messages stay under `messaging`.
const CHANNEL_WEIGHTS: Record<Channel, number> = { email: 34, chat: 20, web: 15, phone: 12, messaging: 8, api: 6, social: 5, whatsapp: 0, messenger: 0, telegram: 0, sms: 0 };

/** Creates the demo workspace on first start; returns whether it did. */
export async function ensureDemoWorkspace(services: Services): Promise<boolean> {
  if (await services.workspaces.findBySlug(DEMO_LOGIN.workspace)) return false;
  try {
    await seedDemo(services);
    return true;
  } catch (error) {
    // Another node starting at the same moment seeded it first: the demo exists, which is all we wanted.
    if (error instanceof AppError && error.code === WorkspaceErrorCode.SlugTaken) return false;
    throw error;
  }
}

/**
 * The demo workspace: staff, teams, customers and 90 days of tickets with their conversations, written
 * through the services (so every rule, search document, notification and event applies), and a help center
 * in both languages, in one transaction, so a failed seed leaves nothing behind and the next start tries again.
 */
export async function seedDemo(services: Services): Promise<{ workspaceId: string }> {
  const now = services.clock.now();
  const plan = planDemo(createSeededRandom(DEMO_SEED), now);
  // A generator of its own, so the help center can change without reshuffling the tickets.
  const helpCenter = planKnowledgeBase(createSeededRandom(DEMO_SEED + 2), now);
  const seeded = await services.db.transaction(async (tx) => {
    const workspace = await services.workspaces.create(tx, { slug: DEMO_LOGIN.workspace, name: 'Demo', plan: 'enterprise' });
    const workspaceId = workspace.id;
    const staffIds = await createStaff(services, tx, workspaceId);
    const teamIds = {} as Record<TeamKey, string>;
    for (const [key, team] of Object.entries(TEAMS) as Array<[TeamKey, (typeof TEAMS)[TeamKey]]>) {
      teamIds[key] = (await services.users.createTeam(tx, workspaceId, team.name, team.members.map((member) => staffIds[member]))).id;
    }
    await services.cannedResponses.insertShared(tx, workspaceId, CANNED_RESPONSES);
    // English articles by the admin, their French translations by the manager.
    await writeKnowledgeBase(tx, workspaceId, { en: staffIds.admin, fr: staffIds.manager }, helpCenter, now);
    // Routing from now on (the seeded past is not routed): billing questions to Billing (live chats stay with whoever
    // is online, as the chat queue hands them), each team giving its tickets to the least-loaded agent online; the
    // agents' languages as skills.
    await services.routing.insertSetup(tx, workspaceId, {
      teams: [
        { teamId: teamIds.support, strategy: 'least_loaded' },
        { teamId: teamIds.billing, strategy: 'least_loaded' },
      ],
      agents: (Object.keys(STAFF) as StaffKey[])
        .filter((key) => STAFF[key].role === 'agent')
        .map((key) => ({ userId: staffIds[key], ticketCapacity: 15, skills: [{ skill: STAFF[key].language === 'fr' ? 'french' : 'english', level: 5 }] })),
      rules: [
        {
          name: 'Billing questions to Billing',
          conditions: {
            all: [
              { field: 'ticket.channel', operator: 'not_in', value: ['chat'] },
              {
                any: [
                  { field: 'ticket.category', operator: 'equals', value: 'billing' },
                  { field: 'text', operator: 'contains_any', value: ['invoice', 'refund', 'billing', 'payment', 'charged', 'facture', 'remboursement', 'paiement', 'facturation'] },
                ],
              },
            ],
          },
          teamId: teamIds.billing,
          requiredSkills: [],
        },
      ],
    });

    const customerIds: string[] = [];
    for (const customer of plan.customers) {
      const row = await services.customers.createInTransaction(tx, workspaceId, {
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        language: customer.language,
        tier: customer.tier,
        organization: customer.organization,
      });
      customerIds.push(row.id);
    }
    // The community forums: the demo's customers asking each other, the agents stepping in.
    const customersByLanguage = { en: [] as string[], fr: [] as string[] };
    plan.customers.forEach((customer, index) => customersByLanguage[customer.language].push(customerIds[index]!));
    await writeDemoCommunity(tx, workspaceId, customersByLanguage, { liam: staffIds.liam, emilie: staffIds.emilie, nathalie: staffIds.nathalie, marcus: staffIds.marcus }, now);

    const ticketTimelines: TicketTimeline[] = [];
    const commentTimelines: CommentTimeline[] = [];
    for (const ticket of plan.tickets) {
      const written = await writeTicket(services, tx, { workspaceId, staffIds, teamIds, customerId: customerIds[ticket.customerIndex]! }, ticket);
      ticketTimelines.push(written.ticket);
      commentTimelines.push(...written.comments);
    }

    // The customer portal: one of these customers signs in with a known password and finds their tickets.
    await writeDemoPortalAccount(services, tx, workspaceId, plan.customers.map((customer, index) => ({ id: customerIds[index]!, language: customer.language })), plan.tickets);

    // Satisfaction: solved tickets' customers get the survey link by email (chats ask in their window), and answer
    // about two times in five, mostly happy, within a day of the resolution.
    const surveys = planSatisfactionSurveys(createSeededRandom(DEMO_SEED + 3), plan.tickets, ticketTimelines, now);
    for (const survey of surveys) {
      const ticket = plan.tickets[survey.index]!;
      const customerId = customerIds[ticket.customerIndex]!;
      if (ticket.channel === 'chat') await services.satisfaction.rateInChat(tx, { workspaceId, ticketId: survey.ticketId, customerId, language: ticket.language, rating: survey.rating!, comment: null });
      else await services.satisfaction.offer(tx, { workspaceId, ticketId: survey.ticketId, customerId, language: ticket.language, offeredAt: survey.offeredAt });
    }

    const repository = new DemoRepository();
    await repository.backdateSatisfactionSurveys(tx, workspaceId, surveys);
    await repository.backdateCustomers(tx, workspaceId, customerTimelines(plan, customerIds, now));
    await repository.backdateTickets(tx, workspaceId, ticketTimelines);
    await repository.backdateActivities(tx, workspaceId, ticketTimelines);
    await repository.backdateComments(tx, workspaceId, commentTimelines);
    await repository.backdateNotifications(tx, workspaceId, new Date(now.getTime() - 2 * DAY));
    // SLA clocks as the 90 days would have left them (before the events are marked as dispatched: the breaches
    // of the past are not announced).
    // The demo's team works to round-the-clock targets that suit its pace (the defaults are a tighter starting point).
    await services.sla.createDefaultPolicy(tx, workspaceId, DEMO_SLA_TARGETS);
    await services.sla.replayHistory(tx, workspaceId);
    // Analytics folded from the same history, as the dispatch would have (the events are marked dispatched next).
    await services.analytics.rebuild(workspaceId, tx);
    await repository.markEventsDispatched(tx, workspaceId);
    // The bot answers first in the chat widget, and asks for an order number too before a person takes over (most
    // demo customers write about orders).
    await services.bot.applySettings(tx, workspaceId, { isEnabled: true, handoffFields: ['name', 'email', 'order_number'] });
    return { workspaceId };
  });
  // The 90 days happened before the shipped time rules existed: they act on what happens from now on, not on the
  // seeded past (no wave of closes, reminders and escalations on the first sweep).
  await services.automations.adoptHistory(seeded.workspaceId);
  // Two weeks of questions to the bot, asked through it once its help center is committed.
  await seedDemoBotHistory(services, seeded.workspaceId, now);
  return seeded;
}

const DEMO_SLA_TARGETS = {
  urgent: { firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 24 * 60 },
  high: { firstResponseMinutes: 4 * 60, nextResponseMinutes: 4 * 60, resolutionMinutes: 2 * 24 * 60 },
  normal: { firstResponseMinutes: 8 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60 },
  low: { firstResponseMinutes: 16 * 60, nextResponseMinutes: 16 * 60, resolutionMinutes: 5 * 24 * 60 },
};

interface WriteContext {
  workspaceId: string;
  staffIds: Record<StaffKey, string>;
  teamIds: Record<TeamKey, string>;
  customerId: string;
}

/** One ticket's story, step by step through the services: arrival, dispatch, conversation, final status. */
async function writeTicket(services: Services, tx: Executor, context: WriteContext, ticket: TicketPlan): Promise<{ ticket: TicketTimeline; comments: CommentTimeline[] }> {
  const { workspaceId, staffIds, customerId } = context;
  const assigneeId = ticket.assignee ? staffIds[ticket.assignee] : null;
  const teamId = ticket.team ? context.teamIds[ticket.team] : null;
  const isAssignedOnCreation = ticket.assignment === 'on_creation';
  let row = await services.tickets.createInTransaction(
    tx,
    { workspaceId, userId: ticket.openedByAssignee ? assigneeId : null },
    {
      subject: ticket.subject,
      description: ticket.description,
      status: isAssignedOnCreation ? 'open' : 'new',
      priority: ticket.priority,
      type: ticket.type,
      category: ticket.category,
      tags: ticket.tags,
      channel: ticket.channel,
      language: ticket.language,
      customerId,
      teamId,
      assigneeId: isAssignedOnCreation ? assigneeId : null,
      dueAt: ticket.dueAt?.toISOString() ?? null,
      collaboratorIds: ticket.collaborators.map((key) => staffIds[key]),
    },
    ticket.channel,
  );
  if (ticket.assignment === 'dispatched') {
    row = await services.tickets.applyChanges(tx, { workspaceId, userId: staffIds.manager }, row, { assigneeId, teamId, status: 'open' });
  }
  const comments: CommentTimeline[] = [];
  for (const message of ticket.messages) {
    const author = message.author === 'customer'
      ? { workspaceId, type: 'customer' as const, customerId }
      : { workspaceId, type: 'user' as const, userId: assigneeId };
    const comment = await services.comments.createInTransaction(tx, author, row.id, {
      body: message.body,
      isPublic: message.author !== 'note',
      attachmentIds: [],
      mentionUserIds: [],
    });
    comments.push({ commentId: comment.id, createdAt: message.at });
  }
  if (ticket.status !== 'new' && ticket.status !== 'open') {
    row = await services.tickets.applyChanges(tx, { workspaceId, userId: assigneeId }, row, { status: ticket.status });
  }
  return {
    ticket: {
      ticketId: row.id,
      createdAt: ticket.createdAt,
      assignedAt: ticket.assignedAt,
      statusChangedAt: ticket.statusChangedAt,
      resolvedAt: ticket.resolvedAt,
      closedAt: ticket.closedAt,
      updatedAt: ticket.updatedAt,
    },
    comments,
  };
}

/**
 * The help center: categories and sections, then every article and its first version in one statement each (the
 * articles are written as they stand, no change to replay), and the synonyms. Written through the knowledge base's
 * repository rather than its service, as the seed's past dates and reader counts are no caller's to give.
 */
async function writeKnowledgeBase(tx: Executor, workspaceId: string, authorIds: Record<DemoLanguage, string>, articles: KbArticlePlan[], now: Date): Promise<void> {
  const repository = new KnowledgeBaseRepository();
  const setUpAt = new Date(now.getTime() - HISTORY_DAYS * DAY);
  const sectionIds = new Map<string, string>();
  for (const [position, category] of KB_CATEGORIES.entries()) {
    const { id: categoryId } = await repository.insertCategory(tx, {
      workspaceId,
      nameEn: category.name.en,
      nameFr: category.name.fr,
      slug: category.slug,
      position,
      icon: category.icon,
      createdAt: setUpAt,
      updatedAt: setUpAt,
    });
    for (const [sectionPosition, section] of category.sections.entries()) {
      const row = await repository.insertSection(tx, {
        workspaceId,
        categoryId,
        nameEn: section.name.en,
        nameFr: section.name.fr,
        slug: section.slug,
        position: sectionPosition,
        createdAt: setUpAt,
        updatedAt: setUpAt,
      });
      sectionIds.set(section.slug, row.id);
    }
  }
  const groupIds = new Map<number, string>();
  const rows = articles.map((article) => {
    if (!groupIds.has(article.group)) groupIds.set(article.group, randomUUID());
    return {
      id: randomUUID(),
      workspaceId,
      sectionId: sectionIds.get(article.sectionSlug)!,
      language: article.language,
      translationGroupId: groupIds.get(article.group)!,
      title: article.title,
      slug: article.slug,
      body: article.body,
      status: article.status,
      publishedAt: article.status === 'published' ? article.createdAt : null,
      visibility: article.visibility,
      tags: article.tags,
      version: 1,
      viewCount: article.viewCount,
      helpfulYes: article.helpfulYes,
      helpfulNo: article.helpfulNo,
      authorId: authorIds[article.language],
      createdAt: article.createdAt,
      updatedAt: article.createdAt,
    };
  });
  await repository.insertArticles(tx, rows);
  await repository.insertVersions(
    tx,
    rows.map((row) => ({ workspaceId, articleId: row.id, number: 1, title: row.title, body: row.body, tags: row.tags, status: row.status, authorId: row.authorId, createdAt: row.createdAt })),
  );
  await repository.replaceSynonymGroups(tx, workspaceId, KB_SYNONYMS);
}

async function createStaff(services: Services, tx: Executor, workspaceId: string): Promise<Record<StaffKey, string>> {
  const ids = {} as Record<StaffKey, string>;
  // One after the other: each user's audit entry chains onto the previous one.
  for (const [key, member] of Object.entries(STAFF) as Array<[StaffKey, StaffMember]>) {
    const user = await services.users.create(tx, workspaceId, { ...member, password: DEMO_LOGIN.password }, null);
    ids[key] = user.id;
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------
// The plan: everything the demo contains, decided up front from the seeded generator and the current time.

interface CustomerPlan {
  name: string;
  firstName: string;
  email: string;
  phone: string | null;
  language: DemoLanguage;
  tier: Tier;
  organization: string | null;
}

interface MessagePlan {
  author: 'customer' | 'agent' | 'note';
  body: string;
  at: Date;
}

interface TicketPlan {
  customerIndex: number;
  language: DemoLanguage;
  category: DemoCategory;
  subject: string;
  description: string;
  type: TicketType;
  tags: string[];
  priority: Priority;
  channel: Channel;
  status: FinalStatus;
  team: TeamKey | null;
  assignee: AgentKey | null;
  /**
   * Most tickets reach their agent as they arrive (a call is opened by the agent who took it); some wait
   * in the queue until the manager dispatches them.
   */
  assignment: 'none' | 'on_creation' | 'dispatched';
  openedByAssignee: boolean;
  /** When the manager dispatched it; null otherwise. */
  assignedAt: Date | null;
  collaborators: StaffKey[];
  dueAt: Date | null;
  messages: MessagePlan[];
  createdAt: Date;
  statusChangedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

interface KbArticlePlan {
  sectionSlug: string;
  /** The same number for an English article and its French translation. */
  group: number;
  language: DemoLanguage;
  title: string;
  slug: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published';
  visibility: 'public' | 'internal';
  createdAt: Date;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
}

/** Which solved tickets the customer rated, how, and when (after the resolution, before now). */
interface SatisfactionSurveyPlan {
  index: number;
  ticketId: string;
  offeredAt: Date;
  /** The answer, or null for a link left unanswered (chats appear only when rated: they ask in the window). */
  rating: number | null;
  ratedAt: Date | null;
}

function planSatisfactionSurveys(random: SeededRandom, tickets: TicketPlan[], timelines: TicketTimeline[], now: Date): SatisfactionSurveyPlan[] {
  const surveys: SatisfactionSurveyPlan[] = [];
  tickets.forEach((ticket, index) => {
    if (!ticket.resolvedAt) return;
    const isAnswered = random.chance(ticket.channel === 'chat' ? 0.35 : 0.4);
    const roll = random.next();
    const rating = roll < 0.55 ? 5 : roll < 0.8 ? 4 : roll < 0.9 ? 3 : roll < 0.96 ? 2 : 1;
    const ratedAt = new Date(Math.min(ticket.resolvedAt.getTime() + (1 + random.next() * 20) * HOUR, now.getTime() - HOUR));
    if (ticket.channel === 'chat' && !isAnswered) return;
    surveys.push({ index, ticketId: timelines[index]!.ticketId, offeredAt: ticket.resolvedAt, rating: isAnswered ? rating : null, ratedAt: isAnswered ? ratedAt : null });
  });
  return surveys;
}

interface DemoPlan {
  customers: CustomerPlan[];
  tickets: TicketPlan[];
}

export function planDemo(random: SeededRandom, now: Date): DemoPlan {
  const customers = planCustomers(random);
  const customerWeights = customers.map((customer) => ({ free: 1, paid: 1.6, enterprise: 2.6, vip: 2.2 })[customer.tier]);
  const tickets = planCreationTimes(random, now).map((createdAt) => {
    const customerIndex = pickIndexByWeight(random, customerWeights);
    return planTicket(random, now, createdAt, customerIndex, customers[customerIndex]!);
  });
  return { customers, tickets };
}

/**
 * Each article as the help center's history would have left it: written in English some weeks ago (drafts
 * lately), translated within a day or two, and read since then in proportion to its age and its popularity
 * (a little less in French, as fewer customers write in French), with about one reader in ten answering
 * "was this helpful?". Internal articles are read by the agents alone, and drafts by nobody.
 */
export function planKnowledgeBase(random: SeededRandom, now: Date): KbArticlePlan[] {
  const articles: KbArticlePlan[] = [];
  let group = 0;
  for (const category of KB_CATEGORIES) {
    for (const section of category.sections) {
      for (const article of section.articles) {
        const isDraft = article.status === 'draft';
        const writtenAt = now.getTime() - (isDraft ? random.integer(3, 12) : random.integer(20, HISTORY_DAYS - 2)) * DAY - random.integer(0, 8 * 3600) * 1000;
        const translatedAt = writtenAt + random.integer(2, 36) * HOUR + random.integer(0, 3599) * 1000;
        for (const language of ['en', 'fr'] as const) {
          const createdAt = new Date(language === 'en' ? writtenAt : translatedAt);
          const days = (now.getTime() - createdAt.getTime()) / DAY;
          let viewCount = 0;
          let helpfulYes = 0;
          let helpfulNo = 0;
          if (!isDraft && article.visibility === 'internal') {
            viewCount = Math.round(days * (0.2 + random.next() * 0.4));
          } else if (!isDraft) {
            viewCount = Math.round(days * (article.popularity ?? 1) * (language === 'en' ? 1 : 0.8) * (1.5 + random.next() * 3));
            helpfulYes = Math.round(viewCount * (0.05 + random.next() * 0.07));
            helpfulNo = Math.round(viewCount * (0.005 + random.next() * 0.025));
          }
          articles.push({
            sectionSlug: section.slug,
            group,
            language,
            title: article.title[language],
            slug: slugify(article.title[language]),
            body: article.body[language],
            tags: article.tags,
            status: isDraft ? 'draft' : 'published',
            visibility: article.visibility ?? 'public',
            createdAt,
            viewCount,
            helpfulYes,
            helpfulNo,
          });
        }
        group += 1;
      }
    }
  }
  return articles;
}

function planCustomers(random: SeededRandom): CustomerPlan[] {
  const customers: CustomerPlan[] = [];
  for (const language of ['fr', 'en'] as const) {
    const firstNames = random.shuffle(FIRST_NAMES[language]);
    const lastNames = random.shuffle(LAST_NAMES[language]);
    const organizations = ORGANIZATIONS.filter((organization) => organization.language === language);
    for (let index = 0; index < CUSTOMERS_PER_LANGUAGE[language]; index += 1) {
      const firstName = firstNames[index]!;
      const lastName = lastNames[index]!;
      // Every organization gets at least one contact; after that, about a quarter write as individuals.
      const organization = index < organizations.length ? organizations[index]! : random.chance(0.62) ? random.pick(organizations) : null;
      const tier: Tier = organization ? organization.tier : random.weighted({ free: 70, paid: 22, vip: 8 });
      const email = organization
        ? `${asciiHandle(firstName)}.${asciiHandle(lastName)}@${organization.domain}`
        : `${asciiHandle(firstName)}${random.chance(0.5) ? '.' : ''}${asciiHandle(lastName)}@${random.pick(PERSONAL_DOMAINS[language])}`;
      customers.push({
        name: `${firstName} ${lastName}`,
        firstName,
        email,
        phone: random.chance(0.55) ? `+1 ${random.pick(AREA_CODES[language])} 555-01${String(random.integer(0, 99)).padStart(2, '0')}` : null,
        language,
        tier,
        organization: organization?.name ?? null,
      });
    }
  }
  return customers;
}

/**
 * One ticket on each of the 90 days (so charts have no holes), the rest weighted toward weekdays and a
 * gently growing volume, at hours that follow a Montréal office day. Sorted, so ticket numbers follow time.
 */
function planCreationTimes(random: SeededRandom, now: Date): Date[] {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayWeights = Array.from({ length: HISTORY_DAYS }, (_, daysAgo) => {
    const weekday = new Date(todayStart - daysAgo * DAY).getUTCDay();
    return (weekday === 0 ? 0.3 : weekday === 6 ? 0.4 : 1) * (0.8 + 0.4 * (1 - daysAgo / (HISTORY_DAYS - 1)));
  });
  // UTC hours: 12–22 is 8:00–18:00 in Montréal.
  const hourWeights = Array.from({ length: 24 }, (_, hour) => (hour >= 13 && hour <= 21 ? 10 : hour === 12 || hour === 22 ? 5 : hour <= 3 || hour === 23 ? 1.5 : 0.4));
  const latest = now.getTime() - 15 * 60_000;
  const times: number[] = [];
  for (let index = 0; index < TICKET_COUNT; index += 1) {
    const daysAgo = index < HISTORY_DAYS ? index : pickIndexByWeight(random, dayWeights);
    const dayStart = todayStart - daysAgo * DAY;
    let time = dayStart + pickIndexByWeight(random, hourWeights) * HOUR + random.integer(0, 3_599) * 1000;
    if (time > latest) time = dayStart + Math.floor(random.next() * Math.max(0, latest - dayStart));
    times.push(time);
  }
  return times.sort((a, b) => a - b).map((time) => new Date(time));
}

/** Recent tickets are still being worked; older ones are mostly settled, with a few left behind in the queues. */
function chooseStatus(random: SeededRandom, ageDays: number): FinalStatus {
  if (ageDays < 1) return random.weighted({ new: 40, open: 35, pending: 14, on_hold: 3, resolved: 8 });
  if (ageDays < 3) return random.weighted({ new: 12, open: 30, pending: 22, on_hold: 8, resolved: 28 });
  if (ageDays < 8) return random.weighted({ new: 4, open: 20, pending: 16, on_hold: 8, resolved: 52 });
  if (ageDays < 21) return random.weighted({ new: 2, open: 8, pending: 7, on_hold: 5, resolved: 33, closed: 45 });
  return random.weighted({ open: 3, pending: 2, on_hold: 2, resolved: 15, closed: 78 });
}

type MessageKind = 'ack' | 'question' | 'resolution' | 'hold' | 'details' | 'nudge' | 'thanks' | 'note';

/**
 * The conversations that lead to each status (one is picked at random); the ticket's description is the
 * customer's first message. Repeated entries are likelier: most tickets are settled in one or two replies.
 */
const SETTLED: MessageKind[][] = [
  ['resolution'],
  ['resolution'],
  ['resolution', 'thanks'],
  ['resolution', 'thanks'],
  ['question', 'details', 'resolution'],
  ['ack', 'nudge', 'resolution'],
  ['question', 'details', 'resolution', 'thanks'],
  ['ack', 'details', 'question', 'details', 'resolution'],
];
const CONVERSATIONS: Record<FinalStatus, MessageKind[][]> = {
  new: [['nudge']],
  open: [['ack', 'details'], ['nudge'], ['question', 'details'], ['ack', 'nudge', 'question', 'details']],
  pending: [['question'], ['question'], ['ack', 'details', 'question'], ['question', 'details', 'question']],
  on_hold: [['ack', 'note', 'hold'], ['question', 'details', 'note', 'hold']],
  resolved: SETTLED,
  closed: SETTLED,
};

const FIRST_RESPONSE_HOURS: Record<Priority, [number, number]> = { urgent: [0.2, 1], high: [0.5, 4], normal: [1, 12], low: [3, 30] };

function planTicket(random: SeededRandom, now: Date, createdAt: Date, customerIndex: number, customer: CustomerPlan): TicketPlan {
  const language = customer.language;
  const template = random.pick(TICKET_TEMPLATES);
  const status = chooseStatus(random, (now.getTime() - createdAt.getTime()) / DAY);
  const type = random.pick(template.types);
  const isImportantCustomer = customer.tier === 'enterprise' || customer.tier === 'vip';
  const priority: Priority = type === 'compliment'
    ? 'low'
    : random.weighted(isImportantCustomer || type === 'incident' ? { low: 8, normal: 40, high: 34, urgent: 18 } : { low: 22, normal: 52, high: 20, urgent: 6 });
  const channel = random.weighted(CHANNEL_WEIGHTS);
  const team: TeamKey | null = status === 'new' && random.chance(0.5) ? null : template.category === 'billing' ? 'billing' : 'support';
  const teamMembers = TEAMS[team ?? (template.category === 'billing' ? 'billing' : 'support')].members;
  const speaksLanguage = teamMembers.find((member) => STAFF[member].language === language) ?? teamMembers[0]!;
  const assignee: AgentKey | null = status === 'new' ? null : random.chance(0.8) ? speaksLanguage : random.pick(teamMembers);
  const assignment = assignee === null ? 'none' : channel !== 'phone' && random.chance(0.3) ? 'dispatched' : 'on_creation';
  const vars = ticketVariables(random, language, customer, createdAt, assignee);
  const story: Story = { template, customer, assignee, vars };

  // The story's clock, as offsets from creation; squeezed below if it would run past now.
  const [fastest, slowest] = FIRST_RESPONSE_HOURS[priority];
  const firstResponse = (fastest + random.next() * (slowest - fastest)) * HOUR;
  let clock = 0;
  let assignedAt: number | null = null;
  if (assignment === 'dispatched') assignedAt = firstResponse * (0.3 + random.next() * 0.6);
  const kinds = [...random.pick(CONVERSATIONS[status])];
  if (status !== 'new' && status !== 'on_hold' && kinds.length < 5 && random.chance(0.15)) {
    const agentTurns = kinds.flatMap((kind, index) => (kind === 'question' || kind === 'resolution' || kind === 'ack' ? [index] : []));
    kinds.splice(agentTurns.at(-1) ?? 0, 0, 'note');
  }
  const messages: Array<{ author: MessagePlan['author']; body: string; offset: number }> = [];
  let hasAgentSpoken = false;
  const saidAlready = new Set<string>();
  let resolvedOffset: number | null = null;
  let statusChangedOffset: number | null = null;
  for (const kind of kinds) {
    if (kind === 'details' || kind === 'nudge' || kind === 'thanks') clock += (1 + random.next() * 25) * HOUR;
    else if (kind === 'note') clock += (5 + random.next() * 55) * 60_000;
    else clock = hasAgentSpoken ? clock + (0.3 + random.next() * 7.7) * HOUR : Math.max(clock, firstResponse);
    if (kind !== 'note' && kind !== 'details' && kind !== 'nudge' && kind !== 'thanks') hasAgentSpoken = true;
    let body = messageBody(random, kind, story);
    for (let attempt = 0; attempt < 3 && saidAlready.has(body); attempt += 1) body = messageBody(random, kind, story);
    saidAlready.add(body);
    messages.push({ author: authorOf(kind), body, offset: clock });
    if (kind === 'resolution') resolvedOffset = clock + 2 * 60_000;
    if ((kind === 'question' && status === 'pending') || (kind === 'hold' && status === 'on_hold')) statusChangedOffset = clock + 60_000;
  }
  // Closed tickets were closed by their agent once the customer had the answer (after their thanks, if they
  // wrote back); resolved ones still wait for the customer to confirm.
  let closedOffset: number | null = null;
  if (status === 'closed' && resolvedOffset !== null) {
    closedOffset = kinds.at(-1) === 'thanks' ? clock + (10 + random.next() * 110) * 60_000 : resolvedOffset;
    resolvedOffset = closedOffset;
  }
  const lastOffset = Math.max(clock, assignedAt ?? 0, resolvedOffset ?? 0, statusChangedOffset ?? 0, closedOffset ?? 0);
  const room = now.getTime() - 2 * 60_000 - createdAt.getTime();
  // A squeezed story ends a little before now, not exactly at it, so recent tickets don't all share one instant.
  const squeeze = lastOffset > room ? (Math.max(0, room) * (0.55 + random.next() * 0.4)) / lastOffset : 1;
  const at = (offset: number | null) => (offset === null ? null : new Date(createdAt.getTime() + Math.round(offset * squeeze)));

  const isDone = status === 'resolved' || status === 'closed';
  const dueAt = !isDone && (priority === 'urgent' || priority === 'high')
    ? new Date(createdAt.getTime() + (priority === 'urgent' ? 8 * HOUR : 2 * DAY))
    : null;
  const tags = [...template.tags, ...(customer.tier === 'vip' ? ['vip'] : []), ...(status === 'on_hold' ? ['escalated'] : [])];
  const plannedMessages = messages.map((message) => ({ author: message.author, body: message.body, at: at(message.offset)! }));
  const times = [createdAt, at(assignedAt), at(statusChangedOffset), at(resolvedOffset), at(closedOffset), ...plannedMessages.map((message) => message.at)];
  return {
    customerIndex,
    language,
    category: template.category,
    subject: fill(template.subject[language], vars),
    description: fill(template.description[language], vars),
    type,
    tags,
    priority,
    channel,
    status,
    team,
    assignee,
    assignment,
    openedByAssignee: assignee !== null && channel === 'phone',
    assignedAt: at(assignedAt),
    collaborators: priority === 'urgent' && isImportantCustomer ? ['manager'] : [],
    dueAt,
    messages: plannedMessages,
    createdAt,
    statusChangedAt: at(statusChangedOffset),
    resolvedAt: isDone ? at(resolvedOffset) : null,
    closedAt: at(closedOffset),
    updatedAt: new Date(Math.max(...times.filter((time): time is Date => time !== null).map((time) => time.getTime()))),
  };
}

function authorOf(kind: MessageKind): MessagePlan['author'] {
  if (kind === 'note') return 'note';
  return kind === 'details' || kind === 'nudge' || kind === 'thanks' ? 'customer' : 'agent';
}

interface Story {
  template: TicketTemplate;
  customer: CustomerPlan;
  /** Every message of a ticket has an agent: only new tickets, whose messages are the customer's, have none. */
  assignee: AgentKey | null;
  vars: Record<string, string>;
}

function messageBody(random: SeededRandom, kind: MessageKind, story: Story): string {
  const { template, vars } = story;
  const { language } = story.customer;
  const category = template.category;
  const text = (choices: Bilingual[]) => fill(random.pick(choices)[language], vars);
  const reply = (choices: Bilingual[]) => {
    const greeting = GREETINGS[language];
    return fill(`${greeting.hello}\n\n${random.pick(choices)[language]}\n\n${greeting.signOff}`, vars);
  };
  switch (kind) {
    case 'ack':
      return reply(AGENT_ACKNOWLEDGEMENTS[category]);
    case 'question':
      return reply(AGENT_QUESTIONS[category]);
    case 'resolution':
      return reply([template.resolution]);
    case 'hold':
      return reply(AGENT_HOLDS);
    case 'details':
      return text(CUSTOMER_DETAILS[category]);
    case 'nudge':
      return text(CUSTOMER_NUDGES);
    case 'thanks':
      return text(CUSTOMER_THANKS);
    case 'note': {
      // A note is written in its author's language, and may mention a colleague: the manager or another agent.
      const authorLanguage = story.assignee ? STAFF[story.assignee].language : language;
      const colleague = random.pick((['manager', 'emilie', 'liam', 'nathalie', 'marcus'] as const).filter((key) => key !== story.assignee));
      const noteVars = { ...vars, handle: STAFF[colleague].email.split('@')[0]!, tier: TIER_LABELS[story.customer.tier][authorLanguage] };
      return fill(random.pick(INTERNAL_NOTES)[authorLanguage], noteVars);
    }
  }
}

function ticketVariables(random: SeededRandom, language: DemoLanguage, customer: CustomerPlan, createdAt: Date, assignee: AgentKey | null): Record<string, string> {
  const amount = random.pick([49, 79, 129, 149, 249, 399, 588, 1188]);
  const earlier = new Date(createdAt.getTime() - random.integer(3, 20) * DAY);
  const colleagueFirst = random.pick(FIRST_NAMES[language].filter((name) => name !== customer.firstName));
  return {
    first: customer.firstName,
    agent: assignee ? STAFF[assignee].name.split(' ')[0]! : language === 'fr' ? 'L’équipe de soutien' : 'The support team',
    invoice: `INV-${createdAt.getUTCFullYear()}-${random.integer(1000, 9999)}`,
    amount: language === 'fr' ? `${amount},00 $` : `$${amount}.00`,
    plan: random.pick(PLAN_NAMES[language]),
    date: earlier.toLocaleDateString(language === 'fr' ? 'fr-CA' : 'en-CA', { month: 'long', day: 'numeric', timeZone: 'America/Toronto' }),
    device: random.pick(DEVICES),
    browser: random.pick(BROWSERS),
    version: random.pick(APP_VERSIONS),
    requestId: `req_${random.integer(0, 0xffffff).toString(16).padStart(6, '0')}${random.integer(0, 0xffffff).toString(16).padStart(6, '0')}`,
    colleague: `${colleagueFirst} ${random.pick(LAST_NAMES[language])}`,
    last4: String(random.integer(1000, 9999)),
    reference: `TRX-${random.integer(10_000_000, 99_999_999)}`,
    email: customer.email,
    count: String(random.integer(3, 40)),
    tier: TIER_LABELS[customer.tier][language],
  };
}

/** Customers were on file for a while before their first ticket. */
function customerTimelines(plan: DemoPlan, customerIds: string[], now: Date): CustomerTimeline[] {
  const random = createSeededRandom(DEMO_SEED + 1);
  return customerIds.map((customerId, index) => {
    const first = plan.tickets.find((ticket) => ticket.customerIndex === index)?.createdAt ?? now;
    return { customerId, createdAt: new Date(first.getTime() - random.integer(3, 300) * DAY - random.integer(0, 86_399) * 1000) };
  });
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, key: string) => vars[key] ?? placeholder);
}

/** A name as it appears in an address: accents dropped, lower case, letters, digits and dashes only. */
function asciiHandle(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function pickIndexByWeight(random: SeededRandom, weights: number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return index;
  }
  return weights.length - 1;
}
