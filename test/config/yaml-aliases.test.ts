import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, loadMunicipalities } from '../../src/config/load-municipalities';
import { fixtureInput, holidays } from '../helpers';

/**
 * YAML that `yaml` parses without an error but cannot turn into a value (its toJS() throws), or would turn
 * into an endless or enormous one: each is a configuration error naming the file and the line, through
 * the real loader, never a stack trace.
 */
const fixtureText = (): string => YAML.stringify(fixtureInput());

/** The loader's error for one file `testby.yaml` holding `text` (fails the test if it loads or throws anything else). */
function refusal(text: string): { file: string; message: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
  const file = path.join(dir, 'testby.yaml');
  fs.writeFileSync(file, text);
  let thrown: unknown;
  try {
    loadMunicipalities(dir, holidays, '2027-01-01');
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return { file, message: (thrown as ConfigError).message };
}

const loads = (text: string): void => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
  fs.writeFileSync(path.join(dir, 'testby.yaml'), text);
  expect(loadMunicipalities(dir, holidays, '2027-01-01').map((m) => m.id)).toEqual(['testby']);
};

const lineOf = (text: string, pattern: RegExp): number => text.split('\n').findIndex((l) => pattern.test(l)) + 1;

/** the fixture with its first `agency: Kommunen` written as `first` and the second as `second` */
const withAgencies = (first: string, second: string): string => {
  let n = 0;
  return fixtureText().replace(/agency: Kommunen$/gm, () => (n++ === 0 ? `agency: ${first}` : `agency: ${second}`));
};

describe('anchors and aliases', () => {
  test('an anchor before its alias loads (the control)', () => {
    loads(withAgencies('&kommune Kommunen', '*kommune'));
  });

  test('an alias before its anchor is refused, naming the file and the line of the alias', () => {
    const text = withAgencies('*kommune', '&kommune Kommunen');
    const { file, message } = refusal(text);
    const line = lineOf(text, /agency: \*kommune/);
    expect(line).toBeGreaterThan(1);
    expect(message).toBe(`${file}:${line}: YAML alias *kommune is used before its anchor &kommune: an anchor must come earlier in the file than every alias to it`);
  });

  test('an alias with no anchor of that name anywhere is refused, naming the line', () => {
    const text = withAgencies('*kommune', 'Kommunen');
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:${lineOf(text, /agency: \*kommune/)}: YAML alias *kommune has no anchor &kommune in the file`);
  });

  test('an alias inside the value its own anchor names (a loop) is refused, naming the line', () => {
    const text = `${fixtureText()}standingItems: &items [a, *items]\n`;
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:${lineOf(text, /^standingItems/)}: YAML alias *items is inside the value its anchor &items names, which would make that value endless`);
  });

  test('"billion laughs": aliases of aliases that would expand to millions of values are refused, naming the line where it grows too large', () => {
    let laughs = 'l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]\n';
    for (let i = 1; i < 9; i++) laughs += `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
    const text = fixtureText() + laughs;
    const { file, message } = refusal(text);
    expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+): YAML aliases make the file more than 100000 values long when they are expanded: use fewer aliases, or write the values out$`));
    const line = Number(/:(\d+): /.exec(message)![1]);
    expect(text.split('\n')[line - 1]).toMatch(/^l\d: &l\d \[\*l\d/);
  });

  test('an anchor used many times, each a single value, still loads (yaml alone would refuse more than 100 uses)', () => {
    const input = fixtureInput();
    const many = YAML.stringify({ ...input, forums: input.forums.map((f) => ({ ...f, standingItems: Array.from({ length: 150 }, (_, i) => `Sak ${i}`) })) })
      .replace(/- Sak 0$/m, '- &sak Sak 0').replace(/- Sak (\d+)$/gm, (l, n: string) => (n === '0' ? l : '- *sak'));
    expect(many.match(/\*sak/g)!.length).toBeGreaterThan(200);
    loads(many);
  });
});

describe('merge keys (<<)', () => {
  test('in YAML 1.2 (the default) <<: with an alias before its anchor is the alias error, with its line', () => {
    const text = fixtureText().replace(/^(\s+)identities:\n(\s+)console: koord$/m, '$1identities:\n$2<<: *ids\n$2console: koord') + 'x: &ids { slack: U1 }\n';
    const { file, message } = refusal(text);
    expect(message.split('\n')[0]).toBe(`${file}:${lineOf(text, /<<: \*ids/)}: YAML alias *ids is used before its anchor &ids: an anchor must come earlier in the file than every alias to it`);
  });

  test('in a %YAML 1.1 file a merge key followed by something other than a mapping is refused, naming the line', () => {
    const text = `%YAML 1.1\n---\n${fixtureText()}`.replace(/^name: (.*)$/m, 'name: &name $1').replace(/^coordinator: koord$/m, 'coordinator: koord\nextra:\n  <<: *name');
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:${lineOf(text, /<<: \*name/)}: YAML merge key << must be followed by a mapping, an alias of one, or a list of those`);
  });

  test('merge keys of merge keys that would expand to millions of values are refused like aliases (yaml converts a merged mapping again at every merge)', () => {
    let text = '%YAML 1.1\n---\nl0: &l0 {a: 1, b: 2}\n';
    for (let i = 1; i < 12; i++) text += `l${i}: &l${i} {k${i}: 1, <<: [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]}\n`;
    const { file, message } = refusal(text);
    expect(message).toMatch(/^.*:(\d+): YAML aliases make the file more than 100000 values long when they are expanded: use fewer aliases, or write the values out$/);
    expect(message.startsWith(`${file}:`)).toBe(true);
  });

  test('…and in a list after << every entry must be a mapping', () => {
    const text = `%YAML 1.1\n---\na: &a { x: 1 }\nb:\n  <<: [*a, 1]\n`;
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:5: YAML merge key << must be followed by a mapping, an alias of one, or a list of those`);
  });
});

describe('tags', () => {
  test('an unknown tag is refused, naming the tag and the line (js-yaml refuses it; yaml would read it as a string)', () => {
    const text = fixtureText().replace(/^name: (.*)$/m, 'name: !kommune $1');
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:2: YAML tag !kommune cannot be used here: remove it (the configuration needs no tags)`);
  });

  test('a value a known tag cannot read (!!int abc) is refused, naming the line', () => {
    const text = fixtureText().replace(/^name: (.*)$/m, 'name: !!int abc');
    const { file, message } = refusal(text);
    expect(message).toBe(`${file}:2: YAML tag !!int cannot be used here: remove it (the configuration needs no tags)`);
  });
});

describe('files the loader cannot read', () => {
  test('a folder named like a configuration file is refused, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), fixtureText());
    fs.mkdirSync(path.join(dir, 'b.yaml'));
    expect(() => loadMunicipalities(dir, holidays, '2027-01-01')).toThrow(ConfigError);
    expect(() => loadMunicipalities(dir, holidays, '2027-01-01')).toThrow(`${path.join(dir, 'b.yaml')}: cannot be read (EISDIR: it is a folder)`);
  });

  test('SLT_DATA naming a file instead of a folder is refused, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, fixtureText());
    expect(() => loadMunicipalities(file, holidays, '2027-01-01')).toThrow(ConfigError);
    expect(() => loadMunicipalities(file, holidays, '2027-01-01')).toThrow(`${file}: cannot be read (ENOTDIR: it is not a folder)`);
  });

  test('nesting deeper than the reader can follow is a configuration error, not a stack overflow', () => {
    const { message } = refusal(`${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(message).toMatch(/testby\.yaml:1: YAML syntax error: /);
  });
});
