import { WebSocketServer } from 'ws';
import { createSlackAdapter } from '../../adapters/slack';
import { type App, createApp } from '../../src/app';
import * as reportCommands from '../../src/cli/report-commands';
import { runCli } from '../../src/cli/main';
import { PermanentSendError, RetryableSendError, type ChatPort } from '../../src/core/ports/chat-port';
import { StorageUnavailableError } from '../../src/core/ports/store';
import { view } from '../../src/core/model/view';
import { createTick } from '../../src/scheduler/tick';
import { FakeClock, fixture } from '../helpers';
import { captureLog, type CapturedLog } from '../log-capture';
import { signedHeaders } from '../slack/fake-slack-api';
import { SECRET, SlackHarness, TEAM_CHANNEL, USERS } from '../slack/slack-harness';
import { AAD, TeamsHarness } from '../teams/teams-harness';

/**
 * Every path that logs, driven with values that must never reach the log: the platforms' tokens and
 * secrets, an Authorization header, request bodies and what a person wrote. Every value carries MARKER,
 * so one search of everything written finds any of them, whatever layer let it through.
 */
const BOT_TOKEN = 'xoxb-1111-MARKER-bot-token';
const APP_TOKEN = 'xapp-1-MARKER-app-token';
const USER_TEXT = 'Eleven MARKERPERSON har vært borte fra skolen i tre uker';
const AUTH = 'Bearer eyJhbGciOi.MARKER-authorization.c2lnbmF0dXJl';
const BODY = 'MARKER-request-body';
/** A driver's error that quotes what it was given (as PostgreSQL's "Key (…)=(…)" details do). */
const quoting = () => new Error(`insert failed: ('${USER_TEXT}', '${BODY}') using ${BOT_TOKEN}`);

let log: CapturedLog;
let app: App;
let clock: FakeClock;

beforeEach(async () => {
  log = captureLog('trace', [BOT_TOKEN, APP_TOKEN, SECRET, 'xoxb-test']);
  clock = new FakeClock('2027-01-08T10:00');
  app = await createApp({ data: [fixture()], clock, logger: log.logger });
  await app.sync();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await app.close();
});

/** Nothing sensitive in anything written, and the events expected were written (the path did log). */
function expectClean(events: string[]): void {
  const all = log.raw.join('');
  for (const needle of ['MARKER', SECRET, 'xoxb-test', 'borte fra skolen']) expect(all).not.toContain(needle);
  const written = log.records.map((r) => String(r.event));
  for (const e of events) expect(written).toContain(e);
  // every line is one JSON object with a level, a time, a message and the version
  for (const r of log.records) expect(r).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String), version: expect.any(String) }));
}

/** The next transaction fails with an error that quotes what it was given. */
const failNextTransaction = (error: Error = quoting()) => jest.spyOn(app.store, 'transaction').mockImplementationOnce(() => Promise.reject(error));

/** Every transaction a command makes fails so (the adapters' own transactions, outside commands, do not). */
function failTransactionsInCommands(): void {
  jest.restoreAllMocks(); // spied once more, a spy would call itself
  let inside = 0;
  const handle = app.bot.handle.bind(app.bot);
  jest.spyOn(app.bot, 'handle').mockImplementation(async (req) => {
    inside++;
    try {
      return await handle(req);
    } finally {
      inside--;
    }
  });
  const transaction = app.store.transaction.bind(app.store);
  jest.spyOn(app.store, 'transaction').mockImplementation((fn) => (inside ? Promise.reject(quoting()) : transaction(fn)));
}

test('Slack over HTTP: a command that fails inside, a request with a bad signature, a body that does not parse', async () => {
  const h = await new SlackHarness(app, { logger: log.logger }).start();
  try {
    failNextTransaction();
    await h.command(USERS.politi, `agenda add "${USER_TEXT}"`);
    const body = new URLSearchParams({ command: '/slt', text: USER_TEXT, user_id: USERS.politi, note: BODY }).toString();
    expect((await h.post(body, { ...signedHeaders('not-the-secret', body), authorization: AUTH })).status).toBe(401);
    const broken = `{"type":"event_callback","event":{"text":"${USER_TEXT} ${BODY}"`;
    await h.post(broken, { ...signedHeaders(SECRET, broken), 'content-type': 'application/json', authorization: AUTH });
  } finally {
    await h.stop();
  }
  expectClean(['command.error', 'slack.bolt']);
  // the command's lines carry one request id
  const ids = new Set(log.records.filter((r) => r.event === 'command.error' || r.event === 'command').map((r) => r.reqId));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toMatch(/^[0-9a-f]{16}$/);
});

test('Slack in Socket Mode: a command over the socket that fails inside, and an envelope that does not parse', async () => {
  const h = new SlackHarness(app);
  await h.api.start();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
  const api = h.api as unknown as { answer: (m: string, b: Record<string, unknown>) => Record<string, unknown> };
  const answer = api.answer.bind(h.api);
  api.answer = (m, b) => (m === 'apps.connections.open' ? { ok: true, url: wsUrl } : answer(m, b));
  const acked = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
      ws.send(`{"envelope_id":"env-0","payload":{"text":"${USER_TEXT} ${BODY}"`);
      ws.send(JSON.stringify({
        envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true,
        payload: { token: 'x', team_id: 'T1', channel_id: TEAM_CHANNEL, user_id: USERS.politi, command: '/slt', text: `agenda add "${USER_TEXT}"`, api_app_id: 'A1', response_url: h.api.responseUrl('s1'), trigger_id: 'trig-s1' },
      }));
      ws.on('message', (data) => {
        if ((JSON.parse(String(data)) as { envelope_id?: string }).envelope_id === 'env-1') resolve();
      });
    });
  });
  log.logger.guard.addSecret(APP_TOKEN);
  failNextTransaction();
  const adapter = createSlackAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock, botToken: 'xoxb-test', appToken: APP_TOKEN, slackApiUrl: h.api.apiUrl, logger: log.logger });
  try {
    await adapter.start();
    await acked;
  } finally {
    await adapter.stop();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await h.api.stop();
  }
  expectClean(['command.error']);
});

test('Teams: an activity that fails inside the core, one that fails in its turn, a body that does not parse', async () => {
  const h = await new TeamsHarness(app, log.logger).start();
  try {
    failNextTransaction(); // storing the conversation's reference
    await h.message(AAD.politi, 'help');
    failTransactionsInCommands();
    await h.message(AAD.politi, `agenda add "${USER_TEXT}"`);
    jest.spyOn(app.bot, 'languageOf').mockImplementationOnce(() => { throw quoting(); });
    await h.message(AAD.politi, USER_TEXT, { personal: true });
    const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTH }, body: `{"type":"message","text":"${USER_TEXT} ${BODY}"` });
    expect(res.status).toBe(400);
  } finally {
    await h.stop();
  }
  expectClean(['teams.reference-not-stored', 'command.error', 'teams.crash', 'teams.refused']);
  const activity = log.records.find((r) => r.event === 'teams.crash')!;
  expect(activity.delivery).toMatch(/^activity-\d+$/);
});

test('outbox: sends that fail with errors quoting the message, the token or the platform\'s answer', async () => {
  const m = fixture();
  await app.notify({ key: 'note', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', USER_TEXT, { lines: [`${USER_TEXT} (${BODY})`] }) });
  const errors: Error[] = [
    quoting(),
    new RetryableSendError(`console 503: upstream said "${USER_TEXT}" for ${BOT_TOKEN}`),
    new PermanentSendError(`console 400: the message "${USER_TEXT}" was refused`, 'other'),
  ];
  // the message fails; the coordinator's report of it goes out
  const port: ChatPort = { platform: 'console', send: async (_to, v) => { if (v.title === USER_TEXT) throw errors.shift()!; return 'ok'; } };
  app.setRunningPlatforms(['console']);
  for (let i = 0; i < 3; i++) {
    await app.dispatcher([port], { sleep: async () => {} }).run();
    clock.advance({ minutes: 1 });
  }
  expect(errors).toHaveLength(0);
  expectClean(['outbox.retry', 'outbox.failed']);
});

test('scheduler: a tick that fails, and one that meets a storage fault', async () => {
  const tick = createTick(app, app.dispatcher([]), { logger: log.logger });
  jest.spyOn(app, 'runDue').mockRejectedValueOnce(quoting());
  await expect(tick()).rejects.toThrow();
  jest.spyOn(app.store, 'checkAvailable').mockRejectedValueOnce(new StorageUnavailableError('unwritable', `the database is read-only (opened with ${BOT_TOKEN})`));
  await expect(tick()).rejects.toThrow(StorageUnavailableError);
  expectClean(['scheduler.error', 'scheduler.storage']);
  const [a, b] = log.records.filter((r) => String(r.event).startsWith('scheduler.')).map((r) => r.reqId);
  expect(a).not.toBe(b); // a request id per tick
});

test('storage faults during a command: the fault is one line, without what the person wrote', async () => {
  failNextTransaction(new StorageUnavailableError('unwritable', `could not store ('${USER_TEXT}')`));
  await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: `agenda add "${USER_TEXT}"` });
  expectClean(['command.storage']);
});

test('CLI: an unexpected error is one fatal line without its quoted values', async () => {
  jest.spyOn(reportCommands, 'statsCommand').mockRejectedValueOnce(quoting());
  const err: string[] = [];
  expect(await runCli(['stats', '--year', '2027'], () => {}, (s) => void err.push(s), log.logger)).toBe(1);
  expect(err.join('')).not.toContain('MARKER');
  expectClean(['cli.failed']);
});

test('a call site that slips: fields by name, errors, known secrets and the person\'s text are masked, each on its own', async () => {
  const l = log.logger;
  l.warn({ event: 'slip.fields', req: { headers: { authorization: AUTH, 'x-slack-signature': `v0=${BODY}` }, body: BODY, rawBody: BODY }, form: { values: { title: BODY } } }, 'fields');
  l.error({ event: 'slip.error', err: new TypeError(`cannot read ${BODY}`), nested: { cause: new Error(BODY) } }, 'an error');
  l.info({ event: 'slip.secret', url: `https://slack.com/api?token=${BOT_TOKEN}` }, `the token ${BOT_TOKEN} and the secret ${SECRET}`);
  // inside a command: what the person wrote is masked wherever it turns up, whole or a run of its words (here unquoted)
  jest.spyOn(app.store, 'transaction').mockImplementationOnce(() => {
    l.info({ event: 'slip.text', detail: `saw ${USER_TEXT}` }, `working on ${USER_TEXT}`);
    l.info({ event: 'slip.text', detail: 'har vært borte fra skolen' }, 'part of it: «har vært borte fra skolen i tre» uker');
    return Promise.reject(new StorageUnavailableError('busy', 'busy'));
  });
  await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: `agenda add "Fravær" ${USER_TEXT}` });
  expectClean(['slip.fields', 'slip.error', 'slip.secret', 'slip.text']);
});
