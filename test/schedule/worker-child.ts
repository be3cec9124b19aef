/**
 * A dispatch worker in its own process (spawned by crash.test.ts): sends the outbox of the SQLite
 * file in SLT_DB to the fake platform at PLATFORM_URL until nothing is left, then exits.
 */
import { createApp } from '../../src/app';
import type { ChatPort } from '../../src/core/ports/chat-port';
import { systemClock } from '../../src/core/ports/clock';
import { quietFreeFixture } from './quiet-free-fixture';

const url = process.env.PLATFORM_URL!;
const port: ChatPort = {
  platform: 'console',
  async send(target, view, _replace, key) {
    const res = await fetch(`${url}/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, target: target.id, title: view.title }) });
    if (!res.ok) throw new Error(`platform said ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  },
  async findSent(_target, key) {
    const res = await fetch(`${url}/find?key=${encodeURIComponent(key)}`);
    return ((await res.json()) as { id?: string }).id;
  },
};

async function main() {
  const app = await createApp({ dbFile: process.env.SLT_DB!, data: [quietFreeFixture()], clock: systemClock, calendarSecret: 'x' });
  const dispatcher = app.dispatcher([port], { leaseMs: Number(process.env.LEASE_MS ?? 400) });
  const open = () => app.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE platform = 'console' AND status IN ('pending', 'sending')").get() as { n: number };
  for (let i = 0; i < 2000 && open().n > 0; i++) {
    await dispatcher.run();
    await new Promise((r) => setTimeout(r, 30));
  }
  await app.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
