import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, CannedResponseErrorCode, validationError } from '../../shared/errors.js';
import { fillVariables, ticketVariables } from '../../shared/template-variables.js';
import { can, requireAccess, type Actor } from '../auth/permissions.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { TicketsService } from '../tickets/tickets.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CannedResponseRow, CannedResponsesRepository } from './canned-responses.repository.js';
import type {
  CannedResponseChanges,
  TCannedResponse,
  TCreateCannedResponseRequest,
  TListCannedResponsesQuery,
  TRenderedCannedResponse,
  TUpdateCannedResponseRequest,
} from './canned-responses.schema.js';

type Language = TRenderedCannedResponse['language'];

/**
 * Canned responses: personal ones only their owner sees and edits; shared ones (made by managers and admins) the
 * whole workspace, or one team's members, may use. Rendering one for a ticket fills its variables for that ticket
 * and the agent asking, in the ticket's language, and counts a use.
 */
export class CannedResponsesService {
  constructor(
    private readonly db: Database,
    private readonly repository: CannedResponsesRepository,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: TListCannedResponsesQuery): Promise<TCannedResponse[]> {
    const filters = { text: query.q, category: query.category };
    if (query.scope === 'shared') {
      requireAccess(actor, 'canned_responses.share');
      return (await this.repository.listShared(this.db, actor.workspaceId, filters)).map((row) => present(row, actor));
    }
    const teamIds = await this.teamIdsOf(this.db, actor);
    return (await this.repository.listUsable(this.db, actor.workspaceId, { userId: actor.userId, teamIds }, filters)).map((row) => present(row, actor));
  }

  async get(actor: Actor, id: string): Promise<TCannedResponse> {
    return present(await this.requireUsable(this.db, actor, id), actor);
  }

  async create(actor: Actor, input: TCreateCannedResponseRequest): Promise<TCannedResponse> {
    if (input.visibility === 'shared') requireAccess(actor, 'canned_responses.share');
    await this.checkReferences(this.db, actor.workspaceId, input.teamId, input.changes);
    const row = await this.repository.insert(this.db, {
      workspaceId: actor.workspaceId,
      name: input.name,
      category: input.category,
      bodyEn: input.bodyEn,
      bodyFr: input.bodyFr,
      visibility: input.visibility,
      ownerId: input.visibility === 'personal' ? actor.userId : null,
      teamId: input.visibility === 'shared' ? input.teamId : null,
      changes: input.changes,
      createdById: actor.userId,
    });
    return present(row, actor);
  }

  async update(actor: Actor, id: string, changes: TUpdateCannedResponseRequest): Promise<TCannedResponse> {
    return this.db.transaction(async (tx) => {
      const current = await this.requireEditable(tx, actor, id);
      const visibility = changes.visibility ?? (current.visibility as TCannedResponse['visibility']);
      // Making a personal one shared, or a shared one personal again, is the sharing permission's business too.
      if (visibility === 'shared') requireAccess(actor, 'canned_responses.share');
      const teamId = visibility === 'personal' ? null : changes.teamId !== undefined ? changes.teamId : current.teamId;
      if (changes.teamId && visibility !== 'shared') throw validationError('teamId', 'only a shared canned response can be limited to a team');
      const bodyEn = changes.bodyEn ?? current.bodyEn;
      const bodyFr = changes.bodyFr ?? current.bodyFr;
      if (!bodyEn.trim() && !bodyFr.trim()) throw validationError('bodyEn', 'write the English or the French text (or both)');
      await this.checkReferences(tx, actor.workspaceId, changes.teamId !== undefined ? teamId : null, changes.changes);
      const row = await this.repository.update(tx, actor.workspaceId, id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.category !== undefined && { category: changes.category }),
        ...(changes.changes !== undefined && { changes: changes.changes }),
        bodyEn,
        bodyFr,
        visibility,
        teamId,
        ownerId: visibility === 'personal' ? (current.ownerId ?? actor.userId) : null,
      });
      return present(row, actor);
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.requireEditable(this.db, actor, id);
    await this.repository.delete(this.db, actor.workspaceId, id);
  }

  /** The text for this ticket and the calling agent, in the ticket's language (else the other), with its changes. */
  async render(actor: Actor, ticketIdOrNumber: string, id: string): Promise<TRenderedCannedResponse> {
    const ticket = await this.tickets.require(this.db, actor.workspaceId, ticketIdOrNumber);
    const canned = await this.requireUsable(this.db, actor, id);
    const [customer] = ticket.customerId ? await this.customers.findRows(actor.workspaceId, [ticket.customerId]) : [];
    const agent = await this.users.findById(this.db, actor.workspaceId, actor.userId);
    const workspace = await this.workspaces.get(actor.workspaceId);
    const { text, language } = textFor(canned, ticket.language as Language);
    const body = fillVariables(text, ticketVariables({ ticket, customer, agent, workspace }), { isTidy: true });
    await this.repository.recordUse(this.db, actor.workspaceId, id, this.clock.now());
    return { body, language, changes: canned.changes };
  }

  /**
   * For automation rules: the text of a canned response shared with the whole workspace (not a team's, not anyone's
   * personal one), in that language or else the other; undefined when there is none. Variables are left to the caller.
   */
  async findSharedText(executor: Executor, workspaceId: string, id: string, language: Language): Promise<string | undefined> {
    const row = await this.repository.findById(executor, workspaceId, id);
    if (!row || row.visibility !== 'shared' || row.teamId) return undefined;
    return textFor(row, language).text;
  }

  /** Shipped examples for a new (demo) workspace: shared with everyone, in both languages. */
  async insertShared(executor: Executor, workspaceId: string, items: Array<Pick<TCreateCannedResponseRequest, 'name' | 'category' | 'bodyEn' | 'bodyFr' | 'changes'>>): Promise<void> {
    await this.repository.insertMany(executor, items.map((item) => ({ ...item, workspaceId, visibility: 'shared', ownerId: null, teamId: null })));
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────

  private async teamIdsOf(executor: Executor, actor: Actor): Promise<string[]> {
    return (await this.users.listTeamIdsOfUsers(executor, actor.workspaceId, [actor.userId])).map((member) => member.teamId);
  }

  /** Found only when the caller may use it: someone else's personal one, or another team's, is "not found". */
  private async requireUsable(executor: Executor, actor: Actor, id: string): Promise<CannedResponseRow> {
    const row = await this.repository.findById(executor, actor.workspaceId, id);
    const isUsable = row && (row.visibility === 'personal' ? row.ownerId === actor.userId : !row.teamId || (await this.teamIdsOf(executor, actor)).includes(row.teamId));
    if (!row || !isUsable) throw new AppError(CannedResponseErrorCode.CannedResponseNotFound, 'No such canned response.');
    return row;
  }

  /** Owners edit their personal ones; shared ones need the sharing permission (and managers see every one). */
  private async requireEditable(executor: Executor, actor: Actor, id: string): Promise<CannedResponseRow> {
    const row = await this.repository.findById(executor, actor.workspaceId, id);
    if (row?.visibility === 'shared' && can(actor, 'canned_responses.share')) return row;
    const usable = await this.requireUsable(executor, actor, id);
    if (usable.visibility === 'shared') requireAccess(actor, 'canned_responses.share');
    return usable;
  }

  private async checkReferences(executor: Executor, workspaceId: string, teamId: string | null, changes: CannedResponseChanges | undefined): Promise<void> {
    if (teamId && !(await this.users.findTeam(executor, workspaceId, teamId))) throw validationError('teamId', 'no such team in this workspace');
    if (changes?.teamId && !(await this.users.findTeam(executor, workspaceId, changes.teamId))) throw validationError('changes.teamId', 'no such team in this workspace');
    if (changes?.status) {
      const statuses = await this.workspaces.listStatuses(workspaceId, executor);
      if (!statuses.some((status) => status.key === changes.status && !status.isArchived)) {
        throw validationError('changes.status', `no status "${changes.status}" in this workspace; known: ${statuses.filter((status) => !status.isArchived).map((status) => status.key).join(', ')}`);
      }
    }
    const both = changes ? changes.addTags.filter((tag) => changes.removeTags.includes(tag)) : [];
    if (both.length > 0) throw validationError('changes.removeTags', `a tag cannot be both added and removed: ${both.join(', ')}`);
  }
}

/** The text in the ticket's language, or the other one when that one is empty. */
export function textFor(row: Pick<CannedResponseRow, 'bodyEn' | 'bodyFr'>, language: Language): { text: string; language: Language } {
  const wanted = language === 'fr' ? row.bodyFr : row.bodyEn;
  if (wanted.trim()) return { text: wanted, language };
  return language === 'fr' ? { text: row.bodyEn, language: 'en' } : { text: row.bodyFr, language: 'fr' };
}

function present(row: CannedResponseRow, actor: Actor): TCannedResponse {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    bodyEn: row.bodyEn,
    bodyFr: row.bodyFr,
    visibility: row.visibility as TCannedResponse['visibility'],
    ownerId: row.ownerId,
    teamId: row.teamId,
    changes: { ...row.changes, addTags: row.changes.addTags ?? [], removeTags: row.changes.removeTags ?? [] },
    usageCount: row.usageCount,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    isEditable: row.visibility === 'personal' ? row.ownerId === actor.userId : can(actor, 'canned_responses.share'),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
