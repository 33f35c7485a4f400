import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ethstatsDialUrls, formatEthstats, maskEthstats, parseEthstatsUrl, splitEthstatsUrl } from '../../../src/config/ethstats-url.js';

/** geth 1.13.15 ethstats/ethstats_test.go TestParseEthstatsURL, case for case. */
const gethCases = [
  { url: '"debug meowsbits":mypass@ws://mordor.dash.fault.dev:3000', node: 'debug meowsbits', pass: 'mypass', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: '"debug @meowsbits":mypass@ws://mordor.dash.fault.dev:3000', node: 'debug @meowsbits', pass: 'mypass', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: '"debug: @meowsbits":mypass@ws://mordor.dash.fault.dev:3000', node: 'debug: @meowsbits', pass: 'mypass', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: 'name:@ws://mordor.dash.fault.dev:3000', node: 'name', pass: '', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: 'name@ws://mordor.dash.fault.dev:3000', node: 'name', pass: '', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: ':mypass@ws://mordor.dash.fault.dev:3000', node: '', pass: 'mypass', host: 'ws://mordor.dash.fault.dev:3000' },
  { url: ':@ws://mordor.dash.fault.dev:3000', node: '', pass: '', host: 'ws://mordor.dash.fault.dev:3000' },
];

/** geth's test unquotes the node (strconv.Unquote, ignoring failures): so does this port. */
const unquote = (node: string): string => {
  try {
    const value: unknown = JSON.parse(node);
    return typeof value === 'string' ? value : node;
  } catch {
    return node;
  }
};

test("splitEthstatsUrl: geth's TestParseEthstatsURL table", () => {
  for (const [i, c] of gethCases.entries()) {
    const parts = splitEthstatsUrl(c.url);
    assert.ok(parts !== undefined, `case=${i} refused`);
    assert.deepEqual({ node: unquote(parts.name), pass: parts.secret, host: parts.host }, { node: c.node, pass: c.pass, host: c.host }, `case=${i}`);
  }
});

test("splitEthstatsUrl: geth's error cases and LastIndex rules", () => {
  for (const url of ['', 'name', 'name:pass', 'name:pass@', '@', 'a@b@']) assert.equal(splitEthstatsUrl(url), undefined, url);
  // The host follows the LAST '@'; the secret the last ':' before it: it may hold '@', not ':'.
  assert.deepEqual(splitEthstatsUrl('a:b@c:top@secret@stats:3000'), { name: 'a:b@c', secret: 'top@secret', host: 'stats:3000' });
  assert.deepEqual(splitEthstatsUrl('n:p:q@h'), { name: 'n:p', secret: 'q', host: 'h' });
  assert.deepEqual(splitEthstatsUrl('@h'), { name: '', secret: '', host: 'h' });
  assert.deepEqual(splitEthstatsUrl('n@a@h'), { name: 'n@a', secret: '', host: 'h' });
});

test('parseEthstatsUrl: accepts what geth accepts, except the two documented deviations', () => {
  for (const c of gethCases.filter((x) => x.node !== '')) {
    const parsed = parseEthstatsUrl(c.url);
    assert.ok(parsed.ok, c.url);
    assert.deepEqual(parsed.value, splitEthstatsUrl(c.url));
  }
  // Deviation 1: an empty name (geth logs in with id ""): refused with its own message.
  for (const url of [':mypass@ws://h:3000', ':@ws://h:3000', '@h:3000']) {
    const parsed = parseEthstatsUrl(url);
    assert.ok(!parsed.ok && /with a node name/.test(parsed.expected), url);
  }
  // Deviation 2: a host that forms no ws:// URL (geth would retry the dial forever).
  for (const url of ['n:s@:', 'n:s@?', 'n:s@a b:3000', 'n:s@ws://a b']) {
    const parsed = parseEthstatsUrl(url);
    assert.ok(!parsed.ok && /forms a ws:\/\/ URL/.test(parsed.expected), url);
  }
  const refused = parseEthstatsUrl('name-without-host');
  assert.ok(!refused.ok && refused.expected === 'nodename:secret@host:port');
});

test('dial URLs follow geth: <host>/api, wss then ws unless the host holds "://"', () => {
  assert.deepEqual(ethstatsDialUrls({ name: 'n', secret: '', host: 'stats:3000' }), ['wss://stats:3000/api', 'ws://stats:3000/api']);
  assert.deepEqual(ethstatsDialUrls({ name: 'n', secret: '', host: 'ws://stats:3000' }), ['ws://stats:3000/api']);
  assert.deepEqual(ethstatsDialUrls({ name: 'n', secret: '', host: 'wss://stats/' }), ['wss://stats/api']);
  assert.deepEqual(ethstatsDialUrls({ name: 'n', secret: '', host: 'WSS://stats:443' }), ['WSS://stats:443/api']);
});

test('a scheme with nothing after it is refused, never taken for a scheme-less host (which would fall back to ws://)', () => {
  for (const raw of ['n:s@wss://', 'n:s@wss:///', 'n:s@ws:////']) {
    const parsed = parseEthstatsUrl(raw);
    assert.equal(parsed.ok, false, raw);
  }
});

test('an explicit wss:// target dials wss:// only, whatever else the host holds (property)', () => {
  // No '@': the host is what follows the last one, so an '@' after the scheme would move it.
  const rest = fc.stringMatching(/^[a-z0-9.:/-]{1,20}$/);
  fc.assert(
    fc.property(fc.constantFrom('wss://', 'WSS://', 'Wss://'), rest, (scheme, host) => {
      const parsed = parseEthstatsUrl(`n:s@${scheme}${host}`);
      if (!parsed.ok) return;
      const urls = ethstatsDialUrls(parsed.value);
      assert.equal(urls.length, 1);
      assert.equal(new URL(urls[0] as string).protocol, 'wss:');
    }),
    { numRuns: 300, examples: [['wss://', 'stats:3000'], ['WSS://', 'stats:443/x']] },
  );
});

test('the mask is built from the parsed parts: names with ":" and "@" never shift it onto the secret', () => {
  for (const [raw, shown] of [
    ['a:b@c:topsecret@stats:3000', 'a:b@c:********@stats:3000'],
    ['a:b@c:top@secret@stats:3000', 'a:b@c:********@stats:3000'],
    ['node@x:topsecret@ws://stats:3000', 'node@x:********@ws://stats:3000'],
  ] as const) {
    const parsed = parseEthstatsUrl(raw);
    assert.ok(parsed.ok, raw);
    assert.equal(maskEthstats(parsed.value), shown);
    assert.ok(!maskEthstats(parsed.value).includes('secret'));
    assert.deepEqual(splitEthstatsUrl(formatEthstats(parsed.value)), parsed.value, 'formatEthstats re-parses to the same target');
  }
});
