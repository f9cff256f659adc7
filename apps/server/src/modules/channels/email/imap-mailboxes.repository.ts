import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { imapMailboxes } from './imap-mailboxes.tables.js';

export type ImapMailboxRow = typeof imapMailboxes.$inferSelect;
export type NewImapMailbox = Omit<typeof imapMailboxes.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** What a poll leaves on its mailbox: where it got to in the folder, its outcome, and when the next one is due. */
export interface PollRecord {
  uidValidity: number | null;
  lastUid: number | null;
  lastPollAt: Date;
  lastPollStatus: 'ok' | 'error';
  lastPollErrorCode: string | null;
  lastPollMessage: string | null;
  lastPollFetchedCount: number;
  lastPollSkippedCount: number;
  consecutiveFailures: number;
  /** Milliseconds from now (database time) until the next poll. */
  nextPollInMs: number;
}

/** Held mailboxes are free again once `locked_until` passes, whoever held them. */
const isFree = () => or(isNull(imapMailboxes.lockedUntil), lte(imapMailboxes.lockedUntil, sql`now()`));

export class ImapMailboxesRepository {
  async list(executor: Executor, workspaceId: string): Promise<ImapMailboxRow[]> {
    return executor.select().from(imapMailboxes).where(eq(imapMailboxes.workspaceId, workspaceId)).orderBy(asc(imapMailboxes.createdAt), asc(imapMailboxes.id));
  }

  async find(executor: Executor, workspaceId: string, mailboxId: string): Promise<ImapMailboxRow | undefined> {
    const [row] = await executor.select().from(imapMailboxes).where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, mailboxId)));
    return row;
  }

  /** Undefined when the workspace already polls that account's folder. */
  async insert(executor: Executor, values: NewImapMailbox): Promise<ImapMailboxRow | undefined> {
    const [row] = await executor.insert(imapMailboxes).values(values).onConflictDoNothing().returning();
    return row;
  }

  async update(executor: Executor, workspaceId: string, mailboxId: string, values: Partial<NewImapMailbox>): Promise<ImapMailboxRow | undefined> {
    const [row] = await executor
      .update(imapMailboxes)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, mailboxId)))
      .returning();
    return row;
  }

  async delete(executor: Executor, workspaceId: string, mailboxId: string): Promise<ImapMailboxRow | undefined> {
    const [row] = await executor.delete(imapMailboxes).where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, mailboxId))).returning();
    return row;
  }

  /**
   * Takes up to `limit` enabled mailboxes whose poll is due and that no poll holds, for `lockMs`. `SKIP LOCKED`
   * lets several nodes claim at once without waiting on each other or taking the same mailbox.
   */
  async claimDue(tx: Executor, limit: number, lockMs: number): Promise<ImapMailboxRow[]> {
    const due = await tx
      .select({ id: imapMailboxes.id })
      .from(imapMailboxes)
      .where(and(eq(imapMailboxes.isEnabled, true), lte(imapMailboxes.nextPollAt, sql`now()`), isFree()))
      .orderBy(asc(imapMailboxes.nextPollAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed: ImapMailboxRow[] = [];
    for (const { id } of due) {
      const [row] = await tx
        .update(imapMailboxes)
        .set({ lockedUntil: sql`now() + ${lockMs} * interval '1 millisecond'`, claimToken: randomUUID() })
        .where(eq(imapMailboxes.id, id))
        .returning();
      if (row) claimed.push(row);
    }
    return claimed;
  }

  /** Takes one mailbox now, due or not ("poll now"); undefined when a poll holds it. */
  async claimOne(tx: Executor, workspaceId: string, mailboxId: string, lockMs: number): Promise<ImapMailboxRow | undefined> {
    const [free] = await tx
      .select({ id: imapMailboxes.id })
      .from(imapMailboxes)
      .where(and(eq(imapMailboxes.workspaceId, workspaceId), eq(imapMailboxes.id, mailboxId), isFree()))
      .for('update', { skipLocked: true });
    if (!free) return undefined;
    const [row] = await tx
      .update(imapMailboxes)
      .set({ lockedUntil: sql`now() + ${lockMs} * interval '1 millisecond'`, claimToken: randomUUID() })
      .where(eq(imapMailboxes.id, free.id))
      .returning();
    return row;
  }

  /**
   * Records a poll's outcome and lets the mailbox go, only while the claim is still this poll's: a mailbox
   * deleted or pointed at another account meanwhile keeps what it has. False when the claim was lost.
   */
  async finishPoll(executor: Executor, mailboxId: string, claimToken: string, record: PollRecord): Promise<boolean> {
    const { nextPollInMs, ...values } = record;
    const rows = await executor
      .update(imapMailboxes)
      .set({
        ...values,
        nextPollAt: sql`now() + ${nextPollInMs} * interval '1 millisecond'`,
        lockedUntil: null,
        claimToken: null,
      })
      .where(and(eq(imapMailboxes.id, mailboxId), eq(imapMailboxes.claimToken, claimToken)))
      .returning({ id: imapMailboxes.id });
    return rows.length > 0;
  }

  /**
   * Lets a claimed mailbox go without recording a result (a poll interrupted by shutdown), keeping how far it
   * read: it is due again at once, on whichever node takes it.
   */
  async releaseClaim(executor: Executor, mailboxId: string, claimToken: string, progress: { uidValidity: number | null; lastUid: number | null }): Promise<void> {
    await executor
      .update(imapMailboxes)
      .set({ ...progress, lockedUntil: null, claimToken: null })
      .where(and(eq(imapMailboxes.id, mailboxId), eq(imapMailboxes.claimToken, claimToken)));
  }

  /** How long until the next enabled mailbox is due (0 when one is), undefined when there is none. */
  async millisecondsUntilNextDue(executor: Executor): Promise<number | undefined> {
    const [row] = await executor
      .select({ waitMs: sql<number | null>`greatest(0, extract(epoch FROM (min(${imapMailboxes.nextPollAt}) - now())) * 1000)::float8` })
      .from(imapMailboxes)
      .where(eq(imapMailboxes.isEnabled, true));
    return row?.waitMs === null || row?.waitMs === undefined ? undefined : Number(row.waitMs);
  }
}
