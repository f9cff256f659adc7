import { escapeHtml, page } from '../satisfaction.page.js';
import { MAX_NPS_COMMENT } from './nps.schema.js';
import type { NpsSurveyView } from './nps.service.js';

type Language = 'en' | 'fr';

const WORDS = {
  en: {
    htmlLanguage: 'en',
    title: 'One quick question',
    question: (workspace: string) => `How likely are you to recommend ${workspace} to a friend or colleague?`,
    ends: { low: '0 — Not at all likely', high: '10 — Extremely likely' },
    comment: 'What is the main reason for your score? (optional)',
    send: 'Send my answer',
    change: 'Update my answer',
    saved: 'Thank you! Your answer has been saved.',
    changeUntil: (date: string) => `You can change it with this link until ${date}.`,
    scoreRequired: 'Choose a score from 0 to 10 before sending.',
    commentTooLong: `Keep the comment under ${MAX_NPS_COMMENT} characters.`,
    otherLanguage: 'Français',
    otherLanguageCode: 'fr' as Language,
    otherLanguageName: 'fr-CA',
    problems: {
      invalid: { title: 'This link is not valid', text: 'The address may be incomplete. Open the link from the email again.' },
      expired: { title: 'This link has expired', text: 'Survey links stay open for 30 days. Thank you all the same.' },
      missing: { title: 'This survey no longer exists', text: 'It has been removed.' },
    },
  },
  fr: {
    htmlLanguage: 'fr-CA',
    title: 'Une petite question',
    question: (workspace: string) => `Quelle est la probabilité que vous recommandiez ${workspace} à un ami ou à un collègue?`,
    ends: { low: '0 — Pas du tout probable', high: '10 — Extrêmement probable' },
    comment: 'Quelle est la principale raison de votre note? (facultatif)',
    send: 'Envoyer ma réponse',
    change: 'Modifier ma réponse',
    saved: 'Merci! Votre réponse a été enregistrée.',
    changeUntil: (date: string) => `Vous pouvez la modifier avec ce lien jusqu’au ${date}.`,
    scoreRequired: 'Choisissez une note de 0 à 10 avant d’envoyer.',
    commentTooLong: `Gardez le commentaire sous ${MAX_NPS_COMMENT} caractères.`,
    otherLanguage: 'English',
    otherLanguageCode: 'en' as Language,
    otherLanguageName: 'en',
    problems: {
      invalid: { title: 'Ce lien n’est pas valide', text: 'L’adresse est peut-être incomplète. Ouvrez de nouveau le lien du courriel.' },
      expired: { title: 'Ce lien est expiré', text: 'Les liens de sondage restent ouverts 30 jours. Merci tout de même.' },
      missing: { title: 'Ce sondage n’existe plus', text: 'Il a été supprimé.' },
    },
  },
} as const;

export type NpsLinkProblem = keyof (typeof WORDS)['en']['problems'];

/** The survey: the question, a 0–10 scale of radio buttons, an optional comment; no script, same look as satisfaction. */
export function renderNpsPage(view: NpsSurveyView, options: { language: Language; isSaved: boolean; error?: 'score_required' | 'comment_too_long' | undefined; draft?: { score: number | null; comment: string | null } }): string {
  const words = WORDS[options.language];
  const score = options.draft?.score ?? view.score;
  const comment = options.draft?.comment ?? view.comment ?? '';
  const action = `/nps/${encodeURIComponent(view.token)}`;
  const expiry = new Intl.DateTimeFormat(words.htmlLanguage, { dateStyle: 'long' }).format(view.expiresAt);
  const error = options.error === 'score_required' ? words.scoreRequired : options.error === 'comment_too_long' ? words.commentTooLong : undefined;
  const describedBy = ['scale-ends', ...(error ? ['form-error'] : [])].join(' ');
  const body = [
    `<a class="language" href="${action}?lang=${words.otherLanguageCode}" hreflang="${words.otherLanguageName}" lang="${words.otherLanguageName}">${words.otherLanguage}</a>`,
    `<h1>${words.title}</h1>`,
    options.isSaved ? `<p class="notice" role="status">${words.saved} ${escapeHtml(words.changeUntil(expiry))}</p>` : '',
    error ? `<p class="error" role="alert" id="form-error">${error}</p>` : '',
    `<form method="post" action="${action}">`,
    `<input type="hidden" name="lang" value="${options.language}">`,
    `<fieldset aria-describedby="${describedBy}">`,
    `<legend>${escapeHtml(words.question(view.workspaceName))}</legend>`,
    '<div class="scale">',
    ...Array.from({ length: 11 }, (_, value) => `<label><input type="radio" name="score" value="${value}" required${score === value ? ' checked' : ''}>${value}</label>`),
    '</div>',
    `<p class="scale-ends" id="scale-ends"><span>${words.ends.low}</span> <span>${words.ends.high}</span></p>`,
    '</fieldset>',
    `<label class="comment" for="comment">${words.comment}</label>`,
    `<textarea id="comment" name="comment" maxlength="${MAX_NPS_COMMENT}">${escapeHtml(comment)}</textarea>`,
    `<button type="submit">${view.score === null ? words.send : words.change}</button>`,
    '</form>',
  ];
  return page(options.language, `${words.title} — ${view.workspaceName}`, body.filter(Boolean).join('\n'));
}

/** A link that cannot be used, said plainly in the customer's language (both, when the token says none). */
export function renderNpsLinkProblemPage(problem: NpsLinkProblem, language: Language | undefined): string {
  const languages: Language[] = language ? [language] : ['en', 'fr'];
  const sections = languages.map((item) => {
    const words = WORDS[item].problems[problem];
    return `<section lang="${WORDS[item].htmlLanguage}"><h1>${words.title}</h1><p>${words.text}</p></section>`;
  });
  return page(language ?? 'en', languages.map((item) => WORDS[item].problems[problem].title).join(' / '), sections.join('\n'));
}
