import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyRequire } = require('../../scripts/lazy-require-plugin.cjs') as { lazyRequire: (lazy: { pkg: string; importer: RegExp }[]) => import('esbuild').Plugin };

/**
 * The bundle loads some of Bolt's dependencies on first use (scripts/lazy-require-plugin.cjs): a stand-in
 * package and two importers are bundled as scripts/bundle.mjs does; the chosen importer's require runs
 * nothing of the package until a property is read, then it is the real package; any other importer gets it
 * as before.
 */
describe('a package required lazily in the bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-lazy-'));
    const pkg = path.join(dir, 'node_modules', 'heavy');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'heavy', main: 'index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), `globalThis.heavyLoads = (globalThis.heavyLoads || 0) + 1;
class Socket { constructor(url) { this.url = url; } }
module.exports = { Socket, fetch: (u) => 'fetched ' + u, version: 3 };`);
    const lib = path.join(dir, 'node_modules', 'socketlib');
    fs.mkdirSync(lib, { recursive: true });
    fs.writeFileSync(path.join(lib, 'index.js'), `const heavy_1 = require('heavy');
exports.open = (url) => new heavy_1.Socket(url);
exports.isSocket = (s) => s instanceof heavy_1.Socket;
exports.keys = () => Object.keys(heavy_1).sort();
exports.has = (k) => k in heavy_1;`);
    fs.writeFileSync(path.join(dir, 'other.js'), "const heavy = require('heavy'); exports.version = heavy.version;");
    fs.writeFileSync(path.join(dir, 'entry.js'), `const socketlib = require('socketlib');
const before = globalThis.heavyLoads || 0;
const s = socketlib.open('wss://x');
module.exports = { before, after: globalThis.heavyLoads, url: s.url, isSocket: socketlib.isSocket(s), keys: socketlib.keys(), has: socketlib.has('fetch'), loads: () => globalThis.heavyLoads };`);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete (globalThis as { heavyLoads?: number }).heavyLoads;
  });

  const bundle = async (entry: string) => {
    const outfile = path.join(dir, `out-${entry}`);
    await build({ entryPoints: [path.join(dir, entry)], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent',
      plugins: [lazyRequire([{ pkg: 'heavy', importer: /[\\/]node_modules[\\/]socketlib[\\/]/ }])] });
    return outfile;
  };

  test('the chosen importer loads it at the first use, once, and gets the real thing', async () => {
    const out = require(await bundle('entry.js')) as { before: number; after: number; url: string; isSocket: boolean; keys: string[]; has: boolean; loads(): number };
    expect(out).toMatchObject({ before: 0, after: 1, url: 'wss://x', isSocket: true, keys: ['Socket', 'fetch', 'version'], has: true });
    expect(out.loads()).toBe(1);
  });

  test('its source stays out of the bundle (V8 would keep it in memory all the time); Node loads it from node_modules', async () => {
    const out = await bundle('entry.js');
    expect(fs.readFileSync(out, 'utf8')).not.toContain('fetched ');
    fs.rmSync(path.join(dir, 'node_modules', 'heavy'), { recursive: true });
    expect(() => (require(out) as { url: string }).url).toThrow(/Cannot find module 'heavy'/);
  });

  test('a module that only requires it runs nothing of it; another importer loads it as before', async () => {
    fs.writeFileSync(path.join(dir, 'only.js'), "require('socketlib'); module.exports = globalThis.heavyLoads || 0;");
    expect(require(await bundle('only.js'))).toBe(0);
    fs.writeFileSync(path.join(dir, 'eager.js'), "require('./other.js'); module.exports = globalThis.heavyLoads || 0;");
    expect(require(await bundle('eager.js'))).toBe(1);
  });
});
