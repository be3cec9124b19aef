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

const root = path.resolve(__dirname, '..');
const core = path.join(root, 'src/core');

/** The core file a relative import names (file.ts or folder/index.ts). */
function resolved(from: string, spec: string): string | undefined {
  const p = path.resolve(path.dirname(from), spec);
  return [`${p}.ts`, path.join(p, 'index.ts')].find((f) => fs.existsSync(f));
}

/** Imports between core files: [importer, imported]. */
const coreEdges = (): [string, string][] => filesUnder(core).flatMap((file) => importsOf(file)
  .filter((spec) => spec.startsWith('.'))
  .flatMap((spec) => {
    const target = resolved(file, spec);
    return target?.startsWith(core) ? [[file, target] as [string, string]] : [];
  }));

/** A core file's folder: its first path segment under src/core ('.' for the files at the top). */
const folderOf = (file: string) => {
  const rel = path.relative(core, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : '.';
};

/**
 * The layers of the core, from the top: the entry point (bot.ts) and the command layer parse and
 * authorise; use cases take an explicit context and know nothing of commands; views render what use
 * cases and commands show; ports are the interfaces to the world; the model holds the rules (with the
 * message catalogs and the input limits beside it). A file imports only its own layer and those below.
 */
const LAYER: Record<string, number> = { '.': 5, commands: 4, 'use-cases': 3, views: 2, ports: 1, model: 0, i18n: 0, input: 0 };

describe('architecture boundaries', () => {
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

  test('every folder of the core has its layer', () => {
    const folders = [...new Set(filesUnder(core).map(folderOf))].sort();
    expect(folders.filter((f) => !(f in LAYER))).toEqual([]);
  });

  test('inside the core, commands → use cases → views → ports → model: nothing imports a layer above its own', () => {
    const upwards = coreEdges()
      .filter(([from, to]) => LAYER[folderOf(to)]! > LAYER[folderOf(from)]!)
      .map(([from, to]) => `${path.relative(core, from)} imports ${path.relative(core, to)}`);
    expect(upwards).toEqual([]);
  });

  test('no import cycles between the core\'s folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const [from, to] of coreEdges()) {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a !== b) graph.set(a, (graph.get(a) ?? new Set()).add(b));
    }
    // a folder that reaches itself through other folders is in a cycle
    const reaches = (start: string): Set<string> => {
      const seen = new Set<string>();
      const todo = [...(graph.get(start) ?? [])];
      while (todo.length) {
        const f = todo.pop()!;
        if (seen.has(f)) continue;
        seen.add(f);
        todo.push(...(graph.get(f) ?? []));
      }
      return seen;
    };
    expect([...graph.keys()].filter((f) => reaches(f).has(f))).toEqual([]);
    expect(graph.size).toBeGreaterThan(3); // the graph was really read
  });

  test('outside the core, only the entry point and the adapters use the command layer: the scheduler and the app call use cases', () => {
    const offenders: string[] = [];
    for (const dir of ['src/scheduler', 'src/http', 'src/cli', 'src/store']) {
      for (const file of filesUnder(path.join(root, dir))) {
        for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
          const target = path.resolve(path.dirname(file), spec);
          if (target.startsWith(path.join(core, 'commands'))) offenders.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
