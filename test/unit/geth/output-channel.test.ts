import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { openOutputChannel } from '../../../src/geth/output-channel.js';

test('output channel: a child\'s 100 MB reach the reader whole and in order through one fixed buffer (no allocation per read)', { timeout: 30_000 }, async () => {
  let bytes = 0;
  let xs = 0;
  let tail = '';
  const memory = new Set<ArrayBufferLike>();
  const channel = await openOutputChannel((chunk) => {
    memory.add(chunk.buffer);
    bytes += chunk.length;
    for (const b of chunk) if (b === 0x78) xs++;
    tail = (tail + chunk.toString('latin1')).slice(-20);
  });
  const size = 100_000_000;
  const child = execa('sh', ['-c', `head -c ${size} /dev/zero | tr '\\0' x; printf '\\nlast line\\n'`], { stdin: 'ignore', stdout: channel.childEnd, stderr: 'ignore', buffer: false });
  assert.equal(child.stdout, null, 'the child writes to the socket itself, no pipe in between');
  await child;
  channel.close();
  await channel.ended;
  assert.equal(bytes, size + 11);
  assert.equal(xs, size);
  assert.equal(tail.slice(-11), '\nlast line\n');
  // Pipes hand over a new 64 KiB buffer per read, freed only when the GC gets to it (~64 MB later).
  assert.equal(memory.size, 1, `${memory.size} distinct buffers were read into`);
});
