import vm from 'node:vm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { asciiOnly } = require('../../scripts/ascii-bundle.cjs') as { asciiOnly: (code: string) => string };

/**
 * The production bundle is written in ASCII only (scripts/ascii-bundle.cjs, so that Node 20 reads it as a
 * one-byte string): the escaped program must do exactly what the original did, and where an escape would
 * change it (the text of a template literal, after a backslash) the build stops instead.
 */
const run = (code: string): unknown => vm.runInNewContext(code);

describe('the bundle in ASCII only', () => {
  test('comments, strings, regular expressions (with and without the u flag, in classes, astral characters) and names mean the same', () => {
    const code = `// Æ comment – ok
/** JSDoc: 11/7/2022 – 11/8/2022 */
const kode = /^[A-ZÆØÅ0-9]{2,12}$/;
const dash = /^(--|—|–)[^\\s-]/;
const astral = /😀+/u;
const astralPlain = /^😀$/;
const navn = 'blåbær «sitat»';
const æøå = 3;
JSON.stringify([kode.test('TUTÆ'), kode.test('TUTæ'), dash.test('–navn'), astral.test('😀😀'), astralPlain.test('😀'), navn, navn.length, æøå, \`\${navn}!\`]);`;
    const escaped = asciiOnly(code);
    expect(escaped).toMatch(/^[\x00-\x7f]*$/);
    expect(escaped).not.toBe(code);
    expect(run(escaped)).toBe(run(code));
    expect(JSON.parse(run(escaped) as string)).toEqual([true, false, true, true, true, 'blåbær «sitat»', 14, 3, 'blåbær «sitat»!']);
  });

  test('an ASCII program is left as it is', () => {
    const code = 'const a = "\\u00e6"; a;';
    expect(asciiOnly(code)).toBe(code);
  });

  test('a template literal or a backslash before the character stops the build', () => {
    expect(() => asciiOnly('String.raw`blåbær`')).toThrow(/template literal or after a backslash/);
    expect(() => asciiOnly('const t = `æ${1}ø`;')).toThrow(/template literal/);
    expect(() => asciiOnly("const s = '\\æ';")).toThrow(/after a backslash/);
    expect(() => asciiOnly('const r = /\\æ/;')).toThrow(/after a backslash/);
  });

  test('a non-ASCII character inside a ${…} of a template (not its text) is escaped', () => {
    const code = 'const n = "x«y»"; `@${n.replace(/[«»]/g, "")}!`;';
    expect(run(asciiOnly(code))).toBe('@xy!');
  });
});
