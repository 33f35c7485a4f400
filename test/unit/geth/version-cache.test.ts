import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveGethCached } from '../../../src/geth/version-cache.js';
import { tempDir } from '../../helpers/tmp.js';

test('version cache: geth version runs once per binary; a changed binary is checked again', { timeout: 10_000 }, async (t) => {
  const dir = await tempDir(t);
  const bin = join(dir, 'geth');
  const counter = join(dir, 'count');
  await writeFile(bin, `#!/bin/sh\necho x >> ${counter}\necho "Version: 1.13.15-stable"\n`);
  await chmod(bin, 0o755);
  const cacheFile = join(dir, 'agent', 'geth-version.json');
  assert.equal((await resolveGethCached({ configured: bin, cacheFile })).version.version, '1.13.15-stable');
  await resolveGethCached({ configured: bin, cacheFile });
  assert.equal((await readFile(counter, 'utf8')).split('\n').filter(Boolean).length, 1);
  await utimes(bin, new Date(), new Date(Date.now() + 5000));
  await resolveGethCached({ configured: bin, cacheFile });
  assert.equal((await readFile(counter, 'utf8')).split('\n').filter(Boolean).length, 2);
  await writeFile(bin, '#!/bin/sh\necho "Version: 1.14.0-stable"\n');
  await assert.rejects(resolveGethCached({ configured: bin, cacheFile }), /1\.14\.0/);
});
