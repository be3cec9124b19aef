import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Directory } from '../../src/core/model/directory';
import { createTick } from '../../src/scheduler/tick';
import { FakeClock, fixture, inTx, replyText, testApp } from '../helpers';

/**
 * Several instances of the bot share one database: a channel bound or an account linked on one of
 * them counts on the others from their next scheduler tick on (they keep the directory in memory).
 */
test('a binding and an identity link made on one instance count on another from its next tick', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-instances-'));
  const dbFile = path.join(dir, 'slt.db');
  const clock = new FakeClock('2027-01-08T10:00');
  const a = await testApp(clock, [fixture()], { dbFile });
  const b = await testApp(clock, [fixture()], { dbFile });
  try {
    const ref = b.directory.forumById('testby', 'team')!;
    expect(b.directory.channelOf(ref, 'slack')).toBe('CTEAM01');
    const reply = await a.bot.handle({ platform: 'slack', userId: 'UKOORD1', channelId: 'CNEW001', text: 'bind team' });
    expect(a.directory.channelOf(a.directory.forumById('testby', 'team')!, 'slack')).toBe('CNEW001');
    await inTx(a).linkIdentity({ platform: 'slack', userId: 'UOTHER1', municipalityId: 'testby', memberId: 'politi' }, clock.now().toISOString());
    // instance b has not ticked yet: it still knows the old channel and not the account
    expect(b.directory.channelOf(ref, 'slack')).toBe('CTEAM01');
    expect(b.directory.actor('slack', 'UOTHER1')).toBeUndefined();
    await createTick(b, b.dispatcher([]))();
    expect(b.directory.channelOf(ref, 'slack')).toBe('CNEW001');
    expect(b.directory.ownerOfChannel('slack', 'CTEAM01')).toBeUndefined(); // the forum left its configured channel
    expect(b.directory.actor('slack', 'UOTHER1')?.member.id).toBe('politi');
    expect(replyText(reply)).toMatch(/knyttet til Tverrfaglig team/);
  } finally {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a reload read before a bind made here is not applied over it', () => {
  const m = fixture();
  const d = new Directory([m]);
  const revision = d.revision;
  const stored: never[] = []; // read from the store before the bind below was committed
  d.bind({ platform: 'slack', channelId: 'CNEW001', municipalityId: 'testby', forumId: 'team' });
  expect(d.reload(revision, stored, [])).toBe(false);
  expect(d.channelOf(d.forumById('testby', 'team')!, 'slack')).toBe('CNEW001');
  expect(d.reload(d.revision, [], [])).toBe(true); // a reload read after it applies (the store is the truth)
  expect(d.channelOf(d.forumById('testby', 'team')!, 'slack')).toBe('CTEAM01');
});
