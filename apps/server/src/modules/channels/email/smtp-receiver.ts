import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { IngestRefusal, type EmailIngestionService } from './email-ingestion.service.js';
import { MAX_MESSAGE_BYTES_CEILING } from './email.schema.js';
import type { EmailService } from './email.service.js';

export interface SmtpReceiver {
  host: string;
  /** The port it listens on (the one given, or the one the system chose for port 0). */
  port: number;
  /** Stops accepting connections, lets the messages being received finish, then resolves. */
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  host: string;
  port: number;
  /** Where failures that are ours (not the sender's) are reported; they answer 451 so the sender retries. */
  onError?: (error: unknown) => void;
}

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The built-in SMTP receiver: accepts mail for the workspaces' support addresses and hands each message to
 * `EmailIngestionService.ingest`, answering only once it is stored (250), so a sender never loses a
 * message it was told we have. Unknown recipients are refused at RCPT (550); a message over the
 * workspace's size limit is refused at the end of DATA (552) with nothing written. Plain SMTP without
 * authentication, as a mail exchanger receives it; TLS belongs to a relay in front, if any.
 */
export async function startSmtpReceiver(email: EmailService, ingestion: EmailIngestionService, options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  // The size limit of each accepted recipient, for the transaction in progress on each connection.
  const limitsBySession = new WeakMap<SMTPServerSession, Map<string, number>>();
  const receiving = new Set<Promise<unknown>>();
  const reportError = options.onError ?? (() => undefined);

  const server = new SMTPServer({
    banner: 'Switchboard mail receiver',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES_CEILING,
    rejectOversized: true,
    maxClients: 200,
    maxRecipients: 100,
    logger: false,
    closeTimeout: 5_000,

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      email
        .resolveRecipient(address.address)
        .then((recipient) => {
          if (!recipient) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
          const declaredSize = Number(session.envelope.mailFrom ? (session.envelope.mailFrom.args || {}).SIZE : undefined);
          if (declaredSize > recipient.maxMessageBytes) {
            return callback(smtpError(552, `5.3.4 Message too large for <${address.address}> (limit ${recipient.maxMessageBytes} bytes)`));
          }
          const limits = limitsBySession.get(session) ?? new Map<string, number>();
          limits.set(address.address.toLowerCase(), recipient.maxMessageBytes);
          limitsBySession.set(session, limits);
          callback();
        })
        .catch((error: unknown) => {
          reportError(error);
          callback(smtpError(451, '4.3.0 Temporary failure, please try again later'));
        });
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
      const limits = limitsBySession.get(session);
      const limit = Math.min(...recipients.map((recipient) => limits?.get(recipient.toLowerCase()) ?? MAX_MESSAGE_BYTES_CEILING));
      const chunks: Buffer[] = [];
      let size = 0;
      // Counted as it streams: past the limit the rest is read and dropped, never held in memory.
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
        else chunks.length = 0;
      });
      stream.on('end', () => {
        if (size > limit || stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 Message too large (limit ${limit} bytes)`));
          return;
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        const work = ingestion.ingest(Buffer.concat(chunks, size), { mailFrom, recipients });
        receiving.add(work);
        work
          // Like a mail server's "queued as": the id of the stored message, or that it was already here.
          .then((outcomes) => callback(null, `OK: received as ${outcomes.map((outcome) => ('emailMessageId' in outcome ? outcome.emailMessageId : 'duplicate')).join(' ')}`))
          .catch((error: unknown) => {
            if (error instanceof IngestRefusal) {
              callback(error.reason === 'too_large' ? smtpError(552, `5.3.4 ${error.message}`) : smtpError(550, `5.1.1 ${error.message}`));
              return;
            }
            reportError(error);
            callback(smtpError(451, '4.3.0 Temporary failure, please try again later'));
          })
          .finally(() => receiving.delete(work));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  server.on('error', reportError);
  const address = server.server.address() as AddressInfo;

  return {
    host: options.host,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...receiving]);
    },
  };
}
