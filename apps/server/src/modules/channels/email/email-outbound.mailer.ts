import { createTransport } from 'nodemailer';

export interface MailAddress {
  address: string;
  name?: string | null | undefined;
}

/** One message as it goes to the mail server. Never a Bcc: everyone it reaches is in To or Cc. */
export interface OutgoingMail {
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  /** The envelope sender: where delivery reports (bounces) come back. */
  returnPath: string;
  /** Files sent with the message (a scheduled report's spreadsheet). */
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

export interface SendFailure {
  message: string;
  /** The server refused for good (5xx): sending again would be refused again. */
  isPermanent: boolean;
}

/** Hands messages to the outgoing mail server. */
export interface Mailer {
  send(mail: OutgoingMail, signal: AbortSignal): Promise<void>;
}

/** SMTP through nodemailer, to the server named by SMTP_URL (`smtp://`, or `smtps://` for TLS from the start). */
export class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(smtpUrl: string) {
    // Not pooled: a connection per message, so nothing stays open between sends or needs closing at shutdown.
    this.transport = createTransport({
      url: smtpUrl,
      // Below the send job's time limit, so a stalled server fails the attempt (and it is retried) instead of hanging it.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutgoingMail, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const bracketed = (id: string) => `<${id}>`;
    const sending = this.transport.sendMail({
      from: toNodemailerAddress(mail.from),
      to: mail.to.map(toNodemailerAddress),
      cc: mail.cc.map(toNodemailerAddress),
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: bracketed(mail.messageId),
      inReplyTo: mail.inReplyTo ? bracketed(mail.inReplyTo) : undefined,
      references: mail.references.length > 0 ? mail.references.map(bracketed) : undefined,
      headers: mail.headers,
      envelope: { from: mail.returnPath, to: [...mail.to, ...mail.cc].map((item) => item.address) },
      attachments: mail.attachments?.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })),
    });
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      sending.then(() => resolve(), reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

/** What went wrong, in words an agent can act on, and whether trying again could help. */
export function describeSendFailure(error: unknown): SendFailure {
  const details = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown; permanent?: unknown } | undefined;
  const responseCode = typeof details?.responseCode === 'number' ? details.responseCode : undefined;
  if (responseCode !== undefined) {
    const response = typeof details?.response === 'string' ? details.response.trim() : String(responseCode);
    return { message: truncate(`The mail server refused the message: ${response}`), isPermanent: responseCode >= 500 && responseCode < 600 };
  }
  const code = typeof details?.code === 'string' ? details.code : undefined;
  const message = typeof details?.message === 'string' ? details.message : String(error);
  return { message: truncate(code ? `Could not reach the mail server (${code}): ${message}` : `Could not send: ${message}`), isPermanent: false };
}

function toNodemailerAddress(address: MailAddress): { name: string; address: string } | string {
  return address.name ? { name: address.name, address: address.address } : address.address;
}

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
