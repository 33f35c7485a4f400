import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/version.js';

/** A path inside the repository (the package root). */
export const repoPath = (...parts: string[]): string => join(packageRoot(), ...parts);

export const readRepoFile = (...parts: string[]): string => readFileSync(repoPath(...parts), 'utf8');

/** `KEY=value` lines of an env file (comments and blank lines skipped; no quoting, like compose). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1] as string] = match[2] as string;
  }
  return env;
}

export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of the build stage (0 = the first FROM). */
  readonly stage: number;
}

/** Dockerfile instructions with continuation lines joined and comment lines dropped. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (continued) continue;
    const match = /^(\S+)\s*(.*)$/.exec(pending.trim());
    pending = '';
    if (match === null) continue;
    const keyword = (match[1] as string).toUpperCase();
    if (keyword === 'FROM') stage += 1;
    out.push({ keyword, args: (match[2] as string).replace(/\s+/g, ' ').trim(), stage });
  }
  return out;
}

/** The ENV values of the final stage (`ENV A=1 B="x y"`). */
export function dockerfileEnv(instructions: readonly DockerInstruction[]): Record<string, string> {
  const last = Math.max(...instructions.map((i) => i.stage));
  const env: Record<string, string> = {};
  for (const { args } of instructions.filter((i) => i.keyword === 'ENV' && i.stage === last)) {
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S+)/g)) env[match[1] as string] = match[3] ?? (match[2] as string);
  }
  return env;
}

/** Exec-form arguments (`["a", "b"]`) of an instruction, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed = JSON.parse(args) as unknown;
  return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : undefined;
}

/** A compose/Go duration (`150s`, `2m30s`, `1h`) in seconds; undefined when malformed. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^(\d+h)?(\d+m)?(\d+s)?$/.test(value) || value === '') return undefined;
  const part = (unit: string): number => Number(new RegExp(`(\\d+)${unit}`).exec(value)?.[1] ?? 0);
  return part('h') * 3600 + part('m') * 60 + part('s');
}
