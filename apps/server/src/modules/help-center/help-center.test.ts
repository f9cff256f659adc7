import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { renderArticleHtml, videoEmbedUrlOf } from './help-center.markdown.js';

interface Article {
  id: string;
  slug: string;
  title: string;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
}
interface Customer {
  id: string;
  email: string | null;
  name: string;
  language: string;
}

const ARTICLE_BODY = [
  'Follow these steps:',
  '',
  '1. Open **Settings**',
  '2. Choose *Reset password*',
  '',
  '<script>alert("stolen")</script>',
  '',
  '| Plan | Resets per day |',
  '|------|----------------|',
  '| Basic | 3 |',
  '',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  '',
  '<iframe src="https://tracker.example.com/frame"></iframe>',
  '',
  '![The settings page](https://cdn.example.com/settings.png)',
].join('\n');

describe('the public help center: pages without sign-in, search, articles, votes and the contact form', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let reset: Article;
  let resetFr: Article;
  let refundFr: Article;
  let lonely: Article;
  let otherArticle: Article;
  let address = 0;

  /** Each contact form test writes from its own address (the server trusts X-Forwarded-For here), apart from the rate limit's. */
  const nextAddress = () => `198.51.100.${++address}`;
  const open = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers, redirect: 'manual' });
  const submit = (path: string, fields: Record<string, string>, from = nextAddress()) =>
    fetch(new URL(path, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  const articleOf = async (id: string) => (await workspace.admin.get<Article>(`/api/v1/kb/articles/${id}`)).body;
  const webTickets = async (of: TestWorkspace) => (await of.admin.get<PageOf<Ticket>>('/api/v1/tickets?channel=web&limit=100')).body.data;

  async function createArticle(of: TestWorkspace, input: Record<string, unknown>): Promise<Article> {
    const created = await of.admin.post<Article>('/api/v1/kb/articles', { status: 'published', ...input });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'true' } });
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme Outdoors' });
    await other.admin.patch('/api/v1/workspace', { name: 'Globex' });

    const category = (await workspace.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Your account', nameFr: 'Votre compte', slug: 'account' })).body;
    const passwords = (await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.id, nameEn: 'Passwords', nameFr: 'Mots de passe', slug: 'passwords' })).body;
    const billing = (await workspace.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.id, nameEn: 'Billing', nameFr: 'Facturation', slug: 'billing' })).body;
    reset = await createArticle(workspace, { sectionId: passwords.id, language: 'en', title: 'Reset your password', body: ARTICLE_BODY });
    resetFr = await createArticle(workspace, { sectionId: passwords.id, language: 'fr', title: 'Réinitialiser votre mot de passe', body: 'Ouvrez **Paramètres**, puis choisissez *Réinitialiser*.', translationOf: reset.id });
    refundFr = await createArticle(workspace, { sectionId: billing.id, language: 'fr', title: 'Demander un remboursement', body: 'Vos achats sont remboursés en cinq jours ouvrables. La sécurité de votre paiement est garantie.' });
    lonely = await createArticle(workspace, { sectionId: billing.id, language: 'en', title: 'Download an invoice', body: 'Invoices are under **Billing**.' });
    await createArticle(workspace, { sectionId: billing.id, language: 'en', title: 'Upcoming pricing draft', slug: 'upcoming-pricing', body: 'Not yet.', status: 'draft' });
    await createArticle(workspace, { sectionId: billing.id, language: 'en', title: 'Escalation playbook for refunds', slug: 'escalation-playbook', body: 'Staff only: escalate refunds above $500.', visibility: 'internal' });

    const otherCategory = (await other.admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Globex basics', slug: 'basics' })).body;
    const otherSection = (await other.admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: otherCategory.id, nameEn: 'Getting started', slug: 'getting-started' })).body;
    otherArticle = await createArticle(other, { sectionId: otherSection.id, language: 'en', title: 'Globex secret launch plan', slug: 'launch-plan', body: 'Password resets at Globex.' });
  });
  afterAll(() => server?.close());

  it('shows the home page in English: the workspace name, a search box, categories, sections and published public articles only', async () => {
    const page = await open(`/help/${workspace.slug}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Acme Outdoors Help Center</title>');
    expect(html).toMatch(/<meta name="description" content="[^"]+Acme Outdoors/);
    expect(html).toMatch(new RegExp(`<link rel="canonical" href="https?://[^"]+/help/${workspace.slug}">`));
    expect(html).toContain(`hreflang="fr-CA" href="`);
    expect(html).toContain(`action="/help/${workspace.slug}/search"`);
    expect(html).toContain('<label for="q">Search the help center</label>');
    expect(html).toContain('<main id="content">');
    expect(html).toContain('<section id="topic-account" aria-labelledby="topic-account-title">');
    expect(html).toContain(`<a href="/help/${workspace.slug}/sections/passwords">Passwords</a>`);
    expect(html).toContain(`<a href="/help/${workspace.slug}/articles/reset-your-password">Reset your password</a>`);
    expect(html).toContain('Download an invoice');
    expect(html).not.toContain('Upcoming pricing draft');
    expect(html).not.toContain('Escalation playbook');
    expect(html).not.toContain('Réinitialiser');
    expect(html).toContain(`href="/help/${workspace.slug}/fr" hreflang="fr-CA" lang="fr-CA" rel="alternate">Français</a>`);
    expect(html).toContain(`<a href="/help/${workspace.slug}/contact">Contact us</a>`);
  });

  it('wears the chat widget’s colour and logo when chat has them, allowed by the policy’s hashes', async () => {
    expect((await other.admin.patch('/api/v1/chat/settings', { accentColor: '#FFCC00', logoUrl: 'https://cdn.example.com/globex.png' })).status).toBe(200);
    const page = await open(`/help/${other.slug}`);
    const html = await page.text();
    expect(html).toContain('<style>:root{--accent:#ffcc00;--on-accent:#000}</style>');
    expect(html).toContain('<img src="https://cdn.example.com/globex.png" alt=""><span>Globex Help Center</span>');
    expect(page.headers.get('content-security-policy')).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+';/);
  });

  it('shows the French home page with the French names and the French articles', async () => {
    const html = await (await open(`/help/${workspace.slug}/fr`)).text();
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('<title>Centre d’aide Acme Outdoors</title>');
    expect(html).toContain('Votre compte');
    expect(html).toContain('Mots de passe');
    expect(html).toContain(`<a href="/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe">Réinitialiser votre mot de passe</a>`);
    expect(html).toContain('Demander un remboursement');
    expect(html).not.toContain('Download an invoice');
    expect(html).toContain('<label for="q">Chercher dans le centre d’aide</label>');
    expect(html).toContain(`href="/help/${workspace.slug}" hreflang="en" lang="en" rel="alternate">English</a>`);
    expect(html).toContain('Nous joindre');
  });

  it('lists a section’s articles on its own page, with breadcrumbs', async () => {
    const html = await (await open(`/help/${workspace.slug}/sections/billing`)).text();
    expect(html).toContain('<h1>Billing</h1>');
    expect(html).toContain('<nav class="breadcrumbs" aria-label="Breadcrumb">');
    expect(html).toContain('Download an invoice');
    expect(html).not.toContain('Demander un remboursement');
    expect((await open(`/help/${workspace.slug}/sections/nowhere`)).status).toBe(404);
  });

  it('searches in French with stemming and accents ignored, marks the words found, and leaves out other languages, drafts and internal articles', async () => {
    const stemmed = await open(`/help/${workspace.slug}/fr/search?q=${encodeURIComponent('remboursés')}`);
    expect(stemmed.status).toBe(200);
    const html = await stemmed.text();
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain(`<a href="/help/${workspace.slug}/fr/articles/demander-un-remboursement">Demander un remboursement</a>`);
    expect(html).toMatch(/<mark>rembours[ée]s<\/mark>/);
    expect(html).toContain('1 article trouvé.');
    expect(html).toContain('value="remboursés"');
    expect(html).toContain('<meta name="robots" content="noindex">');

    const unaccented = await (await open(`/help/${workspace.slug}/fr/search?q=securite`)).text();
    expect(unaccented).toContain('Demander un remboursement');

    const english = await (await open(`/help/${workspace.slug}/search?q=refunds`)).text();
    expect(english).not.toContain('Escalation playbook');
    expect(english).not.toContain('Demander un remboursement');
    expect(english).toContain('No article matches “refunds”.');
    expect(english).toContain(`<a href="/help/${workspace.slug}/contact">send us a message</a>`);

    const draft = await (await open(`/help/${workspace.slug}/search?q=pricing`)).text();
    expect(draft).not.toContain('Upcoming pricing draft');
  });

  it('answers suggestions as JSON for the search box, and the page still carries only its hashed script', async () => {
    const answer = await open(`/help/${workspace.slug}/suggest?q=password&lang=en`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: [{ title: 'Reset your password', url: `/help/${workspace.slug}/articles/reset-your-password` }] });
    expect(await (await open(`/help/${workspace.slug}/suggest?q=mot%20de%20passe&lang=fr`)).json()).toEqual({
      data: [{ title: 'Réinitialiser votre mot de passe', url: `/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe` }],
    });
    expect(await (await open(`/help/${workspace.slug}/suggest?q=p&lang=en`)).json()).toEqual({ data: [] });
    expect(await (await open(`/help/${workspace.slug}/suggest?q=playbook&lang=en`)).json()).toEqual({ data: [] });
    expect((await open(`/help/no-such-workspace/suggest?q=password`)).status).toBe(404);
  });

  it('renders an article’s Markdown, strips its script and foreign frames, shows breadcrumbs and links its translation', async () => {
    const page = await open(`/help/${workspace.slug}/articles/reset-your-password`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Reset your password — Acme Outdoors Help Center</title>');
    expect(html).toContain('<h1>Reset your password</h1>');
    expect(html).toContain('<ol>\n<li>Open <strong>Settings</strong></li>');
    expect(html).toContain('<table>');
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('<img src="https://cdn.example.com/settings.png" alt="The settings page"');
    expect(html).not.toContain('alert("stolen")');
    expect(html).not.toContain('tracker.example.com');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>');
    expect(html).toContain(`<a href="/help/${workspace.slug}#topic-account">Your account</a>`);
    expect(html).toContain(`<a href="/help/${workspace.slug}/sections/passwords">Passwords</a>`);
    expect(html).toMatch(new RegExp(`<link rel="alternate" hreflang="fr-CA" href="[^"]*/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe">`));
    expect(html).toContain(`href="/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe" hreflang="fr-CA" lang="fr-CA" rel="alternate">Français</a>`);
    expect(html).toContain('<meta name="description" content="Follow these steps: Open Settings Choose Reset password');

    const french = await (await open(`/help/${workspace.slug}/fr/articles/reinitialiser-votre-mot-de-passe`)).text();
    expect(french).toContain('Cet article vous a-t-il été utile?');
    expect(french).toContain(`<a href="/help/${workspace.slug}/fr/sections/passwords">Mots de passe</a>`);
    expect(french).toContain(`href="/help/${workspace.slug}/articles/reset-your-password" hreflang="en" lang="en" rel="alternate">English</a>`);
  });

  it('links an article without a translation to the other language’s home, without an alternate', async () => {
    const html = await (await open(`/help/${workspace.slug}/articles/${lonely.slug}`)).text();
    expect(html).not.toContain('<link rel="alternate"');
    expect(html).toContain(`href="/help/${workspace.slug}/fr" hreflang="fr-CA" lang="fr-CA">Français</a>`);
  });

  it('counts each reading of an article', async () => {
    const before = (await articleOf(resetFr.id)).viewCount;
    await (await open(`/help/${workspace.slug}/fr/articles/${resetFr.slug}`)).text();
    await (await open(`/help/${workspace.slug}/fr/articles/${resetFr.slug}`)).text();
    expect((await articleOf(resetFr.id)).viewCount).toBe(before + 2);
  });

  it('answers 404 pages for drafts, internal articles, another language’s slug and unknown workspaces', async () => {
    for (const path of [`/help/${workspace.slug}/articles/upcoming-pricing`, `/help/${workspace.slug}/articles/escalation-playbook`, `/help/${workspace.slug}/fr/articles/reset-your-password`]) {
      const page = await open(path);
      expect(page.status, path).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).not.toContain('Staff only');
      expect(html).toMatch(/Page not found|Page introuvable/);
    }
    const unknown = await open('/help/no-such-workspace');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('There is no help center at this address.');
    const unknownFrench = await open('/help/no-such-workspace/fr/contact');
    expect(unknownFrench.status).toBe(404);
    const french = await unknownFrench.text();
    expect(french).toContain('<html lang="fr-CA">');
    expect(french).toContain('Il n’y a aucun centre d’aide à cette adresse.');
    const strayPath = await open(`/help/${workspace.slug}/nothing/here`);
    expect(strayPath.status).toBe(404);
    expect(await strayPath.text()).toContain('Acme Outdoors Help Center');
  });

  it('counts “was this helpful?” votes, then thanks the visitor without counting another view', async () => {
    const before = await articleOf(lonely.id);
    const voted = await submit(`/help/${workspace.slug}/articles/${lonely.slug}/feedback`, { helpful: 'yes', workspace: workspace.slug });
    expect(voted.status).toBe(303);
    expect(voted.headers.get('location')).toBe(`/help/${workspace.slug}/articles/${lonely.slug}?voted=1#feedback`);
    const thanks = await (await open(voted.headers.get('location')!)).text();
    expect(thanks).toContain('Thank you for your feedback!');
    expect(thanks).not.toContain('name="helpful"');
    expect((await submit(`/help/${workspace.slug}/articles/${lonely.slug}/feedback`, { helpful: 'no', workspace: workspace.slug })).status).toBe(303);
    const after = await articleOf(lonely.id);
    expect(after).toMatchObject({ helpfulYes: before.helpfulYes + 1, helpfulNo: before.helpfulNo + 1, viewCount: before.viewCount });

    // A vote for a draft, or from another workspace's page, counts nothing.
    expect((await submit(`/help/${workspace.slug}/articles/upcoming-pricing/feedback`, { helpful: 'yes', workspace: workspace.slug })).status).toBe(404);
    expect((await submit(`/help/${workspace.slug}/articles/${lonely.slug}/feedback`, { helpful: 'yes', workspace: other.slug })).status).toBe(400);
    expect((await articleOf(lonely.id)).helpfulYes).toBe(before.helpfulYes + 1);
  });

  it('serves an accessible contact form whose robot trap is hidden from people', async () => {
    const html = await (await open(`/help/${workspace.slug}/fr/contact`)).text();
    expect(html).toContain('<h1>Nous joindre</h1>');
    for (const [id, label] of [['contact-name', 'Votre nom'], ['contact-email', 'Adresse courriel'], ['contact-subject', 'Objet'], ['contact-message', 'Comment pouvons-nous vous aider?']]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<div class="hp" aria-hidden="true"><label for="contact-website">Laissez ce champ vide</label><input id="contact-website" name="website" type="text" tabindex="-1"');
    expect(html).toContain(`<input type="hidden" name="workspace" value="${workspace.slug}">`);
  });

  it('opens a web ticket from the contact form, for the customer with that address, in the page’s language', async () => {
    const existing = (await workspace.admin.post<Customer>('/api/v1/customers', { name: 'Chloé Tremblay', email: 'chloe@example.com' })).body;
    const answer = await submit(`/help/${workspace.slug}/fr/contact`, { name: 'Chloé T.', email: 'Chloe@Example.com', subject: 'Facture en double', message: 'J’ai reçu deux factures.', website: '', workspace: workspace.slug });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    const number = Number(/Votre demande n° (\d+) a bien été reçue/.exec(html)?.[1]);
    expect(number).toBeGreaterThan(0);
    const ticket = (await webTickets(workspace)).find((candidate) => candidate.number === number)!;
    expect(ticket).toMatchObject({ subject: 'Facture en double', description: 'J’ai reçu deux factures.', channel: 'web', customerId: existing.id, language: 'fr', tags: ['help-center'] });

    await submit(`/help/${workspace.slug}/contact`, { name: 'Sam New', email: 'sam.new@example.com', subject: 'Where is my order?', message: 'Order 1234 has not arrived.', workspace: workspace.slug });
    const created = (await webTickets(workspace)).find((candidate) => candidate.subject === 'Where is my order?')!;
    const customer = (await workspace.admin.get<Customer>(`/api/v1/customers/${created.customerId}`)).body;
    expect(customer).toMatchObject({ name: 'Sam New', email: 'sam.new@example.com', language: 'en' });
  });

  it('accepts a form whose robot trap is filled, and creates nothing', async () => {
    const before = (await webTickets(workspace)).length;
    const answer = await submit(`/help/${workspace.slug}/contact`, { name: 'Bot', email: 'bot@spam.example', subject: 'Cheap watches', message: 'Buy now', website: 'https://spam.example', workspace: workspace.slug });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Thank you! Your message has been received.');
    expect(await webTickets(workspace)).toHaveLength(before);
    const customers = (await workspace.admin.get<PageOf<Customer>>('/api/v1/customers?limit=100')).body.data;
    expect(customers.some((customer) => customer.email === 'bot@spam.example')).toBe(false);
  });

  it('shows the form again with each problem and what was typed, never a server error', async () => {
    const answer = await submit(`/help/${workspace.slug}/contact`, { name: '  ', email: 'not-an-address', subject: 'Question about <b>orders</b>', message: 'Line one\nLine "two"', workspace: workspace.slug });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('<p class="field-error" id="contact-name-error">Fill in this field.</p>');
    expect(html).toContain('<p class="field-error" id="contact-email-error">Enter an email address such as name@example.com.</p>');
    expect(html).toContain('aria-invalid="true" aria-describedby="contact-email-error"');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="Question about &lt;b&gt;orders&lt;/b&gt;"');
    expect(html).toContain('>Line one\nLine &quot;two&quot;</textarea>');
    expect(html).toContain('<a href="#contact-name">Your name</a>');

    const tooLong = await submit(`/help/${workspace.slug}/fr/contact`, { name: 'A', email: 'a@example.com', subject: 'x'.repeat(201), message: 'Bonjour', workspace: workspace.slug });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Gardez-le sous 200 caractères.');

    const notAForm = await fetch(new URL(`/help/${workspace.slug}/contact`, server.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() }, body: '{"name": 3' });
    expect(notAForm.status).toBe(400);
    expect(notAForm.headers.get('content-type')).toContain('text/html');
  });

  it('refuses a form shown by another workspace’s help center', async () => {
    const before = [(await webTickets(workspace)).length, (await webTickets(other)).length];
    const answer = await submit(`/help/${other.slug}/contact`, { name: 'Ann', email: 'ann@example.com', subject: 'Hello', message: 'Hi', workspace: workspace.slug });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('This form belongs to another help center.');
    expect(html).toContain('value="Ann"');
    expect([(await webTickets(workspace)).length, (await webTickets(other)).length]).toEqual(before);
  });

  it('limits contact messages to 5 per address in 10 minutes, answering a readable 429 page', async () => {
    const from = '203.0.113.77';
    const fields = { name: 'Flood', email: 'flood@example.com', subject: 'Again', message: 'Again and again', workspace: workspace.slug };
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await submit(`/help/${workspace.slug}/fr/contact`, fields, from)).status).toBe(200);
    const refused = await submit(`/help/${workspace.slug}/fr/contact`, fields, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('text/html');
    const html = await refused.text();
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toMatch(/Réessayez dans \d+ minutes?\./);
    // Another address is not held back.
    expect((await submit(`/help/${workspace.slug}/contact`, fields, '203.0.113.78')).status).toBe(200);
  });

  it('keeps each workspace’s articles to its own help center', async () => {
    expect((await open(`/help/${workspace.slug}/articles/${otherArticle.slug}`)).status).toBe(404);
    const otherHome = await (await open(`/help/${other.slug}`)).text();
    expect(otherHome).toContain('Globex secret launch plan');
    expect(otherHome).not.toContain('Reset your password');
    const search = await (await open(`/help/${workspace.slug}/search?q=Globex`)).text();
    expect(search).not.toContain('Globex secret launch plan');
    expect(await (await open(`/help/${other.slug}/suggest?q=password&lang=en`)).json()).toEqual({ data: [{ title: 'Globex secret launch plan', url: `/help/${other.slug}/articles/launch-plan` }] });
  });
});

describe('help center Markdown', () => {
  it('embeds YouTube and Vimeo videos from a link on its own line, and only those hosts', () => {
    expect(videoEmbedUrlOf('https://youtu.be/dQw4w9WgXcQ')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(videoEmbedUrlOf('https://vimeo.com/76979871')).toBe('https://player.vimeo.com/video/76979871');
    expect(videoEmbedUrlOf('https://example.com/watch?v=dQw4w9WgXcQ')).toBeUndefined();
    expect(renderArticleHtml('[Demo](https://vimeo.com/76979871)')).toContain('<iframe src="https://player.vimeo.com/video/76979871" title="Demo"');
    expect(renderArticleHtml('See [the demo](https://vimeo.com/76979871) first.')).not.toContain('<iframe');
    expect(renderArticleHtml('<iframe src="https://player.vimeo.com/video/76979871" onload="steal()"></iframe>')).not.toContain('onload');
  });

  it('keeps numbered steps, code and links, and removes what could run', () => {
    const html = renderArticleHtml('# Title\n\n3. Third\n4. Fourth\n\n`code`\n\n[x](javascript:alert(1)) <a href="https://example.com" onclick="x()">site</a>\n\n<img src="https://cdn.example.com/a.png" onerror="x()">');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<ol start="3">');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a>x</a>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer">site</a>');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('onclick');
  });
});
