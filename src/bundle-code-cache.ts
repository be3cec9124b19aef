import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

/**
 * Loads the production bundle (dist/bundle/bot.js) with V8's compiled code kept between starts, on every
 * Node version (Node >= 22.1's own compile cache, src/compile-cache.ts, keeps the code of the other files it
 * loads; see requireBundle for why not the bundle's): the bundle is compiled here with `vm.Script` and the
 * code V8 compiled for a start is kept in a file and handed to V8 at the next (compiling the 5.7 MB bundle and
 * each function the start runs is about a third of a start without it). The cache lives where Node keeps its own:
 * NODE_COMPILE_CACHE, else `node-compile-cache` in the OS temp folder, in a folder `slt-bot` only this user
 * can write. A cache file is named by the Node version and the bundle's content (length and CRC-32), so a new
 * build or Node never uses an old one; V8 itself refuses one made with other flags. Anything wrong with the
 * cache (missing, unreadable, refused, someone else's, a folder others can write) only means a start
 * without it; then the code is written anew a few seconds after the start (or when the process exits, if sooner).
 */

type Loaded = {
  /** 'used': V8 took the kept code; 'to-write': none or refused, to be kept (see requireBundle); 'off': no cache (folder unusable) */
  cache: 'used' | 'to-write' | 'off';
  /** the file the code is kept in */
  cacheFile?: string;
  /** writes the code V8 has compiled so far (the functions run until now too); true when written */
  save(): boolean;
};

export const defaultCacheDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), 'node-compile-cache'), 'slt-bot');

/** a folder or file of this user that nobody else may write (a cache file is code V8 would run) */
function ownedAndPrivate(p: string): boolean {
  const st = fs.statSync(p);
  return (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o022) === 0;
}

/** The folder for cache files, created private; undefined when it cannot be used safely. */
function cacheFolder(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return ownedAndPrivate(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

const DAY_MS = 86_400_000;

/** Cache files of the same bundle from other builds or Node versions, unused for a day, are removed. */
function forgetOldBuilds(dir: string, keep: string): void {
  const prefix = keep.slice(0, keep.indexOf('-') + 1);
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !name.startsWith(prefix) || !name.endsWith('.v8cache')) continue;
    const p = path.join(dir, name);
    if (Date.now() - fs.statSync(p).mtimeMs > DAY_MS) fs.rmSync(p, { force: true });
  }
}

/**
 * Run the CommonJS file `file` (as `require` would: its own module, `require` relative to it, __filename,
 * __dirname) from V8's code cache in `cacheDir` when it has one for exactly this content and Node version.
 */
export function loadWithCodeCache(file: string, cacheDir: string, parent?: NodeJS.Module): { exports: unknown } & Loaded {
  const bytes = fs.readFileSync(file);
  // the bundle is ASCII (scripts/ascii-bundle.cjs): read as one byte a character, several ms sooner than UTF-8
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const dir = cacheFolder(cacheDir);
  const key = `${process.version}-${process.arch}-${bytes.length}-${zlib.crc32(bytes).toString(16)}`;
  const cacheFile = dir && path.join(dir, `${path.basename(file, '.js')}-${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile && ownedAndPrivate(cacheFile)) cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  const script = new vm.Script(nodeModule.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new nodeModule(file, parent);
  mod.filename = file;
  mod.paths = (nodeModule as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(file));
  const save = (): boolean => {
    if (!cacheFile) return false;
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile); // whole or not at all, also with two processes starting at once
      forgetOldBuilds(path.dirname(cacheFile), path.basename(cacheFile));
      return true;
    } catch {
      return false;
    }
  };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, nodeModule.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, cache: !cacheFile ? 'off' : used ? 'used' : 'to-write', ...(cacheFile ? { cacheFile } : {}), save };
}

/**
 * When the code of a start without a usable cache is kept: a few seconds after the start, when the functions
 * a start runs are compiled and not yet dropped (V8 drops the bytecode of functions unused for a while, so the
 * code of a process that ran for hours would start the next one slower), or at exit if that comes first.
 */
const SAVE_AFTER_MS = 3000;

/**
 * What dist/bundle/main.js calls, on every Node: the bundle with the code kept by loadWithCodeCache, which is
 * written again soon after a start that had none to use. Not Node's own compile cache (Node >= 22.1), which
 * keeps a file's code as V8 compiled it before it ran: only the top level and its immediately called functions
 * (340 KB of code for the bundle), and never again once accepted, so each start still compiled every function
 * it ran; the code kept here a few seconds after a start has those too (about 2.5 MB). Node 24, same run
 * (median of 7, warm caches): 304 ms to the first /healthz with Node's cache, 260 with this one (bare Bolt 224).
 */
export function requireBundle(file: string): void {
  const loaded = loadWithCodeCache(file, defaultCacheDir(), module);
  if (loaded.cache !== 'to-write') return;
  let saved = false;
  const saveOnce = () => {
    if (saved) return;
    saved = true;
    loaded.save();
  };
  setTimeout(saveOnce, SAVE_AFTER_MS).unref();
  process.once('exit', saveOnce);
}
