import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLineSplitter } from '../../../src/geth/line-splitter.js';

function split(chunks: ReadonlyArray<string | Uint8Array>, maxBytes: number): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  const splitter = createLineSplitter(maxBytes, (line, cut) => out.push([line, cut]));
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.end();
  return out;
}

test('line splitter: lines across chunks, empty lines, a last line without newline; \\r is left to the parser', () => {
  assert.deepEqual(split(['INFO a', 'b\nWARN c\n\nlast'], 100), [['INFO ab', false], ['WARN c', false], ['', false], ['last', false]]);
  assert.deepEqual(split(['x\r\ny\r', '\n'], 100), [['x\r', false], ['y\r', false]]);
  // A character split between two chunks is decoded whole.
  const e = Buffer.from('é');
  assert.deepEqual(split([Buffer.concat([Buffer.from('caf'), e.subarray(0, 1)]), Buffer.concat([e.subarray(1), Buffer.from('\n')])], 100), [['café', false]]);
});

test('line splitter: a long line is handed over cut as soon as it reaches the limit, the rest dropped up to its newline', () => {
  const seen: Array<[string, boolean]> = [];
  const splitter = createLineSplitter(8, (line, cut) => seen.push([line, cut]));
  splitter.push(Buffer.from('0123'));
  splitter.push(Buffer.from('4567'));
  assert.deepEqual(seen, [], 'exactly the limit is not cut yet');
  splitter.push(Buffer.from('89'));
  assert.deepEqual(seen, [['01234567', true]], 'handed over before any newline arrived');
  for (let i = 0; i < 1000; i++) splitter.push(Buffer.alloc(65536, 0x78));
  splitter.push(Buffer.from('tail\nnext line\n'));
  assert.deepEqual(seen, [['01234567', true], ['next lin', true]]);
  assert.deepEqual(split(['12345678\n'], 8), [['12345678', false]], 'a line of exactly the limit is whole');
});

test('line splitter: any chunking of any output gives the lines a reference split gives, each cut to the limit (property)', () => {
  const text = fc.array(fc.oneof(fc.constantFrom('\n', '\r\n', 'é', '日本', 'x'.repeat(50)), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((parts) => parts.join(''));
  let cutSeen = 0;
  fc.assert(
    fc.property(text, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 64 }), (output, sizes, maxBytes) => {
      const bytes = Buffer.from(output);
      const chunks: Buffer[] = [];
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length] as number;
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const lines = output.split('\n');
      if (lines.at(-1) === '') lines.pop();
      const expected = lines.map((line): [string, boolean] => {
        const raw = Buffer.from(line);
        return raw.length > maxBytes ? [raw.subarray(0, maxBytes).toString('utf8'), true] : [line, false];
      });
      const got = split(chunks, maxBytes);
      assert.deepEqual(got, expected);
      cutSeen += got.filter(([, cut]) => cut).length;
    }),
    { numRuns: 500, examples: [['a'.repeat(100) + '\nb', [7], 10], ['\n\n', [1], 1]] },
  );
  assert.ok(cutSeen > 0, 'the sweep reached lines over the limit');
});
