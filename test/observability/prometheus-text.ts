/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line is a
 * `# HELP`, a `# TYPE` or a sample; a family's TYPE comes before its samples and only once; names and
 * label names are valid, label values properly escaped and quoted, values numbers (or ±Inf, NaN);
 * a histogram's buckets are cumulative and end with le="+Inf" equal to its _count. Throws naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(?:,|$)/;

function parseValue(v: string, line: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  // prom-client writes NaN as `Nan` (lib/util.js), e.g. the event-loop lag before its first sample;
  // Prometheus reads values with Go's strconv.ParseFloat, which takes NaN in any case, so we do too
  if (/^nan$/i.test(v)) return NaN;
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`not a number: ${line}`);
  return Number(v);
}

function parseLabels(s: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = s;
  while (rest.length) {
    const m = LABEL.exec(rest);
    if (!m) throw new Error(`bad labels: ${line}`);
    if (m[1]! in labels) throw new Error(`label twice: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
  }
  return labels;
}

/** The family a sample belongs to: a histogram's _bucket/_sum/_count, a summary's _sum/_count. */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (m && (types.get(m[1]!) === 'histogram' || (m[2] !== 'bucket' && types.get(m[1]!) === 'summary'))) return m[1];
  return undefined;
}

export function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`bad comment: ${line}`);
        continue;
      }
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name: ${line}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`unknown type: ${line}`);
        if (types.has(name)) throw new Error(`TYPE twice: ${line}`);
        if (samples.some((s) => familyOf(s.name, new Map([[name, rest]])) === name)) throw new Error(`TYPE after samples: ${line}`);
        types.set(name, rest);
      } else {
        if (helps.has(name)) throw new Error(`HELP twice: ${line}`);
        helps.add(name);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const name = m[1]!;
    if (!familyOf(name, types)) throw new Error(`a sample without its TYPE before it: ${line}`);
    samples.push({ name, labels: m[2] ? parseLabels(m[2], line) : {}, value: parseValue(m[3]!, line) });
  }
  // histograms: cumulative buckets ending in +Inf = _count, per label set
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { le: number; v: number }[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      if (le === undefined) throw new Error(`a bucket without le in ${family}`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), { le: parseValue(le, le), v: s.value }]);
    }
    for (const [key, buckets] of series) {
      for (let i = 1; i < buckets.length; i++) {
        if (!(buckets[i]!.le > buckets[i - 1]!.le) || buckets[i]!.v < buckets[i - 1]!.v) throw new Error(`${family}${key}: buckets not cumulative`);
      }
      const count = samples.find((x) => x.name === `${family}_count` && JSON.stringify(x.labels) === key);
      if (buckets.at(-1)?.le !== Infinity || !count || count.value !== buckets.at(-1)!.v) throw new Error(`${family}${key}: no +Inf bucket equal to _count`);
    }
  }
  return { types, samples };
}

/** The value of one series (0 when absent: a counter never incremented). */
export function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v) && Object.keys(x.labels).length === Object.keys(labels).length);
  return s?.value ?? 0;
}
