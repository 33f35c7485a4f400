import { chmod, mkdir, stat } from 'node:fs/promises';
import { AgentError, RefusedDataError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readSmallFile, UnsafeFileError } from '../fs/small-file.js';

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'I/O error';
};

/**
 * A data-dir file or folder the agent cannot create, read or write (read-only volume, wrong owner,
 * full disk): a deployment problem, reported as a configuration error (exit 78) naming the path.
 */
export function dataDirError(action: string, path: string, error: unknown): AgentError {
  return new AgentError(
    `cannot ${action} ${path} (${codeOf(error)}): GETH_AGENT_DATA_DIR must be a writable directory owned by the agent's user`,
    ExitCode.config,
    { cause: error },
  );
}

/** Group/other permission bits of `mode`, if any (a private file or folder has none). */
export const tooOpen = (mode: number): boolean => (mode & 0o077) !== 0;

/**
 * Reports (warn, naming the path and mode) and then tightens a private file or folder whose mode
 * lets group or others in. Never silent; a failed chmod (read-only mount) stays a warning.
 */
export async function checkPrivate(path: string, logger: Logger, kind: 'file' | 'dir'): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    return;
  }
  if (!tooOpen(mode)) return;
  const wanted = kind === 'dir' ? 0o700 : 0o600;
  const shown = { path, mode: `0${mode.toString(8)}`, wanted: `0${wanted.toString(8)}` };
  try {
    await chmod(path, wanted);
    logger.warn(shown, `${kind === 'dir' ? 'folder' : 'file'} holding secrets was readable by group/others: permissions tightened`);
  } catch (error) {
    logger.warn({ ...shown, err: error }, `${kind === 'dir' ? 'folder' : 'file'} holding secrets is readable by group/others and could not be tightened`);
  }
}

/** Creates a private folder (0700, parents as needed) or checks an existing one. */
export async function ensurePrivateDir(path: string, logger: Logger): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw dataDirError('create the folder', path, error);
  }
  await checkPrivate(path, logger, 'dir');
}

/**
 * A small secret file's content (node key, password), or undefined when it does not exist. Something
 * else than a regular file of at most 64 KiB (a FIFO would hang the agent) is refused (exit 65);
 * other read errors are data-dir errors.
 */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readSmallFile(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    if (error instanceof UnsafeFileError) throw new RefusedDataError(`refusing to read ${path}: ${error.problem}; move it away or restore it`);
    throw dataDirError('read', path, error);
  }
}

/**
 * Writes a private file (0600) durably: the one atomic writer (temp file, fsync, rename, fsync of
 * the folder), so a crash or power cut right after a key was created never leaves an empty or half
 * keystore, password or node key. Either the old content or the new one, never half.
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(path, content, { mode: 0o600 });
  } catch (error) {
    throw dataDirError('write', path, error);
  }
}
