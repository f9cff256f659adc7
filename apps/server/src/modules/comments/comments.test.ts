import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Comment, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';

describe('comments, mentions and merging', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    server = await startTestServer();
    workspace = await server.createWorkspace();
  });
  afterAll(() => server.close());

  it('keeps public replies and internal notes apart, and lists them oldest first', async () => {
    const agent = await workspace.addUser('agent');
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Where is my parcel?', customer_email: 'parcel@example.com' });
    const reply = await agent.client.post<Comment>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'It left our warehouse today.' });
    const note = await agent.client.post<Comment>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'Carrier is slow this week.', isPublic: false });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ isPublic: true, authorType: 'user' });
    expect(note.body.isPublic).toBe(false);

    const all = await agent.client.get<PageOf<Comment>>(`/api/v1/tickets/${ticket.body.id}/comments`);
    expect(all.body.data.map((comment) => comment.body)).toEqual(['It left our warehouse today.', 'Carrier is slow this week.']);
    const publicOnly = await agent.client.get<PageOf<Comment>>(`/api/v1/tickets/${ticket.body.number}/comments`, { visibility: 'public' });
    expect(publicOnly.body.data.map((comment) => comment.id)).toEqual([reply.body.id]);
  });

  it('lets reviewers write internal notes but not public replies, and viewers neither', async () => {
    const reviewer = await workspace.addUser('reviewer');
    const viewer = await workspace.addUser('viewer');
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Regulated question' });
    expect((await reviewer.client.post(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'Approved wording.', isPublic: false })).status).toBe(201);
    const publicReply = await reviewer.client.post<ApiError>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'Hello customer' });
    expect(publicReply.status).toBe(403);
    expect((await viewer.client.post(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'x', isPublic: false })).status).toBe(403);
  });

  it('notifies staff mentioned by @name or @email, but not the author', async () => {
    const author = await workspace.addUser('agent', 'Author');
    const mentioned = await workspace.addUser('agent', 'Mentioned');
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Needs a second opinion' });
    const handle = mentioned.email.split('@')[0];
    const note = await author.client.post<Comment>(`/api/v1/tickets/${ticket.body.id}/comments`, {
      body: `@${handle} could you look? Also @${author.email} and @nobody-here`,
      isPublic: false,
    });
    expect(note.body.mentionedUserIds.sort()).toEqual([author.userId, mentioned.userId].sort());
    const inbox = await mentioned.client.get<PageOf<{ id: string; kind: string; commentId: string }>>('/api/v1/notifications', { unread: 'true' });
    expect(inbox.body.data).toEqual([expect.objectContaining({ kind: 'mention', commentId: note.body.id })]);
    expect((await author.client.get<PageOf<unknown>>('/api/v1/notifications')).body.data).toEqual([]);

    expect((await mentioned.client.post('/api/v1/notifications/read', { ids: [inbox.body.data[0]!.id] })).status).toBe(204);
    expect((await mentioned.client.get<PageOf<unknown>>('/api/v1/notifications', { unread: 'true' })).body.data).toEqual([]);
    expect((await author.client.post('/api/v1/notifications/read', { ids: [inbox.body.data[0]!.id] })).status).toBe(404);
  });

  it('keeps the edit history of a comment and lets only its author or a manager edit it', async () => {
    const author = await workspace.addUser('agent');
    const other = await workspace.addUser('agent');
    const manager = await workspace.addUser('manager');
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Typo' });
    const comment = await author.client.post<Comment>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'Teh first version' });
    const path = `/api/v1/tickets/${ticket.body.id}/comments/${comment.body.id}`;
    expect((await other.client.patch(path, { body: 'Hijacked' })).status).toBe(403);
    const edited = await author.client.patch<Comment>(path, { body: 'The first version' });
    expect(edited.body).toMatchObject({ body: 'The first version', isEdited: true });
    await manager.client.patch(path, { body: 'The first version, reviewed' });
    const history = await author.client.get<{ data: Array<{ previousBody: string; editedByUserId: string }> }>(`${path}/revisions`);
    expect(history.body.data).toEqual([
      expect.objectContaining({ previousBody: 'Teh first version', editedByUserId: author.userId }),
      expect.objectContaining({ previousBody: 'The first version', editedByUserId: manager.userId }),
    ]);
  });

  it('attaches uploaded files to a comment', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello attachments')], { type: 'text/plain' }), 'note.txt');
    const upload = await workspace.admin.request<{ id: string }>('POST', '/api/v1/attachments', { rawBody: form });
    expect(upload.status).toBe(201);
    const ticket = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'With a file' });
    const comment = await workspace.admin.post<Comment & { attachments: Array<{ id: string; filename: string }> }>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'See attached', attachmentIds: [upload.body.id] });
    expect(comment.status).toBe(201);
    expect(comment.body.attachments).toEqual([expect.objectContaining({ id: upload.body.id, filename: 'note.txt' })]);
    const reuse = await workspace.admin.post<ApiError>(`/api/v1/tickets/${ticket.body.id}/comments`, { body: 'Again', attachmentIds: [upload.body.id] });
    expect(reuse.status).toBe(400);
  });

  it('merges a duplicate: comments move, the source closes pointing at the target, both sides show it', async () => {
    const target = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Refund for order 77' });
    const source = await workspace.admin.post<Ticket>('/api/v1/tickets', { subject: 'Refund again (duplicate)' });
    await workspace.admin.post(`/api/v1/tickets/${source.body.id}/comments`, { body: 'Customer wrote twice' });

    const merged = await workspace.admin.post<Ticket>(`/api/v1/tickets/${source.body.id}/merge`, { targetTicketId: target.body.id });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(target.body.id);

    const closed = await workspace.admin.get<Ticket>(`/api/v1/tickets/${source.body.id}`);
    expect(closed.body).toMatchObject({ statusCategory: 'closed', mergedIntoId: target.body.id });
    const targetComments = await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${target.body.id}/comments`);
    expect(targetComments.body.data.map((comment) => comment.body)).toEqual(
      expect.arrayContaining(['Customer wrote twice', expect.stringContaining(`#${source.body.number}`)]),
    );
    const sourceComments = await workspace.admin.get<PageOf<Comment>>(`/api/v1/tickets/${source.body.id}/comments`);
    expect(sourceComments.body.data).toEqual([expect.objectContaining({ isPublic: false, body: expect.stringContaining(`#${target.body.number}`) })]);
    const targetLinks = await workspace.admin.get<{ data: Array<{ kind: string; ticket: { id: string } }> }>(`/api/v1/tickets/${target.body.id}/links`);
    expect(targetLinks.body.data).toEqual([expect.objectContaining({ kind: 'merged', ticket: expect.objectContaining({ id: source.body.id }) })]);
    const activity = await workspace.admin.get<{ data: Array<{ action: string }> }>(`/api/v1/tickets/${target.body.id}/activity`);
    expect(activity.body.data.map((entry) => entry.action)).toContain('merged_from');
    const search = await workspace.admin.get<PageOf<Ticket>>('/api/v1/search', { q: 'twice' });
    expect(search.body.data.map((ticket) => ticket.id)).toContain(target.body.id);

    expect((await workspace.admin.post<ApiError>(`/api/v1/tickets/${source.body.id}/merge`, { targetTicketId: target.body.id })).body.error.code).toBe('ticket_already_merged');
    expect((await workspace.admin.post<ApiError>(`/api/v1/tickets/${target.body.id}/merge`, { targetTicketId: target.body.id })).body.error.code).toBe('cannot_merge_into_itself');
  });
});
