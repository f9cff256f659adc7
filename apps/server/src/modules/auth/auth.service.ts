import { hash, verify } from '@node-rs/argon2';
import * as OTPAuth from 'otpauth';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { randomSecret, sha256Hex } from '../../shared/crypto.js';
import { AppError, AuthErrorCode, UserErrorCode } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UsersRepository, UserRow } from '../users/users.repository.js';
import type { DataKeyService } from '../workspaces/data-keys.service.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { Plan } from '../workspaces/workspaces.schema.js';
import type { AuthRepository, ApiTokenRow } from './auth.repository.js';
import { isRole, isRoleWithin, type Actor, type Role } from './permissions.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
const TOKEN_PREFIX = 'sb_';

export interface LoginInput {
  workspace: string;
  email: string;
  password: string;
  totpCode?: string | undefined;
  ipAddress?: string | undefined;
  userAgent?: string | undefined;
}

export interface CreatedToken {
  token: ApiTokenRow;
  secret: string;
}

type CredentialRow = {
  userId: string;
  workspaceId: string;
  userRole: string;
  deactivatedAt: Date | null;
  plan: string;
  credentialId: string;
  credentialRole: string;
};

export class AuthService {
  /** Verified against when the email is unknown, so a miss costs the same time as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: AuthRepository,
    private readonly usersRepository: UsersRepository,
    private readonly workspacesRepository: WorkspacesRepository,
    private readonly audit: AuditService,
    private readonly dataKeys: DataKeyService,
    private readonly sessionTtlMs: number,
  ) {}

  hashPassword(password: string): Promise<string> {
    return hash(password);
  }

  async login(input: LoginInput): Promise<{ sessionSecret: string; user: UserRow; expiresAt: Date }> {
    const invalid = () => new AppError(AuthErrorCode.InvalidCredentials, 'The workspace, email or password is not right.');
    const workspace = await this.workspacesRepository.findBySlug(this.db, input.workspace);
    const user = workspace ? await this.usersRepository.findByEmail(this.db, workspace.id, input.email.toLowerCase()) : undefined;
    if (!workspace || !user || !user.passwordHash || user.deactivatedAt) {
      this.decoyHash ??= hash(randomSecret());
      await verify(await this.decoyHash, input.password).catch(() => false);
      throw invalid();
    }
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError(AuthErrorCode.AccountLocked, 'Too many failed sign-ins. Try again later.', [
        { message: 'locked until', lockedUntil: user.lockedUntil.toISOString() },
      ]);
    }
    if (!(await verify(user.passwordHash, input.password))) {
      await this.recordFailedLogin(user, input, 'password');
      throw invalid();
    }
    if (!isRole(user.role)) {
      await this.refuseCredential({ userId: user.id, workspaceId: user.workspaceId, userRole: user.role, credentialRole: user.role }, 'password');
    }
    if (user.isTotpEnabled) {
      if (!input.totpCode) throw new AppError(AuthErrorCode.TotpRequired, 'Enter the code from your authenticator app.');
      if (!(await this.isTotpCodeValid(user, input.totpCode))) {
        await this.recordFailedLogin(user, input, 'totp');
        throw new AppError(AuthErrorCode.InvalidTotp, 'The authenticator code is not right.');
      }
    }
    const sessionSecret = randomSecret();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.db.transaction(async (tx) => {
      await this.usersRepository.update(tx, user.workspaceId, user.id, { failedLoginCount: 0, lockedUntil: null });
      await this.repository.insertSession(tx, {
        tokenHash: sha256Hex(sessionSecret),
        workspaceId: user.workspaceId,
        userId: user.id,
        role: user.role,
        expiresAt,
        ipAddress: input.ipAddress ?? null,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.record(tx, { workspaceId: user.workspaceId, actorType: 'user', actorId: user.id, action: 'auth.login', details: { ip: input.ipAddress ?? null } });
    });
    return { sessionSecret, user, expiresAt };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.via === 'session') await this.repository.revokeSession(this.db, actor.credentialId);
  }

  /** Resolves a session secret or API token to an actor; undefined when it is unknown, expired or revoked. */
  async authenticate(credential: { sessionSecret?: string; bearerToken?: string }): Promise<(Actor & { plan: Plan }) | undefined> {
    if (credential.bearerToken) {
      const row = await this.repository.findLiveToken(this.db, sha256Hex(credential.bearerToken));
      if (!row) return undefined;
      const actor = await this.actorFrom(row, 'token');
      if (actor && (!row.lastUsedAt || this.clock.now().getTime() - row.lastUsedAt.getTime() > 60_000)) {
        await this.repository.touchToken(this.db, row.credentialId);
      }
      return actor;
    }
    if (credential.sessionSecret) {
      const row = await this.repository.findLiveSession(this.db, sha256Hex(credential.sessionSecret), this.clock.now());
      return row ? this.actorFrom(row, 'session') : undefined;
    }
    return undefined;
  }

  /**
   * A credential acts with the role it carries, which must be a known role and no higher than its user's
   * current role: a demoted user's older sessions and tokens stop working, and admins are alerted.
   */
  private async actorFrom(row: CredentialRow, via: Actor['via']): Promise<(Actor & { plan: Plan }) | undefined> {
    if (row.deactivatedAt) return undefined;
    const role = row.credentialRole;
    if (!isRole(role) || !isRole(row.userRole) || !isRoleWithin(role, row.userRole)) return this.refuseCredential(row, via);
    return { workspaceId: row.workspaceId, userId: row.userId, role, via, credentialId: row.credentialId, plan: row.plan as Plan };
  }

  /**
   * A credential with a role nobody granted was edited outside the service (or outlived a demotion the
   * service did not see). It is revoked on sight, so one tampered credential raises one alert, not one per
   * request, and the refusal is kept in the audit log.
   */
  private async refuseCredential(
    row: Pick<CredentialRow, 'userId' | 'workspaceId' | 'userRole' | 'credentialRole'> & { credentialId?: string },
    via: Actor['via'] | 'password',
  ): Promise<never> {
    const role = row.credentialRole;
    const isUnknown = !isRole(role) || !isRole(row.userRole);
    const kind = isUnknown ? 'auth.unknown_role' : 'auth.revoked_role';
    const details = { userId: row.userId, credentialId: row.credentialId ?? null, via, role, userRole: row.userRole };
    await this.db.transaction(async (tx) => {
      if (via === 'token' && row.credentialId) await this.repository.revokeToken(tx, row.workspaceId, row.credentialId);
      if (via === 'session' && row.credentialId) await this.repository.revokeSession(tx, row.credentialId);
      await this.audit.raiseAlert(tx, {
        workspaceId: row.workspaceId,
        kind,
        message: isUnknown
          ? `A ${via === 'password' ? 'sign-in' : via} carried an unknown role "${role}" and was refused.`
          : `A ${via} carried the role "${role}", above its user's current role "${row.userRole}", and was refused and revoked.`,
        details,
      });
      await this.audit.record(tx, { workspaceId: row.workspaceId, actorType: 'user', actorId: row.userId, action: 'auth.credential_refused', details: { ...details, reason: kind } });
    });
    throw new AppError(AuthErrorCode.RoleNotRecognized, 'This credential carries a role that is no longer valid. Sign in again.');
  }

  private async recordFailedLogin(user: UserRow, input: LoginInput, reason: 'password' | 'totp'): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Counted from the locked row, not the one read before the password check: parallel guesses each count.
      const current = (await this.usersRepository.findByIdForUpdate(tx, user.workspaceId, user.id)) ?? user;
      const failedLoginCount = current.failedLoginCount + 1;
      const isLocking = failedLoginCount >= MAX_FAILED_LOGINS;
      await this.usersRepository.update(tx, user.workspaceId, user.id, {
        failedLoginCount: isLocking ? 0 : failedLoginCount,
        lockedUntil: isLocking ? new Date(this.clock.now().getTime() + LOCKOUT_MS) : current.lockedUntil,
      });
      await this.audit.record(tx, {
        workspaceId: user.workspaceId,
        actorType: 'user',
        actorId: user.id,
        action: isLocking ? 'auth.locked' : 'auth.login_failed',
        details: { reason, ip: input.ipAddress ?? null },
      });
      if (isLocking) {
        await this.audit.raiseAlert(tx, {
          workspaceId: user.workspaceId,
          kind: 'auth.lockout',
          message: `${user.email} was locked out after ${MAX_FAILED_LOGINS} failed sign-ins.`,
          details: { userId: user.id, ip: input.ipAddress ?? null },
        });
      }
    });
  }

  async createToken(
    executor: Executor,
    owner: { workspaceId: string; userId: string; role: Role },
    name: string,
    role: Role = owner.role,
  ): Promise<CreatedToken> {
    if (!isRoleWithin(role, owner.role)) {
      throw new AppError(AuthErrorCode.RoleAboveOwn, `A token cannot carry a role above your own (${owner.role}).`);
    }
    const secret = `${TOKEN_PREFIX}${randomSecret()}`;
    const token = await this.repository.insertToken(executor, {
      workspaceId: owner.workspaceId,
      userId: owner.userId,
      name,
      role,
      tokenHash: sha256Hex(secret),
      tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    });
    await this.audit.record(executor, {
      workspaceId: owner.workspaceId,
      actorType: 'user',
      actorId: owner.userId,
      action: 'token.created',
      targetType: 'api_token',
      targetId: token.id,
      details: { name, role },
    });
    return { token, secret };
  }

  async createTokenForActor(actor: Actor, name: string, role?: Role): Promise<CreatedToken> {
    return this.db.transaction((tx) => this.createToken(tx, actor, name, role ?? actor.role));
  }

  /** Admins see every token of the workspace; others see their own. */
  async listTokens(actor: Actor, isAdmin: boolean): Promise<ApiTokenRow[]> {
    return this.repository.listTokens(this.db, actor.workspaceId, isAdmin ? undefined : actor.userId);
  }

  async revokeToken(actor: Actor, tokenId: string, isAdmin: boolean): Promise<void> {
    const token = await this.repository.findToken(this.db, actor.workspaceId, tokenId);
    if (!token || (!isAdmin && token.userId !== actor.userId)) {
      throw new AppError(AuthErrorCode.TokenNotFound, 'No such API token.');
    }
    await this.db.transaction(async (tx) => {
      await this.repository.revokeToken(tx, actor.workspaceId, tokenId);
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'token.revoked', targetType: 'api_token', targetId: tokenId });
    });
  }

  async revokeAllCredentials(executor: Executor, workspaceId: string, userId: string): Promise<void> {
    await this.repository.revokeSessionsOfUser(executor, workspaceId, userId);
    for (const token of await this.repository.listTokens(executor, workspaceId, userId)) {
      if (!token.revokedAt) await this.repository.revokeToken(executor, workspaceId, token.id);
    }
  }

  /** Starts TOTP enrolment: stores a new secret (sealed), not yet enforced until confirmed with a code. */
  async beginTotpEnrolment(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.requireUser(actor);
    // Otherwise anyone holding a session could swap the secret and switch two-factor off without a code.
    if (user.isTotpEnabled) {
      throw new AppError(AuthErrorCode.TotpAlreadyEnabled, 'Two-factor sign-in is already on. Turn it off with a code first.');
    }
    const secret = new OTPAuth.Secret({ size: 20 });
    const totp = new OTPAuth.TOTP({ issuer: 'Switchboard', label: user.email, secret });
    await this.usersRepository.update(this.db, actor.workspaceId, actor.userId, {
      totpSecretEncrypted: await this.dataKeys.seal(actor.workspaceId, secret.base32),
      isTotpEnabled: false,
    });
    return { secret: secret.base32, otpauthUrl: totp.toString() };
  }

  async confirmTotpEnrolment(actor: Actor, code: string): Promise<void> {
    const user = await this.requireUser(actor);
    if (!user.totpSecretEncrypted || !(await this.isTotpCodeValid(user, code))) {
      throw new AppError(AuthErrorCode.InvalidTotp, 'The authenticator code is not right.');
    }
    await this.db.transaction(async (tx) => {
      await this.usersRepository.update(tx, actor.workspaceId, actor.userId, { isTotpEnabled: true });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'auth.totp_enabled' });
    });
  }

  async disableTotp(actor: Actor, code: string): Promise<void> {
    const user = await this.requireUser(actor);
    if (!user.isTotpEnabled || !(await this.isTotpCodeValid(user, code))) {
      throw new AppError(AuthErrorCode.InvalidTotp, 'The authenticator code is not right.');
    }
    await this.db.transaction(async (tx) => {
      await this.usersRepository.update(tx, actor.workspaceId, actor.userId, { isTotpEnabled: false, totpSecretEncrypted: null });
      await this.audit.record(tx, { workspaceId: actor.workspaceId, actorType: 'user', actorId: actor.userId, action: 'auth.totp_disabled' });
    });
  }

  private async isTotpCodeValid(user: UserRow, code: string): Promise<boolean> {
    if (!user.totpSecretEncrypted) return false;
    const secret = await this.dataKeys.open(user.workspaceId, user.totpSecretEncrypted);
    const totp = new OTPAuth.TOTP({ issuer: 'Switchboard', label: user.email, secret: OTPAuth.Secret.fromBase32(secret) });
    return totp.validate({ token: code.replace(/\s/g, ''), window: 1, timestamp: this.clock.now().getTime() }) !== null;
  }

  private async requireUser(actor: Actor): Promise<UserRow> {
    const user = await this.usersRepository.findById(this.db, actor.workspaceId, actor.userId);
    if (!user) throw new AppError(UserErrorCode.UserNotFound, 'Your account no longer exists.');
    return user;
  }
}
