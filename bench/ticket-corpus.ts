/**
 * The words support tickets are made of, in English and French, shared by the SQL seeder and the bodies the
 * load generator posts. Frequencies are chosen so full-text search has both kinds of query a helpdesk sees:
 * common words that match a large share of tickets ("order", "commande", "payment") and selective ones that
 * match a handful (a product name, an order number, "chargeback").
 */

export const ENGLISH_SUBJECT_OPENINGS = [
  'Refund request for', 'Cannot access', 'Problem with', 'Question about', 'Error when opening', 'Billing issue with',
  'Shipping delay on', 'Need help with', 'Broken', 'Missing item in', 'Please cancel', 'Upgrade', 'Password reset for',
  'Wrong charge on', 'Feedback on', 'Slow loading of', 'Duplicate payment for', 'Change address on', 'Damaged parcel for',
  'Invoice copy for',
];

export const ENGLISH_SUBJECT_OBJECTS = [
  'my order', 'my account', 'the invoice', 'the mobile app', 'the dashboard', 'my subscription', 'the delivery',
  'the payment', 'the export', 'the API', 'two-factor login', 'the checkout', 'the warranty', 'the printer', 'the router',
  'my order', 'my account', 'the payment',
];

export const FRENCH_SUBJECT_OPENINGS = [
  'Demande de remboursement pour', "Impossible d'accéder à", 'Problème avec', 'Question sur', "Erreur à l'ouverture de",
  'Problème de facturation sur', 'Retard de livraison pour', "Besoin d'aide avec", 'Article manquant dans', 'Annuler',
  'Mise à niveau de', 'Réinitialisation du mot de passe pour', 'Montant erroné sur', 'Commentaire sur', 'Lenteur de',
  'Paiement en double pour', "Changement d'adresse sur", 'Colis endommagé pour',
];

export const FRENCH_SUBJECT_OBJECTS = [
  'ma commande', 'mon compte', 'la facture', "l'application mobile", 'le tableau de bord', 'mon abonnement', 'la livraison',
  'le paiement', "l'exportation", "l'API", 'la connexion', 'le panier', 'la garantie', "l'imprimante", 'le routeur',
  'ma commande', 'mon compte', 'le paiement',
];

export const ENGLISH_SENTENCES = [
  'Hello, I placed an order last week and it still has not arrived.',
  'I was charged twice for the same order and would like a refund.',
  'The app crashes every time I open the settings page.',
  'I cannot sign in to my account since the last update.',
  'Could you send me a copy of the invoice for my records?',
  'The tracking page says delivered but nothing was left at the door.',
  'My subscription renewed even though I cancelled it last month.',
  'The export to CSV is missing the last column.',
  'Thank you for your help, the previous agent was very kind.',
  'Please update the billing address on my account.',
  'The payment page shows an error after I enter my card.',
  'One item in the box was broken when it arrived.',
  'Is there a way to change the delivery date?',
  'The dashboard takes more than a minute to load in the morning.',
  'I would like to upgrade to the yearly plan.',
  'The reset link in the email has expired.',
  'Our team needs three more seats on the account.',
  'The printer stops after the first page and shows a red light.',
  'The router drops the connection every evening.',
  'Can you confirm the warranty still covers this device?',
  'I tried clearing the cache but the problem remains.',
  'This is urgent, our customers cannot check out.',
  'The API returns a timeout when we send large requests.',
  'Please close this ticket, the issue is solved.',
];

export const FRENCH_SENTENCES = [
  "Bonjour, j'ai passé une commande la semaine dernière et je ne l'ai toujours pas reçue.",
  "J'ai été débité deux fois pour la même commande et je voudrais un remboursement.",
  "L'application plante chaque fois que j'ouvre les paramètres.",
  'Je ne peux plus me connecter à mon compte depuis la dernière mise à jour.',
  "Pouvez-vous m'envoyer une copie de la facture?",
  "La page de suivi indique livré mais il n'y avait rien devant la porte.",
  "Mon abonnement a été renouvelé alors que je l'avais annulé le mois dernier.",
  "L'exportation en CSV ne contient pas la dernière colonne.",
  "Merci pour votre aide, l'agent précédent était très aimable.",
  "Veuillez mettre à jour l'adresse de facturation de mon compte.",
  'La page de paiement affiche une erreur après la saisie de ma carte.',
  'Un article dans la boîte était cassé à la livraison.',
  'Est-il possible de changer la date de livraison?',
  'Le tableau de bord met plus d’une minute à se charger le matin.',
  "Je voudrais passer à l'abonnement annuel.",
  'Le lien de réinitialisation dans le courriel a expiré.',
  "L'imprimante s'arrête après la première page.",
  'Le routeur perd la connexion tous les soirs.',
  "Pouvez-vous confirmer que la garantie couvre toujours l'appareil?",
  "C'est urgent, nos clients ne peuvent plus payer.",
];

/** Rare on purpose: about one ticket in a thousand mentions it. */
export const ENGLISH_RARE_SENTENCE = 'My bank opened a chargeback for this payment.';
export const FRENCH_RARE_SENTENCE = 'Ma banque a ouvert une rétrofacturation pour ce paiement.';

export const FIRST_NAMES = ['Alice', 'Benoît', 'Chloé', 'David', 'Émilie', 'François', 'Grace', 'Hugo', 'Inès', 'Jacob', 'Karim', 'Léa', 'Mason', 'Nadia', 'Olivier', 'Priya', 'Quentin', 'Rosalie', 'Samuel', 'Tanya', 'Ulysse', 'Valérie', 'William', 'Yasmine', 'Zoé'];
export const LAST_NAMES = ['Martin', 'Tremblay', 'Smith', 'Gagnon', 'Roy', 'Johnson', 'Côté', 'Bouchard', 'Brown', 'Gauthier', 'Morin', 'Lavoie', 'Williams', 'Fortin', 'Pelletier', 'Nguyen', 'Bélanger', 'Lévesque', 'Garcia', 'Bergeron'];
export const TAGS = ['vip', 'billing', 'shipping', 'bug', 'feature-request', 'mobile', 'escalated', 'refund', 'onboarding', 'hardware'];
export const CATEGORIES = ['billing', 'technical', 'account', 'general'];

/** Product names are made-up words: each one appears in a few hundredths of a percent of tickets. */
export const PRODUCT_NAMES = makeProductNames(2000);

function makeProductNames(count: number): string[] {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'tr', 'kl', 'gr', 'st', 'pl'];
  const vowels = ['a', 'e', 'i', 'o', 'u'];
  const endings = ['x', 'n', 'r', 'l', 'th'];
  const random = seededRandom(20261123);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const names = new Set<string>();
  while (names.size < count) {
    const word = `${pick(onsets)}${pick(vowels)}${pick(onsets)}${pick(vowels)}${pick(onsets)}${pick(vowels)}${pick(endings)}`;
    names.add(word.charAt(0).toUpperCase() + word.slice(1));
  }
  return [...names];
}

/** A small deterministic generator (mulberry32), so every run seeds the same vocabulary. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The order number ticket `ordinal` mentions: unique per ticket, so searching for it finds one ticket. */
export function orderNumberOf(ordinal: number): number {
  return 1_000_000 + ((ordinal * 7919) % 9_000_000);
}

/** A PostgreSQL array literal of text, for embedding the vocabulary in set-based SQL. */
export function sqlTextArray(items: readonly string[]): string {
  return `ARRAY[${items.map((item) => `'${item.replaceAll("'", "''")}'`).join(',')}]::text[]`;
}

export interface TicketText {
  subject: string;
  description: string;
  language: 'en' | 'fr';
}

/** One ticket's subject and description, the way the seeder writes them, for the create load. */
export function makeTicketText(random: () => number, ordinal: number): TicketText {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const isEnglish = random() < 0.7;
  const product = random() < 0.6 ? pick(PRODUCT_NAMES) : undefined;
  if (isEnglish) {
    const sentences = [pick(ENGLISH_SENTENCES), pick(ENGLISH_SENTENCES)];
    if (random() < 0.5) sentences.push(pick(ENGLISH_SENTENCES));
    if (product) sentences.push(`This is about my ${product}.`);
    if (random() < 0.5) sentences.push(`My order number is ${orderNumberOf(ordinal)}.`);
    if (random() < 0.001) sentences.push(ENGLISH_RARE_SENTENCE);
    return { subject: `${pick(ENGLISH_SUBJECT_OPENINGS)} ${product && random() < 0.5 ? product : pick(ENGLISH_SUBJECT_OBJECTS)}`, description: sentences.join(' '), language: 'en' };
  }
  const sentences = [pick(FRENCH_SENTENCES), pick(FRENCH_SENTENCES)];
  if (random() < 0.5) sentences.push(pick(FRENCH_SENTENCES));
  if (product) sentences.push(`Il s'agit de mon ${product}.`);
  if (random() < 0.5) sentences.push(`Mon numéro de commande est ${orderNumberOf(ordinal)}.`);
  if (random() < 0.001) sentences.push(FRENCH_RARE_SENTENCE);
  return { subject: `${pick(FRENCH_SUBJECT_OPENINGS)} ${product && random() < 0.5 ? product : pick(FRENCH_SUBJECT_OBJECTS)}`, description: sentences.join(' '), language: 'fr' };
}
