import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customerEmails, customers, PHONE_DIGITS } from './customers.tables.js';
import type { TListCustomersQuery } from './customers.schema.js';

export type CustomerRow = typeof customers.$inferSelect;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export class CustomersRepository {
  /** Inserts customers in one statement; answers the rows in the order given. */
  async insertMany(executor: Executor, values: Array<typeof customers.$inferInsert & { id: string }>): Promise<CustomerRow[]> {
    if (values.length === 0) return [];
    const rows = await executor.insert(customers).values(values).returning();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return values.map((value) => byId.get(value.id)!);
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

  /**
   * The earliest customer whose phone has these digits, however it was written (`+1 514-555-0100` and
   * `15145550100` are one number): how a message from a phone (SMS, WhatsApp) finds its customer.
   */
  async findByPhoneDigits(executor: Executor, workspaceId: string, digits: string): Promise<CustomerRow | undefined> {
    const [row] = await executor
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), sql`${PHONE_DIGITS} = ${digits}`))
      .orderBy(customers.createdAt, customers.id)
      .limit(1);
    return row;
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

  async findByEmails(executor: Executor, workspaceId: string, emails: string[]): Promise<Array<{ email: string; customer: CustomerRow }>> {
    if (emails.length === 0) return [];
    return executor
      .select({ email: customerEmails.email, customer: customers })
      .from(customerEmails)
      .innerJoin(customers, and(eq(customers.id, customerEmails.customerId), eq(customers.workspaceId, workspaceId)))
      .where(and(eq(customerEmails.workspaceId, workspaceId), inArray(customerEmails.email, emails)));
  }

  /** Claims addresses for a customer; returns the addresses another customer already holds. */
  async claimEmails(executor: Executor, workspaceId: string, customerId: string, emails: string[]): Promise<string[]> {
    return this.claimEmailsOfMany(executor, workspaceId, emails.map((email) => ({ customerId, email })));
  }

  /** Claims addresses for several customers at once; returns the addresses another customer already holds. */
  async claimEmailsOfMany(executor: Executor, workspaceId: string, claims: Array<{ customerId: string; email: string }>): Promise<string[]> {
    if (claims.length === 0) return [];
    const claimed = await executor
      .insert(customerEmails)
      .values(claims.map((claim) => ({ workspaceId, email: claim.email, customerId: claim.customerId })))
      .onConflictDoNothing()
      .returning({ email: customerEmails.email, customerId: customerEmails.customerId });
    const taken = claims.filter((claim) => !claimed.some((row) => row.email === claim.email && row.customerId === claim.customerId));
    if (taken.length === 0) return [];
    const holders = await executor
      .select()
      .from(customerEmails)
      .where(and(eq(customerEmails.workspaceId, workspaceId), inArray(customerEmails.email, taken.map((claim) => claim.email))));
    return holders
      .filter((holder) => taken.some((claim) => claim.email === holder.email && claim.customerId !== holder.customerId))
      .map((holder) => holder.email);
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
