/**
 * The bot against labelled questions: `npm run eval:bot [-- --verbose]`.
 *
 * Runs the real services over an in-memory PGlite holding the demo workspace, asks each question of
 * test/fixtures/bot-eval.json in a new conversation (without its language, which the bot detects), and prints the
 * share answered right (the expected article, a clarifying question, or a handoff for the expected reason) by
 * language and by expected outcome, the confident answers given to sensitive topics (must be none), and the
 * latency of an ask. A question expected to end in a `no_answer` handoff is asked twice in its conversation, as a
 * customer who tries again would.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config/config.js';
import { openDatabase } from '../apps/server/src/db/database.js';
import type { TBotAnswer } from '../apps/server/src/modules/bot/bot.schema.js';
import { DEMO_LOGIN, seedDemo } from '../apps/server/src/modules/demo/demo.seed.js';
import { createServices } from '../apps/server/src/services.js';

interface EvalCase {
  question: string;
  language: 'en' | 'fr';
  expected: { outcome: 'answer' | 'handoff' | 'clarify'; articleSlug?: string; reason?: string };
}

const isVerbose = process.argv.includes('--verbose');
const cases = JSON.parse(readFileSync(new URL('../test/fixtures/bot-eval.json', import.meta.url), 'utf8')) as EvalCase[];

const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
await database.migrate();
const services = createServices({ config, database, masterKey: randomBytes(32) });
await services.jobs.install();
const seedStarted = performance.now();
const { workspaceId } = await seedDemo(services);
console.log(`demo workspace "${DEMO_LOGIN.workspace}" seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; ${cases.length} questions`);

const slugs = new Map<string, string>();
for (const language of ['en', 'fr'] as const) {
  for (const article of (await services.knowledgeBase.getPublicCatalog(workspaceId, language)).articles) slugs.set(article.id, article.slug);
}
const knownSlugs = new Set(slugs.values());
const unknown = cases.filter((item) => item.expected.articleSlug && !knownSlugs.has(item.expected.articleSlug));
if (unknown.length > 0) throw new Error(`unknown article slugs in the fixture: ${unknown.map((item) => item.expected.articleSlug).join(', ')}`);

// Warm-up: the first ask of a language builds the bot's vocabulary of it, as the first customer of a node would.
for (const language of ['en', 'fr'] as const) await services.bot.ask(workspaceId, { question: 'warm up', language });

const latencies: number[] = [];
const timedAsk = async (input: Parameters<typeof services.bot.ask>[1]): Promise<TBotAnswer> => {
  const started = performance.now();
  const answer = await services.bot.ask(workspaceId, input);
  latencies.push(performance.now() - started);
  return answer;
};

type Tally = { right: number; total: number };
const byLanguage: Record<string, Tally> = {};
const byOutcome: Record<string, Tally> = {};
const count = (tallies: Record<string, Tally>, key: string, isRight: boolean) => {
  const tally = (tallies[key] ??= { right: 0, total: 0 });
  tally.total += 1;
  if (isRight) tally.right += 1;
};
let right = 0;
let languageRight = 0;
let confidentOnSensitive = 0;
const failures: string[] = [];

for (const item of cases) {
  let answer = await timedAsk({ question: item.question });
  if (item.expected.reason === 'no_answer' && !answer.handoff && answer.articleId === null && !answer.answer.includes('“') && !answer.answer.includes('«')) {
    answer = await timedAsk({ question: item.question, conversationId: answer.conversationId });
  }
  const outcome = answer.handoff ? 'handoff' : answer.articleId ? 'answer' : /“|«/.test(answer.answer) ? 'clarify' : 'no_answer';
  const slug = answer.articleId ? slugs.get(answer.articleId) : undefined;
  const isRight =
    outcome === item.expected.outcome &&
    (item.expected.outcome !== 'answer' || slug === item.expected.articleSlug) &&
    (item.expected.outcome !== 'handoff' || !item.expected.reason || answer.reason === item.expected.reason);
  if (isRight) right += 1;
  if (answer.language === item.language) languageRight += 1;
  if (item.expected.reason === 'sensitive_topic' && outcome === 'answer') confidentOnSensitive += 1;
  count(byLanguage, item.language, isRight);
  count(byOutcome, item.expected.outcome, isRight);
  if (!isRight) {
    const expected = item.expected.articleSlug ?? item.expected.reason ?? '';
    const ranking = isVerbose ? await services.bot.rank(workspaceId, item.language, item.question) : undefined;
    const top = ranking?.candidates.slice(0, 2).map((candidate) => `${candidate.article.slug} ${candidate.relevance.toFixed(2)}`).join(', ') ?? '';
    failures.push(`  ✗ [${item.language}] ${item.question}\n      expected ${item.expected.outcome} ${expected}; got ${outcome} ${slug ?? answer.reason ?? ''} (confidence ${answer.confidence}, language ${answer.language}) ${top}`);
  }
}

const percent = (tally: Tally) => `${((100 * tally.right) / tally.total).toFixed(1)}% (${tally.right}/${tally.total})`;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

console.log(`\nright answer, clarification or handoff: ${percent({ right, total: cases.length })}`);
for (const [language, tally] of Object.entries(byLanguage)) console.log(`  ${language}: ${percent(tally)}`);
console.log('by expected outcome:');
for (const [outcome, tally] of Object.entries(byOutcome)) console.log(`  ${outcome}: ${percent(tally)}`);
console.log(`language detected right: ${percent({ right: languageRight, total: cases.length })}`);
console.log(`confident answers on sensitive topics: ${confidentOnSensitive} (must be 0)`);
console.log(`ask latency over ${latencies.length} asks: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
if (failures.length > 0) console.log(isVerbose ? `\nwrong:\n${failures.join('\n')}` : `\n${failures.length} wrong (--verbose lists them)`);

await database.close();
