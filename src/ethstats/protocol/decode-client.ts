import type { BlockStats, ClientMessage, Decoded, NodeInfo } from './types.js';
import { describe, isObject, isText, isUint, parseJson, splitEmit, type Obj } from './check.js';
import { checkBlock, checkStats } from './decode-block.js';

const fail = (error: string): Decoded<never> => ({ ok: false, error });
const ok = (message: ClientMessage): Decoded<ClientMessage> => ({ ok: true, message });

/**
 * Validates one frame a server (the collector) receives from a reporter. Every payload must be
 * an object with a string `id`; shapes follow geth v1.13.15. Never throws.
 */
export function decodeClient(text: string): Decoded<ClientMessage> {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(parsed.error);
  if (typeof parsed.value === 'string') {
    const value = parsed.value;
    return value.startsWith('primus::pong::') ? ok({ type: 'primus-pong', stamp: value.slice(14) }) : fail(`unexpected string frame ${describe(value)}`);
  }
  const split = splitEmit(parsed.value);
  if (!split.ok) return fail(split.error);
  const payload = split.args[0];
  if (!isObject(payload)) return fail(`${split.event} without an object payload`);
  const id = payload.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) return fail(`${split.event} without an id`);
  switch (split.event) {
    case 'hello':
      return decodeHello(id, payload);
    case 'node-ping': {
      // geth sends a string; an object or array becomes '' (String() of one can throw).
      const time = payload.clientTime;
      return ok({ type: 'node-ping', id, clientTime: typeof time === 'number' ? time : typeof time === 'object' ? '' : String(time ?? '') });
    }
    case 'latency': {
      const latency = typeof payload.latency === 'string' && /^[0-9]{1,12}$/.test(payload.latency) ? Number(payload.latency) : payload.latency;
      return isUint(latency) ? ok({ type: 'latency', id, latency }) : fail(`latency not a number (${describe(payload.latency)})`);
    }
    case 'block': {
      const checked = checkBlock(payload.block);
      return checked.ok ? ok({ type: 'block', id, block: checked.block }) : fail(checked.error);
    }
    case 'pending':
      return isObject(payload.stats) && isUint(payload.stats.pending)
        ? ok({ type: 'pending', id, pending: payload.stats.pending })
        : fail('pending without stats.pending');
    case 'stats': {
      const checked = checkStats(payload.stats);
      return checked.ok ? ok({ type: 'stats', id, stats: checked.stats }) : fail(checked.error);
    }
    case 'history': {
      const list = payload.history ?? [];
      if (!Array.isArray(list) || list.length > 1000) return fail('history not an array of blocks');
      const blocks: BlockStats[] = [];
      for (const entry of list) {
        const checked = checkBlock(entry);
        if (!checked.ok) return fail(`history: ${checked.error}`);
        blocks.push(checked.block);
      }
      return ok({ type: 'history', id, history: blocks });
    }
    default:
      return fail(`unknown event ${describe(split.event)}`);
  }
}

function decodeHello(id: string, payload: Obj): Decoded<ClientMessage> {
  if (typeof payload.secret !== 'string') return fail('hello without a secret');
  const info = payload.info;
  if (!isObject(info)) return fail('hello without info');
  const text = (key: string): string => (isText(info[key]) ? (info[key] as string) : '');
  const checked: NodeInfo = {
    name: text('name') || id,
    node: text('node'),
    port: isUint(info.port) ? info.port : 0,
    net: typeof info.net === 'number' ? String(info.net) : text('net'),
    protocol: text('protocol'),
    api: text('api'),
    os: text('os'),
    os_v: text('os_v'),
    client: text('client'),
    canUpdateHistory: info.canUpdateHistory === true,
    ...(isText(info.role, 32) && info.role !== '' ? { role: info.role as string } : {}),
  };
  return ok({ type: 'hello', id, info: checked, secret: payload.secret });
}
