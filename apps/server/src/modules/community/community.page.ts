import { plainTextOf } from '../help-center/help-center.markdown.js';
import { breadcrumbs, renderHelpCenterLayout, type HelpCenterLayoutOptions, type HelpCenterPage } from '../help-center/help-center.page.js';
import { helpCenterPath, type HelpCenter } from '../help-center/help-center.service.js';
import { escapeHtml } from '../satisfaction/satisfaction.page.js';
import { MAX_COMMUNITY_SEARCH_QUERY, MAX_POST_BODY, MAX_TOPIC_TITLE, MIN_TOPIC_TITLE, type CommunityLanguage, type CommunitySort, type TopicFormField } from './community.schema.js';
import { communityPath, replyAnchorOf, type CommunityCategoryView, type PublicAuthor, type ReplyView, type TopicListItem, type TopicSearchResultView, type TopicView } from './community.service.js';

export type PostProblem = 'required' | 'too_short' | 'too_long';

const WORDS = {
  en: {
    htmlLanguage: 'en',
    community: 'Community',
    communityOf: (name: string) => `${name} Community`,
    homeDescription: (name: string) => `Questions and answers from ${name} customers: ask, share a tip, vote for the answers that helped.`,
    intro: 'Ask other customers, share what you know, and vote for the answers that helped you.',
    noCategories: 'The community has no categories yet.',
    topicCount: (count: number) => (count === 1 ? '1 topic' : `${count} topics`),
    latest: 'Latest:',
    noTopicsYet: 'No topics in English yet.',
    newTopic: 'Start a new topic',
    searchLabel: 'Search the community',
    searchButton: 'Search',
    searchTitle: 'Search the community',
    resultsFor: (query: string) => `Topics matching “${query}”`,
    resultCount: (count: number) => (count === 1 ? '1 topic found.' : `${count} topics found.`),
    noResults: (query: string) => `No topic matches “${query}”.`,
    noResultsHelp: 'Try other words, or ask the community:',
    emptyQuery: 'Type a few words to search the topics.',
    sortLabel: 'Sort topics',
    sorts: { latest: 'Latest activity', votes: 'Most votes' } satisfies Record<CommunitySort, string>,
    categoryDescription: (name: string, count: number) => `${count === 1 ? '1 topic' : `${count} topics`} about ${name} in the community.`,
    by: (name: string) => `By ${name}`,
    replies: (count: number) => (count === 1 ? '1 reply' : `${count} replies`),
    votes: (count: number) => (count === 1 ? '1 vote' : `${count} votes`),
    lastActivity: (date: string) => `Last activity ${date}`,
    asked: (name: string, date: string) => `Asked by ${name} on ${date}`,
    replied: (date: string) => `Replied on ${date}`,
    answered: 'Answered',
    locked: 'Locked',
    staff: 'Staff',
    acceptedAnswer: 'Accepted answer',
    otherReplies: (count: number) => (count === 1 ? '1 other reply' : `${count} other replies`),
    noReplies: 'No replies yet.',
    lockedNotice: 'This topic is locked: it takes no new replies.',
    unposted: 'Your reply was not posted. Here is what you wrote, to keep it:',
    convertedNotice: 'An agent is following this up in a private ticket.',
    upvote: 'Vote for this',
    removeVote: 'Remove my vote',
    voteTopicLabel: 'Vote for this topic',
    voteReplyLabel: (name: string) => `Vote for the reply by ${name}`,
    accept: 'Accept this answer',
    unaccept: 'Remove the accepted answer',
    yourReply: 'Your reply',
    postReply: 'Post the reply',
    markdownHint: 'Markdown works: **bold**, *italics*, lists and links.',
    signInToPost: 'Sign in to post',
    signInToReply: 'to reply, vote, or start a topic.',
    noAccount: 'No account yet?',
    signUp: 'Create one',
    newTopicTitle: 'Start a new topic',
    newTopicDescription: (name: string) => `Ask a question to the ${name} community.`,
    newTopicIntro: 'Other customers and our team will see it. Do not share passwords or card numbers.',
    needsCategory: 'The community has no categories yet: topics cannot be started.',
    fields: { category: 'Category', title: 'Title', body: 'Your question or idea' } satisfies Record<TopicFormField, string>,
    titleHint: 'Sum it up in one sentence, e.g. “Receipt printer stops after a few tickets”.',
    postTopic: 'Post the topic',
    honeypot: 'Leave this field empty',
    fixTheseFields: 'Check these fields:',
    problems: {
      required: () => 'Fill in this field.',
      too_short: (limit: number) => `Write at least ${limit} characters.`,
      too_long: (limit: number) => `Keep it under ${limit.toLocaleString('en')} characters.`,
    } satisfies Record<PostProblem, (limit: number) => string>,
    cannotVoteOwn: 'You cannot vote for your own post.',
    notAuthor: 'Only the person who asked can accept an answer.',
    wrongForm: 'This form belongs to another help center. Send it from this page.',
    pager: 'Pages',
    previous: 'Previous page',
    next: 'Next page',
    pageOf: (page: number, count: number) => `Page ${page} of ${count}`,
  },
  fr: {
    htmlLanguage: 'fr-CA',
    community: 'Communauté',
    communityOf: (name: string) => `Communauté ${name}`,
    homeDescription: (name: string) => `Questions et réponses des clients de ${name} : posez vos questions, partagez vos astuces, votez pour les réponses utiles.`,
    intro: 'Posez vos questions aux autres clients, partagez ce que vous savez et votez pour les réponses qui vous ont aidé.',
    noCategories: 'La communauté n’a pas encore de catégorie.',
    topicCount: (count: number) => (count <= 1 ? `${count} sujet` : `${count} sujets`),
    latest: 'Récent :',
    noTopicsYet: 'Aucun sujet en français pour l’instant.',
    newTopic: 'Lancer un nouveau sujet',
    searchLabel: 'Chercher dans la communauté',
    searchButton: 'Chercher',
    searchTitle: 'Chercher dans la communauté',
    resultsFor: (query: string) => `Sujets correspondant à « ${query} »`,
    resultCount: (count: number) => (count <= 1 ? `${count} sujet trouvé.` : `${count} sujets trouvés.`),
    noResults: (query: string) => `Aucun sujet ne correspond à « ${query} ».`,
    noResultsHelp: 'Essayez d’autres mots, ou posez la question à la communauté :',
    emptyQuery: 'Tapez quelques mots pour chercher dans les sujets.',
    sortLabel: 'Trier les sujets',
    sorts: { latest: 'Activité récente', votes: 'Plus de votes' } satisfies Record<CommunitySort, string>,
    categoryDescription: (name: string, count: number) => `${count <= 1 ? `${count} sujet` : `${count} sujets`} sur le thème ${name} dans la communauté.`,
    by: (name: string) => `Par ${name}`,
    replies: (count: number) => (count <= 1 ? `${count} réponse` : `${count} réponses`),
    votes: (count: number) => (count <= 1 ? `${count} vote` : `${count} votes`),
    lastActivity: (date: string) => `Dernière activité le ${date}`,
    asked: (name: string, date: string) => `Question de ${name}, le ${date}`,
    replied: (date: string) => `Réponse du ${date}`,
    answered: 'Résolu',
    locked: 'Verrouillé',
    staff: 'Équipe',
    acceptedAnswer: 'Réponse acceptée',
    otherReplies: (count: number) => (count <= 1 ? `${count} autre réponse` : `${count} autres réponses`),
    noReplies: 'Aucune réponse pour l’instant.',
    lockedNotice: 'Ce sujet est verrouillé : il n’accepte plus de nouvelles réponses.',
    unposted: 'Votre réponse n’a pas été publiée. Voici ce que vous aviez écrit, pour le garder :',
    convertedNotice: 'Un agent fait le suivi de cette question dans une demande privée.',
    upvote: 'Voter pour',
    removeVote: 'Retirer mon vote',
    voteTopicLabel: 'Voter pour ce sujet',
    voteReplyLabel: (name: string) => `Voter pour la réponse de ${name}`,
    accept: 'Accepter cette réponse',
    unaccept: 'Retirer la réponse acceptée',
    yourReply: 'Votre réponse',
    postReply: 'Publier la réponse',
    markdownHint: 'Le Markdown fonctionne : **gras**, *italique*, listes et liens.',
    signInToPost: 'Connectez-vous pour publier',
    signInToReply: 'pour répondre, voter ou lancer un sujet.',
    noAccount: 'Pas encore de compte?',
    signUp: 'Créez-en un',
    newTopicTitle: 'Lancer un nouveau sujet',
    newTopicDescription: (name: string) => `Posez une question à la communauté ${name}.`,
    newTopicIntro: 'Les autres clients et notre équipe le verront. Ne partagez ni mot de passe ni numéro de carte.',
    needsCategory: 'La communauté n’a pas encore de catégorie : on ne peut pas encore lancer de sujet.',
    fields: { category: 'Catégorie', title: 'Titre', body: 'Votre question ou votre idée' } satisfies Record<TopicFormField, string>,
    titleHint: 'Résumez-la en une phrase, p. ex. « L’imprimante de reçus arrête après quelques factures ».',
    postTopic: 'Publier le sujet',
    honeypot: 'Laissez ce champ vide',
    fixTheseFields: 'Vérifiez ces champs :',
    problems: {
      required: () => 'Remplissez ce champ.',
      too_short: (limit: number) => `Écrivez au moins ${limit} caractères.`,
      too_long: (limit: number) => `Gardez-le sous ${limit.toLocaleString('fr-CA')} caractères.`,
    } satisfies Record<PostProblem, (limit: number) => string>,
    cannotVoteOwn: 'Vous ne pouvez pas voter pour votre propre message.',
    notAuthor: 'Seule la personne qui a posé la question peut accepter une réponse.',
    wrongForm: 'Ce formulaire appartient à un autre centre d’aide. Envoyez-le à partir de cette page.',
    pager: 'Pages',
    previous: 'Page précédente',
    next: 'Page suivante',
    pageOf: (page: number, count: number) => `Page ${page} sur ${count}`,
  },
} as const;

/** The forums' own pieces (topic lists, posts, badges, votes), beside the help center's stylesheet. */
const COMMUNITY_STYLESHEET = [
  '.community-search{margin:0 0 20px}.community-search label{display:block;font-weight:600;margin-bottom:6px}.community-search .row{display:flex;gap:8px}',
  '.community-search input{flex:1;min-width:0;font:inherit;padding:8px 10px;border:1px solid #57606a;border-radius:6px}',
  '.actions{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:0 0 16px}',
  '.button{display:inline-block;font-weight:600;padding:8px 16px;border-radius:6px;background:#1f2328;color:#fff;text-decoration:none}',
  '.forums,.topics{list-style:none;padding:0;margin:0}.forums>li,.topics>li{padding:12px 0;border-bottom:1px solid #d0d7de}',
  '.forums h2{font-size:1.15rem;margin:0 0 4px}.forums p,.topics p{margin:4px 0 0}',
  '.topic-title{font-weight:600}',
  '.badge{display:inline-block;font-size:.8rem;font-weight:600;line-height:1.5;padding:0 8px;border-radius:999px;background:#eaeef2;color:#24292f;margin-left:6px;vertical-align:middle}',
  '.badge.answered{background:#dafbe1;color:#0a3622}.badge.staff{background:#ddf4ff;color:#0a3069}.badge.locked{background:#fff8c5;color:#4d2d00}',
  '.sorts{display:flex;flex-wrap:wrap;gap:16px;list-style:none;padding:0;margin:0 0 8px}.sorts [aria-current]{font-weight:700;color:#1f2328}',
  '.pager{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin-top:16px}',
  '.post{padding:16px 0;border-top:1px solid #d0d7de}.post header{margin-bottom:8px}',
  '.post.accepted{border:2px solid #1a7f37;border-radius:8px;padding:16px;background:#f6fff8;margin:16px 0}',
  '.post-body pre{overflow:auto;background:#f6f8fa;padding:12px;border-radius:6px}.post-body table{border-collapse:collapse}.post-body th,.post-body td{border:1px solid #d0d7de;padding:6px 10px}',
  '.post-actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:8px}.post-actions form{margin:0}',
  '.post-actions button{font-size:.9rem;padding:4px 12px;background:#fff;color:#1f2328;border-color:#57606a}.post-actions button[aria-pressed="true"]{background:#1f2328;color:#fff}',
  '.notice.locked{background:#fff8c5;color:#4d2d00}',
  '.field select{width:100%;box-sizing:border-box;font:inherit;padding:8px 10px;border:1px solid #57606a;border-radius:6px;background:#fff}',
  '.hint{color:#57606a;font-size:.9rem;margin:0 0 4px}',
  '.unposted{white-space:pre-wrap;background:#f6f8fa;padding:12px;border-radius:6px;font:inherit}',
].join('\n');

const MAX_FIELD: Record<TopicFormField, number> = { category: 80, title: MAX_TOPIC_TITLE, body: MAX_POST_BODY };
const MIN_FIELD: Record<TopicFormField, number> = { category: 1, title: MIN_TOPIC_TITLE, body: 1 };

/** Who is reading: signed in to the portal, or not (then the sign-in page, with a way back here). */
export interface CommunityReader {
  isSignedIn: boolean;
}

export function renderCommunityHomePage(center: HelpCenter, language: CommunityLanguage, categories: CommunityCategoryView[], reader: CommunityReader): HelpCenterPage {
  const words = WORDS[language];
  const path = communityPath(center.slug, language);
  const body = [
    breadcrumbs(center, language, []),
    `<h1>${escapeHtml(words.communityOf(center.name))}</h1>`,
    `<p>${words.intro}</p>`,
    searchForm(center, language, ''),
    postingCall(center, language, reader, path, communityPath(center.slug, language, 'new')),
    categories.length === 0
      ? `<p>${words.noCategories}</p>`
      : [
          '<ul class="forums">',
          ...categories.map((category) =>
            [
              '<li>',
              `<h2><a href="${escapeHtml(category.path)}">${escapeHtml(category.name)}</a></h2>`,
              category.description ? `<p>${escapeHtml(category.description)}</p>` : '',
              `<p class="meta">${words.topicCount(category.topicCount)}${
                category.latestTopic ? ` · ${words.latest} <a href="${escapeHtml(category.latestTopic.path)}">${escapeHtml(category.latestTopic.title)}</a>` : ''
              }</p>`,
              '</li>',
            ]
              .filter(Boolean)
              .join(''),
          ),
          '</ul>',
        ].join('\n'),
  ];
  const alternate = communityPath(center.slug, other(language));
  return layout(center, language, body, reader, {
    title: words.communityOf(center.name),
    description: words.homeDescription(center.name),
    canonicalPath: path,
    alternatePath: alternate,
    otherLanguagePath: alternate,
  });
}

export function renderCommunityCategoryPage(
  center: HelpCenter,
  language: CommunityLanguage,
  view: { category: CommunityCategoryView; topics: TopicListItem[]; sort: CommunitySort; page: number; pageCount: number },
  reader: CommunityReader,
): HelpCenterPage {
  const words = WORDS[language];
  const { category, topics, sort, page, pageCount } = view;
  const pageUrl = (sortBy: CommunitySort, pageNumber: number) => {
    const query = new URLSearchParams();
    if (sortBy !== 'latest') query.set('sort', sortBy);
    if (pageNumber > 1) query.set('page', String(pageNumber));
    const text = query.toString();
    return `${category.path}${text ? `?${text}` : ''}`;
  };
  const current = pageUrl(sort, page);
  const body = [
    breadcrumbs(center, language, [{ name: words.community, path: communityPath(center.slug, language) }]),
    `<h1>${escapeHtml(category.name)}</h1>`,
    category.description ? `<p>${escapeHtml(category.description)}</p>` : '',
    postingCall(center, language, reader, current, `${communityPath(center.slug, language, 'new')}?category=${encodeURIComponent(category.slug)}`),
    `<nav aria-label="${escapeHtml(words.sortLabel)}"><ul class="sorts">${(['latest', 'votes'] as const)
      .map((item) => `<li><a href="${escapeHtml(pageUrl(item, 1))}"${item === sort ? ' aria-current="page"' : ''}>${words.sorts[item]}</a></li>`)
      .join('')}</ul></nav>`,
    topics.length === 0 ? `<p>${words.noTopicsYet}</p>` : `<ul class="topics">${topics.map((topic) => topicItem(language, topic)).join('\n')}</ul>`,
    pageCount > 1
      ? [
          `<nav class="pager" aria-label="${words.pager}">`,
          page > 1 ? `<a href="${escapeHtml(pageUrl(sort, page - 1))}" rel="prev">${words.previous}</a>` : '',
          `<span>${words.pageOf(Math.min(page, pageCount), pageCount)}</span>`,
          page < pageCount ? `<a href="${escapeHtml(pageUrl(sort, page + 1))}" rel="next">${words.next}</a>` : '',
          '</nav>',
        ].join('')
      : '',
  ];
  const alternate = communityPath(center.slug, other(language), 'categories', category.slug);
  return layout(center, language, body, reader, {
    title: `${category.name} — ${words.communityOf(center.name)}`,
    description: category.description || words.categoryDescription(category.name, category.topicCount),
    canonicalPath: sort === 'latest' && page === 1 ? category.path : undefined,
    alternatePath: alternate,
    otherLanguagePath: alternate,
  });
}

export interface ReplyFormState {
  body: string;
  problem?: PostProblem | undefined;
  /** A refusal to show above the form: the topic got locked meanwhile, a vote for one's own post… */
  notice?: 'locked' | 'own_vote' | 'not_author' | 'wrong_form' | undefined;
}

export function renderTopicPage(center: HelpCenter, language: CommunityLanguage, topic: TopicView, reader: CommunityReader, form: ReplyFormState = { body: '' }): HelpCenterPage {
  const words = WORDS[language];
  const contentLanguage = topic.language === language ? '' : ` lang="${WORDS[topic.language].htmlLanguage}"`;
  const date = (iso: string) => formatDate(language, iso);
  // A reply refused for the lock is told where the form would be, with the words it held.
  const refusal = form.notice && form.notice !== 'locked' ? { own_vote: words.cannotVoteOwn, not_author: words.notAuthor, wrong_form: words.wrongForm }[form.notice] : undefined;
  const canAct = reader.isSignedIn;
  const hidden = `<input type="hidden" name="workspace" value="${escapeHtml(center.slug)}">`;

  const voteForm = (replyId: string | null, hasVoted: boolean, label: string) =>
    canAct
      ? [
          `<form method="post" action="${escapeHtml(topic.path)}/vote">`,
          hidden,
          `<input type="hidden" name="reply" value="${replyId ?? ''}">`,
          `<button type="submit" name="vote" value="${hasVoted ? 'none' : 'up'}" aria-pressed="${hasVoted}" aria-label="${escapeHtml(hasVoted ? words.removeVote : label)}">${hasVoted ? words.removeVote : words.upvote}</button>`,
          '</form>',
        ].join('')
      : '';
  const acceptForm = (reply: ReplyView) =>
    topic.viewer.isAuthor
      ? [
          `<form method="post" action="${escapeHtml(topic.path)}/accept">`,
          hidden,
          `<input type="hidden" name="reply" value="${reply.isAccepted ? '' : reply.id}">`,
          `<button type="submit">${reply.isAccepted ? words.unaccept : words.accept}</button>`,
          '</form>',
        ].join('')
      : '';
  const replyArticle = (reply: ReplyView) =>
    [
      `<article class="post${reply.isAccepted ? ' accepted' : ''}" id="${escapeHtml(replyAnchorOf(reply.id))}" aria-label="${escapeHtml(reply.isAccepted ? words.acceptedAnswer : words.by(reply.author.displayName))}">`,
      `<header><strong>${escapeHtml(reply.author.displayName)}</strong>${authorBadge(language, reply.author)} <span class="meta">${escapeHtml(words.replied(date(reply.createdAt)))}</span></header>`,
      `<div class="post-body"${contentLanguage}>\n${reply.bodyHtml}\n</div>`,
      `<div class="post-actions"><span class="meta">${words.votes(reply.voteScore)}</span>${voteForm(reply.id, reply.hasViewerVoted, words.voteReplyLabel(reply.author.displayName))}${acceptForm(reply)}</div>`,
      '</article>',
    ].join('\n');

  const replyCount = topic.replies.length + (topic.acceptedReply ? 1 : 0);
  const repliesHeading = replyCount === 0 ? words.noReplies : topic.acceptedReply ? words.otherReplies(topic.replies.length) : words.replies(replyCount);
  const problem = form.problem ? words.problems[form.problem](form.problem === 'too_long' ? MAX_POST_BODY : 1) : undefined;
  const replySection = (() => {
    if (topic.status === 'locked') {
      const unposted = form.body.trim() ? `<p>${words.unposted}</p>\n<pre class="unposted">${escapeHtml(form.body)}</pre>` : '';
      return [`<p class="notice locked" role="status">${words.lockedNotice}</p>`, unposted].filter(Boolean).join('\n');
    }
    if (!canAct) return signInPrompt(center, language, topic.path);
    return [
      `<form method="post" action="${escapeHtml(topic.path)}/replies" novalidate>`,
      hidden,
      '<div class="field">',
      `<label for="reply-body">${words.yourReply}</label>`,
      `<p class="hint" id="reply-body-hint">${words.markdownHint}</p>`,
      problem ? `<p class="field-error" id="reply-body-error">${problem}</p>` : '',
      `<textarea id="reply-body" name="body" required maxlength="${MAX_POST_BODY}" aria-describedby="${problem ? 'reply-body-error ' : ''}reply-body-hint"${problem ? ' aria-invalid="true"' : ''}>${escapeHtml(form.body)}</textarea>`,
      '</div>',
      honeypotField(language, 'reply-website'),
      `<button type="submit">${words.postReply}</button>`,
      '</form>',
    ]
      .filter(Boolean)
      .join('\n');
  })();

  const body = [
    breadcrumbs(center, language, [
      { name: words.community, path: communityPath(center.slug, language) },
      { name: topic.category.name, path: topic.category.path },
    ]),
    refusal ? `<p class="error" role="alert">${refusal}</p>` : '',
    `<article id="topic" aria-labelledby="topic-title">`,
    `<h1 id="topic-title"${contentLanguage}>${escapeHtml(topic.title)}${topic.acceptedReply ? ` <span class="badge answered">${words.answered}</span>` : ''}${topic.status === 'locked' ? ` <span class="badge locked">${words.locked}</span>` : ''}</h1>`,
    `<p class="meta">${escapeHtml(words.asked(topic.author.displayName, date(topic.createdAt)))}${authorBadge(language, topic.author)}</p>`,
    topic.isConverted ? `<p class="notice" role="status">${words.convertedNotice}</p>` : '',
    `<div class="post-body"${contentLanguage}>\n${topic.bodyHtml}\n</div>`,
    `<div class="post-actions"><span class="meta">${words.votes(topic.voteScore)}</span>${topic.viewer.isAuthor ? '' : voteForm(null, topic.viewer.hasVotedTopic, words.voteTopicLabel)}</div>`,
    '</article>',
    topic.acceptedReply ? `<section aria-labelledby="accepted-title"><h2 id="accepted-title">${words.acceptedAnswer}</h2>\n${replyArticle(topic.acceptedReply)}\n</section>` : '',
    // Only the accepted answer: no second list under it.
    topic.acceptedReply && topic.replies.length === 0
      ? ''
      : [`<section aria-labelledby="replies-title"><h2 id="replies-title">${repliesHeading}</h2>`, ...topic.replies.map(replyArticle), '</section>'].join('\n'),
    // Where the reply form is; a locked topic has none, only its notice.
    topic.status === 'locked' ? `<div id="reply">\n${replySection}\n</div>` : `<section aria-label="${escapeHtml(words.yourReply)}" id="reply">\n${replySection}\n</section>`,
  ];
  return layout(center, language, body, reader, {
    title: `${topic.title} — ${words.communityOf(center.name)}`,
    description: plainTextOf(topic.bodyHtml, 160) || topic.title,
    // The topic's own language is its address for search engines; the other one is the same words in the other chrome.
    canonicalPath: topic.language === language ? topic.path : undefined,
    alternatePath: undefined,
    otherLanguagePath: topic.otherLanguagePath,
    isPrivate: form.notice !== undefined || form.problem !== undefined,
  });
}

export function renderCommunitySearchPage(center: HelpCenter, language: CommunityLanguage, query: string, results: TopicSearchResultView[], reader: CommunityReader): HelpCenterPage {
  const words = WORDS[language];
  const trimmed = query.trim();
  const newTopic = communityPath(center.slug, language, 'new');
  let list: string;
  if (!trimmed) list = `<p>${words.emptyQuery}</p>`;
  else if (results.length === 0) list = `<p role="status">${escapeHtml(words.noResults(trimmed))}</p>\n<p>${words.noResultsHelp} <a href="${escapeHtml(newTopic)}">${words.newTopic}</a>.</p>`;
  else {
    list = [
      `<p role="status">${words.resultCount(results.length)}</p>`,
      '<ol class="topics">',
      ...results.map((result) =>
        [
          '<li>',
          `<a class="topic-title" href="${escapeHtml(result.path)}">${escapeHtml(result.title)}</a>${result.isAnswered ? ` <span class="badge answered">${words.answered}</span>` : ''}`,
          `<p>${result.snippetHtml}</p>`,
          `<p class="meta">${escapeHtml(result.categoryName)} · ${words.replies(result.replyCount)} · ${words.votes(result.voteScore)}</p>`,
          '</li>',
        ].join(''),
      ),
      '</ol>',
    ].join('\n');
  }
  const body = [
    breadcrumbs(center, language, [{ name: words.community, path: communityPath(center.slug, language) }]),
    `<h1>${escapeHtml(trimmed ? words.resultsFor(trimmed) : words.searchTitle)}</h1>`,
    searchForm(center, language, trimmed),
    list,
  ];
  const otherPath = `${communityPath(center.slug, other(language), 'search')}${trimmed ? `?q=${encodeURIComponent(trimmed)}` : ''}`;
  return layout(center, language, body, reader, {
    title: `${trimmed ? words.resultsFor(trimmed) : words.searchTitle} — ${words.communityOf(center.name)}`,
    description: words.homeDescription(center.name),
    otherLanguagePath: otherPath,
    isPrivate: true,
  });
}

export interface TopicFormState {
  values: Partial<Record<TopicFormField, string>>;
  problems: Partial<Record<TopicFormField, PostProblem>>;
  isWrongForm?: boolean;
}

export function renderNewTopicPage(center: HelpCenter, language: CommunityLanguage, categories: Array<{ slug: string; name: string }>, state: TopicFormState, reader: CommunityReader): HelpCenterPage {
  const words = WORDS[language];
  const path = communityPath(center.slug, language, 'new');
  const fields: TopicFormField[] = ['category', 'title', 'body'];
  const fieldId = (field: TopicFormField) => `topic-${field}`;
  const problemOf = (field: TopicFormField) => {
    const problem = state.problems[field];
    return problem ? words.problems[problem](problem === 'too_short' ? MIN_FIELD[field] : MAX_FIELD[field]) : undefined;
  };
  const invalid = fields.filter((field) => state.problems[field]);
  const chosen = state.values.category ?? '';
  const control = (field: TopicFormField) => {
    const id = fieldId(field);
    const problem = problemOf(field);
    const hintId = field === 'title' || field === 'body' ? `${id}-hint` : undefined;
    const describedBy = [problem ? `${id}-error` : '', hintId ?? ''].filter(Boolean).join(' ');
    const aria = `${describedBy ? ` aria-describedby="${describedBy}"` : ''}${problem ? ' aria-invalid="true"' : ''}`;
    const value = state.values[field] ?? '';
    const input =
      field === 'category'
        ? `<select id="${id}" name="category" required${aria}>${categories
            .map((category) => `<option value="${escapeHtml(category.slug)}"${category.slug === chosen ? ' selected' : ''}>${escapeHtml(category.name)}</option>`)
            .join('')}</select>`
        : field === 'title'
          ? `<input id="${id}" name="title" type="text" required minlength="${MIN_TOPIC_TITLE}" maxlength="${MAX_TOPIC_TITLE}" autocomplete="off" value="${escapeHtml(value)}"${aria}>`
          : `<textarea id="${id}" name="body" required maxlength="${MAX_POST_BODY}"${aria}>${escapeHtml(value)}</textarea>`;
    const hint = field === 'title' ? words.titleHint : field === 'body' ? words.markdownHint : '';
    return [
      '<div class="field">',
      `<label for="${id}">${words.fields[field]}</label>`,
      hint ? `<p class="hint" id="${hintId}">${escapeHtml(hint)}</p>` : '',
      problem ? `<p class="field-error" id="${id}-error">${problem}</p>` : '',
      input,
      '</div>',
    ]
      .filter(Boolean)
      .join('\n');
  };
  let content: string;
  if (categories.length === 0) content = `<p>${words.needsCategory}</p>`;
  else if (!reader.isSignedIn) content = signInPrompt(center, language, chosen ? `${path}?category=${encodeURIComponent(chosen)}` : path);
  else {
    content = [
      state.isWrongForm ? `<p class="error" role="alert">${words.wrongForm}</p>` : '',
      invalid.length > 0
        ? `<div class="error" role="alert"><p>${words.fixTheseFields}</p><ul>${invalid.map((field) => `<li><a href="#${fieldId(field)}">${words.fields[field]}</a> — ${problemOf(field)}</li>`).join('')}</ul></div>`
        : '',
      `<form method="post" action="${escapeHtml(communityPath(center.slug, language, 'topics'))}" novalidate>`,
      `<input type="hidden" name="workspace" value="${escapeHtml(center.slug)}">`,
      ...fields.map(control),
      honeypotField(language, 'topic-website'),
      `<button type="submit">${words.postTopic}</button>`,
      '</form>',
    ]
      .filter(Boolean)
      .join('\n');
  }
  const body = [
    breadcrumbs(center, language, [{ name: words.community, path: communityPath(center.slug, language) }]),
    `<h1>${words.newTopicTitle}</h1>`,
    `<p>${words.newTopicIntro}</p>`,
    content,
  ];
  const alternate = communityPath(center.slug, other(language), 'new');
  return layout(center, language, body, reader, {
    title: `${words.newTopicTitle} — ${words.communityOf(center.name)}`,
    description: words.newTopicDescription(center.name),
    otherLanguagePath: alternate,
    isPrivate: true,
  });
}

// ── Pieces ────────────────────────────────────────────────────────────────────────────────────────────────

function layout(center: HelpCenter, language: CommunityLanguage, body: string[], reader: CommunityReader, options: Omit<HelpCenterLayoutOptions, 'isSignedIn' | 'extraStyle'>): HelpCenterPage {
  return renderHelpCenterLayout(center, language, body.filter(Boolean).join('\n'), { ...options, isSignedIn: reader.isSignedIn, extraStyle: COMMUNITY_STYLESHEET });
}

function searchForm(center: HelpCenter, language: CommunityLanguage, query: string): string {
  const words = WORDS[language];
  return [
    `<form class="community-search" role="search" aria-label="${escapeHtml(words.searchLabel)}" method="get" action="${escapeHtml(communityPath(center.slug, language, 'search'))}">`,
    `<label for="community-q">${words.searchLabel}</label>`,
    `<div class="row"><input id="community-q" type="search" name="q" value="${escapeHtml(query)}" maxlength="${MAX_COMMUNITY_SEARCH_QUERY}" autocomplete="off">`,
    `<button type="submit">${words.searchButton}</button></div>`,
    '</form>',
  ].join('\n');
}

/** "Start a new topic" for a signed-in customer; the way to sign in (and back here) for anyone else. */
function postingCall(center: HelpCenter, language: CommunityLanguage, reader: CommunityReader, here: string, newTopicPath: string): string {
  const words = WORDS[language];
  if (reader.isSignedIn) return `<p class="actions"><a class="button" href="${escapeHtml(newTopicPath)}">${words.newTopic}</a></p>`;
  return signInPrompt(center, language, here);
}

function signInPrompt(center: HelpCenter, language: CommunityLanguage, returnTo: string): string {
  const words = WORDS[language];
  const query = `?next=${encodeURIComponent(returnTo)}`;
  const signIn = `${helpCenterPath(center.slug, language, 'sign-in')}${query}`;
  const signUp = `${helpCenterPath(center.slug, language, 'sign-up')}${query}`;
  return `<p class="actions"><a class="button" href="${escapeHtml(signIn)}">${words.signInToPost}</a> <span>${words.signInToReply} ${words.noAccount} <a href="${escapeHtml(signUp)}">${words.signUp}</a>.</span></p>`;
}

function topicItem(language: CommunityLanguage, topic: TopicListItem): string {
  const words = WORDS[language];
  return [
    '<li>',
    `<a class="topic-title" href="${escapeHtml(topic.path)}">${escapeHtml(topic.title)}</a>`,
    topic.isAnswered ? ` <span class="badge answered">${words.answered}</span>` : '',
    topic.status === 'locked' ? ` <span class="badge locked">${words.locked}</span>` : '',
    `<p class="meta">${escapeHtml(words.by(topic.author.displayName))} · ${words.replies(topic.replyCount)} · ${words.votes(topic.voteScore)} · ${escapeHtml(words.lastActivity(formatDate(language, topic.lastActivityAt)))}</p>`,
    '</li>',
  ].join('');
}

function authorBadge(language: CommunityLanguage, author: PublicAuthor): string {
  return author.kind === 'staff' ? ` <span class="badge staff">${WORDS[language].staff}</span>` : '';
}

function honeypotField(language: CommunityLanguage, id: string): string {
  // For robots only: hidden from people (off-screen, out of the tab order and of the accessibility tree).
  return `<div class="hp" aria-hidden="true"><label for="${id}">${WORDS[language].honeypot}</label><input id="${id}" name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>`;
}

function formatDate(language: CommunityLanguage, iso: string): string {
  return new Intl.DateTimeFormat(WORDS[language].htmlLanguage, { dateStyle: 'long' }).format(new Date(iso));
}

function other(language: CommunityLanguage): CommunityLanguage {
  return language === 'fr' ? 'en' : 'fr';
}
