/**
 * The bot's pure rules about text: folding, words, language detection, the lexicons, a light stemmer and the
 * extract of an article. No database here, so each rule is tested on its own.
 */
import { franc } from 'franc-min';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import type { BotLexicons, BotSensitiveTopic } from './bot-lexicons.js';

/** Lowercase, accents removed, apostrophes and punctuation as spaces: the form every comparison uses. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function wordsOf(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}

/** Whether the folded text holds one of the phrases as whole words. */
export function findPhrase(foldedText: string, phrases: readonly string[]): string | undefined {
  const padded = ` ${foldedText} `;
  return phrases.find((phrase) => padded.includes(` ${foldText(phrase)} `));
}

export function countPhrases(foldedText: string, phrases: readonly string[]): number {
  const padded = ` ${foldedText} `;
  return phrases.filter((phrase) => padded.includes(` ${foldText(phrase)} `)).length;
}

const bothLanguages = (lists: Record<KbLanguage, string[]>) => [...lists.en, ...lists.fr];

export function asksForHuman(foldedText: string, lexicons: BotLexicons): boolean {
  return findPhrase(foldedText, bothLanguages(lexicons.askForHuman)) !== undefined;
}

export function hasProfanity(foldedText: string, lexicons: BotLexicons): boolean {
  return findPhrase(foldedText, bothLanguages(lexicons.profanity)) !== undefined;
}

export function countNegativeWords(foldedText: string, lexicons: BotLexicons): number {
  return countPhrases(foldedText, bothLanguages(lexicons.negative));
}

export function findSensitiveTopic(foldedText: string, lexicons: BotLexicons): BotSensitiveTopic | undefined {
  for (const [topic, lists] of Object.entries(lexicons.sensitiveTopics) as Array<[BotSensitiveTopic, Record<KbLanguage, string[]>]>) {
    if (findPhrase(foldedText, bothLanguages(lists))) return topic;
  }
  return undefined;
}

/** Shouting: at least ten letters, nearly all of them capitals. */
export function isShouting(text: string): boolean {
  const letters = [...text].filter((character) => /\p{L}/u.test(character));
  if (letters.length < 10) return false;
  const capitals = letters.filter((character) => character !== character.toLowerCase() && character === character.toUpperCase()).length;
  return capitals / letters.length >= 0.8;
}

// ── Language ──────────────────────────────────────────────────────────────────────────────────────────────

/** Below this many letters franc's trigram statistics guess more than they measure. */
const FRANC_MIN_LETTERS = 20;
/** From this many letters franc outweighs a single function word. */
const FRANC_LONG_TEXT = 60;

/**
 * English or French. Function words decide short texts, and longer ones unless franc (restricted to the two) reads
 * a long text otherwise; without function words, the words the articles of each language use (`articleVotes`),
 * then franc for texts long enough, then the fallback.
 */
export function detectLanguage(text: string, lexicons: BotLexicons, fallback: KbLanguage, articleVotes?: Record<KbLanguage, number>): KbLanguage {
  const votes = stopWordVotes(text, lexicons);
  const lead = votes.en - votes.fr;
  const byWords: KbLanguage | undefined = lead > 0 ? 'en' : lead < 0 ? 'fr' : undefined;
  const letterCount = [...text].filter((character) => /\p{L}/u.test(character)).length;
  const guess = letterCount >= FRANC_MIN_LETTERS ? franc(text, { only: ['eng', 'fra'], minLength: FRANC_MIN_LETTERS }) : 'und';
  const byFranc: KbLanguage | undefined = guess === 'eng' ? 'en' : guess === 'fra' ? 'fr' : undefined;
  if (byWords && (Math.abs(lead) >= 2 || letterCount < FRANC_LONG_TEXT || !byFranc)) return byWords;
  if (byWords && byFranc) return byFranc;
  if (articleVotes && articleVotes.en !== articleVotes.fr) return articleVotes.en > articleVotes.fr ? 'en' : 'fr';
  return byFranc ?? fallback;
}

/** Function words of one language and not the other, French accents, and French elisions (j', l', qu'…). */
export function stopWordVotes(text: string, lexicons: BotLexicons): Record<KbLanguage, number> {
  const english = new Set(lexicons.stopWords.en);
  const french = new Set(lexicons.stopWords.fr);
  const votes = { en: 0, fr: 0 };
  for (const word of wordsOf(text)) {
    if (word.length < 2) continue;
    const isEnglish = english.has(word);
    const isFrench = french.has(word);
    if (isEnglish && !isFrench) votes.en += 1;
    if (isFrench && !isEnglish) votes.fr += 1;
  }
  if (/[éèêàçùûôîœ]/i.test(text)) votes.fr += 1;
  if (/\b(?:j|l|qu|c|d|n|m|s)['’]\p{L}/iu.test(text)) votes.fr += 1;
  return votes;
}

// ── Words for retrieval ───────────────────────────────────────────────────────────────────────────────────

/** The question with the lexicon's everyday expressions rewritten as the articles say them (folded text). */
export function rewriteExpressions(text: string, lexicons: BotLexicons): string {
  let padded = ` ${foldText(text)} `;
  for (const [said, written] of [...lexicons.expressions.en, ...lexicons.expressions.fr]) padded = padded.replaceAll(` ${foldText(said)} `, ` ${written} `);
  return padded.trim();
}

/** The words that carry the meaning: no function words of either language, no single letters. */
export function contentWordsOf(text: string, lexicons: BotLexicons): string[] {
  const stop = new Set([...lexicons.stopWords.en, ...lexicons.stopWords.fr]);
  return [...new Set(wordsOf(rewriteExpressions(text, lexicons)).filter((word) => word.length >= 2 && !stop.has(word)))];
}

const SUFFIXES = ['ements', 'ement', 'ations', 'ation', 'ing', 'ies', 'ied', 'ed', 'er', 'ez', 'ee', 'es', 'e', 's'];

/**
 * A crude stem shared by both languages: a plural or verb ending off, then the first six letters. Enough to
 * compare a question's words with an article's ("refunds" and "refunded", "verrouillé" and "verrouiller").
 */
export function stemOf(word: string): string {
  let stem = word;
  for (const suffix of SUFFIXES) {
    if (stem.length - suffix.length >= 4 && stem.endsWith(suffix) && !(suffix === 's' && stem.endsWith('ss'))) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  return stem.slice(0, 6);
}

/** Levenshtein distance, stopping early once it passes `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_value, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

// ── Extracts ──────────────────────────────────────────────────────────────────────────────────────────────

/** Markdown as plain lines: images dropped, links as their text, emphasis and headings marks removed. */
export function plainLinesOf(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*_`~]+/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*#+\s*/, '').replace(/^\s*>\s?/, '').replace(/^\s*[-+]\s+/, '• ').replace(/\s+/g, ' ').trim())
    .filter((line) => line && !line.startsWith('|'));
}

/**
 * The start of an article as a short plain text: its first sentences, and its first steps when it has numbered
 * ones, cut at a sentence or step boundary to at most `maxLength` characters.
 */
export function extractOf(markdown: string, maxLength = 300): string {
  const lines = plainLinesOf(markdown);
  const pieces: string[] = [];
  let length = 0;
  for (const line of lines) {
    const sentences = /^(\d+\.|•)\s/.test(line) ? [line] : (line.match(/[^.!?]+[.!?]+(?:\s|$)|[^.!?]+$/g) ?? [line]).map((sentence) => sentence.trim());
    for (const sentence of sentences) {
      const addition = (pieces.length > 0 ? 1 : 0) + sentence.length;
      if (length + addition > maxLength) return finish(pieces, sentence, maxLength);
      pieces.push(sentence);
      length += addition;
    }
  }
  return pieces.join(' ');
}

function finish(pieces: string[], next: string, maxLength: number): string {
  if (pieces.length > 0) return pieces.join(' ');
  // A first sentence longer than the whole extract: cut it at a word, with an ellipsis.
  const cut = next.slice(0, maxLength - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}
