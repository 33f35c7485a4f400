import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The open file the writer needs (a `FileHandle` of node:fs/promises fits). */
export interface WritableHandle {
  writeFile(data: Uint8Array | string): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The calls the writer makes; node:fs/promises by default, injectable to inject faults in tests. */
export interface AtomicWriteFs {
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Mode of the written file, set when the temp file is created (no moment with wider access). Default 0644. */
  readonly mode?: number;
  readonly fs?: AtomicWriteFs;
}

/**
 * Writes `data` to `path` so that a crash or power cut at any moment leaves either the old file or
 * the new one, whole: a hidden temp file in the same folder (same file system, so the rename is
 * atomic; geth's keystore scan skips dot files), created with its final mode, written and fsynced,
 * renamed over the target, then the folder fsynced (without it the rename itself may be lost, and
 * with it the only copy of a key). A failure removes the temp file and leaves the target untouched.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? (fsp as unknown as AtomicWriteFs);
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follows or reuses an existing name; the umask can only narrow `mode`, chmod restores it exactly.
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    // A failed write (disk full, file size limit, I/O error) or rename leaves no temp file behind.
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  const folder = await fs.open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
