import { createHash } from 'node:crypto';
import { readdir, readFile, lstat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every file, folder and link under `root` with mode, size, mtime and a sha256 of the content:
 * to assert "nothing changed" with deepEqual (a diff names the path and what differs).
 */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const info = await lstat(path);
      const mode = (info.mode & 0o777).toString(8);
      if (info.isDirectory()) {
        out[relative(root, path)] = `dir ${mode}`;
        await walk(path);
      } else if (info.isFile()) {
        const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
        out[relative(root, path)] = `file ${mode} size=${info.size} mtime=${info.mtimeMs} sha256=${sha256}`;
      } else {
        out[relative(root, path)] = `other ${mode} size=${info.size} mtime=${info.mtimeMs}`;
      }
    }
  };
  await walk(root);
  return out;
}
