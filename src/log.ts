import { destination, pino, stdTimeFunctions, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

import { envName } from './config/spec.js';
import { tableEntries } from './config/table.js';

export type { Logger } from 'pino';

/**
 * Field names that may carry a secret anywhere in a log object, besides the configuration's own
 * secret keys (taken from the table, so a new secret variable is redacted without a second list).
 */
const secretFieldNames = ['password', 'privateKey', 'private_key', 'mnemonic', 'secret', 'nodeKey', 'passphrase', 'authorization', 'networkSecret'];

/**
 * Every pino redact path: each secret field name, each secret config key (e.g. `ethstats`,
 * `ethstatsSecret`) and its GETH_AGENT_* variable name, at the top level and one or two levels
 * down (`config.<key>`, `cfg.<key>`, `options.config.<key>`), plus the secret HTTP headers. pino
 * compiles the paths once per logger; the censor replaces the value, never the key, so a leak
 * attempt is still visible as such.
 */
function redactPaths(): string[] {
  const secretConfig = tableEntries().filter(([, spec]) => spec.secret).map(([key]) => key);
  const names = [...new Set([...secretFieldNames, ...secretConfig, ...secretConfig.map(envName)])];
  return [
    ...names,
    ...names.map((name) => `*.${name}`),
    ...names.map((name) => `*.*.${name}`),
    'req.headers.authorization',
    'req.headers["x-network-secret"]',
    'headers.authorization',
    'headers["x-network-secret"]',
  ];
}

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  /** Where JSON lines go (default: stdout). Tests pass a stream to read every line. */
  readonly destination?: DestinationStream;
}

/** The agent's root logger: JSON lines, errors under `err`, secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      errorKey: 'err',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? destination({ dest: 1, sync: false }),
  );
}
