import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './entry-process';
import { RUNTIME_ENV, startCommand } from '../../bench/load/start-command.cjs';

// Issue 18: the bot starts with node's flags in one command, package.json's start script; the image, the
// systemd unit in docs/deploy.md and the benchmarks run the same one (so the benchmarks measure what ships).

const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const argv = start.split(/\s+/);

test('npm start is node, its flags (the young generation capped at 8 MB semi-spaces) and the bundle', () => {
  expect(argv[0]).toBe('node');
  expect(argv.at(-1)).toBe('dist/bundle/main.js');
  expect(argv.slice(1, -1)).toEqual(['--max-semi-space-size=8']);
});

test('the image\'s CMD, the commands in docs/deploy.md and the benchmarks\' start command are npm start\'s', () => {
  const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
  expect(JSON.parse(cmd ?? 'null')).toEqual(argv);
  const deploy = fs.readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
  const runs = [...deploy.matchAll(/^(?:ExecStart=\/usr\/bin\/)?(node .*dist\/bundle\/main\.js)/gm)].map((m) => m[1]);
  expect(runs.length).toBeGreaterThanOrEqual(2);
  for (const run of runs) expect(run).toBe(start);
  expect(startCommand(ROOT)).toEqual([...argv.slice(0, -1), path.join(ROOT, 'dist/bundle/main.js')]);
  expect(startCommand(ROOT, '/opt/node')[0]).toBe('/opt/node');
});

test('the image and the systemd unit run the bot with the environment it ships with (RUNTIME_ENV), as the benchmarks do', () => {
  expect(Object.keys(RUNTIME_ENV)).toContain('MALLOC_ARENA_MAX');
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  // the runtime stage's ENV (after the last FROM)
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env = new Map([...runtime.matchAll(/^ENV (.*)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((kv) => kv.split('=', 2) as [string, string])));
  const deploy = fs.readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
  const unit = deploy.slice(deploy.indexOf('[Service]'), deploy.indexOf('ExecStart=/usr/bin/node'));
  for (const [k, v] of Object.entries(RUNTIME_ENV)) {
    expect([k, env.get(k)]).toEqual([k, v]);
    expect(unit).toContain(`\nEnvironment=${k}=${v}\n`);
  }
});

test('node takes the flags: with them the young generation stays at 8 MB semi-spaces where it grows to more without', () => {
  // objects that survive a few collections, as the requests in flight under load do
  const script = `const v8 = require('node:v8'); let live = [];
    for (let i = 0; i < 2e6; i++) { live.push({ i, s: 'x' + i, a: [i] }); if (live.length > 20000) live = []; }
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  const newSpace = (flags: string[]) => {
    const r = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    return Number(r.stdout) / 2 ** 20;
  };
  expect(newSpace(argv.slice(1, -1))).toBeLessThanOrEqual(2 * 8 + 1);
  expect(newSpace([])).toBeGreaterThan(2 * 8 + 1);
});
