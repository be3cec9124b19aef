import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createApp } from '../../src/app';
import { createHttpServer } from '../../src/http/http-server';
import { OVERDUE_SLACK_MS, readiness } from '../../src/http/readiness';
import { view } from '../../src/core/model/view';
import { OUTBOX_BOUNDS } from '../../src/core/ports/outbox';
import { APP_VERSION } from '../../src/version';
import { FakeClock, fixture } from '../helpers';

test('/readyz fails when the database cannot be written, the scheduler stopped ticking, or messages are past their bound; /healthz stays a liveness check', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-ready-')), 'slt.db');
  const app = await createApp({ dbFile: file, data: [fixture()], clock, reportError: () => {} });
  let lastTick = Date.now();
  let now = Date.now();
  const nowUtc = () => DateTime.fromJSDate(clock.now()).toUTC().toISO() as string;
  const http = createHttpServer(() => ({}), () => readiness({
    storageProblem: () => app.store.writeProblem(nowUtc()),
    lastTickAt: () => lastTick,
    overdueMessages: () => app.store.outbox.countOverdue(new Date(clock.now().getTime() - OUTBOX_BOUNDS.giveUpAfterMs - OVERDUE_SLACK_MS).toISOString()),
    now: () => now,
  }));
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; problems?: string[] } };
  };
  try {
    expect(await get('/readyz')).toEqual({ status: 200, body: { ok: true, problems: [] } });

    app.db.pragma('query_only = ON');
    const ro = await get('/readyz');
    expect(ro.status).toBe(503);
    expect(ro.body.problems).toEqual([expect.stringMatching(/^database cannot be written: SQLITE_READONLY/)]);
    expect((await get('/healthz')).status).toBe(200);
    app.db.pragma('query_only = OFF');

    now = lastTick + 4 * 60_000;
    expect(await get('/readyz')).toEqual({ status: 503, body: { ok: false, problems: ['the scheduler has not ticked for 240 s'] } });
    lastTick = now;

    const m = fixture();
    await app.notify({ key: 'stuck', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', 'x', { lines: [] }) });
    expect((await get('/readyz')).status).toBe(200); // just queued: within its bound
    clock.advance({ hours: 2, minutes: 3 });
    expect(await get('/readyz')).toEqual({ status: 503, body: { ok: false, problems: ['3 messages are past their delivery bound'] } });
    expect((await get('/healthz')).body).toEqual({ ok: true, version: APP_VERSION });
  } finally {
    await http.close();
    await app.close();
  }
});
