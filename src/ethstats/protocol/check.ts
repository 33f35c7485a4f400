/** Small structural checks for untrusted JSON; each returns a reason string or undefined. */

export type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isUint = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export const isHex = (value: unknown, bytes: number): value is string =>
  typeof value === 'string' && value.length === 2 + bytes * 2 && /^0x[0-9a-fA-F]*$/.test(value);

export const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^[0-9]{1,80}$/.test(value);

export const isText = (value: unknown, max = 512): value is string => typeof value === 'string' && value.length <= max;

/*
 * Reporters spell numbers differently: geth and the agent send JSON numbers, the classic Node.js
 * reporter (web3 0.x) sends BigNumbers as decimal strings (`gasPrice`), Besu sends every block
 * quantity as a JSON-RPC hex quantity (`"0x1b4"`), Nethermind (1.2x-1.3x) its longs as hex
 * quantities too, and geth/Besu send `latency` as a decimal string. The readers below accept
 * each of those and nothing else; the lengths bound what a string may cost.
 */
const decimalText = /^[0-9]{1,80}$/;
const hexQuantity = /^0x[0-9a-fA-F]{1,64}$/;

/** A non-negative safe integer from a JSON number, a decimal string or a hex quantity; undefined otherwise. */
export function toUint(value: unknown): number | undefined {
  if (isUint(value)) return value;
  if (typeof value !== 'string') return undefined;
  const n = decimalText.test(value) || hexQuantity.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * A non-negative finite number (wei amounts, percentages) from a JSON number, a decimal string
 * (with an optional fraction) or a hex quantity; undefined otherwise. Amounts above 2^53 lose
 * precision, as they would in any dashboard.
 */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (hexQuantity.test(value)) return Number(BigInt(value));
  return /^[0-9]{1,80}(\.[0-9]{1,20})?$/.test(value) ? Number(value) : undefined;
}

/** A decimal string from a decimal string or a hex quantity (difficulties); undefined otherwise. */
export function toDecimalText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (decimalText.test(value)) return value;
  return hexQuantity.test(value) ? BigInt(value).toString() : undefined;
}

/** A short info string from a string or a number (the classic reporter sends `protocol` as a number); undefined otherwise. */
export const toText = (value: unknown, max = 512): string | undefined =>
  isText(value, max) ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/** Parses one text frame; never throws. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'not JSON' };
  }
}

/** Splits `{"emit": [event, ...args]}`; a reason on any other shape. */
export function splitEmit(value: unknown): { ok: true; event: string; args: unknown[] } | { ok: false; error: string } {
  if (!isObject(value) || !Array.isArray(value.emit)) return { ok: false, error: 'not an {"emit": [...]} frame' };
  const [event, ...args] = value.emit as unknown[];
  if (typeof event !== 'string' || event.length === 0 || event.length > 64) return { ok: false, error: 'emit without an event name' };
  return { ok: true, event, args };
}

/** At most 60 characters of a value for an error message; never throws (deep values overflow JSON.stringify). */
export const describe = (value: unknown): string => {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : typeof value === 'object' ? '{...}' : typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
};
