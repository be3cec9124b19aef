import fs from 'node:fs';
import path from 'node:path';

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });

const importsOf = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g)]
    .map((m) => m[1] ?? m[2]!);

describe('architecture boundaries', () => {
  const root = path.resolve(__dirname, '..');
  const core = path.join(root, 'src/core');

  test('src/core imports only the standard library, zod, luxon and other core files', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(core)) {
      for (const spec of importsOf(file)) {
        const ok = spec === 'zod' || spec === 'luxon' || spec.startsWith('node:')
          || (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(core));
        if (!ok) offenders.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(filesUnder(core).length).toBeGreaterThan(10);
  });

  test('botbuilder (and botframework-*) is imported only inside adapters/teams, @slack only inside adapters/slack', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'adapters']) {
      for (const file of filesUnder(path.join(root, dir))) {
        const rel = path.relative(root, file);
        for (const spec of importsOf(file)) {
          if (/^(botbuilder|botframework)/.test(spec) && !rel.startsWith('adapters/teams/')) offenders.push(`${rel} imports ${spec}`);
          if (spec.startsWith('@slack/') && !rel.startsWith('adapters/slack/')) offenders.push(`${rel} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
