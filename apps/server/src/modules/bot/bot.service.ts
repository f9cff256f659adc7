import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, BotErrorCode } from '../../shared/errors.js';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { DEFAULT_BOT_LEXICONS, type BotLexicons } from './bot-lexicons.js';
import type { BotConversationRow, BotRepository } from './bot.repository.js';
import { buildVocabulary, knowsWord, queryTermsOf, rankCandidates, type BotCandidate, type BotRanking, type BotVocabulary } from './bot.retrieval.js';
import type { BotHandoffReason, BotOutcome, TBotAnswer, TBotAskRequest } from './bot.schema.js';
import type { BotTranscriptEntry } from './bot.tables.js';
import { asksForHuman, contentWordsOf, countNegativeWords, detectLanguage, extractOf, findSensitiveTopic, foldText, hasProfanity, isShouting, stemOf } from './bot.text.js';

/** At or above: the best article is the answer. */
export const ANSWER_THRESHOLD = 0.55;
/** At or above (and below the answer threshold): ask which of the two best articles is meant. */
export const CLARIFY_THRESHOLD = 0.3;
/** Questions in a row without an answer before a person takes over. */
const MISSES_BEFORE_HANDOFF = 2;
/** Words of discontent over the last three customer messages that make a trend. */
const NEGATIVE_TREND = 3;
const TRANSCRIPT_LENGTH = 20;
const SEARCH_CANDIDATES = 8;
const VOCABULARY_CACHE_SIZE = 200;

/** The bot's sentences, in both languages. */
const MESSAGES = {
  en: {
    helped: 'Did this help?',
    readMore: 'Read the article:',
    clarify: (first: string, second: string) => `Do you mean “${first}” or “${second}”?`,
    noAnswer: 'Sorry, I did not find an answer to that. Could you say it another way, with a few more details?',
    handoff: {
      asked_for_human: 'Of course. I am passing you to a member of our team, who will answer you here.',
      frustration: 'I am sorry this has been frustrating. A member of our team will take it from here and answer you shortly.',
      sensitive_topic: 'This is something a member of our team should handle personally. I am passing your message on, and someone will answer you here.',
      vip: 'A member of our team will answer you personally, right here.',
      no_answer: 'I still have no answer for you, so I am passing your question to a member of our team, who will answer you here.',
    } satisfies Record<BotHandoffReason, string>,
    alreadyHandedOff: 'A member of our team has your conversation and will answer you here shortly.',
  },
  fr: {
    helped: 'Est-ce que cela vous a aidé?',
    readMore: 'Lire l’article :',
    clarify: (first: string, second: string) => `Voulez-vous dire « ${first} » ou « ${second} »?`,
    noAnswer: 'Désolé, je n’ai pas trouvé de réponse à cette question. Pourriez-vous la formuler autrement, avec un peu plus de détails?',
    handoff: {
      asked_for_human: 'Bien sûr. Je vous mets en contact avec un membre de notre équipe, qui vous répondra ici.',
      frustration: 'Je suis désolé de ces difficultés. Un membre de notre équipe prend le relais et vous répondra sous peu.',
      sensitive_topic: 'C’est une question qu’un membre de notre équipe doit traiter personnellement. Je lui transmets votre message; quelqu’un vous répondra ici.',
      vip: 'Un membre de notre équipe va vous répondre personnellement, ici même.',
      no_answer: 'Je n’ai toujours pas de réponse pour vous : je transmets votre question à un membre de notre équipe, qui vous répondra ici.',
    } satisfies Record<BotHandoffReason, string>,
    alreadyHandedOff: 'Un membre de notre équipe a votre conversation en main et vous répondra ici sous peu.',
  },
} as const;

export type TBotAskInput = TBotAskRequest;

interface Decision {
  outcome: BotOutcome;
  reason: BotHandoffReason | null;
  answer: string;
  articleId: string | null;
  /** The article logged with the question: the answer's, or the best candidate's. */
  loggedArticleId: string | null;
  confidence: number;
  consecutiveMisses: number;
}

/**
 * The customers' bot: answers a question from the knowledge base's public articles when it is sure enough, asks
 * which of two articles is meant when it hesitates, and hands the conversation to a person when the customer asks
 * for one, is upset, raises a sensitive topic, is a VIP, or twice gets no answer. Takes a workspace rather than an
 * actor, so the chat widget and the messaging channels can ask on a customer's behalf.
 */
export class BotService {
  private readonly vocabularies = new Map<string, { version: string; vocabulary: BotVocabulary }>();

  constructor(
    private readonly db: Database,
    private readonly repository: BotRepository,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly workspaces: WorkspacesService,
    private readonly customers: CustomersService,
    private readonly clock: Clock,
    private readonly lexicons: BotLexicons = DEFAULT_BOT_LEXICONS,
  ) {}

  async ask(workspaceId: string, input: TBotAskInput): Promise<TBotAnswer> {
    const question = input.question.trim();
    const workspaceRow = await this.workspaces.get(workspaceId);
    const workspace = { slug: workspaceRow.slug, defaultLanguage: (workspaceRow.defaultLanguage === 'fr' ? 'fr' : 'en') as KbLanguage };
    const earlier = input.conversationId ? await this.requireConversation(this.db, workspaceId, input.conversationId) : undefined;
    const fallbackLanguage = earlier?.language === 'fr' || earlier?.language === 'en' ? earlier.language : workspace.defaultLanguage;
    const language = input.language ?? detectLanguage(question, this.lexicons, fallbackLanguage, await this.articleVotesOf(workspaceId, question));
    const customerEmail = input.customerEmail?.toLowerCase() ?? earlier?.customerEmail ?? null;
    const isVip = customerEmail ? (await this.customers.findByEmails(this.db, workspaceId, [customerEmail])).get(customerEmail)?.tier === 'vip' : false;

    // The search runs outside the write, which only records what was decided (on PGlite the transaction holds the
    // one connection).
    const needsSearch = !earlier?.handedOffAt && this.handoffReasonOf(question, earlier?.transcript ?? [], isVip) === null;
    const ranking = needsSearch ? await this.rank(workspaceId, language, this.searchTextOf(question, earlier?.transcript ?? [])) : { candidates: [], confidence: 0 };

    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const current = input.conversationId ? await this.requireConversation(tx, workspaceId, input.conversationId, { isLocked: true }) : undefined;
      const transcript = current?.transcript ?? [];
      const decision = this.decide({ question, language, transcript, consecutiveMisses: current?.consecutiveMisses ?? 0, handedOff: current?.handedOffAt ? (current.handoffReason as BotHandoffReason) : null, isVip, ranking, helpCenterPath: helpCenterPathOf(workspace.slug, language) });
      const nextTranscript: BotTranscriptEntry[] = [
        ...transcript,
        { from: 'customer' as const, text: question.slice(0, 2000), at: now.toISOString(), negativeWords: countNegativeWords(foldText(question), this.lexicons) },
        { from: 'bot' as const, text: decision.answer, at: now.toISOString(), outcome: decision.outcome },
      ].slice(-TRANSCRIPT_LENGTH);
      const isNewHandoff = decision.outcome === 'handoff' && !current?.handedOffAt;
      let conversationId: string;
      if (current) {
        conversationId = current.id;
        await this.repository.updateConversation(tx, workspaceId, current.id, {
          language,
          consecutiveMisses: decision.consecutiveMisses,
          transcript: nextTranscript,
          customerEmail,
          ...(isNewHandoff && { handedOffAt: now, handoffReason: decision.reason }),
          updatedAt: now,
        });
      } else {
        const created = await this.repository.insertConversation(tx, {
          workspaceId,
          language,
          consecutiveMisses: decision.consecutiveMisses,
          transcript: nextTranscript,
          customerEmail,
          handedOffAt: isNewHandoff ? now : null,
          handoffReason: isNewHandoff ? decision.reason : null,
          createdAt: now,
          updatedAt: now,
        });
        conversationId = created.id;
      }
      await this.repository.insertQuestion(tx, {
        workspaceId,
        conversationId,
        question: question.slice(0, 2000),
        language,
        articleId: decision.loggedArticleId,
        confidence: decision.confidence,
        outcome: decision.outcome,
        reason: decision.reason,
        createdAt: now,
      });
      return {
        answer: decision.answer,
        articleId: decision.articleId,
        confidence: Math.round(decision.confidence * 1000) / 1000,
        handoff: decision.outcome === 'handoff',
        reason: decision.reason,
        language,
        conversationId,
      };
    });
  }

  /** The questions of a conversation and what the bot did with each, oldest first (for tests and later analytics). */
  async listQuestions(workspaceId: string, conversationId: string) {
    await this.requireConversation(this.db, workspaceId, conversationId);
    return this.repository.listQuestions(this.db, workspaceId, conversationId);
  }

  /** The best articles for a question in a language, and the confidence in the first: for the evaluation. */
  async rank(workspaceId: string, language: KbLanguage, text: string): Promise<BotRanking> {
    const vocabulary = await this.vocabularyOf(workspaceId, language);
    const terms = queryTermsOf(text, vocabulary, this.lexicons);
    if (terms.length === 0) return { candidates: [], confidence: 0 };
    // Any of the words, in web search syntax: the re-ranking below weighs how many each article has.
    const q = [...new Set(terms.map((term) => term.word))].join(' or ');
    const results = await this.knowledgeBase.search(workspaceId, { q, language, includeInternal: false, limit: SEARCH_CANDIDATES });
    return rankCandidates(terms, results, vocabulary);
  }

  // ── Rules ─────────────────────────────────────────────────────────────────────────────────────────────

  /** A reason to hand off before looking for an answer, in order of precedence; null when there is none. */
  private handoffReasonOf(question: string, transcript: BotTranscriptEntry[], isVip: boolean): BotHandoffReason | null {
    const folded = foldText(question);
    if (asksForHuman(folded, this.lexicons)) return 'asked_for_human';
    if (findSensitiveTopic(folded, this.lexicons)) return 'sensitive_topic';
    if (hasProfanity(folded, this.lexicons) || isShouting(question)) return 'frustration';
    const negativeNow = countNegativeWords(folded, this.lexicons);
    const negativeBefore = transcript
      .filter((entry) => entry.from === 'customer')
      .slice(-2)
      .reduce((sum, entry) => sum + (entry.negativeWords ?? 0), 0);
    if (negativeNow > 0 && negativeNow + negativeBefore >= NEGATIVE_TREND) return 'frustration';
    if (isVip) return 'vip';
    return null;
  }

  /** After a clarifying question, the customer's reply is read with the question it clarifies. */
  private searchTextOf(question: string, transcript: BotTranscriptEntry[]): string {
    const last = transcript.at(-1);
    if (last?.from !== 'bot' || last.outcome !== 'clarify') return question;
    const asked = transcript.at(-2);
    return asked?.from === 'customer' ? `${asked.text} ${question}` : question;
  }

  private decide(context: {
    question: string;
    language: KbLanguage;
    transcript: BotTranscriptEntry[];
    consecutiveMisses: number;
    handedOff: BotHandoffReason | null;
    isVip: boolean;
    ranking: BotRanking;
    helpCenterPath: string;
  }): Decision {
    const messages = MESSAGES[context.language];
    const { ranking } = context;
    const best = ranking.candidates[0];
    const handoff = (reason: BotHandoffReason, answer = messages.handoff[reason]): Decision => ({
      outcome: 'handoff',
      reason,
      answer,
      articleId: null,
      loggedArticleId: best?.article.id ?? null,
      confidence: ranking.confidence,
      consecutiveMisses: context.consecutiveMisses,
    });
    if (context.handedOff) return handoff(context.handedOff, messages.alreadyHandedOff);
    const reason = this.handoffReasonOf(context.question, context.transcript, context.isVip);
    if (reason) return handoff(reason);

    if (best && ranking.confidence >= ANSWER_THRESHOLD) {
      return { outcome: 'answer', reason: null, answer: answerText(best, context.helpCenterPath, messages), articleId: best.article.id, loggedArticleId: best.article.id, confidence: ranking.confidence, consecutiveMisses: 0 };
    }
    const second = ranking.candidates[1];
    if (best && second && ranking.confidence >= CLARIFY_THRESHOLD) {
      return { outcome: 'clarify', reason: null, answer: messages.clarify(best.article.title, second.article.title), articleId: null, loggedArticleId: best.article.id, confidence: ranking.confidence, consecutiveMisses: context.consecutiveMisses };
    }
    const misses = context.consecutiveMisses + 1;
    if (misses >= MISSES_BEFORE_HANDOFF) return { ...handoff('no_answer'), consecutiveMisses: misses };
    return { outcome: 'no_answer', reason: null, answer: messages.noAnswer, articleId: null, loggedArticleId: best?.article.id ?? null, confidence: ranking.confidence, consecutiveMisses: misses };
  }

  /** For each language, how many of the question's words only that language's articles use (exactly, else nearly). */
  private async articleVotesOf(workspaceId: string, question: string): Promise<Record<KbLanguage, number>> {
    const [en, fr] = await Promise.all([this.vocabularyOf(workspaceId, 'en'), this.vocabularyOf(workspaceId, 'fr')]);
    const words = contentWordsOf(question, this.lexicons);
    const count = (isKnown: (word: string, vocabulary: BotVocabulary) => boolean) => {
      const votes = { en: 0, fr: 0 };
      for (const word of words) {
        const [inEnglish, inFrench] = [isKnown(word, en), isKnown(word, fr)];
        if (inEnglish && !inFrench) votes.en += 1;
        if (inFrench && !inEnglish) votes.fr += 1;
      }
      return votes;
    };
    const exact = count((word, vocabulary) => vocabulary.documentFrequency.has(stemOf(word)));
    return exact.en !== exact.fr ? exact : count(knowsWord);
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────

  private async requireConversation(executor: Executor, workspaceId: string, id: string, options: { isLocked?: boolean } = {}): Promise<BotConversationRow> {
    const row = await this.repository.findConversation(executor, workspaceId, id, options);
    if (!row) throw new AppError(BotErrorCode.ConversationNotFound, 'No such bot conversation in this workspace.');
    return row;
  }

  /** The articles' words of a language, rebuilt when an article or a synonym of that language changes. */
  private async vocabularyOf(workspaceId: string, language: KbLanguage): Promise<BotVocabulary> {
    const key = `${workspaceId}:${language}`;
    const version = await this.knowledgeBase.findPublicKnowledgeVersion(workspaceId, language);
    const cached = this.vocabularies.get(key);
    if (cached?.version === version) return cached.vocabulary;
    const [articles, synonyms] = await Promise.all([this.knowledgeBase.listPublicArticleTexts(workspaceId, language), this.knowledgeBase.listSynonymTerms(workspaceId, language)]);
    const vocabulary = buildVocabulary(articles, synonyms);
    this.vocabularies.delete(key);
    this.vocabularies.set(key, { version, vocabulary });
    if (this.vocabularies.size > VOCABULARY_CACHE_SIZE) this.vocabularies.delete(this.vocabularies.keys().next().value!);
    return vocabulary;
  }
}

/** Where the help center shows an article: `/help/<workspace>[/fr]/articles/<slug>`. */
export function helpCenterPathOf(workspaceSlug: string, language: KbLanguage): string {
  return `/help/${workspaceSlug}${language === 'fr' ? '/fr' : ''}`;
}

function answerText(candidate: BotCandidate, helpCenterPath: string, messages: (typeof MESSAGES)[KbLanguage]): string {
  const { article } = candidate;
  return [article.title, extractOf(article.body), `${messages.readMore} ${helpCenterPath}/articles/${article.slug}`, messages.helped].join('\n\n');
}
