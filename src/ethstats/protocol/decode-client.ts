import type { BlockStats, ClientMessage, Decoded, NodeInfo } from './types.js';
import { describe, isObject, isText, parseJson, splitEmit, toText, toUint, type Obj } from './check.js';
import { checkBlock, checkStats } from './decode-block.js';
import { decodePrimus } from './primus.js';

const fail = (error: string): Decoded<never> => ({ ok: false, error });
const ok = (message: ClientMessage): Decoded<ClientMessage> => ({ ok: true, message });

/** The events eth-netstats handles from a reporter; any other emit is ignored there (and here). */
const knownEvents = new Set(['hello', 'node-ping', 'latency', 'block', 'pending', 'stats', 'history']);

/**
 * Validates one frame a server (the collector) receives from a reporter: the shapes of geth
 * 1.13.15, the classic Node.js reporter, Besu and Nethermind (test/fixtures/ethstats/). Every
 * known event's payload must be an object with a string `id`. Never throws.
 */
export function decodeClient(text: string): Decoded<ClientMessage> {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(parsed.error);
  const primus = decodePrimus(parsed.value);
  if (primus !== undefined) return primus;
  if (typeof parsed.value === 'string') return fail(`unexpected string frame ${describe(parsed.value)}`);
  const split = splitEmit(parsed.value);
  if (!split.ok) return fail(split.error);
  if (!knownEvents.has(split.event)) return ok({ type: 'unknown', event: split.event });
  const payload = split.args[0];
  if (!isObject(payload)) return fail(`${split.event} without an object payload`);
  const id = payload.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) return fail(`${split.event} without an id`);
  switch (split.event) {
    case 'hello':
      return decodeHello(id, payload);
    case 'node-ping': {
      // geth and Besu send a string, the classic reporter and Nethermind a number (ms); it is
      // echoed as is. An object or array becomes '' (String() of one can throw).
      const time = payload.clientTime;
      return ok({ type: 'node-ping', id, clientTime: typeof time === 'number' ? time : typeof time === 'object' ? '' : String(time ?? '') });
    }
    case 'latency': {
      // geth and Besu: a decimal string; the classic reporter and Nethermind: a number
      // (Nethermind 1.2x-1.3x: a hex quantity).
      const latency = toUint(payload.latency);
      return latency === undefined ? fail(`latency not a number (${describe(payload.latency)})`) : ok({ type: 'latency', id, latency });
    }
    case 'block': {
      const checked = checkBlock(payload.block);
      return checked.ok ? ok({ type: 'block', id, block: checked.block }) : fail(checked.error);
    }
    case 'pending': {
      const pending = isObject(payload.stats) ? toUint(payload.stats.pending) : undefined;
      return pending === undefined ? fail('pending without stats.pending') : ok({ type: 'pending', id, pending });
    }
    case 'stats': {
      const checked = checkStats(payload.stats);
      return checked.ok ? ok({ type: 'stats', id, stats: checked.stats }) : fail(checked.error);
    }
    default:
      return decodeHistory(id, payload.history);
  }
}

/**
 * `history`: newest first from geth and the classic reporter, ascending from Besu and Nethermind
 * (the collector orders by number). The classic reporter puts `false` where a block was not
 * found (web3 returned null): such entries are skipped, as eth-netstats skips them.
 */
function decodeHistory(id: string, value: unknown): Decoded<ClientMessage> {
  const list = value ?? [];
  if (!Array.isArray(list) || list.length > 1000) return fail('history not an array of blocks');
  const blocks: BlockStats[] = [];
  for (const entry of list) {
    if (entry === false || entry === null) continue;
    const checked = checkBlock(entry);
    if (!checked.ok) return fail(`history: ${checked.error}`);
    blocks.push(checked.block);
  }
  return ok({ type: 'history', id, history: blocks });
}

/**
 * `hello.info`: strings as geth sends them; numbers where other reporters send numbers
 * (`protocol` from the classic reporter, `port` as a string from Besu and the classic reporter);
 * `os_V` is how Nethermind's camel-casing spells `os_v`. Missing or odd fields become ''.
 */
function decodeHello(id: string, payload: Obj): Decoded<ClientMessage> {
  if (typeof payload.secret !== 'string') return fail('hello without a secret');
  const info = payload.info;
  if (!isObject(info)) return fail('hello without info');
  const text = (key: string): string => toText(info[key]) ?? '';
  const checked: NodeInfo = {
    name: text('name') || id,
    node: text('node'),
    port: toUint(info.port) ?? 0,
    net: text('net'),
    protocol: text('protocol'),
    api: text('api'),
    os: text('os'),
    os_v: text('os_v') || text('os_V'),
    client: text('client'),
    canUpdateHistory: info.canUpdateHistory === true,
    ...(isText(info.role, 32) && info.role !== '' ? { role: info.role } : {}),
  };
  return ok({ type: 'hello', id, info: checked, secret: payload.secret });
}
