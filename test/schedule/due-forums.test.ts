import pg from 'pg';
import type { App } from '../../src/app';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { FakeClock, inTx, testApp } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';

// Issue 18: a scheduler tick looks only at forums whose work is due (StoreReads.dueForums), and every
// write of a meeting, item or action, or the time of the next piece of work, makes a forum due again.
// On SQLite and on PostgreSQL (there also with two instances on one database).

const postgres = postgresStores('due_forums');
afterAll(() => postgres.dropAll());

/** the forums a tick of `app` looks at (it reads their meetings), recorded into `looked` */
function watchTicks(app: App, looked: string[]): void {
  const read = app.store.read.meetingsOfForum.bind(app.store.read);
  app.store.read.meetingsOfForum = (m, f) => {
    looked.push(`${m}/${f}`);
    return read(m, f);
  };
}

describe.each(['SQLite', 'PostgreSQL'] as const)('due work on %s', (database) => {
  const open = async (clock: FakeClock) => (database === 'PostgreSQL' ? testApp(clock, undefined, { store: (await postgres.open()).store }) : testApp(clock));

  test('a tick with nothing due reads no forum; a written action or the next work\'s time makes its forum due again', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await open(clock);
    await app.runDue(); // the first tick looks at every forum
    const looked: string[] = [];
    watchTicks(app, looked);
    clock.advance({ minutes: 1 });
    await app.runDue();
    expect(looked).toEqual([]);
    expect(await app.store.read.dueForums(clock.now().toISOString())).toEqual([]);
    // an action written (by a command, an import, another instance) makes its forum due at once
    const mt = (await app.store.read.meetingsOfForum('testby', 'team'))[0]!;
    looked.length = 0;
    await inTx(app).addAction({ municipalityId: 'testby', forumId: 'team', meetingId: mt.id, itemRef: 'TEAM-2027-001', ownerId: 'politi', text: 'Ring skolen', due: '2027-01-20', status: 'open', createdBy: 'koord', createdAt: clock.now().toISOString() });
    clock.advance({ minutes: 1 });
    await app.runDue();
    expect(looked).toEqual(['testby/team']);
    // its reminder (some days before, at the reminder time) makes the forum due when that time comes, not before
    looked.length = 0;
    clock.advance({ minutes: 1 });
    await app.runDue();
    expect(looked).toEqual([]);
    clock.set('2027-01-19T12:00');
    const due = await app.runDue();
    expect(looked).toContain('testby/team');
    expect(due.enqueued.some((k) => k.startsWith('action-reminder:'))).toBe(true);
    await app.close();
  });

  test('a next-due time worked out before a change is not stored over it (version)', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await open(clock);
    await app.runDue();
    const now = clock.now().toISOString();
    await inTx(app).markDue('testby', ['team']);
    const [seen] = await app.store.read.dueForums(now);
    expect(seen).toMatchObject({ municipalityId: 'testby', forumId: 'team' });
    // a meeting is written while the tick works on the forum: the tick's next-due time does not hide it
    const mt = (await app.store.read.meetingsOfForum('testby', 'team'))[0]!;
    await inTx(app).updateMeeting({ ...mt, place: 'Biblioteket' }, now);
    await inTx(app).setNextDue('testby', 'team', '2027-02-01T00:00:00.000Z', seen!.version);
    expect((await app.store.read.dueForums(now)).map((d) => d.forumId)).toEqual(['team']);
    // with the current version it is stored
    const [again] = await app.store.read.dueForums(now);
    await inTx(app).setNextDue('testby', 'team', '2027-02-01T00:00:00.000Z', again!.version);
    expect(await app.store.read.dueForums(now)).toEqual([]);
    expect((await app.store.read.dueForums('2027-02-01T00:00:00.000Z')).map((d) => d.forumId)).toContain('team');
    await app.close();
  });
});

test('PostgreSQL, two instances: a forum made due by a write on instance A is looked at by instance B\'s next tick, once', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const { store, url } = await postgres.open();
  const a = await testApp(clock, undefined, { store });
  const b = await testApp(clock, undefined, { store: new PostgresStore(new pg.Pool({ connectionString: url, max: 2 })) });
  try {
    // each instance's first tick looks at every forum; then nothing is due on either
    await a.runDue();
    await b.runDue();
    const looked: string[] = [];
    watchTicks(b, looked);
    clock.advance({ minutes: 1 });
    await b.runDue();
    expect(looked).toEqual([]);
    // A writes an action (as its command would): B's next tick looks at that forum, and the one after does not
    const mt = (await a.store.read.meetingsOfForum('testby', 'team'))[0]!;
    await inTx(a).addAction({ municipalityId: 'testby', forumId: 'team', meetingId: mt.id, itemRef: 'TEAM-2027-001', ownerId: 'politi', text: 'Ring skolen', due: '2027-01-20', status: 'open', createdBy: 'koord', createdAt: clock.now().toISOString() });
    clock.advance({ minutes: 1 });
    await b.runDue();
    expect(looked).toEqual(['testby/team']);
    looked.length = 0;
    await a.runDue(); // nothing is due for A either
    clock.advance({ minutes: 1 });
    await b.runDue();
    expect(looked).toEqual([]);
  } finally {
    await b.close();
    await a.close();
  }
});
