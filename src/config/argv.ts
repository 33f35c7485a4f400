import { accept, reject, type Parsed } from './spec.js';

/**
 * Splits a string into arguments the way a POSIX shell tokenizes words (single quotes, double
 * quotes, backslash escapes), without any expansion: nothing is ever run through a shell.
 */
export function splitArgv(input: string): Parsed<string[]> {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '\\') {
      const next = input[i + 1];
      if (next === undefined) return reject('a trailing backslash escapes nothing');
      if (quote === '"' && !['"', '\\', '$', '`'].includes(next)) current += ch;
      current += next;
      inWord = true;
      i++;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) return reject(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) args.push(current);
  return accept(args);
}
