import { z } from 'zod';

export const IMAP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type ImapSecurity = (typeof IMAP_SECURITY)[number];

/** Shorter intervals would be polling as a denial of service on someone else's mail server. */
export const MIN_POLL_INTERVAL_SECONDS = 30;
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
export const MAX_POLL_INTERVAL_SECONDS = 24 * 3600;

/**
 * Why talking to a mailbox failed, the same for "test connection" and for polls; the message beside it says
 * more (often the server's own words).
 */
export const IMAP_ERROR_CODES = [
  'host_not_found',
  'connection_failed',
  'timeout',
  'tls_failed',
  'authentication_failed',
  'folder_not_found',
  'server_error',
  'ingestion_failed',
] as const;
export type ImapErrorCode = (typeof IMAP_ERROR_CODES)[number];

/** A host name or an IP address, without scheme, port or path. */
const ZHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^[0-9a-f:.]+$/, 'a host name or an IP address, without scheme, port or brackets');

const ZFolder = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');

export const ZImapPollResult = z.object({
  at: z.string(),
  status: z.enum(['ok', 'error']),
  errorCode: z.enum(IMAP_ERROR_CODES).nullable(),
  message: z.string().nullable().describe('What went wrong (often the server’s own words); null after a good poll'),
  messagesFetched: z.number().int().describe('Messages read from the mailbox and handed over as received mail'),
  messagesSkipped: z.number().int().describe('Messages left in the mailbox, unread, because they are larger than the workspace’s message size limit'),
});
export type TImapPollResult = z.infer<typeof ZImapPollResult>;

export const ZImapMailbox = z.object({
  id: z.uuid(),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(IMAP_SECURITY),
  username: z.string(),
  folder: z.string(),
  pollIntervalSeconds: z.number().int(),
  isEnabled: z.boolean(),
  lastPoll: ZImapPollResult.nullable().describe('The outcome of the latest poll; null before the first'),
  nextPollAt: z.string().nullable().describe('When the workers poll it next; null while it is turned off'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TImapMailbox = z.infer<typeof ZImapMailbox>;

export const ZCreateImapMailboxRequest = z
  .object({
    host: ZHost,
    port: z.number().int().min(1).max(65535).optional().describe('Default 993 with `tls`, 143 otherwise'),
    security: z.enum(IMAP_SECURITY).default('tls').describe('`tls`: TLS from the start; `starttls`: upgrade required; `none`: cleartext (a server on the same network only)'),
    username: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(1000).describe('Stored encrypted; never answered back'),
    folder: ZFolder.default('INBOX'),
    pollIntervalSeconds: z.number().int().min(MIN_POLL_INTERVAL_SECONDS).max(MAX_POLL_INTERVAL_SECONDS).default(DEFAULT_POLL_INTERVAL_SECONDS),
    isEnabled: z.boolean().default(true),
  })
  .strict();
export type TCreateImapMailboxRequest = z.infer<typeof ZCreateImapMailboxRequest>;

export const ZUpdateImapMailboxRequest = z
  .object({
    host: ZHost,
    port: z.number().int().min(1).max(65535),
    security: z.enum(IMAP_SECURITY),
    username: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(1000).describe('Only when it changes: leave it out to keep the stored one'),
    folder: ZFolder,
    pollIntervalSeconds: z.number().int().min(MIN_POLL_INTERVAL_SECONDS).max(MAX_POLL_INTERVAL_SECONDS),
    isEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type TUpdateImapMailboxRequest = z.infer<typeof ZUpdateImapMailboxRequest>;

export const ZImapMailboxParams = z.object({ mailboxId: z.uuid() });

export const ZImapConnectionTest = z.object({
  ok: z.boolean(),
  messageCount: z.number().int().nullable().describe('Messages in the folder, when the connection worked'),
  unseenCount: z.number().int().nullable(),
  error: z.object({ code: z.enum(IMAP_ERROR_CODES), message: z.string() }).nullable(),
});
export type TImapConnectionTest = z.infer<typeof ZImapConnectionTest>;
