import type { Database } from '../../../db/database.js';
import { interruptibleSleep } from '../../../shared/sleep.js';
import type { DataKeyService } from '../../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../../workspaces/workspaces.service.js';
import { IngestRefusal, type EmailIngestionService } from './email-ingestion.service.js';
import type { EmailService } from './email.service.js';
import { ImapFailure, toImapFailure, withImapFolder, type ImapAccount } from './imap-mailboxes.connection.js';
import type { ImapMailboxesRepository, ImapMailboxRow } from './imap-mailboxes.repository.js';
import type { ImapErrorCode, ImapSecurity, TImapConnectionTest } from './imap-mailboxes.schema.js';

/** Messages one poll takes at most; a fuller mailbox is polled again at once for the rest. */
const MAX_MESSAGES_PER_POLL = 50;
/** Mailboxes one node polls at the same time. */
const CONCURRENT_POLLS = 3;
/** A poll that runs this long is stopped (it goes on from where it stopped next time)… */
const POLL_DEADLINE_MS = 5 * 60_000;
/** …well before its hold on the mailbox lapses and another node may take it. */
const CLAIM_LOCK_MS = POLL_DEADLINE_MS * 2;
/** Failing mailboxes wait longer each time, up to this (or their own interval, when longer). */
const MAX_BACKOFF_MS = 3600_000;
/** How often an idle worker looks for due mailboxes (a new or changed mailbox nudges it sooner). */
const IDLE_CHECK_MS = 5_000;

/** Where a poll got to and how it ended. */
interface PollOutcome {
  uidValidity: number | null;
  lastUid: number | null;
  fetched: number;
  skipped: number;
  /** More messages wait than one poll takes. */
  hasMore: boolean;
  failure: { code: ImapErrorCode; message: string } | null;
}

/** Received mail that our side could not store: the poll stops there, and that message is read again next time. */
class IngestionFailure extends Error {
  constructor(readonly original: unknown) {
    super(`Received mail could not be stored: ${((original as Error)?.message ?? String(original)).slice(0, 300)}`);
  }
}

/**
 * Reads the mail that arrives in connected IMAP mailboxes. Each due mailbox is claimed (`FOR UPDATE SKIP
 * LOCKED`, then held until a deadline), so one poll at a time runs per mailbox across every node. A poll reads
 * the folder's new messages in UID order, hands each raw message to `EmailIngestionService.ingest` as if it had
 * been delivered to the workspace's default address, flags it `\Seen`, and records how far it got (UIDVALIDITY
 * and the last UID) and how it went. Message-ID deduplication makes a message read twice (a crash between
 * ingestion and the record, a folder renumbered) one ticket or comment still.
 */
export class ImapPoller {
  private wake: (() => void) | undefined;
  private isNudged = false;

  constructor(
    private readonly db: Database,
    private readonly repository: ImapMailboxesRepository,
    private readonly dataKeys: DataKeyService,
    private readonly ingestion: EmailIngestionService,
    private readonly email: EmailService,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** Wakes the loop (a mailbox was added or changed) instead of waiting for its next look. */
  nudge(): void {
    if (this.wake) this.wake();
    else this.isNudged = true;
  }

  /** Runs until `signal` aborts: polls what is due, then sleeps until the next mailbox is due, a nudge, or the idle check. */
  async run(signal: AbortSignal, onError: (error: unknown) => void = () => {}): Promise<void> {
    while (!signal.aborted) {
      this.isNudged = false;
      let sleepMs = IDLE_CHECK_MS;
      try {
        while ((await this.pollDue(signal, onError)) > 0 && !signal.aborted) {
          // drain: several mailboxes may be due at once
        }
        const untilNextDue = await this.repository.millisecondsUntilNextDue(this.db);
        if (untilNextDue !== undefined) sleepMs = Math.min(IDLE_CHECK_MS, Math.max(50, untilNextDue));
      } catch (error) {
        onError(error);
      }
      if (signal.aborted) break;
      if (this.isNudged) continue;
      const sleep = interruptibleSleep(sleepMs, signal);
      this.wake = sleep.wake;
      await sleep.done;
      this.wake = undefined;
    }
  }

  /** Claims the mailboxes that are due (a few), polls them side by side and records each outcome. Returns how many. */
  async pollDue(signal?: AbortSignal, onError: (error: unknown) => void = () => {}): Promise<number> {
    const claimed = await this.db.transaction((tx) => this.repository.claimDue(tx, CONCURRENT_POLLS, CLAIM_LOCK_MS));
    await Promise.all(claimed.map((mailbox) => this.pollClaimed(mailbox, signal).catch(onError)));
    return claimed.length;
  }

  /** Claims one mailbox whatever its schedule ("poll now"); undefined when a poll already holds it. */
  async claim(workspaceId: string, mailboxId: string): Promise<ImapMailboxRow | undefined> {
    return this.db.transaction((tx) => this.repository.claimOne(tx, workspaceId, mailboxId, CLAIM_LOCK_MS));
  }

  /**
   * Polls a mailbox this node has claimed and records the outcome on it. When `shutdown` aborts midway, what
   * was read is kept, the mailbox is let go without a result, and it is due again at once.
   */
  async pollClaimed(mailbox: ImapMailboxRow, shutdown?: AbortSignal): Promise<void> {
    const claimToken = mailbox.claimToken;
    if (!claimToken) throw new Error('pollClaimed needs a claimed mailbox');
    const deadline = AbortSignal.timeout(POLL_DEADLINE_MS);
    const signal = shutdown ? AbortSignal.any([shutdown, deadline]) : deadline;
    const outcome = await this.poll(mailbox, signal);
    if (shutdown?.aborted) {
      await this.repository.releaseClaim(this.db, mailbox.id, claimToken, { uidValidity: outcome.uidValidity, lastUid: outcome.lastUid });
      return;
    }
    if (deadline.aborted) outcome.failure = { code: 'timeout', message: `The poll ran longer than ${POLL_DEADLINE_MS / 60_000} minutes and was stopped; the next one goes on from there.` };
    const consecutiveFailures = outcome.failure ? mailbox.consecutiveFailures + 1 : 0;
    const intervalMs = mailbox.pollIntervalSeconds * 1000;
    await this.repository.finishPoll(this.db, mailbox.id, claimToken, {
      uidValidity: outcome.uidValidity,
      lastUid: outcome.lastUid,
      lastPollAt: new Date(),
      lastPollStatus: outcome.failure ? 'error' : 'ok',
      lastPollErrorCode: outcome.failure?.code ?? null,
      lastPollMessage: outcome.failure?.message ?? null,
      lastPollFetchedCount: outcome.fetched,
      lastPollSkippedCount: outcome.skipped,
      consecutiveFailures,
      nextPollInMs: outcome.failure ? Math.max(intervalMs, Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** (consecutiveFailures - 1))) : outcome.hasMore ? 0 : intervalMs,
    });
  }

  /** Signs in, opens the folder and counts its messages; changes nothing. Every failure is an answer, never a throw. */
  async testConnection(mailbox: ImapMailboxRow): Promise<TImapConnectionTest> {
    try {
      const account = await this.accountOf(mailbox);
      return await withImapFolder(account, mailbox.folder, { readOnly: true, signal: AbortSignal.timeout(60_000) }, async (client, folder) => {
        // Some servers refuse STATUS on the open folder; the count from opening it is enough then.
        const status = await client.status(mailbox.folder, { messages: true, unseen: true }).catch(() => false as const);
        return { ok: true, messageCount: status ? (status.messages ?? folder.exists) : folder.exists, unseenCount: status ? (status.unseen ?? null) : null, error: null };
      });
    } catch (error) {
      const failure = toImapFailure(error, mailbox.folder);
      return { ok: false, messageCount: null, unseenCount: null, error: { code: failure.code, message: failure.message } };
    }
  }

  private async poll(mailbox: ImapMailboxRow, signal: AbortSignal): Promise<PollOutcome> {
    const outcome: PollOutcome = { uidValidity: mailbox.uidValidity, lastUid: mailbox.lastUid, fetched: 0, skipped: 0, hasMore: false, failure: null };
    try {
      const account = await this.accountOf(mailbox);
      // Ingestion finds the workspace from the recipient: the default address is the one every workspace has.
      const workspace = await this.workspaces.get(mailbox.workspaceId);
      const recipient = this.email.defaultAddressOf(workspace.slug);
      const { maxMessageBytes } = await this.email.limitsOf(mailbox.workspaceId);

      await withImapFolder(account, mailbox.folder, { readOnly: false, signal }, async (client, folder) => {
        const uidValidity = Number(folder.uidValidity);
        // Same folder numbering as last time: only UIDs above the last one read are new, seen by a person or not.
        // Otherwise (a first poll, or the folder was renumbered) the unread messages are the new ones.
        const isContinuing = mailbox.uidValidity === uidValidity && mailbox.lastUid !== null;
        const lastUid = mailbox.lastUid ?? 0;
        let candidates: number[];
        if (isContinuing) {
          const hasNewer = !Number.isFinite(folder.uidNext) || folder.uidNext > lastUid + 1;
          // `n:*` always answers the highest UID, even below n: hence the filter.
          candidates = hasNewer ? ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > lastUid) : [];
        } else {
          outcome.uidValidity = null;
          outcome.lastUid = null;
          candidates = (await client.search({ seen: false }, { uid: true })) || [];
        }
        candidates.sort((a, b) => a - b);
        const batch = candidates.slice(0, MAX_MESSAGES_PER_POLL);
        outcome.hasMore = candidates.length > batch.length;

        const sizes = new Map<number, number>();
        if (batch.length > 0) for (const message of await client.fetchAll(batch, { uid: true, size: true }, { uid: true })) sizes.set(message.uid, message.size ?? 0);
        const read: number[] = [];
        let handled = 0;
        try {
          for (const uid of batch) {
            if (signal.aborted) break;
            if ((sizes.get(uid) ?? 0) > maxMessageBytes) {
              // Left unread in the mailbox for a person to deal with; never downloaded.
              outcome.skipped += 1;
            } else {
              const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
              // A message expunged since the search has nothing to read.
              if (message && message.source) {
                try {
                  await this.ingestion.ingest(message.source, { mailFrom: returnPathOf(message.source), recipients: [recipient] });
                  read.push(uid);
                  outcome.fetched += 1;
                } catch (error) {
                  if (!(error instanceof IngestRefusal && error.reason === 'too_large')) throw new IngestionFailure(error);
                  outcome.skipped += 1;
                }
              }
            }
            handled += 1;
            if (isContinuing) outcome.lastUid = uid;
          }
        } finally {
          // Best effort: a message left unflagged is not read again (its UID is behind us), it only looks unread.
          if (read.length > 0 && client.usable) await client.messageFlagsAdd(read, ['\\Seen'], { uid: true }).catch(() => false);
        }
        // A first poll that took every unread message starts counting UIDs from here on.
        if (!isContinuing && handled === batch.length && !outcome.hasMore && !signal.aborted) {
          const highest = Number.isFinite(folder.uidNext) && folder.uidNext > 0 ? folder.uidNext - 1 : (batch.at(-1) ?? 0);
          outcome.uidValidity = uidValidity;
          outcome.lastUid = Math.max(highest, batch.at(-1) ?? 0);
        }
      });
    } catch (error) {
      outcome.failure = error instanceof IngestionFailure ? { code: 'ingestion_failed', message: error.message } : (({ code, message }: ImapFailure) => ({ code, message }))(toImapFailure(error, mailbox.folder));
    }
    return outcome;
  }

  private async accountOf(mailbox: ImapMailboxRow): Promise<ImapAccount> {
    let password: string;
    try {
      password = await this.dataKeys.open(mailbox.workspaceId, mailbox.passwordEncrypted);
    } catch {
      throw new ImapFailure('server_error', 'The stored password could not be decrypted; enter it again.');
    }
    return { host: mailbox.host, port: mailbox.port, security: mailbox.security as ImapSecurity, username: mailbox.username, password };
  }
}

/**
 * The envelope sender the delivering server wrote into `Return-Path`: `''` for the null sender of bounces
 * (`<>`), undefined when the message has none. SMTP gives it as MAIL FROM; over IMAP this is all there is.
 */
export function returnPathOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^return-path:[ \t]*<([^>]*)>/im.exec(header);
  return match ? match[1]!.trim().toLowerCase() : undefined;
}
