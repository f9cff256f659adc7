import { createHash } from 'node:crypto';
import type { KbLanguage } from '../knowledge-base/knowledge-base.schema.js';
import { escapeHtml } from '../satisfaction/satisfaction.page.js';
import { VIDEO_EMBED_HOSTS, plainTextOf } from './help-center.markdown.js';
import { MAX_CONTACT_MESSAGE, MAX_CONTACT_NAME, MAX_CONTACT_SUBJECT, MAX_SEARCH_QUERY, type ContactField, type ContactProblem } from './help-center.schema.js';
import { helpCenterPath, topicAnchorOf, type ArticleView, type CategoryView, type HelpCenter, type SearchResultView, type SectionView } from './help-center.service.js';

const WORDS = {
  en: {
    htmlLanguage: 'en',
    helpCenter: (name: string) => `${name} Help Center`,
    homeDescription: (name: string) => `Answers to common questions about ${name}: guides, how-tos and help articles. Search them, or send us a message.`,
    skipToContent: 'Skip to content',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'Describe your question',
    searchButton: 'Search',
    suggestions: 'Suggested articles',
    home: 'Home',
    topics: 'Browse by topic',
    allArticles: (count: number) => `See all ${count} articles`,
    noArticles: 'No articles have been published yet.',
    emptySection: 'This section has no articles in English yet.',
    sectionDescription: (section: string, count: number) => `${count === 1 ? '1 article' : `${count} articles`} about ${section}.`,
    searchTitle: 'Search',
    resultsFor: (query: string) => `Results for “${query}”`,
    resultCount: (count: number) => (count === 1 ? '1 article found.' : `${count} articles found.`),
    noResults: (query: string) => `No article matches “${query}”.`,
    noResultsHelp: 'Try other words, or',
    emptyQuery: 'Type a few words to search the articles.',
    breadcrumbs: 'Breadcrumb',
    updated: (date: string) => `Updated ${date}`,
    helpfulQuestion: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    thanksForVoting: 'Thank you for your feedback!',
    stillNeedHelp: 'Still need help?',
    contactUs: 'Contact us',
    sendUsAMessage: 'send us a message',
    contactTitle: 'Contact us',
    contactDescription: (name: string) => `Write to the ${name} support team: we answer by email.`,
    contactIntro: 'Tell us what you need, and we will answer by email.',
    fields: { name: 'Your name', email: 'Email address', subject: 'Subject', message: 'How can we help?' } satisfies Record<ContactField, string>,
    honeypot: 'Leave this field empty',
    send: 'Send',
    fixTheseFields: 'Check these fields:',
    problems: {
      required: () => 'Fill in this field.',
      invalid_email: () => 'Enter an email address such as name@example.com.',
      too_long: (max: number) => `Keep it under ${max.toLocaleString('en')} characters.`,
    } satisfies Record<ContactProblem, (max: number) => string>,
    wrongForm: 'This form belongs to another help center. Send your message from this page.',
    sentTitle: 'Message sent',
    sentWithNumber: (number: number) => `Thank you! Your request #${number} has been received.`,
    sentWithoutNumber: 'Thank you! Your message has been received.',
    sentFollowUp: 'We will answer by email.',
    quoteTheNumber: 'Quote the number if you write to us about it.',
    backHome: 'Back to the help center',
    notFoundTitle: 'Page not found',
    notFoundText: 'The page may have moved, or the address may be mistyped.',
    unknownHelpCenter: 'There is no help center at this address.',
    tooManyTitle: 'Too many requests',
    tooManyText: (minutes: number) => `Many requests came from your connection in a short time. Try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
    errorTitle: 'Something went wrong',
    errorText: 'Try again in a moment.',
    unreadableTitle: 'This request could not be read',
    unreadableText: 'Go back to the page and send the form again.',
    otherLanguage: 'Français',
    community: 'Community',
    communityInvitation: 'Ask other customers, share tips, and find answers in the community.',
    visitCommunity: 'Visit the community',
    signIn: 'Sign in',
    myTickets: 'My tickets',
  },
  fr: {
    htmlLanguage: 'fr-CA',
    helpCenter: (name: string) => `Centre d’aide ${name}`,
    homeDescription: (name: string) => `Réponses aux questions fréquentes sur ${name} : guides, marches à suivre et articles d’aide. Cherchez-y une réponse ou écrivez-nous.`,
    skipToContent: 'Passer au contenu',
    searchLabel: 'Chercher dans le centre d’aide',
    searchPlaceholder: 'Décrivez votre question',
    searchButton: 'Chercher',
    suggestions: 'Articles suggérés',
    home: 'Accueil',
    topics: 'Parcourir par sujet',
    allArticles: (count: number) => `Voir les ${count} articles`,
    noArticles: 'Aucun article n’a encore été publié.',
    emptySection: 'Cette section n’a pas encore d’article en français.',
    sectionDescription: (section: string, count: number) => `${count === 1 ? '1 article' : `${count} articles`} sur le sujet ${section}.`,
    searchTitle: 'Recherche',
    resultsFor: (query: string) => `Résultats pour « ${query} »`,
    resultCount: (count: number) => (count === 1 ? '1 article trouvé.' : `${count} articles trouvés.`),
    noResults: (query: string) => `Aucun article ne correspond à « ${query} ».`,
    noResultsHelp: 'Essayez d’autres mots, ou',
    emptyQuery: 'Tapez quelques mots pour chercher dans les articles.',
    breadcrumbs: 'Fil d’Ariane',
    updated: (date: string) => `Mis à jour le ${date}`,
    helpfulQuestion: 'Cet article vous a-t-il été utile?',
    yes: 'Oui',
    no: 'Non',
    thanksForVoting: 'Merci de votre rétroaction!',
    stillNeedHelp: 'Besoin d’aide supplémentaire?',
    contactUs: 'Nous joindre',
    sendUsAMessage: 'écrivez-nous',
    contactTitle: 'Nous joindre',
    contactDescription: (name: string) => `Une question pour ${name}? Écrivez-nous : nous répondons par courriel.`,
    contactIntro: 'Dites-nous ce dont vous avez besoin; nous vous répondrons par courriel.',
    fields: { name: 'Votre nom', email: 'Adresse courriel', subject: 'Objet', message: 'Comment pouvons-nous vous aider?' } satisfies Record<ContactField, string>,
    honeypot: 'Laissez ce champ vide',
    send: 'Envoyer',
    fixTheseFields: 'Vérifiez ces champs :',
    problems: {
      required: () => 'Remplissez ce champ.',
      invalid_email: () => 'Entrez une adresse courriel comme nom@exemple.com.',
      too_long: (max: number) => `Gardez-le sous ${max.toLocaleString('fr-CA')} caractères.`,
    } satisfies Record<ContactProblem, (max: number) => string>,
    wrongForm: 'Ce formulaire appartient à un autre centre d’aide. Envoyez votre message à partir de cette page.',
    sentTitle: 'Message envoyé',
    sentWithNumber: (number: number) => `Merci! Votre demande n° ${number} a bien été reçue.`,
    sentWithoutNumber: 'Merci! Votre message a bien été reçu.',
    sentFollowUp: 'Nous vous répondrons par courriel.',
    quoteTheNumber: 'Indiquez ce numéro si vous nous écrivez à son sujet.',
    backHome: 'Retour au centre d’aide',
    notFoundTitle: 'Page introuvable',
    notFoundText: 'La page a peut-être été déplacée, ou l’adresse est peut-être mal tapée.',
    unknownHelpCenter: 'Il n’y a aucun centre d’aide à cette adresse.',
    tooManyTitle: 'Trop de demandes',
    tooManyText: (minutes: number) => `Beaucoup de demandes sont venues de votre connexion en peu de temps. Réessayez dans ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
    errorTitle: 'Une erreur est survenue',
    errorText: 'Réessayez dans un instant.',
    unreadableTitle: 'Cette demande n’a pas pu être lue',
    unreadableText: 'Revenez à la page et envoyez le formulaire de nouveau.',
    otherLanguage: 'English',
    community: 'Communauté',
    communityInvitation: 'Posez vos questions aux autres clients, partagez vos astuces et trouvez des réponses dans la communauté.',
    visitCommunity: 'Visiter la communauté',
    signIn: 'Se connecter',
    myTickets: 'Mes demandes',
  },
} as const;

const MAX_FIELD_LENGTH: Record<ContactField, number> = { name: MAX_CONTACT_NAME, email: 254, subject: MAX_CONTACT_SUBJECT, message: MAX_CONTACT_MESSAGE };

// One stylesheet for every page, allowed by its hash; the workspace's colour comes in a second, tiny one.
const STYLESHEET = [
  'body{margin:0;background:#f6f7f9;color:#1f2328;font:16px/1.6 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}',
  '.skip{position:absolute;left:-10000px;top:0}.skip:focus{left:8px;top:8px;padding:8px 12px;background:#fff;color:#0b57d0;z-index:1}',
  '.banner{background:var(--accent,#1d4ed8);color:var(--on-accent,#fff);padding:16px 24px 24px}',
  '.bar{max-width:880px;margin:0 auto;display:flex;align-items:center;justify-content:space-between;gap:16px}',
  '.links{display:flex;align-items:center;flex-wrap:wrap;gap:16px}',
  '.brand{display:flex;align-items:center;gap:10px;color:inherit;font-weight:700;font-size:1.15rem;text-decoration:none}',
  '.brand img{max-height:36px;max-width:120px}',
  '.banner a{color:inherit}',
  '.search{max-width:880px;margin:16px auto 0;position:relative}',
  '.search label{display:block;font-weight:600;margin-bottom:6px}',
  '.search .row{display:flex;gap:8px}',
  '.search input{flex:1;min-width:0;font:inherit;padding:10px 12px;border:1px solid #57606a;border-radius:6px;color:#1f2328;background:#fff}',
  'button{font:inherit;font-weight:600;padding:10px 18px;border-radius:6px;border:1px solid #1f2328;background:#1f2328;color:#fff;cursor:pointer}',
  '.suggestions{list-style:none;margin:4px 0 0;padding:0;background:#fff;border:1px solid #8c959f;border-radius:6px;position:absolute;left:0;right:0;z-index:2}',
  '.suggestions:empty{display:none}.suggestions a{display:block;padding:8px 12px;color:#0b57d0}',
  'main{max-width:880px;margin:24px auto;padding:24px;background:#fff;border-radius:8px}',
  'h1{font-size:1.75rem;line-height:1.25;margin:0 0 12px}h2{font-size:1.3rem;margin:24px 0 8px}h3{font-size:1.1rem}',
  'a{color:#0b57d0}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}',
  '.banner a:focus-visible,.banner input:focus-visible,.banner button:focus-visible{outline-color:var(--on-accent,#fff)}',
  '.categories{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:24px}',
  '.categories ul,.results{padding-left:1.1rem}.results{list-style:none;padding:0}.results li{margin:0 0 16px}',
  '.results p{margin:4px 0 0;color:#424a53}mark{background:#fff3b0;color:inherit}',
  '.breadcrumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:0 0 16px;font-size:.95rem}',
  '.breadcrumbs li+li::before{content:"\\203A";margin-right:6px;color:#57606a}',
  '.meta{color:#57606a;font-size:.9rem}',
  '.article-body img{max-width:100%;height:auto}.article-body pre{overflow:auto;background:#f6f8fa;padding:12px;border-radius:6px}',
  '.article-body table{border-collapse:collapse}.article-body th,.article-body td{border:1px solid #d0d7de;padding:6px 10px}',
  '.video iframe{max-width:100%;border:0;aspect-ratio:16/9;height:auto}',
  '.feedback{margin-top:32px;padding-top:16px;border-top:1px solid #d0d7de}.feedback form{display:flex;align-items:center;flex-wrap:wrap;gap:8px}',
  '.feedback h2{font-size:1.05rem;margin:0 12px 0 0}',
  '.notice{padding:12px;border-radius:6px;background:#dafbe1;color:#0a3622}',
  '.error,.field-error{color:#8b1a10}.error{padding:12px;border-radius:6px;background:#ffebe9}',
  '.field{margin:0 0 16px}.field label{display:block;font-weight:600;margin-bottom:4px}.field-error{margin:0 0 4px}',
  '.field input,.field textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px 10px;border:1px solid #57606a;border-radius:6px}',
  '.field textarea{min-height:10rem}.field [aria-invalid="true"]{border-color:#8b1a10;border-width:2px}',
  '.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}',
  'footer{max-width:880px;margin:0 auto 32px;padding:0 24px;color:#424a53}',
].join('\n');
const STYLESHEET_HASH = hashOf(STYLESHEET);

/**
 * Suggestions while typing, for browsers that run scripts: the form works the same without it (it is a GET to
 * the results page). Built with text nodes only, so a title cannot become markup.
 */
const SUGGEST_SCRIPT = [
  "(function(){var f=document.querySelector('form[data-suggest]');if(!f||!window.fetch)return;",
  "var i=f.querySelector('input[name=q]'),l=document.getElementById('suggestions'),t,n=0;",
  "i.addEventListener('input',function(){clearTimeout(t);t=setTimeout(function(){var q=i.value.trim(),m=++n;",
  "if(q.length<2){l.textContent='';return}",
  "fetch(f.getAttribute('data-suggest')+'&q='+encodeURIComponent(q)).then(function(r){return r.ok?r.json():{data:[]}}).then(function(b){if(m!==n)return;l.textContent='';",
  "b.data.forEach(function(s){var e=document.createElement('li'),a=document.createElement('a');a.href=s.url;a.textContent=s.title;e.appendChild(a);l.appendChild(e)})}).catch(function(){})},200)})})();",
].join('');
const SUGGEST_SCRIPT_HASH = hashOf(SUGGEST_SCRIPT);

/** A rendered page and the headers that go with it (its Content-Security-Policy names exactly what it holds). */
export interface HelpCenterPage {
  html: string;
  headers: Record<string, string>;
}

/** What a page of the help center (or of the customer portal, which shares its look) says about itself. */
export interface HelpCenterLayoutOptions {
  title: string;
  description: string;
  /** Path of this page, for the canonical link; none for pages search engines should skip. */
  canonicalPath?: string | undefined;
  /** The same page in the other language, announced as its alternate. */
  alternatePath?: string | undefined;
  /** Where the language switch leads: the alternate, or the other language's home. */
  otherLanguagePath: string;
  query?: string | undefined;
  isPrivate?: boolean;
  /** The signed-in customer's portal session: the header then leads to their tickets rather than to the sign-in page. */
  isSignedIn?: boolean;
  /** A page's own stylesheet (the portal's), allowed by its hash like the shared one. */
  extraStyle?: string | undefined;
}

export function renderHomePage(center: HelpCenter, language: KbLanguage, categories: CategoryView[]): HelpCenterPage {
  const words = WORDS[language];
  const body = [
    `<h1>${escapeHtml(words.helpCenter(center.name))}</h1>`,
    categories.length === 0 ? `<p>${words.noArticles}</p>` : `<h2 class="topics">${words.topics}</h2>`,
    categories.length > 0 ? `<div class="categories">${categories.map((category) => renderCategory(language, category)).join('\n')}</div>` : '',
    `<section class="community" aria-labelledby="community-title"><h2 id="community-title">${words.community}</h2><p>${words.communityInvitation}</p><p><a href="${escapeHtml(helpCenterPath(center.slug, language, 'community'))}">${words.visitCommunity}</a></p></section>`,
  ];
  const other = otherLanguageOf(language);
  const path = helpCenterPath(center.slug, language);
  return layout(center, language, body.join('\n'), {
    title: words.helpCenter(center.name),
    description: words.homeDescription(center.name),
    canonicalPath: path,
    alternatePath: helpCenterPath(center.slug, other),
    otherLanguagePath: helpCenterPath(center.slug, other),
  });
}

function renderCategory(language: KbLanguage, category: CategoryView): string {
  const words = WORDS[language];
  const headingId = `${topicAnchorOf(category.slug)}-title`;
  return [
    `<section id="${escapeHtml(topicAnchorOf(category.slug))}" aria-labelledby="${escapeHtml(headingId)}">`,
    `<h2 id="${escapeHtml(headingId)}">${category.icon ? `<span aria-hidden="true">${escapeHtml(category.icon)}</span> ` : ''}${escapeHtml(category.name)}</h2>`,
    ...category.sections.map((section) =>
      [
        `<h3><a href="${escapeHtml(section.path)}">${escapeHtml(section.name)}</a></h3>`,
        articleList(section.articles),
        section.articleCount > section.articles.length ? `<p><a href="${escapeHtml(section.path)}">${words.allArticles(section.articleCount)}</a></p>` : '',
      ].join('\n'),
    ),
    '</section>',
  ].join('\n');
}

export function renderSectionPage(center: HelpCenter, language: KbLanguage, view: { category: { name: string; path: string }; section: SectionView }): HelpCenterPage {
  const words = WORDS[language];
  const { category, section } = view;
  const body = [
    breadcrumbs(center, language, [{ name: category.name, path: category.path }]),
    `<h1>${escapeHtml(section.name)}</h1>`,
    section.articles.length > 0 ? articleList(section.articles) : `<p>${words.emptySection}</p>`,
  ];
  const other = otherLanguageOf(language);
  const alternate = helpCenterPath(center.slug, other, 'sections', section.slug);
  return layout(center, language, body.join('\n'), {
    title: `${section.name} — ${words.helpCenter(center.name)}`,
    description: words.sectionDescription(section.name, section.articleCount),
    canonicalPath: section.path,
    alternatePath: alternate,
    otherLanguagePath: alternate,
  });
}

export function renderSearchPage(center: HelpCenter, language: KbLanguage, query: string, results: SearchResultView[]): HelpCenterPage {
  const words = WORDS[language];
  const trimmed = query.trim();
  const contactPath = helpCenterPath(center.slug, language, 'contact');
  let body: string;
  if (!trimmed) body = `<h1>${words.searchTitle}</h1>\n<p>${words.emptyQuery}</p>`;
  else if (results.length === 0) {
    body = [
      `<h1>${escapeHtml(words.resultsFor(trimmed))}</h1>`,
      `<p role="status">${escapeHtml(words.noResults(trimmed))}</p>`,
      `<p>${words.noResultsHelp} <a href="${escapeHtml(contactPath)}">${words.sendUsAMessage}</a>.</p>`,
    ].join('\n');
  } else {
    body = [
      `<h1>${escapeHtml(words.resultsFor(trimmed))}</h1>`,
      `<p role="status">${words.resultCount(results.length)}</p>`,
      '<ol class="results">',
      ...results.map((result) => `<li><a href="${escapeHtml(result.path)}">${escapeHtml(result.title)}</a><p>${result.snippetHtml}</p></li>`),
      '</ol>',
    ].join('\n');
  }
  const other = otherLanguageOf(language);
  const otherPath = `${helpCenterPath(center.slug, other, 'search')}${trimmed ? `?q=${encodeURIComponent(trimmed)}` : ''}`;
  return layout(center, language, body, {
    title: `${trimmed ? words.resultsFor(trimmed) : words.searchTitle} — ${words.helpCenter(center.name)}`,
    description: words.homeDescription(center.name),
    otherLanguagePath: otherPath,
    query: trimmed,
    isPrivate: true,
  });
}

export function renderArticlePage(center: HelpCenter, language: KbLanguage, article: ArticleView, options: { hasVoted: boolean }): HelpCenterPage {
  const words = WORDS[language];
  const updated = new Intl.DateTimeFormat(words.htmlLanguage, { dateStyle: 'long' }).format(new Date(article.updatedAt));
  const feedback = options.hasVoted
    ? `<p class="notice" role="status">${words.thanksForVoting}</p>`
    : [
        `<form method="post" action="${escapeHtml(article.path)}/feedback">`,
        `<input type="hidden" name="workspace" value="${escapeHtml(center.slug)}">`,
        `<h2 id="feedback-title">${words.helpfulQuestion}</h2>`,
        `<button type="submit" name="helpful" value="yes">${words.yes}</button>`,
        `<button type="submit" name="helpful" value="no">${words.no}</button>`,
        '</form>',
      ].join('\n');
  const body = [
    breadcrumbs(center, language, [article.category, article.section]),
    '<article>',
    `<h1>${escapeHtml(article.title)}</h1>`,
    `<p class="meta">${escapeHtml(words.updated(updated))}</p>`,
    `<div class="article-body">\n${article.bodyHtml}\n</div>`,
    '</article>',
    `<section class="feedback" id="feedback" aria-label="${escapeHtml(words.helpfulQuestion)}">`,
    feedback,
    '</section>',
  ];
  const other = otherLanguageOf(language);
  return layout(center, language, body.join('\n'), {
    title: `${article.title} — ${words.helpCenter(center.name)}`,
    description: plainTextOf(article.bodyHtml, 160) || article.title,
    canonicalPath: article.path,
    alternatePath: article.translation?.path,
    otherLanguagePath: article.translation?.path ?? helpCenterPath(center.slug, other),
  });
}

export interface ContactFormState {
  values: Partial<Record<ContactField, string>>;
  problems: Partial<Record<ContactField, ContactProblem>>;
  isWrongForm?: boolean;
}

export function renderContactPage(center: HelpCenter, language: KbLanguage, state: ContactFormState): HelpCenterPage {
  const words = WORDS[language];
  const fields: ContactField[] = ['name', 'email', 'subject', 'message'];
  const invalid = fields.filter((field) => state.problems[field]);
  const fieldId = (field: ContactField) => `contact-${field}`;
  const problemOf = (field: ContactField) => {
    const problem = state.problems[field];
    return problem ? words.problems[problem](MAX_FIELD_LENGTH[field]) : undefined;
  };
  const summary = [
    state.isWrongForm ? `<p class="error" role="alert">${words.wrongForm}</p>` : '',
    invalid.length > 0
      ? `<div class="error" role="alert"><p>${words.fixTheseFields}</p><ul>${invalid.map((field) => `<li><a href="#${fieldId(field)}">${words.fields[field]}</a> — ${problemOf(field)}</li>`).join('')}</ul></div>`
      : '',
  ];
  const control = (field: ContactField) => {
    const id = fieldId(field);
    const problem = problemOf(field);
    const value = state.values[field] ?? '';
    const described = problem ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
    const input =
      field === 'message'
        ? `<textarea id="${id}" name="message" required maxlength="${MAX_CONTACT_MESSAGE}"${described}>${escapeHtml(value)}</textarea>`
        : `<input id="${id}" name="${field}" type="${field === 'email' ? 'email' : 'text'}" required maxlength="${MAX_FIELD_LENGTH[field]}" autocomplete="${field === 'name' ? 'name' : field === 'email' ? 'email' : 'off'}" value="${escapeHtml(value)}"${described}>`;
    return [`<div class="field">`, `<label for="${id}">${words.fields[field]}</label>`, problem ? `<p class="field-error" id="${id}-error">${problem}</p>` : '', input, '</div>'].filter(Boolean).join('\n');
  };
  const path = helpCenterPath(center.slug, language, 'contact');
  const body = [
    `<h1>${words.contactTitle}</h1>`,
    `<p>${words.contactIntro}</p>`,
    ...summary,
    `<form method="post" action="${escapeHtml(path)}" novalidate>`,
    `<input type="hidden" name="workspace" value="${escapeHtml(center.slug)}">`,
    ...fields.map(control),
    // For robots only: hidden from people (off-screen, out of the tab order and of the accessibility tree).
    `<div class="hp" aria-hidden="true"><label for="contact-website">${words.honeypot}</label><input id="contact-website" name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>`,
    `<button type="submit">${words.send}</button>`,
    '</form>',
  ];
  const other = otherLanguageOf(language);
  const alternate = helpCenterPath(center.slug, other, 'contact');
  return layout(center, language, body.filter(Boolean).join('\n'), {
    title: `${words.contactTitle} — ${words.helpCenter(center.name)}`,
    description: words.contactDescription(center.name),
    canonicalPath: path,
    alternatePath: alternate,
    otherLanguagePath: alternate,
    isPrivate: invalid.length > 0 || state.isWrongForm === true,
  });
}

export function renderContactSentPage(center: HelpCenter, language: KbLanguage, ticketNumber: number | null): HelpCenterPage {
  const words = WORDS[language];
  const body = [
    `<h1>${words.sentTitle}</h1>`,
    `<p class="notice" role="status">${ticketNumber === null ? words.sentWithoutNumber : words.sentWithNumber(ticketNumber)}</p>`,
    `<p>${ticketNumber === null ? words.sentFollowUp : `${words.sentFollowUp} ${words.quoteTheNumber}`}</p>`,
    `<p><a href="${escapeHtml(helpCenterPath(center.slug, language))}">${words.backHome}</a></p>`,
  ];
  return layout(center, language, body.join('\n'), {
    title: `${words.sentTitle} — ${words.helpCenter(center.name)}`,
    description: words.contactDescription(center.name),
    otherLanguagePath: helpCenterPath(center.slug, otherLanguageOf(language)),
    isPrivate: true,
  });
}

/** A missing page: of a help center that exists (with its look and search), or of none. */
export function renderNotFoundPage(center: HelpCenter | undefined, language: KbLanguage): HelpCenterPage {
  const words = WORDS[language];
  if (!center) return bare(language, words.notFoundTitle, `<h1>${words.notFoundTitle}</h1>\n<p>${words.unknownHelpCenter}</p>`);
  const body = [`<h1>${words.notFoundTitle}</h1>`, `<p>${words.notFoundText}</p>`, `<p><a href="${escapeHtml(helpCenterPath(center.slug, language))}">${words.backHome}</a></p>`];
  return layout(center, language, body.join('\n'), {
    title: `${words.notFoundTitle} — ${words.helpCenter(center.name)}`,
    description: words.notFoundText,
    otherLanguagePath: helpCenterPath(center.slug, otherLanguageOf(language)),
    isPrivate: true,
  });
}

export function renderTooManyRequestsPage(language: KbLanguage, retryAfterSeconds: number): HelpCenterPage {
  const words = WORDS[language];
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return bare(language, words.tooManyTitle, `<h1>${words.tooManyTitle}</h1>\n<p>${escapeHtml(words.tooManyText(minutes))}</p>`);
}

/** A request the server could not read (400, 413, 415) or failed to answer (500). */
export function renderErrorPage(language: KbLanguage, kind: 'unreadable' | 'failed'): HelpCenterPage {
  const words = WORDS[language];
  const [title, text] = kind === 'unreadable' ? [words.unreadableTitle, words.unreadableText] : [words.errorTitle, words.errorText];
  return bare(language, title, `<h1>${title}</h1>\n<p>${text}</p>`);
}

// ── The document ──────────────────────────────────────────────────────────────────────────────────────────

/** The shell of every help center page: banner with search, language switch and account link, main, footer. */
export function renderHelpCenterLayout(center: HelpCenter, language: KbLanguage, main: string, options: HelpCenterLayoutOptions): HelpCenterPage {
  return layout(center, language, main, options);
}

function layout(center: HelpCenter, language: KbLanguage, main: string, options: HelpCenterLayoutOptions): HelpCenterPage {
  const words = WORDS[language];
  const other = otherLanguageOf(language);
  const home = helpCenterPath(center.slug, language);
  const accent = accentStyleOf(center.accentColor);
  const head = [
    `<meta name="description" content="${escapeHtml(options.description)}">`,
    options.isPrivate ? '<meta name="robots" content="noindex">' : '',
    options.canonicalPath ? `<link rel="canonical" href="${escapeHtml(center.baseUrl + options.canonicalPath)}">` : '',
    ...(options.alternatePath && options.canonicalPath
      ? [
          `<link rel="alternate" hreflang="${words.htmlLanguage}" href="${escapeHtml(center.baseUrl + options.canonicalPath)}">`,
          `<link rel="alternate" hreflang="${WORDS[other].htmlLanguage}" href="${escapeHtml(center.baseUrl + options.alternatePath)}">`,
        ]
      : []),
    accent ? `<style>${accent}</style>` : '',
    options.extraStyle ? `<style>${options.extraStyle}</style>` : '',
  ];
  const logo = center.logoUrl && /^https?:\/\//i.test(center.logoUrl) ? `<img src="${escapeHtml(center.logoUrl)}" alt="">` : '';
  const isAlternate = options.alternatePath !== undefined && options.otherLanguagePath === options.alternatePath;
  const header = [
    '<header class="banner">',
    '<div class="bar">',
    `<a class="brand" href="${escapeHtml(home)}">${logo}<span>${escapeHtml(words.helpCenter(center.name))}</span></a>`,
    '<span class="links">',
    `<a class="community" href="${escapeHtml(helpCenterPath(center.slug, language, 'community'))}">${words.community}</a>`,
    options.isSignedIn
      ? `<a class="account" href="${escapeHtml(helpCenterPath(center.slug, language, 'tickets'))}">${words.myTickets}</a>`
      : `<a class="account" href="${escapeHtml(helpCenterPath(center.slug, language, 'sign-in'))}">${words.signIn}</a>`,
    `<a class="language" href="${escapeHtml(options.otherLanguagePath)}" hreflang="${WORDS[other].htmlLanguage}" lang="${WORDS[other].htmlLanguage}"${isAlternate ? ' rel="alternate"' : ''}>${words.otherLanguage}</a>`,
    '</span>',
    '</div>',
    searchForm(center, language, options.query ?? ''),
    '</header>',
  ];
  const footer = `<footer><p>${words.stillNeedHelp} <a href="${escapeHtml(helpCenterPath(center.slug, language, 'contact'))}">${words.contactUs}</a></p></footer>`;
  const html = document(language, options.title, head.filter(Boolean), [...header, `<main id="content">\n${main}\n</main>`, footer, `<script>${SUGGEST_SCRIPT}</script>`].join('\n'));
  const styleHashes = [STYLESHEET_HASH, ...(accent ? [hashOf(accent)] : []), ...(options.extraStyle ? [hashOf(options.extraStyle)] : [])];
  return { html, headers: headersFor({ styleHashes, hasScript: true, isPrivate: options.isPrivate === true }) };
}

/** A page outside any help center's look (unknown workspace, refusals): no search, no script. */
function bare(language: KbLanguage, title: string, main: string): HelpCenterPage {
  const html = document(language, title, ['<meta name="robots" content="noindex">'], `<main id="content">\n${main}\n</main>`);
  return { html, headers: headersFor({ styleHashes: [STYLESHEET_HASH], hasScript: false, isPrivate: true }) };
}

function document(language: KbLanguage, title: string, head: string[], body: string): string {
  const words = WORDS[language];
  return [
    '<!doctype html>',
    `<html lang="${words.htmlLanguage}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    ...head,
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    `<a class="skip" href="#content">${words.skipToContent}</a>`,
    body,
    '</body>',
    '</html>',
  ].join('\n');
}

function searchForm(center: HelpCenter, language: KbLanguage, query: string): string {
  const words = WORDS[language];
  const suggest = `/help/${encodeURIComponent(center.slug)}/suggest?lang=${language}`;
  return [
    `<form class="search" role="search" method="get" action="${escapeHtml(helpCenterPath(center.slug, language, 'search'))}" data-suggest="${escapeHtml(suggest)}">`,
    `<label for="q">${words.searchLabel}</label>`,
    '<div class="row">',
    `<input id="q" type="search" name="q" value="${escapeHtml(query)}" maxlength="${MAX_SEARCH_QUERY}" placeholder="${escapeHtml(words.searchPlaceholder)}" autocomplete="off">`,
    `<button type="submit">${words.searchButton}</button>`,
    '</div>',
    `<ul id="suggestions" class="suggestions" aria-label="${escapeHtml(words.suggestions)}" aria-live="polite"></ul>`,
    '</form>',
  ].join('\n');
}

export function breadcrumbs(center: HelpCenter, language: KbLanguage, trail: Array<{ name: string; path: string }>): string {
  const words = WORDS[language];
  const items = [{ name: words.home, path: helpCenterPath(center.slug, language) }, ...trail];
  return `<nav class="breadcrumbs" aria-label="${escapeHtml(words.breadcrumbs)}"><ol>${items.map((item) => `<li><a href="${escapeHtml(item.path)}">${escapeHtml(item.name)}</a></li>`).join('')}</ol></nav>`;
}

function articleList(articles: Array<{ title: string; path: string }>): string {
  return `<ul>${articles.map((article) => `<li><a href="${escapeHtml(article.path)}">${escapeHtml(article.title)}</a></li>`).join('')}</ul>`;
}

/**
 * Headers of every help center page: only our stylesheets and suggestion script run, suggestions are fetched from
 * us, images from us or any https address, frames only from the video hosts, forms post to us, nobody frames it.
 */
function headersFor(options: { styleHashes: string[]; hasScript: boolean; isPrivate: boolean }): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `style-src ${options.styleHashes.map((hash) => `'sha256-${hash}'`).join(' ')}`,
    options.hasScript ? `script-src 'sha256-${SUGGEST_SCRIPT_HASH}'` : '',
    options.hasScript ? "connect-src 'self'" : '',
    "img-src 'self' https:",
    `frame-src ${VIDEO_EMBED_HOSTS.map((host) => `https://${host}`).join(' ')}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].filter(Boolean);
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': policy.join('; '),
    'referrer-policy': 'strict-origin-when-cross-origin',
    // Counted views and votes need each reading to reach the server; form answers are never stored.
    'cache-control': options.isPrivate ? 'no-store' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
}

/** The workspace's colour for the banner, with black or white text, whichever reads better on it. */
function accentStyleOf(color: string | null): string | undefined {
  if (!color || !/^#[0-9a-f]{6}$/i.test(color)) return undefined;
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const channel = parseInt(color.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: white wins below L ≈ 0.179.
  return `:root{--accent:${color.toLowerCase()};--on-accent:${luminance < 0.179 ? '#fff' : '#000'}}`;
}

function otherLanguageOf(language: KbLanguage): KbLanguage {
  return language === 'fr' ? 'en' : 'fr';
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
