import { ImapFlow, type MailboxObject } from 'imapflow';
import { MAX_MESSAGE_BYTES_CEILING } from './email.schema.js';
import type { ImapErrorCode, ImapSecurity } from './imap-mailboxes.schema.js';

/** Where a mailbox is and how to sign in to it, the password already opened. */
export interface ImapAccount {
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  password: string;
}

/** A failure to talk to a mailbox, worded for the admin who connected it. */
export class ImapFailure extends Error {
  constructor(
    readonly code: ImapErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImapFailure';
  }
}

const CONNECT_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 15_000;
/** Silence on an open connection this long means it is gone. */
const SOCKET_TIMEOUT_MS = 60_000;
/** No message the workspace could take is larger; a server announcing more is not believed. */
const MAX_LITERAL_BYTES = MAX_MESSAGE_BYTES_CEILING + 1024 * 1024;

const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS']);

/**
 * Signs in to the account, opens `folder` and runs `work` with it, then logs out. Whatever fails on the way
 * (the host, the network, TLS, the password, the folder, the server) comes out as an `ImapFailure`; an error
 * thrown by `work` itself that is not the connection's passes through unchanged. `signal` ends the session.
 */
export async function withImapFolder<T>(
  account: ImapAccount,
  folder: string,
  options: { readOnly: boolean; signal?: AbortSignal | undefined },
  work: (client: ImapFlow, mailbox: MailboxObject) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    // `starttls` must upgrade (a server that does not offer it fails); `none` must not try, as asked.
    doSTARTTLS: account.security === 'starttls' ? true : account.security === 'none' ? false : undefined,
    auth: { user: account.username, pass: account.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    maxLiteralSize: MAX_LITERAL_BYTES,
    clientInfo: { name: 'Switchboard' },
  });
  // Failures also reject the command under way; without a listener an 'error' event would end the process.
  client.on('error', () => {});
  const close = () => client.close();
  options.signal?.addEventListener('abort', close, { once: true });
  try {
    let mailbox: MailboxObject;
    try {
      if (options.signal?.aborted) throw new ImapFailure('connection_failed', 'The poll was stopped before it connected.');
      await client.connect();
      mailbox = await client.mailboxOpen(folder, { readOnly: options.readOnly });
    } catch (error) {
      throw toImapFailure(error, folder);
    }
    const result = await work(client, mailbox);
    await client.logout().catch(() => {});
    return result;
  } finally {
    options.signal?.removeEventListener('abort', close);
    client.close();
  }
}

/** Words an error of the IMAP client (or of the socket under it) for the admin, with a code the interface can translate. */
export function toImapFailure(error: unknown, folder?: string): ImapFailure {
  if (error instanceof ImapFailure) return error;
  const failure = error as { code?: string; message?: string; authenticationFailed?: boolean; tlsFailed?: boolean; mailboxMissing?: boolean; responseText?: string; responseStatus?: string; command?: string; _err?: { code?: string; message?: string } };
  const code = failure.code ?? failure._err?.code ?? '';
  const serverText = failure.responseText?.trim();
  const detail = (serverText || failure.message || String(error)).slice(0, 500);
  if (failure.authenticationFailed) return new ImapFailure('authentication_failed', `The server refused the user name or password${serverText ? `: ${serverText}` : '.'}`);
  if (failure.mailboxMissing) return new ImapFailure('folder_not_found', `The folder "${folder ?? ''}" does not exist on this server.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ImapFailure('host_not_found', `The host name could not be resolved (${code}).`);
  if (failure.tlsFailed || /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)) {
    // OpenSSL's words for a port that answers in cleartext say nothing to an admin.
    const reason = /wrong version number|packet length too long/i.test(detail) ? 'the server does not speak TLS on this port (try STARTTLS, or port 993)' : detail.split('\n')[0]!.trim();
    return new ImapFailure('tls_failed', `The secure connection failed: ${reason}.`.replace(/\.\.$/, '.'));
  }
  if (TIMEOUT_CODES.has(code)) return new ImapFailure('timeout', `The server did not answer in time (${code}).`);
  if (UNREACHABLE_CODES.has(code)) return new ImapFailure('connection_failed', `Could not connect to the server (${code}): ${detail}`);
  if (failure.responseStatus === 'NO' && /^(SELECT|EXAMINE)$/i.test(failure.command ?? '')) return new ImapFailure('folder_not_found', `The folder "${folder ?? ''}" could not be opened: ${detail}`);
  return new ImapFailure('server_error', `The mail server answered with an error: ${detail}`);
}
