import { canonicalJson } from '../shared/canonical-json.js';
import { sha256Hex } from '../shared/crypto.js';
import { validationError } from '../shared/errors.js';
import type { Services } from '../services.js';
import type { AppInstance } from './http-types.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `Idempotency-Key` on writes: the first request's status and body are stored, and a retry with the same
 * key (and the same request) gets them back instead of acting twice.
 */
export function registerIdempotency(app: AppInstance, services: Services): void {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !WRITE_METHODS.has(request.method) || !request.actor) return;
    if (key.length === 0 || key.length > 255) throw validationError('headers.idempotency-key', 'between 1 and 255 characters');
    const isMultipart = request.headers['content-type']?.startsWith('multipart/') ?? false;
    const fingerprint = sha256Hex(
      canonicalJson([request.method, request.url, request.actor.userId, isMultipart ? null : (request.body ?? null)]),
    );
    const outcome = await services.idempotency.claim(request.actor.workspaceId, key, fingerprint);
    if (outcome.kind === 'replay') {
      reply.header('idempotent-replayed', 'true');
      return reply.status(outcome.status).send(outcome.body);
    }
    request.idempotency = { workspaceId: request.actor.workspaceId, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500) {
      await services.idempotency.release(claim.workspaceId, claim.key);
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload.length > 0) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await services.idempotency.complete(claim.workspaceId, claim.key, reply.statusCode, body);
    return payload;
  });
}
