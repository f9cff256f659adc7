import { createHmac, hkdfSync } from 'node:crypto';
import { constantTimeEqual } from '../../../shared/crypto.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TOKEN_PATTERN = new RegExp(`^v1\\.(${UUID})\\.(${UUID})\\.([A-Za-z0-9_-]{43})$`);

/**
 * The widget's credential: `v1.<workspaceId>.<visitorId>.<HMAC>` under a key derived from the master key.
 * Nobody can make one for another visitor (or another workspace) without the key; the visitor keeps it in
 * the browser and sends it again to resume their chats.
 */
export class VisitorTokens {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'switchboard chat visitor token', 32));
  }

  tokenFor(workspaceId: string, visitorId: string): string {
    return `v1.${workspaceId}.${visitorId}.${this.signature(workspaceId, visitorId)}`;
  }

  /** The workspace and visitor a token names, if its signature is ours. */
  verify(token: string): { workspaceId: string; visitorId: string } | undefined {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return undefined;
    const [, workspaceId, visitorId, signature] = match as unknown as [string, string, string, string];
    return constantTimeEqual(signature, this.signature(workspaceId, visitorId)) ? { workspaceId, visitorId } : undefined;
  }

  /** The signature in a chat file's link: whoever has the link (the chat's visitor, its agents) may fetch the file. */
  fileSignature(workspaceId: string, attachmentId: string): string {
    return createHmac('sha256', this.key).update(`file:${workspaceId}:${attachmentId}`).digest('base64url');
  }

  isFileSignature(workspaceId: string, attachmentId: string, signature: string): boolean {
    return constantTimeEqual(signature, this.fileSignature(workspaceId, attachmentId));
  }

  private signature(workspaceId: string, visitorId: string): string {
    return createHmac('sha256', this.key).update(`${workspaceId}:${visitorId}`).digest('base64url');
  }
}

/** What a product computes on its server for its signed-in user: hex HMAC-SHA256 of the user id under the workspace's identity secret. */
export function identityHashOf(userId: string, identitySecret: string): string {
  return createHmac('sha256', identitySecret).update(userId).digest('hex');
}
