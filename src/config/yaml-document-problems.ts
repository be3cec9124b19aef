import type { Document, LineCounter, Node as YamlNode, Pair } from 'yaml';

/**
 * What `yaml` parses without an error but cannot, or must not, turn into a value: its toJS() throws on an
 * alias before its anchor and on a merge key (<<, YAML 1.1) followed by something other than a mapping, and
 * builds an endless value from an alias inside its own anchor's value. Aliases of aliases can expand a short
 * file to billions of values ("billion laughs"): toJS() shares them, but every reader after it walks them
 * all, so the expansion is counted here and a file over MAX_EXPANDED_VALUES is refused. Each problem has the
 * line of the node at fault. The `yaml` module is passed in because it is loaded only for a file with
 * problems (src/config/load-municipalities.ts).
 */
export const MAX_EXPANDED_VALUES = 100_000;

export interface DocumentProblem {
  line?: number;
  message: string;
}

type Yaml = typeof import('yaml');

/** The anchor (&name) set on a node, if any (an alias has none). */
const anchorOf = (n: YamlNode): string | undefined => (n as { anchor?: string }).anchor || undefined;

/** A warning's text without yaml's " at line …, column …:" and the excerpt after it. */
const firstLine = (message: string): string => (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:$/, '');

/** `doc`'s warnings (an unknown or unusable tag, an unknown directive), each as a problem with its line. */
function warningProblems(doc: Document, text: string, counter: LineCounter): DocumentProblem[] {
  return doc.warnings.map((w) => ({
    line: counter.linePos(w.pos[0]).line,
    message: w.code === 'TAG_RESOLVE_FAILED'
      ? `YAML tag ${text.slice(w.pos[0], w.pos[1])} cannot be used here: remove it (the configuration needs no tags)`
      : `YAML: ${firstLine(w.message)}`,
  }));
}

/**
 * The anchor and merge problems of `doc`, in document order. An alias means the last node with its anchor
 * before it, in the order yaml's own visit() walks the document (as yaml's Alias.resolve() finds it).
 */
function aliasProblems(Y: Yaml, doc: Document, counter: LineCounter): DocumentProblem[] {
  const lineAt = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  const anchored = new Map<string, YamlNode>();
  const everyAnchor = new Set<string>();
  Y.visit(doc, { Node: (_k, n) => { const a = anchorOf(n); if (a) everyAnchor.add(a); } });
  const target = new Map<YamlNode, YamlNode>(); // alias → the node it names
  const aliases: YamlNode[] = [];
  const merges: Pair[] = [];
  const problems: DocumentProblem[] = [];
  Y.visit(doc, {
    Node: (_k, n, path) => {
      if (Y.isAlias(n)) {
        const source = anchored.get(n.source);
        if (!source) {
          problems.push({
            line: lineAt(n),
            message: everyAnchor.has(n.source)
              ? `YAML alias *${n.source} is used before its anchor &${n.source}: an anchor must come earlier in the file than every alias to it`
              : `YAML alias *${n.source} has no anchor &${n.source} in the file`,
          });
        } else if (path.includes(source)) {
          problems.push({ line: lineAt(n), message: `YAML alias *${n.source} is inside the value its anchor &${n.source} names, which would make that value endless` });
        } else {
          target.set(n, source);
          aliases.push(n);
        }
      }
      const a = anchorOf(n);
      if (a) anchored.set(a, n);
    },
    Pair: (_k, pair) => {
      // a merge key only where the schema knows one (YAML 1.1 or the merge option): its key is then the symbol <<
      const key = pair.key;
      if (Y.isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<') merges.push(pair as Pair);
    },
  });
  if (problems.length) return problems;
  const resolved = (n: unknown): unknown => (Y.isAlias(n) ? target.get(n as YamlNode) : n);
  for (const m of merges) {
    const v = resolved(m.value);
    const ok = Y.isMap(v) || (Y.isSeq(v) && v.items.every((item) => Y.isMap(resolved(item))));
    if (!ok) problems.push({ line: lineAt(m.value ?? m.key), message: 'YAML merge key << must be followed by a mapping, an alias of one, or a list of those' });
  }
  if (problems.length) return problems;
  // how many values each node stands for once its aliases are expanded (a node's count is kept: linear)
  const counted = new Map<unknown, number>();
  const count = (n: unknown): number => {
    const known = counted.get(n);
    if (known !== undefined) return known;
    let c = 1;
    if (Y.isAlias(n)) c = count(target.get(n as YamlNode));
    else if (Y.isCollection(n)) for (const item of n.items as unknown[]) c += Y.isPair(item) ? count(item.key) + count(item.value) : count(item);
    counted.set(n, c);
    return c;
  };
  let total = 0;
  for (const a of aliases) {
    total += count(a);
    if (total > MAX_EXPANDED_VALUES) {
      return [{ line: lineAt(a), message: `YAML aliases make the file more than ${MAX_EXPANDED_VALUES} values long when they are expanded: use fewer aliases, or write the values out` }];
    }
  }
  return [];
}

/** Problems of a parsed document without errors that yaml's toJS() would throw on, loop on or blow up with. */
export function documentProblems(Y: Yaml, doc: Document, text: string, counter: LineCounter): DocumentProblem[] {
  const warned = warningProblems(doc, text, counter);
  return warned.length ? warned : aliasProblems(Y, doc, counter);
}
