import fs from 'node:fs';
import pg from 'pg';
import { logRecords } from '../log-capture';
import { FakeSlackApi, signedHeaders } from '../slack/fake-slack-api';
import { USERS } from '../slack/slack-harness';
import { createTestDatabase, type TestDatabase } from '../postgres/pg-test-database';
import { type BotProcess, dataDir, startBot, workDir } from './bot-process';
import { SharedClock } from './shared-clock';

/**
 * Three bot processes (the real entry point) on one PostgreSQL database, each on its own loopback port,
 * with one fake Slack and one fake clock (SLT_TEST_CLOCK_FILE). Signed /slt commands go round-robin to
 * the three (one delivered twice, to two of them); a fortnight of the team's term is driven by the
 * clock; one instance is killed with SIGKILL in the middle, in the middle of a send. Every acknowledged
 * submission is stored once, every message is delivered exactly once, nothing is left waiting.
 */

jest.setTimeout(420_000);

const SECRET = 'three-secret';
const TEAM = 'CTEAM01';
const TOKENS = ['xoxb-a', 'xoxb-b', 'xoxb-c'] as const;

/** The term's instants: 08:30 (the reminders), 09:30 (after the deadline) and 20:00 in Oslo (UTC+1 in winter), every day from `from` to `to`. */
function term(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(to); day += 86_400_000) {
    for (const hm of ['07:30', '08:30', '19:00']) out.push(`${new Date(day).toISOString().slice(0, 10)}T${hm}:00.000Z`);
  }
  return out;
}

interface Ack { instance: number; ok: boolean; text: string }

test('three instances on one PostgreSQL database, one killed mid-send: every acknowledged submission stored once, every message delivered exactly once', async () => {
  const api = new FakeSlackApi();
  await api.start();
  api.delay('chat.postMessage', 40); // a send is in flight for a moment: the kill lands mid-request
  const dir = workDir();
  const clock = new SharedClock(dir, '2027-01-08T09:00:00.000Z'); // Friday 10:00; the team meets Wednesday 20 January
  let database: TestDatabase | undefined;
  const bots: BotProcess[] = [];
  let victimSend: { method: string; channel: string; key?: string; call: number } | undefined;
  let watcher: pg.Client | undefined;
  try {
    database = await createTestDatabase('three');
    const env = (i: number) => ({
      DATABASE_URL: database!.url, DATABASE_POOL_SIZE: '4', SLT_DATA: dataDir(dir), SLT_DB: `${dir}/var/unused.db`,
      SLACK_BOT_TOKEN: TOKENS[i]!, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, SLT_TEST_CLOCK_FILE: clock.file,
    });
    // the first sets the database up; the other two join it
    bots.push(startBot(env(0), ['--new-database']));
    await bots[0]!.waitFor(/platforms: Slack/, 60_000);
    bots.push(startBot(env(1)), startBot(env(2)));
    await Promise.all(bots.map((b) => b.waitFor(/platforms: Slack/, 60_000)));
    const ports = bots.map((b) => Number(/HTTP on port (\d+)/.exec(b.stderr())![1]));
    const alive = (i: number) => bots[i]!.proc.exitCode === null && bots[i]!.proc.signalCode === null;
    // the clock moves on only once no live instance is in the middle of a send (its lease names it: "<pid>-…"):
    // a jump of hours while a send is in flight would make its lease run out under it, which real time does not
    // do in the 40 ms a send takes here (the dead instance's sends are left to run out, as intended)
    watcher = new pg.Client({ connectionString: database.url });
    await watcher.connect();
    const step = async (at: string) => {
      const until = Date.now() + 10_000;
      for (;;) {
        const live = bots.filter((b) => b.proc.exitCode === null && b.proc.signalCode === null).map((b) => `${b.proc.pid}-`);
        const owners = (await watcher!.query<{ owner: string | null }>("SELECT lease_owner AS owner FROM outbox WHERE status = 'sending'")).rows.map((r) => r.owner ?? '');
        if (!owners.some((o) => live.some((p) => o.startsWith(p))) || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await clock.step(at, bots);
    };

    // a signed /slt command to one instance; an instance that cannot be reached acknowledges nothing
    let next = 0;
    const post = async (instance: number, body: string): Promise<Ack> => {
      try {
        const res = await fetch(`http://127.0.0.1:${ports[instance]}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body, signal: AbortSignal.timeout(20_000) });
        const json = (await res.json().catch(() => ({}))) as { text?: string };
        return { instance, ok: res.status === 200, text: json.text ?? '' };
      } catch {
        return { instance, ok: false, text: '' };
      }
    };
    const commandBody = (user: string, text: string) => new URLSearchParams({
      token: 'x', team_id: 'T1', team_domain: 'kommune', channel_id: TEAM, channel_name: 'team', user_id: user, user_name: user,
      command: '/slt', text, api_app_id: 'A1', response_url: api.responseUrl(`cmd-${next}`), trigger_id: api.issueTrigger(),
    }).toString();
    /** round-robin; a person whose instance is gone sends again (a new request) to the next one, as someone retyping */
    let unanswered = 0;
    const command = async (user: string, text: string): Promise<Ack> => {
      for (let tries = 0; tries < 3; tries++) {
        const ack = await post(next++ % 3, commandBody(user, text));
        if (ack.ok) return ack;
        unanswered++;
      }
      return { instance: -1, ok: false, text: '' };
    };
    const submitted: { title: string; ack: Ack }[] = [];
    const submit = async (n: number) => {
      const user = [USERS.politi, USERS.vara, USERS.leder][n % 3]!;
      const title = `Sak nummer ${n}`;
      submitted.push({ title, ack: await command(user, `agenda add "${title}" Beskrivelse av sak ${n}`) });
    };
    const refOf = (title: string) => /TEAM-2027-\d{3}/.exec(submitted.find((s) => s.title === title)!.ack.text)?.[0];

    // 1. submissions, six at a time, round-robin; one delivered to two instances at once (the same request)
    for (let n = 0; n < 12; n += 6) await Promise.all([0, 1, 2, 3, 4, 5].map((k) => submit(n + k)));
    const twice = commandBody(USERS.politi, 'agenda add "Levert to ganger" Samme forespørsel');
    const both = await Promise.all([post(0, twice), post(2, twice)]);
    expect(both.map((a) => a.ok)).toEqual([true, true]);
    const twiceRef = /TEAM-2027-\d{3}/.exec(both[0]!.text)?.[0];
    expect(both.map((a) => /TEAM-2027-\d{3}/.exec(a.text)?.[0])).toEqual([expect.any(String), twiceRef]); // the same answer from both
    for (let n = 0; n < 12; n += 3) expect((await command(USERS.koord, `approve ${refOf(`Sak nummer ${n}`)}`)).text).toMatch(/TEAM-2027-\d{3}/);

    // 2. the first days of the term
    const days = term('2027-01-08', '2027-01-21').filter((at) => at > '2027-01-08T09:00:00.000Z');
    const middle = days.indexOf('2027-01-12T19:00:00.000Z');
    for (const at of days.slice(0, middle)) await step(at);

    // 3. the middle: more submissions and decisions, then the victim dies in the middle of its next send
    await Promise.all([12, 13, 14, 15, 16, 17].map((n) => submit(n)));
    for (let n = 12; n < 18; n += 2) await command(USERS.koord, `approve ${refOf(`Sak nummer ${n}`)}`);
    // whichever instance sends first from now on is killed in the middle of that send (its token tells its calls apart)
    let victim = -1;
    api.onCall = (method, body, token) => {
      const i = TOKENS.findIndex((t) => t === token);
      if (victim === -1 && i >= 0 && ['chat.postMessage', 'files.completeUploadExternal'].includes(method)) {
        victim = i;
        victimSend = { method, channel: String(body.channel ?? body.channel_id), key: (body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key, call: api.calls.length };
        bots[i]!.proc.kill('SIGKILL');
      }
    };
    for (const at of days.slice(middle, middle + 2)) await step(at);
    expect(victim).toBeGreaterThanOrEqual(0); // the wave above left messages to send
    await bots[victim]!.exited;
    // commands go on round-robin: those to the dead instance are not acknowledged, and sent again
    expect(unanswered).toBe(0);
    for (let n = 18; n < 24; n++) await submit(n);
    expect(unanswered).toBeGreaterThanOrEqual(2); // every third request went to the dead instance

    // 4. the rest of the term, then until nothing is left to send (the dead instance's leases run out on the fake clock)
    for (const at of days.slice(middle + 2)) await step(at);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rows = async () => (await client.query<{ id: number; key: string; target: string; status: string; pmid: string | null; replaces: string | null; error: string | null; home: number }>(
      'SELECT id, idempotency_key AS key, target, status, platform_message_id AS pmid, replaces_key AS replaces, last_error AS error, home FROM outbox ORDER BY id')).rows;
    try {
      let extra = Date.parse('2027-01-21T19:00:00.000Z');
      for (let i = 0; i < 6 && (await rows()).some((r) => r.status === 'pending' || r.status === 'sending'); i++) {
        extra += 10 * 60_000;
        await step(new Date(extra).toISOString());
      }
      const survivors = [0, 1, 2].filter((i) => i !== victim);
      for (const i of survivors) bots[i]!.proc.kill('SIGTERM');
      for (const i of survivors) expect(await bots[i]!.exited).toEqual({ code: 0, signal: null });

      // every acknowledged submission is stored once, under the reference its acknowledgement named
      const items = (await client.query<{ ref: string; title: string }>('SELECT ref, title FROM agenda_items')).rows;
      const acked = submitted.filter((s) => s.ack.ok);
      expect(acked).toHaveLength(24); // each was acknowledged by some instance
      for (const s of acked) expect({ title: s.title, stored: items.filter((i) => i.title === s.title).map((i) => i.ref) }).toEqual({ title: s.title, stored: [refOf(s.title)] });
      expect(items.filter((i) => i.title === 'Levert to ganger')).toHaveLength(1);
      expect(new Set(items.map((i) => i.ref)).size).toBe(items.length);
      expect(items).toHaveLength(25);
      // the commands reached all three instances, and some found the dead one gone
      expect(new Set(acked.map((s) => s.ack.instance))).toEqual(new Set([0, 1, 2]));

      // nothing left waiting, nothing failed or unknown: the dead instance's sends were checked with Slack
      const all = await rows();
      const context = `victim ${victim} killed during ${JSON.stringify(victimSend)}; ${bots.map((b, i) => `bot ${i}:\n${b.stderr().split('\n').filter((l) => /outbox|error|interrupted|arrived/i.test(l)).slice(-15).join('\n')}`).join('\n')}`;
      expect({ context, open: all.filter((r) => !['sent', 'expired'].includes(r.status)).map((r) => `${r.key} ${r.status} ${r.error}`) }).toEqual({ context, open: [] });
      // expired only as an edit of a card that was never posted (the person got none: they submitted it themselves)
      const sentKeys = new Set(all.filter((r) => r.status === 'sent').map((r) => r.key));
      expect(all.filter((r) => r.status === 'expired' && !(r.error === 'nothing to update' && r.replaces && !sentKeys.has(r.replaces))).map((r) => `${r.key} ${r.error}`)).toEqual([]);
      // no instance logged an error (a failed tick or command): every line of their logs below warning
      expect(bots.flatMap((b) => logRecords(b.stderr()).filter((r) => r.level === 'error' || r.level === 'fatal').map((r) => r.msg))).toEqual([]);

      // every post is in Slack exactly once (its outbox key is its metadata), every shared file once, nothing else was posted
      const sent = all.filter((r) => r.status === 'sent' && !r.home);
      const posts = [...api.channels.values()].flat().filter((m) => !m.threadTs);
      const keys = posts.map((m) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key);
      const files = posts.flatMap((m) => (m.files ?? []).map((f) => f.id));
      const newPosts = sent.filter((r) => !r.replaces && !r.pmid!.includes(':file:'));
      const fileRows = sent.filter((r) => r.pmid!.includes(':file:'));
      expect({ context, notOnce: newPosts.filter((r) => keys.filter((k) => k === r.key).length !== 1).map((r) => `${r.key} ×${keys.filter((k) => k === r.key).length}`) }).toEqual({ context, notOnce: [] });
      expect({ context, filesNotOnce: fileRows.filter((r) => files.filter((f) => r.pmid!.endsWith(`:file:${f}`)).length !== 1).map((r) => r.key) }).toEqual({ context, filesNotOnce: [] });
      expect(keys.filter((k) => k !== undefined).length).toBe(newPosts.length);
      expect(files.length).toBe(fileRows.length);
      expect(posts.length).toBe(newPosts.length + fileRows.length);

      // the send the victim died in arrived (Slack answered after it was gone): a survivor found it there instead of sending it again
      expect(victimSend).toBeDefined();
      expect(api.calls.slice(victimSend!.call).some((c) => c.method === 'conversations.history' && c.body.channel === victimSend!.channel && c.token !== TOKENS[victim])).toBe(true);
      if (victimSend!.key) expect(keys.filter((k) => k === victimSend!.key)).toHaveLength(1);

      // the term really ran: invitations with their files, both deadline reminders, the agenda and the meeting reminder in the team's channel
      const inTeam = (prefix: string) => api.shown(TEAM).filter((m) => String((m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? '').startsWith(prefix)).length;
      expect([inTeam('deadline-reminder:testby/team/2027-01-20'), inTeam('agenda:testby/team/2027-01-20'), inTeam('meeting-reminder:testby/team/2027-01-20')]).toEqual([2, 1, 1]);
      expect(fileRows.length).toBeGreaterThanOrEqual(10);
      // the work was shared: each surviving instance sent messages, and the victim did before it died
      const senders = new Set(api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'files.completeUploadExternal').map((c) => c.token));
      expect(senders).toEqual(new Set(TOKENS));
    } finally {
      await client.end();
    }
  } finally {
    for (const b of bots) if (b.proc.exitCode === null && b.proc.signalCode === null) b.proc.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await watcher?.end();
    await api.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
