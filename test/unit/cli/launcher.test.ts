import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { packageRoot } from '../../../src/version.js';
import { tempDir } from '../../helpers/tmp.js';

const run = promisify(execFile);
const stampModule = (): Promise<{ sourcesDigest(dir: string): string }> =>
  import(pathToFileURL(join(packageRoot(), 'bin', 'build-stamp.mjs')).href) as Promise<{ sourcesDigest(dir: string): string }>;

/** A package tree with the real launcher, a compiled dist/src and a bundle built from it (with its stamp). */
async function tree(t: TestContext): Promise<string> {
  const root = await tempDir(t, 'ga-launcher-');
  await mkdir(join(root, 'bin'));
  for (const file of ['geth-agent', 'build-stamp.mjs']) await copyFile(join(packageRoot(), 'bin', file), join(root, 'bin', file));
  await mkdir(join(root, 'dist', 'src', 'config'), { recursive: true });
  await writeFile(join(root, 'dist', 'src', 'cli.js'), 'export const compiled = 1;\n');
  await writeFile(join(root, 'dist', 'src', 'config', 'load.js'), 'export const load = 1;\n');
  await mkdir(join(root, 'dist', 'bundle'));
  await writeFile(join(root, 'dist', 'bundle', 'cli.mjs'), "export async function main() { process.stdout.write('bundle ran\\n'); }\n");
  const { sourcesDigest } = await stampModule();
  await writeFile(join(root, 'dist', 'bundle', 'build-stamp.json'), JSON.stringify({ sources: sourcesDigest(join(root, 'dist', 'src')) }));
  return root;
}

async function launch(root: string, nodeArgs: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, join(root, 'bin', 'geth-agent')], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const later = (seconds: number): Date => new Date(Date.now() + seconds * 1000);

test('launcher: a bundle built from the dist/src beside it runs', async (t) => {
  const root = await tree(t);
  assert.deepEqual(await launch(root), { code: 0, stdout: 'bundle ran\n', stderr: '' });
});

test('launcher: dist/src compiled again with other code after the bundle is refused, exit 70, one clear line', async (t) => {
  const root = await tree(t);
  await writeFile(join(root, 'dist', 'src', 'config', 'load.js'), 'export const load = 2;\n');
  await utimes(join(root, 'dist', 'src', 'cli.js'), later(5), later(5));
  const result = await launch(root);
  assert.equal(result.code, 70);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'geth-agent: dist/bundle is older than dist/src (compiled after the last bundle): run `npm run build` (tsc and the bundle together)\n');
  // A stamp lost to an interrupted build is refused too.
  await rm(join(root, 'dist', 'bundle', 'build-stamp.json'));
  assert.match((await launch(root)).stderr, /no build stamp/);
});

test('launcher: a consistent tree whose mtimes moved runs (tsc rerun unchanged, cp -r order, npm pinning every mtime, no dist/src)', async (t) => {
  const root = await tree(t);
  // dist/src newer than the bundle with the same bytes: tsc run again without a change, or a copy.
  await utimes(join(root, 'dist', 'src', 'cli.js'), later(5), later(5));
  assert.equal((await launch(root)).code, 0);
  // npm packs every file with one fixed mtime.
  const pinned = new Date('1985-10-26T08:15:00Z');
  const all = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const file of await all(root)) await utimes(file, pinned, pinned);
  assert.deepEqual(await launch(root), { code: 0, stdout: 'bundle ran\n', stderr: '' });
  // An image that ships the bundle only.
  await rm(join(root, 'dist', 'src'), { recursive: true });
  assert.equal((await launch(root)).code, 0);
});

test('on a Node.js older than 22 the launcher says so and exits 78, before loading the bundle', async (t) => {
  const root = await tree(t);
  // process.versions as Node 20 reports it, set before the launcher runs.
  const asNode20 = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';
  const old = await launch(root, ['--import', asNode20]);
  assert.equal(old.code, 78);
  assert.match(old.stderr, /Node\.js 20\.20\.2 is too old: geth-agent needs Node\.js 22 or newer/);
  assert.equal(old.stdout, '');
  const current = await launch(root);
  assert.equal(current.code, 0, current.stderr);
  assert.equal(current.stdout, 'bundle ran\n');
});
