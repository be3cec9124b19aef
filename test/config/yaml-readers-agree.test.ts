import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import os from 'node:os';
import { ConfigError, loadMunicipalities, parseMunicipality, readYamlQuickly } from '../../src/config/load-municipalities';
import { fixtureInput, holidays } from '../helpers';

/**
 * A configuration file is read with js-yaml at a start and, when it has a problem, again with `yaml` to name
 * the line (src/config/load-municipalities.ts). That is only safe if js-yaml never accepts a text that
 * `yaml` refuses and never reads a text differently: compared here on the seed files, on hand-written
 * corners of YAML and on generated documents written in every style.
 */
type Read = { ok: true; value: unknown } | { ok: false };
const byYaml = (text: string): Read => {
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    return doc.errors.length ? { ok: false } : { ok: true, value: doc.toJS() };
  } catch {
    return { ok: false }; // e.g. an alias before its anchor
  }
};
/** js-yaml may decline what `yaml` reads (the start then reads it with `yaml`), never the other way round */
function expectAgreement(text: string): void {
  const quick = readYamlQuickly(text);
  if (!quick) return;
  const slow = byYaml(text);
  expect({ text, yamlAccepts: slow.ok }).toEqual({ text, yamlAccepts: true });
  if (slow.ok) expect({ text, value: quick.value }).toEqual({ text, value: slow.value });
}

/** plain scalars whose type differs between YAML 1.1 and 1.2, or between readers if one got it wrong */
const TRICKY = ['09:00', '9:30:15', 'yes', 'no', 'on', 'off', 'Y', 'n', 'true', 'False', 'TRUE', 'null', 'Null', '~', '', '2027-01-04',
  '2027-01-04T08:00:00Z', '0o17', '017', '0x1F', '0b101', '1_000', '+1', '-0', '1e3', '1.5E-3', '.5', '.inf', '-.Inf', '.nan', '.NaN',
  '123456789012345678901234567890', '1.0', '0.', 'NO', '=', '<<', '- ', 'a: b', '#x', "'q'", '"q"', '@x', '`x', '%x', '!x', '&x', '*x', '|', '>',
  'ÆØÅ æøå', 'tab\there', 'trailing ', ' leading', 'line\nbreak', 'kolon: inni', '[x]', '{x}', 'x,y', '? x'];

describe('js-yaml reads every configuration as yaml does', () => {
  test('the seed municipalities and the test fixture', () => {
    const dir = path.join(__dirname, '../../data/municipalities');
    const texts = [...fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), YAML.stringify(fixtureInput())];
    for (const text of texts) {
      expect(readYamlQuickly(text)).toBeDefined(); // read quickly at a start, not declined
      expectAgreement(text);
    }
  });

  test('hand-written corners: comments, anchors, merge keys, tags, block scalars, duplicates, flow collections', () => {
    for (const text of [
      'a: 1 # comment\n# whole line\nb: [1, 2, {c: d}]\n',
      'base: &b { x: 1 }\nother: *b\n',
      'base: &b { x: 1 }\nother:\n  <<: *b\n  y: 2\n',
      'a: !!str 09:00\nb: !!int "12"\nc: !custom x\n',
      'a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n',
      'a: 1\na: 2\n',
      'a: {x: 1, x: 2}\n',
      '? [a, b]\n: c\n',
      '1: one\n2.5: two\nnull: three\ntrue: four\n',
      'a:\n\t- tab indented\n',
      'a: "unterminated\nb: 1\n',
      'a: [1, 2\nb: 3\n',
      '- a\n- b\n',
      '---\na: 1\n---\nb: 2\n',
      '',
      '%YAML 1.1\n---\na: yes\n',
      'a: 0o17\nb: 017\nc: 0x1f\nd: 1_000\n',
      '__proto__: { polluted: true }\nconstructor: x\n',
      'a: "\\u00e6 \\x41 \\t"\nb: \'it\'\'s\'\n',
      'a:   \n  b: 1\n',
      'a: b: c\n',
      'a: - b\n',
      'key with spaces: value with spaces\n"quoted key": 1\n',
      'b: ! b:\n', // a bare non-specific tag before a nested mapping (found by the generated test below)
    ]) expectAgreement(text);
  });

  test('tricky plain scalars, as keys and as values, in block and flow style', () => {
    for (const s of TRICKY) {
      expectAgreement(`k: ${s}\n`);
      expectAgreement(`${s}: v\n`);
      expectAgreement(`k: [${s}]\n`);
      expectAgreement(`k: {a: ${s}}\n`);
      expectAgreement(`- ${s}\n`);
    }
  });

  test('generated documents written by yaml in every style read the same (fast-check)', () => {
    const scalar = fc.oneof(fc.constantFrom(...TRICKY), fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ minLength: 1 })), tie('node'), { maxKeys: 4 }),
    })).map;
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<'PLAIN'>,
      collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any'>,
      indent: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(fc.property(value, options, (v, o) => expectAgreement(YAML.stringify(v, o))), { numRuns: 400 });
  });

  test('generated plain texts made of YAML punctuation: js-yaml accepts nothing yaml refuses (fast-check)', () => {
    const piece = fc.constantFrom('a', 'b: ', ': ', '- ', '\n', '  ', '\t', '#', '[', ']', '{', '}', ',', '"', "'", '&x ', '*x', '!t ', '? ', '|', '>',
      '---\n', '09:00', 'yes', '<<: ', 'null', '~', '"null": ', '%YAML 1.1\n', '...\n', '!!str ', '\\', '-', ':', '?', ' ', 'b:', ':a', '\n  ', '\n- ',
      '{a: ', '[a, ', '&', '!', '*');
    fc.assert(fc.property(fc.array(piece, { maxLength: 16 }), (ps) => expectAgreement(ps.join(''))), { numRuns: 5000 });
  });
});

describe('a file with a problem is still explained with its line', () => {
  test('an empty or null key is read by yaml, which names it "" (js-yaml would name it "null")', () => {
    for (const text of [': x\n', '~: x\n', 'null: x\n', 'a:\n  ? \n  : x\n']) expect(readYamlQuickly(text)).toBeUndefined();
    expect(readYamlQuickly('a: null\n')).toEqual({ value: { a: null } });
  });

  test('an anchor, alias or tag right after the colon of a quoted key in flow style is read by yaml too (it checks aliases and tags)', () => {
    for (const text of ['{"b":&x 1, "a":*x}\n', 'a: {"b":&x [1], "c":*x}\n', '{"a":!!str 1}\n', '["a":*x]\n']) expect(readYamlQuickly(text)).toBeUndefined();
  });

  test('a key twice in a mapping is refused, naming the line of the second', () => {
    const text = YAML.stringify(fixtureInput()).replace(/^name: /m, 'id: again\nname: ');
    const { municipality, problems } = parseMunicipality('x.yaml', text);
    expect(municipality).toBeUndefined();
    expect(problems[0]).toMatchObject({ file: 'x.yaml', line: text.split('\n').findIndex((l) => l === 'id: again') + 1 });
    expect(problems[0]!.message).toMatch(/YAML syntax error/);
  });
});

/** A YAML node written by hand, so that anchors and aliases can come in any order (yaml's writer would not). */
type Written = { scalar: string } | { seq: Written[] } | { map: [string, Written][] } | { anchor: string; node: Written } | { alias: string };
const render = (n: Written): string => 'scalar' in n ? n.scalar
  : 'seq' in n ? `[${n.seq.map(render).join(', ')}]`
    : 'map' in n ? `{${n.map.map(([k, v]) => `${k}: ${render(v)}`).join(', ')}}`
      : 'anchor' in n ? `&${n.anchor} ${render(n.node)}` : `*${n.alias} `;

describe('anchors, aliases and merge keys in any order never make the loader throw anything but a ConfigError', () => {
  const names = fc.constantFrom('a', 'b', 'c');
  const written = fc.letrec<{ node: Written }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      fc.record({ scalar: fc.constantFrom('x', '1', '"09:00"', 'null', '!t x', '!!int x', '!!str 1', '""') }),
      fc.record({ alias: names }),
      fc.record({ anchor: names, node: tie('node') }),
      fc.record({ seq: fc.array(tie('node'), { maxLength: 4 }) }),
      fc.record({ map: fc.array(fc.tuple(fc.constantFrom('k', 'id', 'name', '<<', 'members'), tie('node')), { maxLength: 4 }) })),
  })).node;
  /** a file: top-level keys in block style, each with a value written in flow style, YAML 1.1 (merge keys on) or 1.2 */
  const file = fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom('id', 'name', 'members', 'forums', '<<', 'x', 'y'), written), { minLength: 1, maxLength: 6 }))
    .map(([v11, entries]) => `${v11 ? '%YAML 1.1\n---\n' : ''}${entries.map(([k, v]) => `${k}: ${render(v)}`).join('\n')}\n`);

  test('per file: parseMunicipality returns problems or a municipality, never throws (fast-check)', () => {
    fc.assert(fc.property(file, (text) => {
      const r = parseMunicipality('x.yaml', text);
      expect(r.municipality !== undefined || r.problems.length > 0).toBe(true);
      for (const p of r.problems) expect(p.file).toBe('x.yaml');
    }), { numRuns: 3000 });
  });

  test('through the loader: the fixture with such a value added, or with an alias before its anchor, ends in a ConfigError or loads (fast-check)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-cfg-'));
    const base = YAML.stringify(fixtureInput());
    fc.assert(fc.property(written, fc.boolean(), fc.constantFrom('a', 'b'), (extra, swap, name) => {
      const text = swap ? base.replace(/^name: (.*)$/m, `name: *${name}\nx: &${name} $1`) : `${base}standingItems: ${render(extra)}\n`;
      fs.writeFileSync(path.join(dir, 'testby.yaml'), text);
      try {
        loadMunicipalities(dir, holidays, '2027-01-01');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
      }
    }), { numRuns: 300 });
  });
});
