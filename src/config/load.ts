import { ConfigError } from '../errors.js';
import { readSmallFileSync, UnsafeFileError } from '../fs/small-file.js';
import { envName, type AnyVarSpec, type Source } from './spec.js';
import { tableEntries, type Config } from './table.js';
import { configRules, exclusivePairs } from './rule-set.js';
import { suggest } from './suggest.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadOptions {
  /**
   * Reads a `_FILE` secret; injected so tests need no files. The default refuses anything but a
   * regular file of at most SMALL_FILE_MAX_BYTES (a FIFO would hang, /dev/zero never ends).
   */
  readonly readFile?: (path: string) => string;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Where each variable's value came from, by config key. */
  readonly sources: Readonly<Record<string, Source>>;
}

/**
 * Kubernetes injects `<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT...` for every Service in the
 * namespace; a Service named `geth-agent` must not make the agent refuse to start.
 */
const serviceLink = /^GETH_AGENT_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)$/;

const MAX_SHOWN = 60;

/** What a problem message may echo of a received value: never a secret, never a whole novel. */
function display(value: string, secret: boolean): string {
  if (secret) return `<secret, ${value.length} characters>`;
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value);
}

/**
 * Parses the whole environment into a frozen, typed Config. Reports every problem at once by
 * throwing one ConfigError; throws nothing else whatever the input.
 */
export function loadConfig(env: Env, options: LoadOptions = {}): LoadedConfig {
  const readFile = options.readFile ?? ((path: string) => readSmallFileSync(path));
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const sources: Record<string, Source> = {};
  const known = new Set<string>();
  /** Keys with a problem of their own (unreadable, unparsable, required but unset). */
  const failed = new Set<string>();

  for (const [key, spec] of tableEntries()) {
    const name = envName(key);
    known.add(name);
    if (spec.secret) known.add(`${name}_FILE`);
    const read = readRaw(env, name, spec, readFile);
    if ('problem' in read) {
      problems.push(read.problem);
      failed.add(key);
      continue;
    }
    if (read.raw === undefined) {
      if (spec.required) {
        problems.push(`${name} is required: ${spec.doc.split('. ')[0]}`);
        failed.add(key);
      }
      values[key] = spec.default;
      sources[key] = spec.default === undefined ? 'unset' : 'default';
      continue;
    }
    const parsed = spec.parse(read.raw);
    if (!parsed.ok) {
      problems.push(`${read.from}=${display(read.raw, spec.secret)}: expected ${parsed.expected}`);
      sources[key] = read.source;
      failed.add(key);
      continue;
    }
    values[key] = parsed.value;
    sources[key] = read.source;
  }

  for (const [a, b] of exclusivePairs) {
    if (sources[a] === 'env' || sources[a] === 'file') {
      if (sources[b] === 'env' || sources[b] === 'file') problems.push(`${envName(a)} and ${envName(b)} are mutually exclusive: set one of them`);
    }
  }

  for (const name of Object.keys(env)) {
    if (!name.startsWith('GETH_AGENT_') || known.has(name) || serviceLink.test(name)) continue;
    const close = suggest(name, known);
    problems.push(`unknown variable ${name}${close === undefined ? '' : ` (did you mean ${close}?)`}`);
  }

  // A rule whose input failed on its own has nothing to say: its problem is already reported.
  for (const rule of configRules) {
    if (!rule.inputs.some((key) => failed.has(key))) problems.push(...rule.check(values as Config));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ config: Object.freeze(values) as Config, sources: Object.freeze(sources) });
}

type RawRead = { raw: string | undefined; from: string; source: Source } | { problem: string };

function readRaw(env: Env, name: string, spec: AnyVarSpec, readFile: (path: string) => string): RawRead {
  const direct = blankToUndefined(env[name]);
  const filePath = spec.secret ? blankToUndefined(env[`${name}_FILE`]) : undefined;
  if (filePath === undefined) return { raw: direct?.trim(), from: name, source: 'env' };
  if (direct !== undefined) return { problem: `${name} and ${name}_FILE are mutually exclusive: set one of them` };
  let content: string;
  try {
    content = readFile(filePath);
  } catch (error) {
    if (error instanceof UnsafeFileError) return { problem: `${name}_FILE=${JSON.stringify(filePath)}: ${error.problem}` };
    const code = (error as { code?: unknown }).code;
    return { problem: `${name}_FILE=${JSON.stringify(filePath)}: cannot read the file (${typeof code === 'string' ? code : 'read error'})` };
  }
  const raw = content.replace(/\r?\n$/, '').trim();
  if (raw === '') return { problem: `${name}_FILE=${JSON.stringify(filePath)}: the file is empty` };
  return { raw, from: `${name}_FILE`, source: 'file' };
}

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;
