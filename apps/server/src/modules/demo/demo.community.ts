/**
 * The demo's community forums: what the customers of the demo's vendor (order-management and point-of-sale software,
 * with the card readers and printers that go with it) ask each other, in English and in Québec French, with the
 * vendor's agents stepping in. Written through the community's repository, as the seed's past dates are no caller's
 * to give: topics and replies as they stood, their votes, one accepted answer and one locked topic.
 */
import type { Executor } from '../../db/database.js';
import { CommunityRepository } from '../community/community.repository.js';
import { slugify } from '../knowledge-base/knowledge-base.service.js';
import type { Bilingual, DemoLanguage } from './demo.content.js';

/** The n-th demo customer writing in that language, or a staff member by their key. */
type DemoAuthor = { customer: number } | { staff: 'liam' | 'emilie' | 'nathalie' | 'marcus' };

interface DemoReply {
  author: DemoAuthor;
  hoursAfter: number;
  body: string;
  /** Customers of the topic's language (by index) who voted for it. */
  voters?: number[];
  isAccepted?: boolean;
}

interface DemoTopic {
  category: string;
  language: DemoLanguage;
  /** The n-th customer of the topic's language. */
  author: number;
  daysAgo: number;
  title: string;
  body: string;
  voters: number[];
  replies: DemoReply[];
  isLocked?: boolean;
}

export const COMMUNITY_CATEGORIES: Array<{ slug: string; name: Bilingual; description: Bilingual }> = [
  {
    slug: 'payments-and-card-readers',
    name: { en: 'Payments and card readers', fr: 'Paiements et terminaux' },
    description: { en: 'Taking cards, tap and tips, refunds at the counter.', fr: 'Cartes, paiement sans contact, pourboires et remboursements au comptoir.' },
  },
  {
    slug: 'printers-and-hardware',
    name: { en: 'Printers and hardware', fr: 'Imprimantes et matériel' },
    description: { en: 'Receipt and kitchen printers, cash drawers, scanners and tablets.', fr: 'Imprimantes de reçus et de cuisine, tiroirs-caisses, lecteurs de codes et tablettes.' },
  },
  {
    slug: 'orders-and-inventory',
    name: { en: 'Orders and inventory', fr: 'Commandes et inventaire' },
    description: { en: 'Online orders, stock counts and several locations.', fr: 'Commandes en ligne, inventaire et plusieurs succursales.' },
  },
  {
    slug: 'ideas',
    name: { en: 'Ideas and feedback', fr: 'Idées et suggestions' },
    description: { en: 'What you would like the product to do next.', fr: 'Ce que vous aimeriez voir dans le produit.' },
  },
];

export const COMMUNITY_TOPICS: DemoTopic[] = [
  {
    category: 'printers-and-hardware',
    language: 'en',
    author: 0,
    daysAgo: 24,
    title: 'Receipt printer stops printing after the first few sales',
    body: `Every morning the receipt printer (Star TSP143, USB) prints the first three or four receipts, then nothing. The sale goes through, the app says "Printed", but no paper comes out. Unplugging the printer fixes it until the next morning.

Windows 11, latest version of the app. Anyone seen this?`,
    voters: [1, 2, 4],
    replies: [
      {
        author: { customer: 1 },
        hoursAfter: 3,
        body: `Had exactly this at our café. It was Windows putting the USB port to sleep. In **Device Manager → Universal Serial Bus controllers**, open each *USB Root Hub*, go to **Power Management** and untick *Allow the computer to turn off this device to save power*. Haven't had a blank morning since.`,
        voters: [0, 2, 3, 4],
        isAccepted: true,
      },
      {
        author: { staff: 'liam' },
        hoursAfter: 5,
        body: `Thanks for sharing that fix! It is the usual cause with USB printers on Windows. If it still happens after that, switch the printer to its network port: Settings → Hardware → Printers → *Connect by network*. Network printers do not go to sleep with the computer.`,
        voters: [0],
      },
      {
        author: { customer: 0 },
        hoursAfter: 26,
        body: 'That was it, three days without a single blank receipt. Thank you both!',
      },
    ],
  },
  {
    category: 'payments-and-card-readers',
    language: 'en',
    author: 2,
    daysAgo: 15,
    title: 'Can a customer split one bill across two cards?',
    body: `We run a small restaurant and tables often want to pay half on one card and half on another. Right now I ring up two separate sales, which messes up the table's tips. Is there a proper way to split a payment?`,
    voters: [3, 5],
    replies: [
      {
        author: { customer: 3 },
        hoursAfter: 2,
        body: 'On the payment screen, tap **Split** instead of *Card*. You can split evenly or by amount, and each card gets its own tip prompt. It took me a year to notice the button!',
        voters: [2, 5],
      },
      {
        author: { staff: 'marcus' },
        hoursAfter: 6,
        body: `That's right: **Split** works for up to 8 payments on one bill, and you can mix cash and cards. The tips of each card are added to the same table, so your tip reports stay correct.`,
      },
    ],
  },
  {
    category: 'payments-and-card-readers',
    language: 'en',
    author: 4,
    daysAgo: 6,
    title: 'Card payments failing this morning?',
    body: 'Since about 9:40 every card payment ends with "Processor unavailable". Cash is fine. Is it just us?',
    voters: [0, 1, 2, 5],
    isLocked: true,
    replies: [
      { author: { customer: 5 }, hoursAfter: 0.2, body: 'Same here in Halifax, both readers.' },
      {
        author: { staff: 'liam' },
        hoursAfter: 0.6,
        body: `Confirmed: our payment processor had an outage between 9:35 and 10:20 (Eastern). Payments go through again since 10:20. Payments that showed *Processor unavailable* were **not** charged, so you can run them again.

We're locking this topic now that it is resolved. Thank you for your patience this morning.`,
      },
    ],
  },
  {
    category: 'payments-and-card-readers',
    language: 'fr',
    author: 0,
    daysAgo: 19,
    title: 'Le terminal refuse les cartes sans contact depuis la mise à jour',
    body: `Depuis la mise à jour de vendredi, notre terminal affiche « Carte refusée » dès qu'un client tape sa carte. Quand on insère la carte avec la puce, ça passe. C'est pas mal achalant le samedi matin à la boulangerie…

Quelqu'un a trouvé une solution?`,
    voters: [1, 2, 3],
    replies: [
      {
        author: { customer: 2 },
        hoursAfter: 4,
        body: 'Pareil chez nous. On a redémarré le terminal, sans succès.',
        voters: [0],
      },
      {
        author: { staff: 'emilie' },
        hoursAfter: 6,
        body: `Bonjour! La mise à jour a remis à zéro la limite du sans contact sur certains terminaux. Dans l'application, allez dans **Paramètres → Paiements → Sans contact** et remettez la limite à **250 $**, puis touchez *Envoyer au terminal*. Le terminal redémarre tout seul et accepte de nouveau les cartes tapées.`,
        voters: [0, 1, 2, 3],
        isAccepted: true,
      },
      {
        author: { customer: 0 },
        hoursAfter: 8,
        body: 'Ça marche! La limite était rendue à 0 $. Merci beaucoup, Émilie.',
      },
    ],
  },
  {
    category: 'orders-and-inventory',
    language: 'fr',
    author: 3,
    daysAgo: 10,
    title: 'Synchroniser l’inventaire entre deux succursales',
    body: `On vient d'ouvrir une deuxième boutique à Laval. Est-ce que l'inventaire peut être partagé entre les deux, ou il faut gérer chaque succursale séparément? Idéalement, je voudrais voir en caisse s'il en reste à l'autre magasin.`,
    voters: [0, 4],
    replies: [
      {
        author: { customer: 4 },
        hoursAfter: 20,
        body: 'Nous avons trois succursales. Chaque emplacement a son propre inventaire, mais sur la fiche du produit il y a un onglet **Autres emplacements** qui montre les quantités ailleurs. Pour déplacer de la marchandise, on fait un *transfert* entre emplacements.',
        voters: [3],
      },
      {
        author: { staff: 'nathalie' },
        hoursAfter: 26,
        body: `Exactement. Pour voir les quantités en caisse, activez **Afficher le stock des autres emplacements** dans Paramètres → Caisse. Et les transferts se font dans Inventaire → Transferts : le stock quitte la première succursale à l'envoi et arrive à l'autre à la réception.`,
      },
    ],
  },
  {
    category: 'ideas',
    language: 'fr',
    author: 5,
    daysAgo: 4,
    title: 'Idée : alerte par texto quand un produit est presque en rupture',
    body: `Ce serait vraiment pratique de recevoir un texto quand il reste moins de 5 unités d'un produit. Je ne suis pas toujours devant l'ordi, et les courriels d'alerte, je les vois trop tard.`,
    voters: [0, 1, 2, 3, 4],
    replies: [
      { author: { customer: 1 }, hoursAfter: 5, body: 'Oui! Même chose pour les commandes en ligne qui attendent depuis plus d’une heure.', voters: [5, 2] },
      {
        author: { staff: 'emilie' },
        hoursAfter: 28,
        body: 'Merci pour l’idée, c’est noté et transmis à l’équipe produit. Votez pour le sujet si ça vous serait utile : ça nous aide à choisir les prochaines fonctionnalités.',
      },
    ],
  },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Writes the forums: categories, then each topic with its replies, votes and accepted answer, dated in the past.
 * `customers` are the demo's customers of each language, in the seed's order; `staff` the agents' user ids.
 */
export async function writeDemoCommunity(
  tx: Executor,
  workspaceId: string,
  customers: Record<DemoLanguage, string[]>,
  staff: Record<'liam' | 'emilie' | 'nathalie' | 'marcus', string>,
  now: Date,
): Promise<void> {
  const repository = new CommunityRepository();
  const setUpAt = new Date(now.getTime() - 60 * DAY);
  const categoryIds = new Map<string, string>();
  for (const [position, category] of COMMUNITY_CATEGORIES.entries()) {
    const row = await repository.insertCategory(tx, {
      workspaceId,
      slug: category.slug,
      nameEn: category.name.en,
      nameFr: category.name.fr,
      descriptionEn: category.description.en,
      descriptionFr: category.description.fr,
      position,
      createdAt: setUpAt,
      updatedAt: setUpAt,
    });
    categoryIds.set(category.slug, row.id);
  }
  // Oldest first, so topic numbers follow time.
  const topics = [...COMMUNITY_TOPICS].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const [index, topic] of topics.entries()) {
    const of = customers[topic.language];
    const createdAt = new Date(now.getTime() - topic.daysAgo * DAY - (index % 5) * HOUR);
    const lastReply = topic.replies.at(-1);
    const lastActivityAt = lastReply ? new Date(createdAt.getTime() + lastReply.hoursAfter * HOUR) : createdAt;
    const row = await repository.insertTopic(tx, {
      workspaceId,
      number: index + 1,
      categoryId: categoryIds.get(topic.category)!,
      authorCustomerId: of[topic.author]!,
      title: topic.title,
      slug: slugify(topic.title),
      body: topic.body,
      language: topic.language,
      status: topic.isLocked ? 'locked' : 'open',
      lockedByUserId: topic.isLocked ? staffOf(topic, staff) : null,
      lockedAt: topic.isLocked ? lastActivityAt : null,
      voteScore: topic.voters.length,
      replyCount: topic.replies.length,
      lastActivityAt,
      createdAt,
      updatedAt: lastActivityAt,
    });
    for (const voter of topic.voters) await repository.addVote(tx, { workspaceId, voterCustomerId: of[voter]!, topicId: row.id });
    let acceptedReplyId: string | null = null;
    for (const reply of topic.replies) {
      const at = new Date(createdAt.getTime() + reply.hoursAfter * HOUR);
      const inserted = await repository.insertReply(tx, {
        workspaceId,
        topicId: row.id,
        ...('staff' in reply.author ? { authorUserId: staff[reply.author.staff] } : { authorCustomerId: of[reply.author.customer]! }),
        body: reply.body,
        voteScore: reply.voters?.length ?? 0,
        createdAt: at,
        updatedAt: at,
      });
      for (const voter of reply.voters ?? []) await repository.addVote(tx, { workspaceId, voterCustomerId: of[voter]!, replyId: inserted.id });
      if (reply.isAccepted) acceptedReplyId = inserted.id;
    }
    if (acceptedReplyId) await repository.updateTopic(tx, workspaceId, row.id, { acceptedReplyId });
    await repository.backdate(tx, workspaceId, [{ id: row.id, createdAt, lastActivityAt }], []);
  }
}

/** The agent who locked a topic: the last staff member to reply in it. */
function staffOf(topic: DemoTopic, staff: Record<'liam' | 'emilie' | 'nathalie' | 'marcus', string>): string | null {
  const last = [...topic.replies].reverse().find((reply) => 'staff' in reply.author);
  return last && 'staff' in last.author ? staff[last.author.staff] : null;
}
