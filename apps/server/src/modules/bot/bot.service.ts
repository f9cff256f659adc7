import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, BotErrorCode, TicketErrorCode } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { requireAccess, type Actor } from '../auth/permissions.js';
import type { CommentsService } from '../comments/comments.service.js';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { TTicket } from '../tickets/tickets.schema.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { emailOf, feedbackOf, isSkip, nameOf, orderNumberOf, taskOf, ticketNumberOf } from './bot-dialog.js';
import { DEFAULT_BOT_LEXICONS, type BotLexicons, type BotSensitiveTopic } from './bot-lexicons.js';
import { botWordsOf, HANDOFF_NOTE_WORDS, type BotWords } from './bot-persona.js';
import type { BotConversationRow, BotRepository, BotSettingsRow } from './bot.repository.js';
import { buildVocabulary, knowsWord, queryTermsOf, rankCandidates, type BotCandidate, type BotRanking, type BotVocabulary } from './bot.retrieval.js';
import type { BotAskedField, BotHandoffReason, BotOutcome, TBotAnswer, TBotAskRequest, TBotSettings, TUpdateBotSettingsRequest } from './bot.schema.js';
import type { BotConversationState, BotField, BotTranscriptEntry } from './bot.tables.js';
import { asksForHuman, contentWordsOf, countNegativeWords, detectLanguage, extractOf, findSensitiveTopic, foldText, hasProfanity, isShouting, stemOf } from './bot.text.js';

/** At or above: the best article is the answer. */
export const ANSWER_THRESHOLD = 0.55;
/** At or above (and below the answer threshold): ask which of the two best articles is meant. */
export const CLARIFY_THRESHOLD = 0.3;
/** Questions in a row without an answer before a person takes over. */
const MISSES_BEFORE_HANDOFF = 2;
/** Words of discontent over the last three customer messages that make a trend. */
const NEGATIVE_TREND = 3;
const TRANSCRIPT_LENGTH = 40;
const SEARCH_CANDIDATES = 8;
const VOCABULARY_CACHE_SIZE = 200;

export type TBotAskInput = TBotAskRequest;

/** Who asks, from where: the channel a conversation lives in, what it already knows of the customer, and whether a person can take over now. */
export interface BotAskContext {
  channel?: 'api' | 'chat' | 'messaging';
  /** The customer as the channel knows them (a chat visitor's name and email): not asked again. */
  known?: { name?: string | null; email?: string | null };
  /** False outside business hours or with nobody online: a handoff becomes a message answered by email (per the persona). */
  isTeamAvailable?: boolean;
  /** Who the conversation belongs to on the channel (a chat visitor): another owner's conversation is not found. */
  owner?: string;
}

/** A learned answer (an admin linked a question to an article): looked up before searching. */
export interface BotLearnedAnswers {
  findLearnedArticleId(workspaceId: string, language: KbLanguage, question: string): Promise<string | null>;
}

interface Decision {
  outcome: BotOutcome;
  reason: BotHandoffReason | null;
  answer: string;
  articleId: string | null;
  /** The article logged with the question: the answer's, or the best candidate's. */
  loggedArticleId: string | null;
  confidence: number;
  consecutiveMisses: number;
  state: BotConversationState;
  /** Whether the message is a question to log (a name, an email or a "yes" is not). */
  isQuestion: boolean;
  /** The handoff's fields are in: the channel hands the conversation to a person now. */
  handoffReady?: boolean;
  /** A ticket to open now, for the create-ticket task or a handoff outside business hours. */
  openTicket?: 'task' | 'after_hours';
  /** The customer's answer to "did this help?", recorded on the question it answers. */
  feedback?: 'helpful' | 'not_helpful';
  isResolved?: boolean;
  ticketNumber?: number | null;
}

/** Where a conversation's task stands when nothing is under way. */
const IDLE: BotConversationState = { task: null, awaiting: null, fields: {} };
/** The task fields asked in this order. */
const TASK_FIELDS: Record<'create_ticket' | 'ticket_status', BotAskedField[]> = { create_ticket: ['name', 'email', 'description'], ticket_status: ['ticket_number', 'email'] };
const TICKET_CHANNEL: Record<'api' | 'chat' | 'messaging', TTicket['channel']> = { api: 'api', chat: 'web', messaging: 'messaging' };
const SUBJECT_CHARACTERS = 120;

/**
 * The customers' bot: answers a question from the knowledge base's public articles when it is sure enough, asks
 * which of two articles is meant when it hesitates, and hands the conversation to a person when the customer asks
 * for one, is upset, raises a sensitive topic, is a VIP, or twice gets no answer — after collecting what the team
 * wants to know (the persona's handoff fields), so the customer never repeats themselves. It also opens a ticket,
 * and tells a ticket's status given its number and the requester's email. Takes a workspace rather than an actor,
 * so the chat widget and the messaging channels can ask on a customer's behalf.
 */
export class BotService {
  private readonly vocabularies = new Map<string, { version: string; vocabulary: BotVocabulary }>();
  private learned: BotLearnedAnswers | undefined;

  constructor(
    private readonly db: Database,
    private readonly repository: BotRepository,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly workspaces: WorkspacesService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly comments: CommentsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly lexicons: BotLexicons = DEFAULT_BOT_LEXICONS,
  ) {}

  /** Where learned answers come from (the learning loop), set once the services are built. */
  useLearnedAnswers(learned: BotLearnedAnswers): void {
    this.learned = learned;
  }

  async ask(workspaceId: string, input: TBotAskInput, context: BotAskContext = {}): Promise<TBotAnswer> {
    const question = input.question.trim();
    const workspaceRow = await this.workspaces.get(workspaceId);
    const workspace = { slug: workspaceRow.slug, defaultLanguage: (workspaceRow.defaultLanguage === 'fr' ? 'fr' : 'en') as KbLanguage };
    const settings = await this.settingsRowOf(workspaceId);
    const earlier = input.conversationId ? await this.requireConversation(this.db, workspaceId, input.conversationId, { owner: context.owner }) : undefined;
    const fallbackLanguage = earlier?.language === 'fr' || earlier?.language === 'en' ? earlier.language : workspace.defaultLanguage;
    // A name or an email typed for the bot says nothing of the language: the conversation's stays.
    const language = input.language ?? (earlier?.state.awaiting ? fallbackLanguage : detectLanguage(question, this.lexicons, fallbackLanguage, await this.articleVotesOf(workspaceId, question)));
    const customerEmail = input.customerEmail?.toLowerCase() ?? context.known?.email?.toLowerCase() ?? earlier?.customerEmail ?? null;
    const isVip = customerEmail ? (await this.customers.findByEmails(this.db, workspaceId, [customerEmail])).get(customerEmail)?.tier === 'vip' : false;

    // The search runs outside the write, which only records what was decided (on PGlite the transaction holds the
    // one connection).
    const needsSearch = earlier ? this.needsSearch(question, earlier, isVip, settings) : this.needsSearch(question, undefined, isVip, settings);
    const ranking = needsSearch ? await this.rankWithLearned(workspaceId, language, question, earlier?.transcript ?? []) : { candidates: [], confidence: 0 };

    const now = this.clock.now();
    const words = botWordsOf(language, personaOf(settings));
    const result = await this.db.transaction(async (tx) => {
      const current = input.conversationId ? await this.requireConversation(tx, workspaceId, input.conversationId, { isLocked: true, owner: context.owner }) : undefined;
      const transcript = current?.transcript ?? [];
      const known = { name: context.known?.name ?? undefined, email: customerEmail ?? undefined };
      const decision = await this.decide(tx, workspaceId, {
        question,
        language,
        words,
        transcript,
        state: current?.state ?? IDLE,
        consecutiveMisses: current?.consecutiveMisses ?? 0,
        handedOff: current?.handedOffAt ? (current.handoffReason as BotHandoffReason) : null,
        isVip,
        ranking,
        helpCenterPath: helpCenterPathOf(workspace.slug, language),
        settings,
        known,
        isTeamAvailable: context.isTeamAvailable ?? true,
      });
      const nextTranscript: BotTranscriptEntry[] = [
        ...transcript,
        { from: 'customer' as const, text: question.slice(0, 2000), at: now.toISOString(), negativeWords: countNegativeWords(foldText(question), this.lexicons) },
        { from: 'bot' as const, text: decision.answer, at: now.toISOString(), outcome: decision.outcome },
      ].slice(-TRANSCRIPT_LENGTH);
      const isNewHandoff = decision.outcome === 'handoff' && !current?.handedOffAt;
      const fieldEmail = decision.state.fields.email ?? null;
      let conversation: BotConversationRow;
      if (current) {
        conversation = { ...current, language, consecutiveMisses: decision.consecutiveMisses, transcript: nextTranscript, customerEmail: customerEmail ?? fieldEmail, state: decision.state, updatedAt: now };
        if (isNewHandoff) Object.assign(conversation, { handedOffAt: now, handoffReason: decision.reason });
        if (decision.isResolved && !current.resolvedAt) conversation.resolvedAt = now;
        await this.repository.updateConversation(tx, workspaceId, current.id, {
          language,
          consecutiveMisses: decision.consecutiveMisses,
          transcript: nextTranscript,
          customerEmail: conversation.customerEmail,
          state: decision.state,
          ...(isNewHandoff && { handedOffAt: now, handoffReason: decision.reason }),
          ...(decision.isResolved && !current.resolvedAt && { resolvedAt: now }),
          updatedAt: now,
        });
      } else {
        conversation = await this.repository.insertConversation(tx, {
          workspaceId,
          language,
          channel: context.channel ?? 'api',
          owner: context.owner ?? null,
          consecutiveMisses: decision.consecutiveMisses,
          transcript: nextTranscript,
          customerEmail: customerEmail ?? fieldEmail,
          state: decision.state,
          handedOffAt: isNewHandoff ? now : null,
          handoffReason: isNewHandoff ? decision.reason : null,
          createdAt: now,
          updatedAt: now,
        });
      }
      if (decision.isQuestion) {
        await this.repository.insertQuestion(tx, {
          workspaceId,
          conversationId: conversation.id,
          question: question.slice(0, 2000),
          language,
          articleId: decision.loggedArticleId,
          confidence: decision.confidence,
          outcome: decision.outcome,
          reason: decision.reason,
          createdAt: now,
        });
      }
      if (decision.feedback) await this.repository.setLastAnswerFeedback(tx, workspaceId, conversation.id, decision.feedback);
      let ticketNumber = decision.ticketNumber ?? null;
      let answer = decision.answer;
      if (decision.openTicket) {
        const ticket = await this.openTicket(tx, workspaceId, conversation, decision.state, workspace.defaultLanguage, decision.openTicket);
        ticketNumber = ticket.number;
        const email = decision.state.fields.email ?? customerEmail ?? '';
        answer = decision.openTicket === 'task' ? words.ticketCreated(ticket.number, email) : words.takenMessage(ticket.number, email);
        const last = nextTranscript.at(-1)!;
        last.text = answer;
        await this.repository.updateConversation(tx, workspaceId, conversation.id, { transcript: nextTranscript, ticketId: ticket.id, state: IDLE });
      }
      return {
        answer,
        articleId: decision.articleId,
        confidence: Math.round(decision.confidence * 1000) / 1000,
        handoff: decision.outcome === 'handoff' || conversation.handedOffAt !== null,
        reason: decision.reason ?? (conversation.handoffReason as BotHandoffReason | null) ?? null,
        language,
        conversationId: conversation.id,
        awaiting: decision.openTicket ? null : decision.state.awaiting,
        handoffReady: decision.handoffReady === true && !decision.openTicket,
        ticketNumber,
      };
    });
    if (result.ticketNumber !== null) this.outbox.nudge();
    return result;
  }

  /** The questions of a conversation and what the bot did with each, oldest first (for tests and later analytics). */
  async listQuestions(workspaceId: string, conversationId: string) {
    await this.requireConversation(this.db, workspaceId, conversationId, { isAnyOwner: true });
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

  // ── Handoff to a person ──────────────────────────────────────────────────────────────────────────────

  /**
   * The note an agent reads when the conversation reaches them: why, what the customer gave, and the whole
   * transcript, in the team's language. The channel writes it on the ticket it hands the conversation to.
   */
  async handoffNoteOf(workspaceId: string, conversationId: string, executor: Executor = this.db): Promise<{ note: string; fields: Partial<Record<BotAskedField, string>>; firstQuestion: string; language: KbLanguage }> {
    const conversation = await this.requireConversation(executor, workspaceId, conversationId, { isAnyOwner: true });
    const workspace = await this.workspaces.get(workspaceId, executor);
    const teamLanguage: KbLanguage = workspace.defaultLanguage === 'fr' ? 'fr' : 'en';
    return { note: noteOf(conversation, teamLanguage), fields: conversation.state.fields, firstQuestion: firstQuestionOf(conversation.transcript, this.lexicons), language: conversation.language === 'fr' ? 'fr' : 'en' };
  }

  /** The ticket a conversation was handed to (or opened): kept, so the conversation's analytics can follow it. */
  async recordTicket(tx: Executor, workspaceId: string, conversationId: string, ticketId: string): Promise<void> {
    await this.repository.updateConversation(tx, workspaceId, conversationId, { ticketId, state: IDLE });
  }

  // ── Persona settings ─────────────────────────────────────────────────────────────────────────────────

  async getSettings(actor: Actor): Promise<TBotSettings> {
    requireAccess(actor, 'bot.manage');
    return presentSettings(await this.settingsRowOf(actor.workspaceId));
  }

  async updateSettings(actor: Actor, changes: TUpdateBotSettingsRequest): Promise<TBotSettings> {
    requireAccess(actor, 'bot.manage');
    const row = await this.db.transaction(async (tx) => {
      const updated = await this.applySettings(tx, actor.workspaceId, changes);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'bot.settings_updated', targetType: 'bot_settings', targetId: actor.workspaceId, details: changes });
      return updated;
    });
    return presentSettings(row);
  }

  /** Saves persona settings without an actor (the demo's, in its seeding transaction); `updateSettings` is the admins' way. */
  async applySettings(executor: Executor, workspaceId: string, changes: TUpdateBotSettingsRequest): Promise<BotSettingsRow> {
    return this.repository.upsertSettings(executor, workspaceId, { ...changes, updatedAt: this.clock.now() });
  }

  /** What the chat widget shows before the first question: whether the bot answers, and its greeting in both languages. */
  async getPublicPersona(workspaceId: string): Promise<{ isEnabled: boolean; greeting: Record<KbLanguage, string> }> {
    const settings = await this.settingsRowOf(workspaceId);
    const persona = personaOf(settings);
    return { isEnabled: settings.isEnabled, greeting: { en: botWordsOf('en', persona).greeting, fr: botWordsOf('fr', persona).greeting } };
  }

  // ── Rules ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Whether the message is a question the knowledge base may answer (not a field, a "yes", a task or a handoff). */
  private needsSearch(question: string, conversation: BotConversationRow | undefined, isVip: boolean, settings: BotSettingsRow): boolean {
    if (conversation?.handedOffAt || conversation?.state.awaiting) return false;
    if (conversation?.state.askedIfHelped && feedbackOf(question)) return false;
    if (taskOf(question)) return false;
    return this.handoffReasonOf(question, conversation?.transcript ?? [], isVip, settings) === null;
  }

  /** A reason to hand off before looking for an answer, in order of precedence; null when there is none. */
  private handoffReasonOf(question: string, transcript: BotTranscriptEntry[], isVip: boolean, settings: BotSettingsRow): BotHandoffReason | null {
    const folded = foldText(question);
    if (asksForHuman(folded, this.lexicons)) return 'asked_for_human';
    const topic = findSensitiveTopic(folded, this.lexicons);
    if (topic && settings.sensitiveTopics.includes(topic)) return 'sensitive_topic';
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

  /** The article an admin linked to this very question, else the search's ranking. */
  private async rankWithLearned(workspaceId: string, language: KbLanguage, question: string, transcript: BotTranscriptEntry[]): Promise<BotRanking> {
    const learnedId = await this.learned?.findLearnedArticleId(workspaceId, language, question);
    const article = learnedId ? (await this.vocabularyOf(workspaceId, language)).articles.get(learnedId) : undefined;
    if (article) return { candidates: [{ article, coverage: 1, titleCoverage: 1, searchScore: 1, relevance: 1 } as BotCandidate], confidence: 1 };
    return this.rank(workspaceId, language, this.searchTextOf(question, transcript));
  }

  private async decide(
    tx: Executor,
    workspaceId: string,
    context: {
      question: string;
      language: KbLanguage;
      words: BotWords;
      transcript: BotTranscriptEntry[];
      state: BotConversationState;
      consecutiveMisses: number;
      handedOff: BotHandoffReason | null;
      isVip: boolean;
      ranking: BotRanking;
      helpCenterPath: string;
      settings: BotSettingsRow;
      known: { name?: string | undefined; email?: string | undefined };
      isTeamAvailable: boolean;
    },
  ): Promise<Decision> {
    const { words, ranking, state, question } = context;
    const best = ranking.candidates[0];
    const base = { articleId: null, loggedArticleId: best?.article.id ?? null, confidence: ranking.confidence, consecutiveMisses: context.consecutiveMisses, isQuestion: true };
    const handoff = (reason: BotHandoffReason, fields: BotConversationState['fields'] = {}): Decision => {
      const afterHours = !context.isTeamAvailable && context.settings.afterHours === 'take_message';
      const wanted: BotField[] = afterHours ? [...new Set<BotField>([...context.settings.handoffFields, 'email'])] : context.settings.handoffFields;
      const next: BotConversationState = { task: 'handoff', awaiting: null, fields: { ...knownFields(context.known), ...fields } };
      const missing = wanted.find((field) => next.fields[field] === undefined);
      const intro = afterHours ? words.afterHours : words.handoff[reason];
      if (missing) return { ...base, outcome: 'handoff', reason, answer: `${intro}\n\n${words.ask[missing]}`, state: { ...next, awaiting: missing } };
      return { ...base, outcome: 'handoff', reason, answer: intro, state: next, handoffReady: !afterHours, ...(afterHours && { openTicket: 'after_hours' as const }) };
    };

    // A field the bot asked for.
    if (state.awaiting && state.task) {
      const reasonNow = state.task !== 'handoff' ? this.handoffReasonOf(question, context.transcript, context.isVip, context.settings) : null;
      if (reasonNow) return handoff(reasonNow, state.fields);
      const value = fieldValueOf(state.awaiting, question);
      const handedOffReason = context.handedOff ?? 'asked_for_human';
      const asIs = { ...base, isQuestion: false, loggedArticleId: null, confidence: 0 };
      const outcome: BotOutcome = state.task === 'handoff' ? 'handoff' : 'task';
      const reason = state.task === 'handoff' ? handedOffReason : null;
      if (value === undefined) return { ...asIs, outcome, reason, answer: words.invalid[state.awaiting], state };
      const fields = { ...state.fields, [state.awaiting]: value };
      const wanted: BotAskedField[] =
        state.task === 'handoff'
          ? !context.isTeamAvailable && context.settings.afterHours === 'take_message'
            ? [...new Set<BotAskedField>([...context.settings.handoffFields, 'email'])]
            : context.settings.handoffFields
          : TASK_FIELDS[state.task];
      const missing = wanted.find((field) => fields[field] === undefined);
      if (missing) return { ...asIs, outcome, reason, answer: words.ask[missing], state: { task: state.task, awaiting: missing, fields } };
      const done: BotConversationState = { task: state.task, awaiting: null, fields };
      if (state.task === 'handoff') {
        const afterHours = !context.isTeamAvailable && context.settings.afterHours === 'take_message';
        return { ...asIs, outcome, reason, answer: words.connecting(fields.name), state: done, handoffReady: !afterHours, ...(afterHours && { openTicket: 'after_hours' as const }) };
      }
      if (state.task === 'create_ticket') return { ...asIs, outcome, reason, answer: '', state: done, openTicket: 'task' };
      return { ...asIs, outcome, reason, ...(await this.ticketStatus(tx, workspaceId, fields.ticket_number!, fields.email!, words)), state: IDLE };
    }
    if (context.handedOff) return { ...base, outcome: 'handoff', reason: context.handedOff, answer: words.alreadyHandedOff, state, isQuestion: false };

    // "Did this help?"
    const feedback = state.askedIfHelped ? feedbackOf(question) : undefined;
    if (feedback === 'yes') return { ...base, outcome: 'answer', reason: null, answer: words.glad, state: IDLE, isQuestion: false, feedback: 'helpful', isResolved: true, consecutiveMisses: 0 };
    if (feedback === 'no') {
      const misses = context.consecutiveMisses + 1;
      if (misses >= MISSES_BEFORE_HANDOFF) return { ...handoff('no_answer'), consecutiveMisses: misses, isQuestion: false, feedback: 'not_helpful' };
      return { ...base, outcome: 'no_answer', reason: null, answer: words.sorry, state: { ...IDLE, isRetrying: true }, isQuestion: false, feedback: 'not_helpful', consecutiveMisses: misses };
    }

    const reason = this.handoffReasonOf(question, context.transcript, context.isVip, context.settings);
    if (reason) return handoff(reason);

    // A task: ticket status, or a new ticket.
    const task = taskOf(question);
    if (task) {
      const fields: BotConversationState['fields'] = { ...knownFields(context.known) };
      const number = task === 'ticket_status' ? ticketNumberOf(question) : undefined;
      if (number) fields.ticket_number = number;
      const missing = TASK_FIELDS[task].find((field) => fields[field] === undefined);
      const taskBase = { ...base, outcome: 'task' as const, reason: null, loggedArticleId: null, confidence: 0 };
      if (missing) return { ...taskBase, answer: words.ask[missing], state: { task, awaiting: missing, fields } };
      return { ...taskBase, ...(await this.ticketStatus(tx, workspaceId, fields.ticket_number!, fields.email!, words)), state: IDLE };
    }

    if (best && ranking.confidence >= ANSWER_THRESHOLD) {
      return { ...base, outcome: 'answer', reason: null, answer: answerText(best, context.helpCenterPath, words), articleId: best.article.id, loggedArticleId: best.article.id, consecutiveMisses: state.isRetrying ? context.consecutiveMisses : 0, state: { ...IDLE, askedIfHelped: true, isRetrying: state.isRetrying === true } };
    }
    const second = ranking.candidates[1];
    if (best && second && ranking.confidence >= CLARIFY_THRESHOLD) {
      return { ...base, outcome: 'clarify', reason: null, answer: words.clarify(best.article.title, second.article.title), state: { ...IDLE, isRetrying: state.isRetrying === true } };
    }
    const misses = context.consecutiveMisses + 1;
    if (misses >= MISSES_BEFORE_HANDOFF) return { ...handoff('no_answer'), consecutiveMisses: misses };
    return { ...base, outcome: 'no_answer', reason: null, answer: words.noAnswer, consecutiveMisses: misses, state: IDLE };
  }

  /** A ticket's status for its number and its requester's email; the same answer for a wrong number and a wrong email. */
  private async ticketStatus(tx: Executor, workspaceId: string, number: string, email: string, words: BotWords): Promise<{ answer: string; ticketNumber: number | null }> {
    const ticket = await this.tickets.require(tx, workspaceId, number).catch((error: unknown) => {
      if (error instanceof AppError && error.code === TicketErrorCode.TicketNotFound) return undefined;
      throw error;
    });
    const requester = ticket?.customerId ? await this.customers.require(tx, workspaceId, ticket.customerId).catch(() => undefined) : undefined;
    if (!ticket || requester?.email?.toLowerCase() !== email.toLowerCase()) return { answer: words.ticketNotFound(number), ticketNumber: null };
    const category = ticket.statusCategory as keyof BotWords['status'];
    return { answer: words.ticketStatus(ticket.number, ticket.subject, words.status[category] ?? ticket.status), ticketNumber: ticket.number };
  }

  /** The ticket the create-ticket task (or a handoff outside business hours) opens, with the bot's note for the team. */
  private async openTicket(tx: Executor, workspaceId: string, conversation: BotConversationRow, state: BotConversationState, teamLanguage: KbLanguage, why: 'task' | 'after_hours') {
    const { fields } = state;
    const language: KbLanguage = conversation.language === 'fr' ? 'fr' : 'en';
    const customer = await this.customers.findOrCreateByEmail(tx, workspaceId, fields.email!, fields.name, language);
    const firstQuestion = conversation.transcript.find((entry) => entry.from === 'customer')?.text ?? '';
    const description = why === 'task' ? fields.description! : firstQuestion;
    const channel = TICKET_CHANNEL[(conversation.channel as 'api' | 'chat' | 'messaging') ?? 'api'] ?? 'api';
    const ticket = await this.tickets.createInTransaction(
      tx,
      { workspaceId, userId: null },
      { subject: oneLine(description).slice(0, SUBJECT_CHARACTERS) || 'Bot', description, customerId: customer.id, channel, language, tags: [why === 'task' ? 'bot-ticket' : 'bot-after-hours'] },
      channel,
    );
    await this.comments.createInTransaction(tx, { workspaceId, type: 'system' }, ticket.id, { body: noteOf({ ...conversation, state }, teamLanguage), isPublic: false, attachmentIds: [], mentionUserIds: [] });
    return ticket;
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

  /** The workspace's persona settings; the defaults until an admin saves them. */
  private async settingsRowOf(workspaceId: string): Promise<BotSettingsRow> {
    return (await this.repository.findSettings(this.db, workspaceId)) ?? this.repository.defaultSettings(workspaceId);
  }

  private async requireConversation(executor: Executor, workspaceId: string, id: string, options: { isLocked?: boolean; owner?: string | undefined; isAnyOwner?: boolean } = {}): Promise<BotConversationRow> {
    const row = await this.repository.findConversation(executor, workspaceId, id, options);
    // A channel's conversation is its owner's; the API (no owner) reaches the workspace's API conversations.
    if (!row || (!options.isAnyOwner && (row.owner ?? undefined) !== options.owner)) throw new AppError(BotErrorCode.ConversationNotFound, 'No such bot conversation in this workspace.');
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

function answerText(candidate: BotCandidate, helpCenterPath: string, words: BotWords): string {
  const { article } = candidate;
  return [article.title, extractOf(article.body), `${words.readMore} ${helpCenterPath}/articles/${article.slug}`, words.helped].join('\n\n');
}

/** A field's value read from the customer's message; undefined when it is not one (asked again). */
function fieldValueOf(field: BotAskedField, text: string): string | undefined {
  switch (field) {
    case 'name':
      return nameOf(text);
    case 'email':
      return emailOf(text);
    case 'order_number':
      return isSkip(text) ? '' : orderNumberOf(text);
    case 'ticket_number':
      return ticketNumberOf(text);
    case 'description': {
      const description = text.trim();
      return description.split(/\s+/).length >= 2 ? description.slice(0, 5000) : undefined;
    }
  }
}

/** The customer's first real question: not "I want to talk to a person", which says nothing of what they need. */
function firstQuestionOf(transcript: BotTranscriptEntry[], lexicons: BotLexicons): string {
  const said = transcript.filter((entry) => entry.from === 'customer');
  return (said.find((entry) => !asksForHuman(foldText(entry.text), lexicons)) ?? said[0])?.text ?? '';
}

function knownFields(known: { name?: string | undefined; email?: string | undefined }): BotConversationState['fields'] {
  return { ...(known.name ? { name: known.name } : {}), ...(known.email ? { email: known.email } : {}) };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The agent's note: why the bot handed over (or opened the ticket), the fields it collected, and the transcript. */
function noteOf(conversation: BotConversationRow, teamLanguage: KbLanguage): string {
  const words = HANDOFF_NOTE_WORDS[teamLanguage];
  const reason = conversation.handoffReason as BotHandoffReason | null;
  const lines = [`${words.title}`, reason ? `${words.reason}: ${words.reasons[reason] ?? reason}` : words.createdByBot];
  for (const [field, value] of Object.entries(conversation.state.fields) as Array<[BotAskedField, string]>) {
    if (field === 'description') continue;
    lines.push(`${words.fields[field]}: ${value === '' ? words.none : value}`);
  }
  lines.push('', `${words.transcript}:`);
  for (const entry of conversation.transcript) {
    const time = entry.at.slice(11, 16);
    lines.push(`${entry.from === 'customer' ? words.customer : words.bot} (${time} UTC): ${entry.text.replace(/\n+/g, ' ')}`);
  }
  return lines.join('\n');
}

function personaOf(settings: BotSettingsRow) {
  return { tone: settings.tone === 'formal' ? ('formal' as const) : ('friendly' as const), greeting: settings.greeting, fallback: settings.fallback, afterHoursMessage: settings.afterHoursMessage };
}

function presentSettings(row: BotSettingsRow): TBotSettings {
  return {
    isEnabled: row.isEnabled,
    greeting: row.greeting,
    tone: row.tone === 'formal' ? 'formal' : 'friendly',
    fallback: row.fallback,
    afterHours: row.afterHours === 'queue' ? 'queue' : 'take_message',
    afterHoursMessage: row.afterHoursMessage,
    handoffFields: row.handoffFields,
    sensitiveTopics: row.sensitiveTopics.filter((topic): topic is BotSensitiveTopic => ['billing_dispute', 'legal', 'account_security'].includes(topic)),
    updatedAt: row.updatedAt.toISOString(),
  };
}
