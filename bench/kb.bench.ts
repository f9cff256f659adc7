/**
 * Knowledge base search benchmark: the demo knowledge base grown to N articles, then the search timed.
 *
 *   npm run bench:kb -- [--articles 10000] [--queries 400] [--database postgres|pglite]
 *                       [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * The demo workspace is seeded (47 articles in English and French, their synonyms), then articles are added to its
 * sections until there are `--articles` in all: each one recombines paragraphs of the demo's articles of the same
 * language under a title made of a demo title and a product word, so the vocabulary is the help center's and many
 * articles share words, as in a real knowledge base. The queries are the kinds customers type, in both languages:
 * words of a title, a question in everyday words, a typo, a synonym, an accent left out, and words found nowhere.
 * Each is timed through `KnowledgeBaseService.search` (public, published, one language, 10 results): p50 and p95 per
 * kind and overall, in ms. Target: p95 < 50 ms with 10,000 articles. `--keep` leaves the PostgreSQL database in place
 * (its address is printed) to study the plans with EXPLAIN.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../apps/server/src/config/config.js';
import { createThrowawayDatabase } from '../apps/server/src/db/throwaway-database.js';
import { KB_CATEGORIES } from '../apps/server/src/modules/demo/demo.knowledge-base.js';
import { seedDemo } from '../apps/server/src/modules/demo/demo.seed.js';
import { kbArticles, kbSections } from '../apps/server/src/modules/knowledge-base/knowledge-base.tables.js';
import { openRuntime } from '../apps/server/src/runtime.js';
import { eq } from 'drizzle-orm';

const TARGET_P95_MS = 50;
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '400' },
    database: { type: 'string', default: 'postgres' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const articleCount = Number(values.articles);
const queryCount = Number(values.queries);

type Language = 'en' | 'fr';
const PRODUCT_WORDS: Record<Language, string[]> = {
  en: ['for stores', 'on the tablet', 'with the card reader', 'for warehouses', 'on Android', 'on iPhone', 'for franchises', 'in the web app', 'with QuickBooks', 'for restaurants'],
  fr: ['pour les boutiques', 'sur la tablette', 'avec le lecteur de cartes', 'pour les entrepôts', 'sur Android', 'sur iPhone', 'pour les franchises', 'dans l’application Web', 'avec QuickBooks', 'pour les restaurants'],
};
/** What customers type, by kind; each kind in both languages. */
const QUERIES: Record<string, Record<Language, string[]>> = {
  title: { en: ['reset password', 'refund policy', 'track my order', 'two-factor sign-in', 'update payment method'], fr: ['réinitialiser mot de passe', 'politique de remboursement', 'suivre ma commande', 'authentification à deux facteurs', 'mode de paiement'] },
  question: { en: ['how do I get my money back', 'my card was declined', 'where is my package', 'cannot log in to my account'], fr: ['comment me faire rembourser', 'ma carte a été refusée', 'où est mon colis', 'je ne peux pas me connecter'] },
  typo: { en: ['pasword reset', 'refnd policy', 'shiping times', 'invocie'], fr: ['rembourcement', 'mot de pase', 'livraisson', 'factur'] },
  synonym: { en: ['money back', 'bill', 'passcode'], fr: ['remise', 'reçu', 'adresse électronique'] },
  accents: { en: ['cafe receipt printer'], fr: ['securite du compte', 'telecharger mes donnees', 'expedition'] },
  nothing: { en: ['xylophone tuning', 'zebra migration'], fr: ['accordéon baroque', 'migration des zèbres'] },
};

function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

const demoArticles = KB_CATEGORIES.flatMap((category) => category.sections.flatMap((section) => section.articles.map((article) => ({ section: section.slug, article }))));
const paragraphsOf = (language: Language) => demoArticles.flatMap(({ article }) => article.body[language].split(/\n{2,}/).filter((paragraph) => paragraph.trim().length > 40));

const throwaway = values.database === 'postgres' ? await createThrowawayDatabase(values['postgres-url']!, 'switchboard_bench') : undefined;
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: `/tmp/switchboard-bench-kb-${randomUUID().slice(0, 8)}`, LOG_LEVEL: 'silent', MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), ...(throwaway ? { DATABASE_URL: throwaway.url } : {}) });
const runtime = await openRuntime(config);
try {
  const { services } = runtime;
  const { workspaceId } = await seedDemo(services);
  const sections = await services.db.select({ id: kbSections.id }).from(kbSections).where(eq(kbSections.workspaceId, workspaceId));
  const existing = (await services.db.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.workspaceId, workspaceId))).length;
  const random = seeded(11);
  const paragraphs = { en: paragraphsOf('en'), fr: paragraphsOf('fr') };
  const started = performance.now();
  const toAdd = Math.max(0, articleCount - existing);
  const now = new Date();
  for (let offset = 0; offset < toAdd; offset += 500) {
    const rows = Array.from({ length: Math.min(500, toAdd - offset) }, (_, index) => {
      const number = existing + offset + index;
      const language: Language = number % 2 === 0 ? 'en' : 'fr';
      const base = random.pick(demoArticles).article;
      const title = `${base.title[language]} ${random.pick(PRODUCT_WORDS[language])} (${number})`;
      const body = Array.from({ length: 3 + Math.floor(random.next() * 4) }, () => random.pick(paragraphs[language])).join('\n\n');
      return {
        workspaceId,
        sectionId: random.pick(sections).id,
        language,
        translationGroupId: randomUUID(),
        title,
        slug: `bench-${number}`,
        body,
        status: 'published',
        visibility: random.next() < 0.05 ? 'internal' : 'public',
        tags: base.tags,
        publishedAt: now,
      };
    });
    await services.db.insert(kbArticles).values(rows);
  }
  const total = existing + toAdd;
  console.log(`${total} articles (${toAdd} added in ${((performance.now() - started) / 1000).toFixed(1)} s) on ${values.database}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  await services.db.execute('ANALYZE kb_articles');

  const cases = Object.entries(QUERIES).flatMap(([kind, byLanguage]) => (['en', 'fr'] as const).flatMap((language) => byLanguage[language].map((q) => ({ kind, language, q }))));
  for (const item of cases) await services.knowledgeBase.search(workspaceId, { q: item.q, language: item.language, includeInternal: false, limit: 10 });
  const timings = new Map<string, number[]>();
  let found = 0;
  for (let index = 0; index < queryCount; index += 1) {
    const item = cases[index % cases.length]!;
    const begin = performance.now();
    const results = await services.knowledgeBase.search(workspaceId, { q: item.q, language: item.language, includeInternal: false, limit: 10 });
    const elapsed = performance.now() - begin;
    if (results.length > 0) found += 1;
    for (const key of [item.kind, 'all']) timings.set(key, [...(timings.get(key) ?? []), elapsed]);
  }
  console.log(`${queryCount} searches, ${found} with results`);
  console.log('kind       p50 ms   p95 ms   max ms');
  for (const [kind, list] of timings) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`${kind.padEnd(10)} ${percentile(sorted, 0.5).toFixed(1).padStart(6)} ${percentile(sorted, 0.95).toFixed(1).padStart(8)} ${sorted.at(-1)!.toFixed(1).padStart(8)}`);
  }
  const all = [...timings.get('all')!].sort((a, b) => a - b);
  const p95 = percentile(all, 0.95);
  console.log(`p95 ${p95.toFixed(1)} ms: ${p95 < TARGET_P95_MS ? 'meets' : 'misses'} the target of ${TARGET_P95_MS} ms with ${total} articles`);
} finally {
  await runtime.close();
  if (values.keep && throwaway) console.log(`kept: ${throwaway.url}`);
  else await throwaway?.drop();
}
