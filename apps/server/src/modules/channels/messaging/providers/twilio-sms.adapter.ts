import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { constantTimeEqual } from '../../../../shared/crypto.js';
import { headerOf, isTransientStatus, callProvider, downloadProviderFile, ProviderError, type InboundEvent, type MessagingAdapter, type WebhookRequest } from '../messaging-provider.js';

export const ZTwilioSmsInput = z.object({
  accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'the Account SID (AC followed by 32 hexadecimal digits)'),
  authToken: z.string().trim().min(16).max(200),
  phoneNumber: z.string().trim().regex(/^\+[1-9]\d{1,14}$/, 'the Twilio number in E.164 form, e.g. +15145550100'),
});
export type TTwilioSmsInput = z.infer<typeof ZTwilioSmsInput>;
type TwilioCredentials = TTwilioSmsInput & { webhookUrl: string };

const ZIncoming = z.object({ MessageSid: z.string().min(1), From: z.string().min(1), To: z.string().min(1), Body: z.string().default(''), NumMedia: z.coerce.number().int().min(0).max(10).default(0) });
const STATUS_OF: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = { sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed' };
const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio's request validation: base64 HMAC-SHA1, keyed by the auth token, of the URL it called followed by
 * each POST parameter's name and value, sorted by name.
 */
export function twilioSignatureOf(authToken: string, url: string, params: URLSearchParams): string {
  const sorted = [...params.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return createHmac('sha1', authToken).update(url + sorted.map(([name, value]) => name + value).join('')).digest('base64');
}

function formOf(request: WebhookRequest): URLSearchParams {
  return new URLSearchParams(request.rawBody.toString('utf8'));
}

/** SMS and MMS through Twilio Programmable Messaging: signed form posts in, the Messages resource out. */
export function createTwilioSmsAdapter(apiUrl: string): MessagingAdapter<TTwilioSmsInput, TwilioCredentials> {
  const basic = (credentials: TwilioCredentials) => `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  return {
    provider: 'sms',
    input: ZTwilioSmsInput,
    maxTextLength: 1600,
    async connect(input, webhookUrl) {
      return { externalId: input.phoneNumber, defaultName: `SMS ${input.phoneNumber}`, credentials: { ...input, webhookUrl } };
    },
    isAuthentic(credentials, request) {
      const signature = headerOf(request.headers, 'x-twilio-signature');
      return signature !== undefined && constantTimeEqual(signature, twilioSignatureOf(credentials.authToken, request.url, formOf(request)));
    },
    parse(credentials, externalId, request) {
      const form = formOf(request);
      const fields = Object.fromEntries(form.entries());
      if (fields.AccountSid !== credentials.accountSid) return [];
      const deliveryState = fields.MessageStatus ?? (fields.SmsStatus !== 'received' ? fields.SmsStatus : undefined);
      if (deliveryState !== undefined) {
        const status = STATUS_OF[deliveryState];
        if (!status || !fields.MessageSid) return [];
        const events: InboundEvent[] = [{ kind: 'status', externalMessageId: fields.MessageSid, status, error: fields.ErrorCode ? `Twilio error ${fields.ErrorCode}` : undefined, details: fields.ErrorCode ? { code: Number(fields.ErrorCode) } : {} }];
        return events;
      }
      const incoming = ZIncoming.safeParse(fields);
      if (!incoming.success || incoming.data.To !== externalId) return [];
      const media = Array.from({ length: incoming.data.NumMedia }, (_, index) => fields[`MediaUrl${index}`])
        .map((url, index) => ({ reference: url ?? '', contentType: fields[`MediaContentType${index}`] }))
        .filter((file) => file.reference.startsWith('http'));
      if (!incoming.data.Body && media.length === 0) return [];
      return [{ kind: 'message', externalMessageId: incoming.data.MessageSid, contact: { externalUserId: incoming.data.From, phone: incoming.data.From }, text: incoming.data.Body, media, sentAt: new Date() }];
    },
    acknowledgement: { contentType: 'text/xml', body: TWIML_EMPTY },
    async fetchMedia(credentials, media, signal) {
      return downloadProviderFile(media.reference, { authorization: basic(credentials) }, signal, media.contentType);
    },
    async send(credentials, recipient, text, context) {
      const form = new URLSearchParams({ To: recipient.externalUserId, From: credentials.phoneNumber, Body: text, StatusCallback: credentials.webhookUrl });
      const answer = await callProvider(
        `${apiUrl}/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`,
        // Twilio keeps the idempotency token a while: a retried request after a lost answer sends nothing twice.
        { headers: { authorization: basic(credentials), 'i-twilio-idempotency-token': context.idempotencyKey }, form },
        context.signal,
      );
      const body = answer.body as { sid?: string; code?: number; message?: string; num_segments?: string } | undefined;
      if (answer.status !== 200 && answer.status !== 201) {
        throw new ProviderError(`Twilio refused the message: ${body?.message ?? `HTTP ${answer.status}`}`, !isTransientStatus(answer.status), { status: answer.status, code: body?.code });
      }
      if (!body?.sid) throw new ProviderError('Twilio accepted the message without a sid.', false);
      return { externalMessageId: body.sid, details: body.num_segments ? { segments: Number(body.num_segments) } : {} };
    },
    describe: (credentials) => ({ accountSid: credentials.accountSid, phoneNumber: credentials.phoneNumber }),
  };
}
