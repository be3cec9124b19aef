import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSlackCredentials } from '../../adapters/slack/credentials';
import { StartupError } from '../../src/startup-error';
import { FakeSlackApi } from './fake-slack-api';

/**
 * The start-up check of SLACK_BOT_TOKEN (auth.test), against the local fake of Slack's Web API: the identity it
 * answers, and one line naming the variable for every way it can fail. It is sent through node:http(s), not the
 * Web API client's fetch (whose first use costs a start about 30 ms on Node 24).
 */
let api: FakeSlackApi;
beforeEach(async () => {
  api = new FakeSlackApi();
  await api.start();
});
afterEach(() => api.stop());

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

test('answers the bot\'s identity, asked with the token as a bearer token', async () => {
  expect(await checkSlackCredentials('xoxb-right', { slackApiUrl: api.apiUrl })).toEqual({ botId: 'BBOT', botUserId: 'UBOT' });
  expect(api.calls.map((c) => [c.method, c.token])).toEqual([['auth.test', 'xoxb-right']]);
  // SLACK_API_URL without its last slash is read as the Web API client reads it
  expect(await checkSlackCredentials('xoxb-right', { slackApiUrl: api.apiUrl.replace(/\/$/, '') })).toEqual({ botId: 'BBOT', botUserId: 'UBOT' });
  expect(api.calls.map((c) => c.method)).toEqual(['auth.test', 'auth.test']);
});

test('does not use fetch (the check must not set up Node\'s undici before the bot listens)', async () => {
  const original = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new Error('fetch was used'));
  try {
    expect(await checkSlackCredentials('xoxb-right', { slackApiUrl: api.apiUrl })).toEqual({ botId: 'BBOT', botUserId: 'UBOT' });
  } finally {
    globalThis.fetch = original;
  }
});

test('a refused token names SLACK_BOT_TOKEN and Slack\'s reason', async () => {
  api.refuse('auth.test', { status: 200, error: 'invalid_auth' });
  const e = await failure(checkSlackCredentials('xoxb-wrong', { slackApiUrl: api.apiUrl }));
  expect(e).toBeInstanceOf(StartupError);
  expect((e as Error).message).toBe('SLACK_BOT_TOKEN is not accepted by Slack (invalid_auth): set it to the Bot User OAuth Token (xoxb-…) of the installed app');
});

test('another error of Slack, a server error, a rate limit or no server at all: could not be checked, naming SLACK_API_URL when it is set', async () => {
  const message = async () => ((await failure(checkSlackCredentials('xoxb-right', { slackApiUrl: api.apiUrl }))) as Error).message;
  api.failNext('auth.test', { status: 200, error: 'fatal_error' });
  expect(await message()).toBe('SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (fatal_error); check the network and SLACK_API_URL');
  api.failNext('auth.test', { status: 500 });
  expect(await message()).toBe('SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (HTTP 500); check the network and SLACK_API_URL');
  api.failNext('auth.test', { status: 429, retryAfter: 1 });
  expect(await message()).toBe('SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (HTTP 429); check the network and SLACK_API_URL');
  const closed = api.apiUrl;
  await api.stop();
  const e = await failure(checkSlackCredentials('xoxb-right', { slackApiUrl: closed }));
  expect(e).toBeInstanceOf(StartupError);
  expect((e as Error).message).toMatch(/^SLACK_BOT_TOKEN could not be checked: Slack did not answer auth\.test \(connect ECONNREFUSED [^)]+\); check the network and SLACK_API_URL$/);
  await api.start(); // for afterEach
});

/** a one-route server answering every request with `status` and `body` (what the fake has no switch for) */
async function answering(status: number, body: string, delayMs = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

test('a user token (no bot id), an answer that is not auth.test\'s and one that is not JSON are refused with one line each', async () => {
  const cases: [string, string | RegExp][] = [
    [JSON.stringify({ ok: true, user_id: 'U1' }), 'SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…), not a user token'],
    [JSON.stringify({ ok: 'yes' }), 'SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (an answer that is not auth.test\'s); check the network and SLACK_API_URL'],
    ['<html>proxy login</html>', 'SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (an answer that is not JSON); check the network and SLACK_API_URL'],
  ];
  for (const [body, expected] of cases) {
    const server = await answering(200, body);
    try {
      expect(((await failure(checkSlackCredentials('xoxp-user', { slackApiUrl: server.url }))) as Error).message).toBe(expected);
    } finally {
      await server.close();
    }
  }
});

test('a Slack that does not answer is given up after the timeout, with one line', async () => {
  const server = await answering(200, JSON.stringify({ ok: true, user_id: 'U', bot_id: 'B' }), 5_000);
  try {
    expect(((await failure(checkSlackCredentials('xoxb-right', { slackApiUrl: server.url, timeoutMs: 200 }))) as Error).message)
      .toBe('SLACK_BOT_TOKEN could not be checked: Slack did not answer auth.test (no answer within 0.2 s); check the network and SLACK_API_URL');
  } finally {
    await server.close();
  }
});
