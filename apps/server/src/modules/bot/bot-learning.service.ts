import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, BotLearningErrorCode, KnowledgeBaseErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import type { KbArticleTitle } from '../knowledge-base/knowledge-base.repository.js';
import { ZReplaceKbSynonymsRequest, type KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.js';
import type {
  TAddBotSynonymRequest,
  TBotLearningFix,
  TBotLearningGroup,
  TDraftBotArticleRequest,
  TLinkBotArticleRequest,
  TListBotLearningQuery,
} from './bot-admin.schema.js';
import type { BotLearningFixRow, BotLearningRepository, FailedQuestionText } from './bot-learning.repository.js';
import type { BotLearningFixKind } from './bot-learning.tables.js';
import { foldText } from './bot.text.js';

const DAY = 86_400_000;
const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 366;
/** The distinct wordings read for one list: beyond that many, the rarest of a period are left out. */
const MAX_WORDINGS = 5000;
/** A learned answer is for the short questions customers repeat word for word (and fits an index key). */
const MAX_LEARNED_QUESTION = 500;
const PHRASINGS_SHOWN = 5;
const PHRASINGS_IN_DRAFT = 10;
/** How far back a draft looks for the other wordings of its question. */
const DRAFT_LOOKBACK_DAYS = 90;

/** A period of the analytics or the learning list: `to` defaults to now, `from` to 30 days before it. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY);
  if (from.getTime() >= to.getTime()) throw validationError('from', 'must be before `to`');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY) throw validationError('from', `a period is at most ${MAX_PERIOD_DAYS} days`);
  return { from, to };
}

/** Wordings that fold alike, in one language: what the list shows as one line and a fix acts on. */
export interface FailedQuestionGroup {
  key: string;
  language: KbLanguage;
  foldedQuestion: string;
  latestQuestionId: string;
  question: string;
  count: number;
  lastAskedAt: Date;
  wordings: FailedQuestionText[];
  candidateArticleId: string | null;
}

const groupKeyOf = (language: string, foldedQuestion: string) => `${language}\u0000${foldedQuestion}`;

/** Merges the wordings by language and folded text (the bot's own fold), most asked first. */
export function groupFailedQuestions(wordings: FailedQuestionText[]): FailedQuestionGroup[] {
  const groups = new Map<string, FailedQuestionGroup>();
  for (const wording of wordings) {
    const foldedQuestion = foldText(wording.question);
    // Nothing but punctuation or symbols: nothing a fix could match.
    if (!foldedQuestion) continue;
    const key = groupKeyOf(wording.language, foldedQuestion);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { key, language: wording.language, foldedQuestion, latestQuestionId: wording.latestQuestionId, question: wording.question, count: wording.count, lastAskedAt: wording.lastAskedAt, wordings: [wording], candidateArticleId: null });
      continue;
    }
    group.count += wording.count;
    group.wordings.push(wording);
    if (wording.lastAskedAt.getTime() > group.lastAskedAt.getTime()) {
      group.lastAskedAt = wording.lastAskedAt;
      group.latestQuestionId = wording.latestQuestionId;
      group.question = wording.question;
    }
  }
  for (const group of groups.values()) {
    group.wordings.sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
    // The article the group's askings came closest with most often.
    const votes = new Map<string, number>();
    for (const wording of group.wordings) if (wording.candidateArticleId) votes.set(wording.candidateArticleId, (votes.get(wording.candidateArticleId) ?? 0) + wording.count);
    group.candidateArticleId = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }
  return [...groups.values()].sort(compareGroups);
}

function compareGroups(a: Pick<FailedQuestionGroup, 'count' | 'lastAskedAt' | 'latestQuestionId'>, b: Pick<FailedQuestionGroup, 'count' | 'lastAskedAt' | 'latestQuestionId'>): number {
  return b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime() || (a.latestQuestionId < b.latestQuestionId ? -1 : a.latestQuestionId > b.latestQuestionId ? 1 : 0);
}

/** The question a fix names, as its group: language and folded text. */
interface QuestionGroupRef {
  questionId: string;
  question: string;
  language: KbLanguage;
  foldedQuestion: string;
}

const DRAFT_TEXT = {
  en: {
    intro: 'Customers asked the bot this, and it had no answer:',
    answer: 'Answer',
    placeholder: 'Write the answer here: the steps to follow, and a link where it helps. Then publish the article, and the bot answers with it.',
    quote: (text: string) => `“${text}”`,
  },
  fr: {
    intro: 'Des clients ont posé cette question au robot, qui n’avait pas de réponse :',
    answer: 'Réponse',
    placeholder: 'Écrivez la réponse ici : les étapes à suivre, et un lien au besoin. Publiez ensuite l’article : le robot répondra avec lui.',
    quote: (text: string) => `« ${text} »`,
  },
} as const;

/**
 * The bot's learning loop: the questions it did not answer well, grouped by what they say, and the three fixes an admin
 * makes in one click (link an article, draft one, add a synonym) or a dismissal. A linked question is answered with its
 * article the next time it is asked (`findLearnedArticleId`). Each fix is kept, and audited.
 */
export class BotLearningService {
  constructor(
    private readonly db: Database,
    private readonly repository: BotLearningRepository,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The open groups of a period, most asked first: a group fixed since it was last asked is left out. */
  async listGroups(actor: Actor, query: TListBotLearningQuery): Promise<Page<TBotLearningGroup>> {
    const period = periodOf(query, this.clock.now());
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['integer', 'timestamp', 'uuid']) : undefined;
    const [wordings, fixes] = await Promise.all([
      this.repository.listFailedQuestionTexts(this.db, actor.workspaceId, { ...period, language: query.language }, MAX_WORDINGS),
      this.repository.listLatestFixesSince(this.db, actor.workspaceId, period.from),
    ]);
    const fixedAt = new Map(fixes.map((fix) => [groupKeyOf(fix.language, fix.foldedQuestion), fix.createdAt.getTime()]));
    let open = groupFailedQuestions(wordings).filter((group) => (fixedAt.get(group.key) ?? -Infinity) < group.lastAskedAt.getTime());
    if (after) {
      const cursor = { count: Number(after[0]), lastAskedAt: new Date(String(after[1])), latestQuestionId: String(after[2]) };
      open = open.filter((group) => compareGroups(group, cursor) > 0);
    }
    const page = open.slice(0, query.limit);
    const last = page.at(-1);
    const articles = await this.publicArticlesById(actor.workspaceId, page.map((group) => group.candidateArticleId));
    return {
      data: page.map((group) => presentGroup(group, articles)),
      nextCursor: open.length > query.limit && last ? encodeCursor([last.count, last.lastAskedAt.toISOString(), last.latestQuestionId]) : null,
    };
  }

  /**
   * The article a question was linked to, when the same question (folded: case, accents and punctuation aside) was
   * linked in that language and the article is still published and public; else null. For the bot, before it searches.
   */
  async findLearnedArticleId(workspaceId: string, language: KbLanguage, question: string): Promise<string | null> {
    const foldedQuestion = foldText(question);
    if (!foldedQuestion || foldedQuestion.length > MAX_LEARNED_QUESTION) return null;
    const learned = await this.repository.findLearnedAnswer(this.db, workspaceId, language, foldedQuestion);
    if (!learned) return null;
    const [article] = await this.knowledgeBase.listArticleTitles(workspaceId, [learned.articleId]);
    return article && isPublic(article) && article.language === language ? article.id : null;
  }

  /** Fix (a): the question's group is answered with a published, public article of its language from now on. */
  async linkArticle(actor: Actor, questionId: string, input: TLinkBotArticleRequest) {
    const group = await this.requireGroup(actor.workspaceId, questionId);
    if (group.foldedQuestion.length > MAX_LEARNED_QUESTION) throw validationError('questionId', `the question is too long to learn (over ${MAX_LEARNED_QUESTION} characters); draft an article or add a synonym instead`);
    const [article] = await this.knowledgeBase.listArticleTitles(actor.workspaceId, [input.articleId]);
    if (!article) throw new AppError(KnowledgeBaseErrorCode.ArticleNotFound, 'No such knowledge base article.');
    if (!isPublic(article)) throw validationError('articleId', 'the bot answers only with a published, public article');
    if (article.language !== group.language) throw validationError('articleId', `the article is in ${languageName(article.language)} and the question in ${languageName(group.language)}: choose an article in the question’s language`);
    const fix = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      await this.repository.upsertLearnedAnswer(tx, { workspaceId: actor.workspaceId, language: group.language, foldedQuestion: group.foldedQuestion, articleId: article.id, createdBy: actor.userId, createdAt: now });
      return this.recordFix(tx, actor, group, 'link_article', article.id, { title: article.title });
    });
    return { fix, article: presentArticle(article) };
  }

  /**
   * Fix (b): a draft article in the question's language, titled with the question, its body listing the customers'
   * wordings, in the section given or the knowledge base's first. The screen opens it for the answer to be written.
   */
  async draftArticle(actor: Actor, questionId: string, input: TDraftBotArticleRequest) {
    const group = await this.requireGroup(actor.workspaceId, questionId);
    const sectionId = input.sectionId ?? (await this.knowledgeBase.listSections(actor, {}))[0]?.id;
    if (!sectionId) throw validationError('sectionId', 'the knowledge base has no section yet: create one first');
    const phrasings = await this.phrasingsOf(actor.workspaceId, group);
    // The knowledge base writes in its own transaction (on PGlite one connection serves every transaction, so the two
    // cannot nest); the fix follows once the draft exists.
    const article = await this.knowledgeBase.createArticle(actor, {
      sectionId,
      language: group.language,
      title: titleOf(group.question),
      body: draftBodyOf(group.language, phrasings),
      status: 'draft',
      visibility: 'public',
      tags: ['bot'],
    });
    const fix = await this.db.transaction((tx) => this.recordFix(tx, actor, group, 'draft_article', article.id, { title: article.title }));
    return { fix, article: { id: article.id, title: article.title, language: article.language } };
  }

  /**
   * Fix (c): the customer's words become synonyms of a term in the question's language: added to the term's group, or
   * a new group with the term. A word already in another group is refused (it would join the two groups).
   */
  async addSynonym(actor: Actor, questionId: string, input: TAddBotSynonymRequest) {
    const group = await this.requireGroup(actor.workspaceId, questionId);
    const words = input.words.filter((word) => word !== input.term);
    if (words.length === 0) throw validationError('words', 'give at least one word other than the term itself');
    const { groups } = await this.knowledgeBase.getSynonyms(actor);
    const next = groups.map((synonymGroup) => ({ language: synonymGroup.language, terms: [...synonymGroup.terms] }));
    let target = next.find((synonymGroup) => synonymGroup.language === group.language && synonymGroup.terms.includes(input.term));
    for (const word of words) {
      const elsewhere = next.find((synonymGroup) => synonymGroup !== target && synonymGroup.language === group.language && synonymGroup.terms.includes(word));
      if (elsewhere) throw validationError('words', `“${word}” is already a synonym of “${elsewhere.terms.find((term) => term !== word) ?? word}”`);
    }
    if (target) target.terms.push(...words.filter((word) => !target!.terms.includes(word)));
    else next.push((target = { language: group.language, terms: [input.term, ...words] }));
    const parsed = ZReplaceKbSynonymsRequest.safeParse({ groups: next });
    if (!parsed.success) throw validationError('words', parsed.error.issues[0]?.message ?? 'the synonym group would not be valid');
    // As for drafts: the knowledge base's write first, in its own transaction, then the fix.
    await this.knowledgeBase.replaceSynonyms(actor, parsed.data);
    const fix = await this.db.transaction((tx) => this.recordFix(tx, actor, group, 'add_synonym', null, { term: input.term, words }));
    return { fix, group: { language: group.language, terms: target.terms } };
  }

  /** Nothing to fix (thanks, greetings, off-topic): the group leaves the list until it fails again. */
  async dismiss(actor: Actor, questionId: string) {
    const group = await this.requireGroup(actor.workspaceId, questionId);
    const fix = await this.db.transaction((tx) => this.recordFix(tx, actor, group, 'dismiss', null, {}));
    return { fix };
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────

  private async requireGroup(workspaceId: string, questionId: string): Promise<QuestionGroupRef> {
    const row = await this.repository.findQuestion(this.db, workspaceId, questionId);
    if (!row) throw new AppError(BotLearningErrorCode.QuestionNotFound, 'No such bot question in this workspace.');
    const foldedQuestion = foldText(row.question);
    if (!foldedQuestion) throw validationError('questionId', 'the question has no words to learn from');
    return { questionId: row.id, question: row.question.trim(), language: row.language === 'fr' ? 'fr' : 'en', foldedQuestion };
  }

  private async recordFix(tx: Executor, actor: Actor, group: QuestionGroupRef, kind: BotLearningFixKind, articleId: string | null, details: Record<string, unknown>): Promise<TBotLearningFix> {
    const row = await this.repository.insertFix(tx, { workspaceId: actor.workspaceId, language: group.language, foldedQuestion: group.foldedQuestion, kind, articleId, details, createdBy: actor.userId, createdAt: this.clock.now() });
    await this.audit.record(tx, {
      workspaceId: actor.workspaceId,
      actorType: 'user',
      actorId: actor.userId,
      action: `bot.learning.${kind}`,
      targetType: 'bot_question',
      targetId: group.questionId,
      details: { language: group.language, question: group.question.slice(0, 200), ...(articleId && { articleId }), ...details },
    });
    return presentFix(row);
  }

  /** The group's wordings over the last months, most asked first, for a draft's body. */
  private async phrasingsOf(workspaceId: string, group: QuestionGroupRef): Promise<string[]> {
    const to = this.clock.now();
    const wordings = await this.repository.listFailedQuestionTexts(this.db, workspaceId, { from: new Date(to.getTime() - DRAFT_LOOKBACK_DAYS * DAY), to: new Date(to.getTime() + 1), language: group.language }, MAX_WORDINGS);
    const same = groupFailedQuestions(wordings).find((candidate) => candidate.foldedQuestion === group.foldedQuestion);
    const phrasings = same ? same.wordings.map((wording) => wording.question.trim()) : [];
    return phrasings.length > 0 ? phrasings.slice(0, PHRASINGS_IN_DRAFT) : [group.question];
  }

  private async publicArticlesById(workspaceId: string, ids: Array<string | null>): Promise<Map<string, KbArticleTitle>> {
    const wanted = ids.filter((id): id is string => id !== null);
    const articles = await this.knowledgeBase.listArticleTitles(workspaceId, wanted);
    return new Map(articles.filter(isPublic).map((article) => [article.id, article]));
  }
}

// ── Pure rules and presenters ─────────────────────────────────────────────────────────────────────────

const isPublic = (article: Pick<KbArticleTitle, 'status' | 'visibility'>) => article.status === 'published' && article.visibility === 'public';
const languageName = (language: KbLanguage) => (language === 'fr' ? 'French' : 'English');

/** A question as an article's title: its first line, cut at a word within 200 characters, with a capital first letter. */
export function titleOf(question: string): string {
  const line = question.trim().split(/\s*\n\s*/)[0]!.replace(/\s+/g, ' ');
  const cut = line.length <= 200 ? line : `${line.slice(0, 199).replace(/\s+\S*$/, '')}…`;
  return cut.charAt(0).toLocaleUpperCase() + cut.slice(1);
}

/** The draft's body: the customers' wordings as a list, then where the answer goes, in the question's language. */
export function draftBodyOf(language: KbLanguage, phrasings: string[]): string {
  const text = DRAFT_TEXT[language];
  const quoted = phrasings.map((phrasing) => `- ${text.quote(phrasing.replace(/\s+/g, ' ').slice(0, 300))}`);
  return [text.intro, '', ...quoted, '', `## ${text.answer}`, '', text.placeholder, ''].join('\n');
}

function presentGroup(group: FailedQuestionGroup, articles: Map<string, KbArticleTitle>): TBotLearningGroup {
  const candidate = group.candidateArticleId ? articles.get(group.candidateArticleId) : undefined;
  const sum = (pick: (wording: FailedQuestionText) => number) => group.wordings.reduce((total, wording) => total + pick(wording), 0);
  return {
    id: group.latestQuestionId,
    question: group.question,
    language: group.language,
    phrasings: group.wordings.slice(0, PHRASINGS_SHOWN).map((wording) => wording.question),
    count: group.count,
    lastAskedAt: group.lastAskedAt.toISOString(),
    reasons: {
      noAnswer: sum((wording) => wording.noAnswerCount),
      clarify: sum((wording) => wording.clarifyCount),
      lowConfidence: sum((wording) => wording.lowConfidenceCount),
      notHelpful: sum((wording) => wording.notHelpfulCount),
    },
    candidateArticle: candidate && candidate.language === group.language ? presentArticle(candidate) : null,
  };
}

function presentArticle(article: Pick<KbArticleTitle, 'id' | 'title' | 'language'>) {
  return { id: article.id, title: article.title, language: article.language };
}

function presentFix(row: BotLearningFixRow): TBotLearningFix {
  return {
    id: row.id,
    kind: row.kind,
    language: row.language === 'fr' ? 'fr' : 'en',
    foldedQuestion: row.foldedQuestion,
    articleId: row.articleId,
    details: row.details,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
