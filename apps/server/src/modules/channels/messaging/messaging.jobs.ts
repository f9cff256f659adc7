import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from '../../jobs/jobs.definitions.js';

export const ZSendMessagingPayload = z.object({ messageId: z.uuid() });
export type TSendMessagingPayload = z.infer<typeof ZSendMessagingPayload>;

/** Retries after the first attempt: with the default 30 s base, the last one is about half an hour after the first. */
export const SEND_MESSAGING_RETRIES = 6;

/**
 * Sends one agent reply to a messaging app. Enqueued in the transaction that dispatches the reply's
 * `comment.created`, keyed by the comment, so a reply is queued once. Rate limits, the provider's own
 * failures and network errors are retried with exponential backoff; a refusal for good is final.
 */
export function defineSendMessagingJob(retryBaseSeconds: number, handler: (payload: TSendMessagingPayload, context: JobContext) => Promise<void>): JobDefinition<TSendMessagingPayload> {
  return defineJob({
    name: 'messaging.send',
    version: 1,
    payload: ZSendMessagingPayload,
    retry: { limit: SEND_MESSAGING_RETRIES, delaySeconds: retryBaseSeconds, backoff: 'exponential' },
    timeoutSeconds: 120,
    concurrency: 4,
    handler,
  });
}
