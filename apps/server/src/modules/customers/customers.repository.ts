import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customerEmails, customers } from './customers.tables.js';
import type { TListCustomersQuery } from './customers.schema.js';

export type CustomerRow = typeof customers.$inferSelect;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export class CustomersRepository {
  async insert(executor: Executor, values: typeof customers.$inferInsert): Promise<CustomerRow> {
    const [row] = await executor.insert(customers).values(values).returning();
    return row!;
  }

  async update(executor: Executor, workspaceId: string, id: string, values: Partial<typeof customers.$inferInsert>): Promise<CustomerRow> {
    const [row] = await executor
      .update(customers)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
      .returning();
    return row!;
  }

  async findById(executor: Executor, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
    const [row] = await executor.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
    return row;
  }

  async findByIdForUpdate(executor: Executor, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
    const [row] = await executor
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
      .for('update');
    return row;
  }

  async findManyByIds(executor: Executor, workspaceId: string, ids: string[]): Promise<CustomerRow[]> {
    if (ids.length === 0) return [];
    return executor.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids)));
  }

  /** Customers whose sensitive values are sealed with an older key than `version`. */
  async listSealedBefore(executor: Executor, workspaceId: string, version: number, limit: number): Promise<CustomerRow[]> {
    return executor
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), lt(customers.sensitiveKeyVersion, version)))
      .limit(limit);
  }

  /** The customer holding this address, found and read in one query (tickets and mail look up senders often). */
  async findByEmail(executor: Executor, workspaceId: string, email: string): Promise<CustomerRow | undefined> {
    const [row] = await executor
      .select({ customer: customers })
      .from(customerEmails)
      .innerJoin(customers, and(eq(customers.id, customerEmails.customerId), eq(customers.workspaceId, workspaceId)))
      .where(and(eq(customerEmails.workspaceId, workspaceId), eq(customerEmails.email, email)));
    return row?.customer;
  }

  /** Claims addresses for a customer; returns the addresses another customer already holds. */
  async claimEmails(executor: Executor, workspaceId: string, customerId: string, emails: string[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const claimed = await executor
      .insert(customerEmails)
      .values(emails.map((email) => ({ workspaceId, email, customerId })))
      .onConflictDoNothing()
      .returning({ email: customerEmails.email });
    const taken = emails.filter((email) => !claimed.some((row) => row.email === email));
    if (taken.length === 0) return [];
    const holders = await executor
      .select()
      .from(customerEmails)
      .where(and(eq(customerEmails.workspaceId, workspaceId), inArray(customerEmails.email, taken)));
    return holders.filter((holder) => holder.customerId !== customerId).map((holder) => holder.email);
  }

  async releaseEmailsExcept(executor: Executor, workspaceId: string, customerId: string, keep: string[]): Promise<void> {
    await executor
      .delete(customerEmails)
      .where(
        and(
          eq(customerEmails.workspaceId, workspaceId),
          eq(customerEmails.customerId, customerId),
          keep.length > 0 ? sql`${customerEmails.email} NOT IN ${keep}` : undefined,
        ),
      );
  }

  async list(executor: Executor, workspaceId: string, query: TListCustomersQuery, after?: { createdAt: Date; id: string }): Promise<CustomerRow[]> {
    const conditions: Array<SQL | undefined> = [eq(customers.workspaceId, workspaceId)];
    if (query.tier) conditions.push(eq(customers.tier, query.tier));
    if (query.language) conditions.push(eq(customers.language, query.language));
    if (query.organization) conditions.push(eq(customers.organization, query.organization));
    if (query.email) {
      conditions.push(
        sql`${customers.id} IN (SELECT ${customerEmails.customerId} FROM ${customerEmails} WHERE ${customerEmails.workspaceId} = ${workspaceId} AND ${customerEmails.email} = ${query.email})`,
      );
    }
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`;
      conditions.push(or(ilike(customers.name, pattern), ilike(customers.email, pattern), ilike(customers.organization, pattern)));
    }
    if (after) {
      conditions.push(or(lt(customers.createdAt, after.createdAt), and(eq(customers.createdAt, after.createdAt), lt(customers.id, after.id))));
    }
    return executor
      .select()
      .from(customers)
      .where(and(...conditions))
      .orderBy(desc(customers.createdAt), desc(customers.id))
      .limit(query.limit + 1);
  }
}
