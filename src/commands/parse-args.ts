import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  readonly values: { readonly [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  readonly positionals: readonly string[];
}

/** node:util parseArgs in strict mode; its errors become a UsageError (exit 64). */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, command: string): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }) as unknown as ParsedArgs<O>;
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
