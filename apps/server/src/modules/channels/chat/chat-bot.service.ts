import { AppError, ChatErrorCode } from '../../../shared/errors.js';
import type { BotService } from '../../bot/bot.service.js';
import type { TBotAnswer } from '../../bot/bot.schema.js';
import type { ChatService } from './chat.service.js';
import type { TChatConversation, TWidgetBotRequest, TWidgetConfig } from './chat.schema.js';

/**
 * The bot in the chat widget: a visitor's questions go to the bot first (no ticket for what it answers); once it has
 * collected what the team wants, the conversation becomes a live chat whose ticket carries the bot's note (the
 * fields and the whole transcript), so the agent who picks it up knows everything the visitor said.
 */
export class ChatBotService {
  constructor(
    private readonly chat: ChatService,
    private readonly bot: BotService,
  ) {}

  /** What the widget needs before anything else, the bot included: whether it answers first, and its greeting. */
  async widgetConfig(workspaceSlug: string): Promise<TWidgetConfig> {
    const { workspaceId, ...config } = await this.chat.getWidgetConfig(workspaceSlug);
    return { ...config, bot: await this.bot.getPublicPersona(workspaceId) };
  }

  async ask(workspaceSlug: string, input: TWidgetBotRequest): Promise<TBotAnswer & { chat: TChatConversation | null }> {
    const visitor = await this.chat.visitorOfWorkspace(workspaceSlug, input.visitorToken);
    const persona = await this.bot.getPublicPersona(visitor.workspaceId);
    if (!persona.isEnabled) throw new AppError(ChatErrorCode.BotDisabled, 'The bot does not answer in this workspace’s chat: start a chat instead.');
    const [profile, config] = await Promise.all([this.chat.visitorProfile(visitor), this.chat.getWidgetConfig(workspaceSlug)]);
    const owner = `chat-visitor:${visitor.visitorId}`;
    const answer = await this.bot.ask(
      visitor.workspaceId,
      { question: input.question, ...(input.language && { language: input.language }), ...(input.conversationId && { conversationId: input.conversationId }) },
      { channel: 'chat', known: profile, isTeamAvailable: config.isOnline, owner },
    );
    if (!answer.handoffReady) return { ...answer, chat: null };

    const { note, fields, firstQuestion, language } = await this.bot.handoffNoteOf(visitor.workspaceId, answer.conversationId);
    // One live chat per bot conversation: asked again (a retry), the same chat answers.
    const { conversation } = await this.chat.startConversation(
      visitor,
      { clientMessageId: `bot:${answer.conversationId}`, body: firstQuestion || input.question, ...(fields.name && { name: fields.name }), ...(fields.email && { email: fields.email }) },
      { note, tags: ['bot-handoff'], language, onCreated: (tx, ticketId) => this.bot.recordTicket(tx, visitor.workspaceId, answer.conversationId, ticketId) },
    );
    return { ...answer, chat: conversation };
  }
}
