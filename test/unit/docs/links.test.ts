import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { anchors, docFiles, links, readDoc } from '../../helpers/markdown.js';
import { repoPath } from '../../helpers/deploy-files.js';

test('anchors follow GitHub: punctuation dropped, spaces to dashes, repeats numbered', () => {
  assert.deepEqual([...anchors('# geth 1.13.15 and security\n## `GET /health`\n## Limits\n## Limits\n```\n# not a heading\n```\n')], ['geth-11315-and-security', 'get-health', 'limits', 'limits-1']);
});

test('every relative link of the README and docs/ resolves: the file exists, and so does the #anchor', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const file of docFiles()) {
    for (const link of links(readDoc(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue; // https:, mailto:
      checked += 1;
      const [path = '', anchor] = link.target.split('#');
      const target = path === '' ? file : normalize(join(dirname(file), decodeURI(path)));
      if (target.startsWith('..') || !existsSync(repoPath(target))) {
        problems.push(`${file}:${link.line}: ${link.target}: no such file`);
        continue;
      }
      if (anchor !== undefined && anchor !== '' && target.endsWith('.md') && !anchors(readDoc(target)).has(anchor)) {
        problems.push(`${file}:${link.line}: ${link.target}: no heading with that anchor in ${target}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 20, `only ${checked} relative links found`);
});
