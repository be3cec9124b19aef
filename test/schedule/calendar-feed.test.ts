import { DateTime } from 'luxon';
import ical from 'node-ical';
import { createHttpServer } from '../../src/http/http-server';
import { calendarFeeds, mountCalendarFeed } from '../../src/http/calendar-route';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, testApp } from '../helpers';

test('the calendar feed needs its token and parses with the right Oslo times and stable UIDs; it names nobody\'s address', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  input.members = input.members.map((p) => ({ ...p, email: `${p.id}@testby.example.org` }));
  const app = await testApp(clock, [Municipality.parse(input)]);
  const http = createHttpServer();
  mountCalendarFeed(http.app, { directory: app.directory, store: app.store.read, clock, secret: app.calendarSecret });
  const port = await http.listen(0, '127.0.0.1');
  const url = calendarFeeds(`http://127.0.0.1:${port}/`, app.calendarSecret).url('testby', 'team');
  try {
    expect((await fetch(url.replace(/token=.*/, 'token=wrong'))).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/calendar/testby/nope.ics?token=x`)).status).toBe(404);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const text = await res.text();
    const events = Object.values(ical.sync.parseICS(text)).filter((e) => e.type === 'VEVENT') as ical.VEvent[];
    const first = events.find((e) => e.uid === 'testby/team/2027-01-20@slt-bot')!;
    const oslo = (d: Date) => DateTime.fromJSDate(d).setZone('Europe/Oslo').toFormat('dd.LL HH:mm');
    expect(oslo(first.start)).toBe('20.01 09:00');
    expect(oslo(first.end)).toBe('20.01 10:30');
    const summer = events.find((e) => e.uid === 'testby/team/2027-06-09@slt-bot')!;
    expect(oslo(summer.start)).toBe('09.06 09:00'); // CEST
    expect(events.length).toBeGreaterThan(20);
    expect(first.description).toMatch(/^Frist for saker: onsdag 13\. januar 2027 kl\. 09:00$/m);
    // a subscription link may travel further than the forum: no ORGANIZER, no ATTENDEE, no address
    expect(text).not.toMatch(/ORGANIZER|ATTENDEE|@testby\.example\.org/);
    // the same request twice gives the same UIDs
    const again = Object.values(ical.sync.parseICS(await (await fetch(url)).text())).filter((e) => e.type === 'VEVENT').map((e) => (e as ical.VEvent).uid);
    expect(again).toEqual(events.map((e) => e.uid));
  } finally {
    await http.close();
    await app.close();
  }
});
