import { ErrorCode, WebClient, type WebClientOptions } from '@slack/web-api';
import { StartupError } from '../../src/startup-error';

export interface SlackIdentity {
  botId: string;
  botUserId: string;
}

const REFUSED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

/**
 * Ask Slack who the bot token belongs to (auth.test) before anything else runs: a wrong token stops the
 * bot with one line naming SLACK_BOT_TOKEN, and requests never wait for this answer later.
 */
export async function checkSlackCredentials(botToken: string, clientOptions: WebClientOptions = {}): Promise<SlackIdentity> {
  const client = new WebClient(botToken, { ...clientOptions, timeout: 10_000 });
  let res;
  try {
    res = await client.auth.test();
  } catch (e) {
    const err = e as { code?: string; data?: { error?: string }; message?: string };
    const slackError = err.code === ErrorCode.PlatformError ? err.data?.error : undefined;
    if (slackError && REFUSED.has(slackError)) {
      throw new StartupError(`SLACK_BOT_TOKEN is not accepted by Slack (${slackError}): set it to the Bot User OAuth Token (xoxb-…) of the installed app`);
    }
    throw new StartupError(`SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (${slackError ?? err.message ?? String(e)}); check the network${clientOptions.slackApiUrl ? ' and SLACK_API_URL' : ''}`);
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
