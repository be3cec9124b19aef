import Database from 'better-sqlite3';
import { ConsoleSession } from '../../adapters/console/console-session';
import { createApp, type SqliteApp } from '../../src/app';
import { Directory } from '../../src/core/model/directory';
import { migrate } from '../../src/store/sqlite/open-database';
import { MIGRATIONS } from '../../src/store/migrations';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { FakeClock, replyText, testApp , inTx } from '../helpers';
import { blocksText } from '../slack/fake-slack-api';
import { SlackHarness } from '../slack/slack-harness';

/**
 * Issue 13, finding 5: `bind` could take another municipality's channel (Aukra's coordinator, sitting
 * in Løten's TUT channel, bound it to Aukra's politiråd: stored, winning over the configuration after
 * every restart, Aukra's agendas posted there) and added a channel beside the configured one.
 */
describe('the takeover of another municipality\'s channel, with the demo data', () => {
  let app: SqliteApp;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock('2027-01-08T10:00');
    app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock, reportError: (e) => { throw e; } });
    await app.sync();
  });
  afterEach(() => app.close());

  const lotenTut = () => app.directory.forumById('loten', 'tut')!;
  const aukraRad = () => app.directory.forumById('aukra', 'politiradet')!;

  async function expectUntouched(platform: 'console' | 'slack', channel: string): Promise<void> {
    expect(app.directory.forumOfChannel(platform, channel)).toEqual(lotenTut());
    expect(await app.store.read.bindings()).toEqual([]);
    // after a restart too, and Aukra's politiråd still posts only in its own channels
    const restarted = new Directory(app.municipalities, await app.store.read.bindings(), []);
    expect(restarted.forumOfChannel(platform, channel)?.forum.id).toBe('tut');
    expect(restarted.channelsOf(aukraRad())).toEqual(app.directory.channelsOf(aukraRad()));
    expect(app.directory.channelsOf(aukraRad()).map((c) => c.channelId)).not.toContain(channel);
    expect(app.directory.channelsOf(lotenTut()).find((c) => c.platform === platform)?.channelId).toBe(channel);
  }

  test('console: Aukra\'s coordinator in Løten\'s TUT channel cannot bind it to Aukra\'s politiråd', async () => {
    const out: string[] = [];
    const s = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
    await s.input('/slt as aukra.koordinator');
    await s.input('/slt channel loten/tut');
    out.length = 0;
    await s.input('/slt bind politiradet');
    expect(out.join('')).toMatch(/Denne kanalen hører til et forum i Løten kommune\. En kanal kan bare brukes av én kommune/);
    await s.input('/slt bind politiradet --move');
    expect(out.join('')).not.toMatch(/knyttet til Politirådet/);
    await expectUntouched('console', 'loten-tut');
    expect(app.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE '%channel%'").get()).toEqual({ n: 0 });
  });

  test('Slack: the same, through a signed /slt bind in Løten\'s TUT channel', async () => {
    const h = await new SlackHarness(app).start();
    try {
      const r = await h.command('UA0001', 'bind politiradet', 'CL0003');
      expect(blocksText(r.json!.blocks)).toMatch(/hører til et forum i Løten kommune/);
      const moved = await h.command('UA0001', 'bind politiradet --move', 'CL0003');
      expect(blocksText(moved.json!.blocks)).toMatch(/hører til et forum i Løten kommune/);
      await expectUntouched('slack', 'CL0003');
    } finally {
      await h.stop();
    }
  });

  test('a takeover stored by an older version is ignored at start-up and listed for the log', async () => {
    await inTx(app).bindChannel({ platform: 'slack', channelId: 'CL0003', municipalityId: 'aukra', forumId: 'politiradet' }, 'koordinator', '2026-12-01T10:00:00.000Z');
    const restarted = new Directory(app.municipalities, await app.store.read.bindings(), []);
    expect(restarted.forumOfChannel('slack', 'CL0003')?.municipality.id).toBe('loten');
    expect(restarted.channelOf(aukraRad(), 'slack')).toBe('CA0001');
    expect(restarted.ignoredBindings).toEqual([{
      binding: expect.objectContaining({ channelId: 'CL0003', municipalityId: 'aukra', forumId: 'politiradet' }), reason: "another municipality's channel",
    }]);
  });
});

describe('bind within a municipality', () => {
  let app: SqliteApp;
  beforeEach(async () => {
    app = await testApp(new FakeClock('2027-01-08T10:00'));
  });
  afterEach(() => app.close());

  const SLACK: Record<string, string> = { koord: 'UKOORD1', leder: 'ULEDER1', politi: 'UPOLITI' };
  const say = async (who: string, text: string, platform: 'console' | 'slack', channelId: string) =>
    replyText(await app.bot.handle({ platform, userId: platform === 'slack' ? SLACK[who]! : who, channelId, text }));
  const team = () => app.directory.forumById('testby', 'team')!;
  const rad = () => app.directory.forumById('testby', 'rad')!;
  const channelPosts = async () => (await app.store.outbox.list()).filter((r) => r.targetKind === 'channel').map((r) => ({ to: `${r.platform}:${r.target}`, title: r.view.title ?? '', text: r.view.sections.flatMap((s) => s.lines).join(' ') }));
  const audit = () => app.db.prepare("SELECT actor, action, forum_id AS forum, from_state AS fromCh, to_state AS toCh FROM audit_log WHERE action LIKE '%channel%' ORDER BY id").all();

  test('a binding replaces the forum\'s configured channel on that platform: posts go to one channel only; both channels are told', async () => {
    expect(await say('koord', 'bind team', 'slack', 'CNEW01')).toBe('Denne kanalen er nå knyttet til Tverrfaglig team.\nTverrfaglig team legger ikke lenger ut meldinger i den forrige kanalen sin; det er sagt fra der.');
    expect(app.directory.channelsOf(team())).toEqual([
      { platform: 'slack', channelId: 'CNEW01' }, { platform: 'teams', channelId: '19:team@thread.tacv2' }, { platform: 'console', channelId: 'testby-team' },
    ]);
    expect(app.directory.forumOfChannel('slack', 'CTEAM01')).toBeUndefined();
    expect(await channelPosts()).toEqual([
      { to: 'slack:CNEW01', title: 'Kanalen er knyttet til Tverrfaglig team', text: 'Kari Koordinator har knyttet denne kanalen til Tverrfaglig team (Testby kommune). Sakslister, påminnelser og sammendrag fra forumet kommer her.' },
      { to: 'slack:CTEAM01', title: 'Tverrfaglig team bruker en annen kanal nå', text: 'Kari Koordinator har knyttet Tverrfaglig team til en annen kanal. Nye sakslister og sammendrag fra forumet kommer ikke lenger her.' },
    ]);
    expect(audit()).toEqual([{ actor: 'koord', action: 'bind-channel', forum: 'team', fromCh: 'slack:CTEAM01', toCh: 'slack:CNEW01' }]);
    // a second bind of the same forum elsewhere replaces the first binding too, in the database as well
    await say('koord', 'bind team', 'slack', 'CNEW02');
    expect(app.directory.channelOf(team(), 'slack')).toBe('CNEW02');
    expect((await app.store.read.bindings()).map((b) => b.channelId)).toEqual(['CNEW02']);
    // the agenda goes to the bound channel only
    await say('koord', 'agenda add "Tema"', 'console', 'testby-team');
    await say('koord', 'approve TEAM-2027-001', 'console', 'testby-team');
    await say('koord', 'publish', 'console', 'testby-team');
    expect((await channelPosts()).filter((p) => p.title.startsWith('Saksliste')).map((p) => p.to).sort()).toEqual(['console:testby-team', 'slack:CNEW02', 'teams:19:team@thread.tacv2']);
    // and so it stays after a restart
    const restarted = new Directory(app.municipalities, await app.store.read.bindings(), []);
    expect(restarted.channelsOf(team()).find((c) => c.platform === 'slack')).toEqual({ platform: 'slack', channelId: 'CNEW02' });
  });

  test('moving a channel from another forum of the municipality needs --move; then that forum has no channel there', async () => {
    expect(await say('koord', 'bind team', 'console', 'testby-rad')).toBe('Denne kanalen er knyttet til Politirådet. Skriv `/slt bind team --move` for å flytte den til Tverrfaglig team; da har Politirådet ingen kanal i konsollen før den får en ny.');
    expect(app.directory.forumOfChannel('console', 'testby-rad')).toEqual(rad());
    const moved = await say('koord', 'bind team --move', 'console', 'testby-rad');
    expect(moved).toMatch(/Denne kanalen er nå knyttet til Tverrfaglig team\./);
    expect(moved).toMatch(/Politirådet har ikke lenger noen kanal i konsollen/);
    expect(app.directory.forumOfChannel('console', 'testby-rad')).toEqual(team());
    expect(app.directory.channelOf(rad(), 'console')).toBeUndefined();
    expect(app.directory.channelOf(team(), 'console')).toBe('testby-rad');
    expect(audit()).toEqual([
      { actor: 'koord', action: 'bind-channel', forum: 'team', fromCh: 'console:testby-team', toCh: 'console:testby-rad' },
      { actor: 'koord', action: 'unbind-channel', forum: 'rad', fromCh: 'console:testby-rad', toCh: null },
    ]);
    expect((await channelPosts()).find((p) => p.to === 'console:testby-rad')!.text).toMatch(/Kanalen var før knyttet til Politirådet, som ikke lenger legger ut meldinger her\./);
    expect(await say('koord', 'bind team', 'console', 'testby-rad')).toBe('Denne kanalen er allerede knyttet til Tverrfaglig team.');
  });

  test('bind without a forum shows what the channel belongs to', async () => {
    expect(await say('politi', 'bind', 'slack', 'CTEAM01')).toBe('Denne kanalen er knyttet til Tverrfaglig team (Testby kommune) i konfigurasjonen.');
    expect(await say('politi', 'bind', 'slack', 'CNOWHERE')).toMatch(/^Denne kanalen er ikke knyttet til noe forum\./);
    await say('koord', 'bind rad', 'slack', 'CRAD01');
    expect(await say('politi', 'bind', 'slack', 'CRAD01')).toBe('Denne kanalen er knyttet til Politirådet (Testby kommune) med /slt bind av Kari Koordinator, fre. 08.01.2027 10:00.');
  });

  test('only the coordinator binds; a convener is refused and nothing changes', async () => {
    expect(await say('leder', 'bind team', 'slack', 'CNEW01')).toBe('Bare SLT-koordinator kan knytte kanaler til fora. Ta kontakt med Kari Koordinator (SLT-koordinator).');
    expect(await app.store.read.bindings()).toEqual([]);
    expect(await channelPosts()).toEqual([]);
  });

  test('migration: an older database with several bindings of one forum keeps the latest', async () => {
    const db = new Database(':memory:');
    const ours = MIGRATIONS.findIndex((m) => m.sqlite.includes('channel_binding_per_forum'));
    for (let v = 0; v < ours; v++) db.exec(MIGRATIONS[v]!.sqlite);
    db.pragma(`user_version = ${ours}`);
    const insert = db.prepare('INSERT INTO channel_bindings (platform, channel_id, municipality_id, forum_id, bound_by, at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('slack', 'C1', 'testby', 'team', 'koord', '2026-01-01T00:00:00.000Z');
    insert.run('slack', 'C2', 'testby', 'team', 'koord', '2026-02-01T00:00:00.000Z');
    insert.run('teams', 'T1', 'testby', 'team', 'koord', '2026-01-01T00:00:00.000Z');
    insert.run('slack', 'C3', 'testby', 'rad', 'koord', '2026-01-15T00:00:00.000Z');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect((await new SqliteStore(db).read.bindings()).map((b) => `${b.platform}:${b.channelId}`).sort()).toEqual(['slack:C2', 'slack:C3', 'teams:T1']);
    expect(() => insert.run('slack', 'C9', 'testby', 'team', 'koord', '2026-03-01T00:00:00.000Z')).toThrow(/UNIQUE/);
    db.close();
  });
});
