import ical, { type VCalendar, type VEvent } from 'node-ical';
import { Municipality, type MunicipalityInput } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, testApp , inTx } from '../helpers';
import { RecordingPort } from '../schedule/recording-port';

/** The test municipality with e-mail addresses for everyone but the stranger, and the team's deadline on a Tuesday at 12:30. */
function withEmails(overrides: Partial<MunicipalityInput> = {}, team: Record<string, unknown> = {}): Municipality {
  const input = fixtureInput(overrides);
  input.members = input.members.map((p) => (p.id === 'fremmed' ? p : { ...p, email: `${p.id}@testby.example.org` }));
  Object.assign(input.forums[0]!, { referralDeadlineDays: 8, deadlineTime: '12:30' }, team);
  return Municipality.parse(input);
}

/** Run the bot from `at` until every invitation due is delivered; the files politi received, by outbox key. */
async function invitationsAt(m: Municipality, at = '2027-01-08T10:00') {
  const clock = new FakeClock(at);
  const app = await testApp(clock, [m]);
  const port = new RecordingPort(clock);
  const deliver = async () => {
    await app.runDue();
    await app.dispatcher([port]).run();
  };
  await deliver();
  const fileOf = (keyPrefix: string) => port.delivered.find((d) => d.key?.startsWith(keyPrefix) && d.target === 'politi')?.view.attachment?.content;
  return { app, clock, port, deliver, fileOf };
}

const parse = (text: string) => {
  const all = Object.values(ical.sync.parseICS(text));
  return {
    calendar: all.find((c): c is VCalendar => c.type === 'VCALENDAR')!,
    event: all.find((c): c is VEvent => c.type === 'VEVENT')!,
    zones: all.filter((c) => c.type === 'VTIMEZONE'),
  };
};
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
/** The unfolded lines of property `name` in the file's event (not in its VTIMEZONE). */
const prop = (text: string, name: string) => {
  const lines = unfold(text).split('\r\n');
  return lines.slice(lines.indexOf('BEGIN:VEVENT')).filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
};

test('the file\'s DESCRIPTION gives the referral deadline in local time, in the municipality\'s language, never as a UTC string', async () => {
  const cases: [MunicipalityInput['language'], RegExp][] = [
    ['nb', /^Frist for saker: tirsdag 12\. januar 2027 kl\. 12:30$/m],
    ['nn', /^Frist for saker: tysdag 12\. januar 2027 kl\. 12:30$/m],
    ['en', /^Deadline for items: Tuesday 12 January 2027 at 12:30$/m],
  ];
  for (const [language, expected] of cases) {
    const { app, fileOf } = await invitationsAt(withEmails({ language }));
    const file = fileOf('invite:testby/team/2027-01-20:s0')!;
    const { event } = parse(file);
    expect(event.description).toMatch(expected);
    expect(prop(file, 'DESCRIPTION').join('')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    await app.close();
  }
});

test('a forum without a referral deadline: the file says whom to contact before the meeting, and names no deadline', async () => {
  const { app, fileOf } = await invitationsAt(withEmails({}, { referralDeadlineDays: null, deadlineTime: undefined }));
  const { event } = parse(fileOf('invite:testby/team/2027-01-20:s0')!);
  expect(event.description).toContain('Forumet har ingen frist for å melde saker: ta kontakt med teamleder før møtet.');
  expect(event.description).not.toMatch(/Frist for saker/);
  await app.close();
});

test('times carry TZID=Europe/Oslo with its VTIMEZONE on both sides of the daylight-saving switch; DTSTAMP is UTC', async () => {
  // the team meets every other Wednesday: 17 March 2027 (winter time) and 31 March 2027 (summer time)
  const { app, fileOf, clock, deliver } = await invitationsAt(withEmails(), '2027-03-01T10:00');
  clock.set('2027-03-10T10:00');
  await deliver();
  for (const [date, utcStart] of [['2027-03-17', '2027-03-17T08:00:00.000Z'], ['2027-03-31', '2027-03-31T07:00:00.000Z']] as const) {
    const file = fileOf(`invite:testby/team/${date}:s0`)!;
    expect(prop(file, 'DTSTART')).toEqual([`DTSTART;TZID=Europe/Oslo:${date.replace(/-/g, '')}T090000`]);
    expect(prop(file, 'DTEND')).toEqual([`DTEND;TZID=Europe/Oslo:${date.replace(/-/g, '')}T103000`]);
    expect(prop(file, 'DTSTAMP')[0]).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    const { event, zones } = parse(file);
    expect(zones.map((z) => (z as { tzid: string }).tzid)).toEqual(['Europe/Oslo']);
    expect(event.start.toISOString()).toBe(utcStart);
    expect(event.end.getTime() - event.start.getTime()).toBe(90 * 60_000);
  }
  await app.close();
});

test('ORGANIZER and ATTENDEE lines for the people with an e-mail address: the convener organises; deputies and observers are optional', async () => {
  const { app, fileOf } = await invitationsAt(withEmails());
  const { event } = parse(fileOf('invite:testby/team/2027-01-20:s0')!);
  expect(event.organizer).toMatchObject({ val: 'mailto:leder@testby.example.org', params: { CN: 'Lise Teamleder' } });
  const attendees = [event.attendee ?? []].flat().map((a) => (typeof a === 'string' ? a : `${a.val.toLowerCase()} ${String(a.params.ROLE)}`));
  expect(attendees.sort()).toEqual([
    'mailto:koord@testby.example.org REQ-PARTICIPANT', 'mailto:obs@testby.example.org OPT-PARTICIPANT',
    'mailto:politi@testby.example.org REQ-PARTICIPANT', 'mailto:vara@testby.example.org OPT-PARTICIPANT',
  ]);
  await app.close();
  // without any address configured: no ORGANIZER and no ATTENDEE at all
  const bare = await invitationsAt(Municipality.parse(fixtureInput()));
  const file = bare.fileOf('invite:testby/team/2027-01-20:s0')!;
  expect(prop(file, 'ORGANIZER')).toEqual([]);
  expect(prop(file, 'ATTENDEE')).toEqual([]);
  await bare.app.close();
});

test('one UID per meeting through invitation, update and cancellation; SEQUENCE raised; METHOD REQUEST then CANCEL', async () => {
  const { app, clock, fileOf, deliver } = await invitationsAt(withEmails());
  const mt = (await app.store.read.meeting('testby/team/2027-01-20'))!;
  await inTx(app).updateMeeting({ ...mt, place: 'Skolen', sequence: 1 }, clock.now().toISOString());
  await deliver();
  await inTx(app).updateMeeting({ ...(await app.store.read.meeting(mt.id))!, status: 'cancelled', sequence: 2 }, clock.now().toISOString());
  await deliver();
  const files = ['invite:testby/team/2027-01-20:s0', 'invite:testby/team/2027-01-20:s1', 'cancel:testby/team/2027-01-20:s2'].map((k) => fileOf(k)!);
  const parsed = files.map(parse);
  expect(parsed.map((p) => p.event.uid)).toEqual(Array(3).fill('testby/team/2027-01-20@slt-bot'));
  expect(parsed.map((p) => Number(p.event.sequence))).toEqual([0, 1, 2]);
  expect(parsed.map((p) => p.calendar.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
  expect(parsed.map((p) => p.event.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
  expect(parsed.map((p) => p.event.location)).toEqual(['Rådhuset', 'Skolen', 'Skolen']);
  expect(parsed[2]!.event.description).toMatch(/^Møtet onsdag 20\. januar 2027 kl\. 09:00 er avlyst\.$/m);
  await app.close();
});
