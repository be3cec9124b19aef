import { FakeClock, testApp , inTx } from '../helpers';
import { RecordingPort } from './recording-port';

test('after downtime over a reminder time and a deadline, only what is still useful is sent, once', async () => {
  // the team meets Wednesday 20 January 09:00; deadline Wednesday 13 January 09:00
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const port = new RecordingPort(clock);
  await app.runDue();
  await app.dispatcher([port]).run();
  const before = port.delivered.length;
  // "down" from Friday 8th to Wednesday 13th 12:00: the reminder of Sunday 10th (3 days before),
  // the morning reminder of the 13th and the deadline itself all passed
  clock.set('2027-01-13T12:00');
  const r = await app.runDue();
  expect(r.dropped.filter((k) => k.includes('team/2027-01-20'))).toEqual([
    'deadline-reminder:testby/team/2027-01-20:3', 'deadline-reminder:testby/team/2027-01-20:0',
  ]);
  expect(r.enqueued).toContain('publish:testby/team/2027-01-20');
  await app.dispatcher([port]).run();
  const after = port.delivered.slice(before);
  expect(after.filter((d) => d.kind === 'channel').map((d) => d.title)).toEqual(['Saksliste: Tverrfaglig team, onsdag 20. januar 2027 kl. 09:00']);
  // a second restart does nothing again
  expect(await app.runDue()).toEqual({ enqueued: [], dropped: [] });
  await app.dispatcher([port]).run();
  expect(port.delivered.length).toBe(before + after.length);
  await app.close();
});

test('a changed meeting time sends an updated invitation; a removed meeting a cancellation', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const port = new RecordingPort(clock);
  await app.runDue();
  await app.dispatcher([port]).run();
  const invites = port.delivered.filter((d) => d.key?.startsWith('invite:testby/team/2027-01-20:s0') && d.target === 'politi');
  expect(invites).toHaveLength(1);
  expect(invites[0]!.title).toBe('Innkalling: Tverrfaglig team');
  // the meeting moves to 10:00 (as a configuration change would do it)
  const mt = (await app.store.read.meeting('testby/team/2027-01-20'))!;
  await inTx(app).updateMeeting({ ...mt, startUtc: '2027-01-20T09:00:00.000Z', endUtc: '2027-01-20T10:30:00.000Z', sequence: 1 }, clock.now().toISOString());
  const mt2 = (await app.store.read.meeting('testby/team/2027-02-03'))!;
  await inTx(app).updateMeeting({ ...mt2, status: 'cancelled', sequence: 1 }, clock.now().toISOString());
  await app.runDue();
  await app.dispatcher([port]).run();
  const update = port.delivered.find((d) => d.key?.startsWith('invite:testby/team/2027-01-20:s1') && d.target === 'politi')!;
  expect(update.title).toBe('Endret innkalling: Tverrfaglig team');
  expect(update.view.attachment!.content).toMatch(/SEQUENCE:1/);
  expect(update.view.attachment!.content).toMatch(/DTSTART;TZID=Europe\/Oslo:20270120T100000/);
  const cancel = port.delivered.find((d) => d.key?.startsWith('cancel:testby/team/2027-02-03') && d.target === 'politi')!;
  expect(cancel.title).toBe('Avlyst: Tverrfaglig team');
  expect(cancel.view.attachment!.content).toMatch(/STATUS:CANCELLED/);
  expect(cancel.view.attachment!.content).toMatch(/METHOD:CANCEL/);
  await app.close();
});
