import type { SwitchboardClient } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, PageOf, Ticket } from '../../../test/fixtures.js';
import { startTestServer, type TestServer, type TestWorkspace } from '../../../test/harness.js';
import { startOutsideMailServer, type OutsideMailServer } from '../../../test/outside-mail-server.js';
import { recordResponses, type ResponseLog } from '../../../test/response-log.js';
import type { CommunityMember } from './community.service.js';

interface Category {
  id: string;
  slug: string;
  nameEn: string;
  nameFr: string;
  topicCount: number;
}
interface Reply {
  id: string;
  body: string;
  isHidden: boolean;
  hiddenReason: string | null;
  isAccepted: boolean;
  voteScore: number;
  author: { kind: string; name: string };
}
interface Topic {
  id: string;
  number: number;
  categoryId: string;
  title: string;
  language: string;
  status: string;
  isHidden: boolean;
  hiddenReason: string | null;
  voteScore: number;
  replyCount: number;
  acceptedReplyId: string | null;
  convertedTicket: { id: string; number: number } | null;
  publicUrl: string;
  author: { kind: string; name: string; customerId: string | null };
  replies: Reply[];
}
interface Conversion {
  ticket: { id: string; number: number };
  isNew: boolean;
  topic: Topic;
}
interface AuditEntry {
  action: string;
  actorType: string;
  actorId: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

describe('community forums: categories, topics, replies, votes, accepted answers, moderation and conversion to tickets', () => {
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let log: ResponseLog;
  let agent: { userId: string; client: SwitchboardClient };
  let viewer: { userId: string; client: SwitchboardClient };
  let reviewer: { userId: string; client: SwitchboardClient };
  let printers: Category;
  let billing: Category;
  let marie: CommunityMember;
  let jordan: CommunityMember;
  let sam: CommunityMember;
  let address = 0;

  /** Pages answered with a server fault (app.inject bypasses the fetch log). */
  const pageFaults: string[] = [];
  const nextAddress = () => `203.0.113.${++address}`;
  const inject = async (options: { method: 'GET' | 'POST'; url: string; payload?: string; headers?: Record<string, string> }) => {
    const response = await server.app.inject(options);
    if (response.statusCode >= 500) pageFaults.push(`${options.method} ${options.url} -> ${response.statusCode}`);
    return response;
  };
  const page = (url: string, headers: Record<string, string> = {}) => inject({ method: 'GET', url, headers: { 'x-forwarded-for': nextAddress(), ...headers } });
  const topicOf = async (id: string) => (await workspace.admin.get<Topic>(`/api/v1/community/topics/${id}`)).body;

  async function newCustomer(of: TestWorkspace, name: string, email: string, language: 'en' | 'fr' = 'en'): Promise<CommunityMember> {
    const created = await of.admin.post<{ id: string }>('/api/v1/customers', { name, email, language });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { workspaceId: of.workspaceId, customerId: created.body.id, name };
  }

  /** A topic as a signed-in customer posts it from the help center (the service the page's form calls). */
  async function postTopic(of: TestWorkspace, member: CommunityMember, input: { category: string; title: string; body: string; language?: 'en' | 'fr' }): Promise<Topic> {
    const center = await server.services.community.open(of.slug);
    const path = await server.services.community.createTopic(center, input.language ?? 'en', member, { workspace: of.slug, category: input.category, title: input.title, body: input.body, website: '' });
    const number = Number(/\/topics\/(\d+)/.exec(path)![1]);
    const listed = await of.admin.get<PageOf<Topic>>('/api/v1/community/topics', { limit: '200' });
    return listed.body.data.find((topic) => topic.number === number)!;
  }

  async function postReply(of: TestWorkspace, member: CommunityMember, topic: Topic, body: string, language: 'en' | 'fr' = 'en'): Promise<Reply> {
    const center = await server.services.community.open(of.slug);
    const path = await server.services.community.replyAsMember(center, language, topic.number, member, { workspace: of.slug, body, website: '' });
    const replyId = /#reply-(.+)$/.exec(path)![1]!;
    return (await of.admin.get<Topic>(`/api/v1/community/topics/${topic.id}`)).body.replies.find((reply) => reply.id === replyId)!;
  }

  async function vote(member: CommunityMember, topic: Topic, state: 'up' | 'none', replyId = '') {
    const center = await server.services.community.open(workspace.slug);
    return server.services.community.vote(center, 'en', topic.number, member, { workspace: workspace.slug, reply: replyId, vote: state });
  }

  beforeAll(async () => {
    log = recordResponses();
    server = await startTestServer({ env: { TRUST_PROXY: 'true' } });
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme POS' });
    agent = await workspace.addUser('agent', 'Émilie Tremblay');
    viewer = await workspace.addUser('viewer', 'Victor Viewer');
    reviewer = await workspace.addUser('reviewer', 'Rita Reviewer');
    printers = (
      await workspace.admin.post<Category>('/api/v1/community/categories', {
        nameEn: 'Printers and card readers',
        nameFr: 'Imprimantes et lecteurs de cartes',
        descriptionEn: 'Receipt printers, cash drawers and card readers.',
        descriptionFr: 'Imprimantes de reçus, tiroirs-caisses et lecteurs de cartes.',
      })
    ).body;
    billing = (await workspace.admin.post<Category>('/api/v1/community/categories', { nameEn: 'Billing', nameFr: 'Facturation', slug: 'billing' })).body;
    marie = await newCustomer(workspace, 'Marie-Ève Tremblay', 'marie@boulangerie.test', 'fr');
    jordan = await newCustomer(workspace, 'Jordan Lee', 'jordan@cafe.test');
    sam = await newCustomer(workspace, 'Sam Patel', 'sam@shop.test');
  });
  afterAll(async () => {
    log?.stop();
    await server?.close();
  });

  it('admins and managers arrange the categories; agents read them; viewers and reviewers are refused', async () => {
    expect(printers).toMatchObject({ slug: 'printers-and-card-readers', nameFr: 'Imprimantes et lecteurs de cartes', topicCount: 0 });
    const listed = await agent.client.get<{ data: Category[] }>('/api/v1/community/categories');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((category) => category.slug)).toEqual(['printers-and-card-readers', 'billing']);

    const byAgent = await agent.client.post<ApiError>('/api/v1/community/categories', { nameEn: 'Ideas' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.code).toBe('forbidden');
    for (const refused of [viewer, reviewer]) {
      const read = await refused.client.get<ApiError>('/api/v1/community/categories');
      expect(read.status).toBe(403);
      expect(read.body.error.details[0]).toMatchObject({ permission: 'community.read' });
    }

    const taken = await workspace.admin.post<ApiError>('/api/v1/community/categories', { nameEn: 'Other billing', slug: 'billing' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('community_slug_taken');
    const nameless = await workspace.admin.post<ApiError>('/api/v1/community/categories', { descriptionEn: 'No name' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'body.nameEn' })] });

    const ideas = await workspace.admin.post<Category>('/api/v1/community/categories', { nameEn: 'Ideas', nameFr: 'Idées' });
    const renamed = await workspace.admin.patch<Category>(`/api/v1/community/categories/${ideas.body.id}`, { nameEn: 'Product ideas' });
    expect(renamed.body).toMatchObject({ nameEn: 'Product ideas', nameFr: 'Idées', slug: 'ideas' });
    expect((await workspace.admin.delete(`/api/v1/community/categories/${ideas.body.id}`)).status).toBe(204);
  });

  it('shows the community in English and in French: categories, topics of the page’s language, and a link from the help center', async () => {
    const english = await postTopic(workspace, jordan, { category: printers.slug, title: 'Receipt printer stops after a few tickets', body: 'My **Star TSP143** prints three receipts, then nothing.\n\n<script>alert(1)</script>' });
    const french = await postTopic(workspace, marie, { category: printers.slug, title: 'Le lecteur de carte refuse les cartes sans contact', body: 'Depuis la mise à jour, le lecteur affiche « Carte refusée ».', language: 'fr' });

    const home = await page(`/help/${workspace.slug}`);
    expect(home.body).toContain(`<a class="community" href="/help/${workspace.slug}/community">Community</a>`);
    expect(home.body).toContain(`<a href="/help/${workspace.slug}/community">Visit the community</a>`);
    const frenchHome = await page(`/help/${workspace.slug}/fr`);
    expect(frenchHome.body).toContain(`<a class="community" href="/help/${workspace.slug}/fr/community">Communauté</a>`);

    const community = await page(`/help/${workspace.slug}/community`);
    expect(community.statusCode).toBe(200);
    const csp = String(community.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-/);
    expect(csp).not.toContain('unsafe-inline');
    expect(community.body).toContain('<html lang="en">');
    expect(community.body).toContain('<title>Acme POS Community</title>');
    expect(community.body).toContain(`<a href="/help/${workspace.slug}/community/categories/printers-and-card-readers">Printers and card readers</a>`);
    expect(community.body).toContain('Receipt printers, cash drawers and card readers.');
    expect(community.body).toContain('1 topic · Latest:');
    expect(community.body).toContain(`<a class="button" href="/help/${workspace.slug}/sign-in?next=${encodeURIComponent(`/help/${workspace.slug}/community`)}">Sign in to post</a>`);
    expect(community.body).toContain(`href="/help/${workspace.slug}/sign-up?next=`);

    const category = await page(`/help/${workspace.slug}/community/categories/printers-and-card-readers`);
    expect(category.statusCode).toBe(200);
    expect(category.body).toContain(`<a class="topic-title" href="/help/${workspace.slug}/community/topics/${english.number}-receipt-printer-stops-after-a-few-tickets">Receipt printer stops after a few tickets</a>`);
    expect(category.body).toContain('By Jordan L. · 0 replies · 0 votes');
    expect(category.body).not.toContain('Jordan Lee');
    expect(category.body).not.toContain('Le lecteur de carte');

    const frenchCategory = await page(`/help/${workspace.slug}/fr/community/categories/printers-and-card-readers`);
    expect(frenchCategory.body).toContain('<html lang="fr-CA">');
    expect(frenchCategory.body).toContain('<h1>Imprimantes et lecteurs de cartes</h1>');
    expect(frenchCategory.body).toContain('Le lecteur de carte refuse les cartes sans contact');
    expect(frenchCategory.body).toContain('Par Marie-Ève T. · 0 réponse · 0 vote');
    expect(frenchCategory.body).toContain('Connectez-vous pour publier');
    expect(frenchCategory.body).not.toContain('Receipt printer');

    const topic = await page(`/help/${workspace.slug}/community/topics/${english.number}`);
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('<h1 id="topic-title">Receipt printer stops after a few tickets</h1>');
    expect(topic.body).toContain('My <strong>Star TSP143</strong> prints three receipts, then nothing.');
    expect(topic.body).not.toContain('<script>alert');
    expect(topic.body).toContain('No replies yet.');
    expect(topic.body).not.toContain('name="body"');
    expect(topic.body).toContain(`/help/${workspace.slug}/sign-in?next=${encodeURIComponent(`/help/${workspace.slug}/community/topics/${english.number}-receipt-printer-stops-after-a-few-tickets`)}`);
    // The same topic under the French pages: the chrome in French, the words as written, marked as English.
    const inFrench = await page(`/help/${workspace.slug}/fr/community/topics/${english.number}`);
    expect(inFrench.body).toContain('<h1 id="topic-title" lang="en">Receipt printer stops after a few tickets</h1>');
    expect(inFrench.body).toContain('Aucune réponse pour l’instant.');
    expect(french.language).toBe('fr');
  });

  it('puts the accepted answer first, badges staff replies, and marks answered topics in the lists', async () => {
    const topic = await postTopic(workspace, sam, { category: printers.slug, title: 'Cash drawer does not open with the sale', body: 'The drawer stays shut when a cash sale ends.' });
    const first = await postReply(workspace, jordan, topic, 'Check that the drawer cable goes into the **printer**, not the computer.');
    const unanswered = async () => (await agent.client.get<PageOf<Topic>>('/api/v1/community/topics', { unanswered: 'true', limit: '200' })).body.data.map((item) => item.id);
    // A customer's reply does not answer it for staff: no accepted answer, no staff reply yet.
    expect(await unanswered()).toContain(topic.id);
    const staff = await agent.client.post<Topic>(`/api/v1/community/topics/${topic.id}/replies`, { body: 'Also turn on *Open drawer on cash* under Settings → Hardware.' });
    expect(staff.status).toBe(201);
    const staffReply = staff.body.replies.find((reply) => reply.author.kind === 'staff')!;
    expect(staffReply.author.name).toBe('Émilie Tremblay');
    expect(await unanswered()).not.toContain(topic.id);

    // Only the author (or staff) accepts; the author picks the first reply.
    const center = await server.services.community.open(workspace.slug);
    await expect(server.services.community.acceptAsAuthor(center, 'en', topic.number, jordan, { workspace: workspace.slug, reply: first.id })).rejects.toMatchObject({ code: 'community_not_topic_author' });
    await server.services.community.acceptAsAuthor(center, 'en', topic.number, sam, { workspace: workspace.slug, reply: first.id });
    expect((await topicOf(topic.id)).acceptedReplyId).toBe(first.id);

    const shown = await page(`/help/${workspace.slug}/community/topics/${topic.number}`);
    const body = shown.body;
    expect(body).toContain('<span class="badge answered">Answered</span>');
    expect(body).toContain('<h2 id="accepted-title">Accepted answer</h2>');
    expect(body.indexOf('drawer cable goes into')).toBeLessThan(body.indexOf('Open drawer on cash'));
    expect(body).toMatch(/<strong>Émilie Tremblay<\/strong> <span class="badge staff">Staff<\/span>/);
    expect(body).toContain('<strong>Jordan L.</strong>');
    expect(body).toContain('<h2 id="replies-title">1 other reply</h2>');

    const list = await page(`/help/${workspace.slug}/community/categories/${printers.slug}`);
    expect(list.body).toMatch(new RegExp(`Cash drawer does not open with the sale</a> <span class="badge answered">Answered</span>`));

    // Staff may change it; a hidden reply cannot be accepted; hiding the accepted one clears it.
    const byStaff = await agent.client.put<Topic>(`/api/v1/community/topics/${topic.id}/accepted-reply`, { replyId: staffReply.id });
    expect(byStaff.body.acceptedReplyId).toBe(staffReply.id);
    const hidden = await agent.client.post<Topic>(`/api/v1/community/replies/${staffReply.id}/hide`, { reason: 'Wrong setting name' });
    expect(hidden.body.acceptedReplyId).toBeNull();
    const refused = await agent.client.put<ApiError>(`/api/v1/community/topics/${topic.id}/accepted-reply`, { replyId: staffReply.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'replyId' });
    const elsewhere = await agent.client.put<ApiError>(`/api/v1/community/topics/${topic.id}/accepted-reply`, { replyId: '00000000-0000-4000-8000-000000000000' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('community_reply_not_found');
    const cleared = await agent.client.put<Topic>(`/api/v1/community/topics/${topic.id}/accepted-reply`, { replyId: null });
    expect(cleared.body.acceptedReplyId).toBeNull();
  });

  it('counts a vote once however often it is sent, takes it back, and refuses votes for one’s own post', async () => {
    const topic = await postTopic(workspace, jordan, { category: billing.slug, title: 'Invoice shows the wrong GST number', body: 'The GST number on my invoice is my old one.' });
    const reply = await postReply(workspace, sam, topic, 'Same here: it changed after I moved.');
    await vote(marie, topic, 'up');
    await vote(marie, topic, 'up');
    await vote(sam, topic, 'up');
    expect((await topicOf(topic.id)).voteScore).toBe(2);
    await vote(marie, topic, 'none');
    await vote(marie, topic, 'none');
    expect((await topicOf(topic.id)).voteScore).toBe(1);
    await vote(jordan, topic, 'up', reply.id);
    await vote(jordan, topic, 'up', reply.id);
    expect((await topicOf(topic.id)).replies[0]!.voteScore).toBe(1);
    await expect(vote(jordan, topic, 'up')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(vote(sam, topic, 'up', reply.id)).rejects.toMatchObject({ code: 'validation_failed' });

    // The list sorted by votes puts it first.
    const byVotes = await page(`/help/${workspace.slug}/community/categories/billing?sort=votes`);
    expect(byVotes.body).toContain('1 reply · 1 vote');
    expect(byVotes.body).toContain('aria-current="page">Most votes</a>');
  });

  it('keeps hidden topics and replies away from the public: no page, no list, no search; unhiding brings them back', async () => {
    const topic = await postTopic(workspace, jordan, { category: printers.slug, title: 'Scanner beeps twice on every barcode', body: 'The barcode scanner beeps twice and adds the item twice.' });
    const spam = await postReply(workspace, sam, topic, 'Buy cheap scanners at spam.example!');
    const hiddenReply = await agent.client.post<Topic>(`/api/v1/community/replies/${spam.id}/hide`, { reason: 'Advertising' });
    expect(hiddenReply.status).toBe(200);
    expect(hiddenReply.body.replies[0]).toMatchObject({ isHidden: true, hiddenReason: 'Advertising' });
    expect(hiddenReply.body.replyCount).toBe(0);
    const shown = await page(`/help/${workspace.slug}/community/topics/${topic.number}`);
    expect(shown.body).not.toContain('spam.example');
    expect(shown.body).not.toContain('Advertising');

    const hiddenTopic = await agent.client.post<Topic>(`/api/v1/community/topics/${topic.id}/hide`, { reason: 'Duplicate of another topic' });
    expect(hiddenTopic.body).toMatchObject({ isHidden: true, hiddenReason: 'Duplicate of another topic' });
    expect((await page(`/help/${workspace.slug}/community/topics/${topic.number}`)).statusCode).toBe(404);
    expect((await page(`/help/${workspace.slug}/community/categories/${printers.slug}`)).body).not.toContain('Scanner beeps twice');
    expect((await page(`/help/${workspace.slug}/community/search?q=scanner`)).body).not.toContain('Scanner beeps twice');
    const center = await server.services.community.open(workspace.slug);
    await expect(server.services.community.replyAsMember(center, 'en', topic.number, jordan, { workspace: workspace.slug, body: 'Anyone?', website: '' })).rejects.toMatchObject({
      code: 'community_topic_not_found',
    });

    // Staff still see it, and the filters find it.
    const hiddenList = await agent.client.get<PageOf<Topic>>('/api/v1/community/topics', { hidden: 'true' });
    expect(hiddenList.body.data.map((item) => item.id)).toContain(topic.id);
    expect((await agent.client.get<PageOf<Topic>>('/api/v1/community/topics', { hidden: 'false' })).body.data.map((item) => item.id)).not.toContain(topic.id);

    await agent.client.post(`/api/v1/community/topics/${topic.id}/unhide`);
    await agent.client.post(`/api/v1/community/replies/${spam.id}/unhide`);
    const back = await page(`/help/${workspace.slug}/community/topics/${topic.number}`);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('spam.example');

    const audit = (await workspace.admin.get<PageOf<AuditEntry>>('/api/v1/audit-log', { limit: '200' })).body.data;
    expect(audit.find((entry) => entry.action === 'community.reply.hidden' && entry.targetId === spam.id)).toMatchObject({ actorType: 'user', actorId: agent.userId, details: { reason: 'Advertising' } });
    expect(audit.find((entry) => entry.action === 'community.topic.hidden' && entry.targetId === topic.id)).toMatchObject({ details: { reason: 'Duplicate of another topic' } });
    expect(audit.some((entry) => entry.action === 'community.topic.unhidden' && entry.targetId === topic.id)).toBe(true);
  });

  it('shows a locked topic as locked, without a reply form, and refuses new replies; staff can move it and reopen it', async () => {
    const topic = await postTopic(workspace, marie, { category: printers.slug, title: 'Facture en double après un remboursement', body: 'Le client a reçu deux factures.', language: 'fr' });
    const locked = await agent.client.post<Topic>(`/api/v1/community/topics/${topic.id}/lock`);
    expect(locked.body.status).toBe('locked');
    const shown = await page(`/help/${workspace.slug}/fr/community/topics/${topic.number}`);
    expect(shown.body).toContain('<span class="badge locked">Verrouillé</span>');
    expect(shown.body).toContain('Ce sujet est verrouillé : il n’accepte plus de nouvelles réponses.');
    expect(shown.body).not.toContain('Connectez-vous pour publier');
    expect(shown.body).not.toContain('name="body"');
    const center = await server.services.community.open(workspace.slug);
    await expect(server.services.community.replyAsMember(center, 'fr', topic.number, jordan, { workspace: workspace.slug, body: 'Moi aussi', website: '' })).rejects.toMatchObject({
      code: 'community_topic_locked',
    });

    const moved = await agent.client.post<Topic>(`/api/v1/community/topics/${topic.id}/move`, { categoryId: billing.id });
    expect(moved.body.categoryId).toBe(billing.id);
    expect((await page(`/help/${workspace.slug}/fr/community/categories/billing`)).body).toMatch(/Facture en double après un remboursement<\/a> <span class="badge locked">Verrouillé<\/span>/);
    const unknownCategory = await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/move`, { categoryId: other.workspaceId });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.body.error.details[0]).toMatchObject({ path: 'categoryId' });
    // A category with topics stays.
    const notEmpty = await workspace.admin.delete<ApiError>(`/api/v1/community/categories/${billing.id}`);
    expect(notEmpty.status).toBe(409);
    expect(notEmpty.body.error.code).toBe('community_category_not_empty');

    await agent.client.post(`/api/v1/community/topics/${topic.id}/unlock`);
    await postReply(workspace, jordan, topic, 'Moi aussi, depuis hier.', 'fr');
    expect((await topicOf(topic.id)).replyCount).toBe(1);
    const audit = (await workspace.admin.get<PageOf<AuditEntry>>('/api/v1/audit-log', { limit: '200' })).body.data;
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['community.topic.locked', 'community.topic.moved', 'community.topic.unlocked']));
  });

  it('finds topics by their words in English and in French, accents and endings ignored, with the words marked', async () => {
    await postTopic(workspace, marie, { category: printers.slug, title: 'Problème de sécurité avec le terminal', body: 'Le terminal demande un code de sécurité à chaque paiement.', language: 'fr' });
    await postTopic(workspace, jordan, { category: printers.slug, title: 'Printing receipts in two languages', body: 'Can the printer print bilingual receipts for my customers?' });
    const french = await page(`/help/${workspace.slug}/fr/community/search?q=${encodeURIComponent('securite paiements')}`);
    expect(french.statusCode).toBe(200);
    expect(french.body).toContain('Problème de sécurité avec le terminal');
    expect(french.body).toContain('1 sujet trouvé.');
    expect(french.body).toContain('<mark>');
    const english = await page(`/help/${workspace.slug}/community/search?q=printed`);
    expect(english.body).toContain('Printing receipts in two languages');
    expect(english.body).not.toContain('Problème de sécurité');
    const none = await page(`/help/${workspace.slug}/community/search?q=${encodeURIComponent('<b>zebra</b>')}`);
    expect(none.body).toContain('No topic matches “&lt;b&gt;zebra&lt;/b&gt;”.');
    expect((await page(`/help/${workspace.slug}/community/search`)).body).toContain('Type a few words to search the topics.');

    const staff = await agent.client.get<PageOf<Topic>>('/api/v1/community/topics', { q: 'sécurité', language: 'fr' });
    expect(staff.body.data.map((topic) => topic.title)).toEqual(['Problème de sécurité avec le terminal']);
  });

  it('converts a topic into a private ticket once: the author asks, a link leads back, the public page says an agent follows up', async () => {
    const topic = await postTopic(workspace, marie, { category: billing.slug, title: 'Prélèvement en double ce mois-ci', body: 'Mon compte a été débité deux fois le 1er.', language: 'fr' });
    const first = await agent.client.post<Conversion>(`/api/v1/community/topics/${topic.id}/convert-to-ticket`);
    expect(first.status).toBe(201);
    expect(first.body.isNew).toBe(true);
    const again = await agent.client.post<Conversion>(`/api/v1/community/topics/${topic.id}/convert-to-ticket`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isNew: false, ticket: first.body.ticket });
    expect(again.body.topic.convertedTicket).toEqual(first.body.ticket);

    const ticket = (await workspace.admin.get<Ticket>(`/api/v1/tickets/${first.body.ticket.id}`)).body;
    expect(ticket).toMatchObject({ number: first.body.ticket.number, subject: 'Prélèvement en double ce mois-ci', customerId: marie.customerId, channel: 'web', language: 'fr' });
    expect(ticket.tags).toContain('community');
    expect(ticket.description).toContain('Mon compte a été débité deux fois le 1er.');
    expect(ticket.description).toContain(`/help/${workspace.slug}/fr/community/topics/${topic.number}-prelevement-en-double-ce-mois-ci`);
    const withTag = await workspace.admin.get<PageOf<Ticket>>('/api/v1/tickets', { tag: 'community', limit: '50' });
    expect(withTag.body.data.filter((item) => item.subject === 'Prélèvement en double ce mois-ci')).toHaveLength(1);

    const shown = await page(`/help/${workspace.slug}/fr/community/topics/${topic.number}`);
    expect(shown.body).toContain('Un agent fait le suivi de cette question dans une demande privée.');
    expect(shown.body).not.toContain(String(first.body.ticket.number) + '</');
    const english = await page(`/help/${workspace.slug}/community/topics/${topic.number}`);
    expect(english.body).toContain('An agent is following this up in a private ticket.');
    const audit = (await workspace.admin.get<PageOf<AuditEntry>>('/api/v1/audit-log', { action: 'community.topic.converted' })).body.data;
    expect(audit.filter((entry) => entry.targetId === topic.id)).toHaveLength(1);
  });

  it('refuses moderation to staff without the permission and to anyone without a credential', async () => {
    const topic = await postTopic(workspace, jordan, { category: printers.slug, title: 'Tablet stand recommendations', body: 'Which stand do you use for the iPad?' });
    for (const [path, body] of [
      [`/api/v1/community/topics/${topic.id}/hide`, { reason: 'Spam' }],
      [`/api/v1/community/topics/${topic.id}/lock`, undefined],
      [`/api/v1/community/topics/${topic.id}/convert-to-ticket`, undefined],
      [`/api/v1/community/topics/${topic.id}/replies`, { body: 'Hello' }],
    ] as const) {
      for (const refused of [viewer, reviewer]) {
        const response = await refused.client.post<ApiError>(path, body);
        expect(response.status, `${path}`).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
      const anonymous = await server.client.post<ApiError>(path, body);
      expect(anonymous.status).toBe(401);
    }
    expect((await topicOf(topic.id))).toMatchObject({ isHidden: false, status: 'open', convertedTicket: null, replyCount: 0 });
  });

  it('keeps each workspace’s forums to itself', async () => {
    const topic = await postTopic(workspace, jordan, { category: printers.slug, title: 'Kitchen printer prints orders twice', body: 'Every order prints twice in the kitchen.' });
    const outsider = other.admin;
    expect((await outsider.get<ApiError>(`/api/v1/community/topics/${topic.id}`)).status).toBe(404);
    for (const path of [`/api/v1/community/topics/${topic.id}/hide`, `/api/v1/community/topics/${topic.id}/convert-to-ticket`, `/api/v1/community/topics/${topic.id}/lock`]) {
      const response = await outsider.post<ApiError>(path, path.endsWith('hide') ? { reason: 'Not yours' } : undefined);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('community_topic_not_found');
    }
    expect((await outsider.patch<ApiError>(`/api/v1/community/categories/${printers.id}`, { nameEn: 'Mine now' })).status).toBe(404);
    expect((await outsider.get<PageOf<Topic>>('/api/v1/community/topics')).body.data).toEqual([]);
    // The other help center has no such topic, and a customer of one workspace cannot post in another's.
    expect((await page(`/help/${other.slug}/community/topics/${topic.number}`)).statusCode).toBe(404);
    const otherCenter = await server.services.community.open(other.slug);
    await expect(server.services.community.createTopic(otherCenter, 'en', jordan, { workspace: other.slug, category: printers.slug, title: 'Crossing over', body: 'Hello', website: '' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await topicOf(topic.id)).isHidden).toBe(false);
  });

  it('answers bad input with a clear 4xx, never a server fault', async () => {
    // A path that cannot name a topic names none.
    const notUuid = await agent.client.get<ApiError>('/api/v1/community/topics/not-a-uuid');
    expect(notUuid.status).toBe(404);
    expect(notUuid.body.error.code).toBe('not_found');
    const unknown = await agent.client.get<ApiError>('/api/v1/community/topics/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('community_topic_not_found');
    const topic = await postTopic(workspace, jordan, { category: printers.slug, title: 'Bluetooth pairing keeps dropping', body: 'The reader disconnects every hour.' });
    expect((await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/hide`, {})).status).toBe(400);
    expect((await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/hide`, { reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/replies`, { body: '   ' })).status).toBe(400);
    expect((await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/replies`, { body: 'x'.repeat(10_001) })).status).toBe(400);
    expect((await agent.client.post<ApiError>(`/api/v1/community/topics/${topic.id}/move`, { categoryId: 'billing' })).status).toBe(400);
    expect((await agent.client.get<ApiError>('/api/v1/community/topics', { cursor: 'forged' })).status).toBe(400);
    expect((await agent.client.get<ApiError>('/api/v1/community/topics', { hidden: 'maybe' })).status).toBe(400);
    expect((await agent.client.get<ApiError>('/api/v1/community/topics', { status: 'archived' })).status).toBe(400);
    expect((await workspace.admin.post<ApiError>('/api/v1/community/categories', { nameEn: 'Slug', slug: 'Not a slug!' })).status).toBe(400);

    for (const url of [
      `/help/${workspace.slug}/community/topics/not-a-number`,
      `/help/${workspace.slug}/community/topics/999999`,
      `/help/${workspace.slug}/community/categories/nope`,
      `/help/no-such-workspace/community`,
      `/help/${workspace.slug}/fr/community/topics/${'9'.repeat(12)}`,
    ]) {
      const response = await page(url);
      expect(response.statusCode, url).toBe(404);
      expect(String(response.headers['content-type'])).toContain('text/html');
    }
    const oddQuery = await page(`/help/${workspace.slug}/community/categories/${printers.slug}?sort=sideways&page=-4`);
    expect(oddQuery.statusCode).toBe(200);
    // Forms posted without a session lead to sign-in; broken ones answer a page, not a fault.
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextAddress(), origin: 'http://localhost:80', ...headers } });
    const signedOut = await post(`/help/${workspace.slug}/community/topics/${topic.number}/replies`, `workspace=${workspace.slug}&body=Hello`);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(`/help/${workspace.slug}/sign-in?next=${encodeURIComponent(`/help/${workspace.slug}/community/topics/${topic.number}-bluetooth-pairing-keeps-dropping`)}`);
    const newTopic = await post(`/help/${workspace.slug}/fr/community/topics`, 'title=Bonjour');
    expect(newTopic.statusCode).toBe(303);
    expect(newTopic.headers.location).toBe(`/help/${workspace.slug}/fr/sign-in?next=${encodeURIComponent(`/help/${workspace.slug}/fr/community/new`)}`);
    const foreign = await post(`/help/${workspace.slug}/community/topics/${topic.number}/vote`, `workspace=${workspace.slug}&vote=up`, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(400);
    const notForm = await inject({ method: 'POST', url: `/help/${workspace.slug}/community/topics`, payload: '{"title":"x"}', headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress(), origin: 'http://localhost:80' } });
    expect(notForm.statusCode).toBe(303);
    expect(log.serverFaults()).toEqual([]);
    expect(pageFaults).toEqual([]);
  });
});

const HOST = 'forums.example.test';
const ORIGIN = `http://${HOST}`;
const PASSWORD = 'a long enough secret';

/** A customer's browser through `app.inject`: it keeps the portal cookie and posts forms from the site's own pages. */
class CustomerBrowser {
  cookie: string | undefined;
  private static addressCount = 0;
  readonly address = `198.51.100.${(CustomerBrowser.addressCount = (CustomerBrowser.addressCount % 250) + 1)}`;

  constructor(private readonly server: TestServer) {}

  get(path: string) {
    return this.server.app.inject({ method: 'GET', url: path, headers: this.headers({}) });
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await this.server.app.inject({
      method: 'POST',
      url: path,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers }),
      payload: new URLSearchParams(fields).toString(),
    });
    const cookie = response.cookies.find((item) => item.name === 'sb_portal');
    if (cookie) this.cookie = cookie.value || undefined;
    return response;
  }

  async open(url: string) {
    const { pathname, search } = new URL(url);
    const response = await this.get(pathname + search);
    const cookie = response.cookies.find((item) => item.name === 'sb_portal');
    if (cookie) this.cookie = cookie.value || undefined;
    return response;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { host: HOST, 'x-forwarded-for': this.address, ...(this.cookie ? { cookie: `sb_portal=${this.cookie}` } : {}), ...extra };
  }
}

describe('posting in the community as a customer signed in to the portal', () => {
  let outside: OutsideMailServer;
  let server: TestServer;
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  let agent: SwitchboardClient;
  let base: string;
  let community: string;

  const topics = async () => (await workspace.admin.get<PageOf<Topic>>('/api/v1/community/topics', { limit: '200' })).body.data;
  const topicNumbered = async (number: number) => (await topics()).find((topic) => topic.number === number)!;
  const numberIn = (location: string | undefined) => Number(/\/topics\/(\d+)/.exec(location ?? '')?.[1]);

  /** Signs up through the portal's pages and follows the emailed link, as a new customer does. */
  async function signUp(of: TestWorkspace, name: string, email: string, language: 'en' | 'fr' = 'en'): Promise<CustomerBrowser> {
    const browser = new CustomerBrowser(server);
    const sent = await browser.post(`/help/${of.slug}${language === 'fr' ? '/fr' : ''}/sign-up`, { name, email, password: PASSWORD, language });
    expect(sent.statusCode, sent.body).toBe(200);
    const mail = await outside.waitFor((candidate) => candidate.envelope.to.includes(email));
    const link = /https?:\/\/\S+\/magic-link\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect((await browser.open(link!)).statusCode).toBe(303);
    return browser;
  }

  async function startTopic(browser: CustomerBrowser, fields: Record<string, string>, language: 'en' | 'fr' = 'en') {
    return browser.post(`${base}${language === 'fr' ? '/fr' : ''}/community/topics`, { workspace: workspace.slug, ...fields });
  }

  beforeAll(async () => {
    outside = await startOutsideMailServer();
    server = await startTestServer({ workers: true, env: { SMTP_URL: outside.url, TRUST_PROXY: 'true', PUBLIC_URL: ORIGIN } });
    workspace = await server.createWorkspace();
    other = await server.createWorkspace();
    await workspace.admin.patch('/api/v1/workspace', { name: 'Acme POS' });
    agent = (await workspace.addUser('agent', 'Liam Walsh')).client;
    await workspace.admin.post('/api/v1/community/categories', { nameEn: 'Printers', nameFr: 'Imprimantes', slug: 'printers' });
    await other.admin.post('/api/v1/community/categories', { nameEn: 'Printers', slug: 'printers' });
    base = `/help/${workspace.slug}`;
    community = `${base}/community`;
  });
  afterAll(async () => {
    await server?.close();
    await outside?.close();
  });

  it('a visitor signs in from the topic page and comes back to it; then starts a topic, replies, and their posts show under their short name', async () => {
    const jordan = await signUp(workspace, 'Jordan Lee', 'jordan.lee@cafe.example');
    const created = await startTopic(jordan, { category: 'printers', title: 'Kitchen printer prints every order twice', body: 'Since Monday, **every** order prints twice in the kitchen.' });
    expect(created.statusCode, created.body).toBe(303);
    const number = numberIn(created.headers.location);
    expect(created.headers.location).toBe(`${community}/topics/${number}-kitchen-printer-prints-every-order-twice`);

    // A visitor reads it, is offered to sign in, signs in with a password and lands back on the topic.
    const visitor = new CustomerBrowser(server);
    const read = await visitor.get(`${community}/topics/${number}`);
    expect(read.body).toContain('Kitchen printer prints every order twice');
    expect(read.body).toContain('<strong>every</strong> order prints twice');
    expect(read.body).toContain('Asked by Jordan L. on');
    const topicPath = `${community}/topics/${number}-kitchen-printer-prints-every-order-twice`;
    expect(read.body).toContain(`href="${base}/sign-in?next=${encodeURIComponent(topicPath)}"`);
    await signUp(workspace, 'Sam Patel', 'sam.patel@shop.example');
    const signedIn = await visitor.post(`${base}/sign-in`, { email: 'sam.patel@shop.example', password: PASSWORD, next: topicPath });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(topicPath);
    const now = await visitor.get(topicPath);
    expect(now.body).toContain('<label for="reply-body">Your reply</label>');
    expect(now.body).toContain('name="website"');
    expect(now.body).not.toContain('Sign in to post');

    const replied = await visitor.post(`${topicPath}/replies`, { workspace: workspace.slug, body: 'Check **Settings → Printers → Copies**: it may be set to 2.' });
    expect(replied.statusCode).toBe(303);
    expect(replied.headers.location).toMatch(new RegExp(`^${topicPath}#reply-[0-9a-f-]{36}$`));
    const withReply = await visitor.get(topicPath);
    expect(withReply.body).toContain('<strong>Sam P.</strong>');
    expect(withReply.body).toContain('Check <strong>Settings → Printers → Copies</strong>');
    const stored = await topicNumbered(number);
    expect(stored).toMatchObject({ replyCount: 1, author: { kind: 'customer', name: 'Jordan Lee' }, language: 'en' });

    // Their posts are part of their data: the portal's JSON export lists the topic for Jordan, the reply for Sam.
    const exportOf = async (who: CustomerBrowser) => (await who.post(`${base}/privacy/export`, {})).json() as { community: { topics: Array<{ number: number; title: string }>; replies: Array<{ topicNumber: number; body: string }> } };
    expect((await exportOf(jordan)).community.topics).toMatchObject([{ number, title: 'Kitchen printer prints every order twice' }]);
    expect((await exportOf(visitor)).community.replies).toMatchObject([{ topicNumber: number, body: 'Check **Settings → Printers → Copies**: it may be set to 2.' }]);
  });

  it('keeps what was typed when a form is wrong, and a robot’s form (hidden field filled) posts nothing', async () => {
    const marie = await signUp(workspace, 'Marie-Ève Tremblay', 'marie.tremblay@boulangerie.example', 'fr');
    const short = await startTopic(marie, { category: 'printers', title: 'Aide', body: 'Mon imprimante ne répond plus.' }, 'fr');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('<html lang="fr-CA">');
    expect(short.body).toContain('Écrivez au moins 5 caractères.');
    expect(short.body).toContain('Mon imprimante ne répond plus.</textarea>');
    expect(short.body).toContain('aria-invalid="true"');
    const long = await startTopic(marie, { category: 'printers', title: 'Imprimante muette', body: 'x'.repeat(10_001) }, 'fr');
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Gardez-le sous 10');
    const unknownCategory = await startTopic(marie, { category: 'nowhere', title: 'Imprimante muette', body: 'Rien ne sort.' }, 'fr');
    expect(unknownCategory.statusCode).toBe(400);

    const before = (await topics()).length;
    const robot = await startTopic(marie, { category: 'printers', title: 'Cheap printers here', body: 'Visit spam.example', website: 'https://spam.example' });
    expect(robot.statusCode).toBe(303);
    expect(robot.headers.location).toBe(`${community}/categories/printers`);
    expect((await topics()).length).toBe(before);

    const french = await startTopic(marie, { category: 'printers', title: 'L’imprimante de reçus coupe le papier trop tôt', body: 'Le reçu est coupé avant le total.' }, 'fr');
    expect(french.statusCode).toBe(303);
    expect(french.headers.location).toContain(`${base}/fr/community/topics/`);
    const topic = await topicNumbered(numberIn(french.headers.location));
    expect(topic.language).toBe('fr');
    const emptyReply = await marie.post(`${base}/fr/community/topics/${topic.number}/replies`, { workspace: workspace.slug, body: '   ' });
    expect(emptyReply.statusCode).toBe(400);
    expect(emptyReply.body).toContain('Remplissez ce champ.');
  });

  it('votes count once per customer and can be taken back; nobody votes for their own post', async () => {
    const author = await signUp(workspace, 'Priya Shah', 'priya@bakery.example');
    const voter = await signUp(workspace, 'Tom Hardy', 'tom@grocer.example');
    const created = await startTopic(author, { category: 'printers', title: 'Label printer for price tags?', body: 'Which label printer works for shelf tags?' });
    const number = numberIn(created.headers.location);
    const path = `${community}/topics/${number}`;
    for (let time = 0; time < 3; time += 1) expect((await voter.post(`${path}/vote`, { workspace: workspace.slug, reply: '', vote: 'up' })).statusCode).toBe(303);
    expect((await topicNumbered(number)).voteScore).toBe(1);
    const page = await voter.get(path);
    expect(page.body).toContain('aria-pressed="true"');
    expect(page.body).toContain('1 vote');
    const own = await author.post(`${path}/vote`, { workspace: workspace.slug, reply: '', vote: 'up' });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('You cannot vote for your own post.');
    expect((await voter.post(`${path}/vote`, { workspace: workspace.slug, reply: '', vote: 'none' })).statusCode).toBe(303);
    expect((await voter.post(`${path}/vote`, { workspace: workspace.slug, reply: '', vote: 'none' })).statusCode).toBe(303);
    expect((await topicNumbered(number)).voteScore).toBe(0);
    expect((await voter.post(`${path}/vote`, { workspace: workspace.slug, reply: 'not-a-reply', vote: 'up' })).statusCode).toBe(400);
  });

  it('only the topic’s author accepts an answer from the page; the accepted answer then comes first', async () => {
    const author = await signUp(workspace, 'Nadia Roy', 'nadia@fleuriste.example');
    const helper = await signUp(workspace, 'Omar Haddad', 'omar@garage.example');
    const created = await startTopic(author, { category: 'printers', title: 'Drawer opens on card sales too', body: 'The cash drawer pops open even for card payments.' });
    const number = numberIn(created.headers.location);
    const path = `${community}/topics/${number}`;
    await helper.post(`${path}/replies`, { workspace: workspace.slug, body: 'Turn off “Open drawer on every sale” in Hardware settings.' });
    await agent.post(`/api/v1/community/topics/${(await topicNumbered(number)).id}/replies`, { body: 'That setting is under Settings → Hardware → Cash drawer.' });
    const replyId = (await workspace.admin.get<Topic>(`/api/v1/community/topics/${(await topicNumbered(number)).id}`)).body.replies[0]!.id;

    const asAuthor = await author.get(path);
    expect(asAuthor.body).toContain('Accept this answer');
    expect((await helper.get(path)).body).not.toContain('Accept this answer');
    const refused = await helper.post(`${path}/accept`, { workspace: workspace.slug, reply: replyId });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the person who asked can accept an answer.');
    const accepted = await author.post(`${path}/accept`, { workspace: workspace.slug, reply: replyId });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toContain(`#reply-${replyId}`);
    const shown = await new CustomerBrowser(server).get(path);
    expect(shown.body).toContain('<h2 id="accepted-title">Accepted answer</h2>');
    expect(shown.body.indexOf('Open drawer on every sale')).toBeLessThan(shown.body.indexOf('Settings → Hardware → Cash drawer'));
    expect(shown.body).toMatch(/<strong>Liam Walsh<\/strong> <span class="badge staff">Staff<\/span>/);
    expect((await topicNumbered(number)).acceptedReplyId).toBe(replyId);
  });

  it('a locked topic refuses replies and keeps the words typed; a hidden one is gone for customers', async () => {
    const author = await signUp(workspace, 'Léa Gagnon', 'lea@cafe.example', 'fr');
    const created = await startTopic(author, { category: 'printers', title: 'Panne de réseau ce matin', body: 'Plus rien ne s’imprime depuis 9 h.' }, 'fr');
    const number = numberIn(created.headers.location);
    const topic = await topicNumbered(number);
    await agent.post(`/api/v1/community/topics/${topic.id}/lock`);
    const path = `${base}/fr/community/topics/${number}`;
    const refused = await author.post(`${path}/replies`, { workspace: workspace.slug, body: 'C’est revenu chez nous.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Ce sujet est verrouillé : il n’accepte plus de nouvelles réponses.');
    expect(refused.body).toContain('Votre réponse n’a pas été publiée.');
    expect(refused.body).toContain('<pre class="unposted">C’est revenu chez nous.</pre>');
    expect((await topicNumbered(number)).replyCount).toBe(0);

    await agent.post(`/api/v1/community/topics/${topic.id}/unlock`);
    await agent.post(`/api/v1/community/topics/${topic.id}/hide`, { reason: 'Personal information in the body' });
    expect((await author.post(`${path}/replies`, { workspace: workspace.slug, body: 'Allô?' })).statusCode).toBe(404);
    expect((await author.get(path)).statusCode).toBe(404);
  });

  it('limits posting per account, refuses forms from other sites, and keeps customers out of the staff API and of other workspaces', async () => {
    const busy = await signUp(workspace, 'Busy Poster', 'busy@poster.example');
    const created = await startTopic(busy, { category: 'printers', title: 'Printer questions thread', body: 'First post.' });
    const path = `${community}/topics/${numberIn(created.headers.location)}`;
    const answers: number[] = [];
    for (let index = 0; index < 10; index += 1) answers.push((await busy.post(`${path}/replies`, { workspace: workspace.slug, body: `Follow-up number ${index + 1}` })).statusCode);
    expect(answers.slice(0, 9).every((status) => status === 303)).toBe(true);
    expect(answers[9]).toBe(429);

    const sam = await signUp(workspace, 'Cross Site', 'cross@site.example');
    expect((await sam.post(`${path}/vote`, { workspace: workspace.slug, reply: '', vote: 'up' }, { origin: 'https://evil.example' })).statusCode).toBe(400);
    const noOrigin = await server.app.inject({
      method: 'POST',
      url: `${path}/vote`,
      headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_portal=${sam.cookie}`, 'x-forwarded-for': '192.0.2.9' },
      payload: `workspace=${workspace.slug}&vote=up`,
    });
    expect(noOrigin.statusCode).toBe(400);
    expect((await topicNumbered(numberIn(created.headers.location))).voteScore).toBe(0);

    // The portal cookie is no staff credential.
    const staffApi = await server.app.inject({ method: 'GET', url: '/api/v1/community/topics', headers: { cookie: `sb_portal=${sam.cookie}` } });
    expect(staffApi.statusCode).toBe(401);
    // Signed in to another workspace's portal is signed out here.
    const elsewhere = await signUp(other, 'Other Customer', 'other@customer.example');
    const foreign = await elsewhere.post(`${path}/replies`, { workspace: workspace.slug, body: 'Hello from elsewhere' });
    expect(foreign.statusCode).toBe(303);
    expect(foreign.headers.location).toContain(`${base}/sign-in?next=`);
    const otherForum = await elsewhere.post(`/help/${other.slug}/community/topics`, { workspace: workspace.slug, category: 'printers', title: 'Posted in the wrong place', body: 'Hello' });
    expect(otherForum.statusCode).toBe(400);
  });
});
