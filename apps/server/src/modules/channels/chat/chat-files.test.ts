import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comment } from '../../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../../test/harness.js';
import { collect, connectSocket, waitFor } from '../../../../test/socket-events.js';

interface ChatFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  signature: string;
}
interface ChatMessage {
  seq: number;
  sender: 'visitor' | 'agent';
  body: string;
  attachments: ChatFile[];
}
type Answer<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string; details?: Array<{ path: string }> } };

/** A real 1×1 PNG: the server checks the bytes, not only the name. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64');

describe('files in a live chat', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ workers: true });
    workspace = await server.createWorkspace();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    // A refused upload whose client stopped sending mid-body leaves its socket waiting for the keep-alive timeout;
    // the test does not wait for it.
    server.app.server.closeAllConnections();
    await server.close();
  });

  async function visitorWithChat(slug = workspace.slug) {
    const session = (await server.client.post<{ visitorToken: string }>(`/api/v1/widget/${slug}/sessions`, { name: 'Dana' })).body;
    const socket = await connectSocket(`${server.url}/widget`, session.visitorToken, sockets);
    const started = (await socket.timeout(10_000).emitWithAck('conversation:start', { clientMessageId: randomUUID(), body: 'Here is a photo of the damage' })) as Answer<{
      conversation: { id: string; ticketId: string };
    }>;
    if (!started.ok) throw new Error(started.error.message);
    return { token: session.visitorToken, socket, conversation: started.conversation };
  }

  async function upload(token: string | undefined, file: { name: string; type: string; bytes: Buffer }, slug = workspace.slug) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const response = await fetch(`${server.url}/api/v1/widget/${slug}/attachments`, { method: 'POST', headers: token ? { 'x-visitor-token': token } : {}, body: form });
    return { status: response.status, body: (await response.json()) as ChatFile & { error?: { code: string } } };
  }

  async function uploadAndHangUp(token: string, file: { name: string; type: string; bytes: Buffer }): Promise<{ status: number; code: string }> {
    const boundary = `----switchboard${randomUUID()}`;
    const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`);
    const body = Buffer.concat([head, file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${server.url}/api/v1/widget/${workspace.slug}/attachments`,
        { method: 'POST', headers: { 'x-visitor-token': token, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            request.destroy();
            resolve({ status: response.statusCode ?? 0, code: (JSON.parse(Buffer.concat(chunks).toString()) as { error: { code: string } }).error.code });
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      request.end(body);
    });
  }

  const send = (socket: Socket, payload: Record<string, unknown>) => socket.timeout(10_000).emitWithAck('message:send', payload) as Promise<Answer<{ message: ChatMessage }>>;
  const fileUrl = (file: ChatFile, signature = file.signature) => `${server.url}/api/v1/widget/${workspace.slug}/files/${file.id}?signature=${encodeURIComponent(signature)}`;

  it('a visitor shares an image: checked by its bytes, stored once, seen by agents on the ticket, and fetched through its signed link', async () => {
    const { token, socket, conversation } = await visitorWithChat();
    const uploaded = await upload(token, { name: 'damage.png', type: 'image/png', bytes: PNG });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ fileName: 'damage.png', contentType: 'image/png', size: PNG.length });

    const answer = await send(socket, { conversationId: conversation.id, clientMessageId: randomUUID(), body: '', attachmentIds: [uploaded.body.id] });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.message.attachments).toEqual([expect.objectContaining({ id: uploaded.body.id, fileName: 'damage.png' })]);

    const comments = (await workspace.admin.get<{ data: Comment[] }>(`/api/v1/tickets/${conversation.ticketId}/comments`)).body.data;
    expect(comments.at(-1)).toMatchObject({ authorType: 'customer', isPublic: true, attachments: [expect.objectContaining({ id: uploaded.body.id, filename: 'damage.png' })] });

    const image = await fetch(fileUrl(uploaded.body));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toBe('inline');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(fileUrl(uploaded.body, 'forged-signature'))).status).toBe(404);

    // The same file cannot be shared twice, nor can another visitor's file, nor a made-up id.
    const other = await visitorWithChat();
    const theirs = await upload(other.token, { name: 'theirs.png', type: 'image/png', bytes: PNG });
    for (const attachmentIds of [[uploaded.body.id], [theirs.body.id], [randomUUID()]]) {
      const refused = await send(socket, { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'again', attachmentIds });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe('validation_failed');
    }
    const empty = await send(socket, { conversationId: conversation.id, clientMessageId: randomUUID(), body: '  ' });
    expect(empty.ok).toBe(false);
  });

  it('refuses uploads without a valid visitor token, of a type visitors may not send, or over 10 MB', async () => {
    const { token } = await visitorWithChat();
    expect((await upload(undefined, { name: 'a.png', type: 'image/png', bytes: PNG })).status).toBe(401);
    expect((await upload('v1.forged', { name: 'a.png', type: 'image/png', bytes: PNG })).status).toBe(401);
    const elsewhere = await server.createWorkspace();
    expect((await upload(token, { name: 'a.png', type: 'image/png', bytes: PNG }, elsewhere.slug)).status).toBe(401);

    const page = await upload(token, { name: 'page.html', type: 'text/html', bytes: Buffer.from('<script>alert(1)</script>') });
    expect(page.status).toBe(415);
    const archive = await upload(token, { name: 'files.zip', type: 'application/zip', bytes: Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]) });
    expect(archive.status).toBe(415);
    const disguised = await upload(token, { name: 'photo.png', type: 'image/png', bytes: Buffer.from('MZ this is not a picture') });
    expect(disguised.status).toBe(415);
    // Sent the way a browser does: once the server has answered, the rest of the upload is abandoned.
    const large = await uploadAndHangUp(token, { name: 'big.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]) });
    expect(large).toMatchObject({ status: 413, code: 'attachment_too_large' });
  });

  it('an agent’s reply with a file reaches the visitor with a link the widget can open', async () => {
    const { socket, conversation } = await visitorWithChat();
    const received = collect<ChatMessage>(socket, 'message');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'label.png');
    const staffUpload = await workspace.admin.request<{ id: string }>('POST', '/api/v1/attachments', { rawBody: form });
    expect(staffUpload.status).toBe(201);
    const attachment = staffUpload.body;
    const reply = await workspace.admin.post(`/api/v1/tickets/${conversation.ticketId}/comments`, { body: 'Print this return label.', isPublic: true, attachmentIds: [attachment.id] });
    expect(reply.status).toBe(201);

    const message = await waitFor(received, (item) => item.sender === 'agent', 'the agent reply');
    expect(message).toMatchObject({ body: 'Print this return label.', attachments: [expect.objectContaining({ id: attachment.id, fileName: 'label.png', contentType: 'image/png' })] });
    const image = await fetch(fileUrl(message.attachments[0]!));
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
