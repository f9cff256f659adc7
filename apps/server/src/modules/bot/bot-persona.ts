/**
 * What the bot says, in English and French, in a friendly or a formal tone; a workspace's own greeting, fallback
 * and after-hours message (its persona settings) replace the defaults when they are set.
 */
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import type { BotHandoffReason } from './bot.schema.js';
import type { BotField } from './bot.tables.js';

export const BOT_TONES = ['friendly', 'formal'] as const;
export type BotTone = (typeof BOT_TONES)[number];

/** Everything but the greeting and the fallback is the same in both tones. */
interface ToneWords {
  greeting: string;
  noAnswer: string;
  glad: string;
  sorry: string;
}

const TONE_WORDS: Record<KbLanguage, Record<BotTone, ToneWords>> = {
  en: {
    friendly: {
      greeting: 'Hi there! I’m the virtual assistant. Ask me anything, or type “agent” to talk to a person.',
      noAnswer: 'Sorry, I did not find an answer to that. Could you say it another way, with a few more details?',
      glad: 'Great, glad I could help! Anything else?',
      sorry: 'Sorry about that. Could you tell me a bit more, or type “agent” to talk to a person?',
    },
    formal: {
      greeting: 'Hello. I am the virtual assistant. How may I help you? You may also ask to speak with a member of our team at any time.',
      noAnswer: 'I am sorry, I could not find an answer to your question. Could you rephrase it, with a few more details?',
      glad: 'Thank you. I am pleased that this was helpful. May I help you with anything else?',
      sorry: 'I apologise. Could you give me more details, or ask to speak with a member of our team?',
    },
  },
  fr: {
    friendly: {
      greeting: 'Bonjour! Je suis l’assistant virtuel. Posez-moi votre question, ou écrivez « agent » pour parler à quelqu’un.',
      noAnswer: 'Désolé, je n’ai pas trouvé de réponse à cette question. Pourriez-vous la formuler autrement, avec un peu plus de détails?',
      glad: 'Super, content d’avoir pu vous aider! Autre chose?',
      sorry: 'Désolé. Pourriez-vous m’en dire un peu plus, ou écrire « agent » pour parler à quelqu’un?',
    },
    formal: {
      greeting: 'Bonjour. Je suis l’assistant virtuel. Comment puis-je vous aider? Vous pouvez aussi demander à parler à un membre de notre équipe en tout temps.',
      noAnswer: 'Je suis désolé, je n’ai pas trouvé de réponse à votre question. Pourriez-vous la reformuler, avec un peu plus de détails?',
      glad: 'Merci. Je suis heureux d’avoir pu vous aider. Puis-je faire autre chose pour vous?',
      sorry: 'Toutes mes excuses. Pourriez-vous préciser votre demande, ou demander à parler à un membre de notre équipe?',
    },
  },
};

type AskedField = BotField | 'ticket_number' | 'description';

const WORDS = {
  en: {
    helped: 'Did this help?',
    readMore: 'Read the article:',
    clarify: (first: string, second: string) => `Do you mean “${first}” or “${second}”?`,
    handoff: {
      asked_for_human: 'Of course. I am passing you to a member of our team, who will answer you here.',
      frustration: 'I am sorry this has been frustrating. A member of our team will take it from here and answer you shortly.',
      sensitive_topic: 'This is something a member of our team should handle personally. I am passing your message on, and someone will answer you here.',
      vip: 'A member of our team will answer you personally, right here.',
      no_answer: 'I still have no answer for you, so I am passing your question to a member of our team, who will answer you here.',
    } satisfies Record<BotHandoffReason, string>,
    afterHours: 'Our team is away right now. Leave us your details and we will answer you by email as soon as we are back.',
    alreadyHandedOff: 'A member of our team has your conversation and will answer you here shortly.',
    ask: {
      name: 'So that our team knows who they are talking to: what is your name?',
      email: 'What email address can we reach you at?',
      order_number: 'If your question is about an order, what is its number? (Type “skip” if there is none.)',
      ticket_number: 'What is the ticket number? It is in the emails we sent you, like #1042.',
      description: 'What should the ticket say? Describe your request in a few sentences.',
    } satisfies Record<AskedField, string>,
    invalid: {
      name: 'Sorry, I did not catch your name. What should we call you?',
      email: 'That does not look like an email address. Could you check it? (for example: ana@example.com)',
      order_number: 'I could not find an order number in that. It usually has digits, like SB-10234. Type “skip” if you have none.',
      ticket_number: 'I could not find a ticket number in that. It is a number, like #1042.',
      description: 'Could you describe your request in a few more words?',
    } satisfies Record<AskedField, string>,
    connecting: (name: string | undefined) => `Thank you${name ? `, ${name}` : ''}. A member of our team will take it from here, with everything you told me, so you will not need to repeat yourself.`,
    takenMessage: (number: number, email: string) => `Thank you. Your request is ticket #${number}; we will answer you at ${email}.`,
    ticketCreated: (number: number, email: string) => `Done: I opened ticket #${number}. We will answer you at ${email}.`,
    ticketStatus: (number: number, subject: string, status: string) => `Ticket #${number} (“${subject}”) is ${status}.`,
    ticketNotFound: (number: string) => `I found no ticket #${number} for this email address. Check the number in our emails, or type “agent” to talk to a person.`,
    status: { new: 'received, and waiting for a first answer', open: 'open: our team is working on it', pending: 'waiting for your reply', on_hold: 'on hold: we are waiting on a third party', resolved: 'solved', closed: 'closed' },
  },
  fr: {
    helped: 'Est-ce que cela vous a aidé?',
    readMore: 'Lire l’article :',
    clarify: (first: string, second: string) => `Voulez-vous dire « ${first} » ou « ${second} »?`,
    handoff: {
      asked_for_human: 'Bien sûr. Je vous mets en contact avec un membre de notre équipe, qui vous répondra ici.',
      frustration: 'Je suis désolé de ces difficultés. Un membre de notre équipe prend le relais et vous répondra sous peu.',
      sensitive_topic: 'C’est une question qu’un membre de notre équipe doit traiter personnellement. Je lui transmets votre message; quelqu’un vous répondra ici.',
      vip: 'Un membre de notre équipe va vous répondre personnellement, ici même.',
      no_answer: 'Je n’ai toujours pas de réponse pour vous : je transmets votre question à un membre de notre équipe, qui vous répondra ici.',
    } satisfies Record<BotHandoffReason, string>,
    afterHours: 'Notre équipe est absente pour le moment. Laissez-nous vos coordonnées et nous vous répondrons par courriel dès notre retour.',
    alreadyHandedOff: 'Un membre de notre équipe a votre conversation en main et vous répondra ici sous peu.',
    ask: {
      name: 'Pour que notre équipe sache à qui elle parle : quel est votre nom?',
      email: 'À quelle adresse courriel pouvons-nous vous joindre?',
      order_number: 'Si votre question concerne une commande, quel est son numéro? (Écrivez « passer » s’il n’y en a pas.)',
      ticket_number: 'Quel est le numéro du billet? Il figure dans nos courriels, par exemple #1042.',
      description: 'Que doit dire le billet? Décrivez votre demande en quelques phrases.',
    } satisfies Record<AskedField, string>,
    invalid: {
      name: 'Désolé, je n’ai pas saisi votre nom. Comment devons-nous vous appeler?',
      email: 'Cela ne ressemble pas à une adresse courriel. Pourriez-vous la vérifier? (par exemple : ana@exemple.com)',
      order_number: 'Je n’ai pas trouvé de numéro de commande. Il contient habituellement des chiffres, comme SB-10234. Écrivez « passer » si vous n’en avez pas.',
      ticket_number: 'Je n’ai pas trouvé de numéro de billet. C’est un nombre, comme #1042.',
      description: 'Pourriez-vous décrire votre demande en quelques mots de plus?',
    } satisfies Record<AskedField, string>,
    connecting: (name: string | undefined) => `Merci${name ? `, ${name}` : ''}. Un membre de notre équipe prend le relais, avec tout ce que vous m’avez dit : vous n’aurez pas à vous répéter.`,
    takenMessage: (number: number, email: string) => `Merci. Votre demande porte le numéro de billet #${number}; nous vous répondrons à ${email}.`,
    ticketCreated: (number: number, email: string) => `C’est fait : j’ai ouvert le billet #${number}. Nous vous répondrons à ${email}.`,
    ticketStatus: (number: number, subject: string, status: string) => `Le billet #${number} (« ${subject} ») est ${status}.`,
    ticketNotFound: (number: string) => `Je n’ai trouvé aucun billet #${number} pour cette adresse courriel. Vérifiez le numéro dans nos courriels, ou écrivez « agent » pour parler à quelqu’un.`,
    status: { new: 'reçu, et en attente d’une première réponse', open: 'ouvert : notre équipe s’en occupe', pending: 'en attente de votre réponse', on_hold: 'en suspens : nous attendons un tiers', resolved: 'résolu', closed: 'fermé' },
  },
} as const;

export type BotWords = Omit<(typeof WORDS)[KbLanguage], 'afterHours'> & ToneWords & { afterHours: string };

/** The persona texts a workspace wrote; an empty text keeps the default. */
export interface BotPersonaTexts {
  tone: BotTone;
  greeting: Record<KbLanguage, string>;
  fallback: Record<KbLanguage, string>;
  afterHoursMessage: Record<KbLanguage, string>;
}

/** The bot's words in a language, with the workspace's tone and own texts. */
export function botWordsOf(language: KbLanguage, persona: BotPersonaTexts): BotWords {
  const tone = TONE_WORDS[language][persona.tone];
  return {
    ...WORDS[language],
    ...tone,
    greeting: persona.greeting[language].trim() || tone.greeting,
    noAnswer: persona.fallback[language].trim() || tone.noAnswer,
    afterHours: persona.afterHoursMessage[language].trim() || WORDS[language].afterHours,
  };
}

/** The labels of the note an agent reads when a conversation reaches them, in the team's language. */
export const HANDOFF_NOTE_WORDS = {
  en: {
    title: 'Conversation with the bot before it reached the team',
    reason: 'Reason',
    reasons: { asked_for_human: 'asked for a person', frustration: 'frustration', sensitive_topic: 'sensitive topic', vip: 'VIP customer', no_answer: 'no answer found' } satisfies Record<BotHandoffReason, string>,
    createdByBot: 'Ticket opened by the bot at the customer’s request',
    fields: { name: 'Name', email: 'Email', order_number: 'Order number', ticket_number: 'Ticket number', description: 'Request' } satisfies Record<AskedField, string>,
    none: 'none',
    transcript: 'Transcript',
    customer: 'Customer',
    bot: 'Bot',
  },
  fr: {
    title: 'Conversation avec le robot avant son arrivée à l’équipe',
    reason: 'Motif',
    reasons: { asked_for_human: 'a demandé une personne', frustration: 'frustration', sensitive_topic: 'sujet délicat', vip: 'client VIP', no_answer: 'aucune réponse trouvée' } satisfies Record<BotHandoffReason, string>,
    createdByBot: 'Billet ouvert par le robot à la demande du client',
    fields: { name: 'Nom', email: 'Courriel', order_number: 'Numéro de commande', ticket_number: 'Numéro de billet', description: 'Demande' } satisfies Record<AskedField, string>,
    none: 'aucun',
    transcript: 'Transcription',
    customer: 'Client',
    bot: 'Robot',
  },
} as const;
