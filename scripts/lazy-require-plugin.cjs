// An esbuild plugin for scripts/bundle.mjs: a package that some bundled module requires at its top but uses only
// inside functions is loaded when a property of it is first read, not when that module is loaded. Bolt loads all
// of its receivers at every start, and with them packages that only Socket Mode (undici's WebSocket client, via
// @slack/socket-mode) and the OAuth install flow (jsonwebtoken, via @slack/oauth) use; the bot's HTTP mode with
// a bot token uses neither, and loading them was about a tenth of a start. The package itself is not put into the
// bundle: the first use requires it from node_modules (next to dist/, as better-sqlite3 is). V8 keeps a script's
// whole source in memory for as long as the process runs, so a package in the bundle costs its size in every
// process even when it never runs (undici alone is 1 MB of the bundle's text).
// test/deploy/lazy-require-plugin.test.ts bundles a stand-in and checks: nothing runs at the require, the real
// module answers the first use, and its source is not in the bundle.
'use strict';

/** @param {{ pkg: string, importer: RegExp }[]} lazy which package, required from which files (paths matched by `importer`) */
function lazyRequire(lazy) {
  return {
    name: 'lazy-require',
    setup(build) {
      for (const { pkg, importer } of lazy) {
        const exact = new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        build.onResolve({ filter: exact }, (args) => (args.namespace === 'file' && importer.test(args.importer)
          ? { path: pkg, namespace: 'lazy-require', pluginData: { resolveDir: args.resolveDir } }
          : undefined));
      }
      // the stub's own require: left to Node at run time (from node_modules), not bundled
      build.onResolve({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-require' }, (args) => ({
        resolveDir: args.pluginData.resolveDir, // (the require in it is external: Node finds the package from the bundle's folder)
        loader: 'js',
        contents: `'use strict';
let real;
const load = () => (real === undefined ? (real = require(${JSON.stringify(args.path)})) : real);
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`,
      }));
    },
  };
}

module.exports = { lazyRequire };
