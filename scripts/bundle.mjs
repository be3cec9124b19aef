// The production bundle of the bot, made by `npm run build` after `tsc`: esbuild joins the compiled
// dist/src/main.js and the packages it loads on every start into one file, dist/bundle/bot.js, so a
// start reads one file instead of several hundred (finding, reading and wrapping each of them took
// about 25 ms of a start without a platform and about 90 ms with Slack, whose SDK is hundreds of
// files). It is the compiled code, only joined: no transform, no minifying.
// dist/bundle/main.js, what `npm start` and the container run, turns on Node's compile cache
// (src/compile-cache.ts, Node >= 22.1: the few files left outside the bundle) and loads the bundle through
// src/bundle-code-cache.ts, which keeps V8's code for it itself on every Node (Node's cache would keep only the
// code compiled before the bundle ran; see requireBundle there).
//
// Left out of the bundle and loaded from node_modules when first needed, as in dist/src:
//   better-sqlite3           a native addon (its .node file is found next to its package)
//   botbuilder, botframework-connector
//                            the Teams SDK: megabytes that only a Teams start uses
//   pg                       only when DATABASE_URL chooses PostgreSQL
//   date-holidays            only for a year outside src/calendar/norwegian-holiday-table.ts
//   yaml                     only to name the line of a configuration file with a problem (js-yaml reads them)
// The command-line tools (dist/src/cli/main.js) are not bundled: they run seldom and start fast enough.
//
// The bundle is written in ASCII only (scripts/ascii-bundle.cjs). V8 keeps a script's source in memory for as
// long as the script lives (lazy compilation, Function.prototype.toString), and one character above U+00FF makes
// it store the whole source as two bytes per character: with 86 of them (’ — “ in comments of bundled packages
// and in four of our regular expressions) the 5.7 M characters took 11.4 MB of live heap instead of 5.7, and V8
// lets the old generation grow to a multiple of what is live before it collects, so that counted several times
// in the bot's RSS under load; Node 20's code-cache loader (src/bundle-code-cache.ts) also reads a one-byte
// file without UTF-8 decoding.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import asciiBundle from './ascii-bundle.cjs';
import lazyRequirePlugin from './lazy-require-plugin.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/bundle');
const EXTERNAL = ['better-sqlite3', 'botbuilder', 'botframework-connector', 'pg', 'date-holidays', 'yaml'];
// Loaded on first use instead of with Bolt (scripts/lazy-require-plugin.cjs): Socket Mode's WebSocket client and
// the OAuth install flow's signed state, which an HTTP-mode start with a bot token never uses; and the character
// set tables of express's body parsers (iconv-lite, half a megabyte of text), which only Teams' JSON reader uses
// (express.json, at a Teams start's first activity; Slack's webhook is read before express). Their source stays
// out of the bundle, which V8 keeps in memory for the life of the process (scripts/lazy-require-plugin.cjs).
const LAZY = [
  { pkg: 'iconv-lite', importer: /[\\/]node_modules[\\/](raw-body|body-parser)[\\/]/ },
  { pkg: 'undici', importer: /[\\/]node_modules[\\/]@slack[\\/]socket-mode[\\/]/ },
  { pkg: 'jsonwebtoken', importer: /[\\/]node_modules[\\/]@slack[\\/]oauth[\\/]/ },
];

const result = await build({
  entryPoints: [path.join(root, 'dist/src/main.js')],
  outfile: path.join(outDir, 'bot.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  charset: 'ascii',
  external: EXTERNAL,
  plugins: [lazyRequirePlugin.lazyRequire(LAZY)],
  logLevel: 'warning',
});
if (result.warnings.length) throw new Error(`esbuild: ${result.warnings.length} warning(s) above; the bundle must build cleanly`);
// in ASCII (see the top; ascii-bundle.cjs also checks that no escape lands in a template literal's text)
const botFile = path.join(outDir, 'bot.js');
fs.writeFileSync(botFile, asciiBundle.asciiOnly(fs.readFileSync(botFile, 'utf8')));
fs.writeFileSync(path.join(outDir, 'main.js'), `'use strict';
// The bot's production entry point, written by scripts/bundle.mjs: Node's compile cache first (for the files
// outside the bundle), then the bundle with the code cache of src/bundle-code-cache.ts.
require('../src/compile-cache.js');
// V8's flags before the bundle is compiled: a code cache made under other flags is refused (the bundle sets it too)
require('../src/heap-growth.js');
require('../src/bundle-code-cache.js').requireBundle(require.resolve('./bot.js'));
`);
