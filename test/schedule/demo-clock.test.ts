import { createApp, DemoClock } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { createTick, walkDemoClock } from '../../src/scheduler/tick';
import { fixtureInput } from '../helpers';
import { RecordingPort } from './recording-port';
import { logTo } from '../log-capture';

/**
 * The demo fast-forward (SLT_NOW, `/slt clock +2d` in the console) plays the time in between:
 * a reminder whose moment lies inside the jump is sent at that moment, not dropped as missed.
 * The forum meets every other Thursday at 09:00; the deadline of Thursday 18 February is 11 February 09:00.
 */
async function demoApp(start: string) {
  const input = fixtureInput();
  const team = input.forums[0]!;
  Object.assign(team, { cadence: { kind: 'weekly', every: 2, weekday: 'thursday', anchor: '2027-02-04' }, notifications: { inviteDaysBefore: 14 } });
  input.forums = [team];
  const clock = new DemoClock(new Date(start));
  const app = await createApp({ dbFile: ':memory:', data: [Municipality.parse(input)], clock, reportError: (e) => { throw e; } });
  await app.sync();
  const port = new RecordingPort(clock);
  const logs: string[] = [];
  const tick = createTick(app, app.dispatcher([port]), { logger: logTo(logs) });
  return { app, clock, port, logs, tick };
}

const HOUR = 3_600_000;

test('walking the demo clock over a deadline sends its reminders and the agenda at their local times', async () => {
  const { app, clock, port, logs, tick } = await demoApp('2027-02-10T06:00:00Z'); // Wednesday 07:00 Oslo
  await tick();
  await walkDemoClock(clock, 30 * HOUR, tick);
  const sent = port.delivered.filter((d) => d.key?.includes('/2027-02-18')).map((d) => `${d.at} ${d.key!.split(':')[0]}`);
  // reminders at 08:00 on the deadline's morning and the agenda right after 09:00, within one 15-minute step
  expect(sent).toContain('2027-02-11 08:00 deadline-reminder');
  expect(sent.find((s) => s.endsWith(' agenda'))).toMatch(/^2027-02-11 09:(0\d|1[0-5]) agenda$/);
  // the reminder due Monday (3 days before the deadline) is still useful when the demo starts: sent at once
  expect(sent).toContain('2027-02-10 07:00 deadline-reminder');
  expect(logs.filter((l) => l.includes('/2027-02-18'))).toEqual([]);
  await app.close();
});

test('one jump with a single tick would drop them: the reason the demo clock walks', async () => {
  const { app, clock, port, logs, tick } = await demoApp('2027-02-10T06:00:00Z');
  await tick();
  clock.advance(3 * 24 * HOUR); // past the meeting itself
  await tick();
  expect(port.delivered.filter((d) => d.key?.startsWith('deadline-reminder') && d.key.includes('/2027-02-18:0'))).toEqual([]);
  expect(logs.some((l) => l.includes('deadline-reminder') && l.includes('/2027-02-18:0'))).toBe(true);
  await app.close();
});
