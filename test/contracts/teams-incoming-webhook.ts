import { randomBytes } from 'node:crypto';
import { isRecord, jsonResponse, parseJsonObject, PendingFailure, startContractServer, type ContractResponse } from './contract-server.js';

/**
 * Microsoft Teams incoming webhooks of the Workflows app ("Post to a channel when a webhook request is received"):
 * `POST /workflows/{id}/triggers/manual/paths/invoke?api-version=…&sig=…` with a message whose attachments are
 * Adaptive Cards. Accepted with 202 and no body; a wrong signature is 401, a body without an Adaptive Card 400.
 */
export interface TeamsIncomingWebhook {
  url: string;
  webhookUrl: string;
  /** The text blocks of each accepted card, in order. */
  received: Array<{ texts: string[] }>;
  failNext(status: number, message?: string): void;
  close(): Promise<void>;
}

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

export async function startTeamsIncomingWebhook(): Promise<TeamsIncomingWebhook> {
  const id = randomBytes(16).toString('hex');
  const signature = randomBytes(24).toString('base64url');
  const received: TeamsIncomingWebhook['received'] = [];
  const pending = new PendingFailure();
  const error = (status: number, code: string, message: string): ContractResponse => jsonResponse(status, { error: { code, message } });
  const server = await startContractServer({
    routes: [
      {
        method: 'POST',
        path: /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/,
        handle: (request) => {
          if (request.pathParams[0] !== id) return error(404, 'WorkflowNotFound', 'The workflow could not be found.');
          if (request.url.searchParams.get('sig') !== signature) return error(401, 'DirectApiAuthorizationRequired', 'The request must be authenticated.');
          const failure = pending.take();
          if (failure) return failure;
          const body = parseJsonObject(request.rawBody);
          if (!body) return error(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
          const attachments = Array.isArray(body.attachments) ? body.attachments : [];
          const cards = attachments.filter((item): item is Record<string, unknown> => isRecord(item) && item.contentType === CARD_TYPE && isRecord(item.content) && item.content.type === 'AdaptiveCard');
          if (body.type !== 'message' || cards.length === 0) return error(400, 'InvalidTemplate', 'The message must carry an Adaptive Card attachment.');
          const texts = cards.flatMap((card) => {
            const content = card.content as { body?: unknown };
            return Array.isArray(content.body) ? content.body.filter(isRecord).filter((block) => block.type === 'TextBlock').map((block) => String(block.text ?? '')) : [];
          });
          received.push({ texts });
          return { status: 202, bytes: Buffer.alloc(0), contentType: 'text/plain' };
        },
      },
    ],
    notFound: () => error(404, 'WorkflowNotFound', 'The workflow could not be found.'),
  });
  return {
    url: server.url,
    webhookUrl: `${server.url}/workflows/${id}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${signature}`,
    received,
    failNext: (status, message = 'Temporarily unavailable') => pending.arm(status, { error: { code: 'ServiceUnavailable', message } }),
    close: server.close,
  };
}
