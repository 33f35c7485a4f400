import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeFileAtomic, type AtomicWriteFs, type WritableHandle } from '../../../src/fs/atomic-write.js';
import { tempDir } from '../../helpers/tmp.js';

/** The real file system, with every call recorded (`op path`) and an optional fault per call. */
function recordingFs(fault?: (op: string, path: string) => Error | 'half' | undefined): { fs: AtomicWriteFs; calls: string[] } {
  const calls: string[] = [];
  const check = (op: string, path: string): Error | 'half' | undefined => {
    calls.push(`${op} ${path}`);
    return fault?.(op, path);
  };
  const fs: AtomicWriteFs = {
    mkdir: (path, options) => fsp.mkdir(path, options),
    async open(path, flags, mode) {
      const failure = check(`open:${flags}`, path);
      if (failure instanceof Error) throw failure;
      const handle = await fsp.open(path, flags, mode);
      const wrapped: WritableHandle = {
        async writeFile(data) {
          const failure = check('write', path);
          if (failure === 'half') {
            // A disk that fills up midway: the first half reaches the file, then the write fails.
            const bytes = Buffer.from(data);
            await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          if (failure instanceof Error) throw failure;
          await handle.writeFile(data);
        },
        chmod: (m) => (check('chmod', path), handle.chmod(m)),
        async sync() {
          const failure = check('sync', path);
          if (failure instanceof Error) throw failure;
          await handle.sync();
        },
        close: () => (check('close', path), handle.close()),
      };
      return wrapped;
    },
    async rename(from, to) {
      const failure = check('rename', `${from} -> ${to}`);
      if (failure instanceof Error) throw failure;
      await fsp.rename(from, to);
    },
    rm: (path, options) => (check('rm', path), fsp.rm(path, options)),
  };
  return { fs, calls };
}

const OLD = 'old key material, complete\n';
const NEW = `new key material ${'x'.repeat(4096)}\n`;

test('atomic write: replaces the file whole, with the mode asked for, and leaves no temp file', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'genesis.json');
  await writeFile(path, OLD);
  await writeFileAtomic(path, Buffer.from(NEW), { mode: 0o600 });
  assert.equal(await readFile(path, 'utf8'), NEW);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['genesis.json']);
  await writeFileAtomic(join(dir, 'new', 'public.json'), 'text');
  assert.equal((await stat(join(dir, 'new', 'public.json'))).mode & 0o777, 0o644, 'default mode 0644');
});

test('atomic write: the temp file is fsynced before the rename and the folder after it (a power cut keeps old or new)', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'nodekey');
  const { fs, calls } = recordingFs();
  await writeFileAtomic(path, NEW, { mode: 0o600, fs });
  const temp = /^open:wx (.+)$/.exec(calls[0] ?? '')?.[1];
  assert.ok(temp !== undefined && temp.startsWith(join(dir, '.nodekey.')), `first call creates a hidden temp file in the same folder: ${calls[0]}`);
  assert.deepEqual(calls, [
    `open:wx ${temp}`,
    `chmod ${temp}`,
    `write ${temp}`,
    `sync ${temp}`,
    `close ${temp}`,
    `rename ${temp} -> ${path}`,
    `open:r ${dir}`,
    `sync ${dir}`,
    `close ${dir}`,
  ]);
});

test('atomic write: a write failing midway (disk full) leaves the old content intact and no temp file', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'password');
  await writeFile(path, OLD, { mode: 0o600 });
  const { fs, calls } = recordingFs((op) => (op === 'write' ? 'half' : undefined));
  await assert.rejects(writeFileAtomic(path, NEW, { mode: 0o600, fs }), { code: 'ENOSPC' });
  assert.ok(calls.includes('write ' + (/^open:wx (.+)$/.exec(calls[0] ?? '')?.[1] ?? '?')), 'the fault was reached');
  assert.equal(await readFile(path, 'utf8'), OLD);
  assert.deepEqual(await readdir(dir), ['password']);
});

test('atomic write: a failed fsync or rename leaves the old content intact and no temp file', async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'keystore');
  await writeFile(path, OLD);
  for (const failing of ['sync', 'rename']) {
    const eio = Object.assign(new Error(`EIO: i/o error, ${failing}`), { code: 'EIO' });
    // The temp file's fsync or the rename fails (the folder's own fsync comes after the rename).
    const { fs } = recordingFs((op, p) => (op === failing && p !== dir ? eio : undefined));
    await assert.rejects(writeFileAtomic(path, NEW, { fs }), { code: 'EIO' }, failing);
    assert.equal(await readFile(path, 'utf8'), OLD, failing);
    assert.deepEqual(await readdir(dir), ['keystore'], failing);
  }
  // A real rename failure: the target is a non-empty folder.
  const blocked = join(dir, 'blocked');
  await mkdir(join(blocked, 'inside'), { recursive: true });
  await assert.rejects(writeFileAtomic(blocked, 'x'));
  assert.deepEqual((await readdir(dir)).sort(), ['blocked', 'keystore']);
});

const prlimit = '/usr/bin/prlimit';

test('atomic write: a real write failure (file size limit reached midway) leaves the old file intact', { skip: !existsSync(prlimit) && 'prlimit not installed' }, async (t) => {
  const dir = await tempDir(t, 'ga-atomic-');
  const path = join(dir, 'keystore');
  await writeFile(path, OLD);
  const module = fileURLToPath(new URL('../../../src/fs/atomic-write.js', import.meta.url));
  // RLIMIT_FSIZE: writes past 1 KiB fail with EFBIG (Node ignores SIGXFSZ), like a full disk would.
  const script = `import(${JSON.stringify(module)}).then((m) => m.writeFileAtomic(${JSON.stringify(path)}, ${JSON.stringify(NEW)})).then(() => console.log('written'), (e) => console.log(e.code))`;
  const { stdout } = await promisify(execFile)(prlimit, ['--fsize=1024', process.execPath, '-e', script]);
  assert.equal(stdout.trim(), 'EFBIG');
  assert.equal(await readFile(path, 'utf8'), OLD);
  assert.deepEqual(await readdir(dir), ['keystore']);
});
