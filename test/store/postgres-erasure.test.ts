import fs from 'node:fs';
import path from 'node:path';
import { fixture } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';
import { itemRecord, meetingRecord, T0 } from './store-contract';

/**
 * What PostgreSQL keeps of an erased text, read from the server's own files (the test server is local;
 * README "Retention" says the same): an UPDATE leaves the old row version in the table's file, and
 * eraseFreedSpace(true) (VACUUM FULL) writes the table anew so its data file no longer holds it. The
 * write-ahead log still does until PostgreSQL recycles the segment; the README says so.
 */

const stores = postgresStores('erasure');
afterAll(() => stores.dropAll());

test('after an erasure, VACUUM FULL leaves no copy of the erased title in the table file; the WAL still has one (documented)', async () => {
  const { store, close } = await stores.open();
  try {
    const secret = `Hemmelig-tittel-${Date.now()}`;
    await store.transaction(async (tx) => {
      await tx.mirrorConfiguration(fixture());
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
      await tx.insertItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20', { kind: 'case', title: secret }));
    });
    const pool = (store as unknown as { pool: import('pg').Pool }).pool;
    const fileOf = async (table: string) => {
      const r = (await pool.query("SELECT current_setting('data_directory') AS dir, pg_relation_filepath($1) AS file", [table])).rows[0];
      return path.join(String(r.dir), String(r.file));
    };
    const onDisk = async (file: string) => {
      await pool.query('CHECKPOINT'); // shared buffers written to the files
      return fs.readFileSync(file).includes(Buffer.from(secret));
    };
    expect(await onDisk(await fileOf('agenda_items'))).toBe(true);
    // retention: the texts are overwritten
    await store.transaction(async (tx) => {
      const item = (await tx.item('TEAM-2027-001'))!;
      await tx.updateItem({ ...item, title: '(slettet)' });
    });
    expect((await store.read.item('TEAM-2027-001'))?.title).toBe('(slettet)');
    const before = await fileOf('agenda_items');
    expect(await onDisk(before)).toBe(true); // the old row version is still in the page: no secure_delete in PostgreSQL
    await store.eraseFreedSpace(true);
    let after = await fileOf('agenda_items');
    expect(after).not.toBe(before); // a new file; the old one was removed
    // VACUUM FULL keeps a dead row version that an older snapshot could still see, and other test files'
    // transactions run on the same server meanwhile: such a copy goes at the next VACUUM FULL once they end
    // (in production: the next retention run after a long transaction). Bounded: 20 more tries.
    for (let i = 0; i < 20 && (await onDisk(after)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await store.eraseFreedSpace(true);
      after = await fileOf('agenda_items');
    }
    expect(await onDisk(after)).toBe(false);
    // the old file was emptied when the rewrite committed and is removed at the checkpoint (its freed disk blocks are the file system's)
    expect(fs.existsSync(before)).toBe(false);
    // what VACUUM does not reach: the write-ahead log keeps the inserted row until its segment is recycled
    const wal = path.join(path.dirname(path.dirname(path.dirname(before))), 'pg_wal');
    const inWal = fs.readdirSync(wal).filter((f) => /^[0-9A-F]{24}$/.test(f)).some((f) => fs.readFileSync(path.join(wal, f)).includes(Buffer.from(secret)));
    expect(inWal).toBe(true);
  } finally {
    await close();
  }
});
