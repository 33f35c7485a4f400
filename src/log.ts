import { destination, pino, stdTimeFunctions, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names that may carry a secret anywhere in a log object. pino compiles the paths once;
 * the censor replaces the value, never the key, so a leak attempt is still visible as such.
 */
const secretKeys = ['password', 'privateKey', 'private_key', 'mnemonic', 'secret', 'nodeKey', 'passphrase', 'authorization', 'networkSecret'];

export const redactPaths: readonly string[] = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  ...secretKeys.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers["x-network-secret"]',
  'headers.authorization',
  'headers["x-network-secret"]',
];

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
      redact: { paths: [...redactPaths], censor: '[redacted]' },
      errorKey: 'err',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? destination({ dest: 1, sync: false }),
  );
}
