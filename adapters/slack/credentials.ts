import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { StartupError } from '../../src/startup-error';

export interface SlackIdentity {
  botId: string;
  botUserId: string;
}

const REFUSED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

/** What auth.test answers (the fields the check reads). */
const AuthTestAnswer = z.object({ ok: z.boolean(), error: z.string().optional(), user_id: z.string().optional(), bot_id: z.string().optional() });

/**
 * POST auth.test with the token, as the Web API client would, through node:http(s): the client (@slack/web-api 8)
 * sends with Node's fetch, whose first use sets up Node's bundled undici (about 30 ms of a start on Node 24; a bare
 * Bolt app makes no call at start). Resolves with the answer of a 200; rejects with a one-line reason otherwise.
 */
function postAuthTest(botToken: string, slackApiUrl: string, timeoutMs: number): Promise<z.infer<typeof AuthTestAnswer>> {
  // as the Web API client reads SLACK_API_URL: the methods are below it, with or without its last slash
  const url = new URL('auth.test', slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`);
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    // a connection of its own, closed after the answer (agent: false): nothing of this check stays open
    const req = client.request(url, { method: 'POST', agent: false, headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': 0 } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        try {
          const answer = AuthTestAnswer.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          if (answer.success) resolve(answer.data);
          else reject(new Error('an answer that is not auth.test\'s'));
        } catch {
          reject(new Error('an answer that is not JSON'));
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Ask Slack who the bot token belongs to (auth.test) before anything else runs: a wrong token stops the
 * bot with one line naming SLACK_BOT_TOKEN, and requests never wait for this answer later.
 */
export async function checkSlackCredentials(botToken: string, opts: { slackApiUrl?: string; timeoutMs?: number } = {}): Promise<SlackIdentity> {
  let res;
  try {
    res = await postAuthTest(botToken, opts.slackApiUrl ?? 'https://slack.com/api/', opts.timeoutMs ?? 10_000);
  } catch (e) {
    const reason = typeof (e as { message?: unknown } | null)?.message === 'string' ? (e as { message: string }).message : String(e);
    throw new StartupError(`SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (${reason}); check the network${opts.slackApiUrl ? ' and SLACK_API_URL' : ''}`);
  }
  if (!res.ok) {
    const slackError = res.error ?? 'unknown_error';
    if (REFUSED.has(slackError)) {
      throw new StartupError(`SLACK_BOT_TOKEN is not accepted by Slack (${slackError}): set it to the Bot User OAuth Token (xoxb-…) of the installed app`);
    }
    throw new StartupError(`SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (${slackError}); check the network${opts.slackApiUrl ? ' and SLACK_API_URL' : ''}`);
  }
  if (!res.bot_id || !res.user_id) throw new StartupError('SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…), not a user token');
  return { botId: res.bot_id, botUserId: res.user_id };
}

/** Socket Mode: a refused app-level token is named too (apps.connections.open fails inside app.start()). */
export function socketStartError(e: unknown): Error {
  const err = e as { code?: string; data?: { error?: string }; message?: string };
  const slackError = err.data?.error ?? (REFUSED.has(err.message ?? '') ? err.message : undefined);
  return new StartupError(`SLACK_APP_TOKEN: Socket Mode could not connect (${slackError ?? err.message ?? String(e)}); set it to an App-Level Token (xapp-…) with the connections:write scope`);
}
