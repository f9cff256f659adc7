import type { Database, Executor } from '../../db/database.js';
import { Batcher, type Settled } from '../../shared/batcher.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, validationError } from '../../shared/errors.js';
import { detectLanguage } from '../../shared/language.js';
import type { CustomerRow } from '../customers/customers.repository.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { UsersService } from '../users/users.service.js';
import { validateCustomFields } from '../workspaces/custom-fields.js';
import type { CustomFieldDefinitionRow, WorkspaceRow } from '../workspaces/workspaces.repository.js';
import type { TicketStatusView, WorkspacesService } from '../workspaces/workspaces.service.js';
import { presentTicket } from './tickets.presenter.js';
import type { TicketRow, TicketsRepository } from './tickets.repository.js';
import type { TCreateTicketRequest, TTicket } from './tickets.schema.js';

/** Who made a change: staff through the API, or the system (merges, automations). */
export interface ChangeAuthor {
  workspaceId: string;
  userId: string | null;
}

/** One ticket to create: who asks, what they sent, and the channel it came by unless it names one. */
export interface TicketDraft {
  author: ChangeAuthor;
  input: TCreateTicketRequest;
  defaultChannel: TTicket['channel'];
}

export interface CreatedTicket {
  row: TicketRow;
  collaboratorIds: string[];
}

/** What a batch reads once for all its drafts. */
interface BatchContext {
  workspace: WorkspaceRow;
  statuses: TicketStatusView[];
  definitions: CustomFieldDefinitionRow[];
  activeUserIds: Set<string>;
  teamIds: Set<string>;
  customersById: Map<string, CustomerRow>;
  customersByEmail: Map<string, CustomerRow>;
}

/** A draft that passed every check, short of its number and, for an unknown address, its customer. */
interface CheckedDraft {
  draft: TicketDraft;
  values: Omit<Parameters<TicketsRepository['insertMany']>[1][number], 'number' | 'customerId' | 'language'>;
  /** The customer named by id or by a known address. */
  customer: CustomerRow | undefined;
  /** An address no customer holds yet: the write creates its customer. */
  newCustomerEmail: string | undefined;
  /** The language the text was detected in, if any. */
  detectedLanguage: 'en' | 'fr' | undefined;
  collaboratorIds: string[];
}

/**
 * The rules of a new ticket, for one draft or many. The API's creates go through a batcher: requests that
 * arrive while a batch is being written share the next transaction, which reads the workspace's statuses,
 * fields, users and customers once, reserves all the numbers with one update and writes tickets, timeline,
 * events and notifications with one statement each. A draft that breaks a rule fails alone; a write that
 * fails takes the transaction with it, and then each draft of that batch is tried again on its own.
 */
export class TicketCreation {
  private readonly batcher = new Batcher<TicketDraft, CreatedTicket>((drafts) => this.createBatch(drafts), { maxBatchSize: 64, maxConcurrentBatches: 1 });

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: TicketsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
  ) {}

  /** Creates the ticket in a transaction shared with the drafts that arrive at the same time. */
  submit(draft: TicketDraft): Promise<CreatedTicket> {
    return this.batcher.submit(draft);
  }

  /** Creates tickets of one workspace inside the caller's transaction; a draft that breaks a rule gets its error. */
  async createMany(tx: Executor, workspaceId: string, drafts: TicketDraft[]): Promise<Array<Settled<CreatedTicket>>> {
    const context = await this.loadContext(tx, workspaceId, drafts);
    const checked = drafts.map((draft) => settle(() => this.check(draft, context)));
    const accepted = checked.flatMap((result) => (result.ok ? [result.value] : []));
    const created = accepted.length > 0 ? await this.write(tx, workspaceId, accepted, context) : [];
    let next = 0;
    return checked.map((result) => (result.ok ? { ok: true, value: created[next++]! } : result));
  }

  private async createBatch(drafts: TicketDraft[]): Promise<Array<Settled<CreatedTicket>>> {
    const results: Array<Settled<CreatedTicket>> = new Array(drafts.length);
    const byWorkspace = new Map<string, number[]>();
    drafts.forEach((draft, index) => byWorkspace.set(draft.author.workspaceId, [...(byWorkspace.get(draft.author.workspaceId) ?? []), index]));
    for (const [workspaceId, indexes] of byWorkspace) {
      const group = indexes.map((index) => drafts[index]!);
      let settled: Array<Settled<CreatedTicket>>;
      try {
        settled = await this.db.transaction((tx) => this.createMany(tx, workspaceId, group));
      } catch (error) {
        settled = group.length === 1 ? [{ ok: false, error }] : [];
        for (const draft of group.length === 1 ? [] : group) settled.push(await this.createAlone(workspaceId, draft));
      }
      indexes.forEach((index, position) => {
        results[index] = settled[position]!;
      });
    }
    return results;
  }

  private async createAlone(workspaceId: string, draft: TicketDraft): Promise<Settled<CreatedTicket>> {
    try {
      return (await this.db.transaction((tx) => this.createMany(tx, workspaceId, [draft])))[0]!;
    } catch (error) {
      return { ok: false, error };
    }
  }

  private async loadContext(tx: Executor, workspaceId: string, drafts: TicketDraft[]): Promise<BatchContext> {
    const inputs = drafts.map((draft) => draft.input);
    const userIds = inputs.flatMap((input) => [...(input.assigneeId ? [input.assigneeId] : []), ...(input.collaboratorIds ?? [])]);
    const teamIds = inputs.flatMap((input) => (input.teamId ? [input.teamId] : []));
    const customerIds = inputs.flatMap((input) => (input.customerId ? [input.customerId] : []));
    const emails = inputs.flatMap((input) => {
      const email = input.customerId ? undefined : (input.customerEmail ?? input.customer_email);
      return email ? [email] : [];
    });
    const workspace = await this.workspaces.get(workspaceId, tx);
    const statuses = await this.workspaces.listStatuses(workspaceId, tx);
    const definitions = await this.workspaces.listFieldDefinitions(workspaceId, 'ticket', tx);
    const activeUserIds = userIds.length > 0 ? await this.users.findActiveUserIds(tx, workspaceId, userIds) : new Set<string>();
    const knownTeamIds = teamIds.length > 0 ? await this.users.findTeamIds(tx, workspaceId, teamIds) : new Set<string>();
    const customersById = new Map((await this.customers.findRows(workspaceId, [...new Set(customerIds)], tx)).map((row) => [row.id, row]));
    const customersByEmail = emails.length > 0 ? await this.customers.findByEmails(tx, workspaceId, emails) : new Map<string, CustomerRow>();
    return { workspace, statuses, definitions, activeUserIds, teamIds: knownTeamIds, customersById, customersByEmail };
  }

  /** Every rule a draft must pass before anything is written, in the order a single create checks them. */
  private check(draft: TicketDraft, context: BatchContext): CheckedDraft {
    const { input } = draft;
    const statusKey = input.status ?? (input.assigneeId ? 'open' : 'new');
    const status = context.statuses.find((item) => item.key === statusKey && !item.isArchived);
    if (!status) throw validationError('status', `unknown or archived status; one of: ${context.statuses.filter((item) => !item.isArchived).map((item) => item.key).join(', ')}`);

    const detectedLanguage = detectLanguage(`${input.subject} ${input.description ?? ''}`);
    const customerEmail = input.customerEmail ?? input.customer_email;
    let customer: CustomerRow | undefined;
    let newCustomerEmail: string | undefined;
    if (input.customerId) {
      customer = context.customersById.get(input.customerId);
      if (!customer) throw validationError('customerId', 'no such customer in this workspace');
    } else if (customerEmail) {
      customer = context.customersByEmail.get(customerEmail);
      if (!customer) newCustomerEmail = customerEmail;
    }

    if (input.assigneeId && !context.activeUserIds.has(input.assigneeId)) throw validationError('assigneeId', 'no such active user in this workspace');
    if (input.teamId && !context.teamIds.has(input.teamId)) throw validationError('teamId', 'no such team in this workspace');
    for (const [index, userId] of (input.collaboratorIds ?? []).entries()) {
      if (!context.activeUserIds.has(userId)) throw validationError(`collaboratorIds.${index}`, 'no such active user in this workspace');
    }
    const categories = context.workspace.ticketCategories;
    if (input.category && !categories.includes(input.category)) throw validationError('category', `unknown category; one of: ${categories.join(', ')}`);
    const fields = validateCustomFields(context.definitions, input.customFields ?? {}, undefined);

    const isDone = status.category === 'resolved' || status.category === 'closed';
    const now = this.clock.now();
    return {
      draft,
      customer,
      newCustomerEmail,
      detectedLanguage,
      collaboratorIds: [...new Set(input.collaboratorIds ?? [])],
      values: {
        workspaceId: draft.author.workspaceId,
        subject: input.subject,
        description: input.description ?? '',
        status: status.key,
        statusCategory: status.category,
        priority: input.priority ?? 'normal',
        type: input.type ?? null,
        category: input.category ?? null,
        tags: [...new Set(input.tags ?? [])],
        dueAt: input.dueAt ? new Date(input.dueAt) : null,
        assigneeId: input.assigneeId ?? null,
        teamId: input.teamId ?? null,
        channel: input.channel ?? draft.defaultChannel,
        customFields: { ...fields.clear, ...fields.sensitive },
        resolvedAt: isDone ? now : null,
        closedAt: status.category === 'closed' ? now : null,
      },
    };
  }

  private async write(tx: Executor, workspaceId: string, accepted: CheckedDraft[], context: BatchContext): Promise<CreatedTicket[]> {
    // Unknown addresses become customers, once each even when several drafts name the same one.
    const newCustomers = new Map<string, CheckedDraft>();
    for (const item of accepted) {
      if (item.newCustomerEmail && !newCustomers.has(item.newCustomerEmail)) newCustomers.set(item.newCustomerEmail, item);
    }
    const created = await this.customers.createManyInTransaction(
      tx,
      workspaceId,
      [...newCustomers].map(([email, item]) => ({ email, name: item.draft.input.customerName ?? item.draft.input.customer_name, language: item.detectedLanguage })),
    );
    const customersByEmail = new Map(created.map((customer) => [customer.email!, customer]));

    const first = await this.workspaces.takeTicketNumbers(tx, workspaceId, accepted.length);
    const rows = await this.repository.insertMany(
      tx,
      accepted.map((item, index) => {
        const customer = item.customer ?? (item.newCustomerEmail ? customersByEmail.get(item.newCustomerEmail) : undefined);
        const language = item.draft.input.language ?? item.detectedLanguage ?? customer?.language ?? context.workspace.defaultLanguage;
        return { ...item.values, number: first + index, customerId: customer?.id ?? null, language: language as 'en' | 'fr' };
      }),
    );

    await this.repository.insertCollaboratorRows(
      tx,
      rows.flatMap((row, index) => accepted[index]!.collaboratorIds.map((userId) => ({ workspaceId, ticketId: row.id, userId }))),
    );
    await this.repository.insertActivities(
      tx,
      rows.map((row, index) => {
        const userId = accepted[index]!.draft.author.userId;
        return { workspaceId, ticketId: row.id, actorType: userId ? 'user' : 'system', actorId: userId, action: 'created', changes: [] };
      }),
    );
    await this.outbox.recordMany(
      tx,
      rows.map((row, index) => ({
        workspaceId,
        type: 'ticket.created' as const,
        data: { ticket: presentTicket(row, accepted[index]!.collaboratorIds), actorId: accepted[index]!.draft.author.userId },
      })),
    );
    await this.notifications.notifyMany(
      tx,
      rows.flatMap((row, index) => {
        const actorUserId = accepted[index]!.draft.author.userId;
        return row.assigneeId && row.assigneeId !== actorUserId
          ? [{ workspaceId, userId: row.assigneeId, kind: 'assignment' as const, ticketId: row.id, actorUserId }]
          : [];
      }),
    );
    return rows.map((row, index) => ({ row, collaboratorIds: accepted[index]!.collaboratorIds }));
  }
}

/** Runs a check; a broken rule becomes that item's result, anything else is a fault and propagates. */
function settle<T>(check: () => T): Settled<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}
