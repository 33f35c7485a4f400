// Bundles the compiled CLI (dist/src/cli.js, from `tsc`) into dist/bundle/: one module graph
// instead of ~300 small files, which the ESM loader would read one by one at every start (about
// 250 ms of geth-agent's start-up on a 2-core machine). Modules loaded with import() stay separate
// chunks, loaded only when a role needs them. bin/geth-agent runs dist/bundle/cli.mjs.
// dist/bundle sits at the same depth as dist/src: paths built from import.meta.url stay right.
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { sourcesDigest } from '../bin/build-stamp.mjs';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
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
});
// Written last: a bundle with a stamp is complete. bin/geth-agent refuses a bundle whose stamp
// does not match the dist/src beside it (tsc run again after a source change, without bundling).
writeFileSync(`${outdir}build-stamp.json`, `${JSON.stringify({ sources: sourcesDigest(new URL('../dist/src/', import.meta.url).pathname) })}\n`);
