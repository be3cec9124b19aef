/**
 * Start-to-listening time of the compiled bot as it ships (the bundle dist/bundle/main.js) against a
 * bare Bolt app started the same way, in the same run (the machines here are shared and noisy: read
 * the ratio as much as the milliseconds).
 *   npm run bench:start [-- --rounds 9] [-- --node /path/to/node] [-- --cold]
 * Each round starts every variant once (alternating the order): `node <file>` with NODE_ENV=production,
 * the console off, HTTP on a free port and a fresh temporary database (a first start:
 * SLT_NEW_DATABASE=yes; the "restart" variant opens the one its warm-up created), then polls
 * GET /healthz every 5 ms; the time is from spawning the process to the first 200 (the bot's first
 * scheduler tick runs right after it listens, so a /healthz request may wait for it). The Slack Web
 * API is a local stub (auth.test answers ok), so nothing leaves the machine. One unmeasured start of
 * each variant comes first (the file cache, and on Node >= 22 the compile cache in NODE_COMPILE_CACHE,
 * which all variants share: a restart, as in production); `--cold` gives every start an empty compile
 * cache instead (a container's first start). Prints; asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RUNTIME_ENV, startCommand } from './load/start-command.cjs';

const ROOT = path.resolve(__dirname, '..');
/** The bot as it ships (package.json's start script runs it, with node's flags). */
const BOT = 'dist/bundle/main.js';
const TARGET_MS = 500;
const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, node: { type: 'string', default: process.execPath }, cold: { type: 'boolean', default: false } },
});
const rounds = Number(args.rounds);

interface Variant {
  name: string;
  file: string;
  env: (slackApiUrl: string) => Record<string, string>;
  /** 'kept': every start opens the database the warm-up created (a restart), instead of a new one */
  database?: 'fresh' | 'kept';
}
const slackEnv = (url: string) => ({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: url });
const VARIANTS: Variant[] = [
  { name: 'SLT bot, compiled, demo data, no platform', file: BOT, env: () => ({}) },
  { name: 'SLT bot, compiled, demo data, restart', file: BOT, env: () => ({}), database: 'kept' },
  { name: 'SLT bot, compiled, demo data, Slack (HTTP)', file: BOT, env: slackEnv },
  { name: 'bare Bolt app (bench/bare-bolt-app.js)', file: 'bench/bare-bolt-app.js', env: slackEnv },
];

/** A stand-in for Slack's Web API: every method answers ok (Bolt calls auth.test on start). */
function slackStub(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ok: true, user_id: 'UBENCHBOT', bot_id: 'BBENCH', team_id: 'TBENCH', url: 'https://bench.slack.com/' })));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/`,
    close: () => { server.closeAllConnections(); server.close(); },
  })));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** the port accepts a TCP connection (the kernel does so even while the process is busy) */
const accepting = (port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect({ host: '127.0.0.1', port }, () => {
    socket.destroy();
    resolve(true);
  });
  socket.on('error', () => resolve(false));
});

const healthy = (port: number) => new Promise<boolean>((resolve) => {
  const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
    res.resume();
    resolve(res.statusCode === 200);
  });
  req.on('error', () => resolve(false));
  req.on('timeout', () => req.destroy());
});

const exited = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
});

/** Milliseconds from spawning to the port accepting connections, and to the first /healthz 200. */
async function startOnce(v: Variant, dir: string, round: number, slackApiUrl: string): Promise<{ accepting: number; answering: number }> {
  const port = await freePort();
  const name = `round-${round}-${v.file.replace(/\W/g, '_')}-${port}`;
  const db = path.join(dir, v.database === 'kept' ? 'kept.db' : `${name}.db`);
  const env = {
    // the environment the bot ships with, for the bare app as well
    ...process.env, ...RUNTIME_ENV, NODE_ENV: 'production', SLT_CONSOLE: 'off', PORT: String(port), SLT_DB: db, ...(fs.existsSync(db) ? {} : { SLT_NEW_DATABASE: 'yes' }),
    NODE_COMPILE_CACHE: path.join(dir, args.cold ? `cache-${name}` : 'compile-cache'), ...v.env(slackApiUrl),
  };
  let stderr = '';
  const t0 = performance.now();
  // the bot as it ships, with `npm start`'s node flags; the bare app as it is
  const [node, ...argv] = v.file === BOT ? startCommand(ROOT, args.node) : [args.node, path.join(ROOT, v.file)];
  const child = spawn(node!, argv, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c) => (stderr += String(c)));
  let acceptedAt: number | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${v.name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${stderr}`);
      if (acceptedAt === undefined && await accepting(port)) acceptedAt = performance.now() - t0;
      if (acceptedAt !== undefined && await healthy(port)) return { accepting: acceptedAt, answering: performance.now() - t0 };
      if (performance.now() - t0 > 30_000) throw new Error(`${v.name} did not answer /healthz within 30 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(killer);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/bundle/main.js'))) throw new Error('dist/bundle/main.js is missing: run npm run build first (npm run bench:start does)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-start-'));
  const stub = await slackStub();
  const version = await new Promise<string>((resolve) => {
    const p = spawn(args.node, ['--version']);
    let out = '';
    p.stdout.on('data', (c) => (out += String(c)));
    p.on('exit', () => resolve(out.trim()));
  });
  console.log(`start to listening (GET /healthz answers 200; in brackets: the port accepts a connection), ${rounds} rounds, ${args.cold ? 'empty' : 'warm'} compile cache, node ${version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const times = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const accepted = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  try {
    for (const v of VARIANTS) await startOnce(v, dir, -1, stub.url); // warm-up, not measured
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [...VARIANTS].reverse() : VARIANTS;
      for (const v of order) {
        const t = await startOnce(v, dir, r, stub.url);
        times.get(v)!.push(t.answering);
        accepted.get(v)!.push(t.accepting);
      }
    }
  } finally {
    stub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = median(times.get(VARIANTS[VARIANTS.length - 1]!)!);
  const width = Math.max(...VARIANTS.map((v) => v.name.length));
  console.log(`${'variant'.padEnd(width)}  ${'min'.padStart(7)}  ${'median'.padStart(7)}  ${'max'.padStart(7)}  vs bare Bolt  (port accepting: median)`);
  for (const v of VARIANTS) {
    const xs = times.get(v)!;
    const f = (x: number) => `${x.toFixed(0)} ms`.padStart(7);
    console.log(`${v.name.padEnd(width)}  ${f(Math.min(...xs))}  ${f(median(xs))}  ${f(Math.max(...xs))}  ${`${(median(xs) / base).toFixed(2)}x`.padStart(12)}  (${f(median(accepted.get(v)!)).trim()})`);
  }
  const bot = median(times.get(VARIANTS[0]!)!);
  console.log(`target for the compiled bot: ≤ ${TARGET_MS} ms (median ${bot.toFixed(0)} ms: ${bot <= TARGET_MS ? 'met' : 'missed'})`);
  console.log('each round, in ms:');
  for (const v of VARIANTS) console.log(`  ${v.name.padEnd(width)}  ${times.get(v)!.map((x) => x.toFixed(0)).join(', ')}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
