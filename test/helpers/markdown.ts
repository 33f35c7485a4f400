import { existsSync, readdirSync } from 'node:fs';
import { readRepoFile, repoPath } from './deploy-files.js';

/** The user documentation: the README and every page under docs/ (paths relative to the repository). */
export function docFiles(): string[] {
  const pages = existsSync(repoPath('docs')) ? readdirSync(repoPath('docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`) : [];
  return ['README.md', ...pages];
}

export interface Fence {
  /** The info string after the opening backticks (`sh runnable`). */
  readonly info: string;
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/** The text with fenced blocks blanked out (line numbers kept), and the blocks themselves. */
export function splitFences(text: string): { prose: string; fences: Fence[] } {
  const lines = text.split('\n');
  const fences: Fence[] = [];
  let open: { info: string; line: number; body: string[]; marker: string } | undefined;
  const prose = lines.map((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (open === undefined && marker !== null) {
      open = { info: (marker[2] ?? '').trim(), line: index + 1, body: [], marker: marker[1] as string };
      return '';
    }
    if (open !== undefined) {
      if (marker !== null && (marker[1] as string).startsWith(open.marker) && (marker[2] ?? '').trim() === '') {
        fences.push({ info: open.info, body: open.body.join('\n'), line: open.line });
        open = undefined;
      } else {
        open.body.push(line);
      }
      return '';
    }
    return line;
  });
  return { prose: prose.join('\n'), fences };
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes; repeats get -1, -2. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of splitFences(text).prose.split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const plain = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = plain.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Inline links and images outside code (fenced blocks and `code spans`), with their line. */
export function links(text: string): Link[] {
  const out: Link[] = [];
  splitFences(text).prose.split('\n').forEach((line, index) => {
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: match[1] as string, line: index + 1 });
  });
  return out;
}

/** The text of a page or file of the repository. */
export const readDoc = (path: string): string => readRepoFile(path);
