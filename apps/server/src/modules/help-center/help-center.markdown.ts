import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** The hosts a video may be embedded from (and the page's `frame-src` allows). */
export const VIDEO_EMBED_HOSTS = ['www.youtube.com', 'www.youtube-nocookie.com', 'player.vimeo.com'] as const;

/**
 * The address to embed for a link to a YouTube or Vimeo video, when it is one: a paragraph holding only such a
 * link becomes the player, as authors write "paste the video's address on its own line".
 */
export function videoEmbedUrlOf(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^(www\.|m\.)/, '');
  const id = /^[A-Za-z0-9_-]{6,20}$/;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const videoId = url.pathname === '/watch' ? url.searchParams.get('v') : /^\/(?:embed|shorts)\/([^/]+)$/.exec(url.pathname)?.[1];
    return videoId && id.test(videoId) ? `https://www.youtube-nocookie.com/embed/${videoId}` : undefined;
  }
  if (host === 'youtu.be') {
    const videoId = url.pathname.slice(1);
    return id.test(videoId) ? `https://www.youtube-nocookie.com/embed/${videoId}` : undefined;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const videoId = /^\/(?:video\/)?(\d{5,12})$/.exec(url.pathname)?.[1];
    return videoId ? `https://player.vimeo.com/video/${videoId}` : undefined;
  }
  return undefined;
}

/** The player's accessible name when the link has no words of its own (a bare address). */
const VIDEO_TITLE: Record<'en' | 'fr', string> = { en: 'Video', fr: 'Vidéo' };

/** Markdown as GitHub writes it (tables, autolinks); a paragraph that is only a video link becomes its player. */
function markdownFor(language: 'en' | 'fr'): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    renderer: {
      paragraph({ tokens }: Tokens.Paragraph): string | false {
        const only = tokens.length === 1 && tokens[0]!.type === 'link' ? (tokens[0] as Tokens.Link) : undefined;
        const embed = only ? videoEmbedUrlOf(only.href) : undefined;
        if (!only || !embed) return false;
        const title = only.text && only.text !== only.href ? only.text : VIDEO_TITLE[language];
        return `<p class="video"><iframe src="${embed}" title="${escapeAttribute(title)}" width="560" height="315" allowfullscreen></iframe></p>\n`;
      },
    },
  });
}
const MARKDOWN = { en: markdownFor('en'), fr: markdownFor('fr') };

/**
 * What an article may show: headings, paragraphs, lists (numbered steps keep their start), links, images, code,
 * quotes, tables and YouTube or Vimeo players. Scripts, styles, forms, event handlers and other frames are removed.
 * The article's title is the page's only `h1`: a heading of level 1 in the body becomes a level 2.
 */
const ARTICLE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'code', 'pre', 'strong', 'em', 'del', 's', 'sub', 'sup', 'kbd', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'iframe', 'figure', 'figcaption'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    code: ['class'],
    p: ['class'],
    iframe: ['src', 'title', 'width', 'height', 'allowfullscreen', 'loading', 'referrerpolicy', 'allow'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/], p: ['video'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https'], iframe: ['https'] },
  allowProtocolRelative: false,
  allowedIframeHostnames: [...VIDEO_EMBED_HOSTS],
  allowIframeRelativeUrls: false,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'object', 'template'],
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => {
      const { rel: _rel, ...rest } = attribs;
      return { tagName, attribs: /^https?:/i.test(attribs.href ?? '') ? { ...rest, rel: 'noopener noreferrer' } : rest };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
    iframe: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, loading: 'lazy', referrerpolicy: 'strict-origin-when-cross-origin', allow: 'encrypted-media; picture-in-picture; fullscreen', title: attribs.title || VIDEO_TITLE.en },
    }),
  },
  // An image or frame left without a source (refused host or scheme) is dropped rather than shown empty.
  exclusiveFilter: (frame) => (frame.tag === 'img' || frame.tag === 'iframe') && !frame.attribs.src,
};

/** An article's Markdown as the HTML a visitor may be shown. */
export function renderArticleHtml(body: string, language: 'en' | 'fr' = 'en'): string {
  const html = MARKDOWN[language].parse(body, { async: false });
  return sanitizeHtml(html, ARTICLE_HTML).trim();
}

/** The words of rendered HTML on one line (for the page's description). */
export function plainTextOf(html: string, maxCharacters: number): string {
  const text = sanitizeHtml(html.replace(/<\/(p|h[1-6]|li|pre|blockquote|tr)>/gi, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= maxCharacters ? text : `${text.slice(0, maxCharacters - 1).replace(/\s+\S*$/, '')}…`;
}

/** A search snippet (escaped text with the words found in `<mark>`), keeping only `<mark>`. */
export function safeSnippet(snippet: string): string {
  return sanitizeHtml(snippet, { allowedTags: ['mark'], allowedAttributes: {} });
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
