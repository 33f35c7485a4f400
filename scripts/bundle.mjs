// Bundles the compiled CLI (dist/src/cli.js, from `tsc`) into dist/bundle/: one module graph
// instead of ~300 small files, which the ESM loader would read one by one at every start (about
// 250 ms of geth-agent's start-up on a 2-core machine). Modules loaded with import() stay separate
// chunks, loaded only when a role needs them. bin/geth-agent runs dist/bundle/cli.mjs.
// dist/bundle sits at the same depth as dist/src: paths built from import.meta.url stay right.
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { sourcesDigest } from '../bin/build-stamp.mjs';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;

/**
 * Node built-ins as the bundle loads them, for a small long-running process:
 * - `import ... from 'node:http'` builds the module's namespace, which reads every export, getters
 *   included: http's WebSocket/CloseEvent/MessageEvent getters load undici (fetch's
 *   implementation, ~10 MB resident). Bundled, the import is a require() (no namespace).
 * - https, http2 and tls load on first use: fastify requires http2 and https, ws requires tls, and
 *   node-fetch imports https, each at load, for what only an HTTPS/HTTP2 server or a wss:// or
 *   https:// URL uses (~12 MB resident together on Node 24).
 */
const lazyBuiltins = ['https', 'http2', 'tls'];
const builtinsAsRequired = {
  name: 'builtins-as-required',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(http|https|http2|tls)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (name === 'http' && args.kind !== 'import-statement') return undefined;
      return { path: name, namespace: 'builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      loader: 'js',
      contents: lazyBuiltins.includes(args.path)
        ? `let real; const load = () => (real ??= require('node:${args.path}'));\nmodule.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });\n`
        : `module.exports = require('node:${args.path}');\n`,
    }));
  },
};
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: new URL('../dist/src/cli.js', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The floor `engines` promises (the image runs Node 24): syntax Node 22 parses is left as written.
  target: 'node22',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  // ws loads these native helpers only when installed.
  external: ['bufferutil', 'utf-8-validate'],
  // Bundled CommonJS dependencies (pino, fastify, prom-client) call require() for Node built-ins.
  banner: { js: "import { createRequire as __gethAgentRequire } from 'node:module'; const require = __gethAgentRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [builtinsAsRequired],
});
// Written last: a bundle with a stamp is complete. bin/geth-agent refuses a bundle whose stamp
// does not match the dist/src beside it (tsc run again after a source change, without bundling).
writeFileSync(`${outdir}build-stamp.json`, `${JSON.stringify({ sources: sourcesDigest(new URL('../dist/src/', import.meta.url).pathname) })}\n`);
