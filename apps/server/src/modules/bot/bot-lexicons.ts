/**
 * The words the bot listens for, per language. Phrases are compared on folded text (lowercase, accents removed,
 * apostrophes and punctuation as spaces), whole words and phrases only: "câlisse", "CALISSE" and "calisse" are one
 * entry, and "sue" does not match "issue". A message is read with the lists of its language (French "court" is
 * "short", not a court of law), and profanity with both.
 *
 * These are constants for now; each list is shaped so that a workspace can later replace or extend it
 * (`BotLexicons` is what the service reads).
 */
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';

export type BotSensitiveTopic = 'billing_dispute' | 'legal' | 'account_security';

export interface BotLexicons {
  /** The customer asks for a person. */
  askForHuman: Record<KbLanguage, string[]>;
  /** Swearing, including Québec sacres: one is enough for a handoff. */
  profanity: Record<KbLanguage, string[]>;
  /** Words of discontent: one is no handoff, but a run of them over the last messages is. */
  negative: Record<KbLanguage, string[]>;
  /** Topics a bot never answers alone: a person takes them, whatever the knowledge base says. */
  sensitiveTopics: Record<BotSensitiveTopic, Record<KbLanguage, string[]>>;
  /**
   * Everyday and Québec ways of saying what the articles say in other words, rewritten before searching
   * ("ma carte a pas passé" is a declined card, a "cell" a phone). Phrases, folded like the rest.
   */
  expressions: Record<KbLanguage, Array<[said: string, written: string]>>;
  /** Function words, to tell English from French in texts too short for statistics, and to leave out of searches. */
  stopWords: Record<KbLanguage, string[]>;
}

export const DEFAULT_BOT_LEXICONS: BotLexicons = {
  askForHuman: {
    en: [
      'agent',
      'human',
      'real person',
      'live person',
      'talk to someone',
      'speak to someone',
      'talk to somebody',
      'speak with someone',
      'talk with someone',
      'representative',
      'customer service rep',
      'operator',
      'talk to a human',
      'speak to a human',
      'talk to a person',
      'speak to a person',
      'talk with a person',
      'speak with a person',
      'not a bot',
      'not a robot',
      'someone from your team',
      'call me',
      'phone me',
    ],
    fr: [
      'un humain',
      'une humaine',
      'un etre humain',
      'un agent',
      'une agente',
      'un conseiller',
      'une conseillere',
      'parler a quelqu un',
      'parler avec quelqu un',
      'jaser avec quelqu un',
      'une vraie personne',
      'vrai monde',
      'representant',
      'representante',
      'un preposee',
      'un prepose',
      'une preposee',
      'pas un robot',
      'pas un bot',
      'appelez moi',
      'rappelez moi',
    ],
  },
  profanity: {
    en: ['fuck', 'fucking', 'fuckin', 'fucked', 'wtf', 'shit', 'shitty', 'bullshit', 'crap', 'crappy', 'damn', 'damnit', 'goddamn', 'dammit', 'bloody hell', 'asshole', 'bastard', 'piss', 'pissed', 'screw you'],
    fr: [
      'tabarnak',
      'tabarnac',
      'tabarouette',
      'tabarnouche',
      'calisse',
      'caliss',
      'calice',
      'crisse',
      'criss',
      'ostie',
      'osti',
      'hostie',
      'estie',
      'esti',
      'sacrament',
      'sacrement',
      'ciboire',
      'viarge',
      'maudit',
      'maudite',
      'merde',
      'putain',
      'bordel',
      'chier',
      'fait chier',
      'marde',
      'con',
      'connard',
      'conne',
    ],
  },
  negative: {
    en: ['still', 'again', 'useless', 'not working', 'does not work', 'doesn t work', 'doesnt work', 'nothing works', 'ridiculous', 'terrible', 'awful', 'horrible', 'worst', 'frustrated', 'frustrating', 'annoyed', 'annoying', 'fed up', 'unacceptable', 'sucks', 'angry', 'waste of time', 'no help', 'not helpful', 'stupid', 'pathetic', 'disappointed'],
    fr: [
      'encore',
      'toujours pas',
      'inutile',
      'marche pas',
      'fonctionne pas',
      'ca marche pas',
      'rien ne marche',
      'ridicule',
      'nul',
      'nulle',
      'pourri',
      'ecoeurant',
      'ecoeure',
      'tanne',
      'tannee',
      'fache',
      'fachee',
      'frustre',
      'frustree',
      'pas content',
      'pas contente',
      'n importe quoi',
      'inacceptable',
      'perte de temps',
      'decu',
      'decue',
      'niaiseux',
      'epouvantable',
    ],
  },
  sensitiveTopics: {
    billing_dispute: {
      en: ['chargeback', 'charge back', 'dispute', 'disputed', 'disputing', 'contest the charge', 'contest a charge', 'unauthorized charge', 'unauthorised charge', 'charged twice without', 'stolen card'],
      fr: ['contestation', 'contester', 'conteste', 'rejet de debit', 'retrofacturation', 'debit non autorise', 'debits non autorises', 'carte volee'],
    },
    legal: {
      en: ['lawsuit', 'sue', 'suing', 'lawyer', 'attorney', 'legal action', 'court', 'small claims', 'class action', 'cease and desist', 'formal notice'],
      fr: ['avocat', 'avocate', 'poursuite', 'poursuivre', 'mise en demeure', 'tribunal', 'cour des petites creances', 'petites creances', 'recours collectif', 'action collective', 'office de la protection du consommateur'],
    },
    account_security: {
      en: ['hacked', 'hacker', 'hijacked', 'compromised', 'account takeover', 'someone logged into my account', 'someone accessed my account', 'fraud', 'fraudulent', 'identity theft'],
      fr: ['pirate', 'piratee', 'piratage', 'hacke', 'hackee', 'compte compromis', 'est compromis', 'a ete compromis', 'sont compromis', 'fraude', 'frauduleux', 'frauduleuse', 'vol d identite', 'usurpation d identite'],
    },
  },
  expressions: {
    en: [
      ['log in', 'sign in'],
      ['login', 'sign in'],
      ['log on', 'sign in'],
      ['logged in', 'signed in'],
      ['log out', 'sign out'],
      ['logout', 'sign out'],
      ['declined', 'payment failed declined'],
      ['did not go through', 'payment failed declined'],
      ['didn t go through', 'payment failed declined'],
      ['cell phone', 'phone'],
      ['cellphone', 'phone'],
      ['broken', 'damaged broken'],
    ],
    fr: [
      ['a pas passe', 'refuse'],
      ['passe pas', 'refuse'],
      ['a pas ete acceptee', 'refuse'],
      ['chu', 'je suis'],
      ['cell', 'telephone'],
      ['cellulaire', 'telephone'],
      ['appli', 'application'],
      ['app', 'application'],
      ['marche pu', 'fonctionne plus'],
      ['marche plus', 'fonctionne plus'],
      ['bloque', 'verrouille'],
      ['barre', 'verrouille'],
      ['brise', 'endommage brise'],
      ['brisee', 'endommage brise'],
      ['magasiner', 'commander'],
      ['login', 'connexion'],
      ['se logger', 'se connecter'],
    ],
  },
  stopWords: {
    en: [
      'a', 'about', 'after', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can', 'cannot', 'could', 'did', 'do', 'does', 'doing', 'don', 'for', 'from', 'get', 'got', 'had', 'has',
      'have', 'having', 'help', 'hello', 'hi', 'how', 'i', 'if', 'im', 'in', 'into', 'is', 'it', 'its', 'just', 'know', 'like', 'me', 'my', 'need', 'no', 'not', 'of', 'off', 'on', 'one', 'or', 'our', 'out', 'please',
      'should', 'so', 'some', 'than', 'thanks', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'to', 'too', 'up', 'us', 'want', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'who',
      'why', 'will', 'with', 'would', 'you', 'your', 've', 'll', 're', 't', 's', 'd', 'm', 'there', 'way', 'anyone', 'someone', 'something', 'still', 'again', 'keep', 'keeps', 'ok', 'okay', 'yes', 'hey', 'really', 'anymore', 'any', 'guys', 'thank', 'ever', 'also', 'here', 'now', 'very', 'much', 'many', 'say', 'says', 'said',
    ],
    fr: [
      'a', 'ai', 'au', 'aux', 'avec', 'avez', 'avoir', 'bonjour', 'allo', 'c', 'ca', 'ce', 'ces', 'cette', 'chu', 'comment', 'd', 'dans', 'de', 'des', 'donc', 'du', 'elle', 'en', 'est', 'et', 'etre', 'faire', 'fait',
      'faut', 'il', 'ils', 'j', 'je', 'jai', 'l', 'la', 'le', 'les', 'leur', 'lui', 'm', 'ma', 'mais', 'me', 'merci', 'mes', 'moi', 'mon', 'n', 'ne', 'nous', 'on', 'ou', 'par', 'pas', 'peux', 'peut', 'pour',
      'pourquoi', 'qu', 'que', 'quel', 'quelle', 'qui', 's', 'sa', 'se', 'ses', 'si', 'son', 'sont', 'suis', 'sur', 't', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous', 'y', 'veux',
      'voudrais', 'aide', 'svp', 'stp', 'plait', 'quoi', 'ou', 'quand', 'encore', 'toujours', 'oui', 'non', 'capable', 'moyen', 'besoin', 'comme', 'sais', 'savoir', 'mettre', 'ya', 'pis', 'tsu', 'super', 'vraiment', 'rendu', 'rendue', 'affaire', 'dit', 'ici', 'maintenant', 'bien', 'tres', 'mes', 'ces', 'nos', 'notre', 'leurs',
    ],
  },
};
