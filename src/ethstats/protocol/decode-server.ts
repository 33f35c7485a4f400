import { historyRange, type Decoded, type ServerMessage } from './types.js';
import { describe, isObject, isUint, parseJson, splitEmit } from './check.js';

const fail = (error: string): Decoded<never> => ({ ok: false, error });
const ok = (message: ServerMessage): Decoded<ServerMessage> => ({ ok: true, message });

/**
 * Validates one frame a reporter receives from the server. Primus heartbeats are bare JSON
 * strings; everything else must be an emit. Never throws.
 */
export function decodeServer(text: string): Decoded<ServerMessage> {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(parsed.error);
  const value = parsed.value;
  if (typeof value === 'string') {
    if (value.startsWith('primus::ping::')) return ok({ type: 'primus-ping', stamp: value.slice('primus::ping::'.length) });
    if (value === 'primus::server::close') return ok({ type: 'primus-close' });
    return fail(`unexpected string frame ${describe(value)}`);
  }
  const split = splitEmit(value);
  if (!split.ok) return fail(split.error);
  const [payload] = split.args;
  switch (split.event) {
    case 'ready':
      return ok({ type: 'ready' });
    case 'node-pong': {
      const serverTime = isObject(payload) && typeof payload.serverTime === 'number' ? payload.serverTime : undefined;
      return ok({ type: 'node-pong', clientTime: isObject(payload) ? payload.clientTime : undefined, serverTime });
    }
    case 'history':
      return decodeHistoryRequest(payload);
    default:
      return ok({ type: 'unknown', event: split.event });
  }
}

/**
 * `{"list": [ascending block numbers]}`; a non-object (e.g. `false`) asks for the latest 50 (as
 * geth treats it). A list that is not an array of block numbers is malformed. Duplicates are
 * dropped and at most the 50 highest numbers are kept.
 */
export function decodeHistoryRequest(payload: unknown): Decoded<ServerMessage> {
  if (!isObject(payload)) return ok({ type: 'history-request', list: undefined });
  const list = payload.list;
  if (!Array.isArray(list)) return fail(`history request without a list (${describe(list)})`);
  if (list.length > 10_000) return fail('history request list too long');
  const bad = list.find((entry) => !isUint(entry));
  if (bad !== undefined || list.some((entry) => entry === undefined)) return fail(`history request with a non-number ${describe(bad)}`);
  const numbers = [...new Set(list as number[])].sort((a, b) => a - b).slice(-historyRange);
  return ok({ type: 'history-request', list: numbers });
}
