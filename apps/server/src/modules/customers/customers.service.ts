import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { AppError, CustomerErrorCode } from '../../shared/errors.js';
import { decodeTypedCursor, toPage, type Page } from '../../shared/pagination.js';
import type { Actor } from '../auth/permissions.js';
import type { OutboxService } from '../events/outbox.service.js';
import { validateCustomFields } from '../workspaces/custom-fields.js';
import type { DataKeyService } from '../workspaces/data-keys.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CustomerRow, CustomersRepository } from './customers.repository.js';
import type { TCreateCustomerRequest, TCustomer, TListCustomersQuery, TUpdateCustomerRequest } from './customers.schema.js';

export class CustomersService {
  constructor(
    private readonly db: Database,
    private readonly repository: CustomersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly dataKeys: DataKeyService,
    private readonly outbox: OutboxService,
  ) {}

  async create(actor: Actor, input: TCreateCustomerRequest): Promise<TCustomer> {
    const row = await this.db.transaction((tx) => this.createInTransaction(tx, actor.workspaceId, input));
    this.outbox.nudge();
    return this.present(row);
  }

  /** Creates a customer inside the caller's transaction, claiming its addresses and recording `customer.created`. */
  async createInTransaction(tx: Executor, workspaceId: string, input: TCreateCustomerRequest): Promise<CustomerRow> {
    const [row] = await this.createManyInTransaction(tx, workspaceId, [input]);
    return row!;
  }

  /** Creates customers with one statement per table (tickets from several unknown addresses at once). */
  async createManyInTransaction(tx: Executor, workspaceId: string, inputs: TCreateCustomerRequest[]): Promise<CustomerRow[]> {
    if (inputs.length === 0) return [];
    const definitions = await this.workspaces.listFieldDefinitions(workspaceId, 'customer', tx);
    const values = [];
    for (const input of inputs) {
      const emails = unique([input.email, ...(input.emails ?? [])]);
      const primaryEmail = input.email ?? emails[0] ?? null;
      const fields = validateCustomFields(definitions, input.customFields ?? {}, undefined);
      const sealed = Object.keys(fields.sensitive).length > 0 ? await this.dataKeys.seal(workspaceId, JSON.stringify(fields.sensitive), tx) : null;
      values.push({
        id: randomUUID(),
        workspaceId,
        name: input.name ?? primaryEmail?.split('@')[0] ?? input.phone ?? 'Customer',
        email: primaryEmail,
        emails,
        phone: input.phone ?? null,
        language: input.language ?? 'en',
        tier: input.tier ?? 'free',
        organization: input.organization ?? null,
        customFields: fields.clear,
        sensitiveFieldsEncrypted: sealed,
        sensitiveKeyVersion: sealed ? this.dataKeys.sealedVersion(sealed) : null,
      });
    }
    const rows = await this.repository.insertMany(tx, values);
    const taken = await this.repository.claimEmailsOfMany(tx, workspaceId, rows.flatMap((row) => row.emails.map((email) => ({ customerId: row.id, email }))));
    if (taken.length > 0) {
      throw new AppError(CustomerErrorCode.CustomerEmailTaken, 'Another customer already has this email address.', taken.map((email) => ({ path: 'email', message: 'taken', email })));
    }
    await this.outbox.recordMany(tx, rows.map((row) => ({ workspaceId, type: 'customer.created' as const, data: { customer: presentWithoutSensitive(row) } })));
    return rows;
  }

  /** The customer with this address, or a new one (for tickets and mail from unknown senders). */
  async findOrCreateByEmail(tx: Executor, workspaceId: string, email: string, name?: string, language?: 'en' | 'fr'): Promise<CustomerRow> {
    const existing = await this.repository.findByEmail(tx, workspaceId, email);
    if (existing) return existing;
    return this.createInTransaction(tx, workspaceId, { email, name, language });
  }

  /** The customer with this phone number (compared by its digits), if any. */
  async findByPhone(tx: Executor, workspaceId: string, phone: string): Promise<CustomerRow | undefined> {
    const digits = phone.replace(/\D/g, '');
    return digits.length >= 6 ? this.repository.findByPhoneDigits(tx, workspaceId, digits) : undefined;
  }

  /** The customers holding these (lower-case) addresses, by address. */
  async findByEmails(tx: Executor, workspaceId: string, emails: string[]): Promise<Map<string, CustomerRow>> {
    const rows = await this.repository.findByEmails(tx, workspaceId, [...new Set(emails)]);
    return new Map(rows.map((row) => [row.email, row.customer]));
  }

  async get(actor: Actor, customerId: string): Promise<TCustomer> {
    return this.present(await this.require(this.db, actor.workspaceId, customerId));
  }

  async findRows(workspaceId: string, ids: string[], executor: Executor = this.db): Promise<CustomerRow[]> {
    return this.repository.findManyByIds(executor, workspaceId, ids);
  }

  async update(actor: Actor, customerId: string, changes: TUpdateCustomerRequest, replace = false): Promise<TCustomer> {
    const row = await this.db.transaction(async (tx) => {
      const current = await this.repository.findByIdForUpdate(tx, actor.workspaceId, customerId);
      if (!current) throw new AppError(CustomerErrorCode.CustomerNotFound, 'No such customer in this workspace.');
      const next = replace
        ? { name: changes.name, email: changes.email ?? null, emails: changes.emails ?? [], phone: changes.phone ?? null, language: changes.language ?? 'en', tier: changes.tier ?? 'free', organization: changes.organization ?? null, customFields: changes.customFields ?? {} }
        : changes;
      const emails = next.email !== undefined || next.emails !== undefined
        ? unique([next.email === undefined ? current.email : next.email, ...(next.emails ?? current.emails)])
        : current.emails;
      if (emails !== current.emails) {
        await this.repository.releaseEmailsExcept(tx, actor.workspaceId, customerId, emails);
        const taken = await this.repository.claimEmails(tx, actor.workspaceId, customerId, emails);
        if (taken.length > 0) {
          throw new AppError(CustomerErrorCode.CustomerEmailTaken, 'Another customer already has this email address.', taken.map((email) => ({ path: 'email', message: 'taken', email })));
        }
      }
      const fieldValues = await this.mergedFieldValues(tx, current, next.customFields, replace);
      const updated = await this.repository.update(tx, actor.workspaceId, customerId, {
        name: next.name,
        email: next.email === undefined ? (next.emails ? emails[0] ?? null : undefined) : next.email,
        emails,
        phone: next.phone,
        language: next.language,
        tier: next.tier,
        organization: next.organization,
        ...fieldValues,
      });
      await this.outbox.record(tx, actor.workspaceId, 'customer.updated', { customer: presentWithoutSensitive(updated), changes: Object.keys(changes) });
      return updated;
    });
    this.outbox.nudge();
    return this.present(row);
  }

  async list(actor: Actor, query: TListCustomersQuery): Promise<Page<TCustomer>> {
    const after = query.cursor ? decodeTypedCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.repository.list(
      this.db,
      actor.workspaceId,
      query,
      after ? { createdAt: new Date(after[0]!), id: String(after[1]) } : undefined,
    );
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { data: await Promise.all(page.data.map((row) => this.present(row))), nextCursor: page.nextCursor };
  }

  /**
   * The customer's own changes to their name and language (the customer portal), in the caller's transaction,
   * recorded as `customer.updated` like staff changes.
   */
  async updateOwnProfileInTransaction(tx: Executor, workspaceId: string, customerId: string, changes: { name?: string | undefined; language?: 'en' | 'fr' | undefined }): Promise<CustomerRow> {
    const current = await this.repository.findByIdForUpdate(tx, workspaceId, customerId);
    if (!current) throw new AppError(CustomerErrorCode.CustomerNotFound, 'No such customer in this workspace.');
    const updated = await this.repository.update(tx, workspaceId, customerId, { name: changes.name, language: changes.language });
    await this.outbox.record(tx, workspaceId, 'customer.updated', { customer: presentWithoutSensitive(updated), changes: Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined) });
    return updated;
  }

  /** One more address for a customer (claimed like the others: another customer's address is refused), in the caller's transaction. */
  async addEmailInTransaction(tx: Executor, workspaceId: string, customerId: string, email: string): Promise<CustomerRow> {
    const current = await this.repository.findByIdForUpdate(tx, workspaceId, customerId);
    if (!current) throw new AppError(CustomerErrorCode.CustomerNotFound, 'No such customer in this workspace.');
    if (current.emails.includes(email)) return current;
    const taken = await this.repository.claimEmails(tx, workspaceId, customerId, [email]);
    if (taken.length > 0) throw new AppError(CustomerErrorCode.CustomerEmailTaken, 'Another customer already has this email address.', [{ path: 'email', message: 'taken', email }]);
    const updated = await this.repository.update(tx, workspaceId, customerId, { emails: [...current.emails, email] });
    await this.outbox.record(tx, workspaceId, 'customer.updated', { customer: presentWithoutSensitive(updated), changes: ['emails'] });
    return updated;
  }

  /**
   * Erases a customer's personal data (a confirmed erasure request), in the caller's transaction: name, addresses,
   * phone, organisation and every custom field (sensitive ones included) are removed, and the addresses are freed,
   * so mail from them later makes a new customer. The row stays, anonymised, so the workspace's tickets and
   * reports keep their shape. Recorded as `customer.updated`.
   */
  async eraseInTransaction(tx: Executor, workspaceId: string, customerId: string): Promise<CustomerRow> {
    const current = await this.repository.findByIdForUpdate(tx, workspaceId, customerId);
    if (!current) throw new AppError(CustomerErrorCode.CustomerNotFound, 'No such customer in this workspace.');
    await this.repository.releaseEmailsExcept(tx, workspaceId, customerId, []);
    const erased = await this.repository.update(tx, workspaceId, customerId, {
      name: ERASED_CUSTOMER_NAME,
      email: null,
      emails: [],
      phone: null,
      organization: null,
      customFields: {},
      sensitiveFieldsEncrypted: null,
      sensitiveKeyVersion: null,
    });
    await this.outbox.record(tx, workspaceId, 'customer.updated', { customer: presentWithoutSensitive(erased), changes: ['erased'] });
    return erased;
  }

  /** After a key rotation: re-seals every customer's sensitive values with the active key. */
  async resealSensitiveFields(workspaceId: string): Promise<number> {
    let count = 0;
    for (;;) {
      const version = this.dataKeys.sealedVersion(await this.dataKeys.seal(workspaceId, ''));
      const batch = await this.repository.listSealedBefore(this.db, workspaceId, version, 200);
      if (batch.length === 0) return count;
      await this.db.transaction(async (tx) => {
        for (const row of batch) {
          const sealed = await this.dataKeys.seal(workspaceId, await this.dataKeys.open(workspaceId, row.sensitiveFieldsEncrypted!, tx), tx);
          await this.repository.update(tx, workspaceId, row.id, { sensitiveFieldsEncrypted: sealed, sensitiveKeyVersion: this.dataKeys.sealedVersion(sealed) });
        }
      });
      count += batch.length;
    }
  }

  async require(executor: Executor, workspaceId: string, customerId: string): Promise<CustomerRow> {
    const row = await this.repository.findById(executor, workspaceId, customerId);
    if (!row) throw new AppError(CustomerErrorCode.CustomerNotFound, 'No such customer in this workspace.');
    return row;
  }

  /** The API shape: sensitive values are opened for staff who may read customers; at rest they stay sealed. */
  async present(row: CustomerRow, executor: Executor = this.db): Promise<TCustomer> {
    const sensitive = row.sensitiveFieldsEncrypted
      ? (JSON.parse(await this.dataKeys.open(row.workspaceId, row.sensitiveFieldsEncrypted, executor)) as Record<string, unknown>)
      : {};
    const customer = presentWithoutSensitive(row);
    return { ...customer, customFields: { ...customer.customFields, ...sensitive } };
  }

  private async mergedFieldValues(tx: Executor, current: CustomerRow, values: Record<string, unknown> | undefined, replace: boolean) {
    if (values === undefined && !replace) return {};
    const definitions = await this.workspaces.listFieldDefinitions(current.workspaceId, 'customer', tx);
    const existingSensitive = current.sensitiveFieldsEncrypted && !replace
      ? (JSON.parse(await this.dataKeys.open(current.workspaceId, current.sensitiveFieldsEncrypted, tx)) as Record<string, unknown>)
      : {};
    const existing = replace ? {} : { ...current.customFields, ...existingSensitive };
    const fields = validateCustomFields(definitions, values ?? {}, existing);
    const sensitive = { ...existingSensitive, ...fields.sensitive };
    const sealed = Object.keys(sensitive).length > 0 ? await this.dataKeys.seal(current.workspaceId, JSON.stringify(sensitive), tx) : null;
    return {
      customFields: { ...(replace ? {} : current.customFields), ...fields.clear },
      sensitiveFieldsEncrypted: sealed,
      sensitiveKeyVersion: sealed ? this.dataKeys.sealedVersion(sealed) : null,
    };
  }
}

/** The name an erased customer keeps. */
export const ERASED_CUSTOMER_NAME = 'Deleted customer';

function unique(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

/**
 * The customer without the values of sensitive fields: what domain events and webhooks carry, so those
 * values never leave the sealed column (outbox rows and delivery payloads are stored in clear).
 */
export function presentWithoutSensitive(row: CustomerRow): TCustomer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emails: row.emails,
    phone: row.phone,
    language: row.language as TCustomer['language'],
    tier: row.tier as TCustomer['tier'],
    organization: row.organization,
    customFields: row.customFields,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
