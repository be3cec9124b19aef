import { type ChatPort, PermanentSendError } from '../../src/core/ports/chat-port';
import type { Platform } from '../../src/core/model/municipality';
import { view } from '../../src/core/model/view';
import { FakeClock, fixture, replyText, testApp } from '../helpers';
import { logTo } from '../log-capture';

async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const m = fixture();
  const dm = (key: string, memberId: string, title = key) => app.notify({ key, to: { kind: 'member', municipality: m, memberId }, view: view('meeting', title, { lines: ['x'] }) });
  const post = (key: string, forum = 0) => app.notify({ key, to: { kind: 'forum', ref: { municipality: m, forum: m.forums[forum]! } }, view: view('info', key, { lines: ['x'] }) });
  return { clock, app, m, dm, post };
}

/** Teams as it is when the app was never installed for anyone: every DM is refused before it is sent. */
function notInstalled(platform: Platform): ChatPort & { sent: string[] } {
  return {
    platform, sent: [],
    async send(target, v) {
      if (target.kind === 'dm' && target.id !== 'aad-koord' && target.id !== 'UKOORD1') throw new PermanentSendError('no conversation yet', 'not-installed');
      if (target.kind === 'channel') throw new PermanentSendError('channel_not_found', 'not-member');
      this.sent.push(`${target.id}: ${v.title}`);
      return `m${this.sent.length}`;
    },
  };
}

test('failures of one pass become one report per coordinator, with names, grouped by cause', async () => {
  const { app, dm, post } = await setup();
  app.setRunningPlatforms(['teams']);
  for (let i = 0; i < 9; i++) for (const who of ['leder', 'politi', 'vara', 'obs', 'fremmed']) await dm(`invite:${i}:${who}`, who, `Innkalling ${i}`);
  await post('agenda');
  const port = notInstalled('teams');
  await app.dispatcher([port]).run();
  const reports = (await app.store.outbox.list()).filter((r) => r.key.startsWith('delivery:'));
  expect(reports).toHaveLength(1); // not 46
  expect(reports[0]).toMatchObject({ platform: 'teams', target: 'aad-koord', status: 'sent' }); // sent in the same pass
  const text = replyText({ views: [reports[0]!.view] });
  expect(reports[0]!.view.title).toBe('46 meldinger kom ikke fram');
  expect(text).toMatch(/^Boten er ikke lagt til der ennå .* \(45\)$/m);
  expect(text).toMatch(/^Boten er ikke \(lenger\) med i kanalen eller samtalen \(1\)$/m);
  expect(text).toContain('Innkalling 0 → Lise Teamleder (direktemelding i Teams)');
  expect(text).toContain('agenda → kanalen til Tverrfaglig team i Teams');
  expect(text).toMatch(/… og 35 til\./);
  expect(text).not.toMatch(/aad-|19:team/);
  // reported once: a second pass reports nothing new
  await app.dispatcher([port]).run();
  expect((await app.store.outbox.list()).filter((r) => r.key.startsWith('delivery:'))).toHaveLength(1);
  await app.close();
});

test('a report that cannot be delivered is never reported about', async () => {
  const { app, post } = await setup();
  app.setRunningPlatforms(['console']);
  await post('x');
  const broken: ChatPort = { platform: 'console', send: async () => { throw new PermanentSendError('gone', 'not-member'); } };
  await app.dispatcher([broken]).run();
  await app.dispatcher([broken]).run();
  const rows = await app.store.outbox.list();
  expect(rows.filter((r) => r.key.startsWith('delivery:')).map((r) => r.status)).toEqual(['failed']);
  await app.close();
});

test('messages for a platform the bot does not run are not queued; those queued earlier expire past their bound with one log line, unreported', async () => {
  const { app, dm, clock } = await setup();
  await dm('old-1', 'leder'); // queued for console, Slack and Teams by a bot that did not filter
  await dm('old-2', 'politi');
  app.setRunningPlatforms(['slack']);
  await dm('new', 'leder');
  expect((await app.store.outbox.list()).filter((r) => r.key.startsWith('new@')).map((r) => r.platform)).toEqual(['slack']);
  const log: string[] = [];
  const slack: ChatPort = { platform: 'slack', send: async () => 'ts' };
  const d = app.dispatcher([slack], { expireOtherPlatforms: true, logger: logTo(log) });
  await d.run();
  // within their bound they wait (a start with a platform briefly missing loses nothing)
  expect((await app.store.outbox.list()).filter((r) => r.platform !== 'slack').map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  expect(log).toEqual([]);
  clock.advance({ hours: 2, minutes: 1 });
  await d.run();
  const rows = await app.store.outbox.list();
  expect(rows.filter((r) => r.platform !== 'slack').map((r) => r.status)).toEqual(['expired', 'expired', 'expired', 'expired']);
  expect(rows.filter((r) => r.platform === 'slack').map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  expect(log).toEqual([
    'outbox: 2 messages for console expired unsent: console is not running in this bot (queued by an older version or while it ran)',
    'outbox: 2 messages for teams expired unsent: teams is not running in this bot (queued by an older version or while it ran)',
  ]);
  expect(rows.some((r) => r.key.startsWith('delivery:'))).toBe(false);
  await app.close();
});

test('enabling Teams on a database that ran Slack only: the stale Teams messages end in one report, not hundreds', async () => {
  const { app, m, dm } = await setup();
  // an older version queued every invitation for Teams too, while only Slack ran
  for (let i = 0; i < 40; i++) for (const who of m.members.map((x) => x.id)) await dm(`invite:${i}:${who}`, who);
  app.setRunningPlatforms(['slack', 'teams']);
  const teams = notInstalled('teams');
  const slack: ChatPort = { platform: 'slack', send: async () => 'ts' };
  await app.dispatcher([slack, teams], { expireOtherPlatforms: true, sleep: async () => {} }).run();
  const reports = (await app.store.outbox.list()).filter((r) => r.key.startsWith('delivery:'));
  // one report to the coordinator on each platform they use
  expect(reports.map((r) => `${r.platform}:${r.target}`).sort()).toEqual(['slack:UKOORD1', 'teams:aad-koord']);
  expect(reports[0]!.view.title).toBe('200 meldinger kom ikke fram');
  await app.close();
});

describe('delivery and resend: the coordinator sees the undelivered messages and sends one again', () => {
  async function failedOne() {
    const s = await setup();
    s.app.setRunningPlatforms(['teams']);
    await s.dm('card', 'politi', 'Ny sak til Tverrfaglig team');
    await s.app.dispatcher([notInstalled('teams')]).run();
    const failed = (await s.app.store.outbox.list()).find((r) => r.key.startsWith('card@'))!;
    return { ...s, failed };
  }
  const as = async (app: Awaited<ReturnType<typeof setup>>['app'], user: string, text: string) => replyText(await app.bot.handle({ platform: 'teams', userId: user, text }));

  test('the list, one message with its text, resend, done', async () => {
    const { app, failed } = await failedOne();
    const list = await as(app, 'aad-koord', 'delivery');
    expect(list).toContain('Meldinger som ikke kom fram (1)');
    expect(list).toMatch(new RegExp(`#${failed.id} · .* · Ny sak til Tverrfaglig team → Per Politi \\(direktemelding i Teams\\) · ikke lagt til`));
    const one = await as(app, 'aad-koord', `delivery #${failed.id}`);
    expect(one).toContain('Til: Per Politi (direktemelding i Teams)');
    expect(one).toMatch(/Hvorfor: Boten er ikke lagt til der ennå/);
    expect(one).toContain('Svar fra plattformen: PermanentSendError: no conversation yet');
    expect(one).toMatch(/Meldingen\nNy sak til Tverrfaglig team\nx/);
    const resent = await as(app, 'aad-koord', `resend ${failed.id}`);
    const copy = (await app.store.outbox.list()).at(-1)!;
    expect(resent).toBe(`Melding #${failed.id} sendes på nytt som #${copy.id} til Per Politi (direktemelding i Teams).`);
    expect(copy).toMatchObject({ key: `resend:${failed.id}@teams:aad-politi`, status: 'pending', target: 'aad-politi', view: failed.view });
    expect(await as(app, 'aad-koord', `resend ${failed.id}`)).toBe(`Melding #${failed.id} er allerede sendt på nytt som #${copy.id}.`);
    expect(await as(app, 'aad-koord', 'delivery')).toBe('Alle meldinger er levert.');
    // the copy fails too: it is reported and listed as a message of its own, and can be marked done
    await app.dispatcher([notInstalled('teams')]).run();
    expect(await as(app, 'aad-koord', 'delivery')).toContain(`#${copy.id} ·`);
    expect(await as(app, 'aad-koord', `delivery done ${copy.id}`)).toBe(`Melding #${copy.id} er merket som ordnet og vises ikke lenger i listen.`);
    expect(await as(app, 'aad-koord', 'delivery')).toBe('Alle meldinger er levert.');
    await app.close();
  });

  test('only the coordinator of the same municipality', async () => {
    const { app, failed } = await failedOne();
    expect(await as(app, 'aad-leder', 'delivery')).toMatch(/^Bare SLT-koordinator kan se og sende på nytt meldinger som ikke kom fram\. Ta kontakt med Kari Koordinator/);
    expect(await as(app, 'aad-leder', `resend ${failed.id}`)).toMatch(/^Bare SLT-koordinator/);
    expect(await as(app, 'aad-koord', 'resend 99999')).toBe('Finner ingen melding #99999 som ikke kom fram.');
    expect(await as(app, 'aad-koord', 'resend')).toMatch(/Mangler nummeret\. Bruk: `\/slt resend <nr>`/);
    // a delivered message is not "undelivered"
    const sent = (await app.store.outbox.list()).find((r) => r.status === 'sent')!;
    expect(await as(app, 'aad-koord', `resend ${sent.id}`)).toBe(`Finner ingen melding #${sent.id} som ikke kom fram.`);
    await app.close();
  });
});
