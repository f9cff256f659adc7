import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError, TicketErrorCode } from '../../shared/errors.js';
import type { Page } from '../../shared/pagination.js';
import { can, requireAccess, type Actor } from '../auth/permissions.js';
import { ZTicketFilters, type TTicket } from '../tickets/tickets.schema.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { TCreateViewRequest, TSavedView, TUpdateViewRequest } from './views.schema.js';
import { savedViews } from './views.tables.js';

type ViewRow = typeof savedViews.$inferSelect;

/** Saved ticket views: personal ones only their owner sees; shared ones (made by managers) everyone sees. */
export class ViewsService {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketsService,
  ) {}

  async list(actor: Actor): Promise<TSavedView[]> {
    const rows = await this.db
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.workspaceId, actor.workspaceId), or(eq(savedViews.visibility, 'shared'), eq(savedViews.ownerId, actor.userId))))
      .orderBy(asc(savedViews.name));
    return rows.map(present);
  }

  async create(actor: Actor, input: TCreateViewRequest): Promise<TSavedView> {
    if (input.visibility === 'shared') requireAccess(actor, 'views.share');
    const [row] = await this.db
      .insert(savedViews)
      .values({ workspaceId: actor.workspaceId, ownerId: actor.userId, name: input.name, visibility: input.visibility, filters: input.filters, sort: input.sort })
      .returning();
    return present(row!);
  }

  async update(actor: Actor, viewId: string, changes: TUpdateViewRequest): Promise<TSavedView> {
    const view = await this.requireEditable(actor, viewId);
    if (changes.visibility === 'shared' || view.visibility === 'shared') requireAccess(actor, 'views.share');
    const [row] = await this.db
      .update(savedViews)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(savedViews.workspaceId, actor.workspaceId), eq(savedViews.id, viewId)))
      .returning();
    return present(row!);
  }

  async delete(actor: Actor, viewId: string): Promise<void> {
    const view = await this.requireEditable(actor, viewId);
    if (view.visibility === 'shared') requireAccess(actor, 'views.share');
    await this.db.delete(savedViews).where(and(eq(savedViews.workspaceId, actor.workspaceId), eq(savedViews.id, viewId)));
  }

  async listTickets(actor: Actor, viewId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<TTicket>> {
    const view = await this.requireVisible(actor, viewId);
    const filters = ZTicketFilters.parse(view.filters);
    return this.tickets.list(actor, { ...filters, sort: view.sort as TSavedView['sort'], limit: page.limit, cursor: page.cursor });
  }

  private async requireVisible(actor: Actor, viewId: string): Promise<ViewRow> {
    const [row] = await this.db.select().from(savedViews).where(and(eq(savedViews.workspaceId, actor.workspaceId), eq(savedViews.id, viewId)));
    if (!row || (row.visibility === 'personal' && row.ownerId !== actor.userId)) throw new AppError(TicketErrorCode.ViewNotFound, 'No such view.');
    return row;
  }

  /** Owners edit their views; managers and admins may also edit shared ones. */
  private async requireEditable(actor: Actor, viewId: string): Promise<ViewRow> {
    const view = await this.requireVisible(actor, viewId);
    if (view.ownerId !== actor.userId && !can(actor, 'views.share')) throw new AppError(TicketErrorCode.ViewNotFound, 'No such view.');
    return view;
  }
}

function present(row: ViewRow): TSavedView {
  return {
    id: row.id,
    name: row.name,
    visibility: row.visibility as TSavedView['visibility'],
    ownerId: row.ownerId,
    filters: row.filters,
    sort: row.sort as TSavedView['sort'],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
