import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { queryRows } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { comments } from '../comments/comments.tables.js';
import { tickets } from '../tickets/tickets.tables.js';
import { attachments } from './attachments.tables.js';
import { contentMatchesType, resolveDeclaredType } from './file-types.js';
import { attachmentContentDisposition, sanitizeFilename } from './filenames.js';

interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  ticketId: string | null;
  commentId: string | null;
  downloadUrl: string;
}

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A real, viewable PNG: a width × height gradient. */
function makePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) rows.set([x % 256, y % 256, (x * y) % 256], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal valid PDF with one page saying hello. */
function makePdf(): Buffer {
  const pageText = 'BT /F1 18 Tf 20 100 Td (Bonjour) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${pageText.length} >>\nstream\n${pageText}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The start of a Windows executable (DOS header and stub), as a renamed .exe would begin. */
function makeExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

function form(bytes: Buffer, filename: string, type: string, fieldName = 'file'): FormData {
  const body = new FormData();
  body.append(fieldName, new Blob([new Uint8Array(bytes)], { type }), filename);
  return body;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('attachments', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let adminToken: string;

  /** The raw bytes of a download (the SDK decodes bodies as text). */
  async function download(path: string, token: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async function upload(client: TestWorkspace['admin'], bytes: Buffer, filename: string, type: string) {
    return client.request<Attachment & ErrorBody>('POST', '/api/v1/attachments', { rawBody: form(bytes, filename, type) });
  }

  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
    const token = await server.services.db.transaction((tx) =>
      server.services.auth.createToken(tx, { workspaceId: workspace.workspaceId, userId: workspace.adminId, role: 'admin' }, 'downloads'),
    );
    adminToken = token.secret;
  });
  afterAll(() => server.close());

  it('stores an uploaded PDF and PNG and gives back exactly the same bytes', async () => {
    for (const [bytes, filename, type] of [
      [makePdf(), 'invoice.pdf', 'application/pdf'],
      [makePng(64, 48), 'screenshot.png', 'image/png'],
    ] as const) {
      const uploaded = await upload(workspace.admin, bytes, filename, type);
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ filename, contentType: type, sizeBytes: bytes.length, sha256: sha256(bytes), ticketId: null, commentId: null });
      expect(uploaded.body.downloadUrl).toBe(`/api/v1/attachments/${uploaded.body.id}/content`);

      const metadata = await workspace.admin.get<Attachment>(`/api/v1/attachments/${uploaded.body.id}`);
      expect(metadata.status).toBe(200);
      expect(metadata.body).toEqual(uploaded.body);

      const content = await download(uploaded.body.downloadUrl, adminToken);
      expect(content.status).toBe(200);
      expect(sha256(content.bytes)).toBe(sha256(bytes));
      expect(content.headers.get('content-type')).toBe(type);
      expect(content.headers.get('content-length')).toBe(String(bytes.length));
      expect(content.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${filename}`);
      expect(content.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('keeps a French name with emoji, without its path or control characters', async () => {
    const text = Buffer.from('Reçu de la commande n° 42\n', 'utf8');
    const uploaded = await upload(workspace.admin, text, 'C:\\Users\\élodie\\Reçu d’été 🎉\u0007.txt', 'text/plain; charset=utf-8');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ filename: 'Reçu d’été 🎉.txt', contentType: 'text/plain' });

    const content = await download(uploaded.body.downloadUrl, adminToken);
    expect(content.bytes.toString('utf8')).toBe(text.toString('utf8'));
    const disposition = content.headers.get('content-disposition')!;
    expect(disposition.startsWith("attachment; filename*=UTF-8''")).toBe(true);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe('Reçu d’été 🎉.txt');
  });

  it('refuses a file type that is not allowed, and an executable renamed to .png', async () => {
    const html = await upload(workspace.admin, Buffer.from('<script>alert(1)</script>'), 'page.html', 'text/html');
    expect(html.status).toBe(415);
    expect(html.body.error.code).toBe('attachment_type_not_allowed');

    const exe = await upload(workspace.admin, makeExecutable(), 'setup.exe', 'application/x-msdownload');
    expect(exe.status).toBe(415);

    const disguised = await upload(workspace.admin, makeExecutable(), 'holiday.png', 'image/png');
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.code).toBe('attachment_type_not_allowed');

    const disguisedAsText = await upload(workspace.admin, makeExecutable(), 'notes.txt', 'text/plain');
    expect(disguisedAsText.status).toBe(415);

    const [row] = await queryRows<{ count: number }>(
      server.services.db,
      sql`SELECT count(*)::int AS count FROM attachments WHERE workspace_id = ${workspace.workspaceId} AND filename IN ('holiday.png', 'notes.txt', 'setup.exe', 'page.html')`,
    );
    expect(row?.count).toBe(0);
  });

  it('recognises a PDF sent as application/octet-stream by its name and content', async () => {
    const pdf = makePdf();
    const uploaded = await upload(workspace.admin, pdf, 'contrat.pdf', 'application/octet-stream');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.contentType).toBe('application/pdf');

    const lying = await upload(workspace.admin, makeExecutable(), 'contrat.pdf', 'application/octet-stream');
    expect(lying.status).toBe(415);
  });

  it('answers a request without a file part, or with a JSON body, with an error in the usual shape', async () => {
    const noFile = new FormData();
    noFile.append('note', 'no file here');
    const missing = await workspace.admin.request<ErrorBody>('POST', '/api/v1/attachments', { rawBody: noFile });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'file' }] });

    const wrongPart = await workspace.admin.request<ErrorBody>('POST', '/api/v1/attachments', { rawBody: form(makePdf(), 'a.pdf', 'application/pdf', 'document') });
    expect(wrongPart.status).toBe(400);
    expect(wrongPart.body.error.code).toBe('validation_failed');

    const json = await workspace.admin.post<ErrorBody>('/api/v1/attachments', { file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported_media_type');

    const noBoundary = await workspace.admin.request<ErrorBody>('POST', '/api/v1/attachments', {
      rawBody: 'garbage',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.error.code).toBe('validation_failed');

    const empty = await upload(workspace.admin, Buffer.alloc(0), 'empty.txt', 'text/plain');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });

  it('lets a viewer download but not upload', async () => {
    const viewer = await workspace.addUser('viewer');
    const png = makePng(8, 8);
    const uploaded = await upload(workspace.admin, png, 'logo.png', 'image/png');

    const refused = await upload(viewer.client, png, 'logo.png', 'image/png');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const metadata = await viewer.client.get<Attachment>(`/api/v1/attachments/${uploaded.body.id}`);
    expect(metadata.status).toBe(200);
    const content = await viewer.client.get(uploaded.body.downloadUrl);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-length')).toBe(String(png.length));

    const reviewer = await workspace.addUser('reviewer');
    expect((await upload(reviewer.client, png, 'review.png', 'image/png')).status).toBe(201);
  });

  it("answers 404 to another workspace asking for an attachment, like an unknown one", async () => {
    const uploaded = await upload(workspace.admin, makePdf(), 'private.pdf', 'application/pdf');
    const other = await server.createWorkspace();

    const metadata = await other.admin.get<ErrorBody>(`/api/v1/attachments/${uploaded.body.id}`);
    expect(metadata.status).toBe(404);
    expect(metadata.body.error.code).toBe('attachment_not_found');
    const content = await other.admin.get<ErrorBody>(uploaded.body.downloadUrl);
    expect(content.status).toBe(404);
    expect(content.body.error.code).toBe('attachment_not_found');

    const unknown = await workspace.admin.get<ErrorBody>('/api/v1/attachments/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect((await workspace.admin.get('/api/v1/attachments/not-an-id/content')).status).toBe(404);
  });

  it('replays an upload sent again with the same Idempotency-Key', async () => {
    const png = makePng(4, 4);
    const first = await workspace.admin.request<Attachment>('POST', '/api/v1/attachments', { rawBody: form(png, 'once.png', 'image/png'), headers: { 'idempotency-key': 'upload-once' } });
    const second = await workspace.admin.request<Attachment>('POST', '/api/v1/attachments', { rawBody: form(png, 'once.png', 'image/png'), headers: { 'idempotency-key': 'upload-once' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
  });

  describe('linking to a comment', () => {
    async function insertTicketWithComment(workspaceId: string, number: number) {
      const [ticket] = await server.services.db
        .insert(tickets)
        .values({ workspaceId, number, subject: 'Printer on fire', status: 'open', statusCategory: 'open', priority: 'normal', channel: 'email' })
        .returning();
      const [comment] = await server.services.db
        .insert(comments)
        .values({ workspaceId, ticketId: ticket!.id, authorType: 'user', body: 'See the attached photo.', isPublic: false })
        .returning();
      return { ticketId: ticket!.id, commentId: comment!.id };
    }

    async function linkOf(id: string) {
      const [row] = await server.services.db.select().from(attachments).where(eq(attachments.id, id));
      return { ticketId: row!.ticketId, commentId: row!.commentId };
    }

    it('links uploads to a comment and lists them by comment', async () => {
      const first = await upload(workspace.admin, makePng(2, 2), 'one.png', 'image/png');
      const second = await upload(workspace.admin, makePdf(), 'two.pdf', 'application/pdf');
      const { ticketId, commentId } = await insertTicketWithComment(workspace.workspaceId, 101);

      const linked = await server.services.db.transaction((tx) =>
        server.services.attachments.linkToComment(tx, workspace.workspaceId, [first.body.id, second.body.id], ticketId, commentId),
      );
      expect(linked.map((row) => row.id)).toEqual([first.body.id, second.body.id]);
      expect(await linkOf(first.body.id)).toEqual({ ticketId, commentId });

      const byComment = await server.services.attachments.listForComments(workspace.workspaceId, [commentId]);
      expect(byComment.get(commentId)?.map((attachment) => attachment.filename)).toEqual(['one.png', 'two.pdf']);
      expect(byComment.get(commentId)?.[0]).toMatchObject({ ticketId, commentId });
      expect((await workspace.admin.get<Attachment>(`/api/v1/attachments/${first.body.id}`)).body).toMatchObject({ ticketId, commentId });

      const other = await server.createWorkspace();
      expect((await server.services.attachments.listForComments(other.workspaceId, [commentId])).size).toBe(0);
    });

    it('refuses an attachment of another workspace or one already linked, and links none of the others', async () => {
      const mine = await upload(workspace.admin, makePng(3, 3), 'mine.png', 'image/png');
      const alreadyLinked = await upload(workspace.admin, makePng(3, 3), 'taken.png', 'image/png');
      const other = await server.createWorkspace();
      const foreign = await upload(other.admin, makePng(3, 3), 'foreign.png', 'image/png');
      const earlier = await insertTicketWithComment(workspace.workspaceId, 201);
      const target = await insertTicketWithComment(workspace.workspaceId, 202);
      await server.services.db.transaction((tx) =>
        server.services.attachments.linkToComment(tx, workspace.workspaceId, [alreadyLinked.body.id], earlier.ticketId, earlier.commentId),
      );

      for (const refusedId of [foreign.body.id, alreadyLinked.body.id, 'not-a-uuid']) {
        const attempt = server.services.db.transaction((tx) =>
          server.services.attachments.linkToComment(tx, workspace.workspaceId, [mine.body.id, refusedId], target.ticketId, target.commentId),
        );
        await expect(attempt).rejects.toBeInstanceOf(AppError);
        await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'attachmentIds' }] });
      }
      expect(await linkOf(mine.body.id)).toEqual({ ticketId: null, commentId: null });
      expect(await linkOf(alreadyLinked.body.id)).toEqual(earlier);
      expect(await linkOf(foreign.body.id)).toEqual({ ticketId: null, commentId: null });
    });
  });
});

describe('attachments with a small upload limit', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_UPLOAD_BYTES: '1024' } });
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('refuses a file over the limit with 413, keeping no row and no file', async () => {
    const root = server.services.fileStorage.root;
    const filesBefore = await listFiles(root);
    const large = makePng(200, 200);
    expect(large.length).toBeGreaterThan(1024);

    const refused = await workspace.admin.request<ErrorBody>('POST', '/api/v1/attachments', { rawBody: form(large, 'large.png', 'image/png') });
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('attachment_too_large');

    const [row] = await queryRows<{ count: number }>(server.services.db, sql`SELECT count(*)::int AS count FROM attachments WHERE workspace_id = ${workspace.workspaceId}`);
    expect(row?.count).toBe(0);
    expect(await listFiles(root)).toEqual(filesBefore);

    // The same connection keeps working, and a file within the limit is accepted.
    const small = makePng(4, 4);
    const accepted = await workspace.admin.request<Attachment>('POST', '/api/v1/attachments', { rawBody: form(small, 'small.png', 'image/png') });
    expect(accepted.status).toBe(201);
    expect(await listFiles(root)).toHaveLength(filesBefore.length + 1);
  });

  it('accepts a file of exactly the limit', async () => {
    const text = Buffer.alloc(1024, 'a');
    const accepted = await workspace.admin.request<Attachment>('POST', '/api/v1/attachments', { rawBody: form(text, 'exact.txt', 'text/plain') });
    expect(accepted.status).toBe(201);
    expect(accepted.body.sizeBytes).toBe(1024);
    const over = await workspace.admin.request<ErrorBody>('POST', '/api/v1/attachments', { rawBody: form(Buffer.alloc(1025, 'a'), 'over.txt', 'text/plain') });
    expect(over.status).toBe(413);
  });
});

describe('file names and types', () => {
  it('cleans names without losing accents or emoji, and caps them at 200 characters keeping the extension', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('dossier/Élève 👩‍👩‍👧.pdf')).toBe('Élève 👩‍👩‍👧.pdf');
    expect(sanitizeFilename('report\u202Efdp.exe')).toBe('reportfdp.exe');
    expect(sanitizeFilename('  ..  ')).toBe('attachment');
    expect(sanitizeFilename(undefined)).toBe('attachment');
    const long = sanitizeFilename(`${'é'.repeat(150)}${'🎉'.repeat(100)}.docx`);
    expect([...long].length).toBeLessThanOrEqual(200);
    expect(long.endsWith('🎉.docx')).toBe(true);
  });

  it('percent-encodes the name for Content-Disposition', () => {
    expect(attachmentContentDisposition("l'été (1).txt")).toBe("attachment; filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29.txt");
  });

  it('reads the declared type, its aliases, and the extension only when the declared type says nothing', () => {
    expect(resolveDeclaredType('image/PNG', 'a.png')).toBe('image/png');
    expect(resolveDeclaredType('application/x-zip-compressed', 'a.zip')).toBe('application/zip');
    expect(resolveDeclaredType('application/vnd.ms-excel', 'rows.csv')).toBe('text/csv');
    expect(resolveDeclaredType('application/vnd.ms-excel', 'old.xls')).toBeUndefined();
    expect(resolveDeclaredType('application/octet-stream', 'tool.exe')).toBeUndefined();
    expect(resolveDeclaredType('image/svg+xml', 'a.svg')).toBeUndefined();
    expect(contentMatchesType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true);
    expect(contentMatchesType('image/webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe(true);
    expect(contentMatchesType('image/gif', Buffer.from('GIF89a', 'latin1'))).toBe(true);
    expect(contentMatchesType('image/jpeg', Buffer.from('GIF89a', 'latin1'))).toBe(false);
  });
});
