import { z } from 'zod';
import { randomSecret } from '../../../../shared/crypto.js';
import { validationError } from '../../../../shared/errors.js';
import { callProvider, downloadProviderFile, ProviderError, type InboundEvent, type MessagingAdapter } from '../messaging-provider.js';
import { answerMetaChallenge, GRAPH_API_VERSION, graphFailure, graphHeaders, isSignedByMeta, parseJsonBody } from './meta-graph.js';

export const ZWhatsAppInput = z.object({
  phoneNumberId: z.string().trim().regex(/^\d{5,20}$/, 'the phone number id of the WhatsApp Business account (digits)'),
  displayPhoneNumber: z.string().trim().max(32).optional(),
  accessToken: z.string().trim().min(20).max(1000),
  appSecret: z.string().trim().min(16).max(200),
  verifyToken: z.string().trim().min(8).max(200).optional(),
});
export type TWhatsAppInput = z.infer<typeof ZWhatsAppInput>;
type WhatsAppCredentials = Required<Omit<TWhatsAppInput, 'displayPhoneNumber'>> & { displayPhoneNumber: string | null };

const ZMediaObject = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() });
const ZWhatsAppWebhook = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
            metadata: z.object({ phone_number_id: z.string() }).optional(),
            contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
            messages: z
              .array(
                z.object({
                  from: z.string(),
                  id: z.string(),
                  timestamp: z.string(),
                  type: z.string(),
                  text: z.object({ body: z.string() }).optional(),
                  image: ZMediaObject.optional(),
                  document: ZMediaObject.optional(),
                  audio: ZMediaObject.optional(),
                  video: ZMediaObject.optional(),
                  sticker: ZMediaObject.optional(),
                }),
              )
              .optional(),
            statuses: z
              .array(
                z.object({
                  id: z.string(),
                  status: z.string(),
                  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string().optional() }).optional() })).optional(),
                }),
              )
              .optional(),
          }),
        }),
      ),
    }),
  ),
});

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** WhatsApp Cloud API: webhooks signed with the app secret, replies through `/{phone-number-id}/messages`. */
export function createWhatsAppAdapter(apiUrl: string): MessagingAdapter<TWhatsAppInput, WhatsAppCredentials> {
  const graph = `${apiUrl}/${GRAPH_API_VERSION}`;
  return {
    provider: 'whatsapp',
    input: ZWhatsAppInput,
    maxTextLength: 4096,
    async connect(input) {
      const credentials: WhatsAppCredentials = { ...input, displayPhoneNumber: input.displayPhoneNumber ?? null, verifyToken: input.verifyToken ?? randomSecret(24) };
      return { externalId: input.phoneNumberId, defaultName: input.displayPhoneNumber ? `WhatsApp ${input.displayPhoneNumber}` : 'WhatsApp', credentials };
    },
    answerChallenge: (credentials, query) => answerMetaChallenge(credentials.verifyToken, query),
    isAuthentic: (credentials, request) => isSignedByMeta(credentials.appSecret, request),
    parse(_credentials, externalId, request) {
      const parsed = ZWhatsAppWebhook.safeParse(parseJsonBody(request));
      if (!parsed.success) throw validationError('body', 'not a WhatsApp Business webhook');
      const events: InboundEvent[] = [];
      for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
        const { value } = change;
        // One app may serve several numbers of the account: only this channel's number is ours here.
        if (change.field !== 'messages' || value.metadata?.phone_number_id !== externalId) continue;
        for (const message of value.messages ?? []) {
          const profile = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile;
          const mediaType = MEDIA_TYPES.find((type) => message[type]);
          const media = mediaType ? message[mediaType]! : undefined;
          const text = message.text?.body ?? media?.caption ?? '';
          if (!text && !media) continue;
          events.push({
            kind: 'message',
            externalMessageId: message.id,
            contact: { externalUserId: message.from, name: profile?.name, phone: `+${message.from}` },
            text,
            media: media ? [{ reference: media.id, contentType: media.mime_type, filename: media.filename }] : [],
            sentAt: new Date(Number(message.timestamp) * 1000),
          });
        }
        for (const status of value.statuses ?? []) {
          if (!STATUSES.has(status.status)) continue;
          const failure = status.errors?.[0];
          events.push({
            kind: 'status',
            externalMessageId: status.id,
            status: status.status as 'sent' | 'delivered' | 'read' | 'failed',
            error: failure ? (failure.error_data?.details ?? failure.message ?? failure.title) : undefined,
            details: failure?.code ? { code: failure.code } : {},
          });
        }
      }
      return events;
    },
    acknowledgement: { contentType: 'application/json', body: '{"ok":true}' },
    async fetchMedia(credentials, media, signal) {
      const answer = await callProvider(`${graph}/${encodeURIComponent(media.reference)}`, { headers: graphHeaders(credentials.accessToken) }, signal);
      const url = (answer.body as { url?: string } | undefined)?.url;
      if (answer.status !== 200 || !url) throw graphFailure(answer, 'WhatsApp did not give the file');
      const file = await downloadProviderFile(url, graphHeaders(credentials.accessToken), signal, media.contentType);
      return { ...file, filename: media.filename ?? null };
    },
    async send(credentials, recipient, text, context) {
      const answer = await callProvider(
        `${graph}/${credentials.phoneNumberId}/messages`,
        {
          headers: graphHeaders(credentials.accessToken),
          json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: recipient.externalUserId, type: 'text', text: { body: text, preview_url: false } },
        },
        context.signal,
      );
      const id = (answer.body as { messages?: Array<{ id?: string }> } | undefined)?.messages?.[0]?.id;
      if (answer.status !== 200) throw graphFailure(answer, 'WhatsApp refused the message');
      if (!id) throw new ProviderError('WhatsApp accepted the message without an id.', false);
      return { externalMessageId: id };
    },
    describe: (credentials) => ({ phoneNumberId: credentials.phoneNumberId, displayPhoneNumber: credentials.displayPhoneNumber ?? '', verifyToken: credentials.verifyToken }),
  };
}
