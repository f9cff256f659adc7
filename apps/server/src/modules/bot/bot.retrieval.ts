/**
 * Re-ranking the knowledge base search's candidates, and the confidence the bot has in the best one. The search
 * finds candidates (both stemmers, synonyms, typos in titles); this module weighs how much of the question each
 * candidate covers (each word by how rare it is in the knowledge base, and how often the article uses it, as BM25
 * does), and how far the best stands above the next.
 */
import type { BotLexicons } from './bot-lexicons.js';
import type { BotArticleText } from './bot.repository.js';
import { contentWordsOf, editDistance, plainLinesOf, stemOf, wordsOf } from './bot.text.js';

export interface BotVocabularyArticle extends BotArticleText {
  titleStems: Set<string>;
  /** How many times the article (title and body) uses each stem. */
  stemCounts: Map<string, number>;
  length: number;
}

/** What the bot knows of a language's public articles: their words, how many articles use each, and synonyms. */
export interface BotVocabulary {
  articles: Map<string, BotVocabularyArticle>;
  averageLength: number;
  /** Articles per stem. */
  documentFrequency: Map<string, number>;
  /** Every word the articles use, to correct a question's typos against. */
  words: Set<string>;
  /** Each synonym group as its terms' stems. */
  synonymGroups: string[][][];
}

export function buildVocabulary(articles: BotArticleText[], synonymGroups: string[][]): BotVocabulary {
  const documentFrequency = new Map<string, number>();
  const words = new Set<string>();
  const entries = new Map<string, BotVocabularyArticle>();
  let totalLength = 0;
  for (const article of articles) {
    const titleWords = wordsOf(article.title);
    const allWords = [...titleWords, ...wordsOf(plainLinesOf(article.body).join(' '))].filter((word) => word.length >= 2);
    const stemCounts = new Map<string, number>();
    for (const word of allWords) {
      words.add(word);
      const stem = stemOf(word);
      stemCounts.set(stem, (stemCounts.get(stem) ?? 0) + 1);
    }
    for (const stem of stemCounts.keys()) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    totalLength += allWords.length;
    entries.set(article.id, { ...article, titleStems: new Set(titleWords.map(stemOf)), stemCounts, length: allWords.length });
  }
  return {
    articles: entries,
    averageLength: entries.size > 0 ? totalLength / entries.size : 1,
    documentFrequency,
    words,
    synonymGroups: synonymGroups.map((terms) => terms.map((term) => wordsOf(term).map(stemOf))),
  };
}

export interface BotQueryTerm {
  /** The word as the articles write it (a typo corrected), for the search. */
  word: string;
  stem: string;
  /** How much the term says: rare words more than common ones, words the articles never use a good deal. */
  weight: number;
  /** Stems of synonyms that count as this term. */
  alternatives: string[];
}

/** Whether the articles use the word, or one a typo away from it. */
export function knowsWord(word: string, vocabulary: BotVocabulary): boolean {
  return vocabulary.documentFrequency.has(stemOf(word)) || closestWord(word, vocabulary) !== undefined;
}

/** A question as the bot searches it: its content words, typos corrected against the articles' words. */
export function queryTermsOf(question: string, vocabulary: BotVocabulary, lexicons: BotLexicons): BotQueryTerm[] {
  const articleCount = Math.max(vocabulary.articles.size, 1);
  const idf = (frequency: number) => Math.log(1 + articleCount / frequency);
  const unknownWeight = BOT_SCORING.unknownWordWeight * idf(1);
  const terms: BotQueryTerm[] = [];
  for (const questionWord of contentWordsOf(question, lexicons)) {
    let word = questionWord;
    let frequency = vocabulary.documentFrequency.get(stemOf(word));
    if (frequency === undefined && word.length >= 4) {
      const corrected = closestWord(word, vocabulary);
      if (corrected) {
        word = corrected;
        frequency = vocabulary.documentFrequency.get(stemOf(corrected));
      }
    }
    const stem = stemOf(word);
    if (terms.some((term) => term.stem === stem)) continue;
    terms.push({ word, stem, weight: frequency === undefined ? unknownWeight : idf(frequency), alternatives: [] });
  }
  // A synonym group term the question contains: any of the group's terms in an article counts for its words.
  const questionStems = new Set(terms.map((term) => term.stem));
  for (const group of vocabulary.synonymGroups) {
    const matched = group.find((termStems) => termStems.length > 0 && termStems.every((stem) => questionStems.has(stem)));
    if (!matched) continue;
    const alternatives = group.filter((termStems) => termStems !== matched).flat();
    for (const term of terms) if (matched.includes(term.stem)) term.alternatives.push(...alternatives);
  }
  return terms;
}

/** The articles' word closest to a misspelt one: one edit away, or two for words of eight letters or more. */
function closestWord(word: string, vocabulary: BotVocabulary): string | undefined {
  const limit = word.length >= 8 ? 2 : 1;
  let best: { word: string; distance: number; frequency: number } | undefined;
  for (const candidate of vocabulary.words) {
    if (candidate.length < 3 || Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word, candidate, limit);
    if (distance > limit) continue;
    const frequency = vocabulary.documentFrequency.get(stemOf(candidate)) ?? 0;
    if (!best || distance < best.distance || (distance === best.distance && frequency > best.frequency)) best = { word: candidate, distance, frequency };
  }
  return best?.word;
}

export interface BotCandidate {
  article: BotVocabularyArticle;
  /** Share of the question's weight the article covers, title and body, by presence and use (0–1). */
  coverage: number;
  /** Share covered by the title alone (0–1). */
  titleCoverage: number;
  /** The search's score relative to the best one's (0–1). */
  searchScore: number;
  relevance: number;
}

export interface BotRanking {
  candidates: BotCandidate[];
  confidence: number;
}

/** The weights of the relevance and of the confidence, chosen on the demo knowledge base (see `npm run eval:bot`). */
export const BOT_SCORING = {
  /** A word no article uses, against the rarest word the articles use: it says the question is about something else. */
  unknownWordWeight: 0.75,
  coverageWeight: 0.5,
  titleCoverageWeight: 0.3,
  searchWeight: 0.2,
  /** BM25's term frequency saturation and length normalisation. */
  k1: 1.2,
  b: 0.5,
  /** The relevance at which the best article is as likely right as wrong, and how steeply that rises around it. */
  midpoint: 0.42,
  steepness: 15,
  /** The lead over the second article (as a share of the best's relevance) at which the best is clearly apart. */
  leadScale: 0.2,
} as const;

export function rankCandidates(terms: BotQueryTerm[], searchResults: Array<{ id: string; score: number }>, vocabulary: BotVocabulary): BotRanking {
  const totalWeight = terms.reduce((sum, term) => sum + term.weight, 0);
  const bestScore = Math.max(...searchResults.map((result) => result.score), 0);
  if (totalWeight === 0 || searchResults.length === 0) return { candidates: [], confidence: 0 };
  const { k1, b } = BOT_SCORING;
  const candidates: BotCandidate[] = [];
  for (const result of searchResults) {
    const article = vocabulary.articles.get(result.id);
    if (!article) continue;
    let covered = 0;
    let coveredByTitle = 0;
    for (const term of terms) {
      const stems = [term.stem, ...term.alternatives];
      const uses = stems.reduce((sum, stem) => sum + (article.stemCounts.get(stem) ?? 0), 0);
      if (uses > 0) {
        const saturated = (uses * (k1 + 1)) / (uses + k1 * (1 - b + (b * article.length) / vocabulary.averageLength)) / (k1 + 1);
        covered += term.weight * (0.5 + 0.5 * Math.min(saturated, 1));
      }
      if (stems.some((stem) => article.titleStems.has(stem))) coveredByTitle += term.weight;
    }
    const coverage = covered / totalWeight;
    const titleCoverage = coveredByTitle / totalWeight;
    const searchScore = bestScore > 0 ? result.score / bestScore : 0;
    const relevance = BOT_SCORING.coverageWeight * coverage + BOT_SCORING.titleCoverageWeight * titleCoverage + BOT_SCORING.searchWeight * searchScore;
    candidates.push({ article, coverage, titleCoverage, searchScore, relevance });
  }
  candidates.sort((x, y) => y.relevance - x.relevance);
  return { candidates, confidence: confidenceOf(candidates[0]?.relevance ?? 0, candidates[1]?.relevance ?? 0) };
}

/**
 * How likely the best article is the answer: that it is relevant at all (a logistic curve of its relevance) and
 * that it, rather than the second, is the one meant (its lead over the second): two equally good articles cut it by more than half,
 * which makes a clarifying question rather than a guess.
 */
export function confidenceOf(best: number, second: number): number {
  if (best <= 0) return 0;
  const isRelevant = 1 / (1 + Math.exp(-BOT_SCORING.steepness * (best - BOT_SCORING.midpoint)));
  const isApart = 1 - Math.exp(-(best - second) / best / BOT_SCORING.leadScale);
  return isRelevant * (0.45 + 0.55 * isApart);
}
