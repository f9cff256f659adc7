import { and, desc, eq, gte, isNotNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../../db/database.js';
import { customers } from '../../customers/customers.tables.js';
import { npsSettings, npsSurveys } from './nps.tables.js';

export type NpsSettingsRow = typeof npsSettings.$inferSelect;
export type NpsSurveyRow = typeof npsSurveys.$inferSelect;

/** A customer due a survey, with the resolved ticket that makes them eligible. */
export interface EligibleCustomer {
  customerId: string;
  customerLanguage: string | null;
  ticketId: string;
  ticketLanguage: string;
}

export interface NpsCounts {
  sent: number;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/** NPS settings and surveys; every query is scoped by workspace. */
export class NpsRepository {
  async findSettings(executor: Executor, workspaceId: string): Promise<NpsSettingsRow | undefined> {
    const [row] = await executor.select().from(npsSettings).where(eq(npsSettings.workspaceId, workspaceId));
    return row;
  }

  async upsertSettings(executor: Executor, values: Omit<NpsSettingsRow, 'updatedAt'>): Promise<void> {
    const { workspaceId, ...changes } = values;
    await executor
      .insert(npsSettings)
      .values(values)
      .onConflictDoUpdate({ target: npsSettings.workspaceId, set: { ...changes, updatedAt: sql`now()` } });
  }

  /** Workspaces that send surveys (the sweep visits each one in its own transaction). */
  async listEnabledWorkspaceIds(executor: Executor): Promise<string[]> {
    const rows = await executor.select({ workspaceId: npsSettings.workspaceId }).from(npsSettings).where(eq(npsSettings.isEnabled, true));
    return rows.map((row) => row.workspaceId);
  }

  /**
   * The workspace's settings, locked for the rest of the transaction, when it sends surveys; undefined when it does
   * not, or when another node holds the lock (that node is sending this workspace's surveys right now).
   */
  async lockEnabledSettings(executor: Executor, workspaceId: string): Promise<NpsSettingsRow | undefined> {
    const [row] = await executor
      .select()
      .from(npsSettings)
      .where(and(eq(npsSettings.workspaceId, workspaceId), eq(npsSettings.isEnabled, true)))
      .for('update', { skipLocked: true });
    return row;
  }

  /**
   * Customers with an address and a ticket resolved since `resolvedSince` (the latest one each), not sent a survey
   * since `surveyedSince`.
   */
  async listEligible(executor: Executor, workspaceId: string, filter: { resolvedSince: Date; surveyedSince: Date; limit: number }): Promise<EligibleCustomer[]> {
    return queryRows<EligibleCustomer>(
      executor,
      sql`
        SELECT c.id AS "customerId", c.language AS "customerLanguage", t.id AS "ticketId", t.language AS "ticketLanguage"
        FROM customers c
        JOIN LATERAL (
          SELECT id, language FROM tickets
          WHERE workspace_id = c.workspace_id AND customer_id = c.id AND resolved_at IS NOT NULL AND resolved_at >= ${filter.resolvedSince.toISOString()}::timestamptz
          ORDER BY resolved_at DESC, id DESC
          LIMIT 1
        ) t ON true
        WHERE c.workspace_id = ${workspaceId}::uuid
          AND c.email IS NOT NULL AND c.email <> ''
          AND NOT EXISTS (
            SELECT 1 FROM nps_surveys s
            WHERE s.workspace_id = c.workspace_id AND s.customer_id = c.id AND s.sent_at > ${filter.surveyedSince.toISOString()}::timestamptz
          )
        ORDER BY c.id
        LIMIT ${filter.limit}
      `,
    );
  }

  async insertSurvey(executor: Executor, values: { workspaceId: string; customerId: string; ticketId: string; language: string; sentAt: Date; expiresAt: Date }): Promise<NpsSurveyRow> {
    const [row] = await executor.insert(npsSurveys).values(values).returning();
    return row!;
  }

  async findSurvey(executor: Executor, workspaceId: string, surveyId: string): Promise<NpsSurveyRow | undefined> {
    const [row] = await executor.select().from(npsSurveys).where(and(eq(npsSurveys.workspaceId, workspaceId), eq(npsSurveys.id, surveyId)));
    return row;
  }

  async saveAnswer(executor: Executor, workspaceId: string, surveyId: string, values: { score: number; comment: string | null; answeredAt: Date }): Promise<NpsSurveyRow | undefined> {
    const [row] = await executor
      .update(npsSurveys)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(npsSurveys.workspaceId, workspaceId), eq(npsSurveys.id, surveyId)))
      .returning();
    return row;
  }

  /** Surveys sent in [from, to), and how their answers fall. */
  async countResults(executor: Executor, workspaceId: string, from: Date, to: Date, language?: 'en' | 'fr'): Promise<NpsCounts> {
    const [row] = await executor
      .select({
        sent: sql<number>`count(*)::int`,
        responses: sql<number>`count(${npsSurveys.score})::int`,
        promoters: sql<number>`count(*) FILTER (WHERE ${npsSurveys.score} >= 9)::int`,
        passives: sql<number>`count(*) FILTER (WHERE ${npsSurveys.score} BETWEEN 7 AND 8)::int`,
        detractors: sql<number>`count(*) FILTER (WHERE ${npsSurveys.score} <= 6)::int`,
      })
      .from(npsSurveys)
      .where(and(eq(npsSurveys.workspaceId, workspaceId), gte(npsSurveys.sentAt, from), lt(npsSurveys.sentAt, to), language ? eq(npsSurveys.language, language) : undefined));
    return { sent: Number(row!.sent), responses: Number(row!.responses), promoters: Number(row!.promoters), passives: Number(row!.passives), detractors: Number(row!.detractors) };
  }

  /** Answered surveys sent in [from, to), latest answer first, after the keyset `after`; `limit + 1` rows. */
  async listAnswers(executor: Executor, workspaceId: string, filter: { from: Date; to: Date; limit: number; after?: { answeredAt: Date; id: string } }) {
    const { after } = filter;
    return executor
      .select({ survey: npsSurveys, customerName: customers.name })
      .from(npsSurveys)
      .leftJoin(customers, and(eq(customers.workspaceId, npsSurveys.workspaceId), eq(customers.id, npsSurveys.customerId)))
      .where(
        and(
          eq(npsSurveys.workspaceId, workspaceId),
          gte(npsSurveys.sentAt, filter.from),
          lt(npsSurveys.sentAt, filter.to),
          isNotNull(npsSurveys.answeredAt),
          after ? or(lt(npsSurveys.answeredAt, after.answeredAt), and(eq(npsSurveys.answeredAt, after.answeredAt), lt(npsSurveys.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(npsSurveys.answeredAt), desc(npsSurveys.id))
      .limit(filter.limit + 1);
  }
}
