/**
 * The file types staff may attach, and how a file proves it is what it claims to be. Types a browser would
 * run or render as a page (HTML, SVG, scripts) are left out on purpose.
 */

interface Signature {
  offset: number;
  bytes: number[];
}

interface AllowedType {
  extensions: string[];
  /** Binary types must start with one of these byte sequences (all parts of one entry must match). */
  signatures?: Signature[][];
}

const bytesOf = (text: string) => [...Buffer.from(text, 'latin1')];

const ZIP_SIGNATURES: Signature[][] = [[{ offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] }]];

export const ALLOWED_TYPES: Record<string, AllowedType> = {
  'image/png': { extensions: ['png'], signatures: [[{ offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }]] },
  'image/jpeg': { extensions: ['jpg', 'jpeg', 'jfif'], signatures: [[{ offset: 0, bytes: [0xff, 0xd8, 0xff] }]] },
  'image/gif': { extensions: ['gif'], signatures: [[{ offset: 0, bytes: bytesOf('GIF87a') }], [{ offset: 0, bytes: bytesOf('GIF89a') }]] },
  'image/webp': { extensions: ['webp'], signatures: [[{ offset: 0, bytes: bytesOf('RIFF') }, { offset: 8, bytes: bytesOf('WEBP') }]] },
  'application/pdf': { extensions: ['pdf'], signatures: [[{ offset: 0, bytes: bytesOf('%PDF-') }]] },
  'application/zip': {
    extensions: ['zip'],
    // An empty archive holds only its end-of-directory record.
    signatures: [...ZIP_SIGNATURES, [{ offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] }]],
  },
  // Office documents are ZIP containers: the signature proves the container, not the document inside.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], signatures: ZIP_SIGNATURES },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], signatures: ZIP_SIGNATURES },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { extensions: ['pptx'], signatures: ZIP_SIGNATURES },
  'text/plain': { extensions: ['txt', 'log', 'text'] },
  'text/csv': { extensions: ['csv'] },
  'application/json': { extensions: ['json'] },
  'message/rfc822': { extensions: ['eml'] },
};

/** Other names clients use for allowed types (Windows browsers send `application/x-zip-compressed` for .zip). */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'text/x-csv': 'text/csv',
  'application/csv': 'text/csv',
  'text/comma-separated-values': 'text/csv',
};

/**
 * Declared types that say nothing about the file: curl sends `application/octet-stream`, and Windows with
 * Excel installed declares .csv files as `application/vnd.ms-excel`. The filename's extension decides then,
 * and the content checks still apply.
 */
const UNINFORMATIVE_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/vnd.ms-excel']);

/** How many leading bytes the content checks look at. */
export const INSPECTED_BYTES = 1024;

/** The allowed type this upload claims to be, or undefined when its claim is not on the list. */
export function resolveDeclaredType(declared: string | undefined, filename: string): string | undefined {
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const named = ALIASES[essence] ?? essence;
  if (ALLOWED_TYPES[named]) return named;
  if (!UNINFORMATIVE_TYPES.has(essence)) return undefined;
  const extension = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';
  const byExtension = Object.entries(ALLOWED_TYPES).find(([, type]) => type.extensions.includes(extension));
  // A spreadsheet claim may only stand for a .csv file, not any allowed extension.
  if (essence === 'application/vnd.ms-excel' && byExtension?.[0] !== 'text/csv') return undefined;
  return byExtension?.[0];
}

/**
 * Whether the first bytes of a file fit its type: binary types by their signature, text types by holding
 * no NUL byte (which every executable and binary format has early on).
 */
export function contentMatchesType(contentType: string, head: Buffer): boolean {
  const type = ALLOWED_TYPES[contentType];
  if (!type) return false;
  if (type.signatures) {
    return type.signatures.some((parts) =>
      parts.every(({ offset, bytes }) => head.length >= offset + bytes.length && bytes.every((byte, index) => head[offset + index] === byte)),
    );
  }
  const isUtf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  return isUtf16 || !head.includes(0);
}
