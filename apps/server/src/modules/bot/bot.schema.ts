import { z } from 'zod';
import { ZKbLanguage } from '../knowledge-base/knowledge-base.schema.js';

/** Why the bot hands a conversation to a person. */
export const BOT_HANDOFF_REASONS = ['asked_for_human', 'frustration', 'sensitive_topic', 'vip', 'no_answer'] as const;
export type BotHandoffReason = (typeof BOT_HANDOFF_REASONS)[number];

/** What the bot did with a question: answered it, asked which of two articles was meant, found nothing, handed off, or did a task (a ticket opened, a status told). */
export const BOT_OUTCOMES = ['answer', 'clarify', 'no_answer', 'handoff', 'task'] as const;
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
  awaiting: z.enum(['name', 'email', 'order_number', 'ticket_number', 'description']).nullable().describe('What the bot just asked the customer for (the next message is read as that), if anything'),
  handoffReady: z.boolean().describe('The handoff’s fields are collected: the channel hands the conversation to a person now'),
  ticketNumber: z.number().int().nullable().describe('The ticket the bot opened, or whose status it told'),
});
export type TBotAnswer = z.infer<typeof ZBotAnswer>;

/** What the bot asks a customer for: the handoff's fields, and its tasks' (a ticket number, a description). */
export const BOT_ASKED_FIELDS = ['name', 'email', 'order_number', 'ticket_number', 'description'] as const;
export type BotAskedField = (typeof BOT_ASKED_FIELDS)[number];
export const BOT_HANDOFF_FIELDS = ['name', 'email', 'order_number'] as const;
export const BOT_SENSITIVE_TOPICS = ['billing_dispute', 'legal', 'account_security'] as const;

const ZBotTexts = z.strictObject({ en: z.string().trim().max(1000), fr: z.string().trim().max(1000) });

export const ZBotSettings = z.object({
  isEnabled: z.boolean().describe('Whether the chat widget opens with the bot'),
  greeting: ZBotTexts.describe('Shown when a customer opens the chat; empty for the default of the tone'),
  tone: z.enum(['friendly', 'formal']),
  fallback: ZBotTexts.describe('Said when no article answers; empty for the default of the tone'),
  afterHours: z.enum(['take_message', 'queue']).describe('Outside business hours or with nobody online: take a message answered by email, or wait in the queue'),
  afterHoursMessage: ZBotTexts.describe('Said instead of the handoff outside business hours; empty for the default'),
  handoffFields: z.array(z.enum(BOT_HANDOFF_FIELDS)).max(3).describe('What the bot collects before a person takes over'),
  sensitiveTopics: z.array(z.enum(BOT_SENSITIVE_TOPICS)).max(3).describe('Topics always handed to a person'),
  updatedAt: z.string(),
});
export type TBotSettings = z.infer<typeof ZBotSettings>;

export const ZUpdateBotSettingsRequest = z
  .strictObject({
    isEnabled: z.boolean(),
    greeting: ZBotTexts,
    tone: z.enum(['friendly', 'formal']),
    fallback: ZBotTexts,
    afterHours: z.enum(['take_message', 'queue']),
    afterHoursMessage: ZBotTexts,
    handoffFields: z.array(z.enum(BOT_HANDOFF_FIELDS)).max(3).refine((fields) => new Set(fields).size === fields.length, 'each field once'),
    sensitiveTopics: z.array(z.enum(BOT_SENSITIVE_TOPICS)).max(3).refine((topics) => new Set(topics).size === topics.length, 'each topic once'),
  })
  .partial();
export type TUpdateBotSettingsRequest = z.infer<typeof ZUpdateBotSettingsRequest>;
