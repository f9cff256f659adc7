import { createHash } from 'node:crypto';
import { MAX_SATISFACTION_COMMENT } from './satisfaction.schema.js';
import type { SurveyView } from './satisfaction.service.js';

type Language = 'en' | 'fr';

const WORDS = {
  en: {
    htmlLanguage: 'en',
    title: 'How did we do?',
    intro: (workspace: string, number: number) => `Your request #${number} to ${workspace} was resolved.`,
    question: 'How would you rate the support you received?',
    ratings: ['Very unhappy', 'Unhappy', 'Neither happy nor unhappy', 'Happy', 'Very happy'],
    comment: 'Anything you would like to add? (optional)',
    send: 'Send my rating',
    change: 'Update my rating',
    saved: 'Thank you! Your rating has been saved.',
    changeUntil: (date: string) => `You can change it with this link until ${date}.`,
    ratingRequired: 'Choose a rating from 1 to 5 before sending.',
    commentTooLong: `Keep the comment under ${MAX_SATISFACTION_COMMENT} characters.`,
    otherLanguage: 'Français',
    otherLanguageCode: 'fr' as Language,
    otherLanguageName: 'fr-CA',
    problems: {
      invalid: { title: 'This link is not valid', text: 'The address may be incomplete. Open the link from the email again, or reply to the email to tell us how we did.' },
      expired: { title: 'This link has expired', text: 'Satisfaction links stay open for 30 days. Reply to the email to tell us how we did.' },
      missing: { title: 'This survey no longer exists', text: 'The request it was about has been removed.' },
    },
  },
  fr: {
    htmlLanguage: 'fr-CA',
    title: 'Comment avons-nous fait?',
    intro: (workspace: string, number: number) => `Votre demande n° ${number} à ${workspace} a été résolue.`,
    question: 'Comment évaluez-vous le soutien que vous avez reçu?',
    ratings: ['Très insatisfait', 'Insatisfait', 'Ni satisfait ni insatisfait', 'Satisfait', 'Très satisfait'],
    comment: 'Voulez-vous ajouter quelque chose? (facultatif)',
    send: 'Envoyer mon évaluation',
    change: 'Modifier mon évaluation',
    saved: 'Merci! Votre évaluation a été enregistrée.',
    changeUntil: (date: string) => `Vous pouvez la modifier avec ce lien jusqu’au ${date}.`,
    ratingRequired: 'Choisissez une note de 1 à 5 avant d’envoyer.',
    commentTooLong: `Gardez le commentaire sous ${MAX_SATISFACTION_COMMENT} caractères.`,
    otherLanguage: 'English',
    otherLanguageCode: 'en' as Language,
    otherLanguageName: 'en',
    problems: {
      invalid: { title: 'Ce lien n’est pas valide', text: 'L’adresse est peut-être incomplète. Ouvrez de nouveau le lien du courriel, ou répondez au courriel pour nous dire comment nous avons fait.' },
      expired: { title: 'Ce lien est expiré', text: 'Les liens d’évaluation restent ouverts 30 jours. Répondez au courriel pour nous dire comment nous avons fait.' },
      missing: { title: 'Ce sondage n’existe plus', text: 'La demande qu’il concernait a été supprimée.' },
    },
  },
} as const;

export type LinkProblem = keyof (typeof WORDS)['en']['problems'];

// One stylesheet, allowed by its hash in the page's Content-Security-Policy: no inline script or style attribute
// is needed, and nothing else may load.
const STYLESHEET = [
  'body{margin:0;background:#f4f5f7;color:#1f2328;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}',
  'main{max-width:560px;margin:32px auto;padding:24px;background:#fff;border-radius:8px}',
  'h1{font-size:1.5rem;margin:0 0 8px}',
  'fieldset{border:0;padding:0;margin:16px 0}',
  'legend{font-weight:600;margin-bottom:8px}',
  '.ratings label{display:block;padding:8px 12px;margin:4px 0;border:1px solid #8c959f;border-radius:6px;cursor:pointer}',
  '.ratings input{margin-right:8px}',
  '.ratings input:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
  'label.comment{display:block;font-weight:600;margin:16px 0 4px}',
  'textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit;padding:8px;border:1px solid #57606a;border-radius:6px}',
  'button{margin-top:16px;padding:10px 18px;font:inherit;font-weight:600;color:#fff;background:#0b57d0;border:0;border-radius:6px;cursor:pointer}',
  'button:focus-visible,a:focus-visible,textarea:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
  '.notice{padding:12px;border-radius:6px;background:#dafbe1;color:#0a3622}',
  '.error{padding:12px;border-radius:6px;background:#ffebe9;color:#6e1a12}',
  '.language{float:right;font-size:.9rem}',
  '.scale{display:flex;flex-wrap:wrap;gap:6px}',
  '.scale label{display:flex;flex-direction:column;align-items:center;min-width:2.5rem;padding:6px 4px;border:1px solid #8c959f;border-radius:6px;cursor:pointer}',
  '.scale input:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
  '.scale-ends{display:flex;justify-content:space-between;font-size:.9rem;color:#57606a;margin:4px 0 0}',
  'a{color:#0b57d0}',
].join('\n');

const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('base64');

/** Headers of every survey page: no script, only our stylesheet, forms post to us, nobody frames it, the token stays private. */
export const SURVEY_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLESHEET_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function renderSurveyPage(view: SurveyView, options: { language: Language; isSaved: boolean; error?: 'rating_required' | 'comment_too_long' | undefined; draft?: { rating: number | null; comment: string | null } }): string {
  const words = WORDS[options.language];
  const rating = options.draft?.rating ?? view.rating;
  const comment = options.draft?.comment ?? view.comment ?? '';
  const action = `/satisfaction/${encodeURIComponent(view.token)}`;
  const expiry = new Intl.DateTimeFormat(words.htmlLanguage, { dateStyle: 'long' }).format(view.expiresAt);
  const error = options.error === 'rating_required' ? words.ratingRequired : options.error === 'comment_too_long' ? words.commentTooLong : undefined;
  const body = [
    `<a class="language" href="${action}?lang=${words.otherLanguageCode}" hreflang="${words.otherLanguageName}" lang="${words.otherLanguageName}">${words.otherLanguage}</a>`,
    `<h1>${words.title}</h1>`,
    `<p>${escapeHtml(words.intro(view.workspaceName, view.ticketNumber))}<br><strong>${escapeHtml(view.ticketSubject)}</strong></p>`,
    options.isSaved ? `<p class="notice" role="status">${words.saved} ${escapeHtml(words.changeUntil(expiry))}</p>` : '',
    error ? `<p class="error" role="alert" id="form-error">${error}</p>` : '',
    `<form method="post" action="${action}">`,
    `<input type="hidden" name="lang" value="${options.language}">`,
    `<fieldset class="ratings"${error ? ' aria-describedby="form-error"' : ''}>`,
    `<legend>${words.question}</legend>`,
    ...words.ratings.map((label, index) => {
      const value = index + 1;
      return `<label><input type="radio" name="rating" value="${value}" required${rating === value ? ' checked' : ''}>${value} — ${label}</label>`;
    }),
    '</fieldset>',
    `<label class="comment" for="comment">${words.comment}</label>`,
    `<textarea id="comment" name="comment" maxlength="${MAX_SATISFACTION_COMMENT}">${escapeHtml(comment)}</textarea>`,
    `<button type="submit">${view.rating === null ? words.send : words.change}</button>`,
    '</form>',
  ];
  return page(options.language, `${words.title} — ${view.workspaceName}`, body.filter(Boolean).join('\n'));
}

/** A link that cannot be used, said plainly in the customer's language (both, when the token says none). */
export function renderLinkProblemPage(problem: LinkProblem, language: Language | undefined): string {
  const languages: Language[] = language ? [language] : ['en', 'fr'];
  const sections = languages.map((item) => {
    const words = WORDS[item].problems[problem];
    return `<section lang="${WORDS[item].htmlLanguage}"><h1>${words.title}</h1><p>${words.text}</p></section>`;
  });
  return page(language ?? 'en', languages.map((item) => WORDS[item].problems[problem].title).join(' / '), sections.join('\n'));
}

/** The document around a survey page's content: same look, same headers, for every survey the customer answers. */
export function page(language: Language, title: string, main: string): string {
  return [
    '<!doctype html>',
    `<html lang="${WORDS[language].htmlLanguage}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLESHEET}</style>`,
    '</head>',
    `<body><main>\n${main}\n</main></body>`,
    '</html>',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
