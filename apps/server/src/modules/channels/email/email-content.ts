/// <reference path="./email-reply-parser.d.ts" />
import EmailReplyParser from 'email-reply-parser';
import sanitizeHtml from 'sanitize-html';

/** Formatting a support agent needs to read a message; nothing that runs, loads or overlays. */
const SAFE_STYLE = {
  color: [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
  'background-color': [/^#[0-9a-f]{3,8}$/i, /^rgba?\([\d\s.,%]+\)$/i, /^[a-z]+$/i],
  'text-align': [/^(left|right|center|justify)$/],
  'font-weight': [/^(bold|normal|[1-9]00)$/],
  'font-style': [/^(italic|normal)$/],
  'text-decoration': [/^(underline|line-through|none)$/],
};

/**
 * Sanitises a message's HTML for display: scripts, styles, frames, forms, event handlers and unsafe links
 * are removed; text formatting, lists, tables and links stay. Inline images (`cid:`) point at their stored
 * attachment; remote images are dropped, since loading them would tell the sender when an agent reads.
 */
export function sanitizeEmailHtml(html: string, inlineImageUrls: ReadonlyMap<string, string>): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center'],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      font: ['color'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align'],
      '*': ['style'],
    },
    allowedStyles: { '*': SAFE_STYLE },
    allowedSchemes: ['http', 'https', 'mailto'],
    // Relative URLs are ours (stored inline images); every other image source is refused.
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs) => {
        const source = attribs.src ?? '';
        const contentId = source.toLowerCase().startsWith('cid:') ? decodeURIComponent(source.slice(4)).replace(/^<|>$/g, '') : undefined;
        const { src: _source, ...rest } = attribs;
        const url = contentId ? inlineImageUrls.get(contentId) : undefined;
        return { tagName, attribs: url ? { ...rest, src: url } : rest };
      },
    },
    allowedClasses: {},
    // An image left without a source (remote, or an unknown cid) is dropped rather than shown broken.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }).trim();
}

/** The words of sanitised HTML, one line per block, for the plain-text body of an HTML-only message. */
export function htmlToText(safeHtml: string): string {
  const marked = safeHtml
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|h[1-6]|ul|ol|table|blockquote|pre)>/gi, '\n\n')
    .replace(/<\/(div|tr|center)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t');
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/**
 * The reply parser's patterns backtrack badly on long lines (a crafted 36 KB line takes minutes), so it
 * reads only the head of the text, with long lines stood in for by short markers: no quote header is
 * that long, and the lines come back unchanged afterwards.
 */
const REPLY_PARSER_HEAD_CHARACTERS = 32 * 1024;
const REPLY_PARSER_MAX_LINE = 200;
const LONG_LINE_MARKER = 'SWITCHBOARD-LONG-LINE-';

/**
 * The new part of a reply: quoted history ("On … wrote:", "-----Original Message-----", "De : … Envoyé :")
 * and signatures ("-- ", "Sent from my iPhone", "Cordialement,") are left out. When nothing would remain,
 * the whole text is kept.
 */
export function visibleReplyText(text: string): string {
  const normalised = text.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
  const whole = normalised.trim();
  const head = normalised.length > REPLY_PARSER_HEAD_CHARACTERS ? normalised.slice(0, normalised.lastIndexOf('\n', REPLY_PARSER_HEAD_CHARACTERS) + 1) : normalised;
  const longLines: string[] = [];
  const guarded = head
    .split('\n')
    .map((line) => {
      if (line.length <= REPLY_PARSER_MAX_LINE) return line;
      longLines.push(line.trimStart());
      return `${/^>*/.exec(line)![0]}${LONG_LINE_MARKER}${longLines.length - 1}`;
    })
    .join('\n');
  const email = new EmailReplyParser().read(guarded);
  // Nothing recognised as quoted history or signature: the text is all new, beyond the head too.
  if (!email.getFragments().some((fragment) => fragment.isHidden() && !fragment.isEmpty())) return whole;
  const visible = email
    .getVisibleText()
    .replace(new RegExp(`${LONG_LINE_MARKER}(\\d+)`, 'g'), (_match, index: string) => longLines[Number(index)] ?? '')
    .trim();
  return visible || whole;
}
