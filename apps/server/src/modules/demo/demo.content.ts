/**
 * The words of the demo workspace: a Québec software vendor's support desk, with customers writing in
 * English and in French. Every ticket template exists in both languages so either customer can raise it;
 * `{placeholders}` are filled per ticket by the seed.
 */
import type { TICKET_TYPES } from '../tickets/tickets.schema.js';

export type DemoLanguage = 'en' | 'fr';
export type DemoCategory = 'billing' | 'technical' | 'account' | 'general';
export type Bilingual = Record<DemoLanguage, string>;

export interface DemoOrganization {
  name: string;
  domain: string;
  language: DemoLanguage;
  tier: 'paid' | 'enterprise' | 'vip';
}

export const ORGANIZATIONS: DemoOrganization[] = [
  { name: 'Boulangerie Saint-Laurent', domain: 'boulangerie-saint-laurent.example', language: 'fr', tier: 'paid' },
  { name: 'Érablière du Nord inc.', domain: 'erabliere-du-nord.example', language: 'fr', tier: 'vip' },
  { name: 'Cabinet Lavoie & Associés', domain: 'cabinet-lavoie.example', language: 'fr', tier: 'enterprise' },
  { name: 'Transport Bélanger ltée', domain: 'transport-belanger.example', language: 'fr', tier: 'enterprise' },
  { name: 'Clinique dentaire Rosemont', domain: 'clinique-rosemont.example', language: 'fr', tier: 'paid' },
  { name: 'Librairie Le Signet', domain: 'librairie-le-signet.example', language: 'fr', tier: 'paid' },
  { name: 'Quincaillerie Beaubien', domain: 'quincaillerie-beaubien.example', language: 'fr', tier: 'paid' },
  { name: 'Northwind Outfitters', domain: 'northwind-outfitters.example', language: 'en', tier: 'paid' },
  { name: 'Maple Leaf Analytics', domain: 'mapleleaf-analytics.example', language: 'en', tier: 'enterprise' },
  { name: 'Harbourfront Dental', domain: 'harbourfront-dental.example', language: 'en', tier: 'paid' },
  { name: 'Bluewater Logistics', domain: 'bluewater-logistics.example', language: 'en', tier: 'enterprise' },
  { name: 'Pinecrest Property Management', domain: 'pinecrest-pm.example', language: 'en', tier: 'paid' },
  { name: 'Summit Fitness Studios', domain: 'summit-fitness.example', language: 'en', tier: 'paid' },
  { name: 'Lakeshore Veterinary Clinic', domain: 'lakeshore-vet.example', language: 'en', tier: 'paid' },
  { name: 'Copperline Software', domain: 'copperline.example', language: 'en', tier: 'vip' },
];

/** Addresses of customers who write in their own name rather than for an organization. */
export const PERSONAL_DOMAINS: Record<DemoLanguage, string[]> = {
  en: ['mail.example', 'inbox.example', 'home.example'],
  fr: ['courriel.example', 'maison.example', 'mail.example'],
};

/** Each list has no repeated name, so pairing them one to one gives distinct people and addresses. */
export const FIRST_NAMES: Record<DemoLanguage, string[]> = {
  fr: [
    'Geneviève', 'Mathieu', 'Sophie', 'Jean-François', 'Marie-Ève', 'Olivier', 'Catherine', 'Étienne', 'Julie', 'Maxime',
    'Amélie', 'Sébastien', 'Valérie', 'Francis', 'Chantal', 'Guillaume', 'Mélanie', 'Patrick', 'Annie', 'Simon',
    'Karine', 'Louis', 'Stéphanie', 'Benoît', 'Josée', 'Hugo', 'Véronique', 'Marc-André',
  ],
  en: [
    'Emma', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Mason', 'Chloe', 'Lucas', 'Grace', 'Owen', 'Hannah', 'Ryan', 'Megan', 'Tyler',
    'Jessica', 'Daniel', 'Rachel', 'Connor', 'Lauren', 'Jacob', 'Emily', 'Nathan', 'Sarah', 'Kevin', 'Amanda', 'Brandon',
    'Claire', 'Dylan', 'Priya', 'Wei', 'Aisha', 'Thomas',
  ],
};

export const LAST_NAMES: Record<DemoLanguage, string[]> = {
  fr: [
    'Gagnon', 'Roy', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque',
    'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier',
    'Fournier', 'Lapointe', 'Leclerc', 'Lefebvre', 'Thibault',
  ],
  en: [
    'Smith', 'Brown', 'Wilson', 'MacDonald', 'Campbell', 'Anderson', 'Taylor', 'Thompson', 'Stewart', 'Murray', 'Kelly',
    'Robinson', 'Clarke', 'Young', 'Mitchell', 'Graham', 'Henderson', 'Fraser', 'Hughes', 'Bennett', 'Foster', 'Patel',
    'Nguyen', 'Singh', 'Chen', 'Hall', 'Wright', 'Green', 'Baker', "O'Brien", 'Khan', 'Douglas',
  ],
};

/** Canadian area codes; 555-01xx numbers are reserved for fiction, so no real line is ever printed. */
export const AREA_CODES: Record<DemoLanguage, string[]> = { fr: ['514', '438', '450', '418', '819'], en: ['514', '613', '416', '902', '604'] };

export const PLAN_NAMES: Record<DemoLanguage, string[]> = { en: ['Pro', 'Business', 'Enterprise'], fr: ['Pro', 'Affaires', 'Entreprise'] };
export const TIER_LABELS: Record<'free' | 'paid' | 'enterprise' | 'vip', Bilingual> = {
  free: { en: 'Free', fr: 'Gratuit' },
  paid: { en: 'Pro', fr: 'Pro' },
  enterprise: { en: 'Enterprise', fr: 'Entreprise' },
  vip: { en: 'VIP', fr: 'VIP' },
};
export const DEVICES = ['iPhone 15', 'Pixel 8', 'Galaxy S23', 'iPad Air', 'iPhone 13'];
export const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge'];
export const APP_VERSIONS = ['4.12.0', '4.12.1', '4.11.3', '4.10.2'];

export interface TicketTemplate {
  category: DemoCategory;
  types: Array<(typeof TICKET_TYPES)[number]>;
  tags: string[];
  subject: Bilingual;
  description: Bilingual;
  /** The agent's answer that settles it. */
  resolution: Bilingual;
}

export const TICKET_TEMPLATES: TicketTemplate[] = [
  // Billing
  {
    category: 'billing',
    types: ['complaint', 'request'],
    tags: ['refund', 'double-charge'],
    subject: { en: 'Charged twice for invoice {invoice}', fr: 'Facturé deux fois pour la facture {invoice}' },
    description: {
      en: 'Hello,\n\nOur credit card was charged twice for invoice {invoice} ({amount}). Could you refund the duplicate charge? I can send the bank statement if needed.\n\nThanks,\n{first}',
      fr: 'Bonjour,\n\nNotre carte de crédit a été débitée deux fois pour la facture {invoice} ({amount}). Pouvez-vous rembourser le montant en double? Je peux vous envoyer le relevé bancaire au besoin.\n\nMerci,\n{first}',
    },
    resolution: {
      en: 'I have refunded the duplicate charge of {amount} to your card; it should appear on your statement within 5 to 10 business days.',
      fr: 'J’ai remboursé le débit en double de {amount} sur votre carte; le montant devrait apparaître sur votre relevé d’ici 5 à 10 jours ouvrables.',
    },
  },
  {
    category: 'billing',
    types: ['request'],
    tags: ['refund', 'cancellation'],
    subject: { en: 'Refund after cancelling our {plan} plan', fr: 'Remboursement après l’annulation du forfait {plan}' },
    description: {
      en: 'Hi,\n\nWe cancelled our {plan} subscription on {date} but were billed again this month. We would like a refund of {amount}, please.\n\n{first}',
      fr: 'Bonjour,\n\nNous avons annulé notre abonnement {plan} le {date}, mais nous avons encore été facturés ce mois-ci. Nous aimerions obtenir un remboursement de {amount}.\n\n{first}',
    },
    resolution: {
      en: 'You are right, the cancellation had not been applied. I have refunded {amount} to your card and confirmed the cancellation.',
      fr: 'Vous avez raison, l’annulation n’avait pas été appliquée. J’ai remboursé {amount} sur votre carte et confirmé l’annulation.',
    },
  },
  {
    category: 'billing',
    types: ['request', 'task'],
    tags: ['invoice', 'taxes'],
    subject: { en: 'Invoice {invoice} is missing our GST/QST numbers', fr: 'Numéros de TPS/TVQ manquants sur la facture {invoice}' },
    description: {
      en: 'Hello,\n\nOur accountant needs the GST and QST numbers on invoice {invoice}, and the billing address should be our head office. Can you reissue it?\n\nBest,\n{first}',
      fr: 'Bonjour,\n\nNotre comptable a besoin des numéros de TPS et de TVQ sur la facture {invoice}, et l’adresse de facturation doit être celle du siège social. Pouvez-vous la réémettre?\n\nCordialement,\n{first}',
    },
    resolution: {
      en: 'Invoice {invoice} has been reissued with your GST and QST numbers and your head office address. You can download it from Settings → Billing.',
      fr: 'La facture {invoice} a été réémise avec vos numéros de TPS et de TVQ et l’adresse de votre siège social. Vous pouvez la télécharger dans Paramètres → Facturation.',
    },
  },
  {
    category: 'billing',
    types: ['question'],
    tags: ['upgrade', 'pricing'],
    subject: { en: 'Question about upgrading to {plan}', fr: 'Question sur le passage au forfait {plan}' },
    description: {
      en: 'Hi there,\n\nWe are thinking of moving to the {plan} plan. Is the price prorated if we upgrade in the middle of the month, and do we keep all our current data?\n\n{first}',
      fr: 'Bonjour,\n\nNous pensons passer au forfait {plan}. Le prix est-il calculé au prorata si on change en cours de mois, et est-ce qu’on garde toutes nos données actuelles?\n\n{first}',
    },
    resolution: {
      en: 'Yes: the upgrade is prorated to the day and all your data stays where it is. You can switch from Settings → Billing whenever you are ready.',
      fr: 'Oui : le changement est calculé au prorata du jour près et toutes vos données restent en place. Vous pouvez changer de forfait dans Paramètres → Facturation quand vous voulez.',
    },
  },
  {
    category: 'billing',
    types: ['incident', 'question'],
    tags: ['payment', 'credit-card'],
    subject: { en: 'Payment of {amount} failed, card declined', fr: 'Paiement de {amount} refusé' },
    description: {
      en: 'Hello,\n\nWe got an email saying our payment of {amount} failed. The card is valid and has plenty of credit left. How can we retry the payment before the account is suspended?\n\n{first}',
      fr: 'Bonjour,\n\nOn a reçu un courriel disant que notre paiement de {amount} a échoué. La carte est valide et la limite n’est pas atteinte. Comment relancer le paiement avant que le compte soit suspendu?\n\n{first}',
    },
    resolution: {
      en: 'I have retried the payment and it went through this time. Your account is in good standing; nothing else is needed.',
      fr: 'J’ai relancé le paiement et il est passé cette fois-ci. Votre compte est en règle; vous n’avez rien d’autre à faire.',
    },
  },
  {
    category: 'billing',
    types: ['request'],
    tags: ['annual-plan', 'payment'],
    subject: { en: 'Switching to annual billing', fr: 'Passer à la facturation annuelle' },
    description: {
      en: 'Hi,\n\nCan we switch from monthly to annual billing? We would also prefer to pay by bank transfer instead of credit card from now on.\n\nThank you,\n{first}',
      fr: 'Bonjour,\n\nEst-il possible de passer de la facturation mensuelle à annuelle? Nous préférerions aussi payer par virement bancaire plutôt que par carte de crédit à partir de maintenant.\n\nMerci,\n{first}',
    },
    resolution: {
      en: 'Done: you are now on annual billing, and the next invoice can be paid by bank transfer. Our banking details are printed on it.',
      fr: 'C’est fait : vous êtes maintenant en facturation annuelle, et la prochaine facture pourra être payée par virement bancaire. Nos coordonnées bancaires y sont indiquées.',
    },
  },
  {
    category: 'billing',
    types: ['question', 'complaint'],
    tags: ['invoice', 'pricing'],
    subject: { en: 'Why did our bill go up this month?', fr: 'Pourquoi notre facture a-t-elle augmenté ce mois-ci?' },
    description: {
      en: 'Hello,\n\nThis month’s invoice ({invoice}) comes to {amount}, more than usual. We did not add any users. Can you explain the difference?\n\n{first}',
      fr: 'Bonjour,\n\nLa facture de ce mois-ci ({invoice}) s’élève à {amount}, plus que d’habitude. Nous n’avons ajouté aucun utilisateur. Pouvez-vous nous expliquer la différence?\n\n{first}',
    },
    resolution: {
      en: 'The difference comes from the yearly price adjustment announced in September. As a courtesy, I have applied a one-time credit to your next invoice.',
      fr: 'La différence vient de l’ajustement annuel des prix annoncé en septembre. À titre de geste commercial, j’ai appliqué un crédit unique sur votre prochaine facture.',
    },
  },
  // Technical
  {
    category: 'technical',
    types: ['incident', 'problem'],
    tags: ['mobile-app', 'crash'],
    subject: { en: 'Mobile app crashes on launch ({device})', fr: 'L’application mobile plante au démarrage ({device})' },
    description: {
      en: 'Hi,\n\nSince the latest update the app closes as soon as I open it on my {device}. I already tried reinstalling it and restarting the phone.\n\n{first}',
      fr: 'Bonjour,\n\nDepuis la dernière mise à jour, l’application se ferme dès que je l’ouvre sur mon {device}. J’ai déjà essayé de la réinstaller et de redémarrer le téléphone.\n\n{first}',
    },
    resolution: {
      en: 'Version 4.12.2, out today, fixes the crash on launch. Please update the app from the store and let me know how it goes.',
      fr: 'La version 4.12.2, publiée aujourd’hui, corrige le plantage au démarrage. Mettez l’application à jour à partir du magasin d’applications et dites-moi si tout va bien.',
    },
  },
  {
    category: 'technical',
    types: ['problem'],
    tags: ['export', 'csv'],
    subject: { en: 'CSV export of orders is empty', fr: 'L’export CSV des commandes est vide' },
    description: {
      en: 'Hello,\n\nWhen I export last month’s orders to CSV, the file only contains the header row. It worked fine last week.\n\nThanks,\n{first}',
      fr: 'Bonjour,\n\nQuand j’exporte les commandes du mois dernier en CSV, le fichier ne contient que la ligne d’en-tête. Ça fonctionnait très bien la semaine passée.\n\nMerci,\n{first}',
    },
    resolution: {
      en: 'Our developers deployed a fix for the export this morning. Could you try again? The file should contain all your orders now.',
      fr: 'Nos développeurs ont déployé un correctif pour l’export ce matin. Pouvez-vous réessayer? Le fichier devrait maintenant contenir toutes vos commandes.',
    },
  },
  {
    category: 'technical',
    types: ['question', 'problem'],
    tags: ['email', 'deliverability'],
    subject: { en: 'Notification emails land in spam', fr: 'Les courriels de notification arrivent dans les indésirables' },
    description: {
      en: 'Hi,\n\nSeveral of our clients tell us that your notification emails end up in their spam folder. Do we need to add SPF or DKIM records to our domain?\n\n{first}',
      fr: 'Bonjour,\n\nPlusieurs de nos clients nous disent que vos courriels de notification arrivent dans leurs courriels indésirables. Faut-il ajouter des enregistrements SPF ou DKIM à notre domaine?\n\n{first}',
    },
    resolution: {
      en: 'Yes: adding the SPF and DKIM records shown in Settings → Email to your DNS fixes it. I have sent you the exact values by email.',
      fr: 'Oui : il suffit d’ajouter à votre DNS les enregistrements SPF et DKIM affichés dans Paramètres → Courriel. Je vous ai envoyé les valeurs exactes par courriel.',
    },
  },
  {
    category: 'technical',
    types: ['incident'],
    tags: ['api', 'errors'],
    subject: { en: 'API errors when creating orders', fr: 'Erreurs de l’API à la création de commandes' },
    description: {
      en: 'Hello,\n\nSince this morning about one POST request in three to the orders endpoint fails with a server error. Request id from our logs: {requestId}.\n\n{first}',
      fr: 'Bonjour,\n\nDepuis ce matin, environ une requête POST sur trois vers le point de terminaison des commandes échoue avec une erreur serveur. Identifiant de requête dans nos journaux : {requestId}.\n\n{first}',
    },
    resolution: {
      en: 'One of our servers was misbehaving and has been replaced. The error rate is back to zero since 11:40; sorry for the trouble.',
      fr: 'Un de nos serveurs fonctionnait mal et a été remplacé. Le taux d’erreur est revenu à zéro depuis 11 h 40; désolé pour les inconvénients.',
    },
  },
  {
    category: 'technical',
    types: ['problem'],
    tags: ['performance', 'dashboard'],
    subject: { en: 'Dashboard very slow to load in {browser}', fr: 'Le tableau de bord est très lent dans {browser}' },
    description: {
      en: 'Hi,\n\nThe dashboard takes more than 30 seconds to load in {browser}. Other pages are fine, and our connection is fast.\n\n{first}',
      fr: 'Bonjour,\n\nLe tableau de bord prend plus de 30 secondes à charger dans {browser}. Les autres pages fonctionnent normalement et notre connexion est rapide.\n\n{first}',
    },
    resolution: {
      en: 'Clearing the browser cache and signing in again fixed it on our test computer. Please let me know if it works for you too.',
      fr: 'Vider la cache du navigateur et vous reconnecter a réglé le problème sur notre ordinateur de test. Dites-moi si ça fonctionne aussi de votre côté.',
    },
  },
  {
    category: 'technical',
    types: ['incident', 'problem'],
    tags: ['integration', 'sync'],
    subject: { en: 'Accounting integration stopped syncing', fr: 'La synchronisation avec notre logiciel comptable ne fonctionne plus' },
    description: {
      en: 'Hello,\n\nThe sync with our accounting software stopped on {date}. Invoices created since then are missing on the accounting side.\n\n{first}',
      fr: 'Bonjour,\n\nLa synchronisation avec notre logiciel comptable s’est arrêtée le {date}. Les factures créées depuis n’apparaissent pas du côté comptable.\n\n{first}',
    },
    resolution: {
      en: 'The connection token had expired. I have renewed it and synced everything since {date}; the missing invoices are there now.',
      fr: 'Le jeton de connexion était expiré. Je l’ai renouvelé et j’ai tout synchronisé depuis le {date}; les factures manquantes y sont maintenant.',
    },
  },
  {
    category: 'technical',
    types: ['problem'],
    tags: ['notifications', 'mobile-app'],
    subject: { en: 'No more push notifications on my {device}', fr: 'Je ne reçois plus les notifications sur mon {device}' },
    description: {
      en: 'Hi,\n\nI no longer get push notifications on my {device}, even though they are enabled in the settings of the app and of the phone.\n\n{first}',
      fr: 'Bonjour,\n\nJe ne reçois plus les notifications push sur mon {device}, même si elles sont activées dans les réglages de l’application et du téléphone.\n\n{first}',
    },
    resolution: {
      en: 'Signing out of the app and back in registers the phone for notifications again; that fixed it on our test device.',
      fr: 'Vous déconnecter de l’application puis vous reconnecter réinscrit le téléphone aux notifications; ça a réglé le problème sur notre appareil de test.',
    },
  },
  {
    category: 'technical',
    types: ['incident'],
    tags: ['webhooks', 'api'],
    subject: { en: 'Webhook deliveries stopped', fr: 'Les webhooks ne sont plus reçus' },
    description: {
      en: 'Hello,\n\nOur endpoint stopped receiving webhooks yesterday afternoon. As far as we know nothing changed on our side.\n\n{first}',
      fr: 'Bonjour,\n\nNotre serveur ne reçoit plus les webhooks depuis hier après-midi. À notre connaissance, rien n’a changé de notre côté.\n\n{first}',
    },
    resolution: {
      en: 'Your endpoint’s TLS certificate had expired, so deliveries were refused. Once it is renewed, use Redeliver in the delivery log to send the missed events again.',
      fr: 'Le certificat TLS de votre serveur était expiré, donc les envois étaient refusés. Une fois le certificat renouvelé, utilisez Renvoyer dans le journal des envois pour recevoir les événements manqués.',
    },
  },
  // Account
  {
    category: 'account',
    types: ['problem'],
    tags: ['login', 'password'],
    subject: { en: 'Password reset email never arrives', fr: 'Le courriel de réinitialisation du mot de passe n’arrive jamais' },
    description: {
      en: 'Hi,\n\nI asked for a password reset three times but the email never arrives. I checked my spam folder too. I cannot log in at all.\n\n{first}',
      fr: 'Bonjour,\n\nJ’ai demandé une réinitialisation du mot de passe trois fois, mais le courriel n’arrive jamais. J’ai aussi vérifié mes courriels indésirables. Je n’arrive plus du tout à me connecter.\n\n{first}',
    },
    resolution: {
      en: 'Your mail filter was holding our messages. I have sent you a new reset link from another address; it is valid for one hour.',
      fr: 'Votre filtre de courriels retenait nos messages. Je vous ai envoyé un nouveau lien de réinitialisation à partir d’une autre adresse; il est valide pendant une heure.',
    },
  },
  {
    category: 'account',
    types: ['request'],
    tags: ['2fa', 'login'],
    subject: { en: 'Lost my phone, need to reset two-factor authentication', fr: 'Téléphone perdu : réinitialiser la double authentification' },
    description: {
      en: 'Hello,\n\nI lost my phone over the weekend and can no longer get my two-factor codes. Can you reset two-factor authentication on my account?\n\n{first}',
      fr: 'Bonjour,\n\nJ’ai perdu mon téléphone en fin de semaine et je ne peux plus recevoir mes codes de double authentification. Pouvez-vous la réinitialiser sur mon compte?\n\n{first}',
    },
    resolution: {
      en: 'I have reset two-factor authentication. You can sign in with your password and set it up again on your new phone from your profile.',
      fr: 'J’ai réinitialisé la double authentification. Vous pouvez vous connecter avec votre mot de passe et la reconfigurer sur votre nouveau téléphone à partir de votre profil.',
    },
  },
  {
    category: 'account',
    types: ['request', 'task'],
    tags: ['users', 'permissions'],
    subject: { en: 'Please add {colleague} as an administrator', fr: 'Ajouter {colleague} comme administrateur' },
    description: {
      en: 'Hi,\n\nPlease add {colleague} to our account as an administrator; I am going on leave next week and someone needs to manage the users.\n\nThanks,\n{first}',
      fr: 'Bonjour,\n\nPouvez-vous ajouter {colleague} à notre compte comme administrateur? Je pars en congé la semaine prochaine et quelqu’un doit gérer les utilisateurs.\n\nMerci,\n{first}',
    },
    resolution: {
      en: 'Done: {colleague} is now an administrator and will receive an invitation by email.',
      fr: 'C’est fait : {colleague} est maintenant administrateur et recevra une invitation par courriel.',
    },
  },
  {
    category: 'account',
    types: ['request'],
    tags: ['account-owner'],
    subject: { en: 'Transfer account ownership', fr: 'Transférer la propriété du compte' },
    description: {
      en: 'Hello,\n\nOur former office manager has left the company. Could you transfer the ownership of our account to me?\n\n{first}',
      fr: 'Bonjour,\n\nNotre ancienne adjointe administrative a quitté l’entreprise. Pourriez-vous me transférer la propriété de notre compte?\n\n{first}',
    },
    resolution: {
      en: 'Done: you are now the owner of the account. You will receive a confirmation email in a few minutes.',
      fr: 'C’est fait : vous êtes maintenant propriétaire du compte. Vous recevrez un courriel de confirmation d’ici quelques minutes.',
    },
  },
  {
    category: 'account',
    types: ['request'],
    tags: ['privacy', 'data-deletion'],
    subject: { en: 'Request to delete my personal data', fr: 'Demande de suppression de mes renseignements personnels' },
    description: {
      en: 'Hello,\n\nUnder Québec’s Law 25, I ask you to delete all the personal information you hold about me and to confirm it in writing.\n\n{first}',
      fr: 'Bonjour,\n\nEn vertu de la Loi 25, je vous demande de supprimer tous les renseignements personnels que vous détenez à mon sujet et de me le confirmer par écrit.\n\n{first}',
    },
    resolution: {
      en: 'Your personal information has been deleted from our systems, backups included within 30 days. This message is your written confirmation.',
      fr: 'Vos renseignements personnels ont été supprimés de nos systèmes, et le seront des sauvegardes d’ici 30 jours. Ce message vous sert de confirmation écrite.',
    },
  },
  {
    category: 'account',
    types: ['problem'],
    tags: ['login', 'locked'],
    subject: { en: 'Account locked after too many attempts', fr: 'Compte verrouillé après plusieurs tentatives' },
    description: {
      en: 'Hi,\n\nMy account is locked after I mistyped my password a few times this morning. Can you unlock it? I have a client meeting at noon.\n\n{first}',
      fr: 'Bonjour,\n\nMon compte est verrouillé parce que je me suis trompé de mot de passe quelques fois ce matin. Pouvez-vous le déverrouiller? J’ai une rencontre client à midi.\n\n{first}',
    },
    resolution: {
      en: 'I have unlocked your account; you can sign in again now. To be safe, consider turning on two-factor authentication.',
      fr: 'J’ai déverrouillé votre compte; vous pouvez vous reconnecter dès maintenant. Par prudence, je vous suggère d’activer la double authentification.',
    },
  },
  // General
  {
    category: 'general',
    types: ['question'],
    tags: ['training'],
    subject: { en: 'Do you offer training for new staff?', fr: 'Offrez-vous de la formation pour les nouveaux employés?' },
    description: {
      en: 'Hi,\n\nWe are hiring four people next month. Do you offer training sessions, online or on site, to get them started?\n\n{first}',
      fr: 'Bonjour,\n\nNous embauchons quatre personnes le mois prochain. Offrez-vous des séances de formation, en ligne ou sur place, pour les aider à démarrer?\n\n{first}',
    },
    resolution: {
      en: 'Yes: we run free onboarding webinars every Tuesday, and on-site training for larger teams. I have sent you the schedule by email.',
      fr: 'Oui : nous offrons des webinaires d’accueil gratuits tous les mardis, et de la formation sur place pour les équipes plus nombreuses. Je vous ai envoyé l’horaire par courriel.',
    },
  },
  {
    category: 'general',
    types: ['compliment'],
    tags: ['feedback'],
    subject: { en: 'Thank you for the great service', fr: 'Bravo à votre équipe' },
    description: {
      en: 'Hello,\n\nI just wanted to thank your team for the quick help last week. Everything works perfectly now.\n\n{first}',
      fr: 'Bonjour,\n\nJe tenais à remercier votre équipe pour l’aide rapide de la semaine dernière. Tout fonctionne parfaitement maintenant.\n\n{first}',
    },
    resolution: {
      en: 'Thank you for the kind words! I have shared them with the whole team.',
      fr: 'Merci pour ces bons mots! Je les ai partagés avec toute l’équipe.',
    },
  },
  {
    category: 'general',
    types: ['request'],
    tags: ['feature-request'],
    subject: { en: 'Feature request: dark mode', fr: 'Suggestion : un mode sombre' },
    description: {
      en: 'Hi,\n\nOur team works evening shifts and would love a dark mode in the web app. Is it on your roadmap?\n\n{first}',
      fr: 'Bonjour,\n\nNotre équipe travaille de soir et aimerait beaucoup un mode sombre dans l’application web. Est-ce prévu?\n\n{first}',
    },
    resolution: {
      en: 'Thanks for the suggestion! Dark mode is on our roadmap and I have added your vote to the request.',
      fr: 'Merci pour la suggestion! Le mode sombre fait partie de nos projets et j’ai ajouté votre vote à la demande.',
    },
  },
  {
    category: 'general',
    types: ['question'],
    tags: ['language'],
    subject: { en: 'Can each user choose English or French?', fr: 'Chaque utilisateur peut-il choisir le français ou l’anglais?' },
    description: {
      en: 'Hello,\n\nHalf of our staff prefer French. Can each user choose their own language, including for the emails they receive?\n\n{first}',
      fr: 'Bonjour,\n\nLa moitié de notre équipe préfère l’anglais. Chaque utilisateur peut-il choisir sa langue, y compris pour les courriels qu’il reçoit?\n\n{first}',
    },
    resolution: {
      en: 'Yes: each user picks English or French in their profile, and the emails they receive follow that choice.',
      fr: 'Oui : chaque utilisateur choisit le français ou l’anglais dans son profil, et les courriels qu’il reçoit suivent ce choix.',
    },
  },
  {
    category: 'general',
    types: ['question'],
    tags: ['security', 'hosting'],
    subject: { en: 'Where is our data hosted?', fr: 'Où sont hébergées nos données?' },
    description: {
      en: 'Hi,\n\nOur IT policy requires our data to stay in Canada. Where are your servers located, and do you have a data processing agreement we can sign?\n\n{first}',
      fr: 'Bonjour,\n\nNotre politique informatique exige que nos données restent au Canada. Où sont situés vos serveurs, et avez-vous une entente de traitement des données à signer?\n\n{first}',
    },
    resolution: {
      en: 'Our servers are in Montréal and Toronto, and your data never leaves Canada. I have sent you our data processing agreement to sign.',
      fr: 'Nos serveurs sont à Montréal et à Toronto, et vos données ne quittent jamais le Canada. Je vous ai envoyé notre entente de traitement des données à signer.',
    },
  },
  {
    category: 'general',
    types: ['complaint'],
    tags: ['wait-time'],
    subject: { en: 'Waited 40 minutes on the phone', fr: 'Plainte : 40 minutes d’attente au téléphone' },
    description: {
      en: 'Hello,\n\nI waited 40 minutes on hold yesterday before giving up. That is not acceptable for a paid plan.\n\n{first}',
      fr: 'Bonjour,\n\nJ’ai attendu 40 minutes en ligne hier avant d’abandonner. Ce n’est pas acceptable pour un forfait payant.\n\n{first}',
    },
    resolution: {
      en: 'I am sorry about the wait. We have added staff on the phone line at peak hours, and the chat on our website usually answers within minutes.',
      fr: 'Je suis désolé pour l’attente. Nous avons ajouté du personnel au téléphone aux heures de pointe, et le clavardage sur notre site répond habituellement en quelques minutes.',
    },
  },
];

type PerCategory = Record<DemoCategory, Bilingual[]>;

/** An agent's first answer: acknowledges and starts working on it. */
export const AGENT_ACKNOWLEDGEMENTS: PerCategory = {
  billing: [
    { en: 'Thanks for reaching out. I have pulled up your account and your recent invoices, and I am looking into it now. I will get back to you shortly.', fr: 'Merci de nous avoir écrit. J’ai ouvert votre dossier et vos dernières factures, et je regarde ça en ce moment. Je vous reviens rapidement.' },
    { en: 'Thank you for the details. I can see the transaction on our side and I am checking it with our payments team.', fr: 'Merci pour les détails. Je vois bien la transaction de notre côté et je valide le tout avec notre équipe des paiements.' },
  ],
  technical: [
    { en: 'Thanks for the report. I am trying to reproduce the problem on our side and will let you know what I find.', fr: 'Merci pour le signalement. J’essaie de reproduire le problème de notre côté et je vous tiens au courant.' },
    { en: 'Sorry for the trouble. Our developers are looking at it now; I will update you as soon as I know more.', fr: 'Désolé pour les inconvénients. Nos développeurs examinent la situation; je vous donne des nouvelles dès que j’en sais plus.' },
  ],
  account: [
    { en: 'Thanks for contacting us. I am looking at your account now and will take care of it today.', fr: 'Merci de nous avoir contactés. Je regarde votre compte en ce moment et je m’en occupe aujourd’hui.' },
    { en: 'I understand, that is frustrating. Let me check the account settings and come back to you.', fr: 'Je comprends, c’est frustrant. Je vérifie les paramètres du compte et je vous reviens.' },
  ],
  general: [
    { en: 'Thank you for your message! I am checking with the team and will get back to you with the details.', fr: 'Merci pour votre message! Je vérifie auprès de l’équipe et je vous reviens avec les détails.' },
    { en: 'Good question. Let me gather the information and I will write back shortly.', fr: 'Bonne question. Je rassemble l’information et je vous réécris sous peu.' },
  ],
};

/** An agent's question back: the ticket then waits on the customer. */
export const AGENT_QUESTIONS: PerCategory = {
  billing: [
    { en: 'Could you send me the last four digits of the card that was charged and the date of the transaction? That will let me match it on our side.', fr: 'Pourriez-vous m’envoyer les quatre derniers chiffres de la carte débitée et la date de la transaction? Ça me permettra de la retrouver de notre côté.' },
    { en: 'Could you confirm the billing address and the GST/QST numbers you want on the invoice?', fr: 'Pouvez-vous me confirmer l’adresse de facturation et les numéros de TPS/TVQ à inscrire sur la facture?' },
  ],
  technical: [
    { en: 'Could you tell me which version of the app you are using and send a screenshot of the error? Steps to reproduce would help a lot too.', fr: 'Pouvez-vous m’indiquer la version de l’application que vous utilisez et m’envoyer une capture d’écran de l’erreur? Les étapes pour reproduire le problème nous aideraient beaucoup aussi.' },
    { en: 'Does this happen for every user in your organization, or only on some computers?', fr: 'Est-ce que ça arrive à tous les utilisateurs de votre organisation, ou seulement sur certains ordinateurs?' },
  ],
  account: [
    { en: 'For security, could you confirm the email address on the account and the name of your organization? Once verified I will make the change.', fr: 'Par mesure de sécurité, pouvez-vous confirmer l’adresse courriel associée au compte et le nom de votre organisation? Une fois la vérification faite, j’effectue le changement.' },
    { en: 'Thanks. One more check: could you tell me the date of your last successful sign-in?', fr: 'Merci. Une dernière vérification : pouvez-vous m’indiquer la date de votre dernière connexion réussie?' },
  ],
  general: [
    { en: 'Could you tell me a bit more about what you have in mind, and how many people on your team it concerns?', fr: 'Pouvez-vous m’en dire un peu plus sur vos besoins, et combien de personnes de votre équipe sont concernées?' },
    { en: 'Would a short video call this week work for you, so we can go over it together?', fr: 'Est-ce qu’un court appel vidéo cette semaine vous conviendrait, pour qu’on en discute ensemble?' },
  ],
};

export const AGENT_HOLDS: Bilingual[] = [
  { en: 'I have escalated this to our engineering team and put your request on hold while they investigate. I will update you as soon as I hear back.', fr: 'J’ai transmis votre demande à notre équipe technique et je la mets en attente pendant leur analyse. Je vous tiens au courant dès que j’ai des nouvelles.' },
  { en: 'We are waiting for our payment provider to confirm. Your request stays on hold until then; nothing is needed from you.', fr: 'Nous attendons la confirmation de notre fournisseur de paiement. Votre demande reste en attente d’ici là; vous n’avez rien à faire.' },
];

/** A customer's answer to a question, or more detail. */
export const CUSTOMER_DETAILS: PerCategory = {
  billing: [
    { en: 'The transaction was on {date}, card ending in {last4}. Let me know if you need anything else.', fr: 'La transaction date du {date}, carte se terminant par {last4}. Dites-moi s’il vous faut autre chose.' },
    { en: 'Here is the reference from our bank statement: {reference}.', fr: 'Voici la référence qui apparaît sur notre relevé bancaire : {reference}.' },
  ],
  technical: [
    { en: 'We are on version {version}. It happens every time, on every computer in the office.', fr: 'Nous utilisons la version {version}. Ça arrive chaque fois, sur tous les ordinateurs du bureau.' },
    { en: 'I tried again this morning and I still get the same error.', fr: 'J’ai réessayé ce matin et j’ai encore la même erreur.' },
  ],
  account: [
    { en: 'Yes, the email on the account is {email}.', fr: 'Oui, l’adresse courriel du compte est {email}.' },
    { en: 'Confirmed, it is the account registered under {email}.', fr: 'Je confirme, c’est le compte enregistré au nom de {email}.' },
    { en: 'My last successful sign-in was on {date}.', fr: 'Ma dernière connexion réussie date du {date}.' },
  ],
  general: [
    { en: 'It concerns about {count} people on our side.', fr: 'Ça concerne environ {count} personnes chez nous.' },
    { en: 'Thanks, that answers part of my question. Is there a cost for this?', fr: 'Merci, ça répond en partie à ma question. Est-ce que ça implique des frais?' },
  ],
};

export const CUSTOMER_NUDGES: Bilingual[] = [
  { en: 'Any update on this? It is becoming urgent for us.', fr: 'Avez-vous du nouveau? Ça devient urgent pour nous.' },
  { en: 'Just following up on my request above.', fr: 'Je fais un suivi concernant ma demande ci-dessus.' },
  { en: 'I forgot to mention: this affects my whole team.', fr: 'J’ai oublié de préciser : ça touche toute mon équipe.' },
];

export const CUSTOMER_THANKS: Bilingual[] = [
  { en: 'That worked, thank you so much!', fr: 'Ça fonctionne, merci beaucoup!' },
  { en: 'Perfect, thanks for the quick help.', fr: 'Parfait, merci pour l’aide rapide.' },
  { en: 'Received, thanks!', fr: 'Bien reçu, merci!' },
];

/** Internal notes, in the writing agent's language; `{handle}` becomes an @mention of a colleague. */
export const INTERNAL_NOTES: Bilingual[] = [
  { en: '@{handle} can you double-check this one? The customer is on the {tier} plan.', fr: '@{handle} peux-tu vérifier celui-ci? Le client a le forfait {tier}.' },
  { en: '@{handle} FYI: another customer reported the same issue this week.', fr: '@{handle} pour info : un autre client a signalé le même problème cette semaine.' },
  { en: 'Reproduced on staging; looks related to last week’s release.', fr: 'Reproduit en préproduction; ça semble lié à la mise en production de la semaine passée.' },
  { en: 'Checked with the payment processor: the second charge is still pending, not captured.', fr: 'Vérifié auprès du processeur de paiement : le deuxième débit est en attente, pas encaissé.' },
  { en: 'Long-time customer, please keep the tone warm.', fr: 'Client de longue date, gardons un ton chaleureux.' },
];

export const GREETINGS: Record<DemoLanguage, { hello: string; signOff: string }> = {
  en: { hello: 'Hi {first},', signOff: 'Best regards,\n{agent}' },
  fr: { hello: 'Bonjour {first},', signOff: 'Bonne journée,\n{agent}' },
};

/** Shared canned responses a newcomer finds in the reply box, each in both languages. */
export const CANNED_RESPONSES: Array<{ name: string; category: string; bodyEn: string; bodyFr: string; changes: { status?: string; addTags: string[]; removeTags: string[] } }> = [
  {
    name: 'Greeting',
    category: 'General',
    bodyEn: 'Hi {{customer.first_name}},\n\nThank you for contacting {{workspace.name}}. I’m {{agent.first_name}} and I’ll be looking after ticket #{{ticket.number}}.\n\n',
    bodyFr: 'Bonjour {{customer.first_name}},\n\nMerci d’avoir communiqué avec {{workspace.name}}. Je m’appelle {{agent.first_name}} et je m’occupe du billet n° {{ticket.number}}.\n\n',
    changes: { addTags: [], removeTags: [] },
  },
  {
    name: 'Password reset',
    category: 'Account',
    bodyEn:
      'Hi {{customer.first_name}},\n\nYou can reset your password from the sign-in page: choose “Forgot password?”, enter {{customer.email}} and follow the link we email you (it is valid for one hour). If the email does not arrive within a few minutes, check your spam folder.\n\nBest regards,\n{{agent.name}}',
    bodyFr:
      'Bonjour {{customer.first_name}},\n\nVous pouvez réinitialiser votre mot de passe depuis la page de connexion : choisissez « Mot de passe oublié? », entrez {{customer.email}} et suivez le lien que nous vous envoyons par courriel (il est valide une heure). Si le courriel n’arrive pas d’ici quelques minutes, vérifiez vos courriels indésirables.\n\nBonne journée,\n{{agent.name}}',
    changes: { status: 'pending', addTags: ['password-reset'], removeTags: [] },
  },
  {
    name: 'Refund policy',
    category: 'Billing',
    bodyEn:
      'Hi {{customer.first_name}},\n\nWe refund any charge made in the last 30 days, in full, to the original payment method; the money is back on your statement within 5 to 10 business days. I’ve started the refund for you under ticket #{{ticket.number}}.\n\nBest regards,\n{{agent.name}}',
    bodyFr:
      'Bonjour {{customer.first_name}},\n\nNous remboursons en entier tout débit des 30 derniers jours, sur le mode de paiement d’origine; le montant apparaît sur votre relevé d’ici 5 à 10 jours ouvrables. J’ai lancé le remboursement pour vous sous le billet n° {{ticket.number}}.\n\nBonne journée,\n{{agent.name}}',
    changes: { addTags: ['refund'], removeTags: [] },
  },
  {
    name: 'Closing',
    category: 'General',
    bodyEn: 'Hi {{customer.first_name}},\n\nI’m glad we could sort this out. I’ll mark this ticket as resolved; just reply to this message if anything else comes up.\n\nThank you for choosing {{workspace.name}},\n{{agent.name}}',
    bodyFr: 'Bonjour {{customer.first_name}},\n\nJe suis content que nous ayons pu régler la situation. Je marque ce billet comme résolu; il suffit de répondre à ce message si autre chose survient.\n\nMerci d’avoir choisi {{workspace.name}},\n{{agent.name}}',
    changes: { status: 'resolved', addTags: [], removeTags: [] },
  },
];
