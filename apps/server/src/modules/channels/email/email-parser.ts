import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

export interface EmailAddress {
  /** Lower-case. */
  address: string;
  name: string | null;
}

/** A file carried by the message: an attachment, or an image the HTML shows inline (`cid:`). */
export interface EmailFile {
  filename: string | null;
  contentType: string;
  content: Buffer;
  /** Without angle brackets; what `cid:` links in the HTML name. */
  contentId: string | null;
  isInline: boolean;
}

/** One recipient of a delivery status notification (RFC 3464). */
export interface DeliveryReportRecipient {
  recipient: string;
  action: string;
  status: string | null;
  diagnostic: string | null;
}

export interface DeliveryReport {
  recipients: DeliveryReportRecipient[];
  /** Message-IDs of the returned message, from its enclosed headers. */
  originalMessageIds: string[];
}

/** What the channel needs of a message, whatever its charset, transfer encoding or MIME shape. */
export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  sentAt: Date | null;
  /** The plain-text body; empty when the message only has HTML. */
  text: string;
  /** The HTML body as sent: never shown before it is sanitised. */
  html: string | null;
  files: EmailFile[];
  /** Header values by lower-case name (the first occurrence, unfolded, not decoded). */
  headers: Map<string, string>;
  contentType: string;
  deliveryReport: DeliveryReport | null;
  /** The MIME structure could not be read as declared; what could be read is in `text`. */
  isMalformed: boolean;
}

const REPORT_PART_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_HEADER_TYPES = new Set(['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers']);

/**
 * Reads a raw message. mailparser decodes every charset and transfer encoding; when it cannot make sense
 * of the structure (or fails outright), the body is read leniently instead, so a broken message still
 * yields its words.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      keepCidLinks: true,
      skipImageLinks: true,
      skipTextToHtml: true,
      skipHtmlToText: true,
      keepDeliveryStatus: true,
      // A forwarded message stays one .eml attachment rather than being merged into the text.
      ignoreEmbedded: true,
      checksumAlgo: false,
    });
  } catch {
    return parseLeniently(raw);
  }
  const headers = headerMap(parsed.headerLines.map((line) => line.line));
  const contentType = parsed.headers.get('content-type') as { value?: string } | undefined;
  const reportParts = parsed.attachments.filter((part) => REPORT_PART_TYPES.has(part.contentType));
  const returnedHeaders = parsed.attachments.filter((part) => RETURNED_HEADER_TYPES.has(part.contentType));
  const files = parsed.attachments
    .filter((part) => !REPORT_PART_TYPES.has(part.contentType) && !(reportParts.length > 0 && RETURNED_HEADER_TYPES.has(part.contentType)))
    .map((part) => ({
      filename: part.filename ?? null,
      contentType: part.contentType.toLowerCase(),
      content: part.content,
      contentId: part.contentId ? stripAngleBrackets(part.contentId) : null,
      isInline: part.contentDisposition === 'inline' || part.related === true,
    }));

  const email: ParsedEmail = {
    messageId: firstMessageId(parsed.messageId),
    inReplyTo: messageIdsOf(parsed.inReplyTo),
    references: messageIdsOf(parsed.references),
    subject: (parsed.subject ?? '').trim(),
    from: addressesOf(parsed.from)[0] ?? null,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    sentAt: dateOf(headers.get('date')),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : null,
    files,
    headers,
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    deliveryReport: reportParts.length > 0 ? readDeliveryReport(reportParts.map((part) => part.content), returnedHeaders.map((part) => part.content)) : null,
    isMalformed: false,
  };

  // A multipart message whose parts could not be found (a wrong boundary, a truncated body): read the body as it is.
  const hasContent = email.text.trim() !== '' || email.html !== null || parsed.attachments.length > 0;
  if (!hasContent) {
    const body = bodyOf(raw);
    if (body.trim() !== '') return { ...email, text: readBodyLeniently(body, headers.get('content-type')), isMalformed: true };
  }
  return email;
}

/** Only the headers and whatever text the body holds: for messages mailparser refuses. */
function parseLeniently(raw: Buffer): ParsedEmail {
  const source = decodeText(raw, undefined);
  const split = source.search(/\r?\n\r?\n/);
  const headerBlock = split === -1 ? source : source.slice(0, split);
  const headers = headerMap(unfold(headerBlock).split(/\r?\n/));
  const from = parseAddressList(headers.get('from'))[0] ?? null;
  return {
    messageId: firstMessageId(headers.get('message-id')),
    inReplyTo: messageIdsOf(headers.get('in-reply-to')),
    references: messageIdsOf(headers.get('references')),
    subject: headers.get('subject')?.trim() ?? '',
    from,
    to: parseAddressList(headers.get('to')),
    cc: parseAddressList(headers.get('cc')),
    sentAt: dateOf(headers.get('date')),
    text: readBodyLeniently(bodyOf(raw), headers.get('content-type')),
    html: null,
    files: [],
    headers,
    contentType: (headers.get('content-type')?.split(';')[0]?.trim() ?? 'text/plain').toLowerCase(),
    deliveryReport: null,
    isMalformed: true,
  };
}

function bodyOf(raw: Buffer): string {
  const source = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(source);
  if (!match) return '';
  return decodeText(raw.subarray(match.index + match[0].length), undefined);
}

/**
 * The text parts of a body whose MIME structure is broken: the pieces between lines that look like
 * boundaries, each with its own headers when it has some; binary parts are left out.
 */
function readBodyLeniently(body: string, contentType: string | undefined): string {
  const isMultipart = /^\s*multipart\//i.test(contentType ?? '');
  const chunks = isMultipart ? body.split(/^--[^\s]+?(?:--)?[ \t]*$/m) : [body];
  const texts: string[] = [];
  for (const chunk of chunks) {
    const trimmed = chunk.replace(/^\r?\n/, '');
    const headerMatch = /^((?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)+)\r?\n/.exec(trimmed);
    const partHeaders = headerMatch ? headerMap(unfold(headerMatch[1]!).split(/\r?\n/)) : new Map<string, string>();
    const partType = (partHeaders.get('content-type') ?? 'text/plain').toLowerCase();
    if (!partType.startsWith('text/') && !partType.startsWith('multipart/')) continue;
    let content = headerMatch ? trimmed.slice(headerMatch[0].length) : trimmed;
    const encoding = partHeaders.get('content-transfer-encoding')?.trim().toLowerCase();
    if (encoding === 'quoted-printable') content = decodeQuotedPrintable(content);
    if (encoding === 'base64') content = Buffer.from(content.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
    if (partType.startsWith('text/html')) content = content.replace(/<[^>]*>/g, ' ');
    if (content.trim() !== '') texts.push(content.trim());
  }
  return texts.join('\n\n');
}

function decodeQuotedPrintable(text: string): string {
  const bytes = Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return decodeText(bytes, undefined);
}

/** UTF-8 when the bytes are valid UTF-8, Latin-1 otherwise (the usual undeclared charset of old mailers). */
function decodeText(bytes: Buffer, charset: string | undefined): string {
  if (charset && /^(iso-8859-1|latin1|windows-1252)$/i.test(charset)) return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? bytes.toString('latin1') : text;
}

function unfold(block: string): string {
  return block.replace(/\r?\n[ \t]+/g, ' ');
}

function headerMap(lines: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, unfold(line.slice(colon + 1)).trim());
  }
  return map;
}

function dateOf(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function stripAngleBrackets(value: string): string {
  return value.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** Every `<id>` of a header (In-Reply-To, References); a bare value when it holds no brackets. */
export function messageIdsOf(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  if (bracketed.length > 0) return [...new Set(bracketed)];
  const bare = text.trim();
  return bare && !/\s/.test(bare) ? [bare] : [];
}

function firstMessageId(value: string | undefined): string | null {
  return messageIdsOf(value)[0] ?? null;
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!value) return [];
  const entries = (Array.isArray(value) ? value : [value]).flatMap((object) => object.value);
  const flattened = entries.flatMap((entry) => (entry.group ? entry.group : [entry]));
  const seen = new Set<string>();
  const result: EmailAddress[] = [];
  for (const entry of flattened) {
    const address = entry.address?.trim().toLowerCase();
    if (!address || !address.includes('@') || seen.has(address)) continue;
    seen.add(address);
    result.push({ address, name: entry.name?.trim() || null });
  }
  return result;
}

/** A forgiving address list reader for headers mailparser never saw: `Name <a@b>, c@d`. */
function parseAddressList(value: string | undefined): EmailAddress[] {
  if (!value) return [];
  const result: EmailAddress[] = [];
  for (const match of value.matchAll(/(?:"?([^",<]*?)"?\s*)?<?([^\s<>",;]+@[^\s<>",;]+)>?/g)) {
    const address = match[2]!.toLowerCase();
    if (!result.some((entry) => entry.address === address)) result.push({ address, name: match[1]?.trim() || null });
  }
  return result;
}

/** The per-recipient fields of a delivery status report, and the Message-ID of the message it returns. */
function readDeliveryReport(reports: Buffer[], returned: Buffer[]): DeliveryReport {
  const recipients: DeliveryReportRecipient[] = [];
  for (const report of reports) {
    for (const block of report.toString('utf8').split(/\r?\n\s*\r?\n/)) {
      const fields = headerMap(unfold(block).split(/\r?\n/));
      const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
      if (!recipient) continue;
      recipients.push({
        recipient: recipient.replace(/^[^;]*;/, '').trim().replace(/^<|>$/g, '').toLowerCase(),
        action: (fields.get('action') ?? 'failed').toLowerCase(),
        status: fields.get('status') ?? null,
        diagnostic: fields.get('diagnostic-code')?.replace(/^[^;]*;\s*/, '') ?? null,
      });
    }
  }
  const originalMessageIds = returned.flatMap((part) => {
    const text = part.toString('utf8');
    const end = text.search(/\r?\n\r?\n/);
    const headers = headerMap(unfold(end === -1 ? text : text.slice(0, end)).split(/\r?\n/));
    return messageIdsOf(headers.get('message-id'));
  });
  return { recipients, originalMessageIds };
}
