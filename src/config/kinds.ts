import { isIP } from 'node:net';
// ethers/address, not 'ethers': the full bundle costs ~100 ms of start-up (bench/startup.ts).
import { checksummed, isHexBytes } from '../eth/address.js';
import { accept, reject, type Kind, type Parsed } from './spec.js';
import { splitArgv } from './argv.js';

/** Free text (non-empty). */
export const text = (kind = 'string'): Kind<string> => ({ kind, parse: (raw) => accept(raw) });

export const oneOf = <const T extends string>(values: readonly T[]): Kind<T> => ({
  kind: `one of ${values.join(', ')}`,
  parse: (raw) => ((values as readonly string[]).includes(raw) ? accept(raw as T) : reject(`one of ${values.join(', ')}`)),
});

export const integer = (min: number, max: number = Number.MAX_SAFE_INTEGER): Kind<number> => ({
  kind: max === Number.MAX_SAFE_INTEGER ? `integer >= ${min}` : `integer ${min}-${max}`,
  parse: (raw) => {
    if (!/^[0-9]+$/.test(raw)) return reject(describeRange(min, max));
    const value = Number(raw);
    return Number.isSafeInteger(value) && value >= min && value <= max ? accept(value) : reject(describeRange(min, max));
  },
});

const describeRange = (min: number, max: number): string =>
  max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;

export const port = (): Kind<number> => ({ ...integer(0, 65535), kind: 'port' });

/** A duration in seconds; fractions allowed so tests can run real behaviour fast. */
export const seconds = (min = 0): Kind<number> => ({
  kind: 'seconds',
  parse: (raw) => {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(raw)) return reject(`a number of seconds >= ${min}`);
    const value = Number(raw);
    return Number.isFinite(value) && value >= min && value <= 31_536_000 ? accept(value) : reject(`a number of seconds >= ${min}`);
  },
});

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

export const flag = (): Kind<boolean> => ({
  kind: 'boolean',
  parse: (raw) => {
    const lower = raw.toLowerCase();
    if (truthy.has(lower)) return accept(true);
    if (falsy.has(lower)) return accept(false);
    return reject('true or false (also 1/0, yes/no, on/off)');
  },
});

/** Comma-separated list; blanks dropped, order kept. */
export const list = (item: (raw: string) => Parsed<string> = accept, kind = 'comma-separated list'): Kind<readonly string[]> => ({
  kind,
  parse: (raw) => {
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const out: string[] = [];
    for (const entry of items) {
      const parsed = item(entry);
      if (!parsed.ok) return reject(`${kind} (entry ${JSON.stringify(truncate(entry))}: expected ${parsed.expected})`);
      out.push(parsed.value);
    }
    return accept(Object.freeze(out));
  },
  show: (value) => value.join(','),
});

/** One 0x-prefixed 20-byte address, returned checksummed; mixed case must carry a valid checksum. */
export function parseAddress(raw: string): Parsed<string> {
  if (!isHexBytes(raw, 20)) return reject('a 0x-prefixed 20-byte hex address');
  try {
    return accept(checksummed(raw));
  } catch {
    return reject('an address with a valid EIP-55 checksum (or all lower case)');
  }
}

export const addresses = (): Kind<readonly string[]> => ({
  ...list(parseAddress, 'comma-separated addresses'),
  parse: (raw) => {
    const parsed = list(parseAddress, 'comma-separated addresses').parse(raw);
    if (!parsed.ok) return parsed;
    const seen = new Set<string>();
    for (const address of parsed.value) {
      if (seen.has(address)) return reject(`comma-separated addresses without duplicates (${address} repeats)`);
      seen.add(address);
    }
    return parsed;
  },
});

export const url = (protocols: readonly string[] = ['http:', 'https:']): Kind<string> => ({
  kind: 'URL',
  parse: (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return reject(`a URL (${protocols.map((p) => p.replace(':', '')).join(' or ')})`);
    }
    if (!protocols.includes(parsed.protocol)) return reject(`a URL with scheme ${protocols.join(' or ')}`);
    if (parsed.hostname === '') return reject('a URL with a host');
    return accept(raw);
  },
});

/** A host name or IP literal (no port). */
export function parseHost(raw: string): Parsed<string> {
  const host = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIP(host) !== 0) return accept(host);
  if (/^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/.test(host)) {
    return accept(host);
  }
  return reject('a host name or IP address');
}

export const host = (): Kind<string> => ({ kind: 'host', parse: parseHost });

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export const hostPort = (): Kind<HostPort> => ({
  kind: 'host:port',
  parse: (raw) => {
    const match = /^(\[[^\]]+\]|[^:]+):([0-9]{1,5})$/.exec(raw);
    const parsedHost = match?.[1] === undefined ? undefined : parseHost(match[1]);
    const portNumber = Number(match?.[2]);
    if (!parsedHost?.ok || !(portNumber >= 0 && portNumber <= 65535)) return reject('host:port (e.g. 0.0.0.0:8080 or [::1]:8080)');
    return accept(Object.freeze({ host: parsedHost.value, port: portNumber }));
  },
  show: (value) => (value.host.includes(':') ? `[${value.host}]:${value.port}` : `${value.host}:${value.port}`),
});

/** Extra command-line arguments, split like a shell would (quotes, backslashes) but never run by one. */
export const argv = (): Kind<readonly string[]> => ({
  kind: 'arguments',
  parse: (raw) => {
    const split = splitArgv(raw);
    return split.ok ? accept(Object.freeze(split.value)) : reject(`arguments (${split.expected})`);
  },
  show: (value) => value.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' '),
});

/** A 32-byte hex digest (sha256), lower-cased, with or without 0x. */
export const sha256Hex = (): Kind<string> => ({
  kind: 'sha256 hex',
  parse: (raw) => {
    const hex = raw.toLowerCase().replace(/^0x/, '');
    return /^[0-9a-f]{64}$/.test(hex) ? accept(hex) : reject('64 hex characters (a sha256 digest)');
  },
});

const truncate = (value: string, max = 40): string => (value.length > max ? `${value.slice(0, max)}...` : value);
