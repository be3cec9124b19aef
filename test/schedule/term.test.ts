import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, testApp } from '../helpers';
import { RecordingPort } from './recording-port';

/**
 * One forum through a spring and an autumn stretch, driven by a fake clock in 10-minute ticks:
 * every message, its recipients and its local delivery time. The forum meets every other Thursday
 * at 09:00; a meeting on Maundy Thursday moves to the next working day (Tuesday after Easter).
 */
function termApp(clock: FakeClock) {
  const input = fixtureInput();
  const team = input.forums[0]!;
  Object.assign(team, {
    cadence: { kind: 'weekly', every: 2, weekday: 'thursday', anchor: '2027-03-11' },
    holidayPolicy: 'move-next',
    notifications: { inviteDaysBefore: 14 },
  });
  input.forums = [team];
  return testApp(clock, [Municipality.parse(input)]);
}

async function simulate(from: string, to: string) {
  const clock = new FakeClock(from);
  const app = await termApp(clock);
  const port = new RecordingPort(clock);
  const dispatcher = app.dispatcher([port]);
  const end = new FakeClock(to).now().getTime();
  while (clock.now().getTime() < end) {
    await app.runDue();
    await dispatcher.run();
    clock.advance({ minutes: 10 });
  }
  await app.close();
  return port.delivered;
}

test('spring: invitations, reminders, publication, meeting reminder and summary prompt at the right local times, across DST and Easter', async () => {
  const sent = await simulate('2027-03-08T00:00', '2027-04-02T00:00');
  const about = (date: string) => sent.filter((d) => d.key?.includes(`/${date}`));

  // the meeting of Thursday 25 March (Maundy Thursday) is held Tuesday 30 March, after the DST switch
  const moved = about('2027-03-25').map((d) => `${d.at} ${d.kind} ${d.target} ${d.key!.split(':')[0]}`);
  expect(moved).toEqual([
    // invited 14 days ahead of 30 March 09:00 = 16 March 09:00 (CET), to every forum person
    '2027-03-16 09:00 dm koord invite', '2027-03-16 09:00 dm leder invite', '2027-03-16 09:00 dm politi invite',
    '2027-03-16 09:00 dm vara invite', '2027-03-16 09:00 dm obs invite',
    // deadline Tuesday 23 March 09:00: the reminder 3 days before falls on Saturday 20th at 08:00 and
    // waits out the weekend (quiet hours) until Monday 07:00; then one on the deadline's morning
    '2027-03-22 07:00 channel testby-team deadline-reminder',
    '2027-03-23 08:00 channel testby-team deadline-reminder',
    // published right after the deadline
    '2027-03-23 09:10 channel testby-team agenda',
    // on the meeting's morning (now CEST), and the summary prompt to the convener after it ends (10:30 + 60 min)
    '2027-03-30 08:00 channel testby-team meeting-reminder',
    '2027-03-30 11:30 dm leder summary-prompt',
  ]);
  const invite = about('2027-03-25')[0]!;
  expect(invite.text).toMatch(/tirsdag 30\. mars 2027 kl\. 09:00/);
  expect(invite.text).toMatch(/Flyttet fra 2027-03-25/);
  expect(invite.view.attachment!.content).toMatch(/DTSTART;TZID=Europe\/Oslo:20270330T090000/);
  expect(invite.view.attachment!.content).toMatch(/UID:testby\/team\/2027-03-25@slt-bot/);
  // nothing twice
  expect(new Set(sent.map((d) => `${d.key}`)).size).toBe(sent.length);
});

test('autumn DST week: local times stay put when the clocks go back', async () => {
  const sent = await simulate('2027-10-25T00:00', '2027-11-05T00:00');
  const about = sent.filter((d) => d.key?.includes('/2027-11-04')).map((d) => `${d.at} ${d.key!.split(':')[0]}`).filter((l) => !l.includes('invite'));
  expect(about).toEqual([
    '2027-10-25 08:00 deadline-reminder', // deadline Thursday 28 October 09:00, minus 3 days
    '2027-10-28 08:00 deadline-reminder',
    '2027-10-28 09:10 agenda',
    '2027-11-04 08:00 meeting-reminder',
    '2027-11-04 11:30 summary-prompt',
  ]);
});
