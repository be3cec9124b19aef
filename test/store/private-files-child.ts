/**
 * Run by file-permissions.test.ts in its own process with a permissive umask (0): creates a database
 * in new nested folders, writes to it (so SQLite has its -wal and -shm files), exports an archive into
 * a new folder, and prints the modes it finds as JSON on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/app';
import { exportCommand } from '../../src/cli/report-commands';
import { systemClock } from '../../src/core/ports/clock';

process.umask(0);
const root = process.env.ROOT!;
const db = path.join(root, 'var', 'nested', 'slt.db');
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

const plain = path.join(root, 'plain.txt');
fs.writeFileSync(plain, 'x'); // what the umask alone gives a new file
async function main() {
  const app = await createApp({ dbFile: db, data: 'data/municipalities', clock: systemClock, calendarSecret: 'x' });
  await app.sync();
  const modes: Record<string, string> = {
    plain: mode(plain), db: mode(db), wal: mode(`${db}-wal`), shm: mode(`${db}-shm`),
    varDir: mode(path.join(root, 'var')), dbDir: mode(path.dirname(db)),
  };
  await app.close();
  process.env.SLT_DB = db;
  const out = path.join(root, 'exports', '2027');
  await exportCommand({ municipality: 'loten', year: '2027', out }, () => {});
  Object.assign(modes, { exportJson: mode(path.join(out, 'loten-2027.json')), exportMd: mode(path.join(out, 'loten-2027.md')), exportDir: mode(out), exportsDir: mode(path.dirname(out)) });
  process.stdout.write(JSON.stringify(modes));
}
void main();
