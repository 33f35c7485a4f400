import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createBootnodeDirectory, restoredEntries, type BootnodeEntry } from '../../../src/genesis/server/bootnodes.js';
import { bootnodeFileWriter, readBootnodeFile } from '../../../src/genesis/server/bootnode-store.js';
import { tempDir } from '../../helpers/tmp.js';

const id = (n: number): string => n.toString(16).padStart(128, '0');
const enode = (n: number, port = 30301): string => `enode://${id(n)}@127.0.0.1:0?discport=${port}`;
const logger = pino({ level: 'silent' });

test('boot node directory: a restart starts from the kept entries (still within their TTL), invalid ones dropped', () => {
  let t = 1_000_000;
  const kept: BootnodeEntry[][] = [];
  const first = createBootnodeDirectory({ ttlMs: 60_000, now: () => t, onChange: (entries) => kept.push([...entries]) });
  first.publish({ id: id(1), enode: enode(1) });
  t += 10_000;
  first.publish({ id: id(2), enode: enode(2) });
  const file = kept.at(-1);
  assert.equal(file?.length, 2);

  t += 5_000;
  const restarted = createBootnodeDirectory({ ttlMs: 60_000, now: () => t, restore: [...(file ?? []), { enode: 'enode://zz@x:1', seen: t }, null, { enode: enode(3), seen: 'soon' }] });
  assert.deepEqual(restarted.live(), [enode(2), enode(1)]);
  t += 51_000; // entry 1 was last published 66 s ago: expired; entry 2 56 s ago: listed
  assert.deepEqual(restarted.live(), [enode(2)]);
  assert.deepEqual(restoredEntries({ not: 'a list' }), []);
  // A clock that went back does not keep an entry alive longer than its TTL from now.
  assert.deepEqual(createBootnodeDirectory({ ttlMs: 1_000, now: () => 0, restore: [{ enode: enode(4), seen: 1e15 }] }).live(), [enode(4)]);
});

test('boot node directory file: written atomically, latest entries win, read back; junk reads as a fresh start', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'bootnodes.json');
  assert.equal(await readBootnodeFile(path, logger), undefined);
  const writer = bootnodeFileWriter(path, logger);
  writer.write([{ id: id(1), enode: enode(1), seen: 1 }]);
  writer.write([{ id: id(1), enode: enode(1), seen: 1 }, { id: id(2), enode: enode(2), seen: 2 }]);
  await writer.flush();
  assert.deepEqual(restoredEntries(await readBootnodeFile(path, logger)).map((e) => e.enode), [enode(1), enode(2)]);
  await import('node:fs/promises').then((fs) => fs.writeFile(path, '{not json'));
  assert.equal(await readBootnodeFile(path, logger), undefined);
  assert.ok((await readFile(path, 'utf8')).startsWith('{not'), 'a bad file is left as it is (never deleted)');
});
