import { createHmac, hkdfSync } from 'node:crypto';
import { constantTimeEqual } from '../../../shared/crypto.js';

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const SIGNATURE_CHARACTERS = 16;
const TOKEN_PATTERN = /^(\d{1,9})-([a-z2-7]{16})$/;

/**
 * The reply token of a ticket's reply address, `<slug>+<token>@<MAIL_DOMAIN>`: the ticket number and an
 * 80-bit HMAC of workspace and ticket, under a key derived from the master key. A reply to that address
 * finds its ticket even when the mail program dropped In-Reply-To and the subject; nobody can make a
 * token for a ticket without the key. Lower-case letters and digits only, since some servers change case.
 */
export class ReplyTokens {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'switchboard email reply token', 32));
  }

  tokenFor(workspaceId: string, ticketId: string, ticketNumber: number): string {
    return `${ticketNumber}-${this.signature(workspaceId, ticketId)}`;
  }

  /** The ticket number a token claims; the caller looks it up and then checks the token with `isValid`. */
  parse(token: string): { ticketNumber: number } | undefined {
    const match = TOKEN_PATTERN.exec(token.toLowerCase());
    return match ? { ticketNumber: Number(match[1]) } : undefined;
  }

  isValid(token: string, workspaceId: string, ticketId: string, ticketNumber: number): boolean {
    return constantTimeEqual(token.toLowerCase(), this.tokenFor(workspaceId, ticketId, ticketNumber));
  }

  private signature(workspaceId: string, ticketId: string): string {
    const digest = createHmac('sha256', this.key).update(`${workspaceId}:${ticketId}`).digest();
    let bits = 0;
    let value = 0;
    let output = '';
    for (const byte of digest) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && output.length < SIGNATURE_CHARACTERS) {
        output += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
      if (output.length === SIGNATURE_CHARACTERS) break;
    }
    return output;
  }
}
