import { z } from 'zod';
import type { AppInstance } from '../../../http/http-types.js';
import type { Services } from '../../../services.js';
import { requireAccess } from '../../auth/permissions.js';
import { ZCreateImapMailboxRequest, ZImapConnectionTest, ZImapMailbox, ZImapMailboxParams, ZUpdateImapMailboxRequest } from './imap-mailboxes.schema.js';

const tags = ['email'];

/** IMAP mailboxes polled for mail, beside the support addresses of `email.routes.ts`. Admins only: they hold credentials. */
export function registerImapMailboxRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/email/mailboxes',
    { schema: { tags, summary: 'IMAP mailboxes the workers poll for mail, each with its last poll’s result (passwords are never answered)', response: { 200: z.object({ data: z.array(ZImapMailbox) }) } }, config: { permission: 'settings.manage' } },
    async (request) => ({ data: await services.imapMailboxes.list(requireAccess(request.actor, 'settings.manage')) }),
  );

  app.post(
    '/api/v1/email/mailboxes',
    {
      schema: { tags, summary: 'Connect an IMAP mailbox: its unread mail, then each new message, becomes tickets and replies; 409 when the workspace already polls that folder', body: ZCreateImapMailboxRequest, response: { 201: ZImapMailbox } },
      config: { permission: 'settings.manage' },
    },
    async (request, reply) => reply.status(201).send(await services.imapMailboxes.create(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.patch(
    '/api/v1/email/mailboxes/:mailboxId',
    {
      schema: { tags, summary: 'Change a mailbox’s server, account, password, folder, interval, or turn it off; another account or folder starts again from its unread mail', params: ZImapMailboxParams, body: ZUpdateImapMailboxRequest, response: { 200: ZImapMailbox } },
      config: { permission: 'settings.manage' },
    },
    async (request) => services.imapMailboxes.update(requireAccess(request.actor, 'settings.manage'), request.params.mailboxId, request.body),
  );

  app.delete(
    '/api/v1/email/mailboxes/:mailboxId',
    { schema: { tags, summary: 'Stop polling a mailbox and forget its settings (tickets made from its mail stay)', params: ZImapMailboxParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await services.imapMailboxes.delete(requireAccess(request.actor, 'settings.manage'), request.params.mailboxId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/email/mailboxes/:mailboxId/test',
    {
      schema: { tags, summary: 'Test the connection: sign in, open the folder and count its messages; a failure answers `ok: false` with a code and the reason', params: ZImapMailboxParams, response: { 200: ZImapConnectionTest } },
      config: { permission: 'settings.manage' },
    },
    async (request) => services.imapMailboxes.testConnection(requireAccess(request.actor, 'settings.manage'), request.params.mailboxId),
  );

  app.post(
    '/api/v1/email/mailboxes/:mailboxId/poll',
    {
      schema: { tags, summary: 'Poll the mailbox now and answer it with this poll’s result; 409 while another poll of it runs', params: ZImapMailboxParams, response: { 200: ZImapMailbox } },
      config: { permission: 'settings.manage' },
    },
    async (request) => services.imapMailboxes.pollNow(requireAccess(request.actor, 'settings.manage'), request.params.mailboxId),
  );
}
