/** Small structural checks for untrusted JSON; each returns a reason string or undefined. */

export type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isUint = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export const isHex = (value: unknown, bytes: number): value is string =>
  typeof value === 'string' && value.length === 2 + bytes * 2 && /^0x[0-9a-fA-F]*$/.test(value);

export const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^[0-9]{1,80}$/.test(value);

export const isText = (value: unknown, max = 512): value is string => typeof value === 'string' && value.length <= max;

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
