import type { ClientMessage } from './types.js';
import { isObject } from './check.js';

/** Longest heartbeat stamp accepted: primus sends `+new Date()` (13 digits); the stamp is echoed back. */
const maxStamp = 64;

/**
 * The primus transport frames a reporter may send besides emits (never throws):
 * - `"primus::ping::<ts>"`: the classic Node.js reporter's primus 4 client pings the server
 *   (every `timeout - 10 s`) and reconnects when no `"primus::pong::<ts>"` comes within 10 s;
 * - `"primus::pong::<ts>"`: the answer of geth, Besu and Nethermind to a server's ping;
 * - `{"_latency": ms}` (`"_clock"` too when so configured): the primus-spark-latency plugin of
 *   the classic reporter, sent right after the hello and after every pong. eth-netstats reads it
 *   into the spark; the collector has the reporter's own `latency` report instead.
 * Undefined when `value` is none of these.
 */
export function decodePrimus(value: unknown): { ok: true; message: ClientMessage } | { ok: false; error: string } | undefined {
  if (typeof value === 'string') {
    const [, kind, stamp] = /^primus::(ping|pong)::(.*)$/s.exec(value) ?? [];
    if (kind === undefined || stamp === undefined) return undefined;
    if (stamp.length > maxStamp) return { ok: false, error: `primus ${kind} with a stamp of ${stamp.length} characters` };
    return { ok: true, message: { type: kind === 'ping' ? 'primus-ping' : 'primus-pong', stamp } };
  }
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  const latencyFrame = keys.includes('_latency') && keys.every((key) => (key === '_latency' || key === '_clock') && typeof value[key] === 'number');
  return latencyFrame ? { ok: true, message: { type: 'primus-latency' } } : undefined;
}
