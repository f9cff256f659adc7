import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { FIRST_NAMES, LAST_NAMES, makeTicketText, seededRandom } from './ticket-corpus.js';

export interface MailLoadSpec {
  smtpPort: number;
  baseUrl: string;
  token: string;
  /** The support address every message is sent to. */
  address: string;
  messages: number;
  warmUpMessages: number;
  connections: number;
  /** Every how many messages one is read back through the API to measure when it became visible. */
  verifyEvery: number;
}

export interface Latencies {
  p50: number;
  p99: number;
}

export interface MailLoadResult {
  seconds: number;
  messagesPerSecond: number;
  /** From starting to send a message to the 250 answer (the message is stored by then). */
  smtp: Latencies;
  /** From the 250 answer to its ticket read back through the REST API (over the messages read back). */
  acceptToVisible: Latencies;
  /** From starting to send to the ticket read back: what a customer's mail waits before an agent can see it. */
  endToEnd: Latencies;
  failures: number;
  firstFailure: string | undefined;
}

/**
 * The traffic of a support mailbox: mostly new requests from a few hundred recurring customers, one in five a
 * reply to an earlier message (quoted history included), some in HTML, a few with an attachment.
 */
class MailFactory {
  private readonly random = seededRandom(20261124);
  private readonly senders: Array<{ name: string; address: string }>;
  private readonly pdf = Buffer.from(`%PDF-1.4\n${'0 0 612 792 re f\n'.repeat(600)}%%EOF\n`, 'latin1').toString('base64').replace(/.{76}/g, '$&\r\n');
  /** Messages that became tickets, which later messages may answer. */
  readonly answerable: Array<{ messageId: string; subject: string; sender: { name: string; address: string } }> = [];
  private ordinal = 0;

  constructor(private readonly to: string) {
    const pick = <T>(items: readonly T[]) => items[Math.floor(this.random() * items.length)]!;
    this.senders = Array.from({ length: 500 }, (_value, index) => {
      const [first, last] = [pick(FIRST_NAMES), pick(LAST_NAMES)];
      return { name: `${first} ${last}`, address: `${first}.${last}.${index}@customers.example`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase() };
    });
  }

  next(): { raw: string; messageId: string; sender: { name: string; address: string }; subject: string; isReply: boolean } {
    this.ordinal += 1;
    const messageId = `${this.ordinal}.${Math.floor(this.random() * 1e9).toString(36)}@customers.example`;
    const date = new Date().toUTCString().replace('GMT', '+0000');
    const original = this.answerable.length > 0 && this.random() < 0.2 ? this.answerable[Math.floor(this.random() * this.answerable.length)]! : undefined;
    if (original) {
      const text = makeTicketText(this.random, this.ordinal);
      const body = `${text.description}\r\n\r\nOn ${date}, Support <${this.to}> wrote:\r\n> Thank you for your message, could you tell us more?\r\n>\r\n> ${original.subject}\r\n`;
      const raw = headers(original.sender, this.to, `Re: ${original.subject}`, messageId, date, [`In-Reply-To: <${original.messageId}>`, `References: <${original.messageId}>`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']) + body;
      return { raw, messageId, sender: original.sender, subject: original.subject, isReply: true };
    }
    const sender = this.senders[Math.floor(this.random() * this.senders.length)]!;
    const text = makeTicketText(this.random, this.ordinal);
    const shape = this.random();
    let raw: string;
    if (shape < 0.15) {
      const boundary = `alt-${this.ordinal}`;
      raw = headers(sender, this.to, text.subject, messageId, date, [`Content-Type: multipart/alternative; boundary="${boundary}"`])
        + `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text.description}\r\n`
        + `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<html><body><p>${text.description}</p><p><b>${sender.name}</b></p></body></html>\r\n--${boundary}--\r\n`;
    } else if (shape < 0.2) {
      const boundary = `mixed-${this.ordinal}`;
      raw = headers(sender, this.to, text.subject, messageId, date, [`Content-Type: multipart/mixed; boundary="${boundary}"`])
        + `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text.description}\r\n`
        + `--${boundary}\r\nContent-Type: application/pdf; name="receipt-${this.ordinal}.pdf"\r\nContent-Disposition: attachment; filename="receipt-${this.ordinal}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${this.pdf}\r\n--${boundary}--\r\n`;
    } else {
      raw = headers(sender, this.to, text.subject, messageId, date, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']) + `${text.description}\r\n\r\n${sender.name}\r\n`;
    }
    return { raw, messageId, sender, subject: text.subject, isReply: false };
  }
}

function headers(sender: { name: string; address: string }, to: string, subject: string, messageId: string, date: string, extra: string[]): string {
  const encoded = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`);
  return [`From: ${encoded(sender.name)} <${sender.address}>`, `To: Support <${to}>`, `Subject: ${encoded(subject)}`, `Date: ${date}`, `Message-ID: <${messageId}>`, 'MIME-Version: 1.0', ...extra, '', ''].join('\r\n');
}

function percentiles(values: number[]): Latencies {
  if (values.length === 0) return { p50: Number.NaN, p99: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Sends the messages over `connections` SMTP connections (a pooled transport, as a mail server keeps them
 * open), in a worker thread so that generating mail does not take turns with the server on its event loop.
 * Once a message is accepted, its ticket is read back through the API (the path an agent's screen takes)
 * while the connection goes on with the next message: every `verifyEvery`th message, as reading each one
 * back would cost the server more than receiving it, and measure the reader rather than the mail. The
 * ticket counts in the database check the rest.
 */
async function run(spec: MailLoadSpec): Promise<MailLoadResult> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: spec.smtpPort, pool: true, maxConnections: spec.connections, maxMessages: Number.POSITIVE_INFINITY, ignoreTLS: true });
  const factory = new MailFactory(spec.address);
  const smtp: number[] = [];
  const acceptToVisible: number[] = [];
  const endToEnd: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const fail = (error: unknown) => {
    failures += 1;
    firstFailure ??= error instanceof Error ? error.message : String(error);
  };
  const api = async (path: string) => {
    const response = await fetch(`${spec.baseUrl}${path}`, { headers: { authorization: `Bearer ${spec.token}` } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const reading: Array<Promise<void>> = [];
  let sent = 0;
  const deliver = async (isMeasured: boolean) => {
    const mail = factory.next();
    const isReadBack = sent++ % spec.verifyEvery === 0;
    const started = performance.now();
    let emailMessageId: string | undefined;
    let accepted: number;
    try {
      const info = await transport.sendMail({ envelope: { from: mail.sender.address, to: [spec.address] }, raw: mail.raw });
      accepted = performance.now();
      emailMessageId = /received as ([0-9a-f-]{36})/.exec(info.response)?.[1];
      if (!emailMessageId) throw new Error(`unexpected answer: ${info.response}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (isMeasured) smtp.push(accepted - started);
    if (!isReadBack) {
      if (!mail.isReply) factory.answerable.push({ messageId: mail.messageId, subject: mail.subject, sender: mail.sender });
      return;
    }
    reading.push(
      (async () => {
        const message = await api(`/api/v1/email/messages/${emailMessageId}`);
        if (typeof message.ticketId !== 'string') throw new Error(`message ${emailMessageId} has no ticket (${String(message.disposition)})`);
        await api(`/api/v1/tickets/${message.ticketId}`);
        const visible = performance.now();
        if (!mail.isReply) factory.answerable.push({ messageId: mail.messageId, subject: mail.subject, sender: mail.sender });
        if (isMeasured) {
          acceptToVisible.push(visible - accepted);
          endToEnd.push(visible - started);
        }
      })().catch(fail),
    );
  };
  const push = async (count: number, isMeasured: boolean) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: spec.connections }, async () => {
        while (next < count) {
          next += 1;
          await deliver(isMeasured);
        }
      }),
    );
    await Promise.all(reading.splice(0));
  };
  try {
    await push(spec.warmUpMessages, false);
    failures = 0;
    firstFailure = undefined;
    const started = performance.now();
    await push(spec.messages, true);
    const seconds = (performance.now() - started) / 1000;
    return { seconds: Math.round(seconds * 10) / 10, messagesPerSecond: spec.messages / seconds, smtp: percentiles(smtp), acceptToVisible: percentiles(acceptToVisible), endToEnd: percentiles(endToEnd), failures, firstFailure };
  } finally {
    transport.close();
  }
}

run(workerData as MailLoadSpec).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
