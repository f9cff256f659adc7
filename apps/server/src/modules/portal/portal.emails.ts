import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import type { EmailService } from '../channels/email/email.service.js';
import { describeSendFailure, type Mailer } from '../channels/email/email-outbound.mailer.js';
import { escapeHtml } from '../channels/email/email-templates.render.js';
import { defineJob, type JobDefinition } from '../jobs/jobs.definitions.js';
import type { JobQueue } from '../jobs/jobs.queue.js';
import type { DataKeyService } from '../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { PortalLanguage } from './portal.schema.js';

const ZSignInLinkEmail = z.object({
  recipient: z.email(),
  /** The link, sealed with the workspace's data key: job payloads are stored in clear, a usable link must not be. */
  sealedUrl: z.string().min(1).max(4000),
  language: z.enum(['en', 'fr']),
  kind: z.enum(['sign_in', 'sign_up', 'already_registered']),
  expiresInMinutes: z.number().int().positive(),
});
export type TSignInLinkEmail = z.infer<typeof ZSignInLinkEmail>;

const WORDS = {
  en: {
    subject: { sign_in: (name: string) => `Your sign-in link for ${name}`, sign_up: (name: string) => `Confirm your email address for ${name}`, already_registered: (name: string) => `Your sign-in link for ${name}` },
    intro: {
      sign_in: (name: string) => `Someone (we hope you) asked to sign in to the ${name} help center with this email address.`,
      sign_up: (name: string) => `Thank you for creating your ${name} help center account. Confirm that this email address is yours to finish.`,
      already_registered: (name: string) => `Someone (we hope you) tried to create a ${name} help center account with this email address, but you already have one. Your password did not change.`,
    },
    action: { sign_in: 'Sign in', sign_up: 'Confirm my email address', already_registered: 'Sign in' },
    validity: (minutes: number) => `The link works once, within ${minutes} minutes.`,
    ignore: 'If you did not ask for this, ignore this email: nothing changes without the link.',
  },
  fr: {
    subject: { sign_in: (name: string) => `Votre lien de connexion – ${name}`, sign_up: (name: string) => `Confirmez votre adresse courriel – ${name}`, already_registered: (name: string) => `Votre lien de connexion – ${name}` },
    intro: {
      sign_in: (name: string) => `Quelqu’un (vous, nous l’espérons) a demandé à se connecter au centre d’aide ${name} avec cette adresse courriel.`,
      sign_up: (name: string) => `Merci d’avoir créé votre compte au centre d’aide ${name}. Confirmez que cette adresse courriel est bien la vôtre pour terminer.`,
      already_registered: (name: string) => `Quelqu’un (vous, nous l’espérons) a tenté de créer un compte au centre d’aide ${name} avec cette adresse courriel, mais vous en avez déjà un. Votre mot de passe n’a pas changé.`,
    },
    action: { sign_in: 'Me connecter', sign_up: 'Confirmer mon adresse courriel', already_registered: 'Me connecter' },
    validity: (minutes: number) => `Le lien fonctionne une seule fois, dans les ${minutes} minutes.`,
    ignore: 'Si vous n’avez rien demandé, ignorez ce courriel : rien ne change sans le lien.',
  },
} as const;

/**
 * The portal's emails to customers (magic links), sent by a durable job from the workspace's default address, in
 * the account's language. Without SMTP_URL nothing can be sent: the job ends and the link is never seen.
 */
export class PortalEmails {
  readonly sendJob: JobDefinition<TSignInLinkEmail>;

  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly email: EmailService,
    private readonly dataKeys: DataKeyService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer | undefined,
    private readonly mailDomain: string,
  ) {
    this.sendJob = defineJob({
      name: 'portal.send-sign-in-link',
      version: 1,
      payload: ZSignInLinkEmail,
      // A link lives 20 minutes: retrying beyond that would deliver a dead link.
      retry: { limit: 3, delaySeconds: 15, backoff: 'exponential' },
      timeoutSeconds: 60,
      concurrency: 4,
      handler: (payload, context) => this.send(context.workspaceId, payload, context.signal),
    });
  }

  get isSendingEnabled(): boolean {
    return this.mailer !== undefined;
  }

  /** Queues the email in the caller's transaction (the link exists exactly when its email is queued). */
  async queueSignInLink(tx: Executor, workspaceId: string, linkId: string, email: { recipient: string; url: string; language: PortalLanguage; kind: TSignInLinkEmail['kind']; expiresInMinutes: number }): Promise<void> {
    const sealedUrl = await this.dataKeys.seal(workspaceId, email.url, tx);
    const { url: _url, ...rest } = email;
    await this.jobs.enqueue(this.sendJob, { ...rest, sealedUrl }, { workspaceId, idempotencyKey: `portal-link:${linkId}`, executor: tx });
  }

  private async send(workspaceId: string, payload: TSignInLinkEmail, signal: AbortSignal): Promise<void> {
    if (!this.mailer) return;
    const workspace = await this.workspaces.get(workspaceId);
    const url = await this.dataKeys.open(workspaceId, payload.sealedUrl);
    const words = WORDS[payload.language];
    const from = this.email.defaultAddressOf(workspace.slug);
    const intro = words.intro[payload.kind](workspace.name);
    const action = words.action[payload.kind];
    const validity = words.validity(payload.expiresInMinutes);
    const text = [intro, '', `${action}: ${url}`, '', validity, words.ignore, '', workspace.name].join('\n');
    const html = [
      `<p>${escapeHtml(intro)}</p>`,
      `<p><a href="${escapeHtml(url)}">${escapeHtml(action)}</a></p>`,
      `<p>${escapeHtml(validity)}<br>${escapeHtml(words.ignore)}</p>`,
      `<p>${escapeHtml(workspace.name)}</p>`,
    ].join('\n');
    try {
      await this.mailer.send(
        {
          from: { address: from, name: workspace.name },
          to: [{ address: payload.recipient }],
          cc: [],
          replyTo: from,
          subject: words.subject[payload.kind](workspace.name),
          text,
          html,
          messageId: `${randomUUID()}@${this.mailDomain}`,
          inReplyTo: null,
          references: [],
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': payload.language === 'fr' ? 'fr-CA' : 'en' },
          returnPath: from,
        },
        signal,
      );
    } catch (error) {
      // An unknown mailbox would refuse again: only temporary failures are retried.
      if (describeSendFailure(error).isPermanent) return;
      throw error;
    }
  }
}
