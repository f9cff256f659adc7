import { z } from 'zod';
import { ZKbLanguage } from '../knowledge-base/knowledge-base.schema.js';

/** Why the bot hands a conversation to a person. */
export const BOT_HANDOFF_REASONS = ['asked_for_human', 'frustration', 'sensitive_topic', 'vip', 'no_answer'] as const;
export type BotHandoffReason = (typeof BOT_HANDOFF_REASONS)[number];

/** What the bot did with a question: answered it, asked which of two articles was meant, found nothing, or handed off. */
export const BOT_OUTCOMES = ['answer', 'clarify', 'no_answer', 'handoff'] as const;
export type BotOutcome = (typeof BOT_OUTCOMES)[number];

export const ZBotAskRequest = z.strictObject({
  question: z.string().trim().min(1).max(2000).describe('What the customer wrote'),
  language: ZKbLanguage.optional().describe('The customer’s language; detected from the question when not given'),
  conversationId: z.uuid().optional().describe('The conversation this question continues (from a previous answer); a new one starts without it'),
  customerEmail: z.email().max(320).optional().describe('The customer, when known: a VIP-tier customer is handed to a person'),
});
export type TBotAskRequest = z.infer<typeof ZBotAskRequest>;

export const ZBotAnswer = z.object({
  answer: z.string().describe('The text to show the customer'),
  articleId: z.uuid().nullable().describe('The article the answer comes from'),
  confidence: z.number().min(0).max(1).describe('How sure the bot is that the article answers the question, 0 to 1'),
  handoff: z.boolean().describe('Whether a person should take over the conversation'),
  reason: z.enum(BOT_HANDOFF_REASONS).nullable().describe('Why it is handed off: asked_for_human, frustration, sensitive_topic, vip or no_answer'),
  language: ZKbLanguage,
  conversationId: z.uuid(),
});
export type TBotAnswer = z.infer<typeof ZBotAnswer>;
