/**
 * The scheduler's runDue with 1,000 and 10,000 forums (invented municipalities shaped like the test
 * fixture, two forums each), each on a file database after the first tick, which looks at every forum.
 * Prints the first tick, then ticks a minute apart (p50 and max of 30) in which nothing new falls due,
 * and how the tick grows from 1,000 to 10,000 forums (target: ≤ 100 ms at 10,000, sub-linear).
 *   npx tsx bench/run-due.ts [--forums 1000,10000] [--ticks 30]
 * Prints; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { Municipality, type MunicipalityInput } from '../src/core/model/municipality';
import type { Clock } from '../src/core/ports/clock';
import { fixtureInput } from '../test/helpers';

const { values: args } = parseArgs({ options: { forums: { type: 'string', default: '1000,10000' }, ticks: { type: 'string', default: '30' } } });

/** `count` invented municipalities shaped like the test fixture (two forums each), with unique ids and handles. */
export function benchMunicipalities(count: number): Municipality[] {
  return Array.from({ length: count }, (_, k) => {
    const input = fixtureInput() as MunicipalityInput & { members: { identities: Record<string, string> }[] };
    input.id = `by${k}`;
    for (const m of input.members) m.identities = { console: `${m.identities.console}.${k}` };
    for (const f of input.forums) (f as { channels: Record<string, string> }).channels = { console: `by${k}-${f.id}` };
    return Municipality.parse(input);
  });
}

const clockAt = (iso: string): Clock & { advance(ms: number): void } => {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
};

async function measure(forums: number, ticks: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-due-'));
  const data = benchMunicipalities(Math.ceil(forums / 2));
  // a Monday morning: the fixture's meetings are on Wednesdays at 09:00 (their work falls due at other times)
  const clock = clockAt('2027-01-11T06:00:00Z');
  const app = await createApp({ dbFile: path.join(dir, 'due.db'), data, clock, calendarSecret: 'bench' });
  await app.sync();
  let t0 = performance.now();
  await app.runDue();
  const first = performance.now() - t0;
  const quiet: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < ticks; i++) {
    clock.advance(60_000);
    t0 = performance.now();
    await app.runDue();
    quiet.push(performance.now() - t0);
    // a minute in which people changed something in 1 % of the forums (a command's write makes its forum due)
    clock.advance(60_000);
    await app.store.transaction(async (tx) => {
      for (let k = i % 100; k < data.length; k += 100) await tx.markDue(data[k]!.id, data[k]!.forums.map((f) => f.id));
    });
    t0 = performance.now();
    await app.runDue();
    busy.push(performance.now() - t0);
  }
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { forums: data.length * 2, first, p50: p50(quiet), max: Math.max(...quiet), busy: p50(busy) };
}

async function main() {
  const sizes = args.forums.split(',').map(Number);
  const ticks = Number(args.ticks);
  const rows = [];
  for (const n of sizes) rows.push(await measure(n, ticks));
  console.log(`\n### runDue, one tick (${os.cpus().length} cores, node ${process.version}; ${ticks} ticks a minute apart after the first)`);
  console.log('| forums | first tick (every forum) ms | tick, nothing new due: p50 / max ms | tick, 1 % of forums changed: p50 ms | target (≤ 100 ms at 10,000) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const holds = r.forums >= 10_000 ? (Math.max(r.p50, r.busy) <= 100 ? 'yes' : 'NO') : '–';
    console.log(`| ${r.forums.toLocaleString('en-US')} | ${r.first.toFixed(0)} | ${r.p50.toFixed(2)} / ${r.max.toFixed(2)} | ${r.busy.toFixed(1)} | ${holds} |`);
  }
  const small = rows[0];
  const large = rows[rows.length - 1];
  if (small && large && large !== small) {
    const size = large.forums / small.forums;
    const growth = large.p50 / small.p50;
    console.log(`\ngrowth from ${small.forums.toLocaleString('en-US')} to ${large.forums.toLocaleString('en-US')} forums (×${size}): tick with nothing new due ×${growth.toFixed(2)} — sub-linear: ${growth < size ? 'yes' : 'NO'}; tick with 1 % changed ×${(large.busy / small.busy).toFixed(2)} (those forums are looked at: grows with the number changed)`);
  }
}
void main();
