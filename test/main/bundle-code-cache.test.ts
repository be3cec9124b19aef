import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCacheDir } from '../../src/bundle-code-cache';

/**
 * The production bundle is loaded with V8's code kept between starts (src/bundle-code-cache.ts, on every Node:
 * Node 22's compile cache keeps only the code compiled before the file ran): the file runs as `require` would run it, the kept code is used only
 * for exactly the same file, and a cache that is damaged, someone else's or in a folder others may write is
 * never used (it is code V8 would run). Each start is its own process, as in production (within one process
 * V8 would reuse the code it compiled already and never look at the cache).
 */
const SOURCE = path.resolve(__dirname, '../../src/bundle-code-cache.ts');
type Start = { cache: 'used' | 'to-write' | 'off'; cacheFile?: string; saved?: boolean; exports: Record<string, unknown> };
/** a new Node process loads `file` with loadWithCodeCache (and saves the code when `save`) */
function loadWithCodeCache(file: string, cacheDir: string, opts: { save?: boolean } = {}): Start {
  const script = `const { loadWithCodeCache } = require(${JSON.stringify(SOURCE)});
    const r = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
    const saved = ${opts.save ? 'r.save()' : 'undefined'};
    process.stdout.write(JSON.stringify({ cache: r.cache, cacheFile: r.cacheFile, saved, exports: r.exports }));`;
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  if (run.status !== 0) throw new Error(`the loading process failed (${run.status ?? run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Start;
}
describe('the bundle loaded with a kept code cache', () => {
  let dir: string;
  let cacheDir: string;
  let file: string;
  const write = (answer: number) => fs.writeFileSync(file, `'use strict';
const helper = require('./helper.js');
function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
module.exports = { answer: ${answer}, helper: helper.name, file: __filename, dir: __dirname, work: work(1000), self: this === module.exports };
`);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-codecache-'));
    cacheDir = path.join(dir, 'cache', 'slt-bot');
    file = path.join(dir, 'bundle.js');
    fs.writeFileSync(path.join(dir, 'helper.js'), "module.exports = { name: 'helper' };");
    write(42);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs the file as require would: its exports, require relative to it, __filename, __dirname, this', () => {
    expect(loadWithCodeCache(file, cacheDir).exports).toEqual({ answer: 42, helper: 'helper', file, dir, work: 2997, self: true });
    expect(loadWithCodeCache(file, cacheDir, { save: true }).exports).toEqual({ answer: 42, helper: 'helper', file, dir, work: 2997, self: true });
    expect(loadWithCodeCache(file, cacheDir)).toMatchObject({ cache: 'used', exports: { answer: 42, helper: 'helper', file, dir, work: 2997, self: true } });
  });

  test('an ASCII file and one with other characters both read right (one byte a character, or UTF-8)', () => {
    expect(loadWithCodeCache(file, cacheDir).exports).toMatchObject({ answer: 42 });
    fs.writeFileSync(file, "module.exports = { text: 'blåbær – «sitat»', length: 'blåbær – «sitat»'.length };");
    expect(loadWithCodeCache(file, cacheDir).exports).toEqual({ text: 'blåbær – «sitat»', length: 16 });
  });

  test('the first start writes the cache (private), the next uses it', () => {
    const unsaved = loadWithCodeCache(file, cacheDir);
    expect(unsaved.cache).toBe('to-write');
    expect(fs.existsSync(unsaved.cacheFile!)).toBe(false);
    const first = loadWithCodeCache(file, cacheDir, { save: true });
    expect(first).toMatchObject({ cache: 'to-write', saved: true });
    expect(fs.statSync(first.cacheFile!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
    const second = loadWithCodeCache(file, cacheDir);
    expect(second).toMatchObject({ cache: 'used', cacheFile: first.cacheFile });
    expect(second.exports).toMatchObject({ answer: 42, work: 2997 });
  });

  test('a changed bundle (even of the same length) does not use the code kept for the old one', () => {
    const old = loadWithCodeCache(file, cacheDir, { save: true });
    expect(loadWithCodeCache(file, cacheDir).cache).toBe('used');
    write(43); // same length as before
    const changed = loadWithCodeCache(file, cacheDir);
    expect(changed.cache).toBe('to-write');
    expect(changed.cacheFile).not.toBe(old.cacheFile);
    expect(changed.exports).toMatchObject({ answer: 43 });
  });

  test('a damaged cache file is refused by V8: the file still runs, and the cache is written anew', () => {
    const first = loadWithCodeCache(file, cacheDir, { save: true });
    fs.writeFileSync(first.cacheFile!, Buffer.from('not V8 code at all, not V8 code at all'), { mode: 0o600 });
    const second = loadWithCodeCache(file, cacheDir, { save: true });
    expect(second).toMatchObject({ cache: 'to-write', saved: true, exports: { answer: 42 } });
    expect(loadWithCodeCache(file, cacheDir).cache).toBe('used');
  });

  test('a cache file others may write is not used; a cache folder others may write turns the cache off', () => {
    const first = loadWithCodeCache(file, cacheDir, { save: true });
    fs.chmodSync(first.cacheFile!, 0o666);
    expect(loadWithCodeCache(file, cacheDir).cache).toBe('to-write');
    fs.chmodSync(cacheDir, 0o777);
    expect(loadWithCodeCache(file, cacheDir, { save: true })).toMatchObject({ cache: 'off', saved: false, exports: { answer: 42 } });
  });

  test('a cache folder that cannot be made means no cache, not a failed start', () => {
    fs.writeFileSync(path.join(dir, 'cache'), 'a file where the folder would be');
    const loaded = loadWithCodeCache(file, cacheDir);
    expect(loaded.cache).toBe('off');
    expect(loaded.exports).toMatchObject({ answer: 42 });
  });

  test('dist/bundle/main.js: the code is kept when a short process exits, on every Node (also one with its own compile cache)', () => {
    const script = `require(${JSON.stringify(SOURCE)}).requireBundle(${JSON.stringify(file)});`;
    const env = { ...process.env, NODE_COMPILE_CACHE: path.join(dir, 'node-cache') };
    for (let start = 0; start < 2; start++) {
      const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 20_000, env });
      expect(run.status).toBe(0);
    }
    const kept = fs.existsSync(path.join(dir, 'node-cache', 'slt-bot')) ? fs.readdirSync(path.join(dir, 'node-cache', 'slt-bot')) : [];
    expect(kept).toEqual([expect.stringMatching(/^bundle-v\d+\.\d+\.\d+-\w+-\d+-[0-9a-f]+\.v8cache$/)]);
  });

  test('dist/bundle/main.js: a process that runs on keeps the code a few seconds after its start, not only at its end', async () => {
    const script = `require(${JSON.stringify(SOURCE)}).requireBundle(${JSON.stringify(file)}); setInterval(() => {}, 1000);`;
    const folder = path.join(dir, 'node-cache', 'slt-bot');
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { env: { ...process.env, NODE_COMPILE_CACHE: path.join(dir, 'node-cache') }, stdio: 'ignore' });
    try {
      const deadline = Date.now() + 15_000;
      const kept = () => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.v8cache')) : []);
      while (kept().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(child.exitCode).toBeNull(); // still running
      expect(kept()).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test("the cache lives where Node keeps its own: NODE_COMPILE_CACHE, else the OS temp folder's node-compile-cache", () => {
    expect(defaultCacheDir({ NODE_COMPILE_CACHE: '/srv/cache' })).toBe(path.join('/srv/cache', 'slt-bot'));
    expect(defaultCacheDir({})).toBe(path.join(os.tmpdir(), 'node-compile-cache', 'slt-bot'));
  });
});
