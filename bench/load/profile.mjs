// Profile the compiled bot under signed `/slt agenda add` load (Slack over HTTP); it runs dist/src/main.js,
// the same code as the shipped bundle but one file per module, so the profile names the files:
//   node bench/load/profile.mjs [--seconds 8] [--rate 0 (unbounded) or req/s] [--heap] [--dir /tmp/prof] [--kind slack|teams]
// Starts the bot with --cpu-prof (and --heap-prof with --heap), loads it at full speed, stops it and
// prints the functions with the most self time (the .cpuprofile stays in --dir for DevTools).
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
  seconds: { type: 'string', default: '8' }, heap: { type: 'boolean', default: false }, dir: { type: 'string' }, kind: { type: 'string', default: 'slack' },
  top: { type: 'string', default: '40' }, rate: { type: 'string', default: '0' },
} });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-prof-'));
const dir = o.dir ?? path.join(scratch, 'profiles');
fs.mkdirSync(dir, { recursive: true });
const data = writeBenchData(path.join(scratch, 'data'));
const { proc: fake, apiUrl: slackApiUrl, responseUrl } = await startFakeSlack();
// also when the bot fails to start: the fake would keep this script's output open
process.on('exit', () => fake.kill('SIGTERM'));
const port = await freePort();
const flags = ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(o.heap ? ['--heap-prof', `--heap-prof-dir=${dir}`] : [])];
const env = {
  SLT_DB: path.join(scratch, 'slt.db'), SLT_NEW_DATABASE: 'yes', SLT_DATA: data, SLT_CONSOLE: 'off',
  // Teams as in run.mjs: unauthenticated (SLT_TEAMS=dev, like the bare echo bot without an app id), which NODE_ENV=production refuses
  ...(o.kind === 'slack'
    ? { NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: slackApiUrl }
    : { SLT_TEAMS: 'dev' }),
};
const proc = await startListening(['node', ...flags, path.join(root, 'dist/src/main.js')], env, port);
const r = await runLoad({
  url: `http://127.0.0.1:${port}${o.kind === 'slack' ? '/slack/events' : '/api/messages'}`, kind: o.kind,
  text: 'agenda add "Bench item" "Some details for the agenda" --forum tut', rate: Number(o.rate), duration: Number(o.seconds), warmup: 1, pid: proc.child.pid, responseUrl,
});
console.log(`load: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.non2xx + r.errors} failed, RSS ${r.rssEnd} MB`);
await proc.stop();
fake.kill('SIGTERM');

// self time per function (file:line), from the CPU profile
const file = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const self = new Map();
let total = 0;
for (const n of prof.nodes) {
  const t = (dt.get(n.id) ?? 0) / 1000;
  total += t;
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^file:\/\//, '').replace(root, '.')}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
}
console.log(`\n${file}\ntotal ${total.toFixed(0)} ms sampled; top self time:`);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(o.top))) console.log(`${t.toFixed(0).padStart(8)} ms ${(100 * t / total).toFixed(1).padStart(5)} %  ${k}`);
