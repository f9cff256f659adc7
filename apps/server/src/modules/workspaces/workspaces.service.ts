import type { Database, Executor } from '../../db/database.js';
import { AppError, WorkspaceErrorCode } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/permissions.js';
import type { DataKeyService } from './data-keys.service.js';
import type { CustomFieldDefinitionRow, WorkspaceRow, WorkspacesRepository } from './workspaces.repository.js';
import {
  DEFAULT_CATEGORIES,
  STATUS_CATEGORIES,
  type Plan,
  type StatusCategory,
  type TCustomFieldDefinition,
  type TUpdateWorkspaceRequest,
  type TWorkspace,
} from './workspaces.schema.js';
import type { z } from 'zod';
import type { ZCreateCustomFieldRequest, ZCreateTicketStatusRequest } from './workspaces.schema.js';

export interface TicketStatusView {
  key: string;
  label: string;
  category: StatusCategory;
  isBuiltIn: boolean;
}

const builtInStatusLabels: Record<StatusCategory, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

export class WorkspacesService {
  constructor(
    private readonly db: Database,
    private readonly repository: WorkspacesRepository,
    private readonly dataKeys: DataKeyService,
    private readonly audit: AuditService,
  ) {}

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
      ...STATUS_CATEGORIES.map((category) => ({ key: category, label: builtInStatusLabels[category], category, isBuiltIn: true })),
      ...custom.map((row) => ({ key: row.key, label: row.label, category: row.category as StatusCategory, isBuiltIn: false })),
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
      return { key: row.key, label: row.label, category: row.category as StatusCategory, isBuiltIn: false };
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
    type: row.type as TCustomFieldDefinition['type'],
    options: row.options,
    isRequired: row.isRequired,
    isSensitive: row.isSensitive,
  };
}
