import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abortWhenAny } from '../../src/signals.js';

test('abortWhenAny: the first source to abort aborts the controller with its reason', () => {
  const a = new AbortController();
  const b = new AbortController();
  const linked = new AbortController();
  abortWhenAny(linked, [a.signal, undefined, b.signal]);
  assert.equal(linked.signal.aborted, false);
  b.abort(new Error('b stopped'));
  assert.equal(linked.signal.aborted, true);
  assert.equal((linked.signal.reason as Error).message, 'b stopped');
  a.abort(new Error('a stopped'));
  assert.equal((linked.signal.reason as Error).message, 'b stopped');
});

test('abortWhenAny: an already aborted source aborts at once', () => {
  const linked = new AbortController();
  abortWhenAny(linked, [new AbortController().signal, AbortSignal.abort('gone')]);
  assert.equal(linked.signal.aborted, true);
  assert.equal(linked.signal.reason, 'gone');
});

test('abortWhenAny: detach removes the listeners (a short-lived controller on a long-lived signal)', () => {
  const source = new AbortController();
  const linked = new AbortController();
  const detach = abortWhenAny(linked, [source.signal]);
  detach();
  source.abort();
  assert.equal(linked.signal.aborted, false);
});

test('abortWhenAny: a timeout source aborts the controller (the per-request timeout of signer registration)', async () => {
  const linked = new AbortController();
  abortWhenAny(linked, [undefined, AbortSignal.timeout(10)]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(linked.signal.aborted, true);
});
