import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app';
import { systemClock } from '../../src/core/ports/clock';
import { view } from '../../src/core/model/view';
import { quietFreeFixture } from '../schedule/quiet-free-fixture';
import { FakeSlackApi } from '../slack/fake-slack-api';
import { activityText, FakeConnector } from '../teams/fake-connector';
import { type BotProcess, dataDir, startBot, workDir } from './bot-process';

jest.setTimeout(90_000);

const SLACK = 300;
const TEAMS = 40;
const LEASE_S = 1;

/** A small seeded generator, so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A database with a burst of 300 Slack posts (300 channels) and 40 Teams posts queued, as after a busy decision. */
async function burst(dir: string, connectorUrl: string): Promise<string> {
  const file = path.join(dir, 'var', 'slt.db');
  const app = await createApp({ dbFile: file, data: [quietFreeFixture()], clock: systemClock, calendarSecret: 'x' });
  const now = new Date().toISOString();
  const insert = app.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at, created_at, updated_at)
    VALUES (?, 'testby', ?, 'channel', ?, ?, ?, ?, ?, ?)`);
  const saveRef = app.db.prepare('INSERT INTO conversation_refs (key, reference_json, reachable, updated_at) VALUES (?, ?, 1, ?)');
  app.db.transaction(() => {
    for (let i = 0; i < SLACK; i++) insert.run(`burst-${i}@slack:C${i}`, 'slack', `C${i}`, JSON.stringify(view('info', `Melding S${i}`, { lines: ['x'] })), now, now, now, now);
    for (let i = 0; i < TEAMS; i++) {
      const channel = `19:kanal-${i}@thread.tacv2`;
      insert.run(`burst-${i}@teams:${channel}`, 'teams', channel, JSON.stringify(view('info', `Melding T${i}`, { lines: ['x'] })), now, now, now, now);
      const ref = { serviceUrl: connectorUrl, channelId: 'msteams', conversation: { id: channel, isGroup: true, conversationType: 'channel' }, bot: { id: '28:slt-bot', name: 'SLT' } };
      saveRef.run(`teams:channel:${channel}`, JSON.stringify(ref), now);
    }
    const personal = { serviceUrl: connectorUrl, channelId: 'msteams', conversation: { id: 'a:personal-koord', conversationType: 'personal' }, user: { id: '29:aad-koord', aadObjectId: 'aad-koord' }, bot: { id: '28:slt-bot', name: 'SLT' } };
    saveRef.run('teams:user:aad-koord', JSON.stringify(personal), now);
  }).immediate();
  await app.close();
  return file;
}

test('killed with SIGKILL and SIGTERM at random points of a 340-message burst and restarted: every message ends sent once or reported, none left waiting', async () => {
  const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
  const rnd = random(seed);
  const api = new FakeSlackApi();
  const connector = new FakeConnector();
  await Promise.all([api.start(), connector.start()]);
  api.delay('chat.postMessage', 3); // a send is in flight for a moment: a kill can land mid-request
  const dir = workDir();
  const file = await burst(dir, connector.url);
  const env = {
    SLT_DB: file, SLT_DATA: dataDir(dir), SLACK_BOT_TOKEN: 'xoxb-kill', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: api.apiUrl,
    SLT_TEAMS: 'dev', SLT_OUTBOX_LEASE_SECONDS: String(LEASE_S),
  };
  const rounds: { signal: 'SIGKILL' | 'SIGTERM'; after: number }[] = [];
  const log: string[] = [];
  try {
    // a kill point is the n-th message arriving at either platform, whichever it is
    const arrived = () => api.of('chat.postMessage').length + connector.calls.filter((c) => c.verb === 'send').length;
    for (const signal of ['SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGTERM', 'SIGKILL'] as const) {
      const after = arrived() + 1 + Math.floor(rnd() * 70);
      rounds.push({ signal, after });
      let bot: BotProcess | undefined;
      const maybeKill = () => {
        if (arrived() >= after) bot?.proc.kill(signal);
      };
      api.onCall = maybeKill;
      connector.onActivity = maybeKill;
      bot = startBot(env);
      const exit = await bot.exited;
      api.onCall = () => {};
      connector.onActivity = () => {};
      log.push(`${signal} after ${after}: ${JSON.stringify(exit)}`);
      if (signal === 'SIGTERM') {
        expect(exit).toEqual({ code: 0, signal: null }); // a clean stop within its grace time
        expect(bot.stderr()).toMatch(/outbox: stopped; released \d+ claimed messages/);
      }
      await new Promise((r) => setTimeout(r, LEASE_S * 1000 + 200)); // the dead worker's leases run out
    }
    // the last start runs until nothing is left to do
    const last = startBot(env);
    const open = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await last.waitFor(/platforms: /);
    for (const end = Date.now() + 40_000; open() > 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 200));
    last.proc.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });

    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT id, idempotency_key AS key, platform, status, reported_at FROM outbox ORDER BY id').all() as { id: number; key: string; platform: string; status: string; reported_at: string | null }[];
    db.close();
    const context = `seed ${seed}; rounds ${JSON.stringify(rounds)}; ${log.join('; ')}`;
    // none silently waiting
    expect({ context, waiting: rows.filter((r) => r.status === 'pending' || r.status === 'sending').map((r) => r.key) }).toEqual({ context, waiting: [] });
    // Slack can be asked (conversations.history): every burst message there arrived exactly once
    const slackPosts = [...api.channels.values()].flat().map((m) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key).filter(Boolean);
    const count = (key: string) => slackPosts.filter((k) => k === key).length;
    const slackBurst = rows.filter((r) => r.key.startsWith('burst-') && r.platform === 'slack');
    expect({ context, notOnce: slackBurst.filter((r) => r.status !== 'sent' || count(r.key) !== 1).map((r) => `${r.key} ${r.status} ×${count(r.key)}`) }).toEqual({ context, notOnce: [] });
    // Teams cannot be asked: a message is sent once, or (interrupted) unknown and reported; never twice
    const teamsPosts = connector.calls.filter((c) => c.verb === 'send').map((c) => activityText(c.body).split('\n')[0]!);
    const teamsBurst = rows.filter((r) => r.key.startsWith('burst-') && r.platform === 'teams');
    const delivered = (r: { key: string }) => teamsPosts.filter((t) => t === `Melding T${r.key.slice(6, r.key.indexOf('@'))}`).length;
    expect({ context, twice: teamsBurst.filter((r) => delivered(r) > 1).map((r) => r.key) }).toEqual({ context, twice: [] });
    expect({ context, wrong: teamsBurst.filter((r) => !(r.status === 'sent' && delivered(r) === 1) && !(r.status === 'unknown' && r.reported_at)).map((r) => `${r.key} ${r.status}`) }).toEqual({ context, wrong: [] });
    // every message that did not arrive (or may not have) was reported to the coordinator
    const problems = rows.filter((r) => (r.status === 'failed' || r.status === 'unknown') && !r.key.startsWith('delivery:'));
    expect(problems.filter((r) => !r.reported_at)).toEqual([]);
    const reports = [...(api.channels.get('DUKOORD1') ?? [])].map((m) => m.text).join('\n');
    for (const r of problems.filter((p) => p.key.startsWith('burst-'))) expect(reports).toContain(`#${r.id} ·`);
  } finally {
    await Promise.all([api.stop(), connector.stop()]);
    if (!process.env.KEEP_KILL_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
});
