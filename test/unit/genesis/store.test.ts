import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/genesis/store.js';
import { tempDir } from '../../helpers/tmp.js';

test('writeFileAtomic: replaces the file whole, with the mode asked for', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'genesis.json');
  await writeFile(path, 'old');
  await writeFileAtomic(path, Buffer.from('new'), 0o600);
  assert.equal(await readFile(path, 'utf8'), 'new');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['genesis.json']);
});

test('writeFileAtomic: a failed write or rename leaves the old file and no temp file', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'genesis.json');
  await writeFile(path, 'old');
  await assert.rejects(writeFileAtomic(path, {} as Uint8Array));
  assert.deepEqual(await readdir(dir), ['genesis.json']);
  assert.equal(await readFile(path, 'utf8'), 'old');
  // Renaming over a non-empty folder fails after the temp file was written.
  const blocked = join(dir, 'blocked');
  await mkdir(join(blocked, 'inside'), { recursive: true });
  await assert.rejects(writeFileAtomic(blocked, Buffer.from('x')));
  assert.deepEqual((await readdir(dir)).sort(), ['blocked', 'genesis.json']);
});
