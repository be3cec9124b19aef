import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { databasePermissionWarnings } from '../../src/store/private-files';

/**
 * Issue 13, finding 6: the database (and its -wal/-shm files), exports and the folders the bot creates
 * for them are private whatever the umask; start-up warns about an existing database others can read.
 */
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'slt-perm-'));

test('with umask 0, the database, its -wal and -shm files and an export are 0600, the folders created for them 0700', () => {
  const root = tmp();
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'private-files-child.ts')], {
    env: { ...process.env, ROOT: root }, timeout: 60_000, encoding: 'utf8',
  });
  const modes = JSON.parse(output) as Record<string, string>;
  expect(modes.plain).toBe('666'); // the umask really was permissive
  expect(modes).toEqual({
    plain: '666', db: '600', wal: '600', shm: '600', varDir: '700', dbDir: '700',
    exportJson: '600', exportMd: '600', exportDir: '700', exportsDir: '700',
  });
  fs.rmSync(root, { recursive: true, force: true });
});

test('an existing database that others can read is reported, naming the file; a private one is not', () => {
  const dir = tmp();
  const db = path.join(dir, 'slt.db');
  fs.writeFileSync(db, '');
  fs.chmodSync(db, 0o644);
  expect(databasePermissionWarnings(db)).toEqual([`security: ${db} can be read or written by others than its owner (mode 0644); it holds case details: run chmod 600 ${db}`]);
  fs.chmodSync(db, 0o600);
  expect(databasePermissionWarnings(db)).toEqual([]);
  expect(databasePermissionWarnings(path.join(dir, 'missing.db'))).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test('the bot warns at start-up about a database others can read (one log line naming the file)', async () => {
  const dir = tmp();
  const db = path.join(dir, 'slt.db');
  fs.writeFileSync(db, '');
  fs.chmodSync(db, 0o644);
  // no platform from the environment of whoever runs the tests
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLT_|SLACK_|MICROSOFT_|PUBLIC_URL|PORT)/.test(k)));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...env, SLT_DB: db, SLT_CONSOLE: 'off', PORT: String(await freePort()) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line within 30 s: ${stderr}`)), 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bot stopped (${code}): ${stderr}`));
      });
      child.stderr!.on('data', (c) => {
        stderr += String(c);
        if (/HTTP on port/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      const force = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5_000);
      child.once('exit', () => { clearTimeout(force); resolve(); });
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(stderr).toContain(`security: ${db} can be read or written by others than its owner (mode 0644)`);
}, 40_000);
