import { z } from 'zod';
import { randomSecret } from '../../../../shared/crypto.js';
import { validationError } from '../../../../shared/errors.js';
import { callProvider, downloadProviderFile, ProviderError, type InboundEvent, type MessagingAdapter } from '../messaging-provider.js';
import { answerMetaChallenge, GRAPH_API_VERSION, graphFailure, graphHeaders, isSignedByMeta, parseJsonBody } from './meta-graph.js';

export const ZMessengerInput = z.object({
  pageId: z.string().trim().regex(/^\d{5,20}$/, 'the id of the Facebook page (digits)'),
  pageName: z.string().trim().max(120).optional(),
  pageAccessToken: z.string().trim().min(20).max(1000),
  appSecret: z.string().trim().min(16).max(200),
  verifyToken: z.string().trim().min(8).max(200).optional(),
});
export type TMessengerInput = z.infer<typeof ZMessengerInput>;
type MessengerCredentials = { pageId: string; pageAccessToken: string; appSecret: string; verifyToken: string };

const ZMessengerWebhook = z.object({
  object: z.literal('page'),
  entry: z.array(
    z.object({
      id: z.string(),
      messaging: z
        .array(
          z.object({
            sender: z.object({ id: z.string() }),
            recipient: z.object({ id: z.string() }),
            timestamp: z.number(),
            message: z
              .object({
                mid: z.string(),
                text: z.string().optional(),
                is_echo: z.boolean().optional(),
                attachments: z.array(z.object({ type: z.string(), payload: z.object({ url: z.string().url().optional() }).nullish() })).optional(),
              })
              .optional(),
            read: z.object({ watermark: z.number() }).optional(),
            delivery: z.object({ watermark: z.number() }).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** The standard messaging window: a page may answer freely for 24 hours after the person's last message. */
const STANDARD_WINDOW_MS = 24 * 3600_000;

/** Facebook Messenger Platform: page webhooks signed with the app secret, replies through the Send API. */
export function createMessengerAdapter(apiUrl: string): MessagingAdapter<TMessengerInput, MessengerCredentials> {
  const graph = `${apiUrl}/${GRAPH_API_VERSION}`;
  return {
    provider: 'messenger',
    input: ZMessengerInput,
    maxTextLength: 2000,
    async connect(input) {
      const credentials: MessengerCredentials = { pageId: input.pageId, pageAccessToken: input.pageAccessToken, appSecret: input.appSecret, verifyToken: input.verifyToken ?? randomSecret(24) };
      return { externalId: input.pageId, defaultName: input.pageName ? `Messenger ${input.pageName}` : 'Messenger', credentials };
    },
    answerChallenge: (credentials, query) => answerMetaChallenge(credentials.verifyToken, query),
    isAuthentic: (credentials, request) => isSignedByMeta(credentials.appSecret, request),
    parse(_credentials, externalId, request) {
      const parsed = ZMessengerWebhook.safeParse(parseJsonBody(request));
      if (!parsed.success) throw validationError('body', 'not a Messenger page webhook');
      const events: InboundEvent[] = [];
      for (const entry of parsed.data.entry) {
        if (entry.id !== externalId) continue;
        for (const item of entry.messaging ?? []) {
          const psid = item.sender.id;
          if (item.message && !item.message.is_echo) {
            const files = (item.message.attachments ?? []).flatMap((attachment) => (attachment.payload?.url ? [{ reference: attachment.payload.url }] : []));
            if (!item.message.text && files.length === 0) continue;
            events.push({ kind: 'message', externalMessageId: item.message.mid, contact: { externalUserId: psid }, text: item.message.text ?? '', media: files, sentAt: new Date(item.timestamp) });
          }
          if (item.delivery) events.push({ kind: 'receipt', externalUserId: psid, status: 'delivered', upTo: new Date(item.delivery.watermark) });
          if (item.read) events.push({ kind: 'receipt', externalUserId: psid, status: 'read', upTo: new Date(item.read.watermark) });
        }
      }
      return events;
    },
    acknowledgement: { contentType: 'application/json', body: '{"ok":true}' },
    async describeContact(credentials, psid, signal) {
      const answer = await callProvider(`${graph}/${encodeURIComponent(psid)}?fields=first_name,last_name`, { headers: graphHeaders(credentials.pageAccessToken) }, signal);
      if (answer.status !== 200) return undefined;
      const profile = answer.body as { first_name?: string; last_name?: string } | undefined;
      const name = [profile?.first_name, profile?.last_name].filter(Boolean).join(' ');
      return name || undefined;
    },
    async fetchMedia(_credentials, media, signal) {
      return downloadProviderFile(media.reference, {}, signal);
    },
    async send(credentials, recipient, text, context) {
      // Past the standard window a person's question may still be answered by a human for 7 days (tag HUMAN_AGENT).
      const isInWindow = recipient.lastInboundAt !== null && context.now.getTime() - recipient.lastInboundAt.getTime() < STANDARD_WINDOW_MS;
      const answer = await callProvider(
        `${graph}/${credentials.pageId}/messages`,
        {
          headers: graphHeaders(credentials.pageAccessToken),
          json: { recipient: { id: recipient.externalUserId }, messaging_type: isInWindow ? 'RESPONSE' : 'MESSAGE_TAG', ...(isInWindow ? {} : { tag: 'HUMAN_AGENT' }), message: { text } },
        },
        context.signal,
      );
      if (answer.status !== 200) throw graphFailure(answer, 'Messenger refused the message');
      const id = (answer.body as { message_id?: string } | undefined)?.message_id;
      if (!id) throw new ProviderError('Messenger accepted the message without an id.', false);
      return { externalMessageId: id };
    },
    describe: (credentials) => ({ pageId: credentials.pageId, verifyToken: credentials.verifyToken }),
  };
}
