import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from '../../jobs/jobs.definitions.js';

export const ZSendEmailPayload = z.object({ deliveryId: z.uuid() });
export type TSendEmailPayload = z.infer<typeof ZSendEmailPayload>;

/** Retries after the first attempt: with the default 60 s base, the last one is about an hour after the first. */
export const SEND_EMAIL_RETRIES = 6;

/**
 * Sends one outgoing email (a reply, an acknowledgement, a notification). Enqueued in the transaction that
 * dispatches the event it answers, keyed by what it is for (the comment id for a reply), so an event never
 * queues two. A temporary refusal or an unreachable server is retried with exponential backoff.
 */
export function defineSendEmailJob(retryBaseSeconds: number, handler: (payload: TSendEmailPayload, context: JobContext) => Promise<void>): JobDefinition<TSendEmailPayload> {
  return defineJob({
    name: 'email.send',
    version: 1,
    payload: ZSendEmailPayload,
    retry: { limit: SEND_EMAIL_RETRIES, delaySeconds: retryBaseSeconds, backoff: 'exponential' },
    timeoutSeconds: 180,
    concurrency: 2,
    handler,
  });
}
