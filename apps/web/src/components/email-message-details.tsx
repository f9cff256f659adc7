import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useAsync } from '../use-async';
import type { TicketEmailMessage } from './ticket-email-thread';

/** Images a browser shows as a thumbnail; anything else (SVG included) is only a download link. */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_FRAME_HEIGHT_PX = 640;

/**
 * Under the customer's text (the ticket's description, or a comment that came by email): the files and inline
 * images of their email, a link to the original message (.eml), and the formatted version on request.
 */
export function EmailMessageDetails({ message }: { message: TicketEmailMessage }) {
  const { t, i18n } = useTranslation();
  const [isFormattedShown, setFormattedShown] = useState(false);
  const frameId = useId();
  return (
    <div className="email-message-details" data-testid="email-message-details">
      {message.attachments.length > 0 && (
        <ul className="email-attachments" aria-label={t('emailThread.attachments')}>
          {message.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={attachment.downloadUrl} download={attachment.filename}>
                {THUMBNAIL_TYPES.has(attachment.contentType) && <img className="email-thumbnail" src={attachment.downloadUrl} alt="" loading="lazy" />}
                <span className="email-attachment-name">{attachment.filename}</span>{' '}
                <span className="email-attachment-size">{formatFileSize(attachment.sizeBytes, i18n.language)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className="email-message-links">
        {message.rawDownloadUrl && (
          <a href={message.rawDownloadUrl} download>
            {t('emailThread.viewOriginal')}
          </a>
        )}
        {message.hasHtml && (
          <button type="button" aria-expanded={isFormattedShown} aria-controls={frameId} onClick={() => setFormattedShown((shown) => !shown)}>
            {isFormattedShown ? t('emailThread.hideFormatted') : t('emailThread.showFormatted')}
          </button>
        )}
      </p>
      {isFormattedShown && (
        <div id={frameId}>
          <FormattedEmail messageId={message.id} subject={message.subject} />
        </div>
      )}
    </div>
  );
}

/**
 * The sanitised HTML of the message, never put into the app's own page: it is shown in a sandboxed frame where
 * nothing runs (no `allow-scripts`) and whose policy loads nothing but the app's own attachment files (the
 * inline images), so the sender cannot learn when an agent reads it. The frame keeps the app's origin only so
 * that those image requests carry the agent's session; links open in a new tab.
 */
function FormattedEmail({ messageId, subject }: { messageId: string; subject: string }) {
  const { t } = useTranslation();
  const [state] = useAsync(() => unwrap(api.GET('/api/v1/email/messages/{messageId}', { params: { path: { messageId } } })), [messageId]);
  const frame = useRef<HTMLIFrameElement>(null);
  if (state.status === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.status === 'error') return <p role="alert" className="error">{t('app.error', { message: state.error.message })}</p>;
  // Fits the frame to its content once its images have loaded, within a limit (then it scrolls).
  const fitHeight = () => {
    // The root element's own box: its scrollHeight would never be less than the frame's current height.
    const content = frame.current?.contentDocument?.documentElement;
    if (frame.current && content) frame.current.style.height = `${Math.min(Math.ceil(content.getBoundingClientRect().height) + 2, MAX_FRAME_HEIGHT_PX)}px`;
  };
  return (
    <iframe
      ref={frame}
      className="email-formatted"
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={formattedDocument(state.value.html ?? '', window.location.origin)}
      title={t('emailThread.formattedFrame', { subject })}
      onLoad={fitHeight}
    />
  );
}

/** A whole document around the sanitised HTML, with a policy that forbids every request but the app's attachment files. */
function formattedDocument(safeHtml: string, appOrigin: string): string {
  const policy = `default-src 'none'; img-src ${appOrigin}/api/v1/attachments/; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="referrer" content="no-referrer">',
    // Mail is written for a light page, whatever the app's theme.
    '<style>:root{color-scheme:light}body{margin:0.5rem;font-family:system-ui,sans-serif;color:#1b1f24;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>',
    `</head><body>${safeHtml}</body></html>`,
  ].join('');
}

/** "512 bytes", "12.3 kB", "4.1 MB" in the interface language's conventions ("512 octets", "12,3 ko"). */
function formatFileSize(bytes: number, language: string): string {
  const format = (value: number, unit: string, unitDisplay: 'long' | 'short' = 'short') => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
  // The short form of bytes reads oddly in English ("67 byte").
  if (bytes < 1000) return format(bytes, 'byte', 'long');
  return bytes < 1_000_000 ? format(bytes / 1000, 'kilobyte') : format(bytes / 1_000_000, 'megabyte');
}
