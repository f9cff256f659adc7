import { randomBytes } from 'node:crypto';
import { isRecord, parseJsonObject, PendingFailure, startContractServer, type ContractResponse } from './contract-server.js';

/**
 * Slack incoming webhooks (api.slack.com/messaging/webhooks): `POST /services/{team}/{bot}/{secret}` with a JSON
 * message. Slack answers plain text: `ok` with 200, or an error word (`invalid_payload`, `no_text`, `no_service`,
 * `channel_is_archived`) with 400, 404 or 410.
 */
export interface SlackIncomingWebhook {
  url: string;
  /** The webhook URL an admin would paste (the one the server accepts). */
  webhookUrl: string;
  received: Array<{ text: string; blocks?: unknown[] }>;
  failNext(status: number, word: string): void;
  /** Like a channel archived in Slack: every later post answers 410 `channel_is_archived`. */
  archive(): void;
  close(): Promise<void>;
}

const MAX_TEXT_LENGTH = 40_000;

export async function startSlackIncomingWebhook(): Promise<SlackIncomingWebhook> {
  const path = `/services/T${randomBytes(4).toString('hex').toUpperCase()}/B${randomBytes(4).toString('hex').toUpperCase()}/${randomBytes(12).toString('base64url')}`;
  const received: SlackIncomingWebhook['received'] = [];
  const pending = new PendingFailure();
  let isArchived = false;
  const text = (status: number, word: string): ContractResponse => ({ status, bytes: Buffer.from(word), contentType: 'text/html' });
  const server = await startContractServer({
    routes: [
      {
        method: 'POST',
        path: /^(\/services\/[^/]+\/[^/]+\/[^/]+)$/,
        handle: (request) => {
          if (request.pathParams[0] !== path) return text(404, 'no_service');
          const failure = pending.take();
          if (failure) return text(failure.status, String((failure as { json: unknown }).json));
          if (isArchived) return text(410, 'channel_is_archived');
          if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return text(400, 'invalid_payload');
          const body = parseJsonObject(request.rawBody);
          if (!body) return text(400, 'invalid_payload');
          const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
          if ((typeof body.text !== 'string' || body.text.trim() === '') && !hasBlocks) return text(400, 'no_text');
          if (typeof body.text === 'string' && body.text.length > MAX_TEXT_LENGTH) return text(400, 'invalid_payload');
          if (body.blocks !== undefined && !(Array.isArray(body.blocks) && body.blocks.every(isRecord))) return text(400, 'invalid_blocks');
          received.push({ text: String(body.text ?? ''), ...(hasBlocks ? { blocks: body.blocks as unknown[] } : {}) });
          return text(200, 'ok');
        },
      },
    ],
    notFound: () => text(404, 'no_service'),
  });
  return {
    url: server.url,
    webhookUrl: `${server.url}${path}`,
    received,
    failNext: (status, word) => pending.arm(status, word),
    archive: () => {
      isArchived = true;
    },
    close: server.close,
  };
}
