// Every benchmark of issue 18 in one run (npm run bench): the machine, start-up time against bare Bolt,
// the signed-load tables (Slack and Teams beside bare Bolt, Bolt + one insert in the same store and a
// bare botbuilder echo bot, same run, ratios, targets; the bot on SQLite, two rounds, and on PostgreSQL,
// one round), memory after 10,000 and 20,000 commands, runDue with
// 1,000 and 10,000 forums, and (bench/run-all.ts) commands and due work on SQLite and PostgreSQL beside each bare
// driver, and the core's own micro-benchmarks. Prints; asserts nothing.
//   npm run bench [-- --quick]     (--quick: one load round of 5 s, memory after 2,000 commands, 10 ticks)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const cpu = (() => {
  try { return /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model; } catch { return os.cpus()[0]?.model; }
})();
console.log(`# SLT bot benchmark, ${new Date().toISOString()}`);
console.log(`machine: ${os.availableParallelism?.() ?? os.cpus().length} CPUs (nproc), ${cpu}; Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('Machines here are shared and noisy: compare the ratios within this run, not absolute numbers across runs.\n');

const tsx = path.join(root, 'node_modules/.bin/tsx');
const steps = [
  ['start to listening (compiled bot vs bare Bolt)', tsx, ['bench/start-time.ts', '--rounds', quick ? '3' : '7']],
  ['signed load (Slack, Teams; SQLite and PostgreSQL) and memory (SQLite)', process.execPath, ['bench/load/run.mjs', '--stores', 'sqlite,postgres', ...(quick ? ['--rounds', '1', '--duration', '5', '--memory', '2000'] : ['--rounds', '2', '--duration', '10', '--memory', '10000'])]],
  ['runDue with 1,000 and 10,000 forums', tsx, ['bench/run-due.ts', '--ticks', quick ? '10' : '30']],
  ['commands and due work on SQLite and PostgreSQL, core micro-benchmarks', tsx, ['bench/run-all.ts']],
];
for (const [title, cmd, args] of steps) {
  console.log(`\n## ${title}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${r.status}; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}
