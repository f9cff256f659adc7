import { renderHelpCenterLayout, type HelpCenterPage } from '../help-center/help-center.page.js';
import { helpCenterPath, type HelpCenter } from '../help-center/help-center.service.js';
import { escapeHtml } from '../satisfaction/satisfaction.page.js';
import type { StatusCategory } from '../workspaces/workspaces.schema.js';
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MAX_REPLY_FILES, MAX_REPLY_LENGTH, MIN_PASSWORD_LENGTH, type PortalLanguage } from './portal.schema.js';
import type { PortalDeletionStatus, PortalProfile, PortalTicketSummary, PortalTicketView } from './portal.service.js';

const WORDS = {
  en: {
    locale: 'en',
    signUpTitle: 'Create your account',
    signUpIntro: 'With an account you can follow your requests, reply to them and attach documents.',
    signInTitle: 'Sign in',
    signInIntro: 'Sign in to follow your requests.',
    name: 'Your name',
    email: 'Email address',
    password: 'Password',
    passwordHint: (min: number) => `At least ${min} characters.`,
    createAccount: 'Create my account',
    signInButton: 'Sign in',
    orLink: 'Or sign in without a password',
    linkIntro: 'We will email you a link that signs you in. It works once, within 20 minutes.',
    emailMeALink: 'Email me a link',
    noAccount: 'No account yet?',
    signUpLink: 'Create one',
    haveAccount: 'Already have an account?',
    signInLink: 'Sign in',
    wrongCredentials: 'The email or password is not right.',
    checkYourEmailTitle: 'Check your email',
    signUpSent: (email: string) => `We sent a link to ${email}. Open it within 20 minutes to confirm your address and finish creating your account.`,
    linkSent: (email: string) => `If an account exists for ${email}, we sent it a link to sign in. It works once, within 20 minutes.`,
    noMailHint: 'Nothing after a few minutes? Check your spam folder, or ask for another link.',
    linkInvalidTitle: 'This link does not work',
    linkInvalid: 'This link has already been used, or it is not one we sent. Ask for a new one.',
    linkExpired: 'This link has expired: links work for 20 minutes. Ask for a new one.',
    askAgain: 'Get a new link',
    myTickets: 'My tickets',
    profile: 'Profile',
    privacy: 'Privacy',
    signOut: 'Sign out',
    accountNav: 'Your account',
    noTickets: 'You have no requests yet.',
    newRequest: 'Send us a new request',
    number: 'Number',
    subject: 'Subject',
    status: 'Status',
    lastUpdate: 'Last update',
    more: 'Older requests',
    statuses: { new: 'Open', open: 'Open', pending: 'Awaiting your reply', on_hold: 'On hold', resolved: 'Solved', closed: 'Closed' } satisfies Record<StatusCategory, string>,
    ticketTitle: (number: number, subject: string) => `#${number} ${subject}`,
    opened: (date: string) => `Opened ${date}`,
    timeline: 'Conversation',
    you: 'You',
    attachments: 'Attachments',
    replyTitle: 'Reply',
    replyLabel: 'Your message',
    filesLabel: 'Attach documents (optional)',
    filesHint: (count: number, size: string) => `Up to ${count} files, ${size} each: images, PDF, text, CSV, ZIP or Office documents.`,
    send: 'Send',
    replySent: 'Your reply was sent. The team has been notified.',
    closedNotice: 'This request is closed. To follow up, send us a new request.',
    writeAMessage: 'Write a message or attach a file.',
    fileTooLarge: 'A file is larger than the limit. Nothing was sent.',
    fileType: 'A file is of a type we cannot accept. Nothing was sent.',
    fileProblem: 'A file could not be read. Nothing was sent.',
    tooManyFiles: (count: number) => `Attach ${count} files at most. Nothing was sent.`,
    profileTitle: 'Profile',
    language: 'Language',
    languages: { en: 'English', fr: 'Français' },
    notifications: 'Email notifications',
    notifyOnReply: 'Email me when an agent replies',
    notifyOnSolved: 'Email me when my request is solved',
    save: 'Save',
    profileSaved: 'Your profile was saved.',
    passwordTitle: 'Password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    noPasswordYet: 'You sign in with email links. Choose a password to sign in with it too.',
    changePassword: 'Change password',
    passwordChanged: 'Your password was changed. Your other sessions were signed out.',
    wrongCurrentPassword: 'The current password is not right.',
    passwordTooShort: (min: number) => `Choose a password of at least ${min} characters.`,
    privacyTitle: 'Privacy',
    downloadTitle: 'Download my data',
    downloadIntro: 'A JSON file with your account, your profile, your requests and their public messages, and your satisfaction answers.',
    downloadButton: 'Download my data',
    deletionTitle: 'Delete my data',
    deletionIntro: 'Ask us to delete your personal data. An administrator confirms the request; you are then signed out and this account is closed. Your requests stay in our records without your name or addresses.',
    deletionButton: 'Request deletion',
    deletionStatus: {
      pending: (date: string) => `You asked for deletion on ${date}. An administrator will review your request.`,
      confirmed: (date: string) => `Your data was deleted on ${date}.`,
      rejected: (date: string) => `Your deletion request was declined on ${date}.`,
    },
    reason: 'Reason:',
    deletionRequested: 'Your deletion request was sent.',
    fixTheseFields: 'Check these fields:',
    problems: {
      required: 'Fill in this field.',
      invalid_email: 'Enter an email address such as name@example.com.',
      too_long: 'This is too long.',
      too_short: (min: number) => `At least ${min} characters.`,
    },
    forbiddenTitle: 'This form could not be accepted',
    forbiddenText: 'Send the form from this site’s own page.',
    backToTickets: 'Back to my tickets',
  },
  fr: {
    locale: 'fr-CA',
    signUpTitle: 'Créer votre compte',
    signUpIntro: 'Avec un compte, vous pouvez suivre vos demandes, y répondre et joindre des documents.',
    signInTitle: 'Se connecter',
    signInIntro: 'Connectez-vous pour suivre vos demandes.',
    name: 'Votre nom',
    email: 'Adresse courriel',
    password: 'Mot de passe',
    passwordHint: (min: number) => `Au moins ${min} caractères.`,
    createAccount: 'Créer mon compte',
    signInButton: 'Me connecter',
    orLink: 'Ou connectez-vous sans mot de passe',
    linkIntro: 'Nous vous enverrons par courriel un lien qui vous connecte. Il fonctionne une seule fois, dans les 20 minutes.',
    emailMeALink: 'M’envoyer un lien',
    noAccount: 'Pas encore de compte?',
    signUpLink: 'Créez-en un',
    haveAccount: 'Vous avez déjà un compte?',
    signInLink: 'Connectez-vous',
    wrongCredentials: 'L’adresse courriel ou le mot de passe n’est pas le bon.',
    checkYourEmailTitle: 'Consultez vos courriels',
    signUpSent: (email: string) => `Nous avons envoyé un lien à ${email}. Ouvrez-le dans les 20 minutes pour confirmer votre adresse et terminer la création de votre compte.`,
    linkSent: (email: string) => `Si un compte existe pour ${email}, nous lui avons envoyé un lien de connexion. Il fonctionne une seule fois, dans les 20 minutes.`,
    noMailHint: 'Rien après quelques minutes? Vérifiez vos courriels indésirables ou demandez un autre lien.',
    linkInvalidTitle: 'Ce lien ne fonctionne pas',
    linkInvalid: 'Ce lien a déjà été utilisé, ou ce n’est pas un lien envoyé par nous. Demandez-en un nouveau.',
    linkExpired: 'Ce lien a expiré : les liens fonctionnent pendant 20 minutes. Demandez-en un nouveau.',
    askAgain: 'Obtenir un nouveau lien',
    myTickets: 'Mes demandes',
    profile: 'Profil',
    privacy: 'Confidentialité',
    signOut: 'Me déconnecter',
    accountNav: 'Votre compte',
    noTickets: 'Vous n’avez encore aucune demande.',
    newRequest: 'Nous envoyer une nouvelle demande',
    number: 'Numéro',
    subject: 'Objet',
    status: 'État',
    lastUpdate: 'Dernière mise à jour',
    more: 'Demandes plus anciennes',
    statuses: { new: 'Ouverte', open: 'Ouverte', pending: 'En attente de votre réponse', on_hold: 'En suspens', resolved: 'Résolue', closed: 'Fermée' } satisfies Record<StatusCategory, string>,
    ticketTitle: (number: number, subject: string) => `n° ${number} ${subject}`,
    opened: (date: string) => `Ouverte le ${date}`,
    timeline: 'Conversation',
    you: 'Vous',
    attachments: 'Pièces jointes',
    replyTitle: 'Répondre',
    replyLabel: 'Votre message',
    filesLabel: 'Joindre des documents (facultatif)',
    filesHint: (count: number, size: string) => `Jusqu’à ${count} fichiers de ${size} chacun : images, PDF, texte, CSV, ZIP ou documents Office.`,
    send: 'Envoyer',
    replySent: 'Votre réponse a été envoyée. L’équipe en a été avisée.',
    closedNotice: 'Cette demande est fermée. Pour y donner suite, envoyez-nous une nouvelle demande.',
    writeAMessage: 'Écrivez un message ou joignez un fichier.',
    fileTooLarge: 'Un fichier dépasse la taille permise. Rien n’a été envoyé.',
    fileType: 'Un fichier est d’un type que nous ne pouvons pas accepter. Rien n’a été envoyé.',
    fileProblem: 'Un fichier n’a pas pu être lu. Rien n’a été envoyé.',
    tooManyFiles: (count: number) => `Joignez au plus ${count} fichiers. Rien n’a été envoyé.`,
    profileTitle: 'Profil',
    language: 'Langue',
    languages: { en: 'English', fr: 'Français' },
    notifications: 'Avis par courriel',
    notifyOnReply: 'M’écrire quand un agent répond',
    notifyOnSolved: 'M’écrire quand ma demande est résolue',
    save: 'Enregistrer',
    profileSaved: 'Votre profil a été enregistré.',
    passwordTitle: 'Mot de passe',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    noPasswordYet: 'Vous vous connectez avec des liens par courriel. Choisissez un mot de passe pour vous connecter aussi avec celui-ci.',
    changePassword: 'Changer le mot de passe',
    passwordChanged: 'Votre mot de passe a été changé. Vos autres sessions ont été déconnectées.',
    wrongCurrentPassword: 'Le mot de passe actuel n’est pas le bon.',
    passwordTooShort: (min: number) => `Choisissez un mot de passe d’au moins ${min} caractères.`,
    privacyTitle: 'Confidentialité',
    downloadTitle: 'Télécharger mes données',
    downloadIntro: 'Un fichier JSON avec votre compte, votre profil, vos demandes et leurs messages publics, et vos réponses aux sondages de satisfaction.',
    downloadButton: 'Télécharger mes données',
    deletionTitle: 'Supprimer mes données',
    deletionIntro: 'Demandez-nous de supprimer vos données personnelles. Un administrateur confirme la demande; vous êtes alors déconnecté et ce compte est fermé. Vos demandes restent dans nos dossiers, sans votre nom ni vos adresses.',
    deletionButton: 'Demander la suppression',
    deletionStatus: {
      pending: (date: string) => `Vous avez demandé la suppression le ${date}. Un administrateur examinera votre demande.`,
      confirmed: (date: string) => `Vos données ont été supprimées le ${date}.`,
      rejected: (date: string) => `Votre demande de suppression a été refusée le ${date}.`,
    },
    reason: 'Motif :',
    deletionRequested: 'Votre demande de suppression a été envoyée.',
    fixTheseFields: 'Vérifiez ces champs :',
    problems: {
      required: 'Remplissez ce champ.',
      invalid_email: 'Entrez une adresse courriel comme nom@exemple.com.',
      too_long: 'C’est trop long.',
      too_short: (min: number) => `Au moins ${min} caractères.`,
    },
    forbiddenTitle: 'Ce formulaire n’a pas pu être accepté',
    forbiddenText: 'Envoyez le formulaire à partir de la page de ce site.',
    backToTickets: 'Retour à mes demandes',
  },
} as const;

/** The portal's own styles, next to the help center's (allowed by their hash). */
const PORTAL_STYLE = [
  '.account-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:16px;padding:0;margin:0 0 16px}',
  '.account-nav [aria-current="page"]{font-weight:700;text-decoration:none;color:#1f2328}',
  '.account-nav form{display:inline}.link-button{background:none;border:0;padding:0;color:#0b57d0;text-decoration:underline;font-weight:400}',
  'table.tickets{width:100%;border-collapse:collapse}table.tickets th,table.tickets td{text-align:left;padding:8px;border-bottom:1px solid #d0d7de}',
  '.status{display:inline-block;padding:2px 8px;border-radius:999px;background:#eaeef2;font-size:.9rem}',
  '.timeline{list-style:none;padding:0}.timeline>li{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:0 0 12px}',
  '.timeline .from-you{background:#f6f8fa}.timeline .who{font-weight:600}.timeline .body{white-space:pre-wrap;margin:8px 0 0}',
  '.timeline ul{margin:8px 0 0}',
  'fieldset{border:1px solid #d0d7de;border-radius:6px;margin:0 0 16px;padding:8px 16px}',
  '.check{display:flex;gap:8px;align-items:center;margin:4px 0}',
  '.field select{font:inherit;padding:8px 10px;border:1px solid #57606a;border-radius:6px}',
  '.hint{color:#424a53;font-size:.9rem;margin:0 0 4px}',
  'section.part{margin-top:32px;padding-top:8px;border-top:1px solid #d0d7de}',
].join('\n');

export type PortalPageName = 'sign-up' | 'sign-in' | 'tickets' | 'ticket' | 'profile' | 'privacy' | 'message';

interface PortalPageOptions {
  title: string;
  /** The same page in the other language. */
  otherLanguagePath: string;
  isSignedIn: boolean;
  current?: PortalPageName;
}

/** Field problems as the forms show them. */
export type FieldProblem = 'required' | 'invalid_email' | 'too_long' | 'too_short';

export interface FormState {
  values: Record<string, string>;
  problems: Record<string, FieldProblem>;
  /** One message above the form (wrong credentials, say). */
  error?: string | undefined;
  notice?: string | undefined;
}

export type PortalNoticeKey = 'replySent' | 'profileSaved' | 'passwordChanged' | 'deletionRequested';
export type ReplyProblem = 'writeAMessage' | 'fileTooLarge' | 'fileType' | 'fileProblem' | 'tooManyFiles' | 'closedNotice';
export type PasswordProblem = 'wrongCurrentPassword' | 'passwordTooShort';

const emptyForm = (): FormState => ({ values: {}, problems: {} });

export function portalPath(center: Pick<HelpCenter, 'slug'>, language: PortalLanguage, ...segments: string[]): string {
  return helpCenterPath(center.slug, language, ...segments);
}

export function otherLanguageOf(language: PortalLanguage): PortalLanguage {
  return language === 'fr' ? 'en' : 'fr';
}

// ── Signing up and in ─────────────────────────────────────────────────────────────────────────────────────

export function renderSignUpPage(center: HelpCenter, language: PortalLanguage, state: FormState = emptyForm()): HelpCenterPage {
  const words = WORDS[language];
  const body = [
    `<h1>${words.signUpTitle}</h1>`,
    `<p>${words.signUpIntro}</p>`,
    problemSummary(language, state, { name: words.name, email: words.email, password: words.password }),
    `<form method="post" action="${escapeHtml(portalPath(center, language, 'sign-up'))}" novalidate>`,
    textField(language, state, { name: 'name', label: words.name, autocomplete: 'name', maxLength: MAX_NAME_LENGTH }),
    textField(language, state, { name: 'email', label: words.email, type: 'email', autocomplete: 'email', maxLength: 254 }),
    textField(language, state, { name: 'password', label: words.password, type: 'password', autocomplete: 'new-password', maxLength: MAX_PASSWORD_LENGTH, hint: words.passwordHint(MIN_PASSWORD_LENGTH), keepValue: false }),
    `<button type="submit">${words.createAccount}</button>`,
    '</form>',
    `<p>${words.haveAccount} <a href="${escapeHtml(portalPath(center, language, 'sign-in'))}">${words.signInLink}</a></p>`,
  ];
  return page(center, language, body, { title: words.signUpTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'sign-up'), isSignedIn: false, current: 'sign-up' });
}

export function renderSignInPage(center: HelpCenter, language: PortalLanguage, state: FormState = emptyForm(), next?: string): HelpCenterPage {
  const words = WORDS[language];
  const nextField = next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : '';
  const body = [
    `<h1>${words.signInTitle}</h1>`,
    `<p>${words.signInIntro}</p>`,
    state.error ? `<p class="error" role="alert">${escapeHtml(state.error)}</p>` : '',
    problemSummary(language, state, { email: words.email, password: words.password }),
    `<form method="post" action="${escapeHtml(portalPath(center, language, 'sign-in'))}" novalidate>`,
    nextField,
    textField(language, state, { name: 'email', label: words.email, type: 'email', autocomplete: 'email', maxLength: 254 }),
    textField(language, state, { name: 'password', label: words.password, type: 'password', autocomplete: 'current-password', maxLength: MAX_PASSWORD_LENGTH, keepValue: false }),
    `<button type="submit">${words.signInButton}</button>`,
    '</form>',
    '<section class="part" aria-labelledby="link-title">',
    `<h2 id="link-title">${words.orLink}</h2>`,
    `<p>${words.linkIntro}</p>`,
    `<form method="post" action="${escapeHtml(portalPath(center, language, 'sign-in', 'link'))}" novalidate>`,
    `<div class="field"><label for="link-email">${words.email}</label><input id="link-email" name="email" type="email" required maxlength="254" autocomplete="email" value="${escapeHtml(state.values.email ?? '')}"></div>`,
    `<button type="submit">${words.emailMeALink}</button>`,
    '</form>',
    '</section>',
    `<p>${words.noAccount} <a href="${escapeHtml(portalPath(center, language, 'sign-up'))}">${words.signUpLink}</a></p>`,
  ];
  const otherPath = `${portalPath(center, otherLanguageOf(language), 'sign-in')}${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return page(center, language, body, { title: words.signInTitle, otherLanguagePath: otherPath, isSignedIn: false, current: 'sign-in' });
}

export function renderCheckYourEmailPage(center: HelpCenter, language: PortalLanguage, kind: 'sign-up' | 'link', email: string): HelpCenterPage {
  const words = WORDS[language];
  const body = [
    `<h1>${words.checkYourEmailTitle}</h1>`,
    `<p class="notice" role="status">${escapeHtml(kind === 'sign-up' ? words.signUpSent(email) : words.linkSent(email))}</p>`,
    `<p>${words.noMailHint} <a href="${escapeHtml(portalPath(center, language, 'sign-in'))}#link-title">${words.askAgain}</a></p>`,
  ];
  return page(center, language, body, { title: words.checkYourEmailTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'sign-in'), isSignedIn: false, current: 'message' });
}

export function renderLinkProblemPage(center: HelpCenter, language: PortalLanguage, problem: 'invalid' | 'expired'): HelpCenterPage {
  const words = WORDS[language];
  const body = [
    `<h1>${words.linkInvalidTitle}</h1>`,
    `<p class="error" role="alert">${problem === 'expired' ? words.linkExpired : words.linkInvalid}</p>`,
    `<p><a href="${escapeHtml(portalPath(center, language, 'sign-in'))}#link-title">${words.askAgain}</a></p>`,
  ];
  return page(center, language, body, { title: words.linkInvalidTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'sign-in'), isSignedIn: false, current: 'message' });
}

export function renderForbiddenFormPage(center: HelpCenter, language: PortalLanguage, isSignedIn: boolean): HelpCenterPage {
  const words = WORDS[language];
  const body = [`<h1>${words.forbiddenTitle}</h1>`, `<p>${words.forbiddenText}</p>`];
  return page(center, language, body, { title: words.forbiddenTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language)), isSignedIn, current: 'message' });
}

// ── Tickets ───────────────────────────────────────────────────────────────────────────────────────────────

export function renderTicketsPage(center: HelpCenter, language: PortalLanguage, tickets: PortalTicketSummary[], nextCursor: string | null): HelpCenterPage {
  const words = WORDS[language];
  const dates = dateFormat(language);
  const rows = tickets.map(
    (ticket) =>
      `<tr><td><a href="${escapeHtml(portalPath(center, language, 'tickets', String(ticket.number)))}">#${ticket.number}</a></td><td>${escapeHtml(ticket.subject)}</td><td><span class="status">${words.statuses[ticket.statusCategory]}</span></td><td><time datetime="${escapeHtml(ticket.updatedAt)}">${escapeHtml(dates.format(new Date(ticket.updatedAt)))}</time></td></tr>`,
  );
  const body = [
    `<h1>${words.myTickets}</h1>`,
    tickets.length === 0
      ? `<p>${words.noTickets}</p>`
      : [
          '<table class="tickets">',
          `<thead><tr><th scope="col">${words.number}</th><th scope="col">${words.subject}</th><th scope="col">${words.status}</th><th scope="col">${words.lastUpdate}</th></tr></thead>`,
          `<tbody>${rows.join('')}</tbody>`,
          '</table>',
        ].join('\n'),
    nextCursor ? `<p><a href="${escapeHtml(portalPath(center, language, 'tickets'))}?cursor=${encodeURIComponent(nextCursor)}">${words.more}</a></p>` : '',
    `<p><a href="${escapeHtml(portalPath(center, language, 'contact'))}">${words.newRequest}</a></p>`,
  ];
  return page(center, language, body, { title: words.myTickets, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'tickets'), isSignedIn: true, current: 'tickets' });
}

export function renderTicketPage(
  center: HelpCenter,
  language: PortalLanguage,
  ticket: PortalTicketView,
  options: { maxFileBytes: number; notice?: PortalNoticeKey | undefined; problem?: ReplyProblem | undefined; draft?: string | undefined },
): HelpCenterPage {
  const words = WORDS[language];
  const dates = dateFormat(language, true);
  const path = portalPath(center, language, 'tickets', String(ticket.number));
  const entries = ticket.entries.map((entry) => {
    const who = entry.author === 'you' ? words.you : entry.authorName;
    const files = entry.attachments.length
      ? `<ul aria-label="${escapeHtml(words.attachments)}">${entry.attachments
          .map((file) => `<li><a href="${escapeHtml(`${path}/attachments/${file.id}`)}" download>${escapeHtml(file.filename)}</a> <span class="meta">(${escapeHtml(formatBytes(file.sizeBytes, language))})</span></li>`)
          .join('')}</ul>`
      : '';
    return [
      `<li class="${entry.author === 'you' ? 'from-you' : 'from-team'}">`,
      `<p class="meta"><span class="who">${escapeHtml(who)}</span> · <time datetime="${escapeHtml(entry.createdAt)}">${escapeHtml(dates.format(new Date(entry.createdAt)))}</time></p>`,
      `<div class="body">${escapeHtml(entry.body)}</div>`,
      files,
      '</li>',
    ].join('');
  });
  const problem = options.problem
    ? options.problem === 'tooManyFiles'
      ? words.tooManyFiles(MAX_REPLY_FILES)
      : words[options.problem]
    : undefined;
  const replyForm = ticket.isClosed
    ? `<p class="notice">${words.closedNotice} <a href="${escapeHtml(portalPath(center, language, 'contact'))}">${words.newRequest}</a></p>`
    : [
        '<section class="part" aria-labelledby="reply-title">',
        `<h2 id="reply-title">${words.replyTitle}</h2>`,
        problem ? `<p class="error" role="alert" id="reply-error">${escapeHtml(problem)}</p>` : '',
        `<form method="post" action="${escapeHtml(`${path}/replies`)}" enctype="multipart/form-data">`,
        `<div class="field"><label for="reply-body">${words.replyLabel}</label><textarea id="reply-body" name="body" maxlength="${MAX_REPLY_LENGTH}"${problem ? ' aria-describedby="reply-error"' : ''}>${escapeHtml(options.draft ?? '')}</textarea></div>`,
        `<div class="field"><label for="reply-files">${words.filesLabel}</label><p class="hint" id="reply-files-hint">${escapeHtml(words.filesHint(MAX_REPLY_FILES, formatBytes(options.maxFileBytes, language)))}</p><input id="reply-files" name="files" type="file" multiple aria-describedby="reply-files-hint"></div>`,
        `<button type="submit">${words.send}</button>`,
        '</form>',
        '</section>',
      ].join('\n');
  const body = [
    `<p><a href="${escapeHtml(portalPath(center, language, 'tickets'))}">${words.backToTickets}</a></p>`,
    `<h1>${escapeHtml(words.ticketTitle(ticket.number, ticket.subject))}</h1>`,
    `<p class="meta"><span class="status">${words.statuses[ticket.statusCategory]}</span> · ${escapeHtml(words.opened(dateFormat(language).format(new Date(ticket.createdAt))))}</p>`,
    options.notice ? `<p class="notice" role="status">${words[options.notice]}</p>` : '',
    `<h2>${words.timeline}</h2>`,
    `<ol class="timeline">${entries.join('\n')}</ol>`,
    replyForm,
  ];
  return page(center, language, body, {
    title: words.ticketTitle(ticket.number, ticket.subject),
    otherLanguagePath: portalPath(center, otherLanguageOf(language), 'tickets', String(ticket.number)),
    isSignedIn: true,
    current: 'ticket',
  });
}

// ── Profile and privacy ───────────────────────────────────────────────────────────────────────────────────

export function renderProfilePage(
  center: HelpCenter,
  language: PortalLanguage,
  profile: PortalProfile,
  options: { notice?: PortalNoticeKey | undefined; profileState?: FormState | undefined; passwordProblem?: PasswordProblem | undefined } = {},
): HelpCenterPage {
  const words = WORDS[language];
  const state: FormState = options.profileState ?? { values: { name: profile.name }, problems: {} };
  const path = portalPath(center, language, 'profile');
  const passwordProblem = options.passwordProblem === 'passwordTooShort' ? words.passwordTooShort(MIN_PASSWORD_LENGTH) : options.passwordProblem ? words.wrongCurrentPassword : undefined;
  const body = [
    `<h1>${words.profileTitle}</h1>`,
    options.notice ? `<p class="notice" role="status">${words[options.notice]}</p>` : '',
    problemSummary(language, state, { name: words.name }),
    `<form method="post" action="${escapeHtml(path)}" novalidate>`,
    textField(language, state, { name: 'name', label: words.name, autocomplete: 'name', maxLength: MAX_NAME_LENGTH }),
    `<div class="field"><label>${words.email}</label><p>${escapeHtml(profile.email)}</p></div>`,
    `<div class="field"><label for="profile-language">${words.language}</label><select id="profile-language" name="language">${(['en', 'fr'] as const)
      .map((option) => `<option value="${option}"${option === profile.language ? ' selected' : ''} lang="${option === 'fr' ? 'fr-CA' : 'en'}">${words.languages[option]}</option>`)
      .join('')}</select></div>`,
    `<fieldset><legend>${words.notifications}</legend>`,
    `<div class="check"><input type="checkbox" id="notify-reply" name="notifyOnReply"${profile.isReplyEmailEnabled ? ' checked' : ''}><label for="notify-reply">${words.notifyOnReply}</label></div>`,
    `<div class="check"><input type="checkbox" id="notify-solved" name="notifyOnSolved"${profile.isSolvedEmailEnabled ? ' checked' : ''}><label for="notify-solved">${words.notifyOnSolved}</label></div>`,
    '</fieldset>',
    `<button type="submit">${words.save}</button>`,
    '</form>',
    '<section class="part" aria-labelledby="password-title">',
    `<h2 id="password-title">${words.passwordTitle}</h2>`,
    profile.hasPassword ? '' : `<p>${words.noPasswordYet}</p>`,
    passwordProblem ? `<p class="error" role="alert">${escapeHtml(passwordProblem)}</p>` : '',
    `<form method="post" action="${escapeHtml(`${path}/password`)}" novalidate>`,
    profile.hasPassword
      ? `<div class="field"><label for="current-password">${words.currentPassword}</label><input id="current-password" name="currentPassword" type="password" autocomplete="current-password" maxlength="${MAX_PASSWORD_LENGTH}"></div>`
      : '',
    `<div class="field"><label for="new-password">${words.newPassword}</label><p class="hint" id="new-password-hint">${words.passwordHint(MIN_PASSWORD_LENGTH)}</p><input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" aria-describedby="new-password-hint"></div>`,
    `<button type="submit">${words.changePassword}</button>`,
    '</form>',
    '</section>',
  ];
  return page(center, language, body, { title: words.profileTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'profile'), isSignedIn: true, current: 'profile' });
}

export function renderPrivacyPage(center: HelpCenter, language: PortalLanguage, deletion: PortalDeletionStatus | null, notice?: PortalNoticeKey): HelpCenterPage {
  const words = WORDS[language];
  const path = portalPath(center, language, 'privacy');
  const dates = dateFormat(language);
  const status = deletion
    ? [
        `<p class="${deletion.status === 'rejected' ? 'error' : 'notice'}" role="status">${escapeHtml(words.deletionStatus[deletion.status](dates.format(new Date(deletion.decidedAt ?? deletion.requestedAt))))}</p>`,
        deletion.status === 'rejected' && deletion.rejectionReason ? `<p>${words.reason} ${escapeHtml(deletion.rejectionReason)}</p>` : '',
      ].join('\n')
    : '';
  const canRequest = !deletion || deletion.status === 'rejected';
  const body = [
    `<h1>${words.privacyTitle}</h1>`,
    notice ? `<p class="notice" role="status">${words[notice]}</p>` : '',
    '<section aria-labelledby="download-title">',
    `<h2 id="download-title">${words.downloadTitle}</h2>`,
    `<p>${words.downloadIntro}</p>`,
    `<form method="post" action="${escapeHtml(`${path}/export`)}"><button type="submit">${words.downloadButton}</button></form>`,
    '</section>',
    '<section class="part" aria-labelledby="deletion-title">',
    `<h2 id="deletion-title">${words.deletionTitle}</h2>`,
    `<p>${words.deletionIntro}</p>`,
    status,
    canRequest ? `<form method="post" action="${escapeHtml(`${path}/deletion`)}"><button type="submit">${words.deletionButton}</button></form>` : '',
    '</section>',
  ];
  return page(center, language, body, { title: words.privacyTitle, otherLanguagePath: portalPath(center, otherLanguageOf(language), 'privacy'), isSignedIn: true, current: 'privacy' });
}

/** The words of a language's pages, for the messages the routes put on them. */
export function wordsOf(language: PortalLanguage) {
  return WORDS[language];
}

// ── Pieces ────────────────────────────────────────────────────────────────────────────────────────────────

function page(center: HelpCenter, language: PortalLanguage, body: string[], options: PortalPageOptions): HelpCenterPage {
  const words = WORDS[language];
  const nav = options.isSignedIn ? accountNav(center, language, options.current) : '';
  return renderHelpCenterLayout(center, language, [nav, ...body].filter(Boolean).join('\n'), {
    title: `${options.title} — ${center.name}`,
    description: words.signInIntro,
    otherLanguagePath: options.otherLanguagePath,
    isPrivate: true,
    isSignedIn: options.isSignedIn,
    extraStyle: PORTAL_STYLE,
  });
}

function accountNav(center: HelpCenter, language: PortalLanguage, current: PortalPageName | undefined): string {
  const words = WORDS[language];
  const link = (name: PortalPageName, label: string) => `<li><a href="${escapeHtml(portalPath(center, language, name))}"${current === name ? ' aria-current="page"' : ''}>${label}</a></li>`;
  return [
    `<nav class="account-nav" aria-label="${escapeHtml(words.accountNav)}"><ul>`,
    link('tickets', words.myTickets),
    link('profile', words.profile),
    link('privacy', words.privacy),
    `<li><form method="post" action="${escapeHtml(portalPath(center, language, 'sign-out'))}"><button type="submit" class="link-button">${words.signOut}</button></form></li>`,
    '</ul></nav>',
  ].join('');
}

function problemSummary(language: PortalLanguage, state: FormState, labels: Record<string, string>): string {
  const words = WORDS[language];
  const fields = Object.keys(labels).filter((field) => state.problems[field]);
  if (fields.length === 0) return '';
  return `<div class="error" role="alert"><p>${words.fixTheseFields}</p><ul>${fields.map((field) => `<li><a href="#field-${field}">${labels[field]}</a> — ${escapeHtml(problemText(language, state.problems[field]!))}</li>`).join('')}</ul></div>`;
}

function problemText(language: PortalLanguage, problem: FieldProblem): string {
  const words = WORDS[language];
  return problem === 'too_short' ? words.problems.too_short(MIN_PASSWORD_LENGTH) : words.problems[problem];
}

function textField(
  language: PortalLanguage,
  state: FormState,
  field: { name: string; label: string; type?: 'text' | 'email' | 'password'; autocomplete: string; maxLength: number; hint?: string; keepValue?: boolean },
): string {
  const id = `field-${field.name}`;
  const problem = state.problems[field.name];
  const describedBy = [field.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const value = field.keepValue === false ? '' : (state.values[field.name] ?? '');
  return [
    '<div class="field">',
    `<label for="${id}">${field.label}</label>`,
    field.hint ? `<p class="hint" id="${id}-hint">${escapeHtml(field.hint)}</p>` : '',
    problem ? `<p class="field-error" id="${id}-error">${escapeHtml(problemText(language, problem))}</p>` : '',
    `<input id="${id}" name="${field.name}" type="${field.type ?? 'text'}" required maxlength="${field.maxLength}" autocomplete="${field.autocomplete}" value="${escapeHtml(value)}"${problem ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}>`,
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function dateFormat(language: PortalLanguage, withTime = false): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(WORDS[language].locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
}

function formatBytes(bytes: number, language: PortalLanguage): string {
  const number = (value: number) => value.toLocaleString(WORDS[language].locale, { maximumFractionDigits: 1 });
  const unit = language === 'fr' ? { mb: 'Mo', kb: 'Ko', b: 'octets' } : { mb: 'MB', kb: 'KB', b: 'bytes' };
  if (bytes >= 1024 * 1024) return `${number(bytes / (1024 * 1024))} ${unit.mb}`;
  if (bytes >= 1024) return `${number(bytes / 1024)} ${unit.kb}`;
  return `${bytes} ${unit.b}`;
}
