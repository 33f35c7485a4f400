/**
 * geth's `/debug/metrics/prometheus` text, re-exported in the agent's scrape: filtered by group,
 * normalized to strict exposition syntax (geth writes `name {a="b", c="d"} v`) and free of
 * duplicate families (geth emits a summary's `_count` as a separate counter family).
 * Pure: text in, text out; malformed lines are dropped, never passed on.
 */

interface Family {
  type: string;
  samples: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s+(\S+)(?:\s+(-?[0-9]+))?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\\n]|\\.)*)"\s*(,|$)/y;
const VALUE = /^([-+]?([0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|[0-9]+\.)|[-+]?Inf|NaN)$/;
const TYPES = new Set(['counter', 'gauge', 'summary', 'histogram', 'untyped']);

/** `a="b", c="d"` -> `a="b",c="d"`, or undefined when malformed. */
function normalizeLabels(raw: string): string | undefined {
  if (raw.trim() === '') return '';
  const out: string[] = [];
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const match = LABEL.exec(raw);
    if (match === null) return undefined;
    out.push(`${match[1]}="${match[2]}"`);
    if (match[3] === '') break;
  }
  return LABEL.lastIndex >= raw.length ? out.join(',') : undefined;
}

function parseFamilies(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  let currentName = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)\s*$/.exec(line);
      if (type === null) continue;
      const [, name = '', kind = ''] = type;
      // A repeated family keeps its first definition; its later samples are dropped.
      current = families.has(name) ? undefined : { type: TYPES.has(kind) ? kind : 'untyped', samples: new Map() };
      currentName = name;
      if (current !== undefined) families.set(name, current);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) continue;
    const [, name = '', rawLabels, value = ''] = match;
    const labels = rawLabels === undefined ? '' : normalizeLabels(rawLabels);
    if (labels === undefined || !VALUE.test(value)) continue;
    const suffix = name.startsWith(currentName) ? name.slice(currentName.length) : '';
    const belongs = name === currentName || (current?.type === 'summary' && /^_(sum|count)$/.test(suffix)) || (current?.type === 'histogram' && /^_(sum|count|bucket)$/.test(suffix));
    let family = belongs ? current : undefined;
    if (!belongs) {
      if (families.has(name)) continue;
      family = { type: 'untyped', samples: new Map() };
      families.set(name, family);
      current = family;
      currentName = name;
    }
    const series = labels === '' ? name : `${name}{${labels}}`;
    if (family !== undefined && !family.samples.has(series)) family.samples.set(series, `${series} ${value}`);
  }
  return families;
}

/** Folds geth's separate `X_count` / `X_sum` families into summary/histogram X. */
function foldSummaries(families: Map<string, Family>): void {
  for (const [name, family] of families) {
    if (family.type !== 'summary' && family.type !== 'histogram') continue;
    for (const suffix of ['_sum', '_count']) {
      const part = families.get(name + suffix);
      if (part === undefined) continue;
      for (const [series, line] of part.samples) if (!family.samples.has(series)) family.samples.set(series, line);
      families.delete(name + suffix);
    }
  }
}

const labelOf = (series: string, label: string): string | undefined => new RegExp(`[{,]${label}="((?:[^"\\\\]|\\\\.)*)"`).exec(series)?.[1];
const valueOf = (line: string): number => {
  const raw = line.slice(line.lastIndexOf(' ') + 1);
  return /^[-+]?Inf$/.test(raw) ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw);
};

/** Drops what Prometheus would reject: negative counters, quantile-less summary samples, broken histograms. */
function sanitize(name: string, family: Family): void {
  for (const [series, line] of family.samples) {
    const value = valueOf(line);
    const bad =
      (family.type === 'counter' && !(value >= 0)) ||
      (family.type === 'summary' && series.split('{')[0] === name && labelOf(series, 'quantile') === undefined);
    if (bad) family.samples.delete(series);
  }
  if (family.type !== 'histogram') return;
  const buckets = [...family.samples].filter(([series]) => series.startsWith(`${name}_bucket`));
  const valid =
    buckets.length > 0 &&
    [...family.samples.keys()].every((series) => series.split('{')[0] !== name) &&
    buckets.every(([series]) => labelOf(series, 'le') !== undefined) &&
    buckets.some(([series]) => labelOf(series, 'le') === '+Inf') &&
    buckets.every(([, line], i) => i === 0 || valueOf(line) >= valueOf(buckets[i - 1]?.[1] ?? ''));
  if (!valid) family.samples.clear();
}

/** `chain` -> `chain_`; `chain.inserts` -> `chain_inserts`; `all` -> everything. */
export function groupMatcher(groups: readonly string[]): (name: string) => boolean {
  if (groups.includes('all')) return () => true;
  const prefixes = groups.map((g) => g.replaceAll('.', '_'));
  return (name) => prefixes.some((p) => name === p || name.startsWith(`${p}_`));
}

export interface FilterOptions {
  readonly groups: readonly string[];
  /** Families the agent exports itself (never repeated from geth). */
  readonly exclude: (name: string) => boolean;
}

export function filterGethMetrics(text: string, options: FilterOptions): string {
  const families = parseFamilies(text);
  foldSummaries(families);
  const wanted = groupMatcher(options.groups);
  const out: string[] = [];
  // A sample name belongs to one family only (first wins), or Prometheus sees duplicates.
  const used = new Set<string>();
  for (const [name, family] of families) {
    if (!wanted(name) || options.exclude(name)) continue;
    sanitize(name, family);
    const names = new Set([name, ...[...family.samples.keys()].map((series) => series.split('{')[0] ?? '')]);
    if (family.samples.size === 0 || [...names].some((n) => used.has(n))) continue;
    for (const n of names) used.add(n);
    out.push(`# TYPE ${name} ${family.type}`, ...family.samples.values());
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
