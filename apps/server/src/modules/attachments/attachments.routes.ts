import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { AppError, validationError } from '../../shared/errors.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAttachment, ZAttachmentParams } from './attachments.schema.js';
import type { UploadInput } from './attachments.service.js';
import { attachmentContentDisposition } from './filenames.js';

export function registerAttachmentRoutes(app: AppInstance, services: Services): void {
  // Multipart parsing is enabled only here: every other route keeps refusing anything but JSON.
  app.register(async (plugin) => {
    const scope = plugin as unknown as AppInstance;
    await scope.register(multipart, { throwFileSizeLimit: false });

    scope.post(
      '/api/v1/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Upload a file, to attach it to a comment afterwards',
          description:
            'multipart/form-data with one part named `file`. Images (PNG, JPEG, GIF, WebP), PDF, plain text, CSV, JSON, e-mail (.eml), ZIP and Office documents (.docx, .xlsx, .pptx); the content must match the declared type. Larger than the upload limit (20 MB unless configured): 413.',
          consumes: ['multipart/form-data'],
          response: { 201: ZAttachment },
        },
        config: { permission: 'attachments.write' },
      },
      async (request, reply) => {
        const actor = requireAccess(request.actor, 'attachments.write');
        const attachment = await receiveUpload(request, services.config.maxUploadBytes, (input) => services.attachments.upload(actor, input));
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    '/api/v1/attachments/:attachmentId',
    { schema: { tags: ['attachments'], summary: 'What is known about an uploaded file', params: ZAttachmentParams, response: { 200: ZAttachment } }, config: { permission: 'attachments.read' } },
    async (request) => services.attachments.get(requireAccess(request.actor, 'attachments.read'), request.params.attachmentId),
  );

  app.get(
    '/api/v1/attachments/:attachmentId/content',
    {
      schema: { tags: ['attachments'], summary: 'The bytes of an uploaded file, always as a download', params: ZAttachmentParams, produces: ['application/octet-stream'] },
      config: { permission: 'attachments.read' },
    },
    async (request, reply) => {
      const { attachment, content } = await services.attachments.openContent(requireAccess(request.actor, 'attachments.read'), request.params.attachmentId);
      // Served as a download that the browser may neither sniff into HTML nor run scripts from.
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', attachment.sizeBytes)
        .header('content-disposition', attachmentContentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(content);
    },
  );

  // With in-memory data the files live in a temporary directory that must not outlive the server.
  app.addHook('onClose', async () => services.fileStorage.dispose());
}

/**
 * Reads the upload's `file` part and hands it to `store`. On any refusal the rest of the body is read and dropped,
 * so the client receives the answer rather than a reset.
 */
export async function receiveUpload<T>(request: FastifyRequest, maxUploadBytes: number, store: (input: UploadInput) => Promise<T>): Promise<T> {
  try {
    const part = await readFilePart(request, maxUploadBytes);
    return await store({ filename: part.filename, declaredContentType: part.mimetype, content: part.file });
  } catch (error) {
    request.raw.resume();
    throw error;
  }
}

/** The `file` part of the upload; malformed multipart bodies are the client's mistake, not ours. */
async function readFilePart(request: FastifyRequest, maxUploadBytes: number): Promise<MultipartFile> {
  let part: MultipartFile | undefined;
  try {
    // One byte over the limit reaches the service, which is what tells it the file is too large.
    part = await request.file({ limits: { fileSize: maxUploadBytes + 1, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 } });
  } catch (error) {
    if (error instanceof AppError || (error as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw error;
    throw validationError('file', `The multipart body could not be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!part) throw validationError('file', 'Send the file in a multipart part named "file".');
  if (part.fieldname !== 'file') {
    part.file.destroy();
    throw validationError('file', `Send the file in a part named "file", not "${part.fieldname}".`);
  }
  return part;
}
