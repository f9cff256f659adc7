import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, AttachmentErrorCode, validationError } from '../../shared/errors.js';
import type { Actor } from '../auth/permissions.js';
import type { AttachmentRow, AttachmentsRepository } from './attachments.repository.js';
import type { TAttachment } from './attachments.schema.js';
import { contentMatchesType, INSPECTED_BYTES, resolveDeclaredType } from './file-types.js';
import { sanitizeFilename } from './filenames.js';
import type { FileStorage } from './storage.js';

export interface UploadInput {
  /** As the client sent it; only a cleaned version is kept. */
  filename: string | undefined;
  declaredContentType: string | undefined;
  content: Readable;
}

/** A file written to storage by a channel, not yet recorded. */
export interface ReceivedFile {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AttachmentsService {
  constructor(
    private readonly db: Database,
    private readonly repository: AttachmentsRepository,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
    private readonly maxUploadBytes: number,
  ) {}

  /**
   * Streams the file to storage while measuring and hashing it, and checks its first bytes against the type
   * it claims. Any failure removes what was written and records nothing.
   */
  async upload(actor: Actor, input: UploadInput): Promise<TAttachment> {
    return this.store({ workspaceId: actor.workspaceId, type: 'user', id: actor.userId }, input, this.maxUploadBytes);
  }

  /** A file from a chat visitor: the same checks, under the chat's own (smaller) size limit. */
  uploadFromVisitor(workspaceId: string, visitorId: string, input: UploadInput, limits: { maxBytes: number; allowedTypes: ReadonlySet<string> }): Promise<TAttachment> {
    return this.store({ workspaceId, type: 'visitor', id: visitorId }, input, Math.min(limits.maxBytes, this.maxUploadBytes), limits.allowedTypes);
  }

  /** A file from a signed-in customer (the customer portal): the staff upload's checks and limit. */
  uploadFromCustomer(workspaceId: string, customerId: string, input: UploadInput): Promise<TAttachment> {
    return this.store({ workspaceId, type: 'customer', id: customerId }, input, this.maxUploadBytes);
  }

  /** Attachments a visitor uploaded and no message holds yet, by id; any other id is left out. */
  async listUnlinkedOfVisitor(executor: Executor, workspaceId: string, visitorId: string, ids: string[]): Promise<TAttachment[]> {
    const rows = await this.repository.findManyByIds(executor, workspaceId, [...new Set(ids)]);
    return rows.filter((row) => row.uploadedByType === 'visitor' && row.uploadedById === visitorId && row.commentId === null).map(presentAttachment);
  }

  /** The bytes of an attachment of the workspace, for a caller who proved their right to it otherwise (a signed link). */
  async openContentOfWorkspace(workspaceId: string, attachmentId: string): Promise<{ attachment: TAttachment; content: Readable }> {
    const row = await this.require(workspaceId, attachmentId);
    return { attachment: presentAttachment(row), content: await this.storage.get(row.storageKey) };
  }

  private async store(uploader: { workspaceId: string; type: 'user' | 'visitor' | 'customer'; id: string }, input: UploadInput, maxBytes: number, allowedTypes?: ReadonlySet<string>): Promise<TAttachment> {
    const filename = sanitizeFilename(input.filename);
    const contentType = resolveDeclaredType(input.declaredContentType, filename);
    if (!contentType || (allowedTypes && !allowedTypes.has(contentType))) {
      input.content.destroy();
      throw typeNotAllowed(`Files of type ${input.declaredContentType || 'unknown'} cannot be attached.`);
    }

    const now = this.clock.now();
    const storageKey = [uploader.workspaceId, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), randomUUID()].join('/');
    const inspector = new UploadInspector(maxBytes, contentType);
    const storing = this.storage.put(storageKey, inspector).catch((error: unknown) => {
      // A storage that fails before reading would leave the upload waiting forever.
      inspector.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
    const [reading, writing] = await Promise.allSettled([pipeline(input.content, inspector), storing]);
    if (reading.status === 'rejected' || writing.status === 'rejected') {
      await this.storage.delete(storageKey);
      const failures = [reading, writing].flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      const ruleBroken = failures.find((failure) => failure instanceof AppError);
      if (ruleBroken) throw ruleBroken;
      if (input.content.errored) throw validationError('file', 'The upload ended before the whole file arrived.');
      throw failures[0];
    }

    try {
      const row = await this.repository.insert(this.db, {
        workspaceId: uploader.workspaceId,
        filename,
        contentType,
        sizeBytes: inspector.sizeBytes,
        sha256: inspector.sha256(),
        storageKey,
        uploadedByType: uploader.type,
        uploadedById: uploader.id,
      });
      return presentAttachment(row);
    } catch (error) {
      await this.storage.delete(storageKey);
      throw error;
    }
  }

  /**
   * Writes a file that arrived by a channel (a mail attachment) to storage, before the transaction that
   * records it; `recordReceivedFiles` records it, `discardReceivedFiles` removes it when that transaction fails.
   * Any type is kept: a type outside the upload list is stored as `application/octet-stream`, and downloads
   * are always served as attachments, so nothing runs in the browser.
   */
  async storeReceivedFile(workspaceId: string, file: { filename: string | null; contentType: string; content: Buffer }): Promise<ReceivedFile> {
    const filename = sanitizeFilename(file.filename ?? undefined);
    const declared = resolveDeclaredType(file.contentType, filename);
    const contentType = declared && contentMatchesType(declared, file.content.subarray(0, INSPECTED_BYTES)) ? declared : 'application/octet-stream';
    const now = this.clock.now();
    const storageKey = [workspaceId, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), randomUUID()].join('/');
    await this.storage.put(storageKey, file.content);
    return { id: randomUUID(), filename, contentType, sizeBytes: file.content.length, sha256: createHash('sha256').update(file.content).digest('hex'), storageKey };
  }

  /**
   * Records stored files inside the caller's transaction: on a ticket, or unlinked (`ticketId: null`) for a
   * comment to claim through `linkToComment`.
   */
  async recordReceivedFiles(
    tx: Executor,
    workspaceId: string,
    files: ReceivedFile[],
    link: { ticketId: string | null; commentId: string | null },
    uploadedBy: { type: 'customer' | 'system'; id: string | null },
  ): Promise<AttachmentRow[]> {
    return this.repository.insertMany(
      tx,
      files.map((file) => ({ ...file, workspaceId, ticketId: link.ticketId, commentId: link.commentId, uploadedByType: uploadedBy.type, uploadedById: uploadedBy.id })),
    );
  }

  async discardReceivedFiles(files: ReceivedFile[]): Promise<void> {
    await Promise.all(files.map((file) => this.storage.delete(file.storageKey)));
  }

  /** Attachments by id, in the order asked; ids of another workspace are left out. */
  async listByIds(workspaceId: string, ids: string[], executor: Executor = this.db): Promise<TAttachment[]> {
    const rows = await this.repository.findManyByIds(executor, workspaceId, [...new Set(ids)]);
    return ids.flatMap((id) => {
      const row = rows.find((candidate) => candidate.id === id);
      return row ? [presentAttachment(row)] : [];
    });
  }

  async get(actor: Actor, attachmentId: string): Promise<TAttachment> {
    return presentAttachment(await this.require(actor.workspaceId, attachmentId));
  }

  /** The metadata and a stream of the bytes, for a download. */
  async openContent(actor: Actor, attachmentId: string): Promise<{ attachment: TAttachment; content: Readable }> {
    const row = await this.require(actor.workspaceId, attachmentId);
    return { attachment: presentAttachment(row), content: await this.storage.get(row.storageKey) };
  }

  /**
   * Attaches uploaded files to a new comment, inside the caller's transaction. Every id must name an
   * attachment of this workspace that no comment holds yet; otherwise nothing is linked.
   */
  async linkToComment(tx: Executor, workspaceId: string, attachmentIds: string[], ticketId: string, commentId: string): Promise<AttachmentRow[]> {
    const ids = [...new Set(attachmentIds)];
    if (ids.length === 0) return [];
    const malformed = ids.find((id) => !UUID_PATTERN.test(id));
    if (malformed) throw validationError('attachmentIds', `unknown attachment ${malformed}`);
    const found = await this.repository.findManyByIdsForUpdate(tx, workspaceId, ids);
    const unknown = ids.find((id) => !found.some((row) => row.id === id));
    if (unknown) throw validationError('attachmentIds', `unknown attachment ${unknown}`);
    const taken = found.find((row) => row.commentId !== null || row.ticketId !== null);
    if (taken) throw validationError('attachmentIds', `attachment ${taken.id} is already attached elsewhere`);
    const linked = await this.repository.linkUnlinked(tx, workspaceId, ids, ticketId, commentId);
    if (linked.length !== ids.length) throw validationError('attachmentIds', 'an attachment was attached elsewhere meanwhile');
    return ids.map((id) => linked.find((row) => row.id === id)!);
  }

  /** Attachments of these comments, grouped by comment, oldest first; comments without any are absent. */
  async listForComments(workspaceId: string, commentIds: string[], executor: Executor = this.db): Promise<Map<string, TAttachment[]>> {
    const rows = await this.repository.listByCommentIds(executor, workspaceId, [...new Set(commentIds)]);
    const byComment = new Map<string, TAttachment[]>();
    for (const row of rows) {
      const list = byComment.get(row.commentId!) ?? [];
      list.push(presentAttachment(row));
      byComment.set(row.commentId!, list);
    }
    return byComment;
  }

  presentAttachment(row: AttachmentRow): TAttachment {
    return presentAttachment(row);
  }

  private async require(workspaceId: string, attachmentId: string): Promise<AttachmentRow> {
    const row = await this.repository.findById(this.db, workspaceId, attachmentId);
    if (!row) throw new AppError(AttachmentErrorCode.AttachmentNotFound, 'No such attachment in this workspace.');
    return row;
  }
}

/** The API shape of an attachment. */
export function presentAttachment(row: AttachmentRow): TAttachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
    ticketId: row.ticketId,
    commentId: row.commentId,
    downloadUrl: `/api/v1/attachments/${row.id}/content`,
  };
}

function typeNotAllowed(message: string): AppError {
  return new AppError(AttachmentErrorCode.AttachmentTypeNotAllowed, message, [
    { path: 'file', message: 'allowed: images (PNG, JPEG, GIF, WebP), PDF, plain text, CSV, JSON, e-mail (.eml), ZIP, Word, Excel and PowerPoint (.docx, .xlsx, .pptx)' },
  ]);
}

/**
 * Passes the bytes through while counting and hashing them; holds back the first bytes until they prove
 * the type, so nothing of a refused file reaches storage beyond its first kilobyte.
 */
class UploadInspector extends Transform {
  sizeBytes = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private isTypeChecked = false;

  constructor(
    private readonly maxBytes: number,
    private readonly contentType: string,
  ) {
    super();
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.maxBytes) {
      callback(
        new AppError(AttachmentErrorCode.AttachmentTooLarge, `The file is larger than the upload limit (${formatBytes(this.maxBytes)}).`, [
          { path: 'file', message: 'too large', maxBytes: this.maxBytes },
        ]),
      );
      return;
    }
    this.hash.update(chunk);
    if (this.isTypeChecked) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < INSPECTED_BYTES) {
      callback();
      return;
    }
    this.releaseHead(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.isTypeChecked) {
      callback();
      return;
    }
    if (this.sizeBytes === 0) {
      callback(validationError('file', 'The file is empty.'));
      return;
    }
    this.releaseHead(callback);
  }

  private releaseHead(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.isTypeChecked = true;
    if (!contentMatchesType(this.contentType, head)) {
      callback(typeNotAllowed(`The content of the file is not ${this.contentType}.`));
      return;
    }
    callback(null, head);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
