import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { entryArgs } from '../deploy/entry-process';
import { fixtureInput } from '../helpers';

/** A folder a bot process may write (also when the test runs as root and the bot as another user). */
export function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-bot-'));
  fs.chmodSync(dir, 0o777);
  return dir;
}

/** The test municipality as a configuration folder, without quiet hours (the real clock is used). */
export function dataDir(dir: string): string {
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { recursive: true });
  fs.writeFileSync(path.join(data, 'testby.yaml'), YAML.stringify(fixtureInput({ quietHours: { from: '00:00', to: '00:00', weekends: false } })));
  return data;
}

export interface BotProcess {
  proc: ChildProcess;
  /** stderr so far (the bot logs there) */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves when a stderr line matches */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
}

/** The real bot (src/main.ts, or the production bundle dist/bundle/main.js in the compiled run) in its own process; `uid`: run it as that user (root tests of file permissions). */
export function startBot(env: Record<string, string>, args: string[] = [], opts: { uid?: number } = {}): BotProcess {
  const proc = spawn(process.execPath, [...entryArgs('main'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), SLT_CONSOLE: 'off', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  proc.stderr!.on('data', (c) => {
    err += String(c);
    for (const w of [...waiters]) if (w.pattern.test(err)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc,
    stderr: () => err,
    exited,
    waitFor: (pattern, ms = 20_000) => new Promise<void>((resolve, reject) => {
      if (pattern.test(err)) return resolve();
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr:\n${err}`)), ms);
      waiters.push({ pattern, resolve: () => { clearTimeout(t); resolve(); } });
      void exited.then(() => setTimeout(() => {
        clearTimeout(t);
        reject(new Error(`the bot exited while waiting for ${pattern}; stderr:\n${err}`));
      }, 50));
    }),
  };
}
