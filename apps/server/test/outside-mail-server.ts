import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message handed to the outside server, whether it took it or refused it at the end of DATA. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** The first value of a header, as written (lower-case name). */
  header(name: string): string | undefined;
  isAccepted: boolean;
}

/**
 * The outside world's mail server for tests: a real SMTP server on a loopback port (point SMTP_URL at `url`)
 * that keeps every message it is sent. It can be told to refuse the next messages with a given reply, as a
 * busy (451) or unwilling (550) server would.
 */
export interface OutsideMailServer {
  url: string;
  received: ReceivedMail[];
  accepted(): ReceivedMail[];
  /** The next `count` messages are read, kept (not accepted) and answered `code message`. */
  refuseNext(count: number, code: number, message: string): void;
  /** Waits for an accepted message matching `predicate`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startOutsideMailServer(): Promise<OutsideMailServer> {
  const received: ReceivedMail[] = [];
  const refusals: Array<{ code: number; message: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const refusal = refusals.shift();
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((item) => item.address) },
              raw,
              parsed,
              header: (name) => parsed.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/^[^:]*:\s*/, '').replace(/\r?\n\s+/g, ' '),
              isAccepted: !refusal,
            });
            callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null);
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const accepted = () => received.filter((mail) => mail.isAccepted);
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    accepted,
    refuseNext(count, code, message) {
      for (let index = 0; index < count; index += 1) refusals.push({ code, message });
    },
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = accepted().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; received: ${received.map((mail) => `${mail.parsed.subject} → ${mail.envelope.to.join(', ')}${mail.isAccepted ? '' : ' (refused)'}`).join('; ') || 'nothing'}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
