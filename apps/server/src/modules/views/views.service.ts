import type { Database } from '../../db/database.js';
import { AppError, TicketErrorCode } from '../../shared/errors.js';
import type { Page } from '../../shared/pagination.js';
import { can, requireAccess, type Actor } from '../auth/permissions.js';
import { ZTicketFilters, type TTicket } from '../tickets/tickets.schema.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { TCreateViewRequest, TSavedView, TUpdateViewRequest } from './views.schema.js';
import type { ViewRow, ViewsRepository } from './views.repository.js';

/** Saved ticket views: personal ones only their owner sees; shared ones (made by managers) everyone sees. */
export class ViewsService {
  constructor(
    private readonly db: Database,
    private readonly repository: ViewsRepository,
    private readonly tickets: TicketsService,
  ) {}

  async list(actor: Actor): Promise<TSavedView[]> {
    const rows = await this.repository.listVisible(this.db, actor.workspaceId, actor.userId);
    return rows.map(present);
  }

  async create(actor: Actor, input: TCreateViewRequest): Promise<TSavedView> {
    if (input.visibility === 'shared') requireAccess(actor, 'views.share');
    const row = await this.repository.insert(this.db, { workspaceId: actor.workspaceId, ownerId: actor.userId, name: input.name, visibility: input.visibility, filters: input.filters, sort: input.sort });
    return present(row);
  }

  async update(actor: Actor, viewId: string, changes: TUpdateViewRequest): Promise<TSavedView> {
    const view = await this.requireEditable(actor, viewId);
    if (changes.visibility === 'shared' || view.visibility === 'shared') requireAccess(actor, 'views.share');
    return present(await this.repository.update(this.db, actor.workspaceId, viewId, changes));
  }

  async delete(actor: Actor, viewId: string): Promise<void> {
    const view = await this.requireEditable(actor, viewId);
    if (view.visibility === 'shared') requireAccess(actor, 'views.share');
    await this.repository.delete(this.db, actor.workspaceId, viewId);
  }

  async listTickets(actor: Actor, viewId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<TTicket>> {
    const view = await this.requireVisible(actor, viewId);
    const filters = ZTicketFilters.parse(view.filters);
    return this.tickets.list(actor, { ...filters, sort: view.sort as TSavedView['sort'], limit: page.limit, cursor: page.cursor });
  }

  private async requireVisible(actor: Actor, viewId: string): Promise<ViewRow> {
    const row = await this.repository.findById(this.db, actor.workspaceId, viewId);
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
