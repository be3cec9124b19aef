// Baseline: the bare Bolt app plus one synchronous better-sqlite3 INSERT (WAL, synchronous=NORMAL,
// a file database) before the ack: the least a bot that stores what it is told must do.
//   PORT=3102 DB=/tmp/x.db SLACK_SIGNING_SECRET=bench-secret node bench/load/bolt-sqlite.mjs
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startBoltBaseline } from './bolt-app.mjs';

const db = new Database(process.env.DB ?? path.join(os.tmpdir(), 'bolt-bench.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS commands (id INTEGER PRIMARY KEY, user_id TEXT, channel_id TEXT, text TEXT, at TEXT)');
const insert = db.prepare('INSERT INTO commands (user_id, channel_id, text, at) VALUES (?, ?, ?, ?)');
await startBoltBaseline('bolt-sqlite', 3102, async ({ ack, command }) => {
  insert.run(command.user_id, command.channel_id, command.text, new Date().toISOString());
  await ack('ok');
});
process.on('SIGTERM', () => { db.close(); process.exit(0); });
