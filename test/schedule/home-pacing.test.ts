import { view } from '../../src/core/model/view';
import { HOME_GAP_FACTOR, HOME_MIN_GAP_MS } from '../../src/scheduler/home-pacing';
import { FakeClock, testApp } from '../helpers';
import { RecordingPort } from './recording-port';

// Issue 18: a home view that takes long to render (thousands of waiting items) is not rendered again
// for the same person right away under a burst of changes; it waits a while (pending), and everything
// else goes out meanwhile. Any person's home view is rendered at most once a second (bot's clock).
test('a slow home view is rendered again for that person only after a while; quick ones after a second; other messages are not held', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const port = new RecordingPort(clock, 'slack');
  const renders: string[] = [];
  const slowFor = new Set(['UPOLITI']);
  let slowestMs = 0;
  const dispatcher = app.dispatcher([port], {
    renderHome: async ({ target }) => {
      renders.push(target);
      if (slowFor.has(target)) {
        const started = Date.now();
        await new Promise((r) => setTimeout(r, 150)); // a render that takes long
        slowestMs = Math.max(slowestMs, Date.now() - started);
      }
      return view('home', `Hjem ${target} ${renders.length}`);
    },
  });
  const change = async () => {
    await app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: `agenda add "Tema ${renders.length}"` });
  };
  try {
    await change();
    await dispatcher.run();
    expect(renders.filter((t) => t === 'UPOLITI')).toHaveLength(1);
    const quick = renders.filter((t) => t === 'UKOORD1').length;
    expect(quick).toBe(1);
    // another change at once: the home views wait (pending, later), the DMs go out
    const dmsBefore = port.delivered.filter((d) => d.kind === 'dm' && !d.title.startsWith('Hjem')).length;
    await change();
    await dispatcher.run();
    expect(renders.filter((t) => t === 'UPOLITI')).toHaveLength(1);
    expect(renders.filter((t) => t === 'UKOORD1')).toHaveLength(1);
    expect(port.delivered.filter((d) => d.kind === 'dm' && !d.title.startsWith('Hjem')).length).toBeGreaterThan(dmsBefore);
    // a second later (bot's clock) the quick one is rendered; the slow one still waits (its gap is real time)
    clock.advance({ seconds: HOME_MIN_GAP_MS / 1000 });
    await dispatcher.run();
    expect(renders.filter((t) => t === 'UKOORD1')).toHaveLength(2);
    expect(renders.filter((t) => t === 'UPOLITI')).toHaveLength(1);
    const held = (await app.store.outbox.list()).find((r) => r.home && r.target === 'UPOLITI')!;
    expect(held.status).toBe('pending');
    expect(held.notBefore > clock.now().toISOString()).toBe(true);
    // when its time comes it is rendered and sent, showing that moment's state. Its gap is measured in real
    // time (20× the render, longer on a loaded machine) and its retry is set on the bot's clock: both are
    // waited out, the fake clock moving along with real time while the worker is polled (bounded)
    await new Promise((r) => setTimeout(r, HOME_GAP_FACTOR * slowestMs));
    clock.advance({ seconds: (HOME_GAP_FACTOR * slowestMs) / 1000 });
    const until = Date.now() + 15_000;
    do await dispatcher.run();
    while (renders.filter((t) => t === 'UPOLITI').length < 2 && Date.now() < until && await new Promise((r) => setTimeout(r, 200, true)) && (clock.advance({ seconds: 0.2 }), true));
    expect(renders.filter((t) => t === 'UPOLITI')).toHaveLength(2);
  } finally {
    await app.close();
  }
}, 30_000);

test('a person\'s home view is rendered at most once a second: a burst of changes shows together a second after the last render, the first after a quiet second at once', async () => {
  const { clock, app, dispatcher, of, change } = await pacedHomes();
  try {
    await change();
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(1); // the first change shows at once
    // five more changes within the second, the worker passing after each: no render for UPOLITI
    for (let k = 0; k < 5; k++) {
      clock.advance({ seconds: 0.15 });
      await change();
      await dispatcher.run();
    }
    expect(of('UPOLITI')).toHaveLength(1);
    const held = (await app.store.outbox.list()).find((r) => r.home && r.target === 'UPOLITI')!;
    expect(held.status).toBe('pending');
    expect(held.notBefore).toBe(new Date(Date.parse(of('UPOLITI')[0]!.at) + HOME_MIN_GAP_MS).toISOString());
    // a second after the first render: one render, showing all six items
    clock.set(held.notBefore);
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(2);
    expect(of('UPOLITI')[1]!.items).toBe(6);
    // after a quiet second the next change shows at once again
    clock.advance({ seconds: HOME_MIN_GAP_MS / 1000 });
    await change();
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(3);
    expect(of('UPOLITI')[2]!.items).toBe(7);
  } finally {
    await app.close();
  }
}, 30_000);

test('a clock set back (an NTP step, `/slt clock`) does not freeze a person\'s home view until it is past the last render again: the next change shows at once, then once a second as before', async () => {
  const { clock, app, dispatcher, of, change } = await pacedHomes();
  try {
    await change();
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(1);
    // the clock goes back an hour; a change two seconds later (on the new time) shows at once
    clock.advance({ hours: -1 });
    clock.advance({ seconds: 2 });
    await change();
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(2);
    expect(of('UPOLITI')[1]!.at).toBe(clock.now().toISOString());
    // and the pacing counts from that render: a change within the second waits for it
    clock.advance({ seconds: 0.3 });
    await change();
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(2);
    const held = (await app.store.outbox.list()).find((r) => r.home && r.target === 'UPOLITI')!;
    expect(held.notBefore).toBe(new Date(Date.parse(of('UPOLITI')[1]!.at) + HOME_MIN_GAP_MS).toISOString());
    clock.set(held.notBefore);
    await dispatcher.run();
    expect(of('UPOLITI')).toHaveLength(3);
  } finally {
    await app.close();
  }
}, 30_000);

/**
 * The bot on Slack with a worker whose home renders are recorded (whose view, on the bot's clock, how many
 * items UPOLITI had submitted then); `change` is one more `agenda add` by UPOLITI, a change to that home.
 */
async function pacedHomes() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const port = new RecordingPort(clock, 'slack');
  const renders: { target: string; at: string; items: number }[] = [];
  const dispatcher = app.dispatcher([port], {
    renderHome: async ({ target }) => {
      const own = await app.store.read.itemsOfSubmitter('testby', 'politi');
      renders.push({ target, at: clock.now().toISOString(), items: own.length });
      return view('home', `Hjem ${target} ${renders.length}`);
    },
  });
  const of = (target: string) => renders.filter((r) => r.target === target);
  let n = 0;
  const change = () => app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: `agenda add "Tema ${++n}"` });
  return { clock, app, dispatcher, of, change };
}
