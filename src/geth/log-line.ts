/** One geth log line in its terminal format, e.g. `INFO [11-22|02:23:47.171] Started P2P networking self="enode://..."`. */
export interface GethLogLine {
  /** pino level name; `info` for lines without a level (banners, bootnode's enode line). */
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** geth's own timestamp text (`11-22|02:23:47.171`), when the line has one. */
  readonly time?: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Longest line handled, in bytes; longer ones are cut while read (a log line is not a place for megabytes). */
export const MAX_LINE = 8192;

const levels: Readonly<Record<string, GethLogLine['level']>> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error', CRIT: 'fatal',
};

const header = /^(TRACE|DEBUG|INFO|WARN|ERROR|CRIT)\s*\[([^\]]{1,40})\]\s?(.*)$/s;
const keyStart = /\s([A-Za-z_][\w.-]{0,63})=/g;

/** Reads one value at `i`: a Go-quoted string or a run of non-space characters. */
function readValue(text: string, i: number): { value: string; end: number } | undefined {
  if (text[i] !== '"') {
    let end = i;
    while (end < text.length && text[end] !== ' ') end++;
    return { value: text.slice(i, end), end };
  }
  let out = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j] as string;
    if (c === '"') return { value: out, end: j + 1 };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[j + 1];
    if (next === undefined) return undefined;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    if (simple[next] !== undefined) {
      out += simple[next];
      j++;
    } else if ((next === 'x' || next === 'u') && /^[0-9a-fA-F]+$/.test(text.slice(j + 2, j + (next === 'x' ? 4 : 6)))) {
      const len = next === 'x' ? 2 : 4;
      out += String.fromCharCode(parseInt(text.slice(j + 2, j + 2 + len), 16));
      j += 1 + len;
    } else {
      out += next;
      j++;
    }
  }
  return undefined;
}

/** Parses `k=v k="v w"` from `text` entirely, or returns undefined. */
function parsePairs(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq <= i) return undefined;
    const key = text.slice(i, eq);
    if (!/^[A-Za-z_][\w.-]*$/.test(key)) return undefined;
    const read = readValue(text, eq + 1);
    if (read === undefined || (read.end < text.length && text[read.end] !== ' ')) return undefined;
    fields[key] = read.value;
    i = read.end;
  }
  return fields;
}

/** Splits geth's padded message from its key=value context (the first suffix that parses). */
function splitContext(rest: string): { msg: string; fields: Record<string, string> } {
  keyStart.lastIndex = 0;
  let tries = 0;
  for (let m = keyStart.exec(rest); m !== null && tries < 16; m = keyStart.exec(rest), tries++) {
    const fields = parsePairs(rest.slice(m.index + 1));
    if (fields !== undefined) return { msg: rest.slice(0, m.index).trim(), fields };
    keyStart.lastIndex = m.index + 1;
  }
  return { msg: rest.trim(), fields: {} };
}

/** Parses one line of geth (or bootnode) output. Never throws; unknown shapes become `info`. */
export function parseGethLine(raw: string): GethLogLine {
  const line = (raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw).replace(/\r$/, '');
  const match = header.exec(line);
  if (match === null) {
    const fatal = line.startsWith('Fatal:');
    return { level: fatal ? 'fatal' : 'info', msg: line.trim(), fields: {} };
  }
  const { msg, fields } = splitContext(match[3] ?? '');
  return { level: levels[match[1] as string] ?? 'info', time: match[2] as string, msg, fields };
}

/** The lines that carry node state. */
export type GethEvent =
  | { readonly kind: 'p2p-started'; readonly enode: string }
  | { readonly kind: 'ipc-opened'; readonly url?: string }
  | { readonly kind: 'sealed'; readonly number?: number; readonly hash?: string }
  | { readonly kind: 'imported'; readonly number?: number }
  | { readonly kind: 'looking-for-peers'; readonly peers?: number }
  | { readonly kind: 'unclean-shutdown' }
  | { readonly kind: 'fatal'; readonly message: string };

const num = (value: string | undefined): number | undefined => {
  const n = Number((value ?? '').replaceAll(',', ''));
  return value !== undefined && Number.isSafeInteger(n) ? n : undefined;
};

/** Recognizes a state-carrying line (geth's messages as of 1.13.15, bootnode's enode line). */
export function recognize(line: GethLogLine): GethEvent | undefined {
  const { msg, fields } = line;
  if (msg === 'Started P2P networking' && fields.self !== undefined) return { kind: 'p2p-started', enode: fields.self };
  if (line.time === undefined && /^enode:\/\/[0-9a-f]{128}@\S+$/.test(msg)) return { kind: 'p2p-started', enode: msg };
  if (msg === 'IPC endpoint opened') return fields.url === undefined ? { kind: 'ipc-opened' } : { kind: 'ipc-opened', url: fields.url };
  if (msg === 'Successfully sealed new block') return { kind: 'sealed', number: num(fields.number), hash: fields.hash } as GethEvent;
  if (msg === 'Imported new chain segment') return { kind: 'imported', number: num(fields.number) } as GethEvent;
  if (msg === 'Looking for peers') return { kind: 'looking-for-peers', peers: num(fields.peercount) } as GethEvent;
  if (msg.startsWith('Unclean shutdown detected')) return { kind: 'unclean-shutdown' };
  if (line.level === 'fatal') return { kind: 'fatal', message: msg };
  return undefined;
}
