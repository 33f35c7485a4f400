import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file and folder under `root` with mode, size, mtime and content: to assert "nothing changed". */
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
      const info = await stat(path);
      const mode = (info.mode & 0o777).toString(8);
      if (info.isDirectory()) {
        out[relative(root, path)] = `dir ${mode}`;
        await walk(path);
      } else {
        out[relative(root, path)] = `file ${mode} ${info.mtimeMs} ${(await readFile(path)).toString('base64')}`;
      }
    }
  };
  await walk(root);
  return out;
}
