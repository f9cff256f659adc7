import type { Database, Executor } from '../../db/database.js';
import { AppError, validationError, WorkspaceErrorCode } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import type { DataKeyService } from './data-keys.service.js';
import type { CustomFieldDefinitionRow, TicketStatusRow, WorkspaceRow, WorkspacesRepository } from './workspaces.repository.js';
import {
  DEFAULT_CATEGORIES,
  STATUS_CATEGORIES,
  type Plan,
  type StatusCategory,
  type TCustomFieldDefinition,
  type TTicketStatus,
  type TUpdateCustomFieldRequest,
  type TUpdateTicketStatusRequest,
  type TUpdateWorkspaceRequest,
  type TWorkspace,
} from './workspaces.schema.js';
import type { z } from 'zod';
import type { ZCreateCustomFieldRequest, ZCreateTicketStatusRequest } from './workspaces.schema.js';

export type TicketStatusView = TTicketStatus;

/**
 * Told, inside the transaction that changes it, that a custom status now maps to another category, so that
 * tickets already in it follow (their category drives views, reports and SLA clocks). Answers how many moved.
 */
export type StatusCategoryListener = (tx: Executor, change: { workspaceId: string; statusKey: string; category: StatusCategory }) => Promise<number>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const builtInStatusLabels: Record<StatusCategory, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

export class WorkspacesService {
  private readonly statusCategoryListeners: StatusCategoryListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly repository: WorkspacesRepository,
    private readonly dataKeys: DataKeyService,
    private readonly audit: AuditService,
  ) {}

  /** Registered by the composition root (the tickets module), which the workspaces module does not import. */
  onStatusCategoryChanged(listener: StatusCategoryListener): void {
    this.statusCategoryListeners.push(listener);
  }

  async create(executor: Executor, input: { slug: string; name: string; plan?: Plan }): Promise<WorkspaceRow> {
    const workspace = await this.repository.insert(executor, {
      slug: input.slug,
      name: input.name,
      plan: input.plan ?? 'basic',
      ticketCategories: DEFAULT_CATEGORIES,
    });
    if (!workspace) throw new AppError(WorkspaceErrorCode.SlugTaken, `The workspace "${input.slug}" already exists.`);
    await this.dataKeys.createInitialKey(executor, workspace.id);
    return workspace;
  }

  takeTicketNumbers(executor: Executor, workspaceId: string, count: number): Promise<number> {
    return this.repository.takeTicketNumbers(executor, workspaceId, count);
  }

  async get(workspaceId: string, executor: Executor = this.db): Promise<WorkspaceRow> {
    const workspace = await this.repository.findById(executor, workspaceId);
    if (!workspace) throw new AppError(WorkspaceErrorCode.WorkspaceNotFound, 'This workspace does not exist.');
    return workspace;
  }

  findBySlug(slug: string): Promise<WorkspaceRow | undefined> {
    return this.repository.findBySlug(this.db, slug);
  }

  async update(actor: Actor, changes: TUpdateWorkspaceRequest): Promise<WorkspaceRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.repository.findById(tx, actor.workspaceId);
      const after = await this.repository.update(tx, actor.workspaceId, changes);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'workspace.updated',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        details: { changes, before: before ? Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof WorkspaceRow]])) : {} },
      });
      return after;
    });
  }

  /** Built-in statuses first, then the workspace's own, each with its category. */
  async listStatuses(workspaceId: string, executor: Executor = this.db): Promise<TicketStatusView[]> {
    const custom = await this.repository.listStatuses(executor, workspaceId);
    return [
      ...STATUS_CATEGORIES.map((category) => ({ id: category, key: category, label: builtInStatusLabels[category], category, isBuiltIn: true, isArchived: false })),
      ...custom.map(toStatusView),
    ];
  }

  async createStatus(actor: Actor, input: z.infer<typeof ZCreateTicketStatusRequest>): Promise<TicketStatusView> {
    return this.db.transaction(async (tx) => {
      const isBuiltInKey = (STATUS_CATEGORIES as readonly string[]).includes(input.key);
      const row = isBuiltInKey ? undefined : await this.repository.insertStatus(tx, { ...input, workspaceId: actor.workspaceId });
      if (!row) throw new AppError(WorkspaceErrorCode.StatusKeyTaken, `A status "${input.key}" already exists.`);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'ticket_status.created',
        targetType: 'ticket_status',
        targetId: row.id,
        details: { key: row.key, label: row.label, category: row.category },
      });
      return toStatusView(row);
    });
  }

  /** Renames, moves to another category, archives or unarchives a custom status. Built-in ones are fixed. */
  async updateStatus(actor: Actor, statusId: string, changes: TUpdateTicketStatusRequest): Promise<TicketStatusView> {
    if ((STATUS_CATEGORIES as readonly string[]).includes(statusId)) {
      throw new AppError(WorkspaceErrorCode.StatusBuiltIn, `"${statusId}" is a built-in status: it cannot be renamed, moved to another category or archived.`);
    }
    const notFound = new AppError(WorkspaceErrorCode.StatusNotFound, 'No such custom status in this workspace.');
    if (!UUID_PATTERN.test(statusId)) throw notFound;
    return this.db.transaction(async (tx) => {
      const before = await this.repository.findStatusForUpdate(tx, actor.workspaceId, statusId);
      if (!before) throw notFound;
      const values = changedValues(before, changes);
      if (Object.keys(values).length === 0) return toStatusView(before);
      const after = await this.repository.updateStatus(tx, actor.workspaceId, statusId, values);
      let movedTickets = 0;
      if (values.category !== undefined) {
        for (const listener of this.statusCategoryListeners) {
          movedTickets += await listener(tx, { workspaceId: actor.workspaceId, statusKey: after.key, category: after.category as StatusCategory });
        }
      }
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'ticket_status.updated',
        targetType: 'ticket_status',
        targetId: after.id,
        details: { key: after.key, changes: values, before: pick(before, Object.keys(values)), ...(values.category !== undefined ? { movedTickets } : {}) },
      });
      return toStatusView(after);
    });
  }

  listFieldDefinitions(workspaceId: string, entity?: 'ticket' | 'customer', executor: Executor = this.db): Promise<CustomFieldDefinitionRow[]> {
    return this.repository.listFieldDefinitions(executor, workspaceId, entity);
  }

  async createFieldDefinition(actor: Actor, input: z.infer<typeof ZCreateCustomFieldRequest>): Promise<TCustomFieldDefinition> {
    return this.db.transaction(async (tx) => {
      const row = await this.repository.insertFieldDefinition(tx, { ...input, workspaceId: actor.workspaceId });
      if (!row) throw new AppError(WorkspaceErrorCode.FieldKeyTaken, `A ${input.entity} field "${input.key}" already exists.`);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'custom_field.created',
        targetType: 'custom_field',
        targetId: row.id,
        details: { entity: row.entity, key: row.key, type: row.type, isSensitive: row.isSensitive },
      });
      return toFieldDefinition(row);
    });
  }

  /**
   * Changes a field's wording, whether it is required, its choices, or archives it. Entity, key, type and
   * sensitivity stay (the request schema refuses them): values already stored were written under them.
   */
  async updateFieldDefinition(actor: Actor, fieldId: string, changes: TUpdateCustomFieldRequest): Promise<TCustomFieldDefinition> {
    return this.db.transaction(async (tx) => {
      const before = await this.repository.findFieldDefinitionForUpdate(tx, actor.workspaceId, fieldId);
      if (!before) throw new AppError(WorkspaceErrorCode.FieldNotFound, 'No such custom field in this workspace.');
      if (changes.options !== undefined && before.type !== 'select') throw validationError('options', 'only a select field has options');
      const values = changedValues(before, changes);
      if (Object.keys(values).length === 0) return toFieldDefinition(before);
      const after = await this.repository.updateFieldDefinition(tx, actor.workspaceId, fieldId, values);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'custom_field.updated',
        targetType: 'custom_field',
        targetId: after.id,
        details: { entity: after.entity, key: after.key, changes: values, before: pick(before, Object.keys(values)) },
      });
      return toFieldDefinition(after);
    });
  }
}

/** The requested values that differ from the row's (so an edit that changes nothing records nothing). */
function changedValues<Row extends object, Changes extends Partial<Record<keyof Row, unknown>>>(row: Row, changes: Changes): Partial<Changes> {
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(row[key as keyof Row])),
  ) as Partial<Changes>;
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (row as Record<string, unknown>)[key]]));
}

function toStatusView(row: TicketStatusRow): TicketStatusView {
  return { id: row.id, key: row.key, label: row.label, category: row.category as StatusCategory, isBuiltIn: false, isArchived: row.isArchived };
}

export function toWorkspace(row: WorkspaceRow): TWorkspace {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    plan: row.plan as TWorkspace['plan'],
    defaultLanguage: row.defaultLanguage as TWorkspace['defaultLanguage'],
    timeZone: row.timeZone,
    ticketCategories: row.ticketCategories,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toFieldDefinition(row: CustomFieldDefinitionRow): TCustomFieldDefinition {
  return {
    id: row.id,
    entity: row.entity as TCustomFieldDefinition['entity'],
    key: row.key,
    label: row.label,
    description: row.description,
    type: row.type as TCustomFieldDefinition['type'],
    options: row.options,
    isRequired: row.isRequired,
    isSensitive: row.isSensitive,
    isArchived: row.isArchived,
  };
}
