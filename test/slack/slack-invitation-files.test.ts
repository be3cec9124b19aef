import ical, { type VCalendar, type VEvent } from 'node-ical';
import type { App } from '../../src/app';
import type { OutboxMessage as OutboxRow } from '../../src/core/ports/outbox';
import { crashMidSend, FakeClock, testApp , inTx } from '../helpers';
import type { FakeSlackApi } from './fake-slack-api';
import { SlackHarness, USERS } from './slack-harness';
import { logTo } from '../log-capture';

const MEETING = 'testby/team/2027-01-20';
const FORUM_PEOPLE = [USERS.koord, USERS.leder, USERS.politi, USERS.vara, USERS.obs];

async function slackBot() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const h = await new SlackHarness(app).start();
  const logs: string[] = [];
  const dispatcher = (opts: { owner?: string; leaseMs?: number } = {}) => app.dispatcher([h.adapter.chatPort], { sleep: async () => {}, logger: logTo(logs), ...opts });
  const deliver = async () => {
    await app.runDue();
    await dispatcher().run();
  };
  return { clock, app, h, dispatcher, deliver, logs };
}

/** The outbox rows of invitation files (invitations, updates, cancellations) to Slack. */
const fileRows = async (app: App): Promise<OutboxRow[]> => (await app.store.outbox.list()).filter((r) => r.platform === 'slack' && r.view.attachment);

/** What a DM shows: the messages that shared a file, with the file's calendar method and sequence. */
function sharedFiles(api: FakeSlackApi, user: string) {
  return api.shown(`D${user}`).filter((m) => m.files?.length).map((m) => {
    const upload = api.uploads.get(m.files![0]!.id)!;
    const parsed = Object.values(ical.sync.parseICS(upload.content!));
    const cal = parsed.find((c): c is VCalendar => c.type === 'VCALENDAR')!;
    const ev = parsed.find((c): c is VEvent => c.type === 'VEVENT')!;
    return { name: m.files![0]!.name, uid: ev.uid, method: cal.method, sequence: Number(ev.sequence), content: upload.content! };
  });
}

/** Every row's file reached its DM in exactly one completed upload, and no upload was shown anywhere else. */
async function expectEachFileSharedOnce(app: App, api: FakeSlackApi) {
  const rows = await fileRows(app);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.status).toBe('sent');
    const mine = [...api.uploads.values()].filter((u) => u.completedInto === `D${r.target}` && u.content === r.view.attachment!.content);
    expect(mine).toHaveLength(1);
  }
  const completed = [...api.uploads.values()].filter((u) => u.completedInto !== undefined);
  expect(completed).toHaveLength(rows.length);
  expect(completed.every((u) => u.completedInto!.startsWith('D'))).toBe(true);
}

test('every invitation, update and cancellation reaches each member\'s DM as one completed files.uploadV2 sequence', async () => {
  const { clock, app, h, deliver } = await slackBot();
  try {
    await deliver();
    // the meeting moves to 10:00, then is removed
    const mt = (await app.store.read.meeting(MEETING))!;
    await inTx(app).updateMeeting({ ...mt, startUtc: '2027-01-20T09:00:00.000Z', endUtc: '2027-01-20T10:30:00.000Z', sequence: 1 }, clock.now().toISOString());
    await deliver();
    await inTx(app).updateMeeting({ ...(await app.store.read.meeting(MEETING))!, status: 'cancelled', sequence: 2 }, clock.now().toISOString());
    await deliver();
    await deliver(); // nothing more

    for (const user of FORUM_PEOPLE) {
      const files = sharedFiles(h.api, user).filter((f) => f.uid === `${MEETING}@slt-bot`);
      expect(files.map((f) => `${f.name} ${f.method} ${f.sequence}`)).toEqual([
        'testby-team-2027-01-20.ics REQUEST 0', 'testby-team-2027-01-20.ics REQUEST 1', 'testby-team-2027-01-20.ics CANCEL 2',
      ]);
    }
    // the stranger is no forum person: nothing
    expect(h.api.shown(`D${USERS.fremmed}`)).toEqual([]);
    await expectEachFileSharedOnce(app, h.api);

    // each file went through the three steps in order, with the announced name and length, into the DM
    const calls = h.api.calls.filter((c) => ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].includes(c.method));
    const rows = await fileRows(app);
    expect(calls.map((c) => c.method)).toEqual(rows.flatMap(() => ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']));
    for (let i = 0; i < rows.length; i++) {
      const [ask, upload, complete] = calls.slice(i * 3, i * 3 + 3);
      const row = rows[i]!;
      const fileId = String(ask!.result!.file_id);
      expect(ask!.body).toMatchObject({ filename: row.view.attachment!.filename, length: String(Buffer.byteLength(row.view.attachment!.content)) });
      expect(String(ask!.result!.upload_url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload\/v1\//);
      expect(upload!.body).toEqual({ file_id: fileId, bytes: Buffer.byteLength(row.view.attachment!.content) });
      expect(complete!.body).toMatchObject({ channel_id: `D${row.target}`, files: [{ id: fileId, title: row.view.attachment!.filename }] });
    }
    // the message that shares the file carries the invitation's text; no separate text post for it
    const dm = h.api.shown(`D${USERS.politi}`).find((m) => m.files?.length)!;
    expect(JSON.stringify(dm.blocks)).toMatch(/Innkalling: Tverrfaglig team/);
    expect(JSON.stringify(dm.blocks)).toMatch(/onsdag 20\. januar 2027 kl\. 09:00/);
    expect(h.api.of('chat.postMessage').filter((b) => JSON.stringify(b.blocks ?? '').includes('Innkalling'))).toEqual([]);
  } finally {
    await h.stop();
    await app.close();
  }
});

/**
 * A worker that claimed every due invitation and died at `point` while sending the first one to
 * politi; the next worker, a lease later, finishes the job. Whatever the point, every file reaches every
 * DM exactly once.
 */
async function crashAt(point: 'before-upload' | 'after-upload' | 'after-note' | 'after-complete') {
  const { clock, app, h, dispatcher } = await slackBot();
  try {
    await app.runDue();
    const rows = await crashMidSend(app, 'slack', clock, 60_000);
    const row = rows.find((r) => r.target === USERS.politi && r.key.startsWith(`invite:${MEETING}:s0`))!;
    const port = h.adapter.chatPort;
    const crash = new Error('the process died');
    const deadNote = async (note: string) => {
      await app.store.outbox.noteProgress(row.id, 'dead-worker', note, new Date(clock.now().getTime() + 60_000).toISOString(), clock.now().toISOString());
    };
    const checkpoint = {
      'before-upload': undefined,
      'after-upload': async () => { throw crash; },
      'after-note': async (note: string) => { await deadNote(note); throw crash; },
      'after-complete': deadNote,
    }[point];
    if (checkpoint) await port.send({ kind: 'dm', id: row.target }, row.view, undefined, row.key, checkpoint).catch((e: unknown) => { if ((e as Error).message !== crash.message) throw e; });
    const completedBefore = [...h.api.uploads.values()].filter((u) => u.completedInto).length;
    expect(completedBefore).toBe(point === 'after-complete' ? 1 : 0);
    clock.advance({ seconds: 61 });
    await dispatcher({ owner: 'next-worker' }).run();
    await expectEachFileSharedOnce(app, h.api);
    expect(sharedFiles(h.api, USERS.politi).filter((f) => f.uid === `${MEETING}@slt-bot`)).toHaveLength(1);
    return { uploads: [...h.api.uploads.values()], history: h.api.of('conversations.history').length };
  } finally {
    await h.stop();
    await app.close();
  }
}

test('a crash before the upload, after it, after the file id was recorded, or after the file was shared: each file reaches each DM once', async () => {
  const before = await crashAt('before-upload');
  expect(before.uploads.every((u) => u.completedInto)).toBe(true);
  // an upload that was never completed stays invisible (Slack discards it); the file went out in a new one
  const afterUpload = await crashAt('after-upload');
  expect(afterUpload.uploads.filter((u) => !u.completedInto)).toHaveLength(1);
  const afterNote = await crashAt('after-note');
  expect(afterNote.uploads.filter((u) => !u.completedInto)).toHaveLength(1);
  // shared before the crash: found in the DM's history by the recorded file id, recorded as sent, not shared again
  const afterComplete = await crashAt('after-complete');
  expect(afterComplete.uploads.filter((u) => !u.completedInto)).toHaveLength(0);
  expect(afterComplete.history).toBeGreaterThan(0);
});

test('a send whose lease ran out while its bytes were uploading stops before sharing: the worker that took it over shares it, once', async () => {
  const { clock, app, h, dispatcher, logs } = await slackBot();
  try {
    await app.runDue();
    const release = h.api.hold('upload');
    const first = dispatcher({ owner: 'slow-worker', leaseMs: 60_000 }).run();
    // the slow worker is stuck in its first upload; its lease runs out
    await waitFor(() => h.api.calls.some((c) => c.method === 'upload'));
    clock.advance({ seconds: 61 });
    const second = dispatcher({ owner: 'next-worker', leaseMs: 60_000 }).run();
    // the next worker's own upload waits at the same gate: open it for both
    await waitFor(() => h.api.calls.filter((c) => c.method === 'upload').length >= 2);
    release();
    await Promise.all([first, second]);
    await dispatcher({ owner: 'next-worker' }).run();
    await expectEachFileSharedOnce(app, h.api);
    expect(logs.filter((l) => l.includes('its lease ran out before the step people see; left to the worker that took it over'))).toHaveLength(1);
  } finally {
    await h.stop();
    await app.close();
  }
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('timed out');
}
