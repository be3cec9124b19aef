/**
 * A writer in its own process (spawned by backup.test.ts): inserts batches of $BATCH rows into the
 * load_test table of the SQLite file in SLT_DB, one transaction per batch, as fast as it can until
 * killed. Prints "writing" after the first batch.
 */
import Database from 'better-sqlite3';

const BATCH = Number(process.env.BATCH);
const db = new Database(process.env.SLT_DB!);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO load_test (batch, n, pad) VALUES (?, ?, randomblob(200))');
const batch = db.transaction((k: number) => {
  for (let n = 0; n < BATCH; n++) insert.run(k, n);
});
let k = (db.prepare('SELECT COALESCE(MAX(batch), 0) AS k FROM load_test').get() as { k: number }).k;
batch(++k);
process.stdout.write('writing\n');
const loop = () => {
  batch(++k);
  setImmediate(loop);
};
loop();
