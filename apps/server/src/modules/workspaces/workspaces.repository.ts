import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { customFieldDefinitions, ticketStatuses, workspaces } from './workspaces.tables.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type TicketStatusRow = typeof ticketStatuses.$inferSelect;
export type CustomFieldDefinitionRow = typeof customFieldDefinitions.$inferSelect;

export class WorkspacesRepository {
  /** Undefined when the slug is taken (the unique index decides, so two creators racing cannot both win). */
  async insert(executor: Executor, values: typeof workspaces.$inferInsert): Promise<WorkspaceRow | undefined> {
    const [row] = await executor.insert(workspaces).values(values).onConflictDoNothing({ target: workspaces.slug }).returning();
    return row;
  }

  async findById(executor: Executor, id: string): Promise<WorkspaceRow | undefined> {
    const [row] = await executor.select().from(workspaces).where(eq(workspaces.id, id));
    return row;
  }

  async findBySlug(executor: Executor, slug: string): Promise<WorkspaceRow | undefined> {
    const [row] = await executor.select().from(workspaces).where(eq(workspaces.slug, slug));
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<typeof workspaces.$inferInsert>): Promise<WorkspaceRow> {
    const [row] = await executor.update(workspaces).set({ ...values, updatedAt: sql`now()` }).where(eq(workspaces.id, id)).returning();
    return row!;
  }

  /** Takes the next ticket number; the row lock serialises numbering within one workspace only. */
  /** Reserves `count` consecutive ticket numbers; answers the first. The row stays locked until commit. */
  async takeTicketNumbers(executor: Executor, workspaceId: string, count: number): Promise<number> {
    const [row] = await executor
      .update(workspaces)
      .set({ nextTicketNumber: sql`${workspaces.nextTicketNumber} + ${count}` })
      .where(eq(workspaces.id, workspaceId))
      .returning({ first: sql<number>`${workspaces.nextTicketNumber} - ${count}` });
    return Number(row!.first);
  }

  async listStatuses(executor: Executor, workspaceId: string): Promise<TicketStatusRow[]> {
    return executor.select().from(ticketStatuses).where(eq(ticketStatuses.workspaceId, workspaceId)).orderBy(ticketStatuses.createdAt);
  }

  async insertStatus(executor: Executor, values: typeof ticketStatuses.$inferInsert): Promise<TicketStatusRow | undefined> {
    const [row] = await executor.insert(ticketStatuses).values(values).onConflictDoNothing().returning();
    return row;
  }

  /** Locks the row until commit, so two admins editing one status apply one after the other. */
  async findStatusForUpdate(executor: Executor, workspaceId: string, id: string): Promise<TicketStatusRow | undefined> {
    const [row] = await executor
      .select()
      .from(ticketStatuses)
      .where(and(eq(ticketStatuses.workspaceId, workspaceId), eq(ticketStatuses.id, id)))
      .for('update');
    return row;
  }

  async updateStatus(executor: Executor, workspaceId: string, id: string, values: Partial<Pick<TicketStatusRow, 'label' | 'category' | 'isArchived'>>): Promise<TicketStatusRow> {
    const [row] = await executor
      .update(ticketStatuses)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(ticketStatuses.workspaceId, workspaceId), eq(ticketStatuses.id, id)))
      .returning();
    return row!;
  }

  async listFieldDefinitions(executor: Executor, workspaceId: string, entity?: string): Promise<CustomFieldDefinitionRow[]> {
    return executor
      .select()
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), entity ? eq(customFieldDefinitions.entity, entity) : undefined))
      .orderBy(customFieldDefinitions.createdAt);
  }

  async insertFieldDefinition(
    executor: Executor,
    values: typeof customFieldDefinitions.$inferInsert,
  ): Promise<CustomFieldDefinitionRow | undefined> {
    const [row] = await executor.insert(customFieldDefinitions).values(values).onConflictDoNothing().returning();
    return row;
  }

  /** Locks the row until commit, so two admins editing one field apply one after the other. */
  async findFieldDefinitionForUpdate(executor: Executor, workspaceId: string, id: string): Promise<CustomFieldDefinitionRow | undefined> {
    const [row] = await executor
      .select()
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)))
      .for('update');
    return row;
  }

  async updateFieldDefinition(
    executor: Executor,
    workspaceId: string,
    id: string,
    values: Partial<Pick<CustomFieldDefinitionRow, 'label' | 'description' | 'isRequired' | 'options' | 'isArchived'>>,
  ): Promise<CustomFieldDefinitionRow> {
    const [row] = await executor
      .update(customFieldDefinitions)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id)))
      .returning();
    return row!;
  }
}
