import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { nastyJson } from './fuzz.js';

/**
 * Arbitrary HTTP requests for `app.inject()` (no sockets): methods, paths with odd query strings,
 * content types, content-length mismatches, odd headers and bodies (nasty JSON, near-valid bodies
 * given by the caller, garbage). For the bad-input sweep of every HTTP surface.
 */
export function requests(paths: readonly string[], bodies: fc.Arbitrary<string> = nastyJson, extraHeaders: fc.Arbitrary<Record<string, string>> = fc.constant({})): fc.Arbitrary<InjectOptions> {
  const query = fc.oneof(
    fc.constant(''),
    fc.constantFrom('?', '?a', '?a=1&a=2', '?__proto__=1', '?constructor[prototype][x]=1', '?x=%zz', '?%', '?a[]=1', `?${'a=1&'.repeat(2000)}`, '#frag'),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }).map((q) => `?${new URLSearchParams(q).toString()}`),
  );
  const path = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...paths) }, fc.constantFrom('/', '//', '/%', '/..', `/${'a'.repeat(5000)}`), fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)));
  const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '', ';', 'application/json;;;', 'APPLICATION/JSON');
  const body = fc.oneof(fc.constant(undefined), bodies, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')));
  const lengthLie = fc.constantFrom(undefined, '0', '1', '-1', 'abc', '99999999999', '1e3');
  return fc
    .record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      url: fc.tuple(path, query).map(([p, q]) => p + q),
      contentType,
      body,
      lengthLie,
      extra: extraHeaders,
      accept: fc.constantFrom(undefined, 'text/html', '*/*', 'application/json', ',;q=x'),
    })
    .map(({ method, url, contentType: type, body: payload, lengthLie: length, extra, accept }) => {
      const headers: Record<string, string> = { ...extra };
      if (type !== undefined) headers['content-type'] = type;
      if (length !== undefined) headers['content-length'] = length;
      if (accept !== undefined) headers.accept = accept;
      return { method, url, headers, ...(payload === undefined ? {} : { payload }) } as InjectOptions;
    });
}

/** Every answer: a status below 500 (or 503), a JSON `{error}` for every error, no secret anywhere. */
export async function assertAnswered(app: FastifyInstance, request: InjectOptions, secrets: readonly string[]): Promise<number> {
  const res = await app.inject(request);
  const what = `${request.method} ${request.url} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
  assert.ok(res.statusCode < 500 || res.statusCode === 503, what);
  if (res.statusCode >= 400 && request.method !== 'HEAD') {
    assert.match(String(res.headers['content-type']), /^application\/json/, what);
    assert.equal(typeof res.json<{ error?: unknown }>().error === 'string' || typeof res.json<{ status?: unknown }>().status === 'string', true, what);
  }
  for (const secret of secrets) assert.ok(!res.body.includes(secret) && !JSON.stringify(res.headers).includes(secret), `secret in ${what}`);
  return res.statusCode;
}
