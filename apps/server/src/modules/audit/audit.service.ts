import { and, asc, desc, eq, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { Clock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/crypto.js';
import { AppError, AuditErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { Actor } from '../auth/permissions.js';
import type { TAlert, TAuditEntry, TListAlertsQuery, TListAuditLogQuery } from './audit.schema.js';
import { alerts, auditLog } from './audit.tables.js';

type AuditLogRow = typeof auditLog.$inferSelect;
type AlertRow = typeof alerts.$inferSelect;

const GENESIS_HASH = '0'.repeat(64);
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditEntry {
  workspaceId: string;
  actorType: 'user' | 'system' | 'customer';
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AlertInput {
  workspaceId: string;
  kind: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface ChainBreak {
  workspaceId: string;
  sequence: number;
  reason: 'hash_mismatch' | 'broken_link';
}

function entryHash(previousHash: string, entry: Required<AuditEntry> & { createdAt: Date }): string {
  return sha256Hex(
    previousHash +
      canonicalJson({
        workspaceId: entry.workspaceId,
        actorType: entry.actorType,
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details,
        createdAt: entry.createdAt.toISOString(),
      }),
  );
}

export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Appends to the workspace's chain. Runs inside the caller's transaction so the entry lands with the change. */
  async record(executor: Executor, entry: AuditEntry): Promise<void> {
    const write = async (tx: Executor) => {
      // Serialises appends per workspace so two writers never chain onto the same previous row.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${entry.workspaceId}, 7))`);
      const [previous] = await tx
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .where(eq(auditLog.workspaceId, entry.workspaceId))
        .orderBy(desc(auditLog.sequence))
        .limit(1);
      const complete = {
        workspaceId: entry.workspaceId,
        actorType: entry.actorType,
        actorId: entry.actorId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        details: entry.details ?? {},
        createdAt: this.clock.now(),
      };
      const previousHash = previous?.hash ?? GENESIS_HASH;
      await tx.insert(auditLog).values({ ...complete, previousHash, hash: entryHash(previousHash, complete) });
    };
    if (executor === this.db) await this.db.transaction(write);
    else await write(executor);
  }

  /** The workspace's entries, newest first. */
  async list(actor: Actor, query: TListAuditLogQuery): Promise<Page<TAuditEntry>> {
    const before = query.cursor ? Number(decodeTypedCursor(query.cursor, ['integer'])[0]) : undefined;
    if (before !== undefined && !Number.isSafeInteger(before)) throw validationError('cursor', 'The cursor is not one this API issued.');
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.workspaceId, actor.workspaceId),
          query.action ? eq(auditLog.action, query.action) : undefined,
          before !== undefined ? lt(auditLog.sequence, before) : undefined,
        ),
      )
      .orderBy(desc(auditLog.sequence))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [row.sequence]);
    return { data: page.data.map(toAuditEntry), nextCursor: page.nextCursor };
  }

  /** Walks every chain; returns each place where a row was edited, or removed from between two others. */
  async verify(): Promise<{ checked: number; breaks: ChainBreak[] }> {
    const breaks: ChainBreak[] = [];
    const lastHashByWorkspace = new Map<string, string>();
    let checked = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.select().from(auditLog).where(gt(auditLog.sequence, after)).orderBy(asc(auditLog.sequence)).limit(1000);
      if (rows.length === 0) break;
      for (const row of rows) {
        checked += 1;
        const expectedPrevious = lastHashByWorkspace.get(row.workspaceId) ?? GENESIS_HASH;
        if (row.previousHash !== expectedPrevious) {
          breaks.push({ workspaceId: row.workspaceId, sequence: row.sequence, reason: 'broken_link' });
        }
        const recomputed = entryHash(row.previousHash, {
          workspaceId: row.workspaceId,
          actorType: row.actorType as AuditEntry['actorType'],
          actorId: row.actorId,
          action: row.action,
          targetType: row.targetType,
          targetId: row.targetId,
          details: row.details,
          createdAt: row.createdAt,
        });
        if (recomputed !== row.hash) breaks.push({ workspaceId: row.workspaceId, sequence: row.sequence, reason: 'hash_mismatch' });
        lastHashByWorkspace.set(row.workspaceId, row.hash);
      }
      after = rows[rows.length - 1]!.sequence;
    }
    return { checked, breaks };
  }

  async raiseAlert(executor: Executor, input: AlertInput): Promise<void> {
    await executor.insert(alerts).values({ ...input, details: input.details ?? {}, createdAt: this.clock.now() });
  }

  /** The workspace's alerts, newest first. */
  async listAlerts(actor: Actor, query: TListAlertsQuery): Promise<Page<TAlert>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const conditions: Array<SQL | undefined> = [eq(alerts.workspaceId, actor.workspaceId)];
    if (query.state === 'open') conditions.push(isNull(alerts.acknowledgedAt));
    if (query.state === 'acknowledged') conditions.push(isNotNull(alerts.acknowledgedAt));
    if (after) {
      const createdAt = new Date(String(after[0]));
      const id = String(after[1]);
      if (Number.isNaN(createdAt.getTime()) || !UUID_PATTERN.test(id)) throw validationError('cursor', 'The cursor is not one this API issued.');
      conditions.push(or(lt(alerts.createdAt, createdAt), and(eq(alerts.createdAt, createdAt), lt(alerts.id, id))));
    }
    const rows = await this.db
      .select()
      .from(alerts)
      .where(and(...conditions))
      .orderBy(desc(alerts.createdAt), desc(alerts.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { data: page.data.map(toAlert), nextCursor: page.nextCursor };
  }

  /** Marks an alert as seen. Acknowledging twice keeps the first time; who acknowledged it goes to the audit log. */
  async acknowledgeAlert(actor: Actor, alertId: string): Promise<TAlert> {
    return this.db.transaction(async (tx) => {
      const [acknowledged] = await tx
        .update(alerts)
        .set({ acknowledgedAt: this.clock.now() })
        .where(and(eq(alerts.workspaceId, actor.workspaceId), eq(alerts.id, alertId), isNull(alerts.acknowledgedAt)))
        .returning();
      if (acknowledged) {
        await this.record(tx, {
          workspaceId: actor.workspaceId,
          actorType: 'user',
          actorId: actor.userId,
          action: 'alert.acknowledged',
          targetType: 'alert',
          targetId: alertId,
          details: { kind: acknowledged.kind },
        });
        return toAlert(acknowledged);
      }
      const [existing] = await tx.select().from(alerts).where(and(eq(alerts.workspaceId, actor.workspaceId), eq(alerts.id, alertId)));
      if (!existing) throw new AppError(AuditErrorCode.AlertNotFound, 'No such alert in this workspace.');
      return toAlert(existing);
    });
  }
}

function toAuditEntry(row: AuditLogRow): TAuditEntry {
  return {
    sequence: row.sequence,
    actorType: row.actorType as TAuditEntry['actorType'],
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

function toAlert(row: AlertRow): TAlert {
  return {
    id: row.id,
    kind: row.kind,
    message: row.message,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
  };
}
