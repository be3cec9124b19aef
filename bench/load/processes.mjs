// Starting, timing and measuring the processes under load (Linux /proc).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ENV } from './start-command.cjs';

/** RSS in MB of a process and all its descendants, or null. */
export function rssMb(pid) {
  if (!pid) return null;
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const parent = s.slice(s.lastIndexOf(')') + 2).split(' ')[1];
      kids.set(parent, [...(kids.get(parent) ?? []), d]);
    } catch { /* gone */ }
  }
  let kb = 0;
  const todo = [String(pid)];
  while (todo.length) {
    const p = todo.pop();
    try { kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0); } catch { /* gone */ }
    todo.push(...(kids.get(p) ?? []));
  }
  return Math.round(kb / 1024);
}

const accepting = (port) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

/**
 * Start `cmd` (argv array) with `env` in its own process group and wait until `port` accepts
 * connections; returns the child, its start-to-listening time in ms and a stop function. Every process
 * gets the environment the bot ships with (RUNTIME_ENV: the bot and the baselines it is compared with alike).
 */
export async function startListening(cmd, env, port, log = []) {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd[0], cmd.slice(1), { env: { ...process.env, ...RUNTIME_ENV, ...env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  let exited = false;
  child.once('exit', () => { exited = true; });
  for (;;) {
    if (exited) throw new Error(`${cmd.join(' ')} exited before listening:\n${log.join('')}`);
    if (await accepting(port)) break;
    if (process.hrtime.bigint() - t0 > 60_000_000_000n) throw new Error(`${cmd.join(' ')} not listening after 60 s:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = Number((process.hrtime.bigint() - t0) / 1_000_000n);
  const stop = async () => {
    if (exited) return;
    const done = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await done;
    clearTimeout(timer);
  };
  return { child, startMs, stop };
}

/** A free loopback port. */
export const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/**
 * The fake Slack Web API (fake-slack-api.mjs) in a process of its own, every Slack config's API and
 * response_url: its process, the Web API base URL and the response URL (answered 200, as Slack does).
 */
export async function startFakeSlack() {
  const proc = spawn('node', [path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-slack-api.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => proc.stdout.once('data', (d) => resolve(Number(/port (\d+)/.exec(String(d))[1]))));
  return { proc, apiUrl: `http://127.0.0.1:${port}/api/`, responseUrl: `http://127.0.0.1:${port}/response` };
}
