import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEmail } from './email-classifier.js';
import { htmlToText, sanitizeEmailHtml, visibleReplyText } from './email-content.js';
import { messageIdsOf, parseEmail } from './email-parser.js';
import { ReplyTokens } from './reply-token.js';

function fixture(name: string, values: Record<string, string> = {}): Buffer {
  let text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

const notOurs = { mailFrom: 'someone@example.com', isOwnAddress: (address: string) => address.endsWith('@localhost') };

describe('reading a message', () => {
  it('decodes a base64 UTF-8 body and Latin-1 quoted-printable with mixed-charset encoded words', async () => {
    const french = await parseEmail(fixture('outlook-reply-fr.eml', { TO: 'acme@localhost', NUMBER: '1001' }));
    expect(french.text).toContain('Merci pour votre réponse rapide.');
    expect(french.from).toEqual({ address: 'sophie.gagnon@exemple.qc.ca', name: 'Sophie Gagnon' });
    const latin = await parseEmail(fixture('iso-8859-1-quoted-printable.eml', { TO: 'acme@localhost' }));
    expect(latin.subject).toBe('Réponse à votre demande — élève, ça');
    expect(latin.text).toContain('où en est la livraison ?');
  });

  it('reads the recipients and returned Message-ID of a delivery status report', async () => {
    const report = await parseEmail(fixture('bounce-dsn.eml', { TO: 'acme@localhost', RECIPIENT: 'gone@northwind.example', ORIGINAL_MESSAGE_ID: 'sent-1@localhost', NUMBER: '1001' }));
    expect(report.contentType).toBe('multipart/report');
    expect(report.deliveryReport).toEqual({
      recipients: [{ recipient: 'gone@northwind.example', action: 'failed', status: '5.1.1', diagnostic: expect.stringContaining('550 5.1.1') }],
      originalMessageIds: ['sent-1@localhost'],
    });
    expect(report.files).toEqual([]);
  });

  it('reads what it can of a multipart body whose boundary is wrong, and says it was malformed', async () => {
    const broken = await parseEmail(fixture('malformed-mime.eml', { TO: 'acme@localhost', MESSAGE_ID: 'm@x' }));
    expect(broken.isMalformed).toBe(true);
    expect(broken.text).toContain('Missing orders: 1201, 1202 and 1207.');
    expect(broken.text).not.toContain('not base64');
    expect(broken.sentAt).toBeNull();
  });

  it('reads Message-IDs in brackets, several per header, or bare', () => {
    expect(messageIdsOf('<a@x> <b@y>\r\n <c@z>')).toEqual(['a@x', 'b@y', 'c@z']);
    expect(messageIdsOf(['<a@x>', '<a@x>'])).toEqual(['a@x']);
    expect(messageIdsOf('bare@x')).toEqual(['bare@x']);
    expect(messageIdsOf('some text')).toEqual([]);
  });
});

describe('the new part of a reply', () => {
  it('drops "On … wrote:" quotes, Outlook and French Outlook headers, and phone signatures', () => {
    expect(visibleReplyText('Yes please.\n\nOn Mon, Nov 23, 2026 at 4:02 PM Acme <a@b.c> wrote:\n\n> Shall we?\n')).toBe('Yes please.');
    expect(visibleReplyText('Done.\n\n-----Original Message-----\nFrom: Acme <a@b.c>\nSent: Monday\n\nOld text\n')).toBe('Done.');
    expect(visibleReplyText('Merci.\n\nDe : Acme <a@b.c>\nEnvoyé : lundi\nÀ : Moi <m@b.c>\nObjet : Question\n\nVieux texte\n')).toBe('Merci.');
    expect(visibleReplyText('Parfait, merci.\n\nEnvoyé de mon iPhone\n')).toBe('Parfait, merci.');
    expect(visibleReplyText('Thanks!\n-- \nJane Doe\nAcme Corp\n')).toBe('Thanks!');
  });

  it('keeps a message that quotes nothing whole, however long', () => {
    const long = Array.from({ length: 2000 }, (_value, index) => `Line ${index} of a long report.`).join('\n');
    expect(visibleReplyText(long)).toBe(long);
    expect(visibleReplyText('> only a quote\n')).toBe('> only a quote');
  });

  it('cuts the quoted history of a long thread, and keeps long lines of the new part', () => {
    const paragraph = 'This paragraph is long. '.repeat(40).trim();
    const history = Array.from({ length: 3000 }, (_value, index) => `> older message line ${index}`).join('\n');
    expect(visibleReplyText(`${paragraph}\n\nOn Tue, Nov 24, 2026 at 9:00 AM Acme <a@b.c> wrote:\n\n${history}\n`)).toBe(paragraph);
  });

  it('stays fast on text crafted to make the reply patterns backtrack', () => {
    const started = performance.now();
    visibleReplyText('a on b at c '.repeat(3000));
    visibleReplyText(`${'2026 from <'.repeat(100)}\n`.repeat(300));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('sanitising HTML', () => {
  it('keeps formatting, links and inline images, and drops everything that runs or loads', () => {
    const html = sanitizeEmailHtml(
      '<p onclick="x()">Hi <b>there</b> <a href="javascript:alert(1)">bad</a> <a href="https://ok.example">ok</a></p><img src="cid:logo@x" alt="logo"><img src="https://track.example/p.gif"><script>alert(1)</script><form action="https://evil.example"><input name="p"></form>',
      new Map([['logo@x', '/api/v1/attachments/abc/content']]),
    );
    expect(html).toBe('<p>Hi <b>there</b> <a target="_blank" rel="noopener noreferrer nofollow">bad</a> <a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">ok</a></p><img alt="logo" src="/api/v1/attachments/abc/content" />');
    expect(htmlToText(html)).toBe('Hi there bad ok');
  });

  it('turns blocks and lists into lines, and decodes entities', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3</p><ul><li>one</li><li>two</li></ul><div>a</div><div>b</div>')).toBe('Tom & Jerry <3\n\n- one\n- two\n\na\nb');
  });
});

describe('what kind of mail it is', () => {
  const base = async (headers: string, from = 'Jane <jane@example.com>') =>
    parseEmail(Buffer.from(`From: ${from}\r\nTo: acme@localhost\r\nSubject: Hello\r\nMessage-ID: <${randomUUID()}@example.com>\r\n${headers}\r\nHello there\r\n`));

  it('tells conversations from auto-replies, bulk mail, system senders and our own mail', async () => {
    expect(classifyEmail(await base(''), notOurs)).toEqual({ kind: 'conversation' });
    expect(classifyEmail(await base('Auto-Submitted: no\r\n'), notOurs)).toEqual({ kind: 'conversation' });
    expect(classifyEmail(await base('Auto-Submitted: auto-replied\r\n'), notOurs)).toEqual({ kind: 'automated', reason: 'auto_submitted' });
    expect(classifyEmail(await base('Auto-Submitted: auto-generated; owner-email="x@y"\r\n'), notOurs)).toEqual({ kind: 'automated', reason: 'auto_submitted' });
    expect(classifyEmail(await base('X-Autoreply: yes\r\n'), notOurs)).toEqual({ kind: 'automated', reason: 'auto_submitted' });
    for (const precedence of ['bulk', 'junk', 'list', 'Bulk']) {
      expect(classifyEmail(await base(`Precedence: ${precedence}\r\n`), notOurs)).toEqual({ kind: 'automated', reason: 'bulk' });
    }
    expect(classifyEmail(await base('', 'Postmaster <postmaster@example.com>'), notOurs)).toEqual({ kind: 'automated', reason: 'system_sender' });
    expect(classifyEmail(await base('', 'MAILER-DAEMON@example.com'), notOurs)).toEqual({ kind: 'bounce' });
    expect(classifyEmail(await base(''), { ...notOurs, mailFrom: '' })).toEqual({ kind: 'automated', reason: 'null_sender' });
    expect(classifyEmail(await base('', 'Acme <acme@localhost>'), notOurs)).toEqual({ kind: 'automated', reason: 'own_address' });
  });
});

describe('reply tokens', () => {
  const tokens = new ReplyTokens(randomBytes(32));
  const [workspaceId, ticketId] = [randomUUID(), randomUUID()];

  it('are tied to one ticket of one workspace, and survive a change of case', () => {
    const token = tokens.tokenFor(workspaceId, ticketId, 1042);
    expect(token).toMatch(/^1042-[a-z2-7]{16}$/);
    expect(tokens.parse(token.toUpperCase())).toEqual({ ticketNumber: 1042 });
    expect(tokens.isValid(token.toUpperCase(), workspaceId, ticketId, 1042)).toBe(true);
    expect(tokens.isValid(token, randomUUID(), ticketId, 1042)).toBe(false);
    expect(tokens.isValid(token, workspaceId, randomUUID(), 1042)).toBe(false);
    expect(tokens.isValid(token.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a')), workspaceId, ticketId, 1042)).toBe(false);
    expect(new ReplyTokens(randomBytes(32)).isValid(token, workspaceId, ticketId, 1042)).toBe(false);
    expect(tokens.parse('not-a-token')).toBeUndefined();
  });
});
