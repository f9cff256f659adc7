import { markSnippet } from '../../shared/snippets.js';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, CommonErrorCode, CommunityErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import { helpCenterPath, nameIn, type HelpCenter } from '../help-center/help-center.service.js';
import type { HelpCenterService } from '../help-center/help-center.service.js';
import { slugify } from '../knowledge-base/knowledge-base.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { renderPostHtml } from './community.markdown.js';
import { type CommunityCategoryRow, type CommunityReplyRow, type CommunityRepository, type CommunityTopicRow } from './community.repository.js';
import {
  MAX_COMMUNITY_SEARCH_QUERY,
  type CommunityLanguage,
  type CommunitySort,
  type TAcceptCommunityReplyRequest,
  type TCommunityAcceptForm,
  type TCommunityAuthor,
  type TCommunityCategory,
  type TCommunityConversion,
  type TCommunityReply,
  type TCommunityReplyForm,
  type TCommunityTopic,
  type TCommunityTopicForm,
  type TCommunityTopicSummary,
  type TCommunityVoteForm,
  type TCreateCommunityCategoryRequest,
  type TListCommunityTopicsQuery,
  type TUpdateCommunityCategoryRequest,
} from './community.schema.js';

/** A signed-in customer of the help center, as the portal knows them: who may post, vote and accept. */
export interface CommunityMember {
  workspaceId: string;
  customerId: string;
  name: string;
}

/** Topics and replies one customer may post in a window: a person's pace, not a flood. */
export const POSTS_PER_ACCOUNT = { max: 10, windowMs: 10 * 60_000 };
export const TOPICS_PER_CATEGORY_PAGE = 20;
const SEARCH_RESULTS = 20;

// ── What the public pages show ────────────────────────────────────────────────────────────────────────────

export interface PublicAuthor {
  kind: 'customer' | 'staff' | 'former';
  /** A customer by first name and initial ("Marie T."), staff by full name. */
  displayName: string;
}

export interface CommunityCategoryView {
  name: string;
  description: string;
  slug: string;
  path: string;
  topicCount: number;
  latestTopic: { title: string; path: string; lastActivityAt: string } | null;
}

export interface TopicListItem {
  number: number;
  title: string;
  path: string;
  author: PublicAuthor;
  status: 'open' | 'locked';
  isAnswered: boolean;
  voteScore: number;
  replyCount: number;
  lastActivityAt: string;
}

export interface TopicSearchResultView {
  title: string;
  path: string;
  categoryName: string;
  isAnswered: boolean;
  replyCount: number;
  voteScore: number;
  /** HTML: escaped text, the words found in `<mark>`. */
  snippetHtml: string;
}

export interface ReplyView {
  id: string;
  author: PublicAuthor;
  bodyHtml: string;
  voteScore: number;
  createdAt: string;
  isAccepted: boolean;
  hasViewerVoted: boolean;
}

export interface TopicView {
  number: number;
  title: string;
  path: string;
  language: CommunityLanguage;
  /** The same topic under the other language's pages (the topic keeps its language; the page around it changes). */
  otherLanguagePath: string;
  author: PublicAuthor;
  bodyHtml: string;
  status: 'open' | 'locked';
  isConverted: boolean;
  voteScore: number;
  createdAt: string;
  category: { name: string; path: string };
  acceptedReply: ReplyView | null;
  /** The other visible replies, oldest first. */
  replies: ReplyView[];
  viewer: { isSignedIn: boolean; isAuthor: boolean; hasVotedTopic: boolean };
}

/** The community's address under the help center: `/help/<workspace>[/fr]/community/…`. */
export function communityPath(workspaceSlug: string, language: CommunityLanguage, ...segments: string[]): string {
  return helpCenterPath(workspaceSlug, language, 'community', ...segments);
}

export function topicPath(workspaceSlug: string, language: CommunityLanguage, topic: Pick<CommunityTopicRow, 'number' | 'slug'>): string {
  return communityPath(workspaceSlug, language, 'topics', topic.slug ? `${topic.number}-${topic.slug}` : String(topic.number));
}

/**
 * Community forums: categories of topics that customers start in the help center, replies by customers and staff,
 * up-votes, the answer a topic's author (or staff) accepts, and moderation by staff: hide with a reason, lock, move,
 * and convert to a private ticket. Staff see everything; the public never sees what is hidden.
 */
export class CommunityService {
  constructor(
    private readonly db: Database,
    private readonly repository: CommunityRepository,
    private readonly workspaces: WorkspacesService,
    private readonly helpCenter: HelpCenterService,
    private readonly customers: CustomersService,
    private readonly users: UsersRepository,
    private readonly tickets: TicketsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly publicBaseUrl: string,
  ) {}

  // ── Categories (staff) ────────────────────────────────────────────────────────────────────────────────

  /** The customer's own topics and replies, hidden ones included, for the data export of the portal. */
  async exportOfCustomer(workspaceId: string, customerId: string) {
    const { topics, replies } = await this.repository.listPostsOfCustomer(this.db, workspaceId, customerId);
    return {
      topics: topics.map((topic) => ({ number: topic.number, title: topic.title, body: topic.body, language: topic.language, isHidden: topic.isHidden, createdAt: topic.createdAt.toISOString() })),
      replies: replies.map((reply) => ({ topicNumber: reply.topicNumber, topicTitle: reply.topicTitle, body: reply.body, isHidden: reply.isHidden, createdAt: reply.createdAt.toISOString() })),
    };
  }

  async listCategories(actor: Actor): Promise<TCommunityCategory[]> {
    return (await this.repository.listCategories(this.db, actor.workspaceId)).map(presentCategory);
  }

  async createCategory(actor: Actor, input: TCreateCommunityCategoryRequest): Promise<TCommunityCategory> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const slug = input.slug ?? (await this.freeSlug(tx, actor.workspaceId, input.nameEn || input.nameFr));
        const position = input.position ?? (await this.repository.nextCategoryPosition(tx, actor.workspaceId));
        const row = await this.repository.insertCategory(tx, { ...input, workspaceId: actor.workspaceId, slug, position });
        await this.record(tx, actor, 'community.category.created', 'community_category', row.id, { slug, nameEn: row.nameEn, nameFr: row.nameFr });
        return presentCategory({ ...row, topicCount: 0 });
      }),
    );
  }

  async updateCategory(actor: Actor, categoryId: string, changes: TUpdateCommunityCategoryRequest): Promise<TCommunityCategory> {
    return withConflicts(() =>
      this.db.transaction(async (tx) => {
        const current = await this.requireCategory(tx, actor.workspaceId, categoryId);
        if (!(changes.nameEn ?? current.nameEn).trim() && !(changes.nameFr ?? current.nameFr).trim()) throw validationError('nameEn', 'write the English or the French name (or both)');
        await this.repository.updateCategory(tx, actor.workspaceId, categoryId, changes);
        await this.record(tx, actor, 'community.category.updated', 'community_category', categoryId, { ...changes });
        const listed = (await this.repository.listCategories(tx, actor.workspaceId)).find((row) => row.id === categoryId)!;
        return presentCategory(listed);
      }),
    );
  }

  /** Only an empty category goes: its topics are moved elsewhere first. */
  async deleteCategory(actor: Actor, categoryId: string): Promise<void> {
    await withConflicts(() =>
      this.db.transaction(async (tx) => {
        const category = await this.requireCategory(tx, actor.workspaceId, categoryId);
        if (await this.repository.hasTopics(tx, actor.workspaceId, categoryId)) throw categoryNotEmpty();
        await this.repository.deleteCategory(tx, actor.workspaceId, categoryId);
        await this.record(tx, actor, 'community.category.deleted', 'community_category', categoryId, { slug: category.slug });
      }),
    );
  }

  // ── Topics (staff) ────────────────────────────────────────────────────────────────────────────────────

  async listTopics(actor: Actor, query: TListCommunityTopicsQuery): Promise<Page<TCommunityTopicSummary>> {
    let before: { lastActivityAt: Date; id: string } | undefined;
    if (query.cursor) {
      const [lastActivityAt, id] = decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) as [string, string];
      before = { lastActivityAt: new Date(lastActivityAt), id };
    }
    const rows = await this.repository.listTopics(
      this.db,
      actor.workspaceId,
      {
        categoryId: query.categoryId,
        isHidden: query.hidden === undefined ? undefined : query.hidden === 'true',
        status: query.status,
        isUnanswered: query.unanswered === undefined ? undefined : query.unanswered === 'true',
        language: query.language,
        query: query.q,
        before,
      },
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => [row.lastActivityAt.toISOString(), row.id]);
    const context = await this.presentationContext(this.db, actor.workspaceId, page.data, []);
    return { data: page.data.map((row) => this.presentSummary(context, row)), nextCursor: page.nextCursor };
  }

  async getTopic(actor: Actor, topicId: string): Promise<TCommunityTopic> {
    return this.presentTopic(this.db, actor.workspaceId, await this.requireTopic(this.db, actor.workspaceId, topicId));
  }

  /** A reply by staff, shown with the staff badge. Staff may still answer in a locked topic (to close it with a word). */
  async replyAsStaff(actor: Actor, topicId: string, body: string): Promise<TCommunityTopic> {
    return this.db.transaction(async (tx) => {
      const topic = await this.requireTopic(tx, actor.workspaceId, topicId, true);
      const now = this.clock.now();
      await this.repository.insertReply(tx, { workspaceId: actor.workspaceId, topicId, authorUserId: actor.userId, body, createdAt: now, updatedAt: now });
      await this.repository.adjustTopicCounters(tx, actor.workspaceId, topicId, { replies: 1, touchedAt: now });
      return this.presentTopic(tx, actor.workspaceId, await this.requireTopic(tx, actor.workspaceId, topic.id));
    });
  }

  async hideTopic(actor: Actor, topicId: string, reason: string): Promise<TCommunityTopic> {
    return this.moderateTopic(actor, topicId, 'community.topic.hidden', { reason }, (topic) =>
      topic.isHidden && topic.hiddenReason === reason ? undefined : { isHidden: true, hiddenReason: reason, hiddenByUserId: actor.userId, hiddenAt: this.clock.now() },
    );
  }

  async unhideTopic(actor: Actor, topicId: string): Promise<TCommunityTopic> {
    return this.moderateTopic(actor, topicId, 'community.topic.unhidden', {}, (topic) =>
      topic.isHidden ? { isHidden: false, hiddenReason: null, hiddenByUserId: null, hiddenAt: null } : undefined,
    );
  }

  async lockTopic(actor: Actor, topicId: string): Promise<TCommunityTopic> {
    return this.moderateTopic(actor, topicId, 'community.topic.locked', {}, (topic) =>
      topic.status === 'locked' ? undefined : { status: 'locked', lockedByUserId: actor.userId, lockedAt: this.clock.now() },
    );
  }

  async unlockTopic(actor: Actor, topicId: string): Promise<TCommunityTopic> {
    return this.moderateTopic(actor, topicId, 'community.topic.unlocked', {}, (topic) =>
      topic.status === 'open' ? undefined : { status: 'open', lockedByUserId: null, lockedAt: null },
    );
  }

  async moveTopic(actor: Actor, topicId: string, categoryId: string): Promise<TCommunityTopic> {
    return this.db.transaction(async (tx) => {
      const topic = await this.requireTopic(tx, actor.workspaceId, topicId, true);
      const target = await this.repository.findCategory(tx, actor.workspaceId, categoryId);
      if (!target) throw validationError('categoryId', 'no such category in this workspace');
      if (topic.categoryId !== categoryId) {
        await this.repository.updateTopic(tx, actor.workspaceId, topicId, { categoryId });
        await this.record(tx, actor, 'community.topic.moved', 'community_topic', topicId, { number: topic.number, fromCategoryId: topic.categoryId, toCategoryId: categoryId });
      }
      return this.presentTopic(tx, actor.workspaceId, await this.requireTopic(tx, actor.workspaceId, topicId));
    });
  }

  async hideReply(actor: Actor, replyId: string, reason: string): Promise<TCommunityTopic> {
    return this.moderateReply(actor, replyId, 'community.reply.hidden', { reason }, (reply) =>
      reply.isHidden && reply.hiddenReason === reason ? undefined : { isHidden: true, hiddenReason: reason, hiddenByUserId: actor.userId, hiddenAt: this.clock.now() },
    );
  }

  async unhideReply(actor: Actor, replyId: string): Promise<TCommunityTopic> {
    return this.moderateReply(actor, replyId, 'community.reply.unhidden', {}, (reply) =>
      reply.isHidden ? { isHidden: false, hiddenReason: null, hiddenByUserId: null, hiddenAt: null } : undefined,
    );
  }

  /** Staff may mark (or clear) the accepted answer of any topic. */
  async setAcceptedReplyAsStaff(actor: Actor, topicId: string, request: TAcceptCommunityReplyRequest): Promise<TCommunityTopic> {
    return this.db.transaction(async (tx) => {
      const topic = await this.requireTopic(tx, actor.workspaceId, topicId, true);
      if (await this.applyAcceptedReply(tx, topic, request.replyId)) {
        await this.record(tx, actor, request.replyId ? 'community.reply.accepted' : 'community.reply.unaccepted', 'community_topic', topicId, { number: topic.number, replyId: request.replyId ?? topic.acceptedReplyId });
      }
      return this.presentTopic(tx, actor.workspaceId, await this.requireTopic(tx, actor.workspaceId, topicId));
    });
  }

  /**
   * A ticket from the topic, requested by its author, with the topic's words and a link back: the conversation goes
   * on in private. The topic keeps the ticket, so converting again answers the same ticket.
   */
  async convertToTicket(actor: Actor, topicId: string): Promise<TCommunityConversion> {
    const converted = await this.db.transaction(async (tx) => {
      const topic = await this.requireTopic(tx, actor.workspaceId, topicId, true);
      if (topic.convertedTicketId && topic.convertedTicketNumber !== null) {
        return { ticket: { id: topic.convertedTicketId, number: topic.convertedTicketNumber }, isNew: false };
      }
      const workspace = await this.workspaces.get(actor.workspaceId, tx);
      const language = topic.language as CommunityLanguage;
      const link = `${this.publicBaseUrl}${topicPath(workspace.slug, language, topic)}`;
      const note = language === 'fr' ? `Sujet n° ${topic.number} de la communauté : ${link}` : `Community topic #${topic.number}: ${link}`;
      const ticket = await this.tickets.createInTransaction(
        tx,
        { workspaceId: actor.workspaceId, userId: actor.userId },
        {
          subject: topic.title,
          description: `${topic.body}\n\n---\n${note}`,
          ...(topic.authorCustomerId ? { customerId: topic.authorCustomerId } : {}),
          channel: 'web',
          tags: ['community'],
          language,
        },
        'web',
      );
      await this.repository.updateTopic(tx, actor.workspaceId, topicId, { convertedTicketId: ticket.id, convertedTicketNumber: ticket.number, convertedAt: this.clock.now() });
      await this.record(tx, actor, 'community.topic.converted', 'community_topic', topicId, { number: topic.number, ticketId: ticket.id, ticketNumber: ticket.number });
      return { ticket: { id: ticket.id, number: ticket.number }, isNew: true };
    });
    if (converted.isNew) this.outbox.nudge();
    return { ...converted, topic: await this.getTopic(actor, topicId) };
  }

  // ── The public community (help center pages) ──────────────────────────────────────────────────────────

  /** The help center the community is part of (its look, its workspace); an unknown slug is `workspace_not_found`. */
  open(workspaceSlug: string): Promise<HelpCenter> {
    return this.helpCenter.open(workspaceSlug);
  }

  /** The community's front page: each category with what the public sees of it in the language. */
  async getHome(center: HelpCenter, language: CommunityLanguage): Promise<CommunityCategoryView[]> {
    const [categories, stats] = await Promise.all([
      this.repository.listCategories(this.db, center.workspaceId),
      this.repository.publicCategoryStats(this.db, center.workspaceId, language),
    ]);
    const statsById = new Map(stats.map((item) => [item.categoryId, item]));
    return categories.map((category) => {
        const stat = statsById.get(category.id);
        const latest = stat?.latestTopic;
        return {
          ...this.categoryLink(center, language, category),
          description: descriptionIn(language, category),
          slug: category.slug,
          topicCount: stat?.topicCount ?? 0,
          latestTopic: latest ? { title: latest.title, path: topicPath(center.slug, language, latest), lastActivityAt: latest.lastActivityAt.toISOString() } : null,
        };
    });
  }

  /** A category's page: its visible topics in the language, latest activity or most votes first, a page at a time. */
  async getCategoryPage(center: HelpCenter, language: CommunityLanguage, categorySlug: string, sort: CommunitySort, page: number): Promise<{ category: CommunityCategoryView; topics: TopicListItem[]; page: number; pageCount: number }> {
    const category = await this.repository.findCategoryBySlug(this.db, center.workspaceId, categorySlug);
    if (!category) throw new AppError(CommunityErrorCode.CategoryNotFound, 'No such community category.');
    const total = await this.repository.countPublicTopics(this.db, center.workspaceId, category.id, language);
    const pageCount = Math.max(1, Math.ceil(total / TOPICS_PER_CATEGORY_PAGE));
    const rows = page > pageCount ? [] : await this.repository.listPublicTopics(this.db, center.workspaceId, category.id, language, sort, (page - 1) * TOPICS_PER_CATEGORY_PAGE, TOPICS_PER_CATEGORY_PAGE);
    const context = await this.presentationContext(this.db, center.workspaceId, rows, []);
    return {
      category: { ...this.categoryLink(center, language, category), description: descriptionIn(language, category), slug: category.slug, topicCount: total, latestTopic: null },
      topics: rows.map((row) => ({
        number: row.number,
        title: row.title,
        path: topicPath(center.slug, language, row),
        author: publicAuthorOf(context, row.authorCustomerId, null, language),
        status: row.status as 'open' | 'locked',
        isAnswered: row.acceptedReplyId !== null,
        voteScore: row.voteScore,
        replyCount: row.replyCount,
        lastActivityAt: row.lastActivityAt.toISOString(),
      })),
      page,
      pageCount,
    };
  }

  /** A visible topic as its page shows it: the accepted answer first, then the other visible replies. */
  async getTopicPage(center: HelpCenter, language: CommunityLanguage, topicNumber: number, member: CommunityMember | null): Promise<TopicView> {
    const topic = await this.requirePublicTopic(this.db, center.workspaceId, topicNumber);
    return this.presentTopicView(center, language, topic, member);
  }

  async searchTopics(center: HelpCenter, language: CommunityLanguage, query: string): Promise<{ query: string; results: TopicSearchResultView[] }> {
    const q = query.trim().slice(0, MAX_COMMUNITY_SEARCH_QUERY);
    if (!q) return { query: q, results: [] };
    const [rows, categories] = await Promise.all([
      this.repository.searchPublicTopics(this.db, center.workspaceId, language, q, SEARCH_RESULTS),
      this.repository.listCategories(this.db, center.workspaceId),
    ]);
    const categoryNames = new Map(categories.map((category) => [category.id, nameIn(language, category)]));
    return {
      query: q,
      results: rows.map((row) => ({
        title: row.title,
        path: topicPath(center.slug, language, row),
        categoryName: categoryNames.get(row.categoryId) ?? '',
        isAnswered: row.isAnswered,
        replyCount: row.replyCount,
        voteScore: row.voteScore,
        snippetHtml: markSnippet(row.snippet),
      })),
    };
  }

  /** What the new topic form offers: the categories, by position. */
  async listCategoryChoices(center: HelpCenter, language: CommunityLanguage): Promise<Array<{ slug: string; name: string }>> {
    const categories = await this.repository.listCategories(this.db, center.workspaceId);
    return categories.map((category) => ({ slug: category.slug, name: nameIn(language, category) }));
  }

  /**
   * A new topic by a signed-in customer, in the page's language. A form filled in by a robot (its hidden field set)
   * is accepted without a topic, so the robot learns nothing. Answers the page to go to next.
   */
  async createTopic(center: HelpCenter, language: CommunityLanguage, member: CommunityMember, form: TCommunityTopicForm): Promise<string> {
    requireOwnForm(center, member, form);
    const category = await this.repository.findCategoryBySlug(this.db, center.workspaceId, form.category);
    if (!category) throw validationError('category', 'no such category in this community');
    if (form.website.trim() !== '') return this.categoryLink(center, language, category).path;
    const topic = await this.db.transaction(async (tx) => {
      await this.requirePostingPace(tx, member);
      const number = await this.repository.nextTopicNumber(tx, center.workspaceId);
      const now = this.clock.now();
      return this.repository.insertTopic(tx, {
        workspaceId: center.workspaceId,
        number,
        categoryId: category.id,
        authorCustomerId: member.customerId,
        title: form.title,
        slug: slugify(form.title),
        body: form.body,
        language,
        lastActivityAt: now,
        createdAt: now,
        updatedAt: now,
      });
    });
    return topicPath(center.slug, language, topic);
  }

  /** A reply by a signed-in customer; a locked topic takes none. Answers the reply's place on the topic's page. */
  async replyAsMember(center: HelpCenter, language: CommunityLanguage, topicNumber: number, member: CommunityMember, form: TCommunityReplyForm): Promise<string> {
    requireOwnForm(center, member, form);
    return this.db.transaction(async (tx) => {
      const topic = await this.requirePublicTopic(tx, center.workspaceId, topicNumber, true);
      const path = topicPath(center.slug, language, topic);
      if (topic.status === 'locked') throw new AppError(CommunityErrorCode.TopicLocked, 'This topic is locked: it takes no new replies.');
      if (form.website.trim() !== '') return path;
      await this.requirePostingPace(tx, member);
      const now = this.clock.now();
      const reply = await this.repository.insertReply(tx, { workspaceId: center.workspaceId, topicId: topic.id, authorCustomerId: member.customerId, body: form.body, createdAt: now, updatedAt: now });
      await this.repository.adjustTopicCounters(tx, center.workspaceId, topic.id, { replies: 1, touchedAt: now });
      return `${path}#${replyAnchorOf(reply.id)}`;
    });
  }

  /**
   * Up-votes a topic or one of its visible replies (`up`), or takes the vote back (`none`). Setting the state it
   * already has changes nothing, so a form sent twice counts once. Nobody votes for their own post.
   */
  async vote(center: HelpCenter, language: CommunityLanguage, topicNumber: number, member: CommunityMember, form: TCommunityVoteForm): Promise<string> {
    requireOwnForm(center, member, form);
    return this.db.transaction(async (tx) => {
      const topic = await this.requirePublicTopic(tx, center.workspaceId, topicNumber);
      const path = topicPath(center.slug, language, topic);
      const workspaceId = center.workspaceId;
      if (!form.reply) {
        if (topic.authorCustomerId === member.customerId) throw validationError('vote', 'you cannot vote for your own topic');
        const changed =
          form.vote === 'up'
            ? await this.repository.addVote(tx, { workspaceId, voterCustomerId: member.customerId, topicId: topic.id })
            : await this.repository.removeVote(tx, workspaceId, member.customerId, { topicId: topic.id });
        if (changed) await this.repository.adjustTopicCounters(tx, workspaceId, topic.id, { votes: form.vote === 'up' ? 1 : -1 });
        return `${path}#topic`;
      }
      const reply = await this.repository.findReply(tx, workspaceId, form.reply);
      if (!reply || reply.topicId !== topic.id || reply.isHidden) throw new AppError(CommunityErrorCode.ReplyNotFound, 'No such reply in this topic.');
      if (reply.authorCustomerId === member.customerId) throw validationError('vote', 'you cannot vote for your own reply');
      const changed =
        form.vote === 'up'
          ? await this.repository.addVote(tx, { workspaceId, voterCustomerId: member.customerId, replyId: reply.id })
          : await this.repository.removeVote(tx, workspaceId, member.customerId, { replyId: reply.id });
      if (changed) await this.repository.adjustReplyScore(tx, workspaceId, reply.id, form.vote === 'up' ? 1 : -1);
      return `${path}#${replyAnchorOf(reply.id)}`;
    });
  }

  /** The topic's author marks the reply that answered them (or clears it); nobody else may, but staff. */
  async acceptAsAuthor(center: HelpCenter, language: CommunityLanguage, topicNumber: number, member: CommunityMember, form: TCommunityAcceptForm): Promise<string> {
    requireOwnForm(center, member, form);
    return this.db.transaction(async (tx) => {
      const topic = await this.requirePublicTopic(tx, center.workspaceId, topicNumber, true);
      if (topic.authorCustomerId !== member.customerId) throw new AppError(CommunityErrorCode.NotTopicAuthor, 'Only the person who asked can accept an answer.');
      const replyId = form.reply || null;
      if (await this.applyAcceptedReply(tx, topic, replyId)) {
        await this.audit.record(tx, {
          workspaceId: center.workspaceId,
          actorType: 'customer',
          actorId: member.customerId,
          action: replyId ? 'community.reply.accepted' : 'community.reply.unaccepted',
          targetType: 'community_topic',
          targetId: topic.id,
          details: { number: topic.number, replyId: replyId ?? topic.acceptedReplyId },
        });
      }
      const path = topicPath(center.slug, language, topic);
      return replyId ? `${path}#${replyAnchorOf(replyId)}` : path;
    });
  }

  // ── Rules shared by staff and customers ───────────────────────────────────────────────────────────────

  /** Sets the accepted answer to a visible reply of the topic, or none; answers whether it changed. */
  private async applyAcceptedReply(tx: Executor, topic: CommunityTopicRow, replyId: string | null): Promise<boolean> {
    if (replyId) {
      const reply = await this.repository.findReply(tx, topic.workspaceId, replyId);
      if (!reply || reply.topicId !== topic.id) throw new AppError(CommunityErrorCode.ReplyNotFound, 'No such reply in this topic.');
      if (reply.isHidden) throw validationError('replyId', 'a hidden reply cannot be the accepted answer');
    }
    if (topic.acceptedReplyId === replyId) return false;
    await this.repository.updateTopic(tx, topic.workspaceId, topic.id, { acceptedReplyId: replyId });
    return true;
  }

  private async moderateTopic(
    actor: Actor,
    topicId: string,
    action: string,
    details: Record<string, unknown>,
    changeOf: (topic: CommunityTopicRow) => Partial<CommunityTopicRow> | undefined,
  ): Promise<TCommunityTopic> {
    return this.db.transaction(async (tx) => {
      const topic = await this.requireTopic(tx, actor.workspaceId, topicId, true);
      const change = changeOf(topic);
      // Asking for the state it is already in changes nothing and logs nothing.
      if (change) {
        await this.repository.updateTopic(tx, actor.workspaceId, topicId, change);
        await this.record(tx, actor, action, 'community_topic', topicId, { number: topic.number, title: topic.title, ...details });
      }
      return this.presentTopic(tx, actor.workspaceId, await this.requireTopic(tx, actor.workspaceId, topicId));
    });
  }

  private async moderateReply(
    actor: Actor,
    replyId: string,
    action: string,
    details: Record<string, unknown>,
    changeOf: (reply: CommunityReplyRow) => Partial<CommunityReplyRow> | undefined,
  ): Promise<TCommunityTopic> {
    return this.db.transaction(async (tx) => {
      const reply = await this.repository.findReply(tx, actor.workspaceId, replyId, { forUpdate: true });
      if (!reply) throw new AppError(CommunityErrorCode.ReplyNotFound, 'No such community reply in this workspace.');
      const topic = await this.requireTopic(tx, actor.workspaceId, reply.topicId, true);
      const change = changeOf(reply);
      if (change) {
        await this.repository.updateReply(tx, actor.workspaceId, replyId, change);
        // The public count follows what the public sees; a hidden answer is no longer the accepted one.
        if (change.isHidden !== undefined && change.isHidden !== reply.isHidden) {
          await this.repository.adjustTopicCounters(tx, actor.workspaceId, topic.id, { replies: change.isHidden ? -1 : 1 });
          if (change.isHidden && topic.acceptedReplyId === replyId) await this.repository.updateTopic(tx, actor.workspaceId, topic.id, { acceptedReplyId: null });
        }
        await this.record(tx, actor, action, 'community_reply', replyId, { topicId: topic.id, number: topic.number, ...details });
      }
      return this.presentTopic(tx, actor.workspaceId, await this.requireTopic(tx, actor.workspaceId, topic.id));
    });
  }

  private async requirePostingPace(tx: Executor, member: CommunityMember): Promise<void> {
    const since = new Date(this.clock.now().getTime() - POSTS_PER_ACCOUNT.windowMs);
    const posted = await this.repository.countPostsSince(tx, member.workspaceId, member.customerId, since);
    if (posted >= POSTS_PER_ACCOUNT.max) {
      throw new AppError(CommonErrorCode.RateLimited, `At most ${POSTS_PER_ACCOUNT.max} posts in ${POSTS_PER_ACCOUNT.windowMs / 60_000} minutes.`, [
        { message: 'retry after', retryAfterSeconds: POSTS_PER_ACCOUNT.windowMs / 1000 },
      ]);
    }
  }

  private async record(tx: Executor, actor: Actor, action: string, targetType: string, targetId: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action, targetType, targetId, details });
  }

  private async requireCategory(executor: Executor, workspaceId: string, id: string): Promise<CommunityCategoryRow> {
    const row = await this.repository.findCategory(executor, workspaceId, id);
    if (!row) throw new AppError(CommunityErrorCode.CategoryNotFound, 'No such community category in this workspace.');
    return row;
  }

  private async requireTopic(executor: Executor, workspaceId: string, id: string, forUpdate = false): Promise<CommunityTopicRow> {
    const row = await this.repository.findTopic(executor, workspaceId, id, { forUpdate });
    if (!row) throw new AppError(CommunityErrorCode.TopicNotFound, 'No such community topic in this workspace.');
    return row;
  }

  /** A topic the public may see: a hidden one does not exist for them. */
  private async requirePublicTopic(executor: Executor, workspaceId: string, number: number, forUpdate = false): Promise<CommunityTopicRow> {
    const row = await this.repository.findTopicByNumber(executor, workspaceId, number, { forUpdate });
    if (!row || row.isHidden) throw new AppError(CommunityErrorCode.TopicNotFound, 'No such community topic.');
    return row;
  }

  private async freeSlug(executor: Executor, workspaceId: string, name: string): Promise<string> {
    const base = slugify(name) || 'category';
    const taken = await this.repository.slugsLike(executor, workspaceId, base);
    if (!taken.has(base)) return base;
    for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
  }

  private categoryLink(center: HelpCenter, language: CommunityLanguage, category: CommunityCategoryRow): { name: string; path: string } {
    return { name: nameIn(language, category), path: communityPath(center.slug, language, 'categories', category.slug) };
  }

  // ── Presenters ────────────────────────────────────────────────────────────────────────────────────────

  /** Names of the customers and staff who wrote these topics and replies, looked up once. */
  private async presentationContext(executor: Executor, workspaceId: string, topics: CommunityTopicRow[], replies: CommunityReplyRow[]): Promise<PresentationContext> {
    const customerIds = [...new Set([...topics, ...replies].flatMap((row) => (row.authorCustomerId ? [row.authorCustomerId] : [])))];
    const userIds = [...new Set(replies.flatMap((row) => (row.authorUserId ? [row.authorUserId] : [])))];
    const [customers, users, workspace] = await Promise.all([
      customerIds.length > 0 ? this.customers.findRows(workspaceId, customerIds, executor) : Promise.resolve([]),
      userIds.length > 0 ? this.users.findManyByIds(executor, workspaceId, userIds) : Promise.resolve([]),
      this.workspaces.get(workspaceId, executor),
    ]);
    return {
      workspaceSlug: workspace.slug,
      customerNames: new Map(customers.map((row) => [row.id, row.name])),
      userNames: new Map(users.map((row) => [row.id, row.name])),
    };
  }

  private presentSummary(context: PresentationContext, row: CommunityTopicRow): TCommunityTopicSummary {
    return {
      id: row.id,
      number: row.number,
      categoryId: row.categoryId,
      title: row.title,
      slug: row.slug,
      language: row.language as CommunityLanguage,
      status: row.status as 'open' | 'locked',
      isHidden: row.isHidden,
      hiddenReason: row.hiddenReason,
      hiddenAt: row.hiddenAt?.toISOString() ?? null,
      hiddenByUserId: row.hiddenByUserId,
      author: staffAuthorOf(context, row.authorCustomerId, null),
      voteScore: row.voteScore,
      replyCount: row.replyCount,
      acceptedReplyId: row.acceptedReplyId,
      lastActivityAt: row.lastActivityAt.toISOString(),
      convertedTicket: row.convertedTicketId && row.convertedTicketNumber !== null ? { id: row.convertedTicketId, number: row.convertedTicketNumber } : null,
      publicUrl: `${this.publicBaseUrl}${topicPath(context.workspaceSlug, row.language as CommunityLanguage, row)}`,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  private async presentTopic(executor: Executor, workspaceId: string, row: CommunityTopicRow): Promise<TCommunityTopic> {
    const replies = await this.repository.listReplies(executor, workspaceId, row.id);
    const context = await this.presentationContext(executor, workspaceId, [row], replies);
    return {
      ...this.presentSummary(context, row),
      body: row.body,
      replies: replies.map(
        (reply): TCommunityReply => ({
          id: reply.id,
          topicId: reply.topicId,
          author: staffAuthorOf(context, reply.authorCustomerId, reply.authorUserId),
          body: reply.body,
          isHidden: reply.isHidden,
          hiddenReason: reply.hiddenReason,
          hiddenAt: reply.hiddenAt?.toISOString() ?? null,
          hiddenByUserId: reply.hiddenByUserId,
          isAccepted: reply.id === row.acceptedReplyId,
          voteScore: reply.voteScore,
          createdAt: reply.createdAt.toISOString(),
        }),
      ),
    };
  }

  private async presentTopicView(center: HelpCenter, language: CommunityLanguage, row: CommunityTopicRow, member: CommunityMember | null): Promise<TopicView> {
    const replies = await this.repository.listReplies(this.db, center.workspaceId, row.id, { visibleOnly: true });
    const [context, category, votes] = await Promise.all([
      this.presentationContext(this.db, center.workspaceId, [row], replies),
      this.repository.findCategory(this.db, center.workspaceId, row.categoryId),
      member
        ? this.repository.findVotesOf(this.db, center.workspaceId, member.customerId, row.id, replies.map((reply) => reply.id))
        : Promise.resolve({ topic: false, replyIds: new Set<string>() }),
    ]);
    const topicLanguage = row.language as CommunityLanguage;
    const replyViews = replies.map(
      (reply): ReplyView => ({
        id: reply.id,
        author: publicAuthorOf(context, reply.authorCustomerId, reply.authorUserId, language),
        bodyHtml: renderPostHtml(reply.body, topicLanguage),
        voteScore: reply.voteScore,
        createdAt: reply.createdAt.toISOString(),
        isAccepted: reply.id === row.acceptedReplyId,
        hasViewerVoted: votes.replyIds.has(reply.id),
      }),
    );
    const other: CommunityLanguage = language === 'fr' ? 'en' : 'fr';
    return {
      number: row.number,
      title: row.title,
      path: topicPath(center.slug, language, row),
      language: topicLanguage,
      otherLanguagePath: topicPath(center.slug, other, row),
      author: publicAuthorOf(context, row.authorCustomerId, null, language),
      bodyHtml: renderPostHtml(row.body, topicLanguage),
      status: row.status as 'open' | 'locked',
      isConverted: row.convertedAt !== null,
      voteScore: row.voteScore,
      createdAt: row.createdAt.toISOString(),
      category: category ? this.categoryLink(center, language, category) : { name: '', path: communityPath(center.slug, language) },
      acceptedReply: replyViews.find((reply) => reply.isAccepted) ?? null,
      replies: replyViews.filter((reply) => !reply.isAccepted),
      viewer: { isSignedIn: member !== null, isAuthor: member !== null && member.customerId === row.authorCustomerId, hasVotedTopic: votes.topic },
    };
  }
}

interface PresentationContext {
  workspaceSlug: string;
  customerNames: Map<string, string>;
  userNames: Map<string, string>;
}

/** The anchor of a reply on its topic's page. */
export function replyAnchorOf(replyId: string): string {
  return `reply-${replyId}`;
}

function staffAuthorOf(context: PresentationContext, customerId: string | null, userId: string | null): TCommunityAuthor {
  if (userId) {
    const name = context.userNames.get(userId);
    if (name !== undefined) return { kind: 'staff', customerId: null, userId, name };
  }
  if (customerId) {
    const name = context.customerNames.get(customerId);
    if (name !== undefined) return { kind: 'customer', customerId, userId: null, name };
  }
  return { kind: 'former', customerId: null, userId: null, name: '' };
}

function publicAuthorOf(context: PresentationContext, customerId: string | null, userId: string | null, language: CommunityLanguage): PublicAuthor {
  const author = staffAuthorOf(context, customerId, userId);
  if (author.kind === 'staff') return { kind: 'staff', displayName: author.name };
  if (author.kind === 'customer') return { kind: 'customer', displayName: shortNameOf(author.name) || (language === 'fr' ? 'Membre' : 'Member') };
  return { kind: 'former', displayName: language === 'fr' ? 'Ancien membre' : 'Former member' };
}

/** "Marie-Ève Tremblay" → "Marie-Ève T.": customers are not shown publicly by their full name. */
export function shortNameOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return words[0] ?? '';
  const initial = [...words[words.length - 1]!][0]!.toLocaleUpperCase();
  return `${words[0]} ${initial}.`;
}

function descriptionIn(language: CommunityLanguage, category: { descriptionEn: string; descriptionFr: string }): string {
  return language === 'fr' ? category.descriptionFr || category.descriptionEn : category.descriptionEn || category.descriptionFr;
}

function presentCategory(row: CommunityCategoryRow & { topicCount: number }): TCommunityCategory {
  return {
    id: row.id,
    nameEn: row.nameEn,
    nameFr: row.nameFr,
    descriptionEn: row.descriptionEn,
    descriptionFr: row.descriptionFr,
    slug: row.slug,
    position: row.position,
    topicCount: row.topicCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A form names the help center it was shown in, and a member posts only in their own workspace. */
function requireOwnForm(center: HelpCenter, member: CommunityMember, form: { workspace: string }): void {
  if (form.workspace !== center.slug || member.workspaceId !== center.workspaceId) throw validationError('workspace', 'the form belongs to another help center');
}

function categoryNotEmpty(): AppError {
  return new AppError(CommunityErrorCode.CategoryNotEmpty, 'This category still has topics: move them to another category first.');
}

async function withConflicts<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const failure = [error, (error as { cause?: unknown } | undefined)?.cause].find((candidate) => ['23505', '23503'].includes(String((candidate as { code?: unknown } | undefined)?.code)));
    const constraint = String((failure as { constraint?: unknown } | undefined)?.constraint ?? '');
    if (constraint === 'community_categories_slug_unique') throw new AppError(CommunityErrorCode.SlugTaken, 'Another community category already has this slug.', [{ path: 'slug', message: 'taken' }]);
    if (constraint === 'community_topics_category_id_community_categories_id_fk') throw categoryNotEmpty();
    throw error;
  }
}
