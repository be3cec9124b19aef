// The command the bot ships with, as an argv: package.json's `start` script, which the image's CMD and
// docs/deploy.md repeat (test/deploy/start-command.test.ts keeps them equal). The benchmarks start the bot
// with it, node's flags and RUNTIME_ENV included, so they measure what runs in production.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * The environment the bot ships with besides its own settings: the image's ENV and the systemd unit in
 * docs/deploy.md set the same (test/deploy/start-command.test.ts). The benchmarks start every process they
 * compare with it, the bare baselines included.
 * - MALLOC_ARENA_MAX=2: glibc's malloc keeps at most two arenas instead of up to eight per core (one for each
 *   thread that allocated at the same time as another: the main thread with SQLite, V8's garbage collection
 *   threads, libuv's pool). Memory freed in an arena stays in it, so each extra arena held megabytes of the
 *   RSS. Under the load bench (Node 24, 2 cores, 10,000 + 10,000 commands at 1,000/s, two runs each) the bot's
 *   RSS was 148 / 148 MB after the first 10,000 and 149 / 151 after the second, against 156-157 and 161-164
 *   without it; bare Bolt's 105-109 against 108-112; the maximum throughput the same within the runs' noise
 *   (three rounds alternating). Ignored by other C libraries (musl).
 */
const RUNTIME_ENV = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/** ['node', ...flags, <root>/dist/bundle/main.js]; `node`: the node binary to put first (default: `node` from PATH). */
function startCommand(root, node = 'node') {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const [cmd, ...rest] = scripts.start.trim().split(/\s+/);
  if (cmd !== 'node' || !rest.length) throw new Error(`package.json's start script is not "node [flags] <file>": ${scripts.start}`);
  return [node, ...rest.slice(0, -1), path.join(root, rest.at(-1))];
}

module.exports = { startCommand, RUNTIME_ENV };
