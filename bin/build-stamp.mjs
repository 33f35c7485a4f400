// The build stamp ties dist/bundle to the dist/src it was bundled from: a sha256 over the path
// and bytes of every compiled .js file under dist/src. scripts/bundle.mjs writes it into
// dist/bundle/build-stamp.json; bin/geth-agent recomputes it only when dist/src/cli.js looks newer
// than the bundle (mtimes alone misjudge a copied tree: `cp -r` gives later files later mtimes).
// Kept free of dependencies and shipped with the launcher (bin/), which imports it lazily.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The hex sha256 of dist/src's compiled JavaScript (paths sorted, each path and its bytes). */
export function sourcesDigest(srcDir) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(srcDir);
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(srcDir, f)).sort()) hash.update(`${file}\0`).update(readFileSync(join(srcDir, file))).update('\0');
  return hash.digest('hex');
}

/**
 * Why the bundle in `distUrl`/bundle does not match `distUrl`/src, or undefined when it does (or
 * The stamp is missing only after an interrupted build: that is refused too).
 */
export function staleBundle(distUrl) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('bundle/build-stamp.json', distUrl), 'utf8'));
  } catch {
    return 'dist/bundle has no build stamp (an interrupted build?)';
  }
  if (typeof stamp?.sources !== 'string') return 'dist/bundle/build-stamp.json is unreadable';
  return sourcesDigest(new URL('src/', distUrl).pathname) === stamp.sources ? undefined : 'dist/bundle is older than dist/src (compiled after the last bundle)';
}
