import type { Database, Executor } from '../../db/database.js';
import { AppError, UserErrorCode, validationError } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page, type TPageQuery } from '../../shared/pagination.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../shared/clock.js';
import type { AuthService } from '../auth/auth.service.js';
import type { OutboxService } from '../events/outbox.service.js';
import type { Actor } from '../auth/permissions.js';
import type { TeamRow, UserRow, UsersRepository } from './users.repository.js';
import type { Availability, TCreateUserRequest, TTeam, TUpdateUserRequest, TUser } from './users.schema.js';

export class UsersService {
  private readonly revocationListeners: Array<(workspaceId: string, userId: string) => void> = [];

  constructor(
    private readonly db: Database,
    private readonly repository: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async create(executor: Executor, workspaceId: string, input: TCreateUserRequest, actorId: string | null): Promise<UserRow> {
    const passwordHash = await this.auth.hashPassword(input.password);
    const user = await this.repository.insert(executor, {
      workspaceId,
      email: input.email,
      name: input.name,
      role: input.role,
      language: input.language,
      passwordHash,
    });
    if (!user) throw new AppError(UserErrorCode.EmailTaken, `${input.email} already has an account in this workspace.`);
    await this.audit.record(executor, {
      workspaceId,
      actorType: actorId ? 'user' : 'system',
      actorId,
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role },
    });
    return user;
  }

  async createForActor(actor: Actor, input: TCreateUserRequest): Promise<TUser> {
    const user = await this.db.transaction((tx) => this.create(tx, actor.workspaceId, input, actor.userId));
    return toUser(user, []);
  }

  async get(actor: Actor, userId: string): Promise<TUser> {
    const user = await this.repository.findById(this.db, actor.workspaceId, userId);
    if (!user) throw new AppError(UserErrorCode.UserNotFound, 'No such user in this workspace.');
    const memberships = await this.repository.listTeamIdsOfUsers(this.db, actor.workspaceId, [user.id]);
    return toUser(user, memberships.map((membership) => membership.teamId));
  }

  /** Staff by email (unique within a workspace, so the email alone is the cursor). */
  async list(actor: Actor, query: TPageQuery): Promise<Page<TUser>> {
    const afterEmail = query.cursor ? String(decodeTypedCursor(query.cursor, ['text'])[0]) : undefined;
    const rows = await this.repository.list(this.db, actor.workspaceId, query.limit + 1, afterEmail);
    const page = toPage(rows, query.limit, (row) => [row.email]);
    const memberships = await this.repository.listTeamIdsOfUsers(this.db, actor.workspaceId, page.data.map((row) => row.id));
    return {
      data: page.data.map((row) => toUser(row, memberships.filter((membership) => membership.userId === row.id).map((membership) => membership.teamId))),
      nextCursor: page.nextCursor,
    };
  }

  /** Called after a user's sessions and tokens are revoked (demotion, deactivation), e.g. to close their live connections. */
  onCredentialsRevoked(listener: (workspaceId: string, userId: string) => void): void {
    this.revocationListeners.push(listener);
  }

  /** Staff change their own name and language (the web app's profile menu); nothing else of their account. */
  async updateOwnProfile(actor: Actor, changes: { name?: string | undefined; language?: 'en' | 'fr' | undefined }): Promise<TUser> {
    await this.repository.update(this.db, actor.workspaceId, actor.userId, { name: changes.name, language: changes.language });
    return this.get(actor, actor.userId);
  }

  /** An agent says they are online, away or offline; it holds until they change it (or disconnect, for others' eyes). */
  async setOwnAvailability(actor: Actor, availability: Availability): Promise<TUser> {
    await this.db.transaction(async (tx) => {
      const user = await this.repository.findById(tx, actor.workspaceId, actor.userId);
      if (!user) throw new AppError(UserErrorCode.UserNotFound, 'No such user in this workspace.');
      await this.repository.update(tx, actor.workspaceId, actor.userId, { chosenAvailability: availability });
      await this.changeAvailability(tx, user, availability);
    });
    return this.get(actor, actor.userId);
  }

  /** The agent's app connected: others see them as they chose to be. Answers whether it changed. */
  async markConnected(workspaceId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const user = await this.repository.findById(tx, workspaceId, userId);
      return user ? this.changeAvailability(tx, user, user.chosenAvailability as Availability) : false;
    });
  }

  /** The agent's last connection closed (and stayed closed): they are offline, their choice is kept for next time. */
  async markDisconnected(workspaceId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const user = await this.repository.findById(tx, workspaceId, userId);
      return user ? this.changeAvailability(tx, user, 'offline') : false;
    });
  }

  /** Whether someone can answer a customer right now: an active admin, manager or agent shown online. */
  hasOnlineResponder(workspaceId: string): Promise<boolean> {
    return this.repository.hasOnlineResponder(this.db, workspaceId);
  }

  /** Users shown online or away, across workspaces: the realtime sweep checks each still has a connection. */
  listConnectedUsers(): Promise<Array<{ workspaceId: string; userId: string; availabilityChangedAt: Date | null }>> {
    return this.repository.listNotOffline(this.db);
  }

  /** Records the new availability and its event, unless it is already that. */
  private async changeAvailability(tx: Executor, user: UserRow, availability: Availability): Promise<boolean> {
    if (user.availability === availability) return false;
    await this.repository.update(tx, user.workspaceId, user.id, { availability, availabilityChangedAt: this.clock.now() });
    await this.outbox.record(tx, user.workspaceId, 'agent.availability_changed', {
      userId: user.id,
      name: user.name,
      availability,
      previousAvailability: user.availability,
    });
    this.outbox.nudge();
    return true;
  }

  /** Role changes and deactivation revoke the user's sessions and tokens so they take effect at once. */
  async update(actor: Actor, userId: string, changes: TUpdateUserRequest): Promise<TUser> {
    let isRevoked = false;
    const updated = await this.db.transaction(async (tx) => {
      const couldRemoveAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.isActive === false;
      const activeAdminIds = couldRemoveAdmin ? await this.repository.lockActiveAdminIds(tx, actor.workspaceId) : [];
      const user = await this.repository.findById(tx, actor.workspaceId, userId);
      if (!user) throw new AppError(UserErrorCode.UserNotFound, 'No such user in this workspace.');
      if (activeAdminIds.includes(userId) && activeAdminIds.length <= 1) {
        throw new AppError(UserErrorCode.LastAdmin, 'A workspace keeps at least one active admin.');
      }
      const row = await this.repository.update(tx, actor.workspaceId, userId, {
        name: changes.name,
        role: changes.role,
        language: changes.language,
        chatCapacity: changes.chatCapacity,
        deactivatedAt: changes.isActive === undefined ? undefined : changes.isActive ? null : (user.deactivatedAt ?? new Date()),
      });
      const isRoleChanged = changes.role !== undefined && changes.role !== user.role;
      isRevoked = isRoleChanged || changes.isActive === false;
      if (isRevoked) await this.auth.revokeAllCredentials(tx, actor.workspaceId, userId);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actorType: 'user',
        actorId: actor.userId,
        action: 'user.updated',
        targetType: 'user',
        targetId: userId,
        details: { changes, previousRole: user.role },
      });
      return row!;
    });
    if (isRevoked) for (const listener of this.revocationListeners) listener(actor.workspaceId, userId);
    const memberships = await this.repository.listTeamIdsOfUsers(this.db, actor.workspaceId, [userId]);
    return toUser(updated, memberships.map((membership) => membership.teamId));
  }

  async listTeams(actor: Actor, query: TPageQuery): Promise<Page<TTeam>> {
    const afterName = query.cursor ? String(decodeTypedCursor(query.cursor, ['text'])[0]) : undefined;
    const rows = await this.repository.listTeams(this.db, actor.workspaceId, query.limit + 1, afterName);
    const page = toPage(rows, query.limit, (team) => [team.name]);
    const members = await this.repository.listMemberIds(this.db, actor.workspaceId, page.data.map((team) => team.id));
    return {
      data: page.data.map((team) => toTeam(team, members.filter((member) => member.teamId === team.id).map((member) => member.userId))),
      nextCursor: page.nextCursor,
    };
  }

  async createTeam(executor: Executor, workspaceId: string, name: string, memberIds: string[]): Promise<TTeam> {
    const members = await this.requireMembers(executor, workspaceId, memberIds);
    const team = await this.repository.insertTeam(executor, { workspaceId, name });
    if (!team) throw new AppError(UserErrorCode.TeamNameTaken, `A team named "${name}" already exists.`);
    await this.repository.replaceMembers(executor, workspaceId, team.id, members);
    return toTeam(team, members);
  }

  async createTeamForActor(actor: Actor, name: string, memberIds: string[]): Promise<TTeam> {
    return this.db.transaction(async (tx) => {
      const team = await this.createTeam(tx, actor.workspaceId, name, memberIds);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'team.created', targetType: 'team', targetId: team.id, details: { name } });
      return team;
    });
  }

  async updateTeam(actor: Actor, teamId: string, changes: { name?: string | undefined; memberIds?: string[] | undefined }): Promise<TTeam> {
    return this.db.transaction(async (tx) => {
      let team = await this.repository.findTeam(tx, actor.workspaceId, teamId);
      if (!team) throw new AppError(UserErrorCode.TeamNotFound, 'No such team in this workspace.');
      if (changes.name && changes.name !== team.name) {
        const taken = await this.repository.findTeamByName(tx, actor.workspaceId, changes.name);
        const renamed = taken ? undefined : await this.repository.renameTeam(tx, actor.workspaceId, teamId, changes.name);
        if (!renamed) throw new AppError(UserErrorCode.TeamNameTaken, `A team named "${changes.name}" already exists.`);
        team = renamed;
      }
      if (changes.memberIds) {
        const members = await this.requireMembers(tx, actor.workspaceId, changes.memberIds);
        await this.repository.replaceMembers(tx, actor.workspaceId, teamId, members);
      }
      const members = await this.repository.listMemberIds(tx, actor.workspaceId, [teamId]);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'team.updated', targetType: 'team', targetId: teamId, details: changes });
      return toTeam(team, members.map((member) => member.userId));
    });
  }

  async deleteTeam(actor: Actor, teamId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.repository.deleteTeam(tx, actor.workspaceId, teamId))) {
        throw new AppError(UserErrorCode.TeamNotFound, 'No such team in this workspace.');
      }
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'team.deleted', targetType: 'team', targetId: teamId });
    });
  }

  async requireTeam(executor: Executor, workspaceId: string, teamId: string): Promise<TeamRow> {
    const team = await this.repository.findTeam(executor, workspaceId, teamId);
    if (!team) throw validationError('teamId', 'no such team in this workspace');
    return team;
  }

  /** Which of these ids are active users of the workspace. */
  /** Staff members' names by id (deactivated ones too: their past replies keep their name). */
  async findNames(executor: Executor, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    const rows = await this.repository.findManyByIds(executor, workspaceId, [...new Set(ids)]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async findActiveUserIds(executor: Executor, workspaceId: string, ids: string[]): Promise<Set<string>> {
    const rows = await this.repository.findManyByIds(executor, workspaceId, [...new Set(ids)]);
    return new Set(rows.filter((row) => !row.deactivatedAt).map((row) => row.id));
  }

  /** Which of these ids are teams of the workspace. */
  async findTeamIds(executor: Executor, workspaceId: string, ids: string[]): Promise<Set<string>> {
    return new Set((await this.repository.findTeamsByIds(executor, workspaceId, [...new Set(ids)])).map((row) => row.id));
  }

  /** Active staff members among these ids who have an address, with their names. */
  async findActiveEmails(executor: Executor, workspaceId: string, ids: string[]): Promise<Array<{ id: string; email: string; name: string }>> {
    const rows = await this.repository.findManyByIds(executor, workspaceId, [...new Set(ids)]);
    return rows.filter((row) => !row.deactivatedAt && row.email).map((row) => ({ id: row.id, email: row.email, name: row.name }));
  }

  /** An active staff member, or undefined. */
  async findActiveUser(executor: Executor, workspaceId: string, userId: string): Promise<UserRow | undefined> {
    const row = await this.repository.findById(executor, workspaceId, userId);
    return row && !row.deactivatedAt ? row : undefined;
  }

  /** The teams a staff member belongs to. */
  async findTeamIdsOfUser(executor: Executor, workspaceId: string, userId: string): Promise<string[]> {
    return (await this.repository.listTeamIdsOfUsers(executor, workspaceId, [userId])).map((row) => row.teamId);
  }

  /** Teams' names by id. */
  async findTeamNames(executor: Executor, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    const rows = await this.repository.findTeamsByIds(executor, workspaceId, [...new Set(ids)]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Active staff who answer customers (admins, managers, agents) shown online, and away, now. */
  countByAvailability(workspaceId: string): Promise<{ online: number; away: number }> {
    return this.repository.countByAvailability(this.db, workspaceId);
  }

  async requireActiveUser(executor: Executor, workspaceId: string, userId: string, path: string): Promise<UserRow> {
    const user = await this.repository.findById(executor, workspaceId, userId);
    if (!user || user.deactivatedAt) throw validationError(path, 'no such active user in this workspace');
    return user;
  }

  findByEmail(workspaceId: string, email: string): Promise<UserRow | undefined> {
    return this.repository.findByEmail(this.db, workspaceId, email);
  }

  findByHandles(executor: Executor, workspaceId: string, handles: string[]): Promise<UserRow[]> {
    return this.repository.findByHandles(executor, workspaceId, handles);
  }

  /** The distinct member ids, once each is known to be a user of this workspace (a repeated id is one member). */
  private async requireMembers(executor: Executor, workspaceId: string, memberIds: string[]): Promise<string[]> {
    const unique = [...new Set(memberIds)];
    const found = await this.repository.findManyByIds(executor, workspaceId, unique);
    if (found.length !== unique.length) throw validationError('memberIds', 'every member must be a user of this workspace');
    return unique;
  }
}

export function toUser(row: UserRow, teamIds: string[]): TUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as TUser['role'],
    language: row.language as TUser['language'],
    isTotpEnabled: row.isTotpEnabled,
    isActive: row.deactivatedAt === null,
    teamIds,
    availability: row.availability as Availability,
    availabilityChangedAt: row.availabilityChangedAt?.toISOString() ?? null,
    chosenAvailability: row.chosenAvailability as Availability,
    chatCapacity: row.chatCapacity,
    createdAt: row.createdAt.toISOString(),
  };
}

function toTeam(row: TeamRow, memberIds: string[]): TTeam {
  return { id: row.id, name: row.name, memberIds, createdAt: row.createdAt.toISOString() };
}
