import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/genesis/store.js';
import { tempDir } from '../../helpers/tmp.js';

test('writeFileAtomic: replaces the file whole, with the mode asked for', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'genesis.json');
  await writeFile(path, 'old');
  // A reader that opened the old file keeps reading it whole: the new file is renamed over it,
  // never written into it.
  const reader = await open(path, 'r');
  t.after(() => reader.close());
  await writeFileAtomic(path, Buffer.from('new'), 0o600);
  assert.equal(await readFile(path, 'utf8'), 'new');
  assert.equal((await reader.readFile('utf8')), 'old', 'the old file was written in place');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['genesis.json']);
});

/** Bytes whose source fails after the first chunk was written: an I/O error in the middle of a write. */
function failingMidWrite(): Uint8Array {
  return (async function* chunks() {
    yield Buffer.from('partial');
    throw new Error('EIO: simulated failure mid-write');
  })() as unknown as Uint8Array;
}

test('writeFileAtomic: a failed write or rename leaves the old file and no temp file', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'genesis.json');
  await writeFile(path, 'old');
  await assert.rejects(writeFileAtomic(path, failingMidWrite()), /simulated failure mid-write/);
  assert.deepEqual(await readdir(dir), ['genesis.json']);
  assert.equal(await readFile(path, 'utf8'), 'old');
  // Renaming over a non-empty folder fails after the temp file was written.
  const blocked = join(dir, 'blocked');
  await mkdir(join(blocked, 'inside'), { recursive: true });
  await assert.rejects(writeFileAtomic(blocked, Buffer.from('x')));
  assert.deepEqual((await readdir(dir)).sort(), ['blocked', 'genesis.json']);
});
