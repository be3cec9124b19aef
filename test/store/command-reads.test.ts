import { FakeClock, inTx, testApp } from '../helpers';
import type { SqliteApp } from '../../src/app';
import type { MeetingRecord } from '../../src/core/model/records';

// Issue 18: the reads every command makes cost the same with 10 items or 10,000 (no whole-table scans),
// and a command reads only the meetings it needs.

/** The SQL texts `work` prepares on the app's database (its statements, whether or not cached). */
async function preparedDuring(app: SqliteApp, work: () => Promise<unknown>): Promise<string[]> {
  const prepared: string[] = [];
  const prepare = app.db.prepare.bind(app.db);
  app.db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof app.db.prepare;
  try {
    await work();
  } finally {
    app.db.prepare = prepare;
  }
  return prepared;
}

/** EXPLAIN QUERY PLAN of `sql` (every parameter, positional or named, bound to 'x'), its steps joined. */
const planOf = (app: SqliteApp, sql: string): string => {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const statement = app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const steps = (named.length ? statement.all(Object.fromEntries(named.map((n) => [n, 'x'])))
    : statement.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x'))) as { detail: string }[];
  return steps.map((p) => p.detail).join('; ');
};

test('upcomingMeetings: planned meetings after the instant (strictly), soonest first, at most `limit`', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const all = await app.store.read.meetingsOfForum('testby', 'team');
  const expected = (after: string) => all.filter((m) => m.status === 'planned' && m.startUtc > after);
  const second = all[1]!;
  // one cancelled meeting among them is never upcoming
  await app.store.transaction((tx) => tx.updateMeeting({ ...all[2]!, status: 'cancelled' }, clock.now().toISOString()));
  const cancelled = all[2]!.id;
  const now = clock.now().toISOString();
  const ids = (ms: MeetingRecord[]) => ms.map((m) => m.id);
  expect(ids(await app.store.read.upcomingMeetings('testby', 'team', now))).toEqual(ids(expected(now)).filter((id) => id !== cancelled));
  expect(ids(await app.store.read.upcomingMeetings('testby', 'team', now, 2))).toEqual(ids(expected(now)).filter((id) => id !== cancelled).slice(0, 2));
  // strictly after: a meeting starting at the instant is not upcoming any more
  expect(ids(await app.store.read.upcomingMeetings('testby', 'team', second.startUtc, 1))).toEqual(ids(expected(second.startUtc)).filter((id) => id !== cancelled).slice(0, 1));
  expect(await app.store.read.upcomingMeetings('testby', 'nosuchforum', now)).toEqual([]);
  expect(await inTx(app).upcomingMeetings('testby', 'team', '9999', 3)).toEqual([]);
  await app.close();
});

test('the look-ups of a command use an index, not a scan of the whole table', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00')) as SqliteApp;
  const prepared = await preparedDuring(app, async () => {
    const [mt] = await app.store.read.upcomingMeetings('testby', 'team', '2027-01-08T10:00:00.000Z', 1);
    await app.store.read.item('team-2027-001');
    await app.store.read.itemsRaisedFrom('TEAM-2027-001');
    await app.store.read.itemsOfMeeting(mt!.id);
    await app.store.read.meeting(mt!.id);
    await app.store.read.processedReply('slack:command:1');
    await app.store.read.publication(mt!.id);
  });
  expect(prepared.length).toBeGreaterThanOrEqual(7);
  for (const sql of prepared) {
    const plan = planOf(app, sql);
    expect(`${sql.replace(/\s+/g, ' ')} → ${plan}`).not.toMatch(/→ .*\bSCAN (agenda_items|meetings|processed_requests|agenda_publications)\b/);
  }
  await app.close();
});

test('the outbox worker\'s claim reads the head of each channel (one index step per channel) and the expiring messages through their indexes, not every pending message', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00')) as SqliteApp;
  const prepared = await preparedDuring(app, () => app.store.outbox.claim('slack', 'test', '2027-01-08T10:00:00.000Z', '2027-01-08T10:05:00.000Z', 10));
  const plans = prepared.filter((sql) => /FROM outbox|UPDATE outbox/.test(sql) && !/SET status = 'sending'/.test(sql)).map((sql) => planOf(app, sql));
  expect(plans).toEqual([expect.stringMatching(/USING INDEX outbox_expiring/), expect.stringMatching(/USING INDEX outbox_channel_heads.*USING INDEX outbox_channel_heads/)]);
  for (const plan of plans) expect(plan).not.toMatch(/outbox_due|SCAN outbox|GROUP BY/);
  // one step per channel: the next target after the last one, then that channel's first message
  expect(plans[1]).toMatch(/SEARCH outbox USING INDEX outbox_channel_heads \(platform=\? AND home=\? AND target>\?\)/);
  expect(plans[1]).toMatch(/SEARCH outbox USING INDEX outbox_channel_heads \(platform=\? AND home=\? AND target=\?\)/);
  await app.close();
});

test('the undelivered messages are read through outbox_problems, which holds no pending or sent message', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00')) as SqliteApp;
  const prepared = await preparedDuring(app, async () => {
    await app.store.transaction((tx) => tx.takeUnreported('2027-01-08T10:00:00.000Z'));
    await app.store.read.undeliveredMessages('testby', 10);
    await app.store.read.countUndelivered('testby');
  });
  const reads = prepared.filter((sql) => /status IN \('failed', 'unknown'\)/.test(sql) && !/^\s*UPDATE/.test(sql));
  expect(reads).toHaveLength(3);
  for (const sql of reads) expect(planOf(app, sql)).toMatch(/USING (COVERING )?INDEX outbox_problems/);
  // a partial index cannot answer for rows outside its condition: SQLite finds no plan through it for them
  for (const status of ['pending', 'sending', 'sent']) {
    expect(() => planOf(app, `SELECT id FROM outbox INDEXED BY outbox_problems WHERE status = '${status}'`)).toThrow(/no query solution/);
  }
  await app.close();
});

test('a pass expires the messages of platforms not running through the index of pending messages by due time, rows from before due_at included', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00')) as SqliteApp;
  const add = app.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at, created_at, updated_at)
    VALUES (?, 'testby', ?, 'dm', 'x', '{"kind":"info","sections":[]}', ?, ?, '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`);
  add.run('old-without-due@teams:x', 'teams', '2027-01-01T00:00:00.000Z', null);
  add.run('old@teams:x', 'teams', '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
  add.run('recent-without-due@teams:x', 'teams', '2027-01-08T09:59:00.000Z', null);
  add.run('old@slack:x', 'slack', '2027-01-01T00:00:00.000Z', null);
  let expiredCounts: Record<string, number> = {};
  const prepared = await preparedDuring(app, async () => {
    expiredCounts = await app.store.outbox.expireNotRunning(['slack'], '2027-01-05T00:00:00.000Z', '2027-01-08T10:00:00.000Z');
  });
  expect(expiredCounts).toEqual({ teams: 2 });
  const expired = (app.db.prepare("SELECT idempotency_key AS k FROM outbox WHERE status = 'expired' ORDER BY k").all() as { k: string }[]).map((r) => r.k);
  expect(expired).toEqual(['old-without-due@teams:x', 'old@teams:x']);
  for (const sql of prepared) expect(sql).toMatch(/INDEXED BY outbox_pending_by_due/);
  await app.close();
});

test('the home view\'s item reads walk the forum\'s meetings in start order and stop at the limit: no sort of a meeting\'s items, no scan of the municipality\'s items', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock) as SqliteApp;
  const now = clock.now().toISOString();
  const meetings = await app.store.read.meetingsOfForum('testby', 'team');
  const undecided = ['submitted', 'late', 'needs-info', 'needs-consent'] as const;
  const prepared = await preparedDuring(app, async () => {
    await app.store.read.ownItemsOfForum('testby', 'x', 'team', meetings.slice(0, 2).map((m) => m.id), undecided, 8);
    await app.store.read.itemsInStatesOfStartedMeetings('testby', 'team', undecided, now);
  });
  expect(prepared).toHaveLength(2);
  const [own, started] = prepared.map((sql) => planOf(app, sql));
  // a member's own items: each meeting's items of that member, from the index, whether they have none or thousands
  expect(own).toMatch(/^SEARCH m USING COVERING INDEX meetings_by_forum .*SEARCH i USING INDEX items_by_submitter \(municipality_id=\? AND submitter_id=\? AND meeting_id=\?\)/);
  // undecided items of the forum's started meetings: each started meeting's items, not the municipality's
  expect(started).toMatch(/^SEARCH m USING (COVERING )?INDEX meetings_by_forum .*SEARCH i USING INDEX items_by_meeting \(meeting_id=\?\)/);
  for (const plan of [own, started]) expect(plan).not.toMatch(/TEMP B-TREE|SCAN (agenda_items|meetings)\b/);
  await app.close();
});
