/**
 * The bot's pure rules for a conversation's small talk and tasks: reading a yes or a no after "did this help?",
 * recognising the two tasks it can do (open a ticket, tell a ticket's status), and reading the fields it asks for
 * (a name, an email, an order number, a ticket number). No database here, so each rule is tested on its own.
 */
import { findPhrase, foldText } from './bot.text.js';

export type BotTask = 'create_ticket' | 'ticket_status';

const YES = ['yes', 'yep', 'yeah', 'yup', 'sure', 'it did', 'that helped', 'it helped', 'perfect', 'great', 'thanks', 'thank you', 'thx', 'ok thanks', 'got it', 'solved', 'oui', 'ouais', 'parfait', 'merci', 'merci beaucoup', 'super', 'genial', 'ca marche', 'ca fonctionne', 'c est regle', 'c est bon', 'correct', 'en plein ca', 'exactement'];
const NO = ['no', 'nope', 'nah', 'not really', 'it did not', 'it didn t', 'didn t help', 'did not help', 'not helpful', 'that s not it', 'wrong', 'non', 'pas vraiment', 'pas du tout', 'ca ne m aide pas', 'ca m aide pas', 'c est pas ca', 'ce n est pas ca', 'pas ca'];
/** A reply this short is an answer to "did this help?" rather than a new question. */
const FEEDBACK_WORDS = 5;

const CREATE_TICKET = [
  'open a ticket', 'create a ticket', 'submit a ticket', 'file a ticket', 'log a ticket', 'raise a ticket', 'new ticket', 'open a case', 'open a request', 'submit a request', 'create a request',
  'ouvrir un billet', 'creer un billet', 'ouvrir un ticket', 'creer un ticket', 'ouvrir une demande', 'creer une demande', 'faire une demande', 'nouveau billet', 'nouvelle demande', 'ouvrir un dossier',
];
const STATUS_WORDS = ['status', 'update on', 'progress', 'where is', 'any news', 'news on', 'follow up on', 'statut', 'suivi', 'etat', 'ou en est', 'des nouvelles', 'avancement'];
const TICKET_WORDS = ['ticket', 'request', 'case', 'billet', 'demande', 'dossier', 'requete'];

const SKIP = ['skip', 'none', 'no', 'n a', 'na', 'i don t know', 'i dont know', 'don t have one', 'dont have one', 'no order', 'not applicable', 'pass', 'non', 'aucun', 'aucune', 'passer', 'je ne sais pas', 'je sais pas', 'pas de commande', 'j en ai pas', 'je n en ai pas', 'sans objet'];
const NAME_PREFIXES = ['my name is', 'my name s', 'i am', 'i m', 'it s', 'this is', 'call me', 'name', 'je m appelle', 'je suis', 'c est', 'moi c est', 'mon nom est', 'mon nom c est', 'nom'];

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[^\s@<>()"',;.]{2,}/;

/** After "did this help?": `yes`, `no`, or undefined when the message is something else (a new question). */
export function feedbackOf(text: string): 'yes' | 'no' | undefined {
  const folded = foldText(text);
  if (!folded || folded.split(' ').length > FEEDBACK_WORDS) return undefined;
  // "No" first: "not really, thanks" is a no.
  if (findPhrase(folded, NO)) return 'no';
  if (findPhrase(folded, YES)) return 'yes';
  return undefined;
}

/** The task a message asks for, if any: opening a ticket, or the status of one (a number, or "my ticket"). */
export function taskOf(text: string): BotTask | undefined {
  const folded = foldText(text);
  if (findPhrase(folded, CREATE_TICKET)) return 'create_ticket';
  const namesTicket = findPhrase(folded, TICKET_WORDS) !== undefined || /#\s?\d{1,9}\b/.test(text);
  if (namesTicket && findPhrase(folded, STATUS_WORDS)) return 'ticket_status';
  return undefined;
}

/** A ticket number written in a message: "#1042", "ticket 1042", "1042". */
export function ticketNumberOf(text: string): string | undefined {
  const match = /#\s?(\d{1,9})\b/.exec(text) ?? /\b(\d{1,9})\b/.exec(text);
  return match?.[1];
}

export function emailOf(text: string): string | undefined {
  const match = EMAIL.exec(text);
  return match ? match[0].toLowerCase() : undefined;
}

/** The customer saying they have none, or would rather not say. */
export function isSkip(text: string): boolean {
  const folded = foldText(text);
  return folded !== '' && folded.split(' ').length <= 6 && findPhrase(folded, SKIP) !== undefined;
}

/** An order number: a word with at least three digits ("SB-10234", "10234", "#A1234"). */
export function orderNumberOf(text: string): string | undefined {
  const candidates = text.match(/[#]?[A-Za-z0-9][A-Za-z0-9-]{2,39}/g) ?? [];
  const found = candidates.find((word) => (word.match(/\d/g) ?? []).length >= 3);
  return found?.replace(/^#/, '');
}

/** A person's name from "My name is Ana Roy", "je m'appelle Ana", or just "Ana Roy"; undefined when it is not one. */
export function nameOf(text: string): string | undefined {
  let name = text.trim().replace(/[.!]+$/, '');
  const words = name.split(/\s+/);
  // The longest introduction the first words make ("my name is" before "my name"), in the original spelling's words.
  for (let count = Math.min(4, words.length - 1); count >= 1; count -= 1) {
    if (NAME_PREFIXES.includes(foldText(words.slice(0, count).join(' ')))) {
      name = words.slice(count).join(' ');
      break;
    }
  }
  name = name.replace(/^[:,\s-]+/, '').trim();
  if (!name || name.length > 100 || name.includes('@') || !/\p{L}/u.test(name) || name.split(/\s+/).length > 6) return undefined;
  return name;
}
