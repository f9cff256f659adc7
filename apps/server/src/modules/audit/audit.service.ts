import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { Clock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/crypto.js';
import { toPage, type Page } from '../../shared/pagination.js';
import { alerts, auditLog } from './audit.tables.js';

const GENESIS_HASH = '0'.repeat(64);

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

  async list(workspaceId: string, limit: number, cursor?: number): Promise<Page<typeof auditLog.$inferSelect>> {
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), cursor ? lt(auditLog.sequence, cursor) : undefined))
      .orderBy(desc(auditLog.sequence))
      .limit(limit + 1);
    return toPage(rows, limit, (row) => [row.sequence]);
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
    await executor.insert(alerts).values({ ...input, details: input.details ?? {} });
  }

  async listAlerts(workspaceId: string, limit: number): Promise<Array<typeof alerts.$inferSelect>> {
    return this.db.select().from(alerts).where(eq(alerts.workspaceId, workspaceId)).orderBy(desc(alerts.createdAt)).limit(limit);
  }
}
