import type { FastifyBaseLogger } from 'fastify';
import { runMaintenanceLoop } from './maintenance.js';
import type { Services } from './services.js';

/** Background loops of this process: outbox dispatch, webhook delivery, clean-up, background jobs, IMAP polling, idle chats, SLA warnings and breaches, time-based rules, routing (reroutes, overflow, queues), NPS surveys, scheduled report emails, and a first build of analytics for workspaces older than them. Stopped through the signal. */
export function startWorkers(services: Services, logger: FastifyBaseLogger, signal: AbortSignal): Promise<void[]> {
  return Promise.all([
    services.outbox.run(signal, 1000, (error) => logger.error({ err: error }, 'outbox dispatch failed')),
    services.webhooks.run(signal, 1000, (error) => logger.error({ err: error }, 'webhook delivery failed')),
    runMaintenanceLoop(services, signal, 15 * 60_000, (error) => logger.error({ err: error }, 'maintenance failed')),
    services.jobs.start(signal, (error) => logger.error({ err: error }, 'background job failed')),
    services.imapPoller.run(signal, (error) => logger.error({ err: error }, 'IMAP polling failed')),
    services.chat.runInactivitySweep(signal, 30_000, (error) => logger.error({ err: error }, 'closing idle chats failed')),
    services.sla.runSweep(signal, services.config.slaSweepIntervalMs, (error) => logger.error({ err: error }, 'SLA sweep failed')),
    services.automations.runTimeSweep(signal, services.config.automationTimeSweepIntervalMs, (error) => logger.error({ err: error }, 'time-based rules failed')),
    services.routing.runSweep(signal, services.config.routingSweepIntervalMs, (error) => logger.error({ err: error }, 'routing sweep failed')),
    services.nps.runSweep(signal, services.config.npsSweepIntervalMs, (error) => logger.error({ err: error }, 'NPS survey sweep failed')),
    services.analyticsLibrary.runSweep(signal, 60_000, (error) => logger.error({ err: error }, 'queueing scheduled reports failed')),
    services.analytics.rebuildPending((error) => logger.error({ err: error }, 'building analytics from the ticket history failed')),
  ]);
}
