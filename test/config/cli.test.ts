import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createApp } from '../../src/app';
import { ConfigError } from '../../src/config/load-municipalities';
import { runCli } from '../../src/cli/main';
import { FakeClock, fixtureInput } from '../helpers';

function dataDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cli-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function cli(args: string[], dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.env.SLT_DATA;
  process.env.SLT_DATA = dir;
  try {
    const code = await runCli(args, (s) => void out.push(s), (s) => void err.push(s));
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    if (before === undefined) delete process.env.SLT_DATA;
    else process.env.SLT_DATA = before;
  }
}

describe('CLI', () => {
  test('validate passes on a good folder and fails with exit code 1 naming file and line', async () => {
    const good = dataDir({ 'testby.yaml': YAML.stringify(fixtureInput()) });
    expect(await cli(['validate'], good)).toMatchObject({ code: 0, out: expect.stringMatching(/1 kommuner, 2 fora, 6 medlemmer/) });
    const bad = dataDir({ 'testby.yaml': YAML.stringify(fixtureInput()).replace('kind: weekly', 'kind: fortnightly') });
    const r = await cli(['validate'], bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/testby\.yaml:\d+: forums\[0\]\.cadence\.kind: unknown cadence kind: expected one of weekly, monthly, spread, dates, none/);
  });

  test('plan prints a table and writes an iCalendar file with stable UIDs', async () => {
    const dir = dataDir({ 'testby.yaml': YAML.stringify(fixtureInput()) });
    const table = await cli(['plan', '--municipality', 'testby', '--from', '2027-01-01', '--to', '2027-01-31', '--forum', 'team'], dir);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/Testby kommune: 2 møter 2027-01-01 – 2027-01-31/);
    expect(table.out).toMatch(/team\s+ons\. 06\.01\.2027 09:00\s+10:30\s+ons\. 30\.12\.2026 09:00\s+Rådhuset/);
    const file = path.join(dir, 'out.ics');
    const ics = await cli(['plan', '--municipality', 'testby', '--from', '2027-01-01', '--to', '2027-01-31', '--format', 'ics', '--out', file], dir);
    expect(ics.code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/BEGIN:VCALENDAR/);
    expect(text).toMatch(/UID:testby\/team\/2027-01-06@slt-bot/);
    expect(text).toMatch(/DTSTART;TZID=Europe\/Oslo:20270106T090000/);
  });

  test('plan names a bad flag and what it expected', async () => {
    const dir = dataDir({ 'testby.yaml': YAML.stringify(fixtureInput()) });
    expect(await cli(['plan', '--municipality', 'nowhere', '--from', '2027-01-01', '--to', '2027-01-31'], dir))
      .toMatchObject({ code: 1, err: expect.stringMatching(/--municipality: expected one of testby, got "nowhere"/) });
    expect(await cli(['plan', '--municipality', 'testby', '--from', '2027-13-01', '--to', '2027-01-31'], dir))
      .toMatchObject({ code: 1, err: expect.stringMatching(/--from: expected a date as YYYY-MM-DD/) });
  });

  test('a bad configuration stops the app before the database file is created', async () => {
    const bad = dataDir({ 'testby.yaml': 'id: testby\nname: [unclosed\n' });
    const db = path.join(bad, 'never.db');
    await expect(createApp({ dbFile: db, data: bad, clock: new FakeClock('2027-01-01T00:00') })).rejects.toThrow(ConfigError);
    expect(fs.existsSync(db)).toBe(false);
  });
});
