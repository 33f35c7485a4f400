import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkSupportedGeth, locateExecutable, resolveGeth, type GethVersion, type LocateOptions } from './locate.js';

interface CacheEntry {
  readonly bin: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly version: GethVersion;
}

/**
 * resolveGeth, remembering the verified version of the exact binary (path, size, mtime, ctime) in
 * `cacheFile`: a restarted agent skips the `geth version` run (~40 ms of start-up). Any change to
 * the binary, or an unreadable cache, runs the check again.
 */
export async function resolveGethCached(options: LocateOptions & { readonly cacheFile: string }): Promise<{ bin: string; version: GethVersion }> {
  const bin = locateExecutable('geth', options);
  const info = bin === undefined ? undefined : await stat(bin).catch(() => undefined);
  if (bin !== undefined && info !== undefined) {
    try {
      const entry = JSON.parse(await readFile(options.cacheFile, 'utf8')) as CacheEntry;
      if (entry.bin === bin && entry.size === info.size && entry.mtimeMs === info.mtimeMs && entry.ctimeMs === info.ctimeMs && checkSupportedGeth(entry.version, bin) === undefined) {
        return { bin, version: entry.version };
      }
    } catch {
      /* no or bad cache: check */
    }
  }
  const resolved = await resolveGeth(options);
  if (info !== undefined) {
    const entry: CacheEntry = { bin: resolved.bin, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, version: resolved.version };
    await mkdir(dirname(options.cacheFile), { recursive: true, mode: 0o700 })
      .then(() => writeFile(options.cacheFile, JSON.stringify(entry), { mode: 0o600 }))
      .catch(() => undefined);
  }
  return resolved;
}
