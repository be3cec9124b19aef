import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Which build a spawned entry point runs: the TypeScript sources through tsx (`npm test`), or the
 * build that ships (`npm run test:compiled` sets the global SLT_TEST_ENTRY to "dist"): the bot's
 * production bundle `dist/bundle/main.js` (scripts/bundle.mjs) and the compiled `dist/src/cli/main.js`.
 */
export const COMPILED = (globalThis as { SLT_TEST_ENTRY?: string }).SLT_TEST_ENTRY === 'dist';

/** The file `node` runs for an entry point in the compiled run. */
const COMPILED_ENTRY = { main: 'dist/bundle/main.js', 'cli/main': 'dist/src/cli/main.js' } as const;

/** node with the arguments that run `src/<name>.ts`, or the shipped build of it when COMPILED. */
export function entryArgs(name: 'main' | 'cli/main'): string[] {
  return COMPILED ? [path.join(ROOT, COMPILED_ENTRY[name])] : ['--import', 'tsx', path.join(ROOT, 'src', `${name}.ts`)];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface EntryProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves with the exit code (or the signal's name) */
  exited: Promise<number | string>;
}

/** Spawn an entry point in the repository's root with `env` added to this process's environment. */
export function spawnEntry(name: 'main' | 'cli/main', env: Record<string, string>, argv: string[] = []): EntryProcess {
  const child = spawn(process.execPath, [...entryArgs(name), ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += String(c)));
  child.stderr!.on('data', (c) => (err += String(c)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Poll `check` every 20 ms until it returns a value, for at most `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
