import fc from 'fast-check';

/**
 * Shared arbitraries for the bad-input sweep: JSON texts that break parsers in practice (wrong
 * types, huge and negative numbers, NaN-ish strings, very long strings, deep nesting, prototype
 * keys), and "near-valid" documents: a valid value with one field mutated.
 */

/** Nesting deep enough that any recursive JSON.stringify/walk overflows the stack (about 10 KB). */
export const deepArray = (depth = 6000): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deepObject = (depth = 4000): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** An object whose own keys shadow Object.prototype (String(x) and `${x}` throw on it). */
export const protoObject = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"toString":1,"valueOf":1,"hasOwnProperty":1}';

/** One JSON text of a value likely to break a parser. */
export const nastyJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'null', 'true', 'false', '0', '-0', '-1', '1.5', '1e308', '1e400', '-1e400', '9007199254740993', '4294967296', '[]', '{}', '""',
      '"NaN"', '"Infinity"', '"-1"', '"0x"', '"0x-1"', '"1e3"', '" 1"', '"0"', '"__proto__"', '"constructor"', '"\\u0000"', '"\\ud800"',
      '[null]', '[[]]', '[1,"1",null]',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(protoObject, `[${protoObject}]`, `{"a":${protoObject}}`) },
  { weight: 1, arbitrary: fc.constantFrom(`"${'a'.repeat(100_000)}"`, `[${'1,'.repeat(20_000)}1]`, deepArray(), deepObject()) },
);

type Path = ReadonlyArray<string | number>;

/** Every path to a node of a JSON value (the root is []). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

const objectPaths = (value: unknown): Path[] =>
  pathsOf(value).filter((path) => {
    const node = path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], value);
    return typeof node === 'object' && node !== null && !Array.isArray(node);
  });

const HOLE = '\u0000fuzz-hole\u0000';

/** JSON text of `value` with the node at `path` replaced by raw JSON `text` (or removed when text is undefined). */
export function withRaw(value: unknown, path: Path, text: string | undefined): string {
  if (path.length === 0) return text ?? '';
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (text === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
    return JSON.stringify(copy);
  }
  // defineProperty: an own `__proto__` key, as JSON.parse makes one.
  Object.defineProperty(node, last, { value: HOLE, enumerable: true, writable: true, configurable: true });
  return JSON.stringify(copy).replace(JSON.stringify(HOLE), () => text);
}

/** JSON texts of `valid` with one node replaced by a nasty value, removed, or given an extra key. */
export function nearValid(valid: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(valid);
  const inner = paths.filter((p) => p.length > 0);
  const objects = objectPaths(valid);
  const keys = fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'extra');
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...paths), nastyJson).map(([path, text]) => withRaw(valid, path, text)) },
    ...(inner.length === 0 ? [] : [{ weight: 1, arbitrary: fc.constantFrom(...inner).map((path) => withRaw(valid, path, undefined)) }]),
    ...(objects.length === 0 ? [] : [{ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...objects), keys, nastyJson).map(([path, key, text]) => withRaw(valid, [...path, key], text)) }]),
  );
}

/** True for the errors a parser's bug throws (as opposed to its documented errors). */
export const isBugError = (error: unknown): boolean =>
  error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError || error instanceof ReferenceError;

/**
 * Counts the runs of a property that reached each outcome, so a sweep proves it reached the
 * branches it claims to test: `assertReached` fails naming every outcome seen fewer times than its
 * minimum (a generator that drifted away from acceptance fails loudly instead of passing vacuously).
 * Outcomes not listed in `minimums` may be counted too; they only show in the message.
 */
export function reachCounter<const L extends string>(minimums: Readonly<Record<L, number>>): {
  hit(outcome: L | (string & {})): void;
  readonly counts: Readonly<Record<string, number>>;
  assertReached(): void;
} {
  const counts: Record<string, number> = Object.fromEntries(Object.keys(minimums).map((k) => [k, 0]));
  return {
    hit(outcome) {
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    },
    counts,
    assertReached() {
      if (process.env['FC_REACH_LOG'] === '1') process.stderr.write(`reached: ${JSON.stringify(counts)}\n`);
      const short = Object.entries<number>(minimums).filter(([outcome, min]) => (counts[outcome] ?? 0) < min);
      if (short.length === 0) return;
      const seen = Object.entries(counts).map(([k, n]) => `${k}=${n}`).join(', ');
      throw new Error(`the sweep did not reach ${short.map(([k, min]) => `${k} (at least ${min})`).join(', ')}; counts: ${seen}`);
    },
  };
}

/** Rethrows the errors that mean a bug in our code (TypeError, RangeError...) so no fuzz catch can swallow them. */
export function rethrowBugError(error: unknown): void {
  if (isBugError(error)) throw error;
}

/**
 * `n` property runs, scaled by FC_RUNS_SCALE (default 1). Mutation testing runs every test once per
 * mutant and sets a small scale for the slowest sweeps; a normal run always gets `n`.
 */
export function fuzzRuns(n: number): number {
  const scale = Number(process.env['FC_RUNS_SCALE'] ?? '1');
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(n * scale)) : n;
}
