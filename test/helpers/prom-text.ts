/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: it throws on
 * anything a Prometheus server could reject or misread -- bad names, label syntax, values,
 * a TYPE after samples, a family split in two, duplicate series, histogram/summary shape.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: string;
  readonly help?: string | undefined;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** As Prometheus reads values (Go's ParseFloat: Inf/NaN in any case; prom-client writes `Nan`). */
function parseValue(raw: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(raw)) return Infinity;
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(raw)) throw new Error(`bad value in: ${line}`);
  return Number(raw);
}

function parseLabels(raw: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < raw.length) {
    const eq = raw.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const name = raw.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name ${JSON.stringify(name)} in: ${line}`);
    if (name in labels) throw new Error(`repeated label ${name} in: ${line}`);
    if (raw[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let j = eq + 2;
    let value = '';
    for (; j < raw.length && raw[j] !== '"'; j++) {
      if (raw[j] === '\\') {
        const next = raw[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape in: ${line}`);
      } else value += raw[j];
    }
    if (j >= raw.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (i < raw.length) {
      if (raw[i] !== ',') throw new Error(`expected , between labels in: ${line}`);
      i++;
    }
  }
  return labels;
}

/** The family a sample name belongs to, given the family being read. */
function familyOf(name: string, current: Family | undefined): boolean {
  if (current === undefined) return false;
  if (name === current.name) return current.type !== 'histogram';
  const suffix = name.slice(current.name.length);
  if (!name.startsWith(current.name)) return false;
  if (current.type === 'histogram') return ['_bucket', '_sum', '_count'].includes(suffix);
  if (current.type === 'summary') return ['_sum', '_count'].includes(suffix);
  return false;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const series = new Set<string>();
  let current: Family | undefined;
  const open = (name: string, type: string): Family => {
    if (families.has(name)) throw new Error(`family ${name} appears twice (split or duplicated)`);
    const family: Family = { name, type, samples: [] };
    families.set(name, family);
    return family;
  };
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (meta === null) continue; // a comment
      const [, kind, name = '', rest = ''] = meta;
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        const existing = families.get(name);
        if (existing !== undefined) {
          if (existing.samples.length > 0 || existing.type !== 'untyped') throw new Error(`TYPE for ${name} after its samples or twice`);
          families.delete(name);
        }
        current = { ...open(name, rest), help: existing?.help };
        families.set(name, current);
      } else {
        const existing = families.get(name);
        if (existing !== undefined && existing.samples.length > 0) throw new Error(`HELP for ${name} after its samples`);
        current = existing ?? open(name, 'untyped');
        families.set(name, { ...current, help: rest });
        current = families.get(name);
      }
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?[0-9]+))?$/.exec(line);
    if (match === null) throw new Error(`malformed sample line: ${line}`);
    const [, name = '', rawLabels = '', rawValue = ''] = match;
    const labels = parseLabels(rawLabels, line);
    const value = parseValue(rawValue, line);
    if (!familyOf(name, current)) current = open(name, 'untyped');
    const key = `${name}{${Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    if (series.has(key)) throw new Error(`duplicate series ${key}`);
    series.add(key);
    (current as Family).samples.push({ name, labels, value });
  }
  for (const family of families.values()) checkShape(family);
  return families;
}

function checkShape(family: Family): void {
  if (family.type === 'counter') {
    for (const s of family.samples) if (s.value < 0 || Number.isNaN(s.value)) throw new Error(`counter ${family.name} has value ${s.value}`);
  }
  if (family.type === 'histogram') {
    const groups = new Map<string, Sample[]>();
    for (const s of family.samples.filter((x) => x.name.endsWith('_bucket'))) {
      if (s.labels.le === undefined) throw new Error(`${family.name} bucket without le`);
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const buckets of groups.values()) {
      if (!buckets.some((b) => b.labels.le === '+Inf')) throw new Error(`${family.name} without an le="+Inf" bucket`);
      const values = buckets.map((b) => b.value);
      if (values.some((v, i) => i > 0 && v < (values[i - 1] as number))) throw new Error(`${family.name} buckets not cumulative`);
    }
  }
  if (family.type === 'summary') {
    for (const s of family.samples) if (s.name === family.name && s.labels.quantile === undefined) throw new Error(`${family.name} sample without quantile`);
  }
}

/** The value of one series (labels matched exactly), or undefined. */
export function sampleValue(families: Map<string, Family>, family: string, labels: Record<string, string> = {}, name = family): number | undefined {
  const f = families.get(family);
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return f?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}
