// CPU time per signed `/slt agenda add` (Slack over HTTP), read from /proc: what a request costs the
// process whatever else the machine is doing (throughput and latencies on a shared machine move with
// the neighbours; CPU time per request much less). Bare Bolt + one SQLite insert, this build and,
// with --compare, another build (e.g. the one before a change), alternating, --rounds times each:
//   node bench/load/cpu-cost.mjs [--compare other/dist/src/main.js] [--rounds 3] [--amount 2000] [--conn 8]
// Each process gets --warm requests first (not counted); the count runs until the process is idle
// again, so what a command leaves to the outbox worker (its DMs) is included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeBenchData } from './bench-data.mjs';
import { runLoad } from './load.mjs';
import { freePort, startFakeSlack, startListening } from './processes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: o } = parseArgs({ options: {
  compare: { type: 'string' }, rounds: { type: 'string', default: '3' }, amount: { type: 'string', default: '2000' },
  warm: { type: 'string', default: '300' }, conn: { type: 'string', default: '8' },
} });
const SECRET = 'bench-secret';
const TEXT = 'agenda add "Bench item" "Some details for the agenda" --forum tut';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cpu-'));
const data = writeBenchData(path.join(scratch, 'data'));
const { proc: fake, apiUrl: slackApiUrl, responseUrl } = await startFakeSlack();
let dbn = 0;
const freshDb = () => {
  const dir = path.join(scratch, `db-${++dbn}`);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'slt.db');
};
const botEnv = () => ({ SLT_DATA: data, SLT_CONSOLE: 'off', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl, NODE_ENV: 'production', SLT_NEW_DATABASE: 'yes', SLT_DB: freshDb() });
const CONFIGS = {
  'bolt-bare': { cmd: ['node', path.join(here, 'bolt-bare.mjs')], env: () => ({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl }) },
  'bolt-sqlite': { cmd: ['node', path.join(here, 'bolt-sqlite.mjs')], env: () => ({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl, DB: freshDb() }) },
  bot: { cmd: ['node', path.join(root, 'dist/src/main.js')], env: botEnv },
  ...(o.compare ? { before: { cmd: ['node', path.resolve(o.compare)], env: botEnv } } : {}),
};

/** CPU time (user + system) of a process so far, in ms. */
const cpuMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
};
/** Wait until the process has used no CPU for 300 ms (at most 10 s): the outbox has sent what the commands queued. */
async function idle(pid) {
  let last = cpuMs(pid);
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuMs(pid);
    if (now === last && i >= 3) return now;
    last = now;
  }
  return last;
}

const amount = Number(o.amount);
const costs = Object.fromEntries(Object.keys(CONFIGS).map((k) => [k, []]));
try {
  for (let round = 1; round <= Number(o.rounds); round++) {
    for (const [label, c] of Object.entries(CONFIGS)) {
      const port = await freePort();
      const proc = await startListening(c.cmd, c.env(), port);
      const url = `http://127.0.0.1:${port}/slack/events`;
      const load = (n) => runLoad({ url, kind: 'slack', secret: SECRET, text: TEXT, amount: n, connections: Number(o.conn), warmup: 0, pid: proc.child.pid, responseUrl });
      await load(Number(o.warm));
      const before = await idle(proc.child.pid);
      const r = await load(amount);
      const after = await idle(proc.child.pid);
      await proc.stop();
      if (r.non2xx + r.errors) throw new Error(`${label}: ${r.non2xx + r.errors} requests failed`);
      const ms = (after - before) / amount;
      costs[label].push(ms);
      console.error(`  r${round} ${label}: ${(ms * 1000).toFixed(0)} µs CPU per request (${amount} requests, ${r.rps} req/s)`);
    }
  }
} finally {
  fake.kill();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (k) => median(costs[k]) * 1000;
console.log(`\n| CPU per request (median of ${o.rounds}) | µs | vs bolt-sqlite |\n|---|---|---|`);
for (const k of Object.keys(CONFIGS)) console.log(`| ${k} | ${us(k).toFixed(0)} | ${(us(k) / us('bolt-sqlite')).toFixed(2)}× |`);
if (o.compare) console.log(`\nthis build vs --compare: ${(us('bot') / us('before')).toFixed(2)}× the CPU per request`);
