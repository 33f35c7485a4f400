import { readFileSync } from 'node:fs';

/** The package version, read from package.json next to dist/ (never at import time). */
export function agentVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The package root (the folder holding package.json, bin/ and .tools/). */
export const packageRoot = (): string => new URL('../../', import.meta.url).pathname;
