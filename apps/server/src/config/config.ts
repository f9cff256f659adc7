import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The whole environment, parsed once at start. Nothing else in the server reads `process.env`.
 */
const ZEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=]{43,44}$/, 'MASTER_KEY must be 32 bytes encoded in base64')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  AGENT_OFFLINE_AFTER_MS: z.coerce.number().int().positive().default(30_000),
  WORKERS: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** The built-in SMTP receiver of the email channel (`npm start` listens on it). */
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_HOST: z.string().optional(),
  /** Every workspace receives mail at `<slug>@MAIL_DOMAIN`, and replies at `<slug>+<token>@MAIL_DOMAIN`. */
  MAIL_DOMAIN: z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+$/, 'a domain name').default('localhost'),
  /** Outgoing mail (replies, acknowledgements, notifications): `smtp://user:pass@host:587` or `smtps://…`. Unset: not sent. */
  SMTP_URL: z.string().url().refine((url) => /^smtps?:\/\//i.test(url), 'SMTP_URL must start with smtp:// or smtps://').optional(),
  /**
   * Webhook subscriptions and rules' posts may reach private, loopback and link-local addresses (receivers on the
   * install's own network). Off by default: an admin-typed URL cannot make the server call inward.
   */
  ALLOW_PRIVATE_NETWORK_TARGETS: z.enum(['true', 'false']).default('false'),
  /**
   * The incremental export (`GET /api/v1/exports/tickets`) leaves out the changes of the last so many seconds: a
   * transaction still open could yet commit a change stamped before the cursor.
   */
  EXPORTS_SETTLE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** Wait before a failed outgoing email is retried; each further retry waits about twice as long. */
  EMAIL_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The built web app (`npm run build -w @switchboard/web`); served at `/` when present. */
  WEB_DIST_DIR: z.string().min(1).default(fileURLToPath(new URL('../../../web/dist', import.meta.url))),
  /** The built chat widget (`npm run build -w @switchboard/widget`); served at `/widget.js` when present. */
  WIDGET_DIST_DIR: z.string().min(1).default(fileURLToPath(new URL('../../../../packages/widget/dist', import.meta.url))),
  /** The messaging apps' APIs (a regional endpoint, a proxy, or a local server that follows their contract). */
  WHATSAPP_API_URL: z.string().url().default('https://graph.facebook.com'),
  MESSENGER_API_URL: z.string().url().default('https://graph.facebook.com'),
  TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  TWILIO_API_URL: z.string().url().default('https://api.twilio.com'),
  /** Wait before a failed outgoing message of a messaging app is retried; each further retry waits about twice as long. */
  MESSAGING_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).default(30),
  SLA_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  AUTOMATION_TIME_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(300_000),
  ROUTING_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  NPS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
});

export type TEnvironment = z.infer<typeof ZEnvironment>;

export interface AppConfig {
  environment: TEnvironment['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  masterKey: string | undefined;
  logLevel: TEnvironment['LOG_LEVEL'];
  sessionTtlMs: number;
  maxUploadBytes: number;
  webhookRetryBaseMs: number;
  /** How long an agent's app may stay disconnected (a reload, a network blip) before others see them offline. */
  agentOfflineAfterMs: number;
  runWorkers: boolean;
  /** Behind a load balancer: take the client address from X-Forwarded-For. Off, it cannot be spoofed. */
  trustProxy: boolean;
  smtpPort: number;
  /** Where the SMTP receiver listens; HOST unless SMTP_HOST is set. */
  smtpHost: string;
  mailDomain: string;
  /** Outgoing mail server; undefined: outbound mail is disabled (replies show "not sent"). */
  smtpUrl: string | undefined;
  emailRetryBaseSeconds: number;
  exportsSettleSeconds: number;
  allowPrivateNetworkTargets: boolean;
  webDistDir: string;
  widgetDistDir: string;
  /** Base URLs of the messaging apps' APIs, without a trailing slash. */
  messagingApiUrls: { whatsapp: string; messenger: string; telegram: string; sms: string };
  messagingRetryBaseSeconds: number;
  /** How often SLA warnings and breaches that came due are fired. */
  slaSweepIntervalMs: number;
  /** How often time-based automation rules are checked against open tickets. */
  automationTimeSweepIntervalMs: number;
  /** How often routing reroutes the work of offline agents, overflows queues that waited too long and serves every queue. */
  routingSweepIntervalMs: number;
  /** How often customers due an NPS survey are found and sent one. */
  npsSweepIntervalMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(environment: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = ZEnvironment.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    masterKey: env.MASTER_KEY,
    logLevel: env.LOG_LEVEL,
    sessionTtlMs: env.SESSION_TTL_HOURS * 3600_000,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    webhookRetryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    agentOfflineAfterMs: env.AGENT_OFFLINE_AFTER_MS,
    runWorkers: env.WORKERS === 'on',
    trustProxy: env.TRUST_PROXY === 'true',
    smtpPort: env.SMTP_PORT,
    smtpHost: env.SMTP_HOST ?? env.HOST,
    mailDomain: env.MAIL_DOMAIN,
    smtpUrl: env.SMTP_URL,
    emailRetryBaseSeconds: env.EMAIL_RETRY_BASE_SECONDS,
    exportsSettleSeconds: env.EXPORTS_SETTLE_SECONDS,
    allowPrivateNetworkTargets: env.ALLOW_PRIVATE_NETWORK_TARGETS === 'true',
    webDistDir: env.WEB_DIST_DIR,
    widgetDistDir: env.WIDGET_DIST_DIR,
    messagingApiUrls: {
      whatsapp: withoutTrailingSlash(env.WHATSAPP_API_URL),
      messenger: withoutTrailingSlash(env.MESSENGER_API_URL),
      telegram: withoutTrailingSlash(env.TELEGRAM_API_URL),
      sms: withoutTrailingSlash(env.TWILIO_API_URL),
    },
    messagingRetryBaseSeconds: env.MESSAGING_RETRY_BASE_SECONDS,
    slaSweepIntervalMs: env.SLA_SWEEP_INTERVAL_MS,
    automationTimeSweepIntervalMs: env.AUTOMATION_TIME_SWEEP_INTERVAL_MS,
    routingSweepIntervalMs: env.ROUTING_SWEEP_INTERVAL_MS,
    npsSweepIntervalMs: env.NPS_SWEEP_INTERVAL_MS,
  };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
