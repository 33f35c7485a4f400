import { createLogger, type Logger } from '../../src/log.js';

/** A real pino logger (with the agent's redaction) writing every line into an array. */
export function captureLogger(level: 'trace' | 'debug' | 'info' = 'trace'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}
