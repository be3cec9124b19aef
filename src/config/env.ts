import { DateTime } from 'luxon';
import { z } from 'zod';
import { LOG_LEVELS } from '../observability/logger';

/** Every environment variable the bot reads, parsed once at start-up (README: "Environment"). */
export const Env = z.object({
  SLT_DB: z.string().min(1).default('var/slt.db'),
  SLT_DATA: z.string().min(1).default('data/municipalities'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** demo/fast-forward: pretend the time is this instant (ISO 8601), e.g. 2027-01-04T08:00 */
  SLT_NOW: z.string().refine((s) => DateTime.fromISO(s, { zone: 'Europe/Oslo' }).isValid, 'expected an ISO date-time such as 2027-01-04T08:00').optional(),
  /** "on" forces the terminal console, "off" disables it; default: on when no platform is configured */
  SLT_CONSOLE: z.enum(['on', 'off']).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url().optional(),
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  NODE_ENV: z.string().optional(),
  /** "dev": run the Teams endpoint without MICROSOFT_APP_ID (unauthenticated; Agents Playground, never production) */
  SLT_TEAMS: z.enum(['dev']).optional(),
  /** public base URL of this bot (calendar subscription links in invitations), e.g. https://slt.example.org */
  PUBLIC_URL: z.url('expected an absolute URL such as https://slt.example.org').optional(),
  /** secret for calendar-feed tokens; default: generated once and kept in the database */
  SLT_CALENDAR_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  /** Slack: look configured members up by e-mail once (users.lookupByEmail) when they have no Slack id */
  SLACK_LOOKUP_BY_EMAIL: z.enum(['on', 'off']).default('off'),
  /** "yes": like --new-database, create a missing database (or accept one that is not the one last used at SLT_DB) */
  SLT_NEW_DATABASE: z.enum(['yes', 'no']).default('no'),
  /** Outlook events (a municipality's `calendar.provider: graph`): the Azure app registration; default the Teams bot's MICROSOFT_APP_* */
  GRAPH_CLIENT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  GRAPH_TENANT_ID: z.string().min(1).optional(),
  /** Microsoft Entra ID's login host and Microsoft Graph's base URL (tests, national clouds) */
  GRAPH_AUTHORITY_URL: z.url().default('https://login.microsoftonline.com'),
  GRAPH_API_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  /** how long a send may take before another worker treats it as interrupted (seconds) */
  SLT_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** PostgreSQL instead of the SQLite file SLT_DB (several instances on one database) */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'expected a PostgreSQL URL such as postgres://user:password@host:5432/database').optional(),
  /** with DATABASE_URL: the connections each instance keeps (open-postgres.ts says why 5) */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** TEST ONLY: the clock of several test processes, read from this file (src/scheduler/test-clock.ts) */
  SLT_TEST_CLOCK_FILE: z.string().min(1).optional(),
  /** the least level of log lines written (to stderr) */
  LOG_LEVEL: z.enum(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`).default('info'),
  /** the bearer token /metrics asks for; with PUBLIC_URL set, /metrics is off without it */
  METRICS_TOKEN: z.string().min(24, 'expected at least 24 characters (e.g. openssl rand -hex 32)').regex(/^\S+$/, 'expected no spaces').optional(),
}).superRefine((e, ctx) => {
  if (e.SLT_TEST_CLOCK_FILE && e.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['SLT_TEST_CLOCK_FILE'], message: 'a test-only clock; never with NODE_ENV=production' });
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
  }
});
export type Env = z.infer<typeof Env>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const r = Env.safeParse(source);
  if (!r.success) {
    throw new Error(`Bad environment:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return r.data;
}
