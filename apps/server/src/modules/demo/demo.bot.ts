import type { Services } from '../../services.js';
import type { DemoLanguage } from './demo.content.js';
import { DemoRepository } from './demo.repository.js';

/** One customer's conversation with the bot: what they wrote, in order, and how many days ago (at what hour). */
interface DemoBotConversation {
  language: DemoLanguage;
  daysAgo: number;
  hour: number;
  messages: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Two weeks of questions to the bot, in both languages: most answered from the help center (some confirmed as
 * helpful), a few it has no article for (gift cards, PayPal, a watch app), one asked twice until it goes to a person,
 * and a customer who asks for a person straight away. So the bot's analytics and its learning list have something to
 * show on first start.
 */
export const DEMO_BOT_CONVERSATIONS: DemoBotConversation[] = [
  { language: 'en', daysAgo: 13, hour: 9, messages: ['How do I reset my password?', 'Yes, thanks!'] },
  { language: 'fr', daysAgo: 12, hour: 14, messages: ['Comment réinitialiser mon mot de passe?'] },
  { language: 'en', daysAgo: 11, hour: 10, messages: ['Do you sell gift cards?'] },
  { language: 'en', daysAgo: 10, hour: 16, messages: ['Where can I download my invoices?'] },
  { language: 'fr', daysAgo: 9, hour: 11, messages: ['Je veux suivre ma commande', 'Oui, merci'] },
  { language: 'en', daysAgo: 8, hour: 13, messages: ['Can I pay with PayPal?'] },
  { language: 'en', daysAgo: 7, hour: 15, messages: ['What is your refund policy?'] },
  { language: 'fr', daysAgo: 6, hour: 10, messages: ['Est-ce que vous offrez des cartes-cadeaux?'] },
  { language: 'en', daysAgo: 5, hour: 12, messages: ['How do I connect my card reader?'] },
  { language: 'en', daysAgo: 4, hour: 9, messages: ['Do you sell gift cards?', 'Gift card for a friend, how much?'] },
  { language: 'fr', daysAgo: 3, hour: 17, messages: ['Comment activer l’authentification à deux facteurs?'] },
  { language: 'en', daysAgo: 2, hour: 11, messages: ['I want to talk to someone'] },
  { language: 'fr', daysAgo: 1, hour: 14, messages: ['Avez-vous une application pour Apple Watch?'] },
  { language: 'en', daysAgo: 1, hour: 16, messages: ['How long does shipping take?'] },
];

/**
 * Asks the demo's questions through the bot itself (so every rule applies and the figures are the bot's own), then
 * moves each conversation back to its day. Runs once the demo's help center is written and committed.
 */
export async function seedDemoBotHistory(services: Services, workspaceId: string, now: Date): Promise<void> {
  const timelines: Array<{ conversationId: string; createdAt: Date }> = [];
  for (const conversation of DEMO_BOT_CONVERSATIONS) {
    let conversationId: string | undefined;
    for (const question of conversation.messages) {
      const answer = await services.bot.ask(workspaceId, { question, language: conversation.language, ...(conversationId && { conversationId }) });
      conversationId = answer.conversationId;
    }
    const day = new Date(now.getTime() - conversation.daysAgo * DAY);
    // The hours are Montréal's (UTC−5 in winter).
    day.setUTCHours(conversation.hour + 5, 0, 0, 0);
    timelines.push({ conversationId: conversationId!, createdAt: new Date(Math.min(day.getTime(), now.getTime() - HOUR)) });
  }
  await services.db.transaction((tx) => new DemoRepository().backdateBotConversations(tx, workspaceId, timelines));
}
