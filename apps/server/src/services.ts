import type { AppConfig } from './config/config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Scope } from './modules/analytics/analytics-query.js';
import { AnalyticsLibraryRepository } from './modules/analytics/analytics-library.repository.js';
import { AnalyticsLibraryService } from './modules/analytics/analytics-library.service.js';
import { AnalyticsExperienceService } from './modules/analytics/analytics-experience.service.js';
import { AnalyticsInsightsService } from './modules/analytics/analytics-insights.service.js';
import { AnalyticsReportsService } from './modules/analytics/analytics-reports.service.js';
import { AnalyticsSentimentRepository } from './modules/analytics/analytics-sentiment.repository.js';
import { AnalyticsRepository } from './modules/analytics/analytics.repository.js';
import { AnalyticsService } from './modules/analytics/analytics.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthRepository } from './modules/auth/auth.repository.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CustomersRepository } from './modules/customers/customers.repository.js';
import { CustomersService } from './modules/customers/customers.service.js';
import { IdempotencyService } from './modules/idempotency/idempotency.service.js';
import type { JobQueue } from './modules/jobs/jobs.queue.js';
import { JobsRepository } from './modules/jobs/jobs.repository.js';
import { PgBossJobQueue } from './modules/jobs/pg-boss.queue.js';
import { OutboxService } from './modules/events/outbox.service.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { UsersService } from './modules/users/users.service.js';
import { BootstrapService } from './modules/workspaces/bootstrap.service.js';
import { DataKeyService } from './modules/workspaces/data-keys.service.js';
import { WorkspacesRepository } from './modules/workspaces/workspaces.repository.js';
import { WorkspacesService } from './modules/workspaces/workspaces.service.js';
import { WebhooksRepository } from './modules/webhooks/webhooks.repository.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';
import { AttachmentsRepository } from './modules/attachments/attachments.repository.js';
import { AttachmentsService } from './modules/attachments/attachments.service.js';
import { createLocalDiskStorage } from './modules/attachments/storage.js';
import { CommentsRepository } from './modules/comments/comments.repository.js';
import { CommentsService } from './modules/comments/comments.service.js';
import { NotificationsRepository } from './modules/notifications/notifications.repository.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { PresenceRepository } from './modules/presence/presence.repository.js';
import { PresenceService } from './modules/presence/presence.service.js';
import { RealtimeService } from './modules/realtime/realtime.service.js';
import { TicketMergeService } from './modules/tickets/ticket-merge.service.js';
import { TicketsRepository } from './modules/tickets/tickets.repository.js';
import { TicketsService } from './modules/tickets/tickets.service.js';
import { ViewsRepository } from './modules/views/views.repository.js';
import { ViewsService } from './modules/views/views.service.js';
import { EmailIngestionService } from './modules/channels/email/email-ingestion.service.js';
import { EmailRepository } from './modules/channels/email/email.repository.js';
import { EmailService } from './modules/channels/email/email.service.js';
import { SmtpMailer } from './modules/channels/email/email-outbound.mailer.js';
import { NotificationEmails } from './modules/notifications/notification-emails.js';
import { OutboundTargets } from './shared/outbound-targets.js';
import { EmailOutboundRepository } from './modules/channels/email/email-outbound.repository.js';
import { EmailOutboundService } from './modules/channels/email/email-outbound.service.js';
import { SatisfactionRepository } from './modules/satisfaction/satisfaction.repository.js';
import { SatisfactionService } from './modules/satisfaction/satisfaction.service.js';
import { SatisfactionTokens } from './modules/satisfaction/satisfaction.tokens.js';
import { NpsRepository } from './modules/satisfaction/nps/nps.repository.js';
import { NpsService } from './modules/satisfaction/nps/nps.service.js';
import { NpsTokens } from './modules/satisfaction/nps/nps.tokens.js';
import { ReplyTokens } from './modules/channels/email/reply-token.js';
import { ImapMailboxesRepository } from './modules/channels/email/imap-mailboxes.repository.js';
import { ImapMailboxesService } from './modules/channels/email/imap-mailboxes.service.js';
import { ImapPoller } from './modules/channels/email/imap-poller.js';
import { ChatQueueRepository } from './modules/channels/chat/chat-queue.repository.js';
import { ChatQueueService } from './modules/channels/chat/chat-queue.service.js';
import { ChatRepository } from './modules/channels/chat/chat.repository.js';
import { ChatService } from './modules/channels/chat/chat.service.js';
import { ChatTranscriptService } from './modules/channels/chat/chat-transcript.service.js';
import { VisitorTokens } from './modules/channels/chat/chat-visitor-token.js';
import { MessagingRepository } from './modules/channels/messaging/messaging.repository.js';
import { MessagingService } from './modules/channels/messaging/messaging.service.js';
import { createMessengerAdapter } from './modules/channels/messaging/providers/messenger.adapter.js';
import { createTelegramAdapter } from './modules/channels/messaging/providers/telegram.adapter.js';
import { createTwilioSmsAdapter } from './modules/channels/messaging/providers/twilio-sms.adapter.js';
import { createWhatsAppAdapter } from './modules/channels/messaging/providers/whatsapp.adapter.js';
import { BusinessHoursRepository } from './modules/business-hours/business-hours.repository.js';
import { BusinessHoursService } from './modules/business-hours/business-hours.service.js';
import { SlaRepository } from './modules/sla/sla.repository.js';
import { SlaService } from './modules/sla/sla.service.js';
import { AutomationsRepository } from './modules/automations/automations.repository.js';
import { AutomationsService } from './modules/automations/automations.service.js';
import { RoutingRepository } from './modules/routing/routing.repository.js';
import { RoutingService } from './modules/routing/routing.service.js';
import { CannedResponsesRepository } from './modules/canned-responses/canned-responses.repository.js';
import { CannedResponsesService } from './modules/canned-responses/canned-responses.service.js';
import { KnowledgeBaseRepository } from './modules/knowledge-base/knowledge-base.repository.js';
import { KnowledgeBaseService } from './modules/knowledge-base/knowledge-base.service.js';
import { HelpCenterService } from './modules/help-center/help-center.service.js';
import { BotRepository } from './modules/bot/bot.repository.js';
import { BotService } from './modules/bot/bot.service.js';
import { ChatBotService } from './modules/channels/chat/chat-bot.service.js';
import { BotInsightsRepository } from './modules/bot/bot-insights.repository.js';
import { BotInsightsService } from './modules/bot/bot-insights.service.js';
import { BotLearningRepository } from './modules/bot/bot-learning.repository.js';
import { BotLearningService } from './modules/bot/bot-learning.service.js';
import { PortalEmails } from './modules/portal/portal.emails.js';
import { PortalRepository } from './modules/portal/portal.repository.js';
import { PortalService } from './modules/portal/portal.service.js';
import { CommunityRepository } from './modules/community/community.repository.js';
import { CommunityService } from './modules/community/community.service.js';
import { systemClock, type Clock } from './shared/clock.js';

export interface ServiceOptions {
  config: AppConfig;
  database: DatabaseHandle;
  masterKey: Buffer;
  clock?: Clock;
}

/** The composition root: every service is built here, once, with what it needs passed in. */
export function createServices(options: ServiceOptions) {
  const { config, database, masterKey } = options;
  const db = database.db;
  const clock = options.clock ?? systemClock;

  const workspacesRepository = new WorkspacesRepository();
  const usersRepository = new UsersRepository();
  const audit = new AuditService(db, clock);
  const dataKeys = new DataKeyService(db, masterKey);
  const outbox = new OutboxService(db);
  const workspaces = new WorkspacesService(db, workspacesRepository, dataKeys, audit);
  const auth = new AuthService(db, clock, new AuthRepository(), usersRepository, workspacesRepository, audit, dataKeys, config.sessionTtlMs);
  const users = new UsersService(db, usersRepository, auth, audit, outbox, clock);
  const bootstrap = new BootstrapService(db, workspaces, users, auth);
  const idempotency = new IdempotencyService(db);
  // Durable background jobs, in this database. Modules register their job definitions here; the queue's
  // storage is installed at start (`jobs.install()`), before the first enqueue.
  const jobs: JobQueue = new PgBossJobQueue(database, new JobsRepository(), { pollIntervalMs: 1000, maintenanceIntervalMs: 60_000, shutdownGraceMs: 10_000 });
  const customers = new CustomersService(db, new CustomersRepository(), workspaces, dataKeys, outbox);
  // Admin-typed addresses the server posts to (webhooks, rules' posts): public ones only, unless allowed.
  const outboundTargets = new OutboundTargets(config.allowPrivateNetworkTargets);
  const webhooks = new WebhooksService(db, new WebhooksRepository(), dataKeys, audit, clock, { retryBaseMs: config.webhookRetryBaseMs, targets: outboundTargets });
  // Deliveries are queued in the dispatch transaction (durable), and the sender is woken once it commits,
  // if there is anything to send.
  let isDeliveryQueued = false;
  outbox.onDurable(async (events, tx) => {
    if ((await webhooks.enqueueDeliveries(events, tx)) > 0) isDeliveryQueued = true;
  });
  outbox.onDispatched(() => {
    if (!isDeliveryQueued) return;
    isDeliveryQueued = false;
    webhooks.nudge();
  });

  const fileStorage = createLocalDiskStorage(config);
  const attachments = new AttachmentsService(db, new AttachmentsRepository(), fileStorage, clock, config.maxUploadBytes);

  const notifications = new NotificationsService(db, new NotificationsRepository());
  const ticketsRepository = new TicketsRepository();
  const tickets = new TicketsService(db, clock, ticketsRepository, workspaces, customers, users, notifications, outbox, audit);
  workspaces.onStatusCategoryChanged((tx, change) => tickets.moveStatusToCategory(tx, change));
  const comments = new CommentsService(db, new CommentsRepository(), tickets, users, notifications, outbox, attachments);
  // The email channel: support addresses and mail records, and the ingestion the SMTP receiver (or a poller) feeds.
  const emailRepository = new EmailRepository();
  const replyTokens = new ReplyTokens(masterKey);
  const email = new EmailService(db, emailRepository, workspaces, tickets, customers, attachments, fileStorage, audit, replyTokens, clock, config.mailDomain);
  const emailIngestion = new EmailIngestionService(db, clock, emailRepository, email, workspaces, tickets, comments, customers, attachments, fileStorage, outbox, replyTokens);
  // IMAP mailboxes hosted elsewhere, polled by the workers: each message enters through the same ingestion.
  const imapMailboxesRepository = new ImapMailboxesRepository();
  const imapPoller = new ImapPoller(db, imapMailboxesRepository, dataKeys, emailIngestion, email, workspaces);
  const imapMailboxes = new ImapMailboxesService(db, imapMailboxesRepository, imapPoller, dataKeys, audit);
  // Outgoing mail: replies, acknowledgements and resolved notifications (with a satisfaction link), queued as
  // durable jobs in the transaction that dispatches their event. Without SMTP_URL nothing is sent, visibly.
  const publicBaseUrl = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/, '');
  const satisfaction = new SatisfactionService(db, new SatisfactionRepository(), new SatisfactionTokens(masterKey), tickets, workspaces, outbox, clock, publicBaseUrl);
  const emailOutbound = new EmailOutboundService(db, new EmailOutboundRepository(), email, tickets, customers, workspaces, usersRepository, new CommentsRepository(), satisfaction, jobs, outbox, audit, clock, config.smtpUrl ? new SmtpMailer(config.smtpUrl) : undefined, {
    mailDomain: config.mailDomain,
    retryBaseSeconds: config.emailRetryBaseSeconds,
  });
  jobs.register(emailOutbound.sendJob);
  outbox.onDurable((events, tx) => emailOutbound.queueForEvents(events, tx));
  comments.useEmailDeliveries(emailOutbound);
  // NPS surveys: sent by a sweep to customers with a recently resolved ticket, through outgoing mail's deliveries.
  const nps = new NpsService(db, new NpsRepository(), new NpsTokens(masterKey), workspaces, emailOutbound, outbox, audit, clock, publicBaseUrl);
  emailOutbound.useNpsLinks(nps);
  const ticketMerge = new TicketMergeService(db, tickets, ticketsRepository, comments, outbox);
  const views = new ViewsService(db, new ViewsRepository(), tickets);
  const presence = new PresenceService(db, clock, new PresenceRepository(), tickets);
  // Live pushes to agents' screens: events once their dispatch commits, presence once it is stored.
  const realtime = new RealtimeService(db, auth, tickets, users);
  users.onCredentialsRevoked((_workspaceId, userId) => realtime.disconnectUser(userId));
  outbox.onDispatched((events) => realtime.publishEvents(events));
  // Some writes (a visitor's chat message) push their events as soon as they commit, not after the dispatch.
  outbox.onCommitted((events) => realtime.publishCommitted(events));
  presence.onChange((change) => realtime.publishPresence(change));
  // Live chat: agents' public replies on chat tickets are numbered in the dispatch transaction, then pushed to
  // the visitor; an agent replying shows as typing to the visitor.
  const chat = new ChatService(db, new ChatRepository(), new VisitorTokens(masterKey), workspaces, dataKeys, customers, tickets, comments, attachments, users, outbox, audit, satisfaction, clock);
  outbox.onDurable((events, tx) => chat.recordAgentReplies(events, tx));
  outbox.onDurable((events, tx) => chat.recordSolvedChats(events, tx));
  // A failed push costs only the live update: the widget's `sync` after its next reconnect catches up.
  outbox.onDispatched((events) => void chat.publishAgentReplies(events).catch(() => undefined));
  outbox.onDispatched((events) => void chat.publishSolvedChats(events).catch(() => undefined));
  // The queue moves after the events that change it; a missed run is caught up by the next such event.
  const chatQueue = new ChatQueueService(db, new ChatQueueRepository(), new ChatRepository(), chat, tickets, users, outbox);
  outbox.onDispatched((events) => void chatQueue.onDispatched(events).catch(() => undefined));
  const chatTranscript = new ChatTranscriptService(db, new ChatRepository(), tickets, customers, emailOutbound, outbox);
  // Typing is a hint: a lost one is replaced by the next presence heartbeat.
  presence.onChange((change) => void chat.publishAgentTyping(change).catch(() => undefined));

  // Messaging apps: verified webhooks become tickets and comments; agents' public replies on those tickets are
  // queued in the dispatch transaction and sent by durable jobs.
  const messagingAdapters = [
    createWhatsAppAdapter(config.messagingApiUrls.whatsapp),
    createMessengerAdapter(config.messagingApiUrls.messenger),
    createTelegramAdapter(config.messagingApiUrls.telegram),
    createTwilioSmsAdapter(config.messagingApiUrls.sms),
  ];
  const messaging = new MessagingService(db, new MessagingRepository(), messagingAdapters, dataKeys, workspaces, customers, tickets, comments, attachments, chat, jobs, outbox, audit, clock, {
    retryBaseSeconds: config.messagingRetryBaseSeconds,
    maxFileBytes: config.maxUploadBytes,
  });
  jobs.register(messaging.sendJob);
  outbox.onDurable((events, tx) => messaging.queueReplies(events, tx));

  // SLA clocks: moved by ticket and comment events in the dispatch transaction; warnings and breaches fired by a sweep.
  const businessHours = new BusinessHoursService(db, new BusinessHoursRepository(), clock);
  const sla = new SlaService(db, new SlaRepository(), businessHours, tickets, usersRepository, notifications, outbox, clock);
  outbox.onDurable((events, tx) => sla.handleEvents(events, tx));
  // Canned responses: filled in for a ticket on request; the reply and its ticket changes go through comments and tickets
  // (rules reply with the shared ones).
  const cannedResponses = new CannedResponsesService(db, new CannedResponsesRepository(), tickets, customers, usersRepository, workspaces, clock);
  // Automation rules: tried on each event in the dispatch transaction (each rule and event claimed once), and on
  // open tickets by the time sweep; posts to Slack, Teams or a webhook go out as durable jobs.
  const notificationEmails = new NotificationEmails(db, usersRepository, workspaces, email, jobs, config.smtpUrl ? new SmtpMailer(config.smtpUrl) : undefined, config.mailDomain);
  jobs.register(notificationEmails.sendJob);
  const automations = new AutomationsService(db, new AutomationsRepository(), tickets, ticketsRepository, comments, usersRepository, workspaces, businessHours, notifications, notificationEmails, jobs, outbox, clock, publicBaseUrl, outboundTargets, cannedResponses);
  jobs.register(automations.notifyJob);
  outbox.onDurable((events, tx) => automations.handleEvents(events, tx));
  // Routing: a new ticket's team from the first matching rule, then an agent by the team's strategy, in the dispatch
  // transaction (after the automation rules, which may set a team themselves); reroutes and overflow by a sweep.
  const routing = new RoutingService(db, new RoutingRepository(), tickets, ticketsRepository, usersRepository, businessHours, outbox, clock);
  outbox.onDurable((events, tx) => routing.handleEvents(events, tx));
  // Knowledge base: articles, their translations and versions, and the search the help center and the bot will share.
  const knowledgeBase = new KnowledgeBaseService(db, new KnowledgeBaseRepository(), clock);
  // The public help center: the knowledge base's public articles as pages, and a contact form that opens web tickets.
  const helpCenter = new HelpCenterService(db, workspaces, knowledgeBase, new ChatRepository(), customers, tickets, outbox, publicBaseUrl);
  // The bot's learning loop (questions it did not answer well, fixed by linking, drafting or a synonym) and its analytics.
  const botLearningRepository = new BotLearningRepository();
  const botLearning = new BotLearningService(db, botLearningRepository, knowledgeBase, audit, clock);
  const botInsights = new BotInsightsService(db, new BotInsightsRepository(), botLearningRepository, knowledgeBase, workspaces, clock);
  // The customers' bot: answers from the knowledge base's public articles, opens tickets and tells their status, or
  // hands off to a person with what it collected; one service for the API, the chat widget and the messaging channels.
  const bot = new BotService(db, new BotRepository(), knowledgeBase, workspaces, customers, tickets, comments, outbox, audit, clock);
  // The bot in the chat widget: the visitor's questions go to the bot first; a handoff becomes a live chat with its note.
  const chatBot = new ChatBotService(chat, bot);
  messaging.useBot(bot);
  // A question an admin linked to an article is answered with it the next time it is asked.
  bot.useLearnedAnswers(botLearning);

  // The customer portal: customers' accounts and sessions (the help center's pages and the forums read who is signed
  // in through it), their tickets' public side, their preferences and their privacy requests.
  const portalEmails = new PortalEmails(workspaces, email, dataKeys, jobs, config.smtpUrl ? new SmtpMailer(config.smtpUrl) : undefined, config.mailDomain);
  jobs.register(portalEmails.sendJob);
  const portal = new PortalService(db, clock, new PortalRepository(), customers, tickets, comments, attachments, users, workspaces, satisfaction, portalEmails, outbox, audit, {
    sessionTtlMs: config.sessionTtlMs,
    publicBaseUrl,
  });
  emailOutbound.useCustomerPreferences(portal);

  // Community forums under the help center: customers' topics and replies (posted through their portal session), votes,
  // accepted answers, and staff's moderation; a topic converts into a private ticket through the tickets service.
  const community = new CommunityService(db, new CommunityRepository(), workspaces, helpCenter, customers, usersRepository, tickets, audit, outbox, clock, publicBaseUrl);
  portal.useExportSource('community', community);

  // Analytics: ticket facts and daily rollups folded from the dispatched events, read by dashboards and reports within
  // the caller's scope; the live dashboard also asks the chat queue, presence, SLA clocks and mailboxes.
  const analyticsRepository = new AnalyticsRepository();
  const analytics = new AnalyticsService(db, analyticsRepository, workspaces, businessHours, clock);
  outbox.onDurable((events, tx) => analytics.handleEvents(events, tx));
  const analyticsReports = new AnalyticsReportsService(db, analyticsRepository, workspaces, users, outbox, clock);
  // After the facts' listener: a customer message takes its channel from its ticket's fact. A rebuild rescores them.
  const analyticsInsights = new AnalyticsInsightsService(db, new AnalyticsSentimentRepository(), analyticsReports, tickets, comments, workspaces, clock);
  outbox.onDurable((events, tx) => analyticsInsights.handleEvents(events, tx));
  analytics.onRebuilt((workspaceId, tx) => analyticsInsights.rebuildSentiment(workspaceId, tx));
  const scopeFilter = (scope: Scope) => (scope.kind === 'self' ? { assigneeId: scope.agentId } : scope.kind === 'teams' ? { teamIds: scope.teamIds } : {});
  analyticsReports.useLiveSources({
    summarizeWaitingChats: (workspaceId, scope) => chatQueue.summarizeWaiting(workspaceId, scope.kind === 'teams' ? scope.teamIds : undefined),
    countAgentsByAvailability: (workspaceId) => users.countByAvailability(workspaceId),
    countSlaAtRisk: (workspaceId, withinMinutes, scope) => sla.countAtRisk(workspaceId, withinMinutes, scopeFilter(scope)),
    listDisconnectedIntegrations: async (workspaceId) => (await imapMailboxes.listFailing(workspaceId)).map((mailbox) => ({ source: `email:${mailbox.address}`, reason: mailbox.reason })),
  });
  // NPS and the bot keep their own numbers; the experience figures read them beside the satisfaction rollups.
  const analyticsExperience = new AnalyticsExperienceService(analyticsReports, {
    summarizeNps: (workspaceId, period) => nps.summarize(workspaceId, period),
    summarizeBot: (workspaceId, period) => botInsights.summarize(workspaceId, period),
  });
  const analyticsLibrary = new AnalyticsLibraryService(db, new AnalyticsLibraryRepository(), analyticsReports, users, workspaces, email, jobs, config.smtpUrl ? new SmtpMailer(config.smtpUrl) : undefined, clock, config.mailDomain);
  jobs.register(analyticsLibrary.deliverJob);

  return { analytics, analyticsReports, analyticsLibrary, analyticsInsights, analyticsExperience, community, portal, businessHours, sla, automations, routing, cannedResponses, knowledgeBase, helpCenter, bot, chatBot, botLearning, botInsights, messaging, notifications, tickets, comments, ticketMerge, views, presence, realtime, config, database, db, clock, audit, dataKeys, outbox, workspaces, auth, users, bootstrap, idempotency, customers, webhooks, fileStorage, attachments, jobs, email, emailIngestion, satisfaction, nps, emailOutbound, imapPoller, imapMailboxes, chat, chatQueue, chatTranscript };
}

export type Services = ReturnType<typeof createServices>;
