import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { deadlineLongerThanGap, type HolidayCalendar } from '../core/model/plan';
import { Municipality, PLATFORMS } from '../core/model/municipality';
import { documentProblems } from './yaml-document-problems';

/** A configuration problem, with where it is: file, line and the path inside the file. */
export interface ConfigProblem {
  file: string;
  line?: number;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export const formatProblem = (p: ConfigProblem): string =>
  `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`;

const pathText = (p: readonly PropertyKey[]): string =>
  p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');

/** Line of the YAML node at `p`, or of its nearest existing parent. */
function lineOf(doc: Document, counter: LineCounter, p: readonly PropertyKey[]): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** A mapping key that is empty, `~` or `null`: js-yaml names it "null", `yaml` names it "" */
const hasNullKey = (v: unknown): boolean => typeof v === 'object' && v !== null
  && (Array.isArray(v) ? v.some(hasNullKey) : Object.entries(v).some(([k, x]) => k === 'null' || hasNullKey(x)));

/**
 * Where js-yaml and `yaml` part ways (found by test/config/yaml-readers-agree.test.ts): a tab where `yaml`
 * refuses one, a `%YAML 1.1` directive (`yaml` then reads `yes` as true), document markers that are not at
 * the start of a line, a merge key, an anchor or alias before a nested mapping, a tag (also a bare `!`); an anchor, alias or tag also
 * right after a colon (`{"a":*x}`), so that `yaml` checks every alias (src/config/yaml-document-problems.ts). Configuration files need
 * none of them; a file with one is read by `yaml` alone (as fast as before).
 */
const DIVERGENT = /\t|^\s*%|(^|\s)(---|\.\.\.)|<<|(^|[\s[{,:])(!|[&*]\S)/m;

/**
 * A municipality file's mapping read with js-yaml (YAML 1.2 core schema; a key twice in one mapping is an
 * error), or undefined when it is not a mapping, js-yaml cannot read it, or the two readers might read it
 * differently (DIVERGENT, a "null" key): then `yaml` reads it. At a start js-yaml is several times faster
 * than `yaml`, and every file is read at every start.
 */
export function readYamlQuickly(text: string, file?: string): { value: unknown } | undefined {
  if (DIVERGENT.test(text)) return undefined;
  try {
    const value = loadYaml(text, { schema: CORE_SCHEMA, ...(file ? { filename: file } : {}) });
    return typeof value !== 'object' || value === null || Array.isArray(value) || hasNullKey(value) ? undefined : { value };
  } catch {
    return undefined;
  }
}

/**
 * Parse and validate one YAML text. Never throws for bad input: returns problems instead.
 * Read quickly with js-yaml (readYamlQuickly); when that fails or the schema refuses the result, the file is
 * read again with `yaml`, whose document keeps each node's position, so every problem names its line (`yaml`
 * is loaded only then). Both read YAML 1.2 alike: dates, `on`/`off` and `09:00` stay strings
 * (test/config/yaml-readers-agree.test.ts compares them on the seed files and on generated ones).
 */
export function parseMunicipality(file: string, text: string): { municipality?: Municipality; problems: ConfigProblem[] } {
  const quick = readYamlQuickly(text, file);
  const parsed = quick && Municipality.safeParse(quick.value);
  return parsed?.success ? { municipality: parsed.data, problems: [] } : explainProblems(file, text);
}

/**
 * The problems of a file that does not load, each with its line: read with `yaml`, which keeps positions.
 * Never throws: what the reader itself throws (a stack overflow on deep nesting, or anything
 * yaml-document-problems.ts does not foresee) is a problem of the file, without a line.
 */
function explainProblems(file: string, text: string): { municipality?: Municipality; problems: ConfigProblem[] } {
  try {
    return explainWithYaml(file, text);
  } catch (e) {
    return { problems: [{ file, path: '', message: `the file cannot be read as YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` }] };
  }
}

function explainWithYaml(file: string, text: string): { municipality?: Municipality; problems: ConfigProblem[] } {
  // loaded only for a file with problems: a start whose files all load never loads it
  const yaml = require('yaml') as typeof import('yaml');
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line,
        path: '',
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const unreadable = documentProblems(yaml, doc, text, counter);
  if (unreadable.length) return { problems: unreadable.map((p) => ({ file, path: '', ...p })) };
  // documentProblems bounds what aliases expand to, and names the line; yaml's own count (100 uses of one anchor) would name none
  const parsed = Municipality.safeParse(doc.toJS({ maxAliasCount: -1 }));
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue: z.core.$ZodIssue) => ({
        file,
        line: lineOf(doc, counter, issue.path),
        path: pathText(issue.path),
        message: issue.message,
      })),
    };
  }
  return { municipality: parsed.data, problems: [] };
}

/** Checks that need all files at once (ids and handles are global) and the meeting plan. */
function crossChecks(entries: { file: string; m: Municipality }[], holidays: HolidayCalendar, today: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owner = new Map<string, string>();
  const claim = (key: string, file: string, where: string, what: string) => {
    const prev = owner.get(key);
    if (prev) problems.push({ file, path: where, message: `${what} is already used in ${prev}` });
    else owner.set(key, `${file} (${where})`);
  };
  for (const { file, m } of entries) {
    claim(`municipality:${m.id}`, file, 'id', `municipality id "${m.id}"`);
    m.members.forEach((mem, i) => {
      for (const p of PLATFORMS) {
        const id = mem.identities[p];
        if (id) claim(`identity:${p}:${id}`, file, `members[${i}].identities.${p}`, `${p} identity "${id}"`);
      }
    });
    const from = DateTime.fromISO(today).minus({ years: 1 }).toISODate() as string;
    const to = DateTime.fromISO(today).plus({ years: 2 }).toISODate() as string;
    m.forums.forEach((f, i) => {
      for (const p of PLATFORMS) {
        const ch = f.channels[p];
        if (ch) claim(`channel:${p}:${ch}`, file, `forums[${i}].channels.${p}`, `${p} channel "${ch}"`);
      }
      const gap = deadlineLongerThanGap(m, f, from, to, holidays);
      if (gap) problems.push({ file, path: `forums[${i}].referralDeadlineDays`, message: gap });
    });
  }
  return problems;
}

const FS_REASONS: Record<string, string> = { EISDIR: 'it is a folder', ENOTDIR: 'it is not a folder', EACCES: 'the bot may not read it', ENOENT: 'it is gone' };

/** Why the system refused to read `file` (a folder, no permission), as a problem naming it. */
function unreadable(file: string, e: unknown): ConfigProblem {
  const code = (e as NodeJS.ErrnoException).code;
  return { file, path: '', message: `cannot be read (${code ? `${code}: ${FS_REASONS[code] ?? (e as Error).message}` : String(e)})` };
}

/**
 * Load every `*.yaml` / `*.yml` in `dir`. Throws ConfigError listing every problem found
 * (all files are checked, so one run shows them all).
 */
export function loadMunicipalities(dir: string, holidays: HolidayCalendar, today: string): Municipality[] {
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: dir, path: '', message: 'configuration folder not found' }]);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new ConfigError([unreadable(dir, e)]);
  }
  const files = names.filter((f) => /\.ya?ml$/.test(f)).sort();
  if (!files.length) throw new ConfigError([{ file: dir, path: '', message: 'no *.yaml municipality files in this folder' }]);
  const problems: ConfigProblem[] = [];
  const entries: { file: string; m: Municipality }[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(unreadable(file, e));
      continue;
    }
    const r = parseMunicipality(file, text);
    problems.push(...r.problems);
    if (r.municipality) entries.push({ file, m: r.municipality });
  }
  problems.push(...crossChecks(entries, holidays, today));
  if (problems.length) throw new ConfigError(problems);
  return entries.map((e) => e.m);
}
