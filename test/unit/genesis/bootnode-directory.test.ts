import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createBootnodeDirectory, restoredEntries, type BootnodeEntry } from '../../../src/genesis/server/bootnodes.js';
import { bootnodeFileWriter, readBootnodeFile } from '../../../src/genesis/server/bootnode-store.js';
import { tempDir } from '../../helpers/tmp.js';

const id = (n: number): string => n.toString(16).padStart(128, '0');
const enode = (n: number, port = 30301, host = '127.0.0.1'): string => `enode://${id(n)}@${host}:0?discport=${port}`;
const logger = pino({ level: 'silent' });
const entry = (n: number, seen: number): BootnodeEntry => ({ id: id(n), enode: enode(n), seen, since: seen, signedAt: seen });

test('boot node directory: a restart starts from the kept entries (still within their TTL), invalid ones dropped', () => {
  let t = 1_000_000;
  const kept: BootnodeEntry[][] = [];
  const first = createBootnodeDirectory({ ttlMs: 60_000, now: () => t, onChange: (entries) => kept.push([...entries]) });
  first.publish({ id: id(1), enode: enode(1), signedAt: t });
  t += 10_000;
  first.publish({ id: id(2), enode: enode(2), signedAt: t });
  const file = kept.at(-1);
  assert.equal(file?.length, 2);

  t += 5_000;
  const restarted = createBootnodeDirectory({ ttlMs: 60_000, now: () => t, restore: [...(file ?? []), { enode: 'enode://zz@x:1', seen: t }, null, { enode: enode(3), seen: 'soon' }] });
  assert.deepEqual(restarted.live(), [enode(1), enode(2)], 'longest-standing first');
  assert.deepEqual(restarted.publish({ id: id(1), enode: enode(1, 1), signedAt: 1_000_000 - 1 }), { status: 'stale', signedAt: 1_000_000 }, 'the signed time survives the restart');
  t += 51_000; // entry 1 was last published 66 s ago: expired; entry 2 56 s ago: listed
  assert.deepEqual(restarted.live(), [enode(2)]);
  assert.deepEqual(restoredEntries({ not: 'a list' }), []);
  // A clock that went back does not keep an entry alive longer than its TTL from now.
  assert.deepEqual(createBootnodeDirectory({ ttlMs: 1_000, now: () => 0, restore: [{ enode: enode(4), seen: 1e15 }] }).live(), [enode(4)]);
  // A file from before signed publications (no since / signedAt) still restores.
  assert.deepEqual(restoredEntries([{ enode: enode(5), seen: 7 }]), [{ id: id(5), enode: enode(5), seen: 7, since: 7, signedAt: 0 }]);
});

test('boot node directory: restored entries pass the current rules; more than the cap keeps the most recently seen', () => {
  const restore = [entry(1, 100), { ...entry(2, 500), enode: enode(2, 1, '169.254.169.254') }, entry(3, 300), entry(4, 400)];
  const directory = createBootnodeDirectory({ ttlMs: 60_000, now: () => 1_000, cap: 2, restore, acceptRestored: (e) => !e.host.startsWith('169.254.') });
  assert.deepEqual(directory.live(), [enode(3), enode(4)]);
  assert.equal(directory.size(), 2);
  assert.equal(directory.publish({ id: id(5), enode: enode(5), signedAt: 1_000 }).status, 'full');
  assert.equal(directory.publish({ id: id(3), enode: enode(3, 9), signedAt: 1_000 }).status, 'moved');
  assert.deepEqual(directory.live(), [enode(3, 9), enode(4)], 'a moved entry keeps its place');
});

test('boot node directory file: written atomically, latest entries win, read back; junk reads as a fresh start', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'bootnodes.json');
  assert.equal(await readBootnodeFile(path, logger), undefined);
  const writer = bootnodeFileWriter(path, logger);
  writer.write([entry(1, 1)]);
  writer.write([entry(1, 1), entry(2, 2)]);
  await writer.flush();
  assert.deepEqual(restoredEntries(await readBootnodeFile(path, logger)), [entry(1, 1), entry(2, 2)]);
  await import('node:fs/promises').then((fs) => fs.writeFile(path, '{not json'));
  assert.equal(await readBootnodeFile(path, logger), undefined);
  assert.ok((await readFile(path, 'utf8')).startsWith('{not'), 'a bad file is left as it is (never deleted)');
});
