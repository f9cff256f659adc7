export const MAX_FILENAME_LENGTH = 200;
const FALLBACK_FILENAME = 'attachment';

// Control characters, and the bidirectional overrides that make "gpj.exe" display as "exe.jpg".
// Zero-width joiners stay: emoji sequences are built from them.
const UNSAFE_CHARACTERS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// Half of a surrogate pair cannot be encoded into a header; it becomes the replacement character.
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The name shown and offered on download: only the last path segment, without control characters, at most
 * 200 characters (cut between whole characters, keeping the extension). Accents and emoji stay.
 */
export function sanitizeFilename(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(LONE_SURROGATES, '\uFFFD')
    .normalize('NFC')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(/\s+/g, ' ')
    .trim()
    // Trailing dots and spaces are dropped by Windows and hide the real extension.
    .replace(/[. ]+$/, '');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return FALLBACK_FILENAME;
  if ([...cleaned].length <= MAX_FILENAME_LENGTH) return cleaned;

  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && [...cleaned.slice(dot)].length <= 16 ? cleaned.slice(dot) : '';
  const base = extension ? cleaned.slice(0, dot) : cleaned;
  return truncateCharacters(base, MAX_FILENAME_LENGTH - [...extension].length).trimEnd() + extension;
}

/** At most `limit` code points, never splitting an emoji or an accented letter. */
function truncateCharacters(text: string, limit: number): string {
  let result = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    const length = [...segment].length;
    if (count + length > limit) break;
    result += segment;
    count += length;
  }
  return result;
}

/** RFC 6266 / RFC 8187: the UTF-8 name, percent-encoded, so any name survives any browser safely. */
export function attachmentContentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}
