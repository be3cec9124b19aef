import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { crashMidSend, FakeClock, replyText } from '../helpers';
import type { FakeEvent } from './fake-graph';
import { emailOf, ORGANIZER, outlookBot, outlookRows, outlookTownInput, withGraph, withOutlookBot } from './graph-harness';

jest.setTimeout(60_000);

const TEAM = 'Tverrfaglig team';
const teamEvents = (events: Iterable<FakeEvent>) => [...events].filter((e) => e.subject === TEAM).sort((a, b) => a.start.dateTime.localeCompare(b.start.dateTime));

test('a term of meetings: each invited meeting becomes one Outlook event, moved ones are updated, a removed one is cancelled, nothing twice', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-graph-'));
  const dbFile = path.join(dir, 'slt.db');
  const clock = new FakeClock('2027-01-04T06:00');
  const first = await outlookBot(clock, undefined, dbFile);
  const { graph } = first;
  try {
    const until = async (iso: string, tick: () => Promise<void>) => {
      const end = new FakeClock(iso).now().getTime();
      while (clock.now().getTime() < end) {
        await tick();
        clock.advance({ hours: 3 });
      }
    };
    await until('2027-01-18T10:00', first.tick);
    await first.app.close();
    // the configuration changes: the team meets at 10:00 from now on, and not on 17 February
    const changed = outlookTownInput();
    Object.assign(changed.forums[0]!, { time: '10:00', cancelledDates: ['2027-02-17'] });
    const app = await createApp({ dbFile, data: [Municipality.parse(changed)], clock, reportError: (e) => { throw e; } });
    await app.sync();
    const second = withGraph(app, clock, graph);
    await until('2027-03-01T00:00', second.tick);

    const events = teamEvents(graph.events.values());
    expect(events.map((e) => `${e.start.dateTime} ${e.cancelledWith === undefined ? 'live' : 'cancelled'} patched ${e.patches}`)).toEqual([
      '2027-01-06T09:00:00 live patched 0', // over before the change: untouched
      '2027-01-20T10:00:00 live patched 1', // invited at 09:00, moved to 10:00
      '2027-02-03T10:00:00 live patched 1',
      '2027-02-17T09:00:00 cancelled patched 0',
      '2027-03-03T10:00:00 live patched 0', // invited after the change: made at 10:00
      '2027-03-17T10:00:00 live patched 0',
      '2027-03-31T10:00:00 live patched 0',
    ]);
    expect(events.find((e) => e.start.dateTime.startsWith('2027-02-17'))!.cancelledWith).toBe('Møtet onsdag 17. februar 2027 kl. 09:00 er avlyst.');
    // every event as Graph documents it: local times in Europe/Oslo, text body with the deadline, the forum's people as attendees
    for (const e of events) {
      expect(e.organizer).toBe(ORGANIZER);
      expect(e.end).toEqual({ dateTime: e.start.dateTime.replace(/T(\d\d)/, (_m, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`).replace(/:00:00$/, ':30:00'), timeZone: 'Europe/Oslo' });
      expect(e.start.timeZone).toBe('Europe/Oslo');
      expect(e.location).toEqual({ displayName: 'Rådhuset' });
      expect(e.body!.contentType).toBe('text');
      expect(e.body!.content).toMatch(/^Frist for saker: onsdag \d+\. \w+ 202[67] kl\. (09|10):00$/m);
      expect(e.attendees.map((a) => `${a.emailAddress.address} ${a.type}`).sort()).toEqual([
        `${emailOf('koord')} required`, `${emailOf('leder')} required`, `${emailOf('obs')} optional`, `${emailOf('politi')} required`, `${emailOf('vara')} optional`,
      ]);
      expect([e.isOnlineMeeting, e.onlineMeetingProvider, e.onlineMeeting?.joinUrl]).toEqual([true, 'teamsForBusiness', expect.stringMatching(/^https:\/\//)]);
    }
    expect(new Set([...graph.events.values()].map((e) => e.transactionId)).size).toBe(graph.events.size);
    // the event ids are stored: each row that created or changed an event names it
    const rows = (await outlookRows(app)).filter((r) => r.status === 'sent');
    for (const r of rows) expect(graph.events.has(r.platformMessageId!)).toBe(true);
    // members with an address were told the meeting comes in Outlook and got no .ics; the stranger got nothing
    const politi = second.chat.delivered.concat(first.chat.delivered).filter((d) => d.target === 'politi' && d.key?.startsWith('invite:testby/team/'));
    expect(politi.length).toBeGreaterThan(0);
    for (const d of politi) {
      expect(d.text).toContain(`Møtet kommer også som en invitasjon i Outlook fra ${ORGANIZER}.`);
      expect(d.view.attachment).toBeUndefined();
    }
    await app.close();
  } finally {
    await graph.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash after Graph made the event but before the bot recorded it, and an answer lost on the way back: still one event per meeting', async () => {
  await withOutlookBot('2027-01-08T10:00', async ({ clock, app, graph, port, dispatcher, logs }) => {
    await app.runDue();
    const rows = await crashMidSend(app, 'graph', clock, 60_000);
    const row = rows.find((r) => r.key.startsWith('outlook:testby/team/2027-01-20:s0'))!;
    // the dead worker's POST reached Graph; its process died before the answer was written down
    await port.apply(row.target, row.calendar!, undefined, row.key);
    expect(teamEvents(graph.events.values())).toHaveLength(1);
    // the next worker, a lease later, sends every interrupted change again
    clock.advance({ seconds: 61 });
    graph.loseAnswers(1); // and the first answer it waits for is lost too
    await dispatcher('next').run();
    clock.advance({ seconds: 6 });
    await dispatcher('next').run();
    const events = teamEvents(graph.events.values());
    expect(events.map((e) => e.start.dateTime)).toEqual(['2027-01-20T09:00:00', '2027-02-03T09:00:00', '2027-02-17T09:00:00']);
    expect((await outlookRows(app)).every((r) => r.status === 'sent')).toBe(true);
    expect((await app.store.read.outboxMessage(row.id))!.platformMessageId).toBe(events[0]!.id);
    expect(graph.calls.filter((c) => c.status === -1)).toHaveLength(1);
    expect(logs.filter((l) => l.includes('was interrupted; it is sent again'))).toHaveLength(rows.length);
  });
});

test('a 429 from Graph: the change waits the Retry-After it gave, then goes through', async () => {
  await withOutlookBot('2027-01-08T10:00', async ({ clock, app, graph, dispatcher }) => {
    await app.runDue();
    graph.throttle(1, 120);
    await dispatcher().run();
    const throttled = graph.calls.filter((c) => c.status === 429);
    expect(throttled).toHaveLength(1);
    const waiting = (await outlookRows(app)).find((r) => r.status === 'pending' && r.attempts === 1)!;
    expect(waiting.lastError).toMatch(/Graph 429 ApplicationThrottled/);
    expect(Date.parse(waiting.notBefore) - clock.now().getTime()).toBe(120_000);
    // everything else went through at once; the throttled change is not tried again before its Retry-After
    const before = graph.calls.length;
    clock.advance({ seconds: 119 });
    await dispatcher().run();
    expect(graph.calls.length).toBe(before);
    expect((await app.store.read.outboxMessage(waiting.id))!.status).toBe('pending');
    clock.advance({ seconds: 2 });
    await dispatcher().run();
    expect((await app.store.read.outboxMessage(waiting.id))!.status).toBe('sent');
    expect((await outlookRows(app)).every((r) => r.status === 'sent')).toBe(true);
  });
});

test('the answers to the Outlook invitation show in /slt next and the minutes, to the forum\'s people only', async () => {
  await withOutlookBot('2027-01-08T10:00', async ({ clock, app, graph, tick }) => {
    await tick();
    const event = teamEvents(graph.events.values())[0]!;
    graph.respond(event.id, emailOf('politi'), 'accepted');
    graph.respond(event.id, emailOf('leder'), 'accepted');
    graph.respond(event.id, emailOf('koord'), 'tentativelyAccepted');
    graph.respond(event.id, emailOf('vara'), 'declined');
    clock.advance({ minutes: 16 });
    await tick();
    const next = async (user: string) => replyText(await app.bot.handle({ platform: 'console', userId: user, text: 'next team', requestId: `r-${Math.random()}` }));
    const expected = ['Svar på invitasjonen i Outlook', 'Kommer: Lise Teamleder, Per Politi', 'Kanskje: Kari Koordinator', 'Kommer ikke: Vera Vara', 'Har ikke svart: Ole Observatør'].join('\n');
    expect(await next('politi')).toContain(expected);
    expect(await next('obs')).toContain(expected);
    // someone outside the forum sees the meeting, not who comes
    expect(await next('fremmed')).not.toMatch(/Svar på invitasjonen|Per Politi/);
    // a later answer is read back at the next round (every 15 minutes)
    graph.respond(event.id, emailOf('obs'), 'declined');
    clock.advance({ minutes: 16 });
    await tick();
    expect(await next('politi')).toContain('Kommer ikke: Ole Observatør, Vera Vara');
    // the minutes after the meeting list them too
    clock.set('2027-01-20T12:00');
    await tick();
    const minutes = replyText(await app.bot.handle({ platform: 'console', userId: 'leder', text: 'minutes team', requestId: 'm-1' }));
    expect(minutes).toContain('Svar på invitasjonen i Outlook\nKommer: Lise Teamleder, Per Politi\nKanskje: Kari Koordinator\nKommer ikke: Ole Observatør, Vera Vara');
  });
});

test('a mailbox outside the application access policy: the change fails for good and the coordinator is told where', async () => {
  await withOutlookBot('2027-01-08T10:00', async ({ clock, app, graph, dispatcher, chat }) => {
    graph.allowed = new Set(['someone.else@testby.example.org']);
    await app.runDue();
    await dispatcher().run();
    const failed = (await outlookRows(app)).filter((r) => r.status === 'failed');
    expect(failed.length).toBe((await outlookRows(app)).length);
    expect(failed[0]).toMatchObject({ failure: 'credentials' });
    expect(failed[0]!.lastError).toMatch(/Graph 403 ErrorAccessDenied.*access policy/);
    const report = chat.delivered.find((d) => d.target === 'koord' && d.key?.startsWith('delivery:'))!;
    expect(report.title).toMatch(/kom ikke fram/);
    expect(report.text).toContain(`Outlook-avtale: ${TEAM}, onsdag 20. januar 2027 kl. 09:00 → Outlook-kalenderen til ${ORGANIZER}`);
  });
});
