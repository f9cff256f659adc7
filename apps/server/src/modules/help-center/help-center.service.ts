import type { Database } from '../../db/database.js';
import { AppError, KnowledgeBaseErrorCode, WorkspaceErrorCode, validationError } from '../../shared/errors.js';
import type { ChatRepository } from '../channels/chat/chat.repository.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { KbLanguage, TKbCategory, TKbSection } from '../knowledge-base/knowledge-base.schema.js';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { renderArticleHtml, safeSnippet } from './help-center.markdown.js';
import { MAX_SEARCH_QUERY, type THelpCenterContactForm, type THelpCenterFeedbackForm, type THelpCenterSuggestion } from './help-center.schema.js';

/** The workspace a help center belongs to, and how it looks. */
export interface HelpCenter {
  workspaceId: string;
  slug: string;
  name: string;
  /** The chat widget's colour (#RRGGBB), when chat has been set up. */
  accentColor: string | null;
  logoUrl: string | null;
  /** The server's public address, for canonical links. */
  baseUrl: string;
}

export interface ArticleLink {
  title: string;
  path: string;
}

export interface SectionView {
  name: string;
  slug: string;
  path: string;
  articleCount: number;
  articles: ArticleLink[];
}

export interface CategoryView {
  name: string;
  slug: string;
  icon: string | null;
  sections: SectionView[];
}

export interface SearchResultView extends ArticleLink {
  /** HTML: escaped text, the words found in `<mark>`. */
  snippetHtml: string;
}

export interface ArticleView {
  id: string;
  title: string;
  slug: string;
  path: string;
  /** The body as sanitised HTML. */
  bodyHtml: string;
  updatedAt: string;
  category: { name: string; path: string };
  section: { name: string; path: string };
  /** The article in the other language, when it is published there. */
  translation: { language: KbLanguage; title: string; path: string } | undefined;
}

/** Articles a section shows on the home page; the section's own page lists them all. */
export const ARTICLES_PER_SECTION_ON_HOME = 8;
const SEARCH_RESULTS = 20;
const SUGGESTIONS = 5;
/** Shorter queries match too much to be of use while typing. */
const SUGGEST_MIN_CHARACTERS = 2;

/** The address of a help center page: English at `/help/<workspace>/…`, French at `/help/<workspace>/fr/…`. */
export function helpCenterPath(workspaceSlug: string, language: KbLanguage, ...segments: string[]): string {
  const parts = ['help', workspaceSlug, ...(language === 'fr' ? ['fr'] : []), ...segments].map(encodeURIComponent);
  return `/${parts.join('/')}`;
}

/** The home page's anchor of a category (prefixed, so that no slug can take the id of another part of the page). */
export function topicAnchorOf(categorySlug: string): string {
  return `topic-${categorySlug}`;
}

/** A category's or section's name in a language, or its name in the other one when that is all it has. */
export function nameIn(language: KbLanguage, group: { nameEn: string; nameFr: string }): string {
  return language === 'fr' ? group.nameFr || group.nameEn : group.nameEn || group.nameFr;
}

/**
 * The public help center: the knowledge base's public, published articles for anyone, without sign-in, by
 * workspace slug and language; and a contact form that opens a web ticket. Drafts and internal articles do
 * not exist here.
 */
export class HelpCenterService {
  constructor(
    private readonly db: Database,
    private readonly workspaces: WorkspacesService,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly chatSettings: ChatRepository,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly outbox: OutboxService,
    private readonly publicBaseUrl: string,
  ) {}

  /** The help center of a workspace slug; an unknown slug is `workspace_not_found`. */
  async open(workspaceSlug: string): Promise<HelpCenter> {
    const workspace = await this.workspaces.findBySlug(workspaceSlug);
    if (!workspace) throw new AppError(WorkspaceErrorCode.WorkspaceNotFound, 'No such help center.');
    const settings = await this.chatSettings.findSettings(this.db, workspace.id);
    return {
      workspaceId: workspace.id,
      slug: workspace.slug,
      name: workspace.name,
      accentColor: settings?.accentColor ?? null,
      logoUrl: settings?.logoUrl ?? null,
      baseUrl: this.publicBaseUrl,
    };
  }

  /** The home page's index: categories holding articles in the language, their sections, the first articles of each. */
  async getHome(workspaceSlug: string, language: KbLanguage): Promise<{ center: HelpCenter; categories: CategoryView[] }> {
    const center = await this.open(workspaceSlug);
    const catalog = await this.knowledgeBase.getPublicCatalog(center.workspaceId, language);
    const articlesBySection = groupBy(catalog.articles, (article) => article.sectionId);
    const sectionsByCategory = groupBy(catalog.sections, (section) => section.categoryId);
    const categories = catalog.categories
      .map((category) => ({
        name: nameIn(language, category),
        slug: category.slug,
        icon: category.icon,
        sections: (sectionsByCategory.get(category.id) ?? [])
          .map((section) => presentSection(center, language, section, articlesBySection.get(section.id) ?? [], ARTICLES_PER_SECTION_ON_HOME))
          .filter((section) => section.articleCount > 0),
      }))
      .filter((category) => category.sections.length > 0);
    return { center, categories };
  }

  /** A section's page: all its articles in the language, and its category for the breadcrumbs. */
  async getSection(workspaceSlug: string, language: KbLanguage, sectionSlug: string): Promise<{ center: HelpCenter; category: { name: string; path: string }; section: SectionView }> {
    const center = await this.open(workspaceSlug);
    const catalog = await this.knowledgeBase.getPublicCatalog(center.workspaceId, language);
    const section = catalog.sections.find((candidate) => candidate.slug === sectionSlug);
    const category = section && catalog.categories.find((candidate) => candidate.id === section.categoryId);
    if (!section || !category) throw new AppError(KnowledgeBaseErrorCode.SectionNotFound, 'No such section in this help center.');
    const articles = catalog.articles.filter((article) => article.sectionId === section.id);
    return { center, category: presentCategoryLink(center, language, category), section: presentSection(center, language, section, articles, articles.length) };
  }

  /** The knowledge base's search over what the public may read, in the page's language. */
  async search(workspaceSlug: string, language: KbLanguage, query: string): Promise<{ center: HelpCenter; query: string; results: SearchResultView[] }> {
    const center = await this.open(workspaceSlug);
    const q = query.trim().slice(0, MAX_SEARCH_QUERY);
    if (!q) return { center, query: q, results: [] };
    const results = await this.knowledgeBase.search(center.workspaceId, { q, language, includeInternal: false, limit: SEARCH_RESULTS });
    return {
      center,
      query: q,
      results: results.map((result) => ({ title: result.title, path: helpCenterPath(center.slug, language, 'articles', result.slug), snippetHtml: safeSnippet(result.snippet) })),
    };
  }

  /** The best few titles for what is being typed in the search box. */
  async suggest(workspaceSlug: string, language: KbLanguage, query: string): Promise<THelpCenterSuggestion[]> {
    const center = await this.open(workspaceSlug);
    const q = query.trim();
    if ([...q].length < SUGGEST_MIN_CHARACTERS) return [];
    const results = await this.knowledgeBase.search(center.workspaceId, { q, language, includeInternal: false, limit: SUGGESTIONS });
    return results.map((result) => ({ title: result.title, url: helpCenterPath(center.slug, language, 'articles', result.slug) }));
  }

  /** A public, published article as its page shows it; `isViewCounted` counts this reading. */
  async readArticle(workspaceSlug: string, language: KbLanguage, articleSlug: string, options: { isViewCounted: boolean }): Promise<{ center: HelpCenter; article: ArticleView }> {
    const center = await this.open(workspaceSlug);
    const { article, section, category, translations } = await this.knowledgeBase.getPublicArticle(center.workspaceId, language, articleSlug);
    if (options.isViewCounted) await this.knowledgeBase.recordView(center.workspaceId, article.id);
    const translation = translations.find((candidate) => candidate.language !== language);
    const sectionPath = helpCenterPath(center.slug, language, 'sections', section.slug);
    const view: ArticleView = {
      id: article.id,
      title: article.title,
      slug: article.slug,
      path: helpCenterPath(center.slug, language, 'articles', article.slug),
      bodyHtml: renderArticleHtml(article.body, language),
      updatedAt: article.updatedAt,
      category: presentCategoryLink(center, language, category),
      section: { name: nameIn(language, section), path: sectionPath },
      translation: translation && { language: translation.language, title: translation.title, path: helpCenterPath(center.slug, translation.language, 'articles', translation.slug) },
    };
    return { center, article: view };
  }

  /** "Was this helpful?": counted only on an article the public may read, from its own page. Answers the page's address. */
  async recordFeedback(workspaceSlug: string, language: KbLanguage, articleSlug: string, form: THelpCenterFeedbackForm): Promise<string> {
    const center = await this.open(workspaceSlug);
    requireOwnForm(center, form);
    const isHelpful = form.helpful === 'yes';
    const { article } = await this.knowledgeBase.getPublicArticle(center.workspaceId, language, articleSlug);
    await this.knowledgeBase.recordFeedback(center.workspaceId, article.id, isHelpful);
    return helpCenterPath(center.slug, language, 'articles', article.slug);
  }

  /**
   * The contact form: a web ticket from the customer with that address (created when new, in the page's
   * language), answered by email like any web ticket. A form filled in by a robot (its hidden field set) is
   * accepted without a ticket, so the robot learns nothing; `ticketNumber` is then null.
   */
  async submitContactForm(workspaceSlug: string, language: KbLanguage, form: THelpCenterContactForm): Promise<{ center: HelpCenter; ticketNumber: number | null }> {
    const center = await this.open(workspaceSlug);
    requireOwnForm(center, form);
    if (form.website.trim() !== '') return { center, ticketNumber: null };
    const workspaceId = center.workspaceId;
    const ticket = await this.db.transaction(async (tx) => {
      const customer = await this.customers.findOrCreateByEmail(tx, workspaceId, form.email, form.name, language);
      return this.tickets.createInTransaction(
        tx,
        { workspaceId, userId: null },
        { subject: form.subject, description: form.message, customerId: customer.id, channel: 'web', tags: ['help-center'], language },
        'web',
      );
    });
    this.outbox.nudge();
    return { center, ticketNumber: ticket.number };
  }
}

/** A form names the help center it was shown in: one workspace's page cannot post into another workspace. */
function requireOwnForm(center: HelpCenter, form: { workspace: string }): void {
  if (form.workspace !== center.slug) throw validationError('workspace', 'the form belongs to another help center');
}

function presentCategoryLink(center: HelpCenter, language: KbLanguage, category: TKbCategory): { name: string; path: string } {
  return { name: nameIn(language, category), path: `${helpCenterPath(center.slug, language)}#${encodeURIComponent(topicAnchorOf(category.slug))}` };
}

function presentSection(center: HelpCenter, language: KbLanguage, section: TKbSection, articles: Array<{ title: string; slug: string }>, shown: number): SectionView {
  return {
    name: nameIn(language, section),
    slug: section.slug,
    path: helpCenterPath(center.slug, language, 'sections', section.slug),
    articleCount: articles.length,
    articles: articles.slice(0, shown).map((article) => ({ title: article.title, path: helpCenterPath(center.slug, language, 'articles', article.slug) })),
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
