import { z } from 'zod';
import type { Database, Executor } from '../../db/database.js';
import type { EmailService } from '../channels/email/email.service.js';
import { describeSendFailure, type Mailer } from '../channels/email/email-outbound.mailer.js';
import { escapeHtml } from '../channels/email/email-templates.render.js';
import { defineJob, type JobDefinition } from '../jobs/jobs.definitions.js';
import type { JobQueue } from '../jobs/jobs.queue.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';

const ZNotificationEmail = z.object({
  userId: z.uuid(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1).max(10_000),
  /** Where the staff member opens the ticket. */
  link: z.string().max(2000).nullable(),
});
export type TNotificationEmail = z.infer<typeof ZNotificationEmail>;

/**
 * Email copies of notifications for staff (a rule's "notify … by email"), sent by a durable job from the
 * workspace's default address. The recipient is read when the job runs: a member deactivated in between, or one
 * without an address, gets nothing. Without SMTP_URL the job has nothing to send through and ends.
 */
export class NotificationEmails {
  readonly sendJob: JobDefinition<TNotificationEmail>;

  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly email: EmailService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | undefined,
    private readonly mailDomain: string,
  ) {
    this.sendJob = defineJob({
      name: 'notifications.send-email',
      version: 1,
      payload: ZNotificationEmail,
      retry: { limit: 5, delaySeconds: 30, backoff: 'exponential' },
      timeoutSeconds: 60,
      concurrency: 4,
      handler: (payload, context) => this.send(context.workspaceId, payload, context.signal),
    });
  }

  /** Queues one email per recipient in the caller's transaction; `key` makes a retried caller queue nothing new. */
  async queue(tx: Executor, workspaceId: string, key: string, userIds: string[], message: Omit<TNotificationEmail, 'userId'>): Promise<void> {
    for (const userId of new Set(userIds)) {
      await this.jobs.enqueue(this.sendJob, { userId, ...message }, { workspaceId, idempotencyKey: `${key}:email:${userId}`, executor: tx });
    }
  }

  private async send(workspaceId: string, payload: TNotificationEmail, signal: AbortSignal): Promise<void> {
    if (!this.mailer) return;
    const user = await this.users.findById(this.db, workspaceId, payload.userId);
    if (!user || user.deactivatedAt || !user.email) return;
    const workspace = await this.workspaces.get(workspaceId);
    const from = this.email.defaultAddressOf(workspace.slug);
    const text = payload.link ? `${payload.text}\n\n${payload.link}` : payload.text;
    const html = `<p>${escapeHtml(payload.text).replace(/\n/g, '<br>')}</p>${payload.link ? `<p><a href="${escapeHtml(payload.link)}">${escapeHtml(payload.link)}</a></p>` : ''}`;
    try {
      await this.mailer.send(
        {
          from: { address: from, name: workspace.name },
          to: [{ address: user.email, name: user.name }],
          cc: [],
          replyTo: from,
          subject: payload.subject,
          text,
          html,
          messageId: `${crypto.randomUUID()}@${this.mailDomain}`,
          inReplyTo: null,
          references: [],
          // An automatic message: out-of-office replies and other robots must not answer it.
          headers: { 'Auto-Submitted': 'auto-generated' },
          returnPath: from,
        },
        signal,
      );
    } catch (error) {
      // A refusal for good (an unknown mailbox) would be refused again: only temporary failures are retried.
      if (describeSendFailure(error).isPermanent) return;
      throw error;
    }
  }
}
