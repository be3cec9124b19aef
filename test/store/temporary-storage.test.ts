import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';

// SQLite keeps the page images a savepoint may have to restore (each transaction of a group commit after the
// first runs in one) in a statement journal, and a large sort in temporary tables; past a small size these
// went to files of the temporary directory: case texts outside the bot's private database file, and their
// bytes left on the disk after SQLite deleted the file. The store keeps its temporary storage in memory.
// SQLite names its temporary files etilqs_… (in /var/tmp here, when no SQLITE_TMPDIR or TMPDIR was set when it
// started) and deletes them at once while keeping them open: a file SQLite has open shows in /proc/self/fd.

const openTemporaryFiles = (): string[] =>
  fs.readdirSync('/proc/self/fd').map((fd) => {
    try {
      return fs.readlinkSync(path.join('/proc/self/fd', fd));
    } catch {
      return '';
    }
  }).filter((target) => path.basename(target).startsWith('etilqs_'));

describe('SQLite temporary storage', () => {
  it('writes no temporary file while a batch of transactions changes far more than the statement journal holds in memory, nor for a large sort', async () => {
    const store = await openSqliteStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-db-')), 'slt.db'), { policy: { allowNew: true } });
    const text = (n: number, tag: string) => JSON.stringify({ views: [{ lines: [`${tag} ${n} `.repeat(120)] }] });
    await store.transaction(async (tx) => {
      for (let n = 0; n < 300; n++) await tx.rememberReply(`delivery-${n}`, text(n, 'første svar'), '2027-01-08T09:00:00.000Z');
    });
    const seen: string[][] = [];
    // two transactions of one batch: the second runs in a savepoint and rewrites ~300 KB of existing pages
    await Promise.all([
      store.transaction(async (tx) => {
        await tx.rememberReply('delivery-first', text(0, 'først i batchen'), '2027-01-08T09:00:00.000Z');
      }),
      store.transaction(async (tx) => {
        for (let n = 0; n < 300; n++) await tx.replaceReply(`delivery-${n}`, text(n, 'nytt svar'));
        seen.push(openTemporaryFiles());
      }),
    ]);
    // a sort without an index over every remembered reply
    const sorted = store.db.prepare('SELECT request_key FROM processed_requests ORDER BY reply_json DESC, at').all();
    seen.push(openTemporaryFiles());
    expect(sorted.length).toBe(301);
    expect(seen).toEqual([[], []]);
    await store.close();
  });
});
