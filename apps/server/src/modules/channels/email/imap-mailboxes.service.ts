import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/database.js';
import { AppError, ImapMailboxErrorCode } from '../../../shared/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/permissions.js';
import type { DataKeyService } from '../../workspaces/data-keys.service.js';
import type { ImapPoller } from './imap-poller.js';
import type { ImapMailboxesRepository, ImapMailboxRow, NewImapMailbox } from './imap-mailboxes.repository.js';
import type { ImapErrorCode, ImapSecurity, TCreateImapMailboxRequest, TImapConnectionTest, TImapMailbox, TUpdateImapMailboxRequest } from './imap-mailboxes.schema.js';

const DEFAULT_PORTS: Record<ImapSecurity, number> = { tls: 993, starttls: 143, none: 143 };
/** Changing any of these points the mailbox at other mail: where it had got to in the old folder no longer applies. */
const ACCOUNT_FIELDS = ['host', 'port', 'username', 'folder'] as const;

/**
 * IMAP mailboxes an admin connects so that mail sent to an address hosted elsewhere reaches the workspace:
 * their settings (the password sealed with the workspace's data key, never shown again), a test of the
 * connection, and a poll on demand. The polling itself is `ImapPoller`'s, in the workers.
 */
export class ImapMailboxesService {
  constructor(
    private readonly db: Database,
    private readonly repository: ImapMailboxesRepository,
    private readonly poller: ImapPoller,
    private readonly dataKeys: DataKeyService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<TImapMailbox[]> {
    return (await this.repository.list(this.db, actor.workspaceId)).map(present);
  }

  /** Enabled mailboxes whose last poll failed: mail may be waiting there that no ticket shows yet. */
  async listFailing(workspaceId: string): Promise<Array<{ address: string; reason: string }>> {
    const rows = await this.repository.list(this.db, workspaceId);
    return rows
      .filter((row) => row.isEnabled && row.lastPollStatus === 'error')
      .map((row) => ({ address: row.username, reason: row.lastPollMessage ?? row.lastPollErrorCode ?? 'poll failed' }));
  }

  async get(actor: Actor, mailboxId: string): Promise<TImapMailbox> {
    return present(await this.require(actor.workspaceId, mailboxId));
  }

  async create(actor: Actor, input: TCreateImapMailboxRequest): Promise<TImapMailbox> {
    const row = await this.db.transaction(async (tx) => {
      const values: NewImapMailbox = {
        workspaceId: actor.workspaceId,
        host: input.host,
        port: input.port ?? DEFAULT_PORTS[input.security],
        security: input.security,
        username: input.username,
        passwordEncrypted: await this.dataKeys.seal(actor.workspaceId, input.password, tx),
        folder: input.folder,
        pollIntervalSeconds: input.pollIntervalSeconds,
        isEnabled: input.isEnabled,
      };
      const inserted = await this.repository.insert(tx, values);
      if (!inserted) throw taken();
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'email.mailbox_added',
        targetType: 'imap_mailbox',
        targetId: inserted.id,
        details: { host: inserted.host, port: inserted.port, username: inserted.username, folder: inserted.folder },
      });
      return inserted;
    });
    this.poller.nudge();
    return present(row);
  }

  async update(actor: Actor, mailboxId: string, changes: TUpdateImapMailboxRequest): Promise<TImapMailbox> {
    let row: ImapMailboxRow;
    try {
      row = await this.db.transaction(async (tx) => {
        const current = await this.repository.find(tx, actor.workspaceId, mailboxId);
        if (!current) throw notFound();
        const { password, ...settings } = changes;
        const values: Partial<NewImapMailbox> = { ...settings };
        if (password !== undefined) values.passwordEncrypted = await this.dataKeys.seal(actor.workspaceId, password, tx);
        const isOtherAccount = ACCOUNT_FIELDS.some((field) => settings[field] !== undefined && settings[field] !== current[field]);
        if (isOtherAccount) {
          // Another folder: read its unread mail afresh, and let a poll still running on the old one record nothing.
          Object.assign(values, { uidValidity: null, lastUid: null, claimToken: null, lockedUntil: null });
        }
        // New credentials or a mailbox turned back on are tried at once, without the wait failures had built up.
        if (isOtherAccount || password !== undefined || settings.security !== undefined || (settings.isEnabled && !current.isEnabled)) {
          Object.assign(values, { consecutiveFailures: 0, nextPollAt: sql`now()` });
        }
        const updated = await this.repository.update(tx, actor.workspaceId, mailboxId, values);
        if (!updated) throw notFound();
        await this.audit.record(tx, {
          workspaceId: actor.workspaceId,
          actorType: 'user',
          actorId: actor.userId,
          action: 'email.mailbox_updated',
          targetType: 'imap_mailbox',
          targetId: mailboxId,
          // The password is never written anywhere readable, not even here: only that it changed.
          details: { ...settings, ...(password !== undefined ? { passwordChanged: true } : {}) },
        });
        return updated;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    this.poller.nudge();
    return present(row);
  }

  async delete(actor: Actor, mailboxId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted = await this.repository.delete(tx, actor.workspaceId, mailboxId);
      if (!deleted) throw notFound();
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'email.mailbox_removed',
        targetType: 'imap_mailbox',
        targetId: mailboxId,
        details: { host: deleted.host, username: deleted.username, folder: deleted.folder },
      });
    });
  }

  /** Connects with the stored settings and answers what happened; a failure is an answer (`ok: false`), not an error. */
  async testConnection(actor: Actor, mailboxId: string): Promise<TImapConnectionTest> {
    return this.poller.testConnection(await this.require(actor.workspaceId, mailboxId));
  }

  /** Polls the mailbox now, whatever its schedule, and answers it with the poll's result; 409 while another poll runs. */
  async pollNow(actor: Actor, mailboxId: string): Promise<TImapMailbox> {
    const claimed = await this.poller.claim(actor.workspaceId, mailboxId);
    if (!claimed) {
      await this.require(actor.workspaceId, mailboxId);
      throw new AppError(ImapMailboxErrorCode.PollInProgress, 'This mailbox is being polled right now; its result shows once that poll ends.');
    }
    await this.poller.pollClaimed(claimed);
    return this.get(actor, mailboxId);
  }

  private async require(workspaceId: string, mailboxId: string): Promise<ImapMailboxRow> {
    const row = await this.repository.find(this.db, workspaceId, mailboxId);
    if (!row) throw notFound();
    return row;
  }
}

function present(row: ImapMailboxRow): TImapMailbox {
  return {
    id: row.id,
    host: row.host,
    port: row.port,
    security: row.security as ImapSecurity,
    username: row.username,
    folder: row.folder,
    pollIntervalSeconds: row.pollIntervalSeconds,
    isEnabled: row.isEnabled,
    lastPoll: row.lastPollAt
      ? {
          at: row.lastPollAt.toISOString(),
          status: row.lastPollStatus === 'ok' ? 'ok' : 'error',
          errorCode: (row.lastPollErrorCode as ImapErrorCode | null) ?? null,
          message: row.lastPollMessage,
          messagesFetched: row.lastPollFetchedCount ?? 0,
          messagesSkipped: row.lastPollSkippedCount ?? 0,
        }
      : null,
    nextPollAt: row.isEnabled ? row.nextPollAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function notFound(): AppError {
  return new AppError(ImapMailboxErrorCode.MailboxNotFound, 'No such IMAP mailbox in this workspace.');
}

function taken(): AppError {
  return new AppError(ImapMailboxErrorCode.MailboxTaken, 'This workspace already polls that folder of that account.', [{ path: 'username', message: 'taken' }]);
}

/** PostgreSQL's unique_violation, whether the driver error arrives bare or wrapped by the query builder. */
function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | undefined)?.code === '23505');
}
