import { accept, reject, type Parsed } from '../config/spec.js';

/** `nodename:secret@host:port`, parsed with geth's rules (see shared reference, ethstats.md). */
export interface EthstatsTarget {
  readonly name: string;
  readonly secret: string;
  /** What follows the last `@`: `host:port`, or a URL with a scheme used as given. */
  readonly host: string;
}

export function parseEthstatsUrl(raw: string): Parsed<EthstatsTarget> {
  const expected = 'nodename:secret@host:port';
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return reject(expected);
  const credentials = raw.slice(0, at);
  const host = raw.slice(at + 1);
  const colon = credentials.lastIndexOf(':');
  if (colon <= 0 || colon === credentials.length - 1) return reject(expected);
  const secret = credentials.slice(colon + 1);
  if (secret.includes('@')) return reject(`${expected} (the secret may not contain "@")`);
  if (/\s/.test(host) || host.includes('@')) return reject(`${expected} (a host without spaces)`);
  const target = Object.freeze({ name: credentials.slice(0, colon), secret, host });
  // Refused now rather than failing every dial later (`n:s@:` or `n:s@?` form no URL).
  if (!ethstatsDialUrls(target).every((url) => URL.canParse(url))) return reject(`${expected} (a host that forms a ws:// URL)`);
  return accept(target);
}

/** The URLs to dial, in order: a host without a scheme is tried as wss:// then ws://. */
export function ethstatsDialUrls(target: EthstatsTarget): string[] {
  const path = (base: string): string => `${base.replace(/\/+$/, '')}/api`;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target.host)
    ? [path(target.host)]
    : [path(`wss://${target.host}`), path(`ws://${target.host}`)];
}

export const maskEthstats = (target: EthstatsTarget): string => `${target.name}:********@${target.host}`;
