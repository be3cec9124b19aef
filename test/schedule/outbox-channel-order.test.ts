import type { ChatPort } from '../../src/core/ports/chat-port';
import { view } from '../../src/core/model/view';
import type { NewOutboxMessage } from '../../src/core/ports/outbox';
import type { App } from '../../src/app';
import { OutboxDispatcher } from '../../src/scheduler/dispatch-outbox';
import { FakeClock, inTx, testApp } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';

/**
 * Several instances share one outbox: a channel's messages still go out in order, one at a time
 * (an edit never overtakes its post, a later message never overtakes one waiting for a retry), and the
 * pacing per channel holds whichever instance sends. On SQLite and on PostgreSQL (the database several
 * instances share), through the port only.
 */
for (const database of ['SQLite', 'PostgreSQL'] as const) {
  describe(`per-channel order and pacing on ${database}`, () => {
    const postgres = database === 'PostgreSQL' ? postgresStores('channel_order') : undefined;
    afterAll(() => postgres?.dropAll());

    async function setup() {
      const clock = new FakeClock('2027-01-08T10:00');
      const app: App = postgres ? await testApp(clock, undefined, { store: (await postgres.open()).store }) : await testApp(clock);
      expect(app.store.constructor.name).toBe(database === 'PostgreSQL' ? 'PostgresStore' : 'SqliteStore');
      const now = () => clock.now().toISOString();
      const message = (key: string, target: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
        key, municipalityId: 'testby', platform: 'slack', targetKind: target.startsWith('C') ? 'channel' : 'dm', target,
        view: view('info', key, { lines: ['x'] }), notBefore: now(), ...extra,
      });
      const enqueue = async (key: string, target: string, extra: Partial<NewOutboxMessage> = {}) => { await inTx(app).enqueueMessage(message(key, target, extra), now()); };
      const lease = () => new Date(clock.now().getTime() + 60_000).toISOString();
      const claim = async (owner: string) => (await app.store.outbox.claim('slack', owner, now(), lease(), 10)).map((r) => r.key);
      const idOf = async (key: string) => (await app.store.outbox.list()).find((r) => r.key === key)!.id;
      return { clock, app, now, enqueue, claim, idOf };
    }

    test('a claim takes only the oldest open message of each channel: never two of one channel in flight, never one past an earlier one waiting for a retry', async () => {
      const { clock, app, now, enqueue, claim, idOf } = await setup();
      try {
        await enqueue('post', 'CTEAM01');
        await enqueue('post:edit', 'CTEAM01', { replacesKey: 'post' });
        await enqueue('dm', 'ULEDER1');
        expect(await claim('worker-a')).toEqual(['post', 'dm']);
        expect(await claim('worker-b')).toEqual([]); // the edit waits while its post is being sent
        // the post fails and waits five minutes for its retry: the edit still waits
        await app.store.outbox.markFailed(await idOf('post'), 'worker-a', 'rate limited', undefined, new Date(clock.now().getTime() + 300_000).toISOString(), now());
        expect(await claim('worker-b')).toEqual([]);
        clock.advance({ minutes: 5 });
        expect(await claim('worker-b')).toEqual(['post']);
        await app.store.outbox.markSent(await idOf('post'), 'worker-b', 'ts-1', now());
        expect(await claim('worker-a')).toEqual(['post:edit']);
      } finally {
        await app.close();
      }
    });

    test('a home row neither waits for the person\'s DMs nor holds them back', async () => {
      const { app, now, enqueue, claim, idOf } = await setup();
      try {
        await enqueue('dm-1', 'ULEDER1', { notBefore: '2027-01-11T07:00:00.000Z' }); // held by quiet hours
        await inTx(app).enqueueHomes('testby', [{ key: 'home:slack:ULEDER1', platform: 'slack', target: 'ULEDER1' }], now());
        await enqueue('dm-2', 'ULEDER1');
        expect(await claim('worker-a')).toEqual(['home:slack:ULEDER1']); // dm-2 waits for dm-1, the home row does not
        await inTx(app).enqueueHomes('testby', [{ key: 'home:slack:UPOLITI', platform: 'slack', target: 'UPOLITI' }], now());
        await enqueue('dm-3', 'UPOLITI');
        expect(await claim('worker-b')).toEqual(['home:slack:UPOLITI', 'dm-3']); // an earlier home row holds nothing back, pending or being sent
        await enqueue('dm-4', 'UPOLITI');
        await app.store.outbox.markSent(await idOf('dm-3'), 'worker-b', 'ts-3', now());
        expect(await claim('worker-b')).toEqual(['dm-4']);
      } finally {
        await app.close();
      }
    });

    test('while one worker sends a channel\'s post, another worker does not send the edit of it', async () => {
      const { app, enqueue } = await setup();
      try {
        await enqueue('post', 'CTEAM01');
        const sent: string[] = [];
        let answer!: (id: string) => void;
        let started!: () => void;
        const postStarted = new Promise<void>((r) => (started = r));
        const slow: ChatPort = {
          platform: 'slack',
          send: async (_t, v, replaceId) => {
            sent.push(`${v.title} ${replaceId ?? 'new'}`);
            if (replaceId) return replaceId;
            started();
            return new Promise<string>((r) => (answer = r));
          },
        };
        const a = app.dispatcher([slow], { owner: 'instance-a', sleep: async () => {} });
        const b = app.dispatcher([slow], { owner: 'instance-b', sleep: async () => {} });
        const first = a.run();
        await postStarted;
        await enqueue('post:edit', 'CTEAM01', { replacesKey: 'post', updateOnly: true }); // a change while the post is on its way
        expect(await b.run()).toBe(0); // the edit is not claimed (nor dropped for want of its post): its post is still being sent
        answer('ts-1');
        expect(await first).toBe(2); // the post, then its edit
        expect(sent).toEqual(['post new', 'post:edit ts-1']); // the edit changed the post, after it
        expect((await app.store.outbox.list()).map((r) => r.status)).toEqual(['sent', 'sent']);
      } finally {
        await app.close();
      }
    });

    test('pacing per channel holds across workers: a second instance waits for the interval the first one began', async () => {
      const { app, enqueue } = await setup();
      try {
        const port: ChatPort = { platform: 'slack', minIntervalMs: 1000, send: async () => 'ts' };
        const waitsB: number[] = [];
        await enqueue('first', 'CTEAM01');
        expect(await app.dispatcher([port], { owner: 'instance-a', sleep: async () => {} }).run()).toBe(1);
        await enqueue('second', 'CTEAM01');
        await enqueue('elsewhere', 'CRAD001');
        expect(await app.dispatcher([port], { owner: 'instance-b', sleep: async (ms) => void waitsB.push(ms) }).run()).toBe(2);
        expect(waitsB).toHaveLength(1); // the other channel does not wait
        expect(waitsB[0]).toBeGreaterThan(900);
      } finally {
        await app.close();
      }
    });

    test('paceChannel: now, then not before the interval is over, then again; channels are paced apart', async () => {
      const { app } = await setup();
      try {
        const q = app.store.outbox;
        const t0 = Date.parse('2030-01-01T00:00:00.000Z');
        const at = (ms: number) => new Date(t0 + ms).toISOString();
        expect(await q.paceChannel('slack', 'CTEAM01', 1000, at(0))).toBeUndefined();
        expect(await q.paceChannel('slack', 'CTEAM01', 1000, at(400))).toBe(at(1000));
        expect(await q.paceChannel('teams', 'CTEAM01', 1000, at(400))).toBeUndefined(); // another platform's channel
        expect(await q.paceChannel('slack', 'CRAD001', 1000, at(400))).toBeUndefined();
        expect(await q.paceChannel('slack', 'CTEAM01', 1000, at(999))).toBe(at(1000)); // nothing recorded by a refusal
        expect(await q.paceChannel('slack', 'CTEAM01', 1000, at(1000))).toBeUndefined();
        expect(await q.paceChannel('slack', 'CTEAM01', 1000, at(1500))).toBe(at(2000));
      } finally {
        await app.close();
      }
    });
  });
}

test('a pause that is already over when the worker would sleep is no sleep at all (never a negative timeout)', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  try {
    await inTx(app).enqueueMessage({ key: 'first@slack:CTEAM01', municipalityId: 'testby', platform: 'slack', targetKind: 'channel', target: 'CTEAM01',
      view: view('info', 'first', { lines: ['x'] }), notBefore: clock.now().toISOString() }, clock.now().toISOString());
    // another instance's pause for the channel ends a moment before this worker gets to sleep on it
    let answered = 0;
    const queue = new Proxy(app.store.outbox, {
      get: (target, prop, receiver) => (prop === 'paceChannel'
        ? async () => (answered++ === 0 ? new Date(Date.now() - 5).toISOString() : undefined)
        : Reflect.get(target, prop, receiver) as unknown),
    });
    const waits: number[] = [];
    const port: ChatPort = { platform: 'slack', minIntervalMs: 1000, send: async () => 'ts' };
    const dispatcher = new OutboxDispatcher(queue, [port], clock, { owner: 'instance-a', sleep: async (ms) => void waits.push(ms) });
    expect(await dispatcher.run()).toBe(1);
    expect(waits).toEqual([0]);
  } finally {
    await app.close();
  }
});
