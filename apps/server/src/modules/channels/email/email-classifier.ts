import type { ParsedEmail } from './email-parser.js';

/**
 * What kind of mail this is, before anything is written. Mail that a machine sent on its own (auto-replies,
 * lists, bounces, system mailboxes) never opens a ticket: answering it is how mail loops start.
 */
export type EmailKind =
  | { kind: 'conversation' }
  | { kind: 'bounce' }
  | { kind: 'automated'; reason: AutomatedReason };

export type AutomatedReason = 'auto_submitted' | 'bulk' | 'system_sender' | 'null_sender' | 'own_address';

const SYSTEM_SENDERS = /^(mailer-daemon|postmaster)(\+[^@]*)?@/i;
const BULK_PRECEDENCE = /^\s*(bulk|junk|list)\b/i;

export interface ClassifierContext {
  /** The envelope sender: `''` is the null sender (`MAIL FROM:<>`) of reports; undefined when unknown (IMAP). */
  mailFrom: string | undefined;
  /** Whether an address is one of ours (a workspace's support address): mail from it is our own, looping back. */
  isOwnAddress(address: string): boolean;
}

export function classifyEmail(email: ParsedEmail, context: ClassifierContext): EmailKind {
  const sender = email.from?.address ?? context.mailFrom ?? '';
  const isReport = email.contentType === 'multipart/report' && email.deliveryReport !== null;
  if (isReport || /^mailer-daemon@/i.test(sender)) return { kind: 'bounce' };
  if (SYSTEM_SENDERS.test(sender)) return { kind: 'automated', reason: 'system_sender' };
  const autoSubmitted = email.headers.get('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.trim().toLowerCase().split(/[;\s]/)[0] !== 'no') return { kind: 'automated', reason: 'auto_submitted' };
  // Older auto-responders announce themselves with headers of their own instead of Auto-Submitted.
  if (email.headers.has('x-autoreply') || email.headers.has('x-autorespond')) return { kind: 'automated', reason: 'auto_submitted' };
  // Other reports (read receipts) are machine-made too.
  if (email.contentType === 'multipart/report') return { kind: 'automated', reason: 'auto_submitted' };
  if (BULK_PRECEDENCE.test(email.headers.get('precedence') ?? '')) return { kind: 'automated', reason: 'bulk' };
  if (context.mailFrom === '') return { kind: 'automated', reason: 'null_sender' };
  if (sender && context.isOwnAddress(sender)) return { kind: 'automated', reason: 'own_address' };
  return { kind: 'conversation' };
}
