import {
  REQUIRED_VARIABLES_OF_KIND,
  TEMPLATE_VARIABLES,
  VARIABLES_OF_KIND,
  type EmailLanguage,
  type EmailTemplateKind,
  type EmailTemplateText,
  type TemplateVariable,
} from './email-templates.defaults.js';
import { fillVariables as fillTemplateVariables, findVariables } from '../../../shared/template-variables.js';

export type TemplateValues = Partial<Record<TemplateVariable, string>>;

export interface RenderEmailInput {
  template: EmailTemplateText;
  footer: string;
  language: EmailLanguage;
  /** `#rrggbb`. */
  accentColor: string;
  workspaceName: string;
  ticketNumber: number;
  values: TemplateValues;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export { findVariables };

/**
 * What is wrong with a template an admin wrote, as `{ path, message }` (empty when nothing is): variables that do
 * not exist or that this kind cannot fill, and required ones left out.
 */
export function checkTemplate(kind: EmailTemplateKind, template: EmailTemplateText, path: string): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const allowed = VARIABLES_OF_KIND[kind] as readonly string[];
  for (const field of ['subject', 'body'] as const) {
    for (const name of new Set(findVariables(template[field]))) {
      if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) problems.push({ path: `${path}.${field}`, message: `unknown variable {{${name}}}; known: ${allowed.map((item) => `{{${item}}}`).join(', ')}` });
      else if (!allowed.includes(name)) problems.push({ path: `${path}.${field}`, message: `{{${name}}} has no value in this kind of email; use one of ${allowed.map((item) => `{{${item}}}`).join(', ')}` });
    }
  }
  for (const name of REQUIRED_VARIABLES_OF_KIND[kind]) {
    if (!findVariables(template.body).includes(name)) problems.push({ path: `${path}.body`, message: `the body must include {{${name}}}` });
  }
  return problems;
}

/** Replaces each variable by its value; a variable without one becomes empty. */
export function fillVariables(text: string, values: TemplateValues): string {
  return fillTemplateVariables(text, values);
}

/**
 * The subject as sent: one line, a single "Re:" however many the ticket's subject already had, and always the
 * ticket number as `[#1234]`, which lets a reply find its ticket when the mail program dropped the headers.
 */
export function finishSubject(subject: string, ticketNumber: number): string {
  let line = subject.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  line = line.replace(/^(?:re\s*:\s*){2,}/i, 'Re: ');
  const reference = `[#${ticketNumber}]`;
  if (!line.includes(reference)) line = line ? `${line} ${reference}` : reference;
  return line;
}

/** A multipart email's two bodies from one template: plain text, and HTML in the workspace's colours. */
export function renderEmail(input: RenderEmailInput): RenderedEmail {
  const subject = finishSubject(fillVariables(input.template.subject, input.values), input.ticketNumber);
  const body = normaliseNewlines(fillVariables(input.template.body, input.values)).trim();
  const footer = normaliseNewlines(fillVariables(input.footer, input.values)).trim();
  const text = footer ? `${body}\n\n-- \n${footer}\n` : `${body}\n`;
  return { subject, text, html: htmlLayout({ ...input, subject, body, footer }) };
}

function htmlLayout(input: { language: EmailLanguage; accentColor: string; workspaceName: string; subject: string; body: string; footer: string }): string {
  const accent = /^#[0-9a-f]{6}$/i.test(input.accentColor) ? input.accentColor : '#2563eb';
  const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const paragraphs = toParagraphs(input.body, accent)
    .map((paragraph) => `<p style="margin:0 0 16px;${font};font-size:15px;line-height:1.5;color:#1f2328;">${paragraph}</p>`)
    .join('\n');
  const footer = input.footer
    ? `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${font};font-size:13px;line-height:1.5;color:#57606a;">${toParagraphs(input.footer, accent).join('<br><br>')}</td></tr>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="${input.language === 'fr' ? 'fr-CA' : 'en'}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">',
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:6px;border-top:4px solid ${accent};">`,
    `<tr><td style="padding:20px 24px 8px;${font};font-size:16px;font-weight:600;color:#1f2328;">${escapeHtml(input.workspaceName)}</td></tr>`,
    `<tr><td style="padding:8px 24px 8px;">\n${paragraphs}\n</td></tr>`,
    footer,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Blank lines separate paragraphs, single newlines become line breaks; addresses become links. */
function toParagraphs(text: string, accent: string): string[] {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => linkify(escapeHtml(paragraph), accent).replace(/\n/g, '<br>\n'));
}

function linkify(escaped: string, accent: string): string {
  return escaped.replace(/https?:\/\/[^\s<>"']+/g, (found) => {
    const url = found.replace(/[.,;:!?)\]]+$/, '');
    const rest = found.slice(url.length);
    return `<a href="${url}" style="color:${accent};">${url}</a>${rest}`;
  });
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
