import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app';
import { systemClock } from '../../src/core/ports/clock';
import { view } from '../../src/core/model/view';
import { quietFreeFixture } from './quiet-free-fixture';

/** A fake chat platform on loopback: counts deliveries per idempotency key; can hold a request open. */
class FakePlatform {
  readonly received = new Map<string, number>();
  onSend: (count: number) => void = () => {};
  private server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    if (u.pathname === '/find') {
      const key = u.searchParams.get('key')!;
      res.end(JSON.stringify(this.received.has(key) ? { id: `id:${key}` } : {}));
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { key } = JSON.parse(body) as { key: string };
      this.received.set(key, (this.received.get(key) ?? 0) + 1);
      const total = [...this.received.values()].reduce((a, b) => a + b, 0);
      this.onSend(total); // the test may kill the worker now: delivered, but the worker never hears back
      setTimeout(() => { if (!res.destroyed) res.end(JSON.stringify({ id: `id:${key}` })); }, 15);
    });
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const child = path.join(__dirname, 'worker-child.ts');
function worker(db: string, url: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, SLT_DB: db, PLATFORM_URL: url, LEASE_MS: '400' }, stdio: ['ignore', 'ignore', 'inherit'] });
}
/** Until the leases a killed worker held have run out: the latest lease_until of a row being sent (the child's real clock). */
async function leasesRunOut(db: string): Promise<void> {
  const conn = new Database(db, { readonly: true });
  try {
    const { until } = conn.prepare("SELECT MAX(lease_until) AS until FROM outbox WHERE status = 'sending'").get() as { until: string | null };
    const ms = until ? Date.parse(until) - Date.now() + 5 : 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  } finally {
    conn.close();
  }
}
const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null || p.signalCode ? r(p.exitCode) : p.once('exit', (code) => r(code))));

async function prepare(n: number): Promise<{ db: string; keys: string[] }> {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-crash-')), 'slt.db');
  const app = await createApp({ dbFile: db, data: [quietFreeFixture()], clock: systemClock, calendarSecret: 'x' });
  const m = app.municipalities[0]!;
  const ref = { municipality: m, forum: m.forums[0]! };
  for (let i = 0; i < n; i++) await app.notify({ key: `msg-${i}`, to: { kind: 'forum', ref }, view: view('info', `Melding ${i}`, { lines: [] }) });
  const keys = (await app.store.outbox.list()).filter((r) => r.platform === 'console').map((r) => r.key);
  await app.close();
  return { db, keys };
}

jest.setTimeout(90_000);

test('a worker killed with SIGKILL while sending, at several points: after restarts every message arrived exactly once', async () => {
  const { db, keys } = await prepare(24);
  const platform = new FakePlatform();
  await platform.start();
  try {
    // kill points: in the middle of the 3rd request, the 9th, the 15th, then run to the end
    for (const killAt of [3, 9, 15, Infinity]) {
      const p = worker(db, platform.url);
      platform.onSend = (total) => { if (total >= killAt) p.kill('SIGKILL'); };
      await exited(p);
      await leasesRunOut(db);
    }
    expect([...platform.received.keys()].sort()).toEqual([...keys].sort());
    expect([...platform.received.values()].every((n) => n === 1)).toBe(true);
  } finally {
    await platform.stop();
  }
});

test('two worker processes on one database: every message is delivered exactly once', async () => {
  const { db, keys } = await prepare(40);
  const platform = new FakePlatform();
  await platform.start();
  try {
    const [a, b] = [worker(db, platform.url), worker(db, platform.url)];
    expect(await exited(a)).toBe(0);
    expect(await exited(b)).toBe(0);
    expect([...platform.received.keys()].sort()).toEqual([...keys].sort());
    expect([...platform.received.values()].every((n) => n === 1)).toBe(true);
  } finally {
    await platform.stop();
  }
});
