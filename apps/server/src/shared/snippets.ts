/**
 * Search snippets: PostgreSQL's `ts_headline` wraps the words found between two private-use characters (which no
 * text contains), and the snippet is escaped before they become `<mark>`, so an article or a post cannot inject markup.
 */
export const SNIPPET_START = '\uE000';
export const SNIPPET_STOP = '\uE001';

/** The headline as HTML-safe text, its matched words in `<mark>`. */
export function markSnippet(headline: string): string {
  const escaped = headline.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return escaped.replaceAll(SNIPPET_START, '<mark>').replaceAll(SNIPPET_STOP, '</mark>');
}
