import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, loadMunicipalities, parseMunicipality } from '../../src/config/load-municipalities';
import { fixtureInput, holidays } from '../helpers';

const problemsOf = (text: string) => parseMunicipality('x.yaml', text).problems;
const yamlOf = (o: unknown) => YAML.stringify(o);

describe('configuration errors name the file, the line, the path and what was expected', () => {
  test('YAML syntax error', () => {
    const p = problemsOf('id: testby\nname: "unterminated\nforums: []\n');
    expect(p[0]!.file).toBe('x.yaml');
    expect(p[0]!.line).toBeGreaterThanOrEqual(2);
    expect(p[0]!.message).toMatch(/YAML syntax error/);
  });

  test('unknown cadence kind lists the allowed ones, with its line', () => {
    const input = fixtureInput();
    (input.forums[0] as { cadence: unknown }).cadence = { kind: 'fortnightly' };
    const text = yamlOf(input);
    const [p] = problemsOf(text);
    expect(p!.path).toBe('forums[0].cadence.kind');
    expect(p!.message).toBe('unknown cadence kind: expected one of weekly, monthly, spread, dates, none');
    expect(text.split('\n')[p!.line! - 1]).toMatch(/cadence|kind/);
  });

  test('invalid time zone', () => {
    const [p] = problemsOf(yamlOf(fixtureInput({ timeZone: 'Europe/Osloo' })));
    expect(p!.path).toBe('timeZone');
    expect(p!.message).toMatch(/IANA time zone/);
  });

  test('duplicate forum id', () => {
    const input = fixtureInput();
    input.forums.push({ ...input.forums[1]!, code: 'RAD2' });
    const [p] = problemsOf(yamlOf(input));
    expect(p!.path).toBe('forums[2].id');
    expect(p!.message).toBe('duplicate forum id "rad"');
  });

  test('member referenced but not defined', () => {
    const input = fixtureInput();
    (input.forums[1]!.members as unknown[]).push('ukjent');
    const [p] = problemsOf(yamlOf(input));
    expect(p!.path).toBe('forums[1].members[1].member');
    expect(p!.message).toMatch(/member "ukjent" is referenced but not defined/);
  });

  test('bad time of day names the field', () => {
    const input = fixtureInput();
    (input.forums[0] as { time: string }).time = '9.00';
    const [p] = problemsOf(yamlOf(input));
    expect(p).toMatchObject({ path: 'forums[0].time', message: 'expected a local time as HH:MM, e.g. "09:00"' });
  });

  test('a deadline longer than the gap between meetings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
    const input = fixtureInput();
    (input.forums[0] as { referralDeadlineDays: number }).referralDeadlineDays = 20; // meetings every 14 days
    fs.writeFileSync(path.join(dir, 'testby.yaml'), yamlOf(input));
    expect(() => loadMunicipalities(dir, holidays, '2027-01-01')).toThrow(ConfigError);
    try {
      loadMunicipalities(dir, holidays, '2027-01-01');
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/testby\.yaml: forums\[0\]\.referralDeadlineDays: referralDeadlineDays \(20\) is longer than the gap/);
    }
  });

  test('the same console handle in two files is refused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), yamlOf(fixtureInput()));
    const other = fixtureInput({ id: 'annenby' });
    other.forums.forEach((f) => { (f as { channels: object }).channels = {}; });
    fs.writeFileSync(path.join(dir, 'b.yaml'), yamlOf(other));
    expect(() => loadMunicipalities(dir, holidays, '2027-01-01')).toThrow(/console identity "koord" is already used in .*a\.yaml/);
  });

  test('a valid file loads', () => {
    expect(problemsOf(yamlOf(fixtureInput()))).toEqual([]);
  });
});
