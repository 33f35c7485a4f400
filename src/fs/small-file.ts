import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Largest secret or key file read: a password, a key or a mnemonic is a few hundred bytes at most. */
export const SMALL_FILE_MAX_BYTES = 64 * 1024;

/**
 * A path that names something else than a small regular file: a FIFO (reading it waits for a
 * writer forever), a device (/dev/zero never ends), a folder, or a file over the limit. `problem`
 * describes it for a message; it never holds content.
 */
export class UnsafeFileError extends Error {
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = new.target.name;
    this.problem = problem;
  }
}

/**
 * Opened without blocking (a FIFO that appears after the stat check must not hang the open) and
 * without making a terminal the controlling one; symlinks are followed (Kubernetes Secret mounts
 * are symlinks into `..data/`).
 */
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** Throws unless `stats` describe a regular file of at most `maxBytes`. */
function checkShape(path: string, stats: Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new UnsafeFileError(path, `not a regular file (${kindOf(stats)})`);
  if (stats.size > maxBytes) throw tooLarge(path, maxBytes);
}

const tooLarge = (path: string, maxBytes: number): UnsafeFileError => new UnsafeFileError(path, `larger than ${maxBytes} bytes`);

/**
 * A small regular file's content (UTF-8): stat first (nothing is opened that is not a regular
 * file under the limit), then a bounded read (a file that grew in between is refused too).
 * Throws UnsafeFileError for the wrong kind or size, Node's errors (ENOENT, EACCES...) otherwise.
 */
export function readSmallFileSync(path: string, maxBytes = SMALL_FILE_MAX_BYTES): string {
  checkShape(path, statSync(path), maxBytes);
  const fd = openSync(path, openFlags);
  try {
    checkShape(path, fstatSync(fd), maxBytes);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0 || (length += n) === buffer.length) break;
    }
    if (length > maxBytes) throw tooLarge(path, maxBytes);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * readSmallFileSync for async callers. The read stays synchronous: it is bounded (a regular file
 * of at most `maxBytes`, checked before opening) and happens once, while provisioning.
 */
export async function readSmallFile(path: string, maxBytes = SMALL_FILE_MAX_BYTES): Promise<string> {
  return readSmallFileSync(path, maxBytes);
}
