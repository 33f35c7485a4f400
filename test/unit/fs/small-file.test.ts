import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSmallFile, readSmallFileSync, UnsafeFileError } from '../../../src/fs/small-file.js';
import { tempDir } from '../../helpers/tmp.js';

const refusal = (problem: RegExp) => (error: unknown): boolean => {
  assert.ok(error instanceof UnsafeFileError, String(error));
  assert.match(error.problem, problem);
  return true;
};

test('small files: regular files (through symlinks) are read; FIFOs, devices, folders and big files are refused without opening', async (t) => {
  const dir = await tempDir(t);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  await writeFile(join(dir, 'ok'), 'héllo\n');
  await symlink('ok', join(dir, 'link'));
  await writeFile(join(dir, 'big'), 'x'.repeat(101));
  await writeFile(join(dir, 'exact'), 'x'.repeat(100));

  for (const read of [readSmallFileSync, readSmallFile]) {
    const name = read.name;
    assert.equal(await read(join(dir, 'link'), 100), 'héllo\n', name);
    assert.equal(await read(join(dir, 'exact'), 100), 'x'.repeat(100), name);
    // Each refusal returns at once: a FIFO with no writer would otherwise block forever.
    await assert.rejects(async () => read(fifo, 100), refusal(/^not a regular file \(a named pipe\)$/), name);
    await assert.rejects(async () => read('/dev/zero', 100), refusal(/^not a regular file \(a character device\)$/), name);
    await assert.rejects(async () => read(dir, 100), refusal(/^not a regular file \(a folder\)$/), name);
    await assert.rejects(async () => read(join(dir, 'big'), 100), refusal(/^larger than 100 bytes$/), name);
    await assert.rejects(async () => read(join(dir, 'missing'), 100), { code: 'ENOENT' }, name);
  }
});
