import sanitizeHtml from 'sanitize-html';
import { renderArticleHtml } from '../help-center/help-center.markdown.js';

/**
 * What a customer's post may show, narrower than an article: text, lists, links, code, quotes and tables, no images
 * and no players (a post's picture would be anybody's tracking pixel). A video link stays a link. Headings start at
 * level 4, below the topic's title and the page's sections. Links are marked as user content that search engines do
 * not follow.
 */
const POST_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'a', 'code', 'pre', 'strong', 'em', 'del', 's', 'sub', 'sup', 'kbd', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'object', 'template'],
  transformTags: {
    h2: 'h4',
    h3: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener noreferrer' } }),
    // The article renderer turns a video link on its own line into a player: in a post it is the link again.
    iframe: (_tagName, attribs) => ({ tagName: 'a', attribs: { href: attribs.src ?? '', rel: 'nofollow ugc noopener noreferrer' }, text: attribs.src ?? '' }),
    img: (_tagName, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href,
};

/** A topic's or reply's Markdown as the HTML a visitor may be shown. */
export function renderPostHtml(body: string, language: 'en' | 'fr'): string {
  return sanitizeHtml(renderArticleHtml(body, language), POST_HTML).trim();
}
