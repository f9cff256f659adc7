import { describe, expect, it } from 'vitest';
import { DEFAULT_FOOTERS, DEFAULT_TEMPLATES } from './email-templates.defaults.js';
import { checkTemplate, fillVariables, finishSubject, renderEmail } from './email-templates.render.js';

describe('email template rendering', () => {
  it('fills variables, and leaves a variable without a value empty', () => {
    expect(fillVariables('Hi {{ customer.name }}, #{{ticket.number}} {{agent.name}}!', { 'customer.name': 'Ana', 'ticket.number': '12' })).toBe('Hi Ana, #12 !');
  });

  it('writes one "Re:", one line, and always the ticket number', () => {
    expect(finishSubject('Re: Re: RE : Broken lamp [#1042]', 1042)).toBe('Re: Broken lamp [#1042]');
    expect(finishSubject('Your invoice\r\nBcc: someone@example.com', 7)).toBe('Your invoice Bcc: someone@example.com [#7]');
    expect(finishSubject('', 7)).toBe('[#7]');
  });

  it('escapes everything in the HTML body, keeps line breaks, and links addresses without their trailing punctuation', () => {
    const rendered = renderEmail({
      template: { subject: DEFAULT_TEMPLATES.resolved.en.subject, body: 'Rate us at {{satisfaction.url}}.\n<script>alert(1)</script> & more\n\nSecond paragraph' },
      footer: DEFAULT_FOOTERS.en,
      language: 'en',
      accentColor: '#112233',
      workspaceName: 'Acme <Support>',
      ticketNumber: 5,
      values: { 'satisfaction.url': 'https://help.example.com/satisfaction/abc_DEF-1', 'workspace.name': 'Acme <Support>', 'ticket.subject': 'Hello', 'ticket.number': '5' },
    });
    expect(rendered.subject).toBe('Re: Hello [#5]');
    expect(rendered.html).toContain('<a href="https://help.example.com/satisfaction/abc_DEF-1" style="color:#112233;">https://help.example.com/satisfaction/abc_DEF-1</a>.');
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('Acme &lt;Support&gt;');
    expect(rendered.html.match(/<p /g)).toHaveLength(2);
    expect(rendered.text).toBe('Rate us at https://help.example.com/satisfaction/abc_DEF-1.\n<script>alert(1)</script> & more\n\nSecond paragraph\n\n-- \nYou are receiving this email about your request to Acme <Support>.\n');
  });

  it('accepts the built-in templates and refuses unknown or out-of-place variables', () => {
    for (const [kind, languages] of Object.entries(DEFAULT_TEMPLATES)) {
      for (const template of Object.values(languages)) expect(checkTemplate(kind as keyof typeof DEFAULT_TEMPLATES, template, 'en')).toEqual([]);
    }
    expect(checkTemplate('reply', { subject: '{{ticket.title}}', body: 'no reply here' }, 'en')).toEqual([
      { path: 'en.subject', message: expect.stringContaining('unknown variable {{ticket.title}}') },
      { path: 'en.body', message: 'the body must include {{reply.body}}' },
    ]);
  });
});
