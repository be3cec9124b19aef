import fs from 'node:fs';
import path from 'node:path';
import { FakeSlackApi } from '../slack/fake-slack-api';
import { dataDir, startBot, workDir } from './bot-process';
import { logRecords, onlyFatal } from '../log-capture';

jest.setTimeout(60_000);

let api: FakeSlackApi;
beforeEach(async () => {
  api = new FakeSlackApi();
  await api.start();
});
afterEach(() => api.stop());

const slackEnv = (dir: string) => ({ SLT_DB: path.join(dir, 'var', 'slt.db'), SLT_DATA: dataDir(dir), SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: api.apiUrl });

test('a wrong SLACK_BOT_TOKEN stops the bot with one line naming the variable, before the database is touched', async () => {
  api.refuse('auth.test', { status: 200, error: 'invalid_auth' });
  const dir = workDir();
  const bot = startBot(slackEnv(dir));
  expect(await bot.exited).toEqual({ code: 1, signal: null });
  expect(onlyFatal(bot.stderr())).toBe('SLACK_BOT_TOKEN is not accepted by Slack (invalid_auth): set it to the Bot User OAuth Token (xoxb-…) of the installed app');
  expect(fs.existsSync(path.join(dir, 'var'))).toBe(false);
});

test('a configuration the three-year check refuses stops the bot before it listens or touches the database, naming file and field', async () => {
  const dir = workDir();
  const env = { ...slackEnv(dir), SLACK_BOT_TOKEN: 'xoxb-right', SLT_NEW_DATABASE: 'yes' };
  // every other Wednesday, items due 20 days before: the deadline reaches back past the meeting before
  const file = path.join(env.SLT_DATA, 'testby.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^(\s+)referralDeadlineDays: 7$/m, '$1referralDeadlineDays: 20'));
  expect(fs.readFileSync(file, 'utf8')).toMatch(/referralDeadlineDays: 20/);
  const bot = startBot(env);
  expect(await bot.exited).toEqual({ code: 1, signal: null });
  expect(onlyFatal(bot.stderr())).toMatch(/^The configuration has errors; nothing was started or written:\n.*testby\.yaml: forums\[0\]\.referralDeadlineDays: referralDeadlineDays \(20\) is longer than the gap between the meetings on \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}$/);
  expect(fs.existsSync(path.join(dir, 'var'))).toBe(false);
});

test('an alias before its anchor in a configuration file stops the bot with the file and the line, not a stack trace, before it listens', async () => {
  const dir = workDir();
  const env = { ...slackEnv(dir), SLACK_BOT_TOKEN: 'xoxb-right', SLT_NEW_DATABASE: 'yes' };
  const file = path.join(env.SLT_DATA, 'testby.yaml');
  let n = 0;
  const text = fs.readFileSync(file, 'utf8').replace(/agency: Kommunen$/gm, () => (n++ === 0 ? 'agency: *kommune' : 'agency: &kommune Kommunen'));
  fs.writeFileSync(file, text);
  const line = text.split('\n').findIndex((l) => l.endsWith('agency: *kommune')) + 1;
  expect(line).toBeGreaterThan(1);
  const bot = startBot(env);
  expect(await bot.exited).toEqual({ code: 1, signal: null });
  // its only line: no stack trace, nothing about listening
  expect(onlyFatal(bot.stderr())).toBe(`The configuration has errors; nothing was started or written:\n${file}:${line}: YAML alias *kommune is used before its anchor &kommune: an anchor must come earlier in the file than every alias to it`);
  expect(fs.existsSync(path.join(dir, 'var'))).toBe(false);
});

test('a deployment never starts on a new, empty database unless asked; with --new-database it does, and SIGTERM ends it cleanly', async () => {
  const dir = workDir();
  const env = slackEnv(dir);
  const refused = startBot(env);
  expect(await refused.exited).toEqual({ code: 1, signal: null });
  expect(onlyFatal(refused.stderr())).toBe(`There is no database at ${env.SLT_DB} (SLT_DB): to create a new, empty one, start once with --new-database (or SLT_NEW_DATABASE=yes)`);
  const bot = startBot(env, ['--new-database']);
  await bot.waitFor(/platforms: Slack \(HTTP\)/);
  expect(bot.stderr()).toMatch(/created a new, empty database at .*slt\.db/);
  bot.proc.kill('SIGTERM');
  expect(await bot.exited).toEqual({ code: 0, signal: null });
  expect(bot.stderr()).toMatch(/outbox: stopped; released 0 claimed messages/);
  // the next start finds its database
  const again = startBot(env);
  await again.waitFor(/platforms: Slack \(HTTP\)/);
  again.proc.kill('SIGTERM');
  await again.exited;
  // deleted: refused, named
  fs.rmSync(env.SLT_DB);
  const gone = startBot(env);
  expect((await gone.exited).code).toBe(1);
  expect(onlyFatal(gone.stderr())).toMatch(/^The database .*slt\.db is missing, but one was used there \(identity [0-9a-f-]+, since [^)]+; see .*slt\.db\.identity\): restore it from a backup, or start once with --new-database \(or SLT_NEW_DATABASE=yes\) to begin with an empty one$/);
});

test('a database file the bot may not write stops the start with one line naming the file', async () => {
  const dir = workDir();
  const env = slackEnv(dir);
  const first = startBot(env, ['--new-database']);
  await first.waitFor(/platforms: Slack \(HTTP\)/);
  first.proc.kill('SIGTERM');
  await first.exited;
  for (const f of fs.readdirSync(path.join(dir, 'var'))) fs.chmodSync(path.join(dir, 'var', f), 0o444);
  fs.chmodSync(path.join(dir, 'var'), 0o555);
  // root may write anything: the bot runs as an ordinary user then
  const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};
  const bot = startBot(env, [], asUser);
  expect((await bot.exited).code).toBe(1);
  const db = env.SLT_DB.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // (a 0444 file others can read is also reported, issue 13)
  const [warning, fatal, ...more] = logRecords(bot.stderr());
  expect(more).toEqual([]);
  expect(warning).toMatchObject({ level: 'warn', msg: expect.stringMatching(new RegExp(`^security: ${db} can be read or written by others than its owner \\(mode 0444\\); `)) });
  expect(fatal).toMatchObject({ level: 'fatal', msg: expect.stringMatching(new RegExp(`^The database ${db} cannot be (written|opened for writing) \\(.*SQLITE_READONLY.*\\): check .*$`)) });
});
