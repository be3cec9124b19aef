import { FakeClock, inTx, testApp } from '../helpers';

// Issue 18: a scheduler tick looks only at forums whose work is due (StoreReads.dueForums), and every
// write of a meeting, item or action, or the time of the next piece of work, makes a forum due again.

test('a tick with nothing due reads no forum; a written action or the next work\'s time makes its forum due again', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  await app.runDue(); // the first tick looks at every forum
  const read = app.store.read.meetingsOfForum.bind(app.store.read);
  const looked: string[] = [];
  app.store.read.meetingsOfForum = (m, f) => {
    looked.push(`${m}/${f}`);
    return read(m, f);
  };
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
  const app = await testApp(clock);
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
