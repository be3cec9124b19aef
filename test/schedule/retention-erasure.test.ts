import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqliteApp } from '../../src/app';
import { FakeClock, testApp, fixture } from '../helpers';
import { SlackHarness, USERS } from '../slack/slack-harness';
import { AAD, TeamsHarness } from '../teams/teams-harness';

/** Every text of the case, each with a marker no other text of the test contains. */
const TEXTS = ['Tittel Zk7q æøå', 'Beskrivelse Zk7q', 'Sporsmal Zk7q', 'Svar Zk7q', 'Omfang Zk7q', 'Formaal Zk7q'];

/** The latest version of every message the fake Slack API keeps (posts, then edits by channel and ts), and every App Home. */
function slackLatest(h: SlackHarness): string[] {
  const latest = new Map<string, string>([...h.api.homes].map(([user, v]) => [`home:${user}`, JSON.stringify(v)]));
  for (const c of h.api.calls) {
    if (c.method === 'chat.postMessage') latest.set(`${String(c.body.channel)}:${String(c.result?.ts)}`, JSON.stringify(c.body));
    if (c.method === 'chat.update') latest.set(`${String(c.body.channel)}:${String(c.body.ts)}`, JSON.stringify(c.body));
  }
  return [...latest.values()];
}

/** The latest version of every activity the fake Teams connector keeps (sends and replies, then updates by id). */
function teamsLatest(h: TeamsHarness): string[] {
  const latest = new Map<string, string>();
  for (const c of h.connector.calls) {
    if (c.verb === 'send' || c.verb === 'reply') latest.set(`${c.conversationId}:${c.resultId}`, JSON.stringify(c.body));
    if (c.verb === 'update') latest.set(`${c.conversationId}:${c.activityId}`, JSON.stringify(c.body));
  }
  return [...latest.values()];
}

/** The raw bytes of the database file and its write-ahead log, as they lie on disk. */
const rawBytes = (db: string) => Buffer.concat([db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
const found = (hay: Buffer | string[], texts: string[]) => texts.filter((t) => (Array.isArray(hay) ? hay.some((m) => m.includes(JSON.stringify(t).slice(1, -1))) : hay.includes(Buffer.from(t, 'utf8'))));

test('a case run to its purge through Slack and Teams: no text of it is left in the database file, its WAL, or any message the platforms keep', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-erase-'));
  const dbFile = path.join(dir, 'slt.db');
  const clock = new FakeClock('2027-01-08T10:00');
  const app: SqliteApp = await testApp(clock, [fixture()], { dbFile });
  const slack = await new SlackHarness(app).start();
  const teams = await new TeamsHarness(app).start();
  try {
    await teams.install(AAD.koord);
    for (const aad of Object.values(AAD)) await teams.installPersonal(aad);
    const deliver = async () => {
      await app.dispatcher([slack.adapter.chatPort], { sleep: async () => {} }).run();
      await app.dispatcher([teams.adapter.chatPort], { sleep: async () => {} }).run();
    };
    const [title, description, question, answer, covers, purpose] = TEXTS as [string, string, string, string, string, string];
    await slack.command(USERS.politi, `agenda add "${title}" ${description} --case`);
    await teams.message(AAD.leder, `ask TEAM-2027-001 ${question}`);
    await slack.command(USERS.politi, `answer TEAM-2027-001 ${answer}`);
    await teams.message(AAD.koord, `consent TEAM-2027-001 --guardian-signed 2027-01-05 --agencies Helse,Politiet --covers "${covers}" --purpose "${purpose}"`);
    await teams.message(AAD.koord, 'item TEAM-2027-001'); // a reply Teams keeps in the coordinator's personal chat
    await teams.message(AAD.politi, 'agenda mine', { personal: true });
    await teams.message(AAD.leder, 'approve TEAM-2027-001');
    await deliver();
    clock.set('2027-01-20T10:45');
    await teams.message(AAD.leder, 'decision TEAM-2027-001 Saken følges opp i skolen');
    await teams.message(AAD.leder, 'minutes approve');
    await deliver();
    // the test can see the copies while they are there
    expect(found(slackLatest(slack), TEXTS).length + found(teamsLatest(teams), TEXTS).length).toBeGreaterThan(4);
    expect(found(teamsLatest(teams), TEXTS)).toContain(covers);
    expect(found(rawBytes(dbFile), TEXTS)).toContain(title);

    clock.set('2028-02-01T10:00'); // thirteen months after the meeting
    await app.runDue();
    await deliver();

    expect(found(rawBytes(dbFile), TEXTS)).toEqual([]);
    expect(found(slackLatest(slack), TEXTS)).toEqual([]);
    expect(found(teamsLatest(teams), TEXTS)).toEqual([]);
    expect(rawBytes(dbFile).includes(Buffer.from('Saken følges opp i skolen'))).toBe(true); // the minutes' decision stays
    expect(app.db.prepare("SELECT action FROM audit_log WHERE item_ref = 'TEAM-2027-001' AND actor = 'system'").all()).toEqual([
      { action: 'purge-case-details' }, { action: 'erase-copies' },
    ]);
    // every message that carried a text now reads as erased, on both platforms
    expect(teamsLatest(teams).filter((m) => m.includes('er slettet etter lagringstiden')).length).toBeGreaterThanOrEqual(4);
    expect(slackLatest(slack).filter((m) => m.includes('er slettet etter lagringstiden')).length).toBeGreaterThanOrEqual(3);
  } finally {
    await slack.stop();
    await teams.stop();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
