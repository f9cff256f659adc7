/**
 * The demo's help center: what the vendor of the demo (a Québec maker of order-management and point-of-sale
 * software, which also sells the card readers and printers that go with it) publishes for its customers and
 * keeps for its agents. Every article is written in English and in Québec French; the seed links each pair as
 * translations. Bodies are Markdown, as an editor would write them.
 */
import type { Bilingual, DemoLanguage } from './demo.content.js';

export interface DemoKbArticle {
  title: Bilingual;
  body: Bilingual;
  tags: string[];
  /** Agent-only procedures; everything else is in the public help center. */
  visibility?: 'internal';
  /** Still being written: not published yet. */
  status?: 'draft';
  /** How much customers read it beside the others (1 when not given), for the seeded view counts. */
  popularity?: number;
}

export interface DemoKbSection {
  slug: string;
  name: Bilingual;
  articles: DemoKbArticle[];
}

export interface DemoKbCategory {
  slug: string;
  name: Bilingual;
  icon: string;
  sections: DemoKbSection[];
}

const billing: DemoKbCategory = {
  slug: 'billing',
  name: { en: 'Billing', fr: 'Facturation' },
  icon: 'credit-card',
  sections: [
    {
      slug: 'payments-and-invoices',
      name: { en: 'Payments and invoices', fr: 'Paiements et factures' },
      articles: [
        {
          tags: ['payment', 'credit-card'],
          popularity: 2,
          title: { en: 'Update your payment method', fr: 'Modifier votre mode de paiement' },
          body: {
            en: `Your subscription is charged to the card or bank account saved on your account. Only the account owner and administrators can change it.

1. Sign in to the web app and open **Settings → Billing**.
2. Under **Payment method**, click **Update**.
3. Enter the new card's number, expiry date and security code, or choose **Bank account (pre-authorized debit)**.
4. Click **Save**. We check the card with a temporary $1 authorization that disappears from your statement within a few days.

![The Payment method box on the Billing page](/help-assets/billing-payment-method.png)

The new method is used from your next invoice on. If a payment has just failed, saving a new card retries it right away, so there is nothing else to do.

Paying by bank transfer instead? That is available on annual billing; see *Switch to annual billing*.`,
            fr: `Votre abonnement est porté à la carte ou au compte bancaire enregistré dans votre compte. Seuls le propriétaire du compte et les administrateurs peuvent le modifier.

1. Connectez-vous à l’application web et ouvrez **Paramètres → Facturation**.
2. Sous **Mode de paiement**, cliquez sur **Modifier**.
3. Entrez le numéro de la nouvelle carte, sa date d’expiration et son code de sécurité, ou choisissez **Compte bancaire (débit préautorisé)**.
4. Cliquez sur **Enregistrer**. Nous validons la carte par une autorisation temporaire de 1 $, qui disparaît de votre relevé d’ici quelques jours.

![La section Mode de paiement de la page Facturation](/help-assets/billing-payment-method-fr.png)

Le nouveau mode de paiement s’applique dès votre prochaine facture. Si un paiement vient d’échouer, l’enregistrement d’une nouvelle carte le relance immédiatement : vous n’avez rien d’autre à faire.

Vous préférez payer par virement bancaire? C’est possible avec la facturation annuelle; consultez l’article *Passer à la facturation annuelle*.`,
          },
        },
        {
          tags: ['invoice', 'taxes'],
          popularity: 1.6,
          title: { en: 'Read your invoice', fr: 'Comprendre votre facture' },
          body: {
            en: `A new invoice is issued on the same day each month (or each year on annual billing) and emailed to your billing contact. Here is what each part means.

![An invoice with its parts numbered](/help-assets/invoice-explained.png)

1. **Invoice number and date**: numbers look like INV-2026-1234. Quote it when you write to us about a charge.
2. **Billing address and tax numbers**: your organization's address and, if you entered them, your GST and QST numbers.
3. **Subscription**: your plan and the period it covers, for example *Business, December 1 to December 31*.
4. **Users**: one line per extra user above what your plan includes.
5. **Prorated adjustments**: credits or charges for a plan change in the middle of a period, to the day.
6. **Taxes**: GST (5%) and QST (9.975%) for customers in Québec; HST or GST only elsewhere in Canada.

Something looks wrong? Your accountant needs a different address on it? Change it under **Settings → Billing → Billing details** and ask us to reissue the invoice.`,
            fr: `Une nouvelle facture est émise à la même date chaque mois (ou chaque année en facturation annuelle) et envoyée par courriel à votre responsable de la facturation. Voici ce que signifie chaque partie.

![Une facture et ses différentes parties numérotées](/help-assets/invoice-explained-fr.png)

1. **Numéro et date de la facture** : les numéros ressemblent à INV-2026-1234. Indiquez-le quand vous nous écrivez au sujet d’un débit.
2. **Adresse de facturation et numéros de taxes** : l’adresse de votre organisation et, si vous les avez inscrits, vos numéros de TPS et de TVQ.
3. **Abonnement** : votre forfait et la période visée, par exemple *Affaires, du 1er au 31 décembre*.
4. **Utilisateurs** : une ligne par utilisateur supplémentaire au-delà de ce que comprend votre forfait.
5. **Ajustements au prorata** : crédits ou frais liés à un changement de forfait en cours de période, calculés au jour près.
6. **Taxes** : TPS (5 %) et TVQ (9,975 %) pour la clientèle du Québec; TVH ou TPS seulement ailleurs au Canada.

Quelque chose vous semble inexact? Votre comptable a besoin d’une autre adresse? Modifiez-la dans **Paramètres → Facturation → Coordonnées de facturation**, puis demandez-nous de réémettre la facture.`,
          },
        },
        {
          tags: ['invoice', 'receipt'],
          title: { en: 'Download past invoices and receipts', fr: 'Télécharger vos anciennes factures et vos reçus' },
          body: {
            en: `Every invoice and payment receipt since you opened your account is kept in the web app, as a PDF ready for your accountant.

1. Open **Settings → Billing → Invoices**.
2. Filter by year if you have a long history.
3. Click an invoice number to open it, or **Download PDF** to save it.
4. To get a whole year at once, click **Download all (ZIP)**.

A receipt is the same document stamped **Paid**, with the date and the last four digits of the card that was charged.

To have invoices sent to your accounting department as well, add its address under **Billing details → Invoice recipients**; you can list up to five addresses. Invoices from before a change of billing address keep the old address: ask us if one of them must be reissued.`,
            fr: `Toutes les factures et tous les reçus de paiement depuis l’ouverture de votre compte sont conservés dans l’application web, en PDF, prêts pour votre comptable.

1. Ouvrez **Paramètres → Facturation → Factures**.
2. Filtrez par année si votre historique est long.
3. Cliquez sur un numéro de facture pour l’ouvrir, ou sur **Télécharger le PDF** pour l’enregistrer.
4. Pour obtenir une année complète d’un coup, cliquez sur **Tout télécharger (ZIP)**.

Un reçu est le même document portant la mention **Payée**, avec la date et les quatre derniers chiffres de la carte débitée.

Pour que les factures soient aussi envoyées à votre service de la comptabilité, ajoutez son adresse courriel dans **Coordonnées de facturation → Destinataires des factures**; vous pouvez inscrire jusqu’à cinq adresses. Les factures émises avant un changement d’adresse de facturation conservent l’ancienne adresse : écrivez-nous si l’une d’elles doit être réémise.`,
          },
        },
        {
          tags: ['payment', 'failed-payment'],
          popularity: 1.4,
          title: { en: 'What to do when a payment fails', fr: 'Que faire quand un paiement est refusé' },
          body: {
            en: `When a charge is declined, we email your billing contact and retry automatically three times over seven days. Your account keeps working during that time.

The most common reasons are an expired card, a new card number after a renewal, a spending limit reached, or the bank blocking a charge it did not expect.

1. Check the card's expiry date under **Settings → Billing → Payment method**.
2. If it is out of date, click **Update** and save the new card: the payment is retried at once.
3. If the card is valid, call your bank and ask them to allow charges from us, then click **Retry payment** on the unpaid invoice.

If the invoice is still unpaid after the three retries, the account switches to read-only: you can see everything but not create orders. Paying the invoice restores it immediately, nothing is lost.`,
            fr: `Quand un débit est refusé, nous envoyons un courriel à votre responsable de la facturation et nous réessayons automatiquement trois fois sur sept jours. Votre compte continue de fonctionner pendant ce temps.

Les causes les plus fréquentes : une carte expirée, un nouveau numéro de carte après un renouvellement, une limite de crédit atteinte ou une banque qui bloque un débit inattendu.

1. Vérifiez la date d’expiration de la carte dans **Paramètres → Facturation → Mode de paiement**.
2. Si elle est expirée, cliquez sur **Modifier** et enregistrez la nouvelle carte : le paiement est relancé aussitôt.
3. Si la carte est valide, appelez votre banque pour qu’elle autorise nos débits, puis cliquez sur **Relancer le paiement** sur la facture impayée.

Si la facture est encore impayée après les trois tentatives, le compte passe en lecture seule : vous voyez tout, mais vous ne pouvez plus créer de commandes. Le paiement de la facture rétablit l’accès immédiatement, sans aucune perte de données.`,
          },
        },
        {
          tags: ['refund', 'policy'],
          popularity: 2.2,
          title: { en: 'Our refund policy', fr: 'Notre politique de remboursement' },
          body: {
            en: `We want you to pay only for what you use. Here is when we refund a charge, and how.

- **Any subscription charge from the last 30 days** is refunded in full if you ask, no questions asked. That includes a renewal you forgot to cancel.
- **Duplicate charges** are always refunded, whatever their date.
- **Downgrades and removed users** are not refunded in cash: the unused part becomes a credit on your next invoice.
- **Hardware** (card readers, printers, scanners) follows the return policy: 30 days, in its original packaging.

Refunds go back to the original payment method. The money is back on your statement within 5 to 10 business days, depending on your bank.

To ask for one, reply to your invoice email or write to us from **Help → Contact us** with the invoice number (INV-…). You will get a confirmation by email as soon as the refund is issued.`,
            fr: `Nous voulons que vous payiez seulement ce que vous utilisez. Voici dans quels cas nous remboursons un débit, et comment.

- **Tout débit d’abonnement des 30 derniers jours** est remboursé en entier sur simple demande, sans justification. Ça comprend un renouvellement que vous avez oublié d’annuler.
- **Les débits en double** sont toujours remboursés, peu importe leur date.
- **Les baisses de forfait et les utilisateurs retirés** ne donnent pas lieu à un remboursement en argent : la portion inutilisée devient un crédit sur votre prochaine facture.
- **Le matériel** (lecteurs de carte, imprimantes, lecteurs de codes-barres) suit la politique de retour : 30 jours, dans l’emballage d’origine.

Le remboursement est versé sur le mode de paiement d’origine. Le montant apparaît sur votre relevé d’ici 5 à 10 jours ouvrables, selon votre institution financière.

Pour en faire la demande, répondez au courriel de votre facture ou écrivez-nous à partir de **Aide → Nous joindre** en indiquant le numéro de la facture (INV-…). Vous recevrez une confirmation par courriel dès que le remboursement sera émis.`,
          },
        },
        {
          tags: ['refund', 'procedure'],
          visibility: 'internal',
          title: { en: 'Refund approval procedure', fr: 'Procédure d’approbation des remboursements' },
          body: {
            en: `For agents of the Billing team. Follow these steps before issuing any refund from the payments console.

1. Find the charge in the console with the invoice number or the customer's email, and check it has been **captured**, not just authorized. A pending duplicate disappears by itself; tell the customer so instead of refunding it.
2. Check the amount against the policy: within 30 days, or a duplicate, you may refund yourself **up to $500**.
3. Above $500, or older than 30 days, add an internal note with the details and mention **@isabelle** for approval. Do not promise the refund to the customer before it is approved.
4. Issue the refund to the original payment method only, never to another card or by bank transfer.
5. Tag the ticket **refund**, reply with the *Refund policy* canned response, and set it to pending.

A customer asking for a third refund in a year: flag it to the manager in a note rather than refusing.`,
            fr: `Pour les agents de l’équipe Facturation. Suivez ces étapes avant d’émettre un remboursement dans la console des paiements.

1. Retrouvez le débit dans la console à l’aide du numéro de facture ou de l’adresse courriel du client, et vérifiez qu’il a bien été **encaissé**, pas seulement autorisé. Un doublon en attente disparaît de lui-même; expliquez-le au client plutôt que de le rembourser.
2. Comparez le montant à la politique : dans les 30 jours, ou s’il s’agit d’un doublon, vous pouvez rembourser vous-même **jusqu’à 500 $**.
3. Au-delà de 500 $, ou après 30 jours, ajoutez une note interne avec les détails et mentionnez **@isabelle** pour obtenir son approbation. Ne promettez pas le remboursement au client avant l’approbation.
4. Remboursez uniquement sur le mode de paiement d’origine, jamais sur une autre carte ni par virement.
5. Ajoutez l’étiquette **refund** au billet, répondez avec la réponse préparée *Politique de remboursement* et mettez le billet en attente.

Un client qui demande un troisième remboursement dans l’année : signalez-le à la gestionnaire dans une note plutôt que de refuser.`,
          },
        },
      ],
    },
    {
      slug: 'plans-and-subscriptions',
      name: { en: 'Plans and subscriptions', fr: 'Forfaits et abonnements' },
      articles: [
        {
          tags: ['plans', 'upgrade', 'pricing'],
          popularity: 1.5,
          title: { en: 'Change your plan', fr: 'Changer de forfait' },
          body: {
            en: `You can move between the Free, Pro, Business and Enterprise plans at any time; your orders, customers and settings stay exactly where they are.

1. Open **Settings → Billing → Plan**.
2. Click **Compare plans** to see what each one includes (users, locations, API access, support hours).
3. Choose the new plan and click **Review change**. The page shows what you will pay today.
4. Click **Confirm**.

**Upgrading** takes effect immediately. You pay the difference for the rest of the current period, prorated to the day.

**Downgrading** takes effect immediately too, and the unused part of your current plan becomes a credit on your next invoice. If you use features the smaller plan does not include (for example a second location on Pro), the page lists them before you confirm.

Enterprise is arranged with our sales team: click **Talk to us** and someone will call you within a business day.`,
            fr: `Vous pouvez passer d’un forfait à l’autre (Gratuit, Pro, Affaires et Entreprise) en tout temps; vos commandes, vos clients et vos paramètres restent exactement où ils sont.

1. Ouvrez **Paramètres → Facturation → Forfait**.
2. Cliquez sur **Comparer les forfaits** pour voir ce que chacun comprend (utilisateurs, établissements, accès à l’API, heures de soutien).
3. Choisissez le nouveau forfait et cliquez sur **Vérifier le changement**. La page indique le montant à payer aujourd’hui.
4. Cliquez sur **Confirmer**.

**Un forfait supérieur** s’applique immédiatement. Vous payez la différence pour le reste de la période en cours, calculée au prorata du jour près.

**Un forfait inférieur** s’applique immédiatement aussi, et la portion inutilisée de votre forfait actuel devient un crédit sur votre prochaine facture. Si vous utilisez des fonctions que le plus petit forfait n’offre pas (par exemple un deuxième établissement avec le forfait Pro), la page les énumère avant que vous confirmiez.

Le forfait Entreprise se conclut avec notre équipe des ventes : cliquez sur **Nous parler** et quelqu’un vous appellera d’ici un jour ouvrable.`,
          },
        },
        {
          tags: ['annual-plan', 'payment', 'bank-transfer'],
          title: { en: 'Switch to annual billing', fr: 'Passer à la facturation annuelle' },
          body: {
            en: `Annual billing costs about 15% less than twelve monthly invoices, and it is the only way to pay by bank transfer or cheque.

1. Open **Settings → Billing → Plan**.
2. Next to **Billing cycle**, click **Switch to annual**.
3. Review the amount: the remaining days of your current month are credited.
4. Choose how you will pay: the saved card, or **Bank transfer (invoice)**.
5. Click **Confirm**.

With a bank transfer, the invoice is emailed to you with our banking details and is payable within 30 days; your account keeps working while the payment arrives. Quote the invoice number (INV-…) in the transfer's message so we can match it.

You can return to monthly billing at the end of the year you paid for. Adding users during the year is charged for the remaining months only.`,
            fr: `La facturation annuelle coûte environ 15 % de moins que douze factures mensuelles, et c’est la seule façon de payer par virement bancaire ou par chèque.

1. Ouvrez **Paramètres → Facturation → Forfait**.
2. À côté de **Cycle de facturation**, cliquez sur **Passer à l’annuel**.
3. Vérifiez le montant : les jours restants de votre mois en cours sont crédités.
4. Choisissez votre mode de paiement : la carte enregistrée, ou **Virement bancaire (sur facture)**.
5. Cliquez sur **Confirmer**.

Avec un virement, la facture vous est envoyée par courriel avec nos coordonnées bancaires et est payable dans les 30 jours; votre compte continue de fonctionner le temps que le paiement arrive. Indiquez le numéro de la facture (INV-…) dans le message du virement pour que nous puissions l’associer.

Vous pourrez revenir à la facturation mensuelle à la fin de l’année payée. Les utilisateurs ajoutés en cours d’année sont facturés pour les mois restants seulement.`,
          },
        },
        {
          tags: ['cancellation', 'subscription'],
          popularity: 1.3,
          title: { en: 'Cancel your subscription', fr: 'Annuler votre abonnement' },
          body: {
            en: `We are sorry to see you go. Only the account owner can cancel, and it takes a minute.

1. Open **Settings → Billing → Plan**.
2. Scroll down and click **Cancel subscription**.
3. Tell us why, if you like; it helps us improve.
4. Click **Cancel at the end of the period**.

Your account stays fully usable until the end of the period you paid for, and no further invoice is issued. After that it moves to the Free plan: your data is kept, but only one user can sign in.

Want your data elsewhere? Export your orders and customers first (see *Download a copy of your data*).

Cancelled by mistake, or charged after cancelling? Write to us within 30 days of the charge and we refund it in full, as our refund policy says. You can also undo a cancellation any time before the period ends with **Keep my subscription**.`,
            fr: `Nous sommes désolés de vous voir partir. Seul le propriétaire du compte peut annuler l’abonnement, et ça prend une minute.

1. Ouvrez **Paramètres → Facturation → Forfait**.
2. Faites défiler la page et cliquez sur **Annuler l’abonnement**.
3. Dites-nous pourquoi, si vous le voulez bien; ça nous aide à nous améliorer.
4. Cliquez sur **Annuler à la fin de la période**.

Votre compte reste entièrement utilisable jusqu’à la fin de la période payée, et aucune autre facture n’est émise. Ensuite, il passe au forfait Gratuit : vos données sont conservées, mais un seul utilisateur peut se connecter.

Vous voulez garder vos données ailleurs? Exportez d’abord vos commandes et vos clients (voir *Télécharger une copie de vos données*).

Annulation faite par erreur, ou débit reçu après l’annulation? Écrivez-nous dans les 30 jours suivant le débit et nous le remboursons en entier, comme le prévoit notre politique. Vous pouvez aussi revenir sur l’annulation avant la fin de la période avec **Conserver mon abonnement**.`,
          },
        },
        {
          tags: ['invoice', 'pricing'],
          title: { en: 'Why did my bill change?', fr: 'Pourquoi le montant de ma facture a-t-il changé?' },
          body: {
            en: `If an invoice is higher or lower than the one before, one of these is almost always the reason. Open the invoice under **Settings → Billing → Invoices** and compare its lines with last month's.

- **Users added or removed**: each user above what your plan includes is a line of its own, prorated from the day they were invited.
- **A plan change** in the middle of the month shows as a prorated charge or credit.
- **A credit applied**: a courtesy credit or a downgrade credit lowers the total.
- **Taxes**: a new billing address in another province changes the tax lines.
- **The yearly price adjustment**: prices are reviewed once a year, announced by email at least 60 days in advance.

Still can't explain the difference? Write to us with the invoice number and we will go through it line by line with you.`,
            fr: `Si une facture est plus élevée ou moins élevée que la précédente, l’une de ces raisons l’explique presque toujours. Ouvrez la facture dans **Paramètres → Facturation → Factures** et comparez ses lignes avec celles du mois dernier.

- **Des utilisateurs ajoutés ou retirés** : chaque utilisateur au-delà de ce que comprend votre forfait a sa propre ligne, calculée au prorata à partir du jour de son invitation.
- **Un changement de forfait** en cours de mois apparaît comme des frais ou un crédit au prorata.
- **Un crédit appliqué** : un geste commercial ou un crédit de baisse de forfait réduit le total.
- **Les taxes** : une nouvelle adresse de facturation dans une autre province change les lignes de taxes.
- **L’ajustement annuel des prix** : nos prix sont revus une fois par année, et annoncés par courriel au moins 60 jours à l’avance.

Vous n’arrivez toujours pas à expliquer la différence? Écrivez-nous avec le numéro de la facture et nous la passerons en revue avec vous, ligne par ligne.`,
          },
        },
        {
          tags: ['pricing', 'nonprofit'],
          status: 'draft',
          title: { en: 'Discounts for non-profit organizations', fr: 'Rabais pour les organismes sans but lucratif' },
          body: {
            en: `Registered charities and non-profit organizations in Canada get 30% off the Pro and Business plans, on monthly or annual billing.

1. Make sure your organization's legal name is entered under **Settings → Billing → Billing details**.
2. Write to us from **Help → Contact us** with your charity registration number, or your letters patent for a non-profit.
3. We check it within two business days and apply the discount from your next invoice.

The discount is reviewed every year on your renewal date; we email you a month before if we need an updated document.

*To confirm with the finance team before publishing: whether schools and public libraries qualify, and whether the discount applies to hardware.*`,
            fr: `Les organismes de bienfaisance enregistrés et les organismes sans but lucratif au Canada obtiennent 30 % de rabais sur les forfaits Pro et Affaires, en facturation mensuelle ou annuelle.

1. Assurez-vous que le nom légal de votre organisme est inscrit dans **Paramètres → Facturation → Coordonnées de facturation**.
2. Écrivez-nous à partir de **Aide → Nous joindre** en joignant votre numéro d’enregistrement d’organisme de bienfaisance, ou vos lettres patentes pour un OSBL.
3. Nous vérifions le tout en deux jours ouvrables et appliquons le rabais dès votre prochaine facture.

Le rabais est revu chaque année à la date de renouvellement; nous vous écrivons un mois avant si nous avons besoin d’un document à jour.

*À confirmer avec l’équipe des finances avant la publication : si les écoles et les bibliothèques publiques sont admissibles, et si le rabais s’applique au matériel.*`,
          },
        },
      ],
    },
  ],
};

const account: DemoKbCategory = {
  slug: 'account',
  name: { en: 'Account', fr: 'Compte' },
  icon: 'user',
  sections: [
    {
      slug: 'signing-in',
      name: { en: 'Signing in', fr: 'Connexion' },
      articles: [
        {
          tags: ['password', 'login'],
          popularity: 3,
          title: { en: 'Reset your password', fr: 'Réinitialiser votre mot de passe' },
          body: {
            en: `Forgot your password, or want a new one? You can reset it yourself from the sign-in page, on the web or in the mobile app.

1. On the sign-in page, click **Forgot password?**
2. Enter the email address you sign in with and click **Send reset link**.
3. Open the email from us and click **Choose a new password**. The link is valid for one hour and works once.
4. Type your new password twice: at least 12 characters, and not one you have used here before.
5. Click **Save**. You are signed in, and every other session is signed out.

**The email does not arrive?** Wait five minutes, then check your spam or junk folder. Company mail filters sometimes hold our messages: ask your IT team to allow mail from our domain. Still nothing? Make sure you typed the address you were invited with.

If two-factor authentication is on, you will still be asked for a code after the reset.`,
            fr: `Vous avez oublié votre mot de passe ou vous en voulez un nouveau? Vous pouvez le réinitialiser vous-même à partir de la page de connexion, sur le Web ou dans l’application mobile.

1. Sur la page de connexion, cliquez sur **Mot de passe oublié?**
2. Entrez l’adresse courriel avec laquelle vous vous connectez et cliquez sur **Envoyer le lien**.
3. Ouvrez notre courriel et cliquez sur **Choisir un nouveau mot de passe**. Le lien est valide pendant une heure et ne fonctionne qu’une fois.
4. Tapez votre nouveau mot de passe deux fois : au moins 12 caractères, et pas un mot de passe déjà utilisé chez nous.
5. Cliquez sur **Enregistrer**. Vous êtes connecté, et toutes vos autres sessions sont fermées.

**Le courriel n’arrive pas?** Attendez cinq minutes, puis vérifiez vos courriels indésirables. Les filtres des entreprises retiennent parfois nos messages : demandez à votre équipe informatique d’autoriser les courriels de notre domaine. Toujours rien? Vérifiez que vous avez entré l’adresse avec laquelle vous avez été invité.

Si l’authentification à deux facteurs est activée, un code vous sera quand même demandé après la réinitialisation.`,
          },
        },
        {
          tags: ['login', 'locked'],
          popularity: 1.2,
          title: { en: 'Your account is locked after too many attempts', fr: 'Votre compte est verrouillé après trop de tentatives' },
          body: {
            en: `To protect you from someone guessing your password, we lock sign-in after 10 wrong attempts in a row. You will see *Too many attempts, try again later* on the sign-in page.

1. Wait 15 minutes: the lock lifts by itself.
2. If you are not sure of your password, do not try again; click **Forgot password?** instead and choose a new one (see *Reset your password*). A successful reset unlocks the account at once.
3. If it is urgent, an administrator of your account can unlock you under **Settings → Users**: open your name and click **Unlock sign-in**.

Did you not try to sign in yourself? Someone may be guessing your password. Reset it, turn on two-factor authentication, and let us know: we can tell you where the attempts came from.`,
            fr: `Pour éviter qu’une personne devine votre mot de passe, nous bloquons la connexion après 10 tentatives infructueuses de suite. Le message *Trop de tentatives, réessayez plus tard* s’affiche alors sur la page de connexion.

1. Attendez 15 minutes : le blocage se lève de lui-même.
2. Si vous n’êtes pas certain de votre mot de passe, ne réessayez pas; cliquez plutôt sur **Mot de passe oublié?** et choisissez-en un nouveau (voir *Réinitialiser votre mot de passe*). Une réinitialisation réussie déverrouille le compte immédiatement.
3. Si c’est urgent, un administrateur de votre compte peut vous débloquer dans **Paramètres → Utilisateurs** : ouvrez votre nom et cliquez sur **Débloquer la connexion**.

Ce n’est pas vous qui avez tenté de vous connecter? Quelqu’un essaie peut-être de deviner votre mot de passe. Réinitialisez-le, activez l’authentification à deux facteurs et prévenez-nous : nous pourrons vous dire d’où venaient les tentatives.`,
          },
        },
        {
          tags: ['email', 'profile'],
          title: { en: 'Change the email address you sign in with', fr: 'Changer l’adresse courriel de connexion' },
          body: {
            en: `Your email address is your username, and it is where we send password resets and notifications. You can change it yourself.

1. Click your initials at the top right and choose **Profile**.
2. Next to **Email**, click **Change**.
3. Enter the new address and your current password, then click **Send confirmation**.
4. Open the email we send to the **new** address and click **Confirm this address**.

Until you confirm, you keep signing in with the old address. We also send a notice to the old one, so you know if someone else tried to change it.

Lost access to your old mailbox (you left a job, your domain changed)? An administrator of your account can change it for you under **Settings → Users**. If you are the only administrator, write to us from the new address: we will verify your identity before making the change.`,
            fr: `Votre adresse courriel vous sert de nom d’utilisateur, et c’est là que nous envoyons les réinitialisations de mot de passe et les notifications. Vous pouvez la changer vous-même.

1. Cliquez sur vos initiales en haut à droite et choisissez **Profil**.
2. À côté de **Courriel**, cliquez sur **Modifier**.
3. Entrez la nouvelle adresse et votre mot de passe actuel, puis cliquez sur **Envoyer la confirmation**.
4. Ouvrez le courriel envoyé à la **nouvelle** adresse et cliquez sur **Confirmer cette adresse**.

Tant que vous n’avez pas confirmé, vous continuez de vous connecter avec l’ancienne adresse. Nous envoyons aussi un avis à l’ancienne, pour que vous sachiez si quelqu’un d’autre a tenté de la modifier.

Vous n’avez plus accès à votre ancienne boîte de courriel (changement d’emploi, nouveau nom de domaine)? Un administrateur de votre compte peut faire la modification pour vous dans **Paramètres → Utilisateurs**. Si vous êtes le seul administrateur, écrivez-nous à partir de la nouvelle adresse : nous vérifierons votre identité avant d’effectuer le changement.`,
          },
        },
        {
          tags: ['mobile-app', 'login'],
          title: { en: 'Install the mobile app and sign in', fr: 'Installer l’application mobile et vous connecter' },
          body: {
            en: `The mobile app lets you take orders and payments at the counter or on the road. It runs on iPhone and iPad (iOS 16 or later) and on Android phones and tablets (Android 11 or later).

1. Search for our app in the App Store or Google Play and install it.
2. Open it and tap **Sign in**.
3. Enter your workspace name, your email address and your password.
4. If two-factor authentication is on, enter the code from your authenticator app.
5. Allow notifications when asked, so you hear about new orders.

The app stays signed in for 30 days. To sign out of a lost device, use **Profile → Sessions** in the web app.

Keep the app up to date: the latest version is always the one we support, and updates fix problems such as a crash on launch. If the app closes as soon as you open it, update it from the store first.`,
            fr: `L’application mobile vous permet de prendre des commandes et des paiements au comptoir ou sur la route. Elle fonctionne sur iPhone et iPad (iOS 16 ou plus récent) et sur les téléphones et tablettes Android (Android 11 ou plus récent).

1. Cherchez notre application dans l’App Store ou Google Play et installez-la.
2. Ouvrez-la et touchez **Se connecter**.
3. Entrez le nom de votre espace de travail, votre adresse courriel et votre mot de passe.
4. Si l’authentification à deux facteurs est activée, entrez le code de votre application d’authentification.
5. Autorisez les notifications quand l’application le demande, pour être averti des nouvelles commandes.

L’application reste connectée pendant 30 jours. Pour déconnecter un appareil perdu, passez par **Profil → Sessions** dans l’application web.

Gardez l’application à jour : nous prenons en charge la version la plus récente, et les mises à jour corrigent des problèmes comme un plantage au démarrage. Si l’application se ferme dès que vous l’ouvrez, commencez par la mettre à jour à partir du magasin d’applications.`,
          },
        },
        {
          tags: ['identity', 'procedure'],
          visibility: 'internal',
          title: { en: 'Verify a customer’s identity before an account change', fr: 'Vérifier l’identité d’un client avant une modification du compte' },
          body: {
            en: `For all agents. Before changing a sign-in email, resetting two-factor authentication, unlocking an account or transferring ownership on a customer's behalf, confirm who you are talking to. Never skip this for a caller who sounds in a hurry: that is what impersonators count on.

1. The request must come from the address on the account, or be confirmed from it. A phone call alone is not enough.
2. Ask for two of: the organization's legal name, the last four digits of the card on file, the amount of the last invoice, the date of the last successful sign-in.
3. For an ownership transfer, also get written approval from the current owner, or, if they have left, from another administrator plus a signed letter on the organization's letterhead.
4. Write what you checked in an internal note on the ticket.

If anything does not match, do not make the change. Tag the ticket **identity-check** and mention **@isabelle**.`,
            fr: `Pour tous les agents. Avant de changer l’adresse courriel de connexion, de réinitialiser l’authentification à deux facteurs, de déverrouiller un compte ou d’en transférer la propriété au nom d’un client, confirmez à qui vous parlez. Ne sautez jamais cette étape pour une personne qui semble pressée : c’est justement sur quoi comptent les fraudeurs.

1. La demande doit venir de l’adresse associée au compte, ou être confirmée à partir de celle-ci. Un appel téléphonique seul ne suffit pas.
2. Demandez deux des éléments suivants : le nom légal de l’organisation, les quatre derniers chiffres de la carte au dossier, le montant de la dernière facture, la date de la dernière connexion réussie.
3. Pour un transfert de propriété, obtenez aussi l’accord écrit du propriétaire actuel ou, s’il a quitté l’organisation, celui d’un autre administrateur et une lettre signée sur papier à en-tête.
4. Notez ce que vous avez vérifié dans une note interne du billet.

Si un élément ne concorde pas, n’effectuez pas la modification. Ajoutez l’étiquette **identity-check** au billet et mentionnez **@isabelle**.`,
          },
        },
      ],
    },
    {
      slug: 'users-and-your-data',
      name: { en: 'Users and your data', fr: 'Utilisateurs et données' },
      articles: [
        {
          tags: ['users', 'permissions'],
          title: { en: 'Add users and choose their role', fr: 'Ajouter des utilisateurs et choisir leur rôle' },
          body: {
            en: `Everyone on your team should have their own sign-in: it keeps a record of who did what, and you can remove one person without changing everyone's password.

1. Open **Settings → Users** and click **Invite users**.
2. Enter one or more email addresses.
3. Choose a role for them:
   - **Staff** take orders and payments and see customers.
   - **Managers** also issue refunds, edit products and see reports.
   - **Administrators** also manage users, billing and integrations.
4. Pick their language (English or French) and, on Business and Enterprise, the locations they work at.
5. Click **Send invitations**. Invitations are valid for seven days.

Each plan includes a number of users; extra users are added to your next invoice, prorated to the day. When someone leaves, open their name and click **Deactivate**: their history stays, and you stop paying for them from the next invoice.`,
            fr: `Chaque membre de votre équipe devrait avoir sa propre connexion : vous savez ainsi qui a fait quoi, et vous pouvez retirer une personne sans changer le mot de passe de tout le monde.

1. Ouvrez **Paramètres → Utilisateurs** et cliquez sur **Inviter des utilisateurs**.
2. Entrez une ou plusieurs adresses courriel.
3. Choisissez leur rôle :
   - **Personnel** : prend les commandes et les paiements, et consulte les clients.
   - **Gestionnaire** : peut aussi émettre des remboursements, modifier les produits et consulter les rapports.
   - **Administrateur** : gère en plus les utilisateurs, la facturation et les intégrations.
4. Choisissez leur langue (français ou anglais) et, avec les forfaits Affaires et Entreprise, les établissements où ils travaillent.
5. Cliquez sur **Envoyer les invitations**. Elles sont valides pendant sept jours.

Chaque forfait comprend un certain nombre d’utilisateurs; les utilisateurs supplémentaires sont ajoutés à votre prochaine facture, au prorata du jour près. Quand quelqu’un quitte l’équipe, ouvrez son nom et cliquez sur **Désactiver** : son historique est conservé, et vous cessez de payer pour cette personne dès la prochaine facture.`,
          },
        },
        {
          tags: ['account-owner', 'users'],
          title: { en: 'Transfer account ownership', fr: 'Transférer la propriété du compte' },
          body: {
            en: `The owner is the one person who can cancel the subscription, close the account or change who the owner is. Transfer it before the owner leaves your organization.

1. The current owner opens **Settings → Users**.
2. They make sure the new owner is an **Administrator**; change the role first if needed.
3. On the new owner's line, they click **⋯ → Make owner**.
4. They type their own password to confirm.

The new owner gets an email right away, and the former owner stays an administrator until someone changes that.

**The owner has already left?** Another administrator can write to us from the address on the account. We will ask for a short letter, signed by someone authorized at your organization, naming the new owner. Once we have it, the transfer is usually done within one business day.`,
            fr: `Le propriétaire est la seule personne qui peut annuler l’abonnement, fermer le compte ou désigner un nouveau propriétaire. Faites le transfert avant que le propriétaire quitte votre organisation.

1. Le propriétaire actuel ouvre **Paramètres → Utilisateurs**.
2. Il s’assure que le nouveau propriétaire a le rôle **Administrateur**; sinon, il change d’abord son rôle.
3. Sur la ligne du nouveau propriétaire, il clique sur **⋯ → Nommer propriétaire**.
4. Il tape son propre mot de passe pour confirmer.

Le nouveau propriétaire reçoit aussitôt un courriel, et l’ancien propriétaire demeure administrateur jusqu’à ce que quelqu’un modifie son rôle.

**Le propriétaire a déjà quitté?** Un autre administrateur peut nous écrire à partir de l’adresse associée au compte. Nous vous demanderons une courte lettre, signée par une personne autorisée de votre organisation, qui désigne le nouveau propriétaire. Une fois la lettre reçue, le transfert est généralement fait en un jour ouvrable.`,
          },
        },
        {
          tags: ['privacy', 'export', 'data'],
          title: { en: 'Download a copy of your data', fr: 'Télécharger une copie de vos données' },
          body: {
            en: `You own your data, and you can take a full copy at any time, on every plan. Administrators can download the whole account; any user can download their own personal information.

**The whole account**

1. Open **Settings → Data → Export**.
2. Choose what to include: orders, customers, products, payments, invoices.
3. Click **Prepare export**. Large accounts can take up to an hour; we email you when it is ready.
4. Download the ZIP file from the link in the email. It contains one CSV file per kind of record, readable in Excel or Numbers. The link works for seven days.

**Your personal information**

Under Québec's Law 25 and Canada's privacy law, you can ask what we hold about you. Open **Profile → Privacy** and click **Download my information**: you get your profile, your sign-in history and the messages you exchanged with our support team.`,
            fr: `Vos données vous appartiennent, et vous pouvez en obtenir une copie complète en tout temps, quel que soit votre forfait. Les administrateurs peuvent télécharger tout le compte; chaque utilisateur peut télécharger ses propres renseignements personnels.

**Tout le compte**

1. Ouvrez **Paramètres → Données → Exportation**.
2. Choisissez ce qu’il faut inclure : commandes, clients, produits, paiements, factures.
3. Cliquez sur **Préparer l’exportation**. Pour les gros comptes, ça peut prendre jusqu’à une heure; nous vous écrivons quand c’est prêt.
4. Téléchargez le fichier ZIP à partir du lien dans le courriel. Il contient un fichier CSV par type de données, lisible dans Excel ou Numbers. Le lien fonctionne pendant sept jours.

**Vos renseignements personnels**

En vertu de la Loi 25 et de la loi canadienne sur la protection des renseignements personnels, vous pouvez savoir ce que nous détenons à votre sujet. Ouvrez **Profil → Confidentialité** et cliquez sur **Télécharger mes renseignements** : vous obtenez votre profil, votre historique de connexion et les messages échangés avec notre équipe de soutien.`,
          },
        },
        {
          tags: ['privacy', 'data-deletion', 'cancellation'],
          title: { en: 'Delete your account and your data', fr: 'Supprimer votre compte et vos données' },
          body: {
            en: `Closing your account deletes your organization's data for good. Only the account owner can do it, and we recommend downloading a copy first (see *Download a copy of your data*).

1. Cancel any paid subscription (see *Cancel your subscription*).
2. Open **Settings → Data → Close account**.
3. Read the list of what will be deleted, type your workspace name and your password.
4. Click **Close account permanently**.

The account is closed at once and nobody can sign in. For 14 days, the owner can still ask us to restore it. After that, everything is deleted from our servers, and from our backups within a further 30 days. Invoices are the exception: tax law requires us to keep them for six years.

To delete only your own personal information, not the whole account, open **Profile → Privacy → Delete my information**. We confirm in writing once it is done.`,
            fr: `La fermeture de votre compte supprime définitivement les données de votre organisation. Seul le propriétaire du compte peut le faire, et nous vous conseillons de télécharger une copie avant (voir *Télécharger une copie de vos données*).

1. Annulez tout abonnement payant (voir *Annuler votre abonnement*).
2. Ouvrez **Paramètres → Données → Fermer le compte**.
3. Lisez la liste de ce qui sera supprimé, puis tapez le nom de votre espace de travail et votre mot de passe.
4. Cliquez sur **Fermer le compte définitivement**.

Le compte est fermé immédiatement et plus personne ne peut s’y connecter. Pendant 14 jours, le propriétaire peut encore nous demander de le rétablir. Ensuite, tout est supprimé de nos serveurs, et de nos sauvegardes dans les 30 jours qui suivent. Seules les factures font exception : les lois fiscales nous obligent à les conserver six ans.

Pour supprimer seulement vos renseignements personnels, et non tout le compte, ouvrez **Profil → Confidentialité → Supprimer mes renseignements**. Nous vous le confirmons par écrit une fois la suppression faite.`,
          },
        },
        {
          tags: ['language', 'profile'],
          title: { en: 'Use the app in English or in French', fr: 'Utiliser l’application en français ou en anglais' },
          body: {
            en: `Every screen, email and receipt exists in English and in French, and each person chooses their own language.

1. Click your initials at the top right and choose **Profile**.
2. Under **Language**, pick **English** or **Français**.
3. Click **Save**. The app switches at once, and the emails you receive from us follow the same choice.

An administrator can set the language of someone they invite, and the default for new users under **Settings → Organization**.

**Receipts for your customers** follow the customer's language when it is known, otherwise the language of the location. You can change a location's language under **Settings → Locations**. On the mobile app, the language follows your profile, not your phone's settings.`,
            fr: `Chaque écran, chaque courriel et chaque reçu existe en français et en anglais, et chaque personne choisit sa propre langue.

1. Cliquez sur vos initiales en haut à droite et choisissez **Profil**.
2. Sous **Langue**, choisissez **Français** ou **English**.
3. Cliquez sur **Enregistrer**. L’application change de langue aussitôt, et les courriels que nous vous envoyons suivent le même choix.

Un administrateur peut choisir la langue d’une personne qu’il invite, ainsi que la langue par défaut des nouveaux utilisateurs dans **Paramètres → Organisation**.

**Les reçus de vos clients** sont dans la langue du client quand elle est connue, sinon dans celle de l’établissement. Vous pouvez changer la langue d’un établissement dans **Paramètres → Établissements**. Dans l’application mobile, la langue suit votre profil, et non les réglages de votre téléphone.`,
          },
        },
      ],
    },
  ],
};

const ordersAndShipping: DemoKbCategory = {
  slug: 'orders-and-shipping',
  name: { en: 'Orders and shipping', fr: 'Commandes et livraison' },
  icon: 'truck',
  sections: [
    {
      slug: 'ordering-and-delivery',
      name: { en: 'Ordering and delivery', fr: 'Commande et expédition' },
      articles: [
        {
          tags: ['hardware', 'order'],
          title: { en: 'Order card readers, printers and scanners', fr: 'Commander des lecteurs de carte, des imprimantes et des lecteurs de codes-barres' },
          body: {
            en: `The hardware in our store is tested with the app and set up for you before it ships: card readers, receipt printers, barcode scanners and cash drawers.

1. In the web app, open **Settings → Hardware → Store**.
2. Choose the items and quantities. Kits (reader, printer and drawer together) cost less than the same items bought one by one.
3. Pick the location each item is for, so it arrives already linked to it.
4. Choose a shipping method and check the delivery address.
5. Pay with the card on your account, or add the order to your next invoice on Business and Enterprise.

You receive an order confirmation by email right away, and a second email with the tracking number when the parcel leaves our warehouse in Laval.

Every device has a one-year warranty. Need ten or more of one item? Write to us for volume pricing before you order.`,
            fr: `Le matériel de notre boutique est testé avec l’application et configuré pour vous avant l’expédition : lecteurs de carte, imprimantes de reçus, lecteurs de codes-barres et tiroirs-caisses.

1. Dans l’application web, ouvrez **Paramètres → Matériel → Boutique**.
2. Choisissez les articles et les quantités. Les ensembles (lecteur, imprimante et tiroir) coûtent moins cher que les mêmes articles achetés séparément.
3. Indiquez l’établissement auquel chaque article est destiné, pour qu’il arrive déjà associé.
4. Choisissez un mode de livraison et vérifiez l’adresse de livraison.
5. Payez avec la carte de votre compte, ou ajoutez la commande à votre prochaine facture avec les forfaits Affaires et Entreprise.

Vous recevez aussitôt une confirmation de commande par courriel, puis un deuxième courriel avec le numéro de suivi quand le colis quitte notre entrepôt de Laval.

Chaque appareil est garanti un an. Vous avez besoin de dix unités ou plus d’un même article? Écrivez-nous avant de commander pour obtenir un prix de volume.`,
          },
        },
        {
          tags: ['tracking', 'order', 'shipping'],
          popularity: 2.4,
          title: { en: 'Track your order', fr: 'Suivre votre commande' },
          body: {
            en: `As soon as your parcel leaves our warehouse, we email you its tracking number. You can also follow it from the app.

1. Open **Settings → Hardware → Orders**.
2. Click the order number (it looks like ORD-48213).
3. The order page shows its status: *Received*, *Being prepared*, *Shipped*, *Out for delivery* or *Delivered*.
4. Click the tracking number to open the carrier's page (Canada Post or Purolator) with the latest scans.

Tracking can take up to 24 hours to show the first scan after we hand the parcel over.

**No movement for three business days, or marked delivered but not there?** Check with your neighbours and your building's reception first; carriers sometimes leave parcels with them. Then write to us with the order number: we open an investigation with the carrier and, if the parcel is lost, ship a replacement at no cost.`,
            fr: `Dès que votre colis quitte notre entrepôt, nous vous envoyons son numéro de suivi par courriel. Vous pouvez aussi le suivre dans l’application.

1. Ouvrez **Paramètres → Matériel → Commandes**.
2. Cliquez sur le numéro de la commande (il ressemble à ORD-48213).
3. La page de la commande en indique l’état : *Reçue*, *En préparation*, *Expédiée*, *En cours de livraison* ou *Livrée*.
4. Cliquez sur le numéro de suivi pour ouvrir la page du transporteur (Postes Canada ou Purolator) avec les derniers balayages.

Le premier balayage peut prendre jusqu’à 24 heures à apparaître après la remise du colis au transporteur.

**Aucun mouvement depuis trois jours ouvrables, ou colis indiqué comme livré mais introuvable?** Vérifiez d’abord auprès de vos voisins et de la réception de votre immeuble : les transporteurs y laissent parfois les colis. Écrivez-nous ensuite avec le numéro de commande : nous ouvrons une enquête auprès du transporteur et, si le colis est perdu, nous expédions un remplacement sans frais.`,
          },
        },
        {
          tags: ['shipping', 'delivery', 'pricing'],
          popularity: 1.8,
          title: { en: 'Shipping times and costs', fr: 'Délais et frais de livraison' },
          body: {
            en: `We ship hardware from our warehouse in Laval, Québec, to anywhere in Canada. Orders placed before 2 p.m. Eastern time on a business day leave the same day.

| Method | Carrier | Delivery time | Cost |
| --- | --- | --- | --- |
| Standard | Canada Post | 2 to 5 business days | $12, free over $150 |
| Express | Purolator | Next business day in most cities | $24 |
| Remote regions | Canada Post | 5 to 10 business days | $18 |

Times are counted from the day the parcel ships. Express to the North, the Magdalen Islands or some rural addresses takes one or two extra days; the checkout shows the estimate for your postal code.

Taxes are calculated on the shipping cost as on the items. We do not ship to post office boxes by Express, and we do not ship outside Canada for now.

A replacement for a damaged or defective item always ships Express, free of charge.`,
            fr: `Nous expédions le matériel à partir de notre entrepôt de Laval, au Québec, partout au Canada. Les commandes passées avant 14 h (heure de l’Est) un jour ouvrable partent le jour même.

| Mode | Transporteur | Délai de livraison | Frais |
| --- | --- | --- | --- |
| Standard | Postes Canada | 2 à 5 jours ouvrables | 12 $, gratuit à partir de 150 $ |
| Express | Purolator | Jour ouvrable suivant dans la plupart des villes | 24 $ |
| Régions éloignées | Postes Canada | 5 à 10 jours ouvrables | 18 $ |

Les délais sont comptés à partir du jour de l’expédition. La livraison express vers le Nord, les Îles-de-la-Madeleine ou certaines adresses rurales prend un ou deux jours de plus; la page de paiement affiche l’estimation pour votre code postal.

Les taxes s’appliquent aux frais de livraison comme aux articles. Nous ne livrons pas en express aux cases postales, et nous n’expédions pas à l’extérieur du Canada pour le moment.

Le remplacement d’un article endommagé ou défectueux est toujours expédié en express, sans frais.`,
          },
        },
        {
          tags: ['delivery', 'address', 'order'],
          title: { en: 'Change the delivery address of an order', fr: 'Changer l’adresse de livraison d’une commande' },
          body: {
            en: `You can change where an order goes until it is packed, usually within an hour or two of ordering.

1. Open **Settings → Hardware → Orders** and click the order.
2. If its status is still *Received*, click **Change address**.
3. Pick another location or enter a new address, then click **Save**.

If the order is already *Being prepared* or *Shipped*, the button is gone. Write to us right away with the order number and the new address:

- **Being prepared**: we can usually catch it before it leaves.
- **Shipped with Purolator**: we ask the carrier to redirect it; this can add a day.
- **Shipped with Canada Post**: parcels cannot be redirected. You can have it held at the nearest post office, or refuse it so that it comes back to us and we ship it again.

To change the default address for future orders, edit the location under **Settings → Locations**.`,
            fr: `Vous pouvez changer la destination d’une commande tant qu’elle n’est pas emballée, habituellement dans l’heure ou les deux heures qui suivent la commande.

1. Ouvrez **Paramètres → Matériel → Commandes** et cliquez sur la commande.
2. Si elle est encore à l’état *Reçue*, cliquez sur **Changer l’adresse**.
3. Choisissez un autre établissement ou entrez une nouvelle adresse, puis cliquez sur **Enregistrer**.

Si la commande est déjà *En préparation* ou *Expédiée*, le bouton n’apparaît plus. Écrivez-nous sans tarder avec le numéro de commande et la nouvelle adresse :

- **En préparation** : nous pouvons habituellement l’intercepter avant son départ.
- **Expédiée par Purolator** : nous demandons au transporteur de la réacheminer, ce qui peut ajouter une journée.
- **Expédiée par Postes Canada** : les colis ne peuvent pas être réacheminés. Vous pouvez le faire retenir au bureau de poste le plus proche, ou le refuser pour qu’il nous revienne et que nous le réexpédiions.

Pour changer l’adresse par défaut des prochaines commandes, modifiez l’établissement dans **Paramètres → Établissements**.`,
          },
        },
        {
          tags: ['shipping', 'international'],
          status: 'draft',
          title: { en: 'Shipping to the United States', fr: 'Livraison aux États-Unis' },
          body: {
            en: `Starting in the spring, we will ship hardware to the United States from our Laval warehouse, for accounts with a US location.

1. Add your US location under **Settings → Locations**, with its full address and ZIP code.
2. Order as usual from **Settings → Hardware → Store** and choose that location.
3. Choose **UPS Standard** (3 to 6 business days) or **UPS Expedited** (2 to 3 business days).

Prices in the store are shown in Canadian dollars; your card issuer converts them. Duties and brokerage fees are included in the price, so nothing is collected at the door.

Returns from the United States follow the same 30-day policy, with a prepaid UPS label.

*Before publishing: confirm the start date and carrier prices with operations, and add the list of devices certified for the US.*`,
            fr: `Dès le printemps, nous expédierons du matériel aux États-Unis à partir de notre entrepôt de Laval, pour les comptes qui ont un établissement américain.

1. Ajoutez votre établissement américain dans **Paramètres → Établissements**, avec son adresse complète et son code ZIP.
2. Commandez comme d’habitude dans **Paramètres → Matériel → Boutique** en choisissant cet établissement.
3. Choisissez **UPS Standard** (3 à 6 jours ouvrables) ou **UPS Expedited** (2 à 3 jours ouvrables).

Les prix de la boutique sont affichés en dollars canadiens; l’émetteur de votre carte fait la conversion. Les droits de douane et les frais de courtage sont compris dans le prix, donc rien n’est perçu à la livraison.

Les retours à partir des États-Unis suivent la même politique de 30 jours, avec une étiquette UPS prépayée.

*Avant la publication : confirmer la date de lancement et les tarifs du transporteur avec les opérations, et ajouter la liste des appareils certifiés pour les États-Unis.*`,
          },
        },
      ],
    },
    {
      slug: 'returns-and-exchanges',
      name: { en: 'Returns and exchanges', fr: 'Retours et échanges' },
      articles: [
        {
          tags: ['return', 'refund', 'hardware'],
          popularity: 1.4,
          title: { en: 'Return an item', fr: 'Retourner un article' },
          body: {
            en: `Changed your mind, or ordered the wrong model? You can return any hardware within 30 days of delivery for a full refund, as long as it is unused and in its original packaging.

1. Open **Settings → Hardware → Orders** and click the order.
2. Click **Return items**, select the items and tell us why.
3. Print the prepaid return label we email you, and stick it on the box over the old label.
4. Drop the parcel at any Canada Post outlet within 14 days, or book a pickup on canadapost.ca.

We refund the item to the original payment method within 3 business days of receiving it; your bank may take another 5 to 10 business days to show it. Shipping costs are refunded only if the item was defective or we sent the wrong one.

Opened but unused items are accepted too. Devices that have been used for payments cannot be returned, only exchanged under warranty if they are faulty.`,
            fr: `Vous avez changé d’idée ou commandé le mauvais modèle? Vous pouvez retourner tout article de matériel dans les 30 jours suivant la livraison pour un remboursement complet, s’il est inutilisé et dans son emballage d’origine.

1. Ouvrez **Paramètres → Matériel → Commandes** et cliquez sur la commande.
2. Cliquez sur **Retourner des articles**, sélectionnez-les et indiquez-nous la raison.
3. Imprimez l’étiquette de retour prépayée que nous vous envoyons par courriel et collez-la sur la boîte, par-dessus l’ancienne étiquette.
4. Déposez le colis dans n’importe quel comptoir de Postes Canada dans les 14 jours, ou planifiez une cueillette sur postescanada.ca.

Nous remboursons l’article sur le mode de paiement d’origine dans les 3 jours ouvrables suivant sa réception; votre institution financière peut prendre de 5 à 10 jours ouvrables de plus pour l’afficher. Les frais de livraison sont remboursés seulement si l’article était défectueux ou si nous vous avons envoyé le mauvais.

Les articles ouverts mais inutilisés sont aussi acceptés. Les appareils qui ont servi à des paiements ne peuvent pas être retournés; ils peuvent seulement être échangés sous garantie s’ils sont défectueux.`,
          },
        },
        {
          tags: ['damaged', 'hardware', 'shipping'],
          title: { en: 'Your item arrived damaged', fr: 'Votre article est arrivé endommagé' },
          body: {
            en: `We are sorry! If a parcel arrives crushed, or a device inside is broken, we send a replacement right away, at no cost.

1. Keep the box and the packaging: the carrier may ask to inspect them.
2. Take two or three photos: the outside of the box, the shipping label and the damaged item.
3. Within 7 days of delivery, open **Settings → Hardware → Orders**, click the order and choose **Report a problem → Arrived damaged**.
4. Attach the photos and click **Send**.

We ship the replacement by Express the same business day, with a prepaid label to send the damaged item back. You do not need to wait for the carrier's claim to be settled: that is our job.

If the box looked damaged at delivery, you can also refuse it; it comes back to us and we ship a new one as soon as the carrier confirms.`,
            fr: `Nous sommes désolés! Si un colis arrive écrasé ou si un appareil à l’intérieur est brisé, nous vous envoyons un remplacement immédiatement, sans frais.

1. Conservez la boîte et l’emballage : le transporteur pourrait demander à les inspecter.
2. Prenez deux ou trois photos : l’extérieur de la boîte, l’étiquette d’expédition et l’article endommagé.
3. Dans les 7 jours suivant la livraison, ouvrez **Paramètres → Matériel → Commandes**, cliquez sur la commande et choisissez **Signaler un problème → Arrivé endommagé**.
4. Joignez les photos et cliquez sur **Envoyer**.

Nous expédions le remplacement en express le jour ouvrable même, avec une étiquette prépayée pour nous renvoyer l’article endommagé. Vous n’avez pas à attendre le règlement de la réclamation auprès du transporteur : ça, c’est notre affaire.

Si la boîte semblait endommagée à la livraison, vous pouvez aussi la refuser; elle nous revient et nous expédions un nouvel article dès que le transporteur le confirme.`,
          },
        },
        {
          tags: ['warranty', 'card-reader', 'hardware'],
          title: { en: 'Exchange a faulty device under warranty', fr: 'Échanger un appareil défectueux sous garantie' },
          body: {
            en: `All the hardware we sell has a one-year warranty from delivery, and two years on the Enterprise plan. If a device stops working, we replace it before you send the old one back, so your counter is never without it.

Before you ask for an exchange, try this:

1. Restart the device, and charge it for 30 minutes if it runs on a battery.
2. In the app, open **Settings → Hardware → Devices**, select it and click **Run a test**.
3. Make sure the app and the device's firmware are up to date.

Still faulty? On the same page, click **Request an exchange** and describe what happens. We ship a replacement by Express, with a prepaid label to return the faulty device within 14 days.

The warranty does not cover drops, liquid damage or a cracked screen. In that case we offer a replacement at 40% off the store price.`,
            fr: `Tout le matériel que nous vendons est garanti un an à partir de la livraison, et deux ans avec le forfait Entreprise. Si un appareil cesse de fonctionner, nous le remplaçons avant même que vous renvoyiez l’ancien, pour que votre comptoir n’en soit jamais privé.

Avant de demander un échange, essayez ceci :

1. Redémarrez l’appareil, et chargez-le 30 minutes s’il fonctionne sur pile.
2. Dans l’application, ouvrez **Paramètres → Matériel → Appareils**, sélectionnez-le et cliquez sur **Faire un test**.
3. Assurez-vous que l’application et le micrologiciel de l’appareil sont à jour.

Toujours défectueux? Sur la même page, cliquez sur **Demander un échange** et décrivez le problème. Nous expédions un remplacement en express, avec une étiquette prépayée pour renvoyer l’appareil défectueux dans les 14 jours.

La garantie ne couvre pas les chutes, les dégâts causés par un liquide ni un écran fissuré. Dans ce cas, nous offrons un remplacement à 40 % de rabais sur le prix de la boutique.`,
          },
        },
      ],
    },
  ],
};

const technical: DemoKbCategory = {
  slug: 'technical',
  name: { en: 'Technical', fr: 'Soutien technique' },
  icon: 'wrench',
  sections: [
    {
      slug: 'setup-and-troubleshooting',
      name: { en: 'Setup and troubleshooting', fr: 'Installation et dépannage' },
      articles: [
        {
          tags: ['card-reader', 'bluetooth', 'setup'],
          popularity: 1.6,
          title: { en: 'Connect your card reader', fr: 'Connecter votre lecteur de carte' },
          body: {
            en: `Card readers connect to a phone or tablet running the mobile app over Bluetooth. Pairing takes about two minutes.

[Watch the two-minute video](https://videos.example.com/help/connect-card-reader)

1. Charge the reader until its light is steady green.
2. On the phone or tablet, turn on Bluetooth and open the mobile app.
3. Tap **More → Hardware → Add a device → Card reader**.
4. Hold the reader's power button for three seconds, until the light blinks blue.
5. Pick the reader's serial number (printed on its back) in the list, and tap **Pair**.
6. Wait while the app updates the reader's firmware, if asked. Do not close the app during the update.

The reader is now linked to this device and location. Make a $1 test payment and refund it to check everything works.

**The reader does not appear?** Pair it from the app, not from the phone's Bluetooth settings. If it is paired with another device, unpair it there first: a reader talks to one device at a time.`,
            fr: `Les lecteurs de carte se connectent par Bluetooth à un téléphone ou à une tablette où l’application mobile est installée. Le jumelage prend environ deux minutes.

[Voir la vidéo de deux minutes](https://videos.example.com/help/connect-card-reader-fr)

1. Chargez le lecteur jusqu’à ce que son voyant soit vert fixe.
2. Sur le téléphone ou la tablette, activez le Bluetooth et ouvrez l’application mobile.
3. Touchez **Plus → Matériel → Ajouter un appareil → Lecteur de carte**.
4. Maintenez le bouton d’alimentation du lecteur enfoncé trois secondes, jusqu’à ce que le voyant clignote en bleu.
5. Choisissez dans la liste le numéro de série du lecteur (inscrit au dos), puis touchez **Jumeler**.
6. Si l’application le demande, patientez pendant la mise à jour du micrologiciel du lecteur, sans fermer l’application.

Le lecteur est maintenant associé à cet appareil et à cet établissement. Faites un paiement test de 1 $, puis remboursez-le pour vérifier que tout fonctionne.

**Le lecteur n’apparaît pas?** Jumelez-le à partir de l’application, et non des réglages Bluetooth du téléphone. S’il est déjà jumelé à un autre appareil, annulez d’abord ce jumelage : un lecteur ne communique qu’avec un appareil à la fois.`,
          },
        },
        {
          tags: ['browser', 'requirements'],
          title: { en: 'Supported browsers and devices', fr: 'Navigateurs et appareils pris en charge' },
          body: {
            en: `The web app works in any up-to-date browser; we test every release on the two latest versions of each of these:

- **Google Chrome** and **Microsoft Edge** on Windows and macOS
- **Mozilla Firefox** on Windows, macOS and Linux
- **Safari** on macOS, iPad and iPhone

Internet Explorer and browsers older than two years are not supported: some screens will not load in them.

**The mobile app** needs iOS or iPadOS 16 or later, or Android 11 or later. Card readers need Bluetooth 4.2 or later.

**Receipt printers** connect by network cable or Wi-Fi to the same network as the device taking payments.

A few tips that solve most display problems:

1. Update the browser: most of them update themselves if you restart them.
2. Allow cookies for our domain; you cannot stay signed in without them.
3. Turn off extensions that block scripts or ads for our site, then reload the page.`,
            fr: `L’application web fonctionne dans tout navigateur à jour; nous testons chaque version sur les deux dernières versions de chacun des navigateurs suivants :

- **Google Chrome** et **Microsoft Edge** sur Windows et macOS
- **Mozilla Firefox** sur Windows, macOS et Linux
- **Safari** sur macOS, iPad et iPhone

Internet Explorer et les navigateurs de plus de deux ans ne sont pas pris en charge : certains écrans ne s’y afficheront pas.

**L’application mobile** exige iOS ou iPadOS 16 ou plus récent, ou Android 11 ou plus récent. Les lecteurs de carte exigent le Bluetooth 4.2 ou plus récent.

**Les imprimantes de reçus** se branchent par câble réseau ou par Wi-Fi au même réseau que l’appareil qui prend les paiements.

Quelques conseils qui règlent la plupart des problèmes d’affichage :

1. Mettez votre navigateur à jour : la plupart le font d’eux-mêmes au redémarrage.
2. Autorisez les témoins (cookies) de notre domaine; sans eux, vous ne pouvez pas rester connecté.
3. Désactivez les extensions qui bloquent les scripts ou les publicités sur notre site, puis rechargez la page.`,
          },
        },
        {
          tags: ['performance', 'dashboard', 'browser'],
          title: { en: 'The dashboard is slow or does not load', fr: 'Le tableau de bord est lent ou ne s’affiche pas' },
          body: {
            en: `The dashboard should open in a couple of seconds. If it takes much longer, or stays blank, try these steps in order; most problems are solved by the second one.

1. Check our status page at status.example.com: if there is an incident, it is shown there with updates.
2. Clear your browser's cache for our site, then sign out and sign in again.
3. Open the dashboard in a private window. If it is fast there, an extension is slowing it down: disable them one by one.
4. Narrow the date range: a dashboard covering several years of orders takes longer to draw. Reports are better for long periods.
5. Try another browser or another computer on the same network. If it is slow everywhere in the office, your network or firewall may be inspecting our traffic; ask your IT team to allow our domain.

Still slow? Write to us with your browser and version, and a screenshot of the page. It helps a lot.`,
            fr: `Le tableau de bord devrait s’ouvrir en quelques secondes. S’il prend beaucoup plus de temps ou reste vide, essayez ces étapes dans l’ordre; la deuxième règle la plupart des problèmes.

1. Consultez notre page d’état à status.example.com : s’il y a un incident, il y est affiché avec des mises à jour.
2. Videz la cache de votre navigateur pour notre site, puis déconnectez-vous et reconnectez-vous.
3. Ouvrez le tableau de bord dans une fenêtre de navigation privée. S’il y est rapide, une extension le ralentit : désactivez-les une à une.
4. Réduisez la période affichée : un tableau de bord qui couvre plusieurs années de commandes prend plus de temps à s’afficher. Pour les longues périodes, utilisez plutôt les rapports.
5. Essayez un autre navigateur ou un autre ordinateur sur le même réseau. Si c’est lent partout au bureau, votre réseau ou votre pare-feu inspecte peut-être notre trafic; demandez à votre équipe informatique d’autoriser notre domaine.

Toujours lent? Écrivez-nous en indiquant votre navigateur et sa version, avec une capture d’écran de la page. Ça nous aide beaucoup.`,
          },
        },
        {
          tags: ['email', 'deliverability', 'dns'],
          title: { en: 'Your customers do not receive your emails', fr: 'Vos clients ne reçoivent pas vos courriels' },
          body: {
            en: `Order confirmations and receipts are sent in your organization's name. If your customers find them in spam, or not at all, your domain probably needs two DNS records that prove we may send for it.

1. Open **Settings → Email → Sending domain**.
2. Copy the **SPF** and **DKIM** records shown on the page.
3. Add them to your domain's DNS, at the company that manages it (often where you bought the domain). Ask your web provider if you are not sure how.
4. Back on the page, click **Check records**. DNS changes can take up to a few hours to be visible.

When both show a green check, new emails are signed and far less likely to land in spam. Emails already sent are not affected.

Until it is set up, emails are sent from our own address with yours as the reply-to, which works but looks less personal.`,
            fr: `Les confirmations de commande et les reçus sont envoyés au nom de votre organisation. Si vos clients les trouvent dans leurs courriels indésirables, ou ne les reçoivent pas du tout, votre domaine a probablement besoin de deux enregistrements DNS qui prouvent que nous pouvons envoyer des courriels en son nom.

1. Ouvrez **Paramètres → Courriel → Domaine d’envoi**.
2. Copiez les enregistrements **SPF** et **DKIM** affichés sur la page.
3. Ajoutez-les au DNS de votre domaine, chez l’entreprise qui le gère (souvent celle où vous l’avez acheté). Demandez de l’aide à votre fournisseur Web si vous n’êtes pas certain de la marche à suivre.
4. De retour sur la page, cliquez sur **Vérifier les enregistrements**. Les changements DNS peuvent prendre quelques heures à être visibles.

Quand les deux affichent un crochet vert, les nouveaux courriels sont signés et risquent beaucoup moins d’aboutir dans les indésirables. Les courriels déjà envoyés ne changent pas.

D’ici là, les courriels partent de notre propre adresse, avec la vôtre comme adresse de réponse : ça fonctionne, mais c’est moins personnalisé.`,
          },
        },
        {
          tags: ['export', 'csv', 'orders'],
          title: { en: 'Export your orders to CSV', fr: 'Exporter vos commandes en CSV' },
          body: {
            en: `Export orders to a spreadsheet for your accountant, or to analyze them in Excel.

1. Open **Orders** in the web app.
2. Filter the list: date range, location, status, payment method.
3. Click **Export → CSV**.
4. Choose the columns: one line per order, or one line per item sold (with quantities and taxes).
5. Click **Export**. Small exports download at once; above 10,000 orders we email you a link.

The file uses commas as separators and UTF-8, so accented names come out right. If Excel shows odd characters, open it with **Data → From Text/CSV** instead of double-clicking it.

**The file only has the header row?** The filters matched no order: check the date range and the location. If the list on screen shows orders but the export is empty, write to us with the filters you used.`,
            fr: `Exportez vos commandes dans un chiffrier pour votre comptable, ou pour les analyser dans Excel.

1. Ouvrez **Commandes** dans l’application web.
2. Filtrez la liste : période, établissement, état, mode de paiement.
3. Cliquez sur **Exporter → CSV**.
4. Choisissez les colonnes : une ligne par commande, ou une ligne par article vendu (avec les quantités et les taxes).
5. Cliquez sur **Exporter**. Les petites exportations se téléchargent aussitôt; au-delà de 10 000 commandes, nous vous envoyons un lien par courriel.

Le fichier utilise la virgule comme séparateur et l’encodage UTF-8, pour que les noms accentués s’affichent correctement. Si Excel affiche des caractères bizarres, ouvrez le fichier avec **Données → À partir d’un fichier texte/CSV** au lieu de double-cliquer dessus.

**Le fichier ne contient que la ligne d’en-tête?** Aucune commande ne correspond aux filtres : vérifiez la période et l’établissement. Si la liste à l’écran affiche des commandes mais que l’exportation est vide, écrivez-nous en précisant les filtres utilisés.`,
          },
        },
        {
          tags: ['notifications', 'mobile-app'],
          title: { en: 'Push notifications stopped on your phone', fr: 'Vous ne recevez plus les notifications sur votre téléphone' },
          body: {
            en: `The mobile app notifies you of new online orders, refunds and low stock. If the notifications stop, the phone usually lost its registration after an update or a backup restore.

1. Open the app, tap **More → Profile → Notifications** and check that the kinds you want are turned on.
2. In the phone's settings, check that notifications are allowed for the app, and that *Focus* or *Do not disturb* is not hiding them.
3. Sign out of the app and sign in again: this registers the phone for notifications anew, and fixes most cases.
4. On Android, turn off battery optimization for the app, which can stop it in the background.

Notifications go to every device you are signed in on. To stop them on an old phone, sign it out under **Profile → Sessions** in the web app.`,
            fr: `L’application mobile vous avise des nouvelles commandes en ligne, des remboursements et des stocks bas. Si les notifications cessent, le téléphone a généralement perdu son inscription après une mise à jour ou la restauration d’une sauvegarde.

1. Ouvrez l’application, touchez **Plus → Profil → Notifications** et vérifiez que les types voulus sont activés.
2. Dans les réglages du téléphone, vérifiez que les notifications sont autorisées pour l’application, et que le mode *Concentration* ou *Ne pas déranger* ne les masque pas.
3. Déconnectez-vous de l’application, puis reconnectez-vous : le téléphone est alors réinscrit aux notifications, ce qui règle la plupart des cas.
4. Sur Android, désactivez l’optimisation de la pile pour l’application, qui peut l’arrêter en arrière-plan.

Les notifications sont envoyées à tous les appareils où vous êtes connecté. Pour ne plus les recevoir sur un ancien téléphone, déconnectez-le dans **Profil → Sessions** de l’application web.`,
          },
        },
      ],
    },
    {
      slug: 'api-and-integrations',
      name: { en: 'API and integrations', fr: 'API et intégrations' },
      articles: [
        {
          tags: ['api', 'api-keys', 'developers'],
          popularity: 1.2,
          title: { en: 'Create and manage API keys', fr: 'Créer et gérer des clés d’API' },
          body: {
            en: `The REST API lets your own systems read and create orders, customers and products. It is included in the Business and Enterprise plans. Each integration should have its own key, so you can revoke one without breaking the others.

1. Open **Settings → Developers → API keys** (administrators only).
2. Click **Create key**, give it a name that says what uses it, such as *Online store sync*.
3. Choose its access: **Read only**, or **Read and write**.
4. Click **Create** and copy the key right away: it is shown once, and we only keep a fingerprint of it.

Send the key in the \`Authorization: Bearer <key>\` header of every request. Never put it in a web page or a mobile app, where anyone could read it.

Keys do not expire, but you can **Revoke** one at any time; requests with it fail immediately. The list shows when each key was last used, which helps spot the ones nobody needs any more.`,
            fr: `L’API REST permet à vos propres systèmes de consulter et de créer des commandes, des clients et des produits. Elle est comprise dans les forfaits Affaires et Entreprise. Chaque intégration devrait avoir sa propre clé, pour que vous puissiez en révoquer une sans briser les autres.

1. Ouvrez **Paramètres → Développeurs → Clés d’API** (administrateurs seulement).
2. Cliquez sur **Créer une clé** et donnez-lui un nom qui indique ce qui l’utilise, par exemple *Synchronisation de la boutique en ligne*.
3. Choisissez son accès : **Lecture seule**, ou **Lecture et écriture**.
4. Cliquez sur **Créer** et copiez la clé aussitôt : elle n’est affichée qu’une fois, et nous n’en gardons qu’une empreinte.

Transmettez la clé dans l’en-tête \`Authorization: Bearer <clé>\` de chaque requête. Ne la placez jamais dans une page Web ou une application mobile, où n’importe qui pourrait la lire.

Les clés n’expirent pas, mais vous pouvez en **révoquer** une en tout temps; les requêtes qui l’utilisent échouent immédiatement. La liste indique la date de la dernière utilisation de chaque clé, ce qui aide à repérer celles dont plus personne n’a besoin.`,
          },
        },
        {
          tags: ['api', 'rate-limits', 'developers'],
          title: { en: 'API rate limits', fr: 'Limites de requêtes de l’API' },
          body: {
            en: `To keep the API fast for everyone, each API key can make **120 requests per minute** on Business and **600 per minute** on Enterprise. Bulk endpoints, which take up to 100 records per request, count as one request.

Every response tells you where you stand:

- \`X-RateLimit-Limit\`: the number of requests allowed per minute
- \`X-RateLimit-Remaining\`: how many are left in the current minute
- \`X-RateLimit-Reset\`: when the counter starts again, in seconds

Over the limit, the API answers **429 Too Many Requests** with a \`Retry-After\` header. Your code should:

1. Wait the number of seconds given in \`Retry-After\` before trying again.
2. Retry with a growing delay if it is refused again (1, 2, 4 seconds…).
3. Use bulk endpoints and webhooks instead of asking for the same list every few seconds.

Need more for a one-time import? Write to us a few days before, and we can raise the limit for that key temporarily.`,
            fr: `Pour que l’API reste rapide pour tout le monde, chaque clé d’API peut faire **120 requêtes par minute** avec le forfait Affaires et **600 par minute** avec le forfait Entreprise. Les points de terminaison de traitement par lots, qui acceptent jusqu’à 100 enregistrements par requête, comptent pour une seule requête.

Chaque réponse vous indique où vous en êtes :

- \`X-RateLimit-Limit\` : le nombre de requêtes permises par minute
- \`X-RateLimit-Remaining\` : le nombre qu’il vous reste pour la minute en cours
- \`X-RateLimit-Reset\` : le délai, en secondes, avant la remise à zéro du compteur

Au-delà de la limite, l’API répond **429 Too Many Requests** avec un en-tête \`Retry-After\`. Votre code devrait :

1. Attendre le nombre de secondes indiqué dans \`Retry-After\` avant de réessayer.
2. Réessayer avec un délai croissant en cas de nouveau refus (1, 2, 4 secondes…).
3. Utiliser les points de terminaison par lots et les webhooks plutôt que de redemander la même liste aux quelques secondes.

Vous avez besoin de plus pour une importation ponctuelle? Écrivez-nous quelques jours à l’avance : nous pouvons hausser temporairement la limite de cette clé.`,
          },
        },
        {
          tags: ['integration', 'accounting'],
          title: { en: 'Connect your accounting software', fr: 'Connecter votre logiciel comptable' },
          body: {
            en: `Send your sales, taxes and payouts to your accounting software automatically, instead of typing them in every week. We connect with QuickBooks Online, Xero and Acomba.

1. Open **Settings → Integrations** and click **Connect** next to your accounting software.
2. Sign in to it when asked, and allow access.
3. Match our accounts to yours: sales, GST, QST, tips, card fees and the bank account where payouts land.
4. Choose the start date: sales from that day on are sent, nothing before it.
5. Click **Start syncing**.

Each day's sales are sent as one summary entry the next morning, so your books stay readable. Invoices from us can be sent too, as bills to pay.

The connection is made on behalf of the person who set it up. If they leave your organization, reconnect it under their replacement's name before you deactivate their account, or the sync stops.`,
            fr: `Transmettez automatiquement vos ventes, vos taxes et vos versements à votre logiciel comptable, plutôt que de les saisir chaque semaine. Nous sommes compatibles avec QuickBooks Online, Xero et Acomba.

1. Ouvrez **Paramètres → Intégrations** et cliquez sur **Connecter** à côté de votre logiciel comptable.
2. Connectez-vous à celui-ci quand il vous le demande, et autorisez l’accès.
3. Associez nos comptes aux vôtres : ventes, TPS, TVQ, pourboires, frais de carte et compte bancaire où arrivent les versements.
4. Choisissez la date de début : les ventes à partir de cette date sont transmises, rien d’antérieur.
5. Cliquez sur **Lancer la synchronisation**.

Les ventes de chaque journée sont transmises le lendemain matin en une seule écriture sommaire, pour que vos livres restent lisibles. Nos factures peuvent aussi être transmises, comme factures fournisseurs à payer.

La connexion est faite au nom de la personne qui l’a configurée. Si elle quitte votre organisation, reconnectez l’intégration au nom de la personne qui la remplace avant de désactiver son compte, sinon la synchronisation s’arrête.`,
          },
        },
        {
          tags: ['integration', 'sync', 'accounting', 'errors'],
          popularity: 1.1,
          title: { en: 'Troubleshoot sync errors with your accounting software', fr: 'Régler les erreurs de synchronisation avec votre logiciel comptable' },
          body: {
            en: `When a day's sales cannot be sent, the integration shows **Sync error** and we email the administrator who connected it. Nothing is lost: the entries wait and are sent once the problem is fixed.

1. Open **Settings → Integrations** and click your accounting software.
2. Read the error next to the failed day. The common ones:
   - **Connection expired**: click **Reconnect** and sign in again. Connections expire when the password changes, or after 100 days at some providers.
   - **Account not found**: an account matched in step 3 of the setup was deleted or renamed. Pick it again under **Account matching**.
   - **Period closed**: the day falls in a period locked in your books. Reopen it, or change the start date.
3. Click **Retry failed days**.

Days that failed are sent in order, oldest first. If the same error comes back, write to us with a screenshot of the integration page and the date of the first failure.`,
            fr: `Quand les ventes d’une journée ne peuvent pas être transmises, l’intégration affiche **Erreur de synchronisation** et nous écrivons à l’administrateur qui l’a connectée. Rien n’est perdu : les écritures attendent et seront transmises une fois le problème réglé.

1. Ouvrez **Paramètres → Intégrations** et cliquez sur votre logiciel comptable.
2. Lisez l’erreur à côté de la journée en échec. Les plus fréquentes :
   - **Connexion expirée** : cliquez sur **Reconnecter** et connectez-vous de nouveau. Les connexions expirent quand le mot de passe change, ou après 100 jours chez certains fournisseurs.
   - **Compte introuvable** : un compte associé à l’étape 3 de la configuration a été supprimé ou renommé. Choisissez-le de nouveau dans **Association des comptes**.
   - **Période fermée** : la journée tombe dans une période verrouillée de vos livres. Rouvrez-la, ou changez la date de début.
3. Cliquez sur **Relancer les journées en échec**.

Les journées en échec sont transmises dans l’ordre, de la plus ancienne à la plus récente. Si la même erreur revient, écrivez-nous avec une capture d’écran de la page de l’intégration et la date du premier échec.`,
          },
        },
        {
          tags: ['webhooks', 'api', 'developers'],
          title: { en: 'Receive webhooks and resend missed events', fr: 'Recevoir des webhooks et renvoyer les événements manqués' },
          body: {
            en: `Webhooks tell your systems the moment something happens (an order is paid, refunded or shipped) instead of having them ask the API every few minutes.

1. Open **Settings → Developers → Webhooks** and click **Add endpoint**.
2. Enter your endpoint's HTTPS address and choose the events to receive.
3. Copy the signing secret and use it to check the signature header of every request, so you know it comes from us.
4. Click **Send test event** to check your endpoint answers with a 2xx status within 10 seconds.

If your endpoint does not answer, we retry three times over about an hour, then mark the delivery failed and email your administrators.

**Deliveries stopped?** The most frequent cause is an expired TLS certificate on your server. Open the endpoint's **Delivery log** to see the error of each attempt. Once fixed, select the failed deliveries and click **Redeliver**: they are sent again with the same event id, so your code can ignore ones it already handled.`,
            fr: `Les webhooks avisent vos systèmes dès qu’un événement se produit (une commande payée, remboursée ou expédiée), au lieu qu’ils interrogent l’API toutes les quelques minutes.

1. Ouvrez **Paramètres → Développeurs → Webhooks** et cliquez sur **Ajouter un point de terminaison**.
2. Entrez l’adresse HTTPS de votre point de terminaison et choisissez les événements à recevoir.
3. Copiez le secret de signature et servez-vous-en pour vérifier l’en-tête de signature de chaque requête, afin de vous assurer qu’elle vient bien de nous.
4. Cliquez sur **Envoyer un événement test** pour vérifier que votre point de terminaison répond par un code 2xx en moins de 10 secondes.

Si votre point de terminaison ne répond pas, nous réessayons trois fois sur environ une heure, puis nous marquons l’envoi en échec et avisons vos administrateurs par courriel.

**Les envois ont cessé?** La cause la plus fréquente est un certificat TLS expiré sur votre serveur. Ouvrez le **Journal des envois** du point de terminaison pour voir l’erreur de chaque tentative. Une fois le problème réglé, sélectionnez les envois en échec et cliquez sur **Renvoyer** : ils sont transmis de nouveau avec le même identifiant d’événement, pour que votre code puisse ignorer ceux déjà traités.`,
          },
        },
      ],
    },
  ],
};

const security: DemoKbCategory = {
  slug: 'security',
  name: { en: 'Security', fr: 'Sécurité' },
  icon: 'shield',
  sections: [
    {
      slug: 'protecting-your-account',
      name: { en: 'Protecting your account', fr: 'Protéger votre compte' },
      articles: [
        {
          tags: ['2fa', 'login', 'security'],
          popularity: 1.5,
          title: { en: 'Turn on two-factor authentication', fr: 'Activer l’authentification à deux facteurs' },
          body: {
            en: `With two-factor authentication, signing in takes your password **and** a six-digit code from your phone, so a stolen password is not enough to get in. We strongly recommend it for everyone, and administrators can require it for the whole team.

1. Install an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or 1Password.
2. In the web app, click your initials, then **Profile → Security**.
3. Click **Turn on two-factor authentication** and enter your password.
4. Scan the QR code with the authenticator app.
5. Type the six-digit code it shows, and click **Verify**.
6. Download or print your ten **recovery codes** and keep them somewhere safe, away from your phone.

![The QR code step of two-factor set-up](/help-assets/two-factor-qr.png)

From now on, you enter a code after your password on each new device. To require it for everyone, an administrator turns on **Settings → Security → Require two-factor authentication**; people without it are asked to set it up at their next sign-in.`,
            fr: `Avec l’authentification à deux facteurs, la connexion exige votre mot de passe **et** un code à six chiffres provenant de votre téléphone : un mot de passe volé ne suffit donc pas pour entrer. Nous la recommandons fortement à tout le monde, et les administrateurs peuvent l’exiger pour toute l’équipe.

1. Installez une application d’authentification sur votre téléphone, comme Google Authenticator, Microsoft Authenticator ou 1Password.
2. Dans l’application web, cliquez sur vos initiales, puis sur **Profil → Sécurité**.
3. Cliquez sur **Activer l’authentification à deux facteurs** et entrez votre mot de passe.
4. Balayez le code QR avec l’application d’authentification.
5. Tapez le code à six chiffres qu’elle affiche et cliquez sur **Vérifier**.
6. Téléchargez ou imprimez vos dix **codes de récupération** et rangez-les en lieu sûr, loin de votre téléphone.

![L’étape du code QR lors de l’activation de l’authentification à deux facteurs](/help-assets/two-factor-qr-fr.png)

Dorénavant, vous entrez un code après votre mot de passe sur chaque nouvel appareil. Pour l’exiger de tous, un administrateur active **Paramètres → Sécurité → Exiger l’authentification à deux facteurs**; les personnes qui ne l’ont pas encore doivent la configurer à leur prochaine connexion.`,
          },
        },
        {
          tags: ['2fa', 'login', 'lost-phone'],
          title: { en: 'Lost your phone? Sign in without your two-factor codes', fr: 'Téléphone perdu? Vous connecter sans vos codes d’authentification' },
          body: {
            en: `If your phone is lost, stolen or replaced, you can still get into your account.

**With a recovery code**

1. Sign in with your email and password.
2. On the code screen, click **Use a recovery code**.
3. Type one of the ten codes you saved when you set up two-factor authentication. Each code works once.
4. Go to **Profile → Security**, click **Set up on a new phone** and follow the steps again. You get ten new recovery codes.

**Without a recovery code**

Ask an administrator of your account to open **Settings → Users**, click your name and choose **Reset two-factor authentication**. You can then sign in with your password alone and set it up again.

If you are the only administrator, write to us from the address on the account. For your protection, we verify your identity before resetting it, which can take up to one business day.

Lost a phone that was signed in to the mobile app? Sign it out under **Profile → Sessions** too.`,
            fr: `Si votre téléphone est perdu, volé ou remplacé, vous pouvez quand même accéder à votre compte.

**Avec un code de récupération**

1. Connectez-vous avec votre adresse courriel et votre mot de passe.
2. À l’écran du code, cliquez sur **Utiliser un code de récupération**.
3. Tapez l’un des dix codes conservés lors de l’activation de l’authentification à deux facteurs. Chaque code ne fonctionne qu’une fois.
4. Allez dans **Profil → Sécurité**, cliquez sur **Configurer sur un nouveau téléphone** et reprenez les étapes. Vous obtenez dix nouveaux codes de récupération.

**Sans code de récupération**

Demandez à un administrateur de votre compte d’ouvrir **Paramètres → Utilisateurs**, de cliquer sur votre nom et de choisir **Réinitialiser l’authentification à deux facteurs**. Vous pourrez alors vous connecter avec votre mot de passe seulement et la configurer de nouveau.

Si vous êtes le seul administrateur, écrivez-nous à partir de l’adresse associée au compte. Pour votre protection, nous vérifions votre identité avant la réinitialisation, ce qui peut prendre jusqu’à un jour ouvrable.

Vous avez perdu un téléphone connecté à l’application mobile? Déconnectez-le aussi dans **Profil → Sessions**.`,
          },
        },
        {
          tags: ['phishing', 'security', 'email'],
          popularity: 1.2,
          title: { en: 'Recognize phishing emails', fr: 'Reconnaître les courriels d’hameçonnage' },
          body: {
            en: `Phishing emails pretend to come from us to get your password or card number. They often arrive around invoice dates, with a message like *Your payment failed, update your card within 24 hours*.

We will **never**:

- ask for your password, a two-factor code or a full card number by email, chat or phone;
- send you a link to sign in from an address other than our own domain;
- ask you to install remote-control software, unless you called us first.

Before clicking a link in an email about your account:

1. Look at the sender's full address, not just the name shown.
2. Hover over the link and check that it leads to our domain.
3. When in doubt, do not click: open the web app yourself from your bookmarks and check **Settings → Billing** there.

Received a suspicious email? Forward it as an attachment to our security team at security@example.com, then delete it. If you already entered your password, reset it now and turn on two-factor authentication.`,
            fr: `Les courriels d’hameçonnage se font passer pour nous afin d’obtenir votre mot de passe ou votre numéro de carte. Ils arrivent souvent autour des dates de facturation, avec un message comme *Votre paiement a échoué, mettez votre carte à jour d’ici 24 heures*.

Nous ne vous demanderons **jamais** :

- votre mot de passe, un code d’authentification ou un numéro de carte complet par courriel, par clavardage ou par téléphone;
- de vous connecter à partir d’un lien provenant d’une autre adresse que notre propre domaine;
- d’installer un logiciel de prise de contrôle à distance, à moins que vous nous ayez appelés en premier.

Avant de cliquer sur un lien dans un courriel au sujet de votre compte :

1. Regardez l’adresse complète de l’expéditeur, pas seulement le nom affiché.
2. Passez la souris sur le lien et vérifiez qu’il mène bien à notre domaine.
3. En cas de doute, ne cliquez pas : ouvrez vous-même l’application web à partir de vos favoris et vérifiez **Paramètres → Facturation**.

Vous avez reçu un courriel suspect? Transférez-le en pièce jointe à notre équipe de sécurité, à security@example.com, puis supprimez-le. Si vous avez déjà entré votre mot de passe, réinitialisez-le tout de suite et activez l’authentification à deux facteurs.`,
          },
        },
        {
          tags: ['sessions', 'security', 'login'],
          title: { en: 'See where you are signed in and sign out everywhere', fr: 'Voir où vous êtes connecté et fermer toutes vos sessions' },
          body: {
            en: `Every browser and device you sign in on opens a session. Checking the list now and then is a good way to spot a sign-in that was not you.

1. Click your initials, then **Profile → Sessions**.
2. Each line shows the device and browser, the approximate location (from the network address), and when it was last active. Your current session is marked **This device**.
3. Click **Sign out** next to a session you do not recognize or no longer use, such as a shared computer or an old phone.
4. To close them all but the current one, click **Sign out everywhere else**.

If you see a session you do not recognize, sign it out, then reset your password right away: resetting it also signs out every other session.

Administrators can sign a person out of every device at once from **Settings → Users**, for example when a tablet goes missing from the counter.`,
            fr: `Chaque navigateur et chaque appareil où vous vous connectez ouvre une session. Consulter la liste de temps à autre est une bonne façon de repérer une connexion qui ne vient pas de vous.

1. Cliquez sur vos initiales, puis sur **Profil → Sessions**.
2. Chaque ligne indique l’appareil et le navigateur, l’emplacement approximatif (d’après l’adresse réseau) et la dernière activité. Votre session actuelle porte la mention **Cet appareil**.
3. Cliquez sur **Déconnecter** à côté d’une session que vous ne reconnaissez pas ou que vous n’utilisez plus, comme un ordinateur partagé ou un ancien téléphone.
4. Pour les fermer toutes sauf la session actuelle, cliquez sur **Déconnecter tous les autres appareils**.

Si vous voyez une session que vous ne reconnaissez pas, déconnectez-la, puis réinitialisez votre mot de passe sans attendre : la réinitialisation ferme aussi toutes les autres sessions.

Les administrateurs peuvent déconnecter une personne de tous ses appareils d’un seul coup dans **Paramètres → Utilisateurs**, par exemple quand une tablette disparaît du comptoir.`,
          },
        },
      ],
    },
    {
      slug: 'security-practices',
      name: { en: 'Our security practices', fr: 'Nos pratiques de sécurité' },
      articles: [
        {
          tags: ['security', 'hosting', 'privacy'],
          title: { en: 'How we protect your data', fr: 'Comment nous protégeons vos données' },
          body: {
            en: `Your orders, customers and payments are the heart of your business. Here is how we look after them.

- **Hosted in Canada.** Our servers are in Montréal, with a standby copy in Toronto. Your data never leaves Canada, backups included.
- **Encrypted everywhere.** Connections use TLS 1.2 or later; data is encrypted at rest, and the most sensitive fields (such as API secrets) are encrypted again with keys we rotate regularly.
- **No card numbers.** Card payments are handled by a PCI DSS Level 1 certified processor; we never see or store full card numbers.
- **Backups.** Encrypted backups are taken every hour and kept 30 days. We test restoring them every month.
- **Limited access.** Only a few of our engineers can reach production systems, with two-factor authentication, and every access is logged. Our support agents see your account only to answer your requests.
- **Audited.** An independent firm reviews our controls every year (SOC 2 Type II), and outside specialists test our applications twice a year.

Need our security questionnaire answers or our data processing agreement for your IT team? Ask us; we send them the same day.`,
            fr: `Vos commandes, vos clients et vos paiements sont au cœur de votre entreprise. Voici comment nous en prenons soin.

- **Hébergement au Canada.** Nos serveurs sont à Montréal, avec une copie de relève à Toronto. Vos données ne quittent jamais le Canada, sauvegardes comprises.
- **Chiffrement partout.** Les connexions utilisent TLS 1.2 ou plus récent; les données sont chiffrées au repos, et les champs les plus sensibles (comme les secrets d’API) sont chiffrés une deuxième fois avec des clés que nous renouvelons régulièrement.
- **Aucun numéro de carte.** Les paiements par carte sont traités par un fournisseur certifié PCI DSS de niveau 1; nous ne voyons ni ne conservons jamais de numéro de carte complet.
- **Sauvegardes.** Des sauvegardes chiffrées sont faites toutes les heures et conservées 30 jours. Nous testons leur restauration chaque mois.
- **Accès restreint.** Seuls quelques-uns de nos ingénieurs peuvent accéder aux systèmes de production, avec l’authentification à deux facteurs, et chaque accès est journalisé. Nos agents de soutien ne consultent votre compte que pour répondre à vos demandes.
- **Vérification indépendante.** Une firme externe examine nos contrôles chaque année (SOC 2 Type II), et des spécialistes externes testent nos applications deux fois par année.

Votre équipe informatique a besoin de nos réponses à un questionnaire de sécurité ou de notre entente de traitement des données? Demandez-les-nous; nous les envoyons le jour même.`,
          },
        },
        {
          tags: ['security', 'vulnerability', 'disclosure'],
          title: { en: 'Report a security vulnerability', fr: 'Signaler une vulnérabilité de sécurité' },
          body: {
            en: `We welcome reports from security researchers and customers, and we will not take legal action against anyone who reports a problem in good faith and follows these rules.

1. Email the details to **security@example.com**, in English or in French: what you found, the steps to reproduce it, and what an attacker could do with it. Screenshots or a short video help.
2. Test only against your own account or a free trial account. Do not access, change or delete other customers' data, and stop as soon as you have shown the problem.
3. Do not run denial-of-service tests, spam our staff or test our offices.
4. Give us reasonable time to fix it before telling anyone else.

We confirm receipt within one business day, keep you informed while we work on it, and tell you when it is fixed. With your permission, we thank you by name on our security page.

Out of scope: reports from automated scanners without a working example, missing security headers with no impact, and social engineering.`,
            fr: `Nous accueillons les signalements des chercheurs en sécurité et de nos clients, et nous n’entreprendrons aucun recours contre quiconque signale un problème de bonne foi en respectant les règles suivantes.

1. Envoyez les détails à **security@example.com**, en français ou en anglais : ce que vous avez trouvé, les étapes pour le reproduire et ce qu’un attaquant pourrait en faire. Des captures d’écran ou une courte vidéo sont utiles.
2. Faites vos tests uniquement dans votre propre compte ou dans un compte d’essai gratuit. N’accédez pas aux données d’autres clients, ne les modifiez pas et ne les supprimez pas, et arrêtez dès que vous avez démontré le problème.
3. Ne faites pas de tests de déni de service, n’envoyez pas de pourriels à notre personnel et ne testez pas nos bureaux.
4. Laissez-nous un délai raisonnable pour corriger le problème avant d’en parler à qui que ce soit.

Nous accusons réception d’ici un jour ouvrable, vous tenons au courant pendant nos travaux et vous avisons une fois la correction faite. Avec votre accord, nous vous remercions nommément sur notre page de sécurité.

Hors de portée : les rapports d’outils d’analyse automatisés sans exemple fonctionnel, les en-têtes de sécurité manquants sans incidence réelle, et l’ingénierie sociale.`,
          },
        },
        {
          tags: ['security', 'vulnerability', 'procedure'],
          visibility: 'internal',
          title: { en: 'Handle a security report from a customer', fr: 'Traiter un signalement de sécurité d’un client' },
          body: {
            en: `For all agents. A ticket that reports a possible vulnerability, a suspicious sign-in or a data leak is handled by the security team, not in the support queue.

1. Do not ask the customer to repeat or test the problem further, and do not confirm or deny that it is real.
2. Set the priority to **urgent**, tag the ticket **security**, and forward the original message with its attachments to security@example.com.
3. Reply with the acknowledgement below, then set the ticket to **on hold**:
   > Thank you for letting us know. Our security team has your report and will contact you directly within one business day.
4. If the customer says their account was taken over, sign out all their sessions and reset their two-factor authentication after verifying their identity (see *Verify a customer's identity before an account change*).
5. Mention **@isabelle** in an internal note so the manager knows.

Never paste passwords, tokens or card numbers from the customer's message into a note: refer to the attachment instead.`,
            fr: `Pour tous les agents. Un billet qui signale une vulnérabilité possible, une connexion suspecte ou une fuite de données est traité par l’équipe de sécurité, et non dans la file du soutien.

1. Ne demandez pas au client de reproduire ou de tester de nouveau le problème, et ne confirmez ni ne niez qu’il est réel.
2. Mettez la priorité à **urgente**, ajoutez l’étiquette **security** au billet et transférez le message d’origine, avec ses pièces jointes, à security@example.com.
3. Répondez avec l’accusé de réception ci-dessous, puis mettez le billet **en suspens** :
   > Merci de nous avoir prévenus. Notre équipe de sécurité a reçu votre signalement et communiquera directement avec vous d’ici un jour ouvrable.
4. Si le client dit que son compte a été piraté, fermez toutes ses sessions et réinitialisez son authentification à deux facteurs après avoir vérifié son identité (voir *Vérifier l’identité d’un client avant une modification du compte*).
5. Mentionnez **@isabelle** dans une note interne pour que la gestionnaire soit au courant.

Ne collez jamais dans une note les mots de passe, jetons ou numéros de carte tirés du message du client : renvoyez plutôt à la pièce jointe.`,
          },
        },
      ],
    },
  ],
};

/** The help center's tree, in the order its categories are shown. */
export const KB_CATEGORIES: DemoKbCategory[] = [billing, account, ordersAndShipping, technical, security];

/** Words customers use for the same thing, per language, so a search for one finds articles written with another. */
export const KB_SYNONYMS: Array<{ language: DemoLanguage; terms: string[] }> = [
  { language: 'en', terms: ['refund', 'reimbursement', 'money back'] },
  { language: 'en', terms: ['invoice', 'bill', 'receipt'] },
  { language: 'en', terms: ['password', 'passcode'] },
  { language: 'en', terms: ['two-factor authentication', '2fa', 'two-step verification'] },
  { language: 'en', terms: ['shipping', 'delivery'] },
  { language: 'en', terms: ['cancel', 'unsubscribe'] },
  { language: 'en', terms: ['card reader', 'payment terminal'] },
  { language: 'fr', terms: ['remboursement', 'rembourser', 'remise'] },
  { language: 'fr', terms: ['facture', 'reçu'] },
  { language: 'fr', terms: ['courriel', 'e-mail', 'adresse électronique'] },
  { language: 'fr', terms: ['livraison', 'expédition'] },
  { language: 'fr', terms: ['mot de passe', 'code d’accès'] },
  { language: 'fr', terms: ['authentification à deux facteurs', 'double authentification', '2fa'] },
  { language: 'fr', terms: ['lecteur de carte', 'terminal de paiement'] },
];
