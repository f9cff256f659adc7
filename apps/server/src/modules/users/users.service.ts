import type { Database, Executor } from '../../db/database.js';
import { AppError, UserErrorCode, validationError } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Actor } from '../auth/permissions.js';
import type { TeamRow, UserRow, UsersRepository } from './users.repository.js';
import type { TCreateUserRequest, TTeam, TUpdateUserRequest, TUser } from './users.schema.js';

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly repository: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
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

  async list(actor: Actor, limit: number, afterEmail?: string): Promise<TUser[]> {
    const rows = await this.repository.list(this.db, actor.workspaceId, limit, afterEmail);
    const memberships = await this.repository.listTeamIdsOfUsers(this.db, actor.workspaceId, rows.map((row) => row.id));
    return rows.map((row) => toUser(row, memberships.filter((membership) => membership.userId === row.id).map((membership) => membership.teamId)));
  }

  /** Role changes and deactivation revoke the user's sessions and tokens so they take effect at once. */
  async update(actor: Actor, userId: string, changes: TUpdateUserRequest): Promise<TUser> {
    const updated = await this.db.transaction(async (tx) => {
      const user = await this.repository.findById(tx, actor.workspaceId, userId);
      if (!user) throw new AppError(UserErrorCode.UserNotFound, 'No such user in this workspace.');
      const isLosingAdmin = user.role === 'admin' && ((changes.role && changes.role !== 'admin') || changes.isActive === false);
      if (isLosingAdmin && (await this.repository.countActiveAdmins(tx, actor.workspaceId)) <= 1) {
        throw new AppError(UserErrorCode.LastAdmin, 'A workspace keeps at least one active admin.');
      }
      const row = await this.repository.update(tx, actor.workspaceId, userId, {
        name: changes.name,
        role: changes.role,
        language: changes.language,
        deactivatedAt: changes.isActive === undefined ? undefined : changes.isActive ? null : new Date(),
      });
      const isDemoted = changes.role !== undefined && changes.role !== user.role;
      if (isDemoted || changes.isActive === false) await this.auth.revokeAllCredentials(tx, actor.workspaceId, userId);
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
    const memberships = await this.repository.listTeamIdsOfUsers(this.db, actor.workspaceId, [userId]);
    return toUser(updated, memberships.map((membership) => membership.teamId));
  }

  async listTeams(actor: Actor): Promise<TTeam[]> {
    const teams = await this.repository.listTeams(this.db, actor.workspaceId);
    const members = await this.repository.listMemberIds(this.db, actor.workspaceId, teams.map((team) => team.id));
    return teams.map((team) => toTeam(team, members.filter((member) => member.teamId === team.id).map((member) => member.userId)));
  }

  async createTeam(executor: Executor, workspaceId: string, name: string, memberIds: string[]): Promise<TTeam> {
    await this.requireMembers(executor, workspaceId, memberIds);
    const team = await this.repository.insertTeam(executor, { workspaceId, name });
    if (!team) throw new AppError(UserErrorCode.TeamNameTaken, `A team named "${name}" already exists.`);
    await this.repository.replaceMembers(executor, workspaceId, team.id, memberIds);
    return toTeam(team, memberIds);
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
        const renamed = await this.repository.updateTeam(tx, actor.workspaceId, teamId, changes.name).catch(() => undefined);
        if (!renamed) throw new AppError(UserErrorCode.TeamNameTaken, `A team named "${changes.name}" already exists.`);
        team = renamed;
      }
      if (changes.memberIds) {
        await this.requireMembers(tx, actor.workspaceId, changes.memberIds);
        await this.repository.replaceMembers(tx, actor.workspaceId, teamId, changes.memberIds);
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

  private async requireMembers(executor: Executor, workspaceId: string, memberIds: string[]): Promise<void> {
    const unique = [...new Set(memberIds)];
    const found = await this.repository.findManyByIds(executor, workspaceId, unique);
    if (found.length !== unique.length) throw validationError('memberIds', 'every member must be a user of this workspace');
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
    createdAt: row.createdAt.toISOString(),
  };
}

function toTeam(row: TeamRow, memberIds: string[]): TTeam {
  return { id: row.id, name: row.name, memberIds, createdAt: row.createdAt.toISOString() };
}
