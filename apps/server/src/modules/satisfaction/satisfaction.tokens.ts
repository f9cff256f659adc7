import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const PAYLOAD_BYTES = 1 + 16 + 16 + 4 + 1;
const SIGNATURE_BYTES = 16;
const UUID_HEX = /^[0-9a-f]{32}$/;

export interface SatisfactionLink {
  workspaceId: string;
  ticketId: string;
  expiresAt: Date;
  language: 'en' | 'fr';
}

export type TokenReading = { isValid: true; link: SatisfactionLink } | { isValid: false };

/**
 * The token of a satisfaction link: workspace, ticket, expiry and language, signed with an HMAC under a key
 * derived from the master key. Nobody can make one for a ticket, or move its expiry, without that key; the
 * customer needs no account. Base64url, so it sits in a URL path as it is.
 */
export class SatisfactionTokens {
  private readonly key: Buffer;

  /** `purpose` separates the keys of different kinds of link: a token of one never opens another. */
  constructor(masterKey: Buffer, purpose = 'switchboard satisfaction link') {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, 32));
  }

  issue(link: SatisfactionLink): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    Buffer.from(link.workspaceId.replace(/-/g, ''), 'hex').copy(payload, 1);
    Buffer.from(link.ticketId.replace(/-/g, ''), 'hex').copy(payload, 17);
    payload.writeUInt32BE(Math.floor(link.expiresAt.getTime() / 1000), 33);
    payload.writeUInt8(link.language === 'fr' ? 1 : 0, 37);
    return Buffer.concat([payload, this.sign(payload)]).toString('base64url');
  }

  /** The link a token stands for, when its signature holds; expiry is the caller's to check. */
  read(token: string): TokenReading {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return { isValid: false };
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES || bytes.toString('base64url') !== token) return { isValid: false };
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.sign(payload)) || payload.readUInt8(0) !== VERSION) return { isValid: false };
    const workspaceHex = payload.subarray(1, 17).toString('hex');
    const ticketHex = payload.subarray(17, 33).toString('hex');
    if (!UUID_HEX.test(workspaceHex) || !UUID_HEX.test(ticketHex)) return { isValid: false };
    return {
      isValid: true,
      link: {
        workspaceId: toUuid(workspaceHex),
        ticketId: toUuid(ticketHex),
        expiresAt: new Date(payload.readUInt32BE(33) * 1000),
        language: payload.readUInt8(37) === 1 ? 'fr' : 'en',
      },
    };
  }

  private sign(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  }
}

function toUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
