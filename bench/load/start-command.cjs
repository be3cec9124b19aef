// The command the bot ships with, as an argv: package.json's `start` script, which the image's CMD and
// docs/deploy.md repeat (test/deploy/start-command.test.ts keeps them equal). The benchmarks start the bot
// with it, node's flags included, so they measure what runs in production.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** ['node', ...flags, <root>/dist/bundle/main.js]; `node`: the node binary to put first (default: `node` from PATH). */
function startCommand(root, node = 'node') {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const [cmd, ...rest] = scripts.start.trim().split(/\s+/);
  if (cmd !== 'node' || !rest.length) throw new Error(`package.json's start script is not "node [flags] <file>": ${scripts.start}`);
  return [node, ...rest.slice(0, -1), path.join(root, rest.at(-1))];
}

module.exports = { startCommand };
