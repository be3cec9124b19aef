import { runConsole } from '../../adapters/console/run-console';
import { FakeClock, testApp } from '../helpers';
import { fakeTerminal } from './terminal';

test('a line typed after /slt clock waits until the fast-forward has played, then acts at the new time', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const { input, output, text } = fakeTerminal();
  let finishWalk!: () => void;
  const demo = {
    now: () => clock.now(),
    advance: (ms: number) => ({
      until: new Date(clock.now().getTime() + ms),
      played: new Promise<void>((resolve) => (finishWalk = () => { clock.advance({ seconds: ms / 1000 }); resolve(); })),
    }),
  };
  const run = runConsole(app, input, output, () => {}, () => {}, demo);
  input.write('/slt as politi\n/slt channel team\n/slt clock +6d\n/slt agenda add "Etter fristen"\n');
  await new Promise((r) => setTimeout(r, 50));
  expect(text()).toMatch(/Demo-klokka spoles fram til torsdag 14\. januar 2027 kl\. 10:00/);
  expect(await app.store.read.item('TEAM-2027-001')).toBeUndefined(); // still waiting for the walk
  finishWalk();
  await new Promise((r) => setTimeout(r, 50));
  // submitted on 14 January, after the 13 January 09:00 deadline of the 20 January meeting
  expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Etter fristen', state: 'late' });
  input.end();
  await run.closed;
  await app.close();
});
