import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { satisfactionRatings } from './satisfaction.tables.js';

export type SatisfactionRow = typeof satisfactionRatings.$inferSelect;

/** Satisfaction surveys; every query is scoped by workspace. */
export class SatisfactionRepository {
  async findByTicket(executor: Executor, workspaceId: string, ticketId: string): Promise<SatisfactionRow | undefined> {
    const [row] = await executor
      .select()
      .from(satisfactionRatings)
      .where(and(eq(satisfactionRatings.workspaceId, workspaceId), eq(satisfactionRatings.ticketId, ticketId)));
    return row;
  }

  async listRatedOfCustomer(executor: Executor, workspaceId: string, customerId: string): Promise<SatisfactionRow[]> {
    return executor
      .select()
      .from(satisfactionRatings)
      .where(and(eq(satisfactionRatings.workspaceId, workspaceId), eq(satisfactionRatings.customerId, customerId), isNotNull(satisfactionRatings.ratedAt)));
  }

  /** A new offer keeps an earlier answer: the customer may change it through the new link. */
  async upsertOffer(
    executor: Executor,
    values: { workspaceId: string; ticketId: string; customerId: string | null; language: string; offeredAt: Date; expiresAt: Date },
  ): Promise<SatisfactionRow> {
    const [row] = await executor
      .insert(satisfactionRatings)
      .values(values)
      .onConflictDoUpdate({
        target: satisfactionRatings.ticketId,
        set: { customerId: values.customerId, language: values.language, offeredAt: values.offeredAt, expiresAt: values.expiresAt, updatedAt: sql`now()` },
        setWhere: eq(satisfactionRatings.workspaceId, values.workspaceId),
      })
      .returning();
    return row!;
  }

  async saveRating(executor: Executor, workspaceId: string, ticketId: string, values: { rating: number; comment: string | null; ratedAt: Date }): Promise<SatisfactionRow | undefined> {
    const [row] = await executor
      .update(satisfactionRatings)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(satisfactionRatings.workspaceId, workspaceId), eq(satisfactionRatings.ticketId, ticketId)))
      .returning();
    return row;
  }
}
