import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { packageRoot } from '../../../src/version.js';

/**
 * The import graph of src/, type-only imports included (a type circle is still a circle: the two
 * modules cannot be understood, moved or tested apart), read from the TypeScript sources.
 */
async function sourceGraph(): Promise<Map<string, Set<string>>> {
  const cwd = process.cwd();
  process.chdir(packageRoot());
  let result;
  try {
    result = await cruise(['src'], { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, tsConfig: { fileName: 'tsconfig.json' } }, { extensions: ['.ts', '.js'] });
  } finally {
    process.chdir(cwd);
  }
  const graph = new Map<string, Set<string>>();
  for (const module of (result.output as ICruiseResult).modules) {
    if (!module.source.startsWith('src/')) continue;
    const edges = graph.get(module.source) ?? new Set<string>();
    for (const dependency of module.dependencies) if (dependency.resolved.startsWith('src/')) edges.add(dependency.resolved);
    graph.set(module.source, edges);
  }
  return graph;
}

/** The strongly connected components of more than one node (Tarjan): each one is a circle. */
function circles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node) === true) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/**
 * The graph between src's concerns: a top-level folder with what is under it (`src/config/vars/x.ts`
 * is `config`), and a file at the root with its namesake folder (`src/metrics.ts` is `metrics`).
 */
function folderGraph(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const folder = (path: string): string => /^src\/([^/]+)\//.exec(path)?.[1] ?? /^src\/([^/]+)\.ts$/.exec(path)?.[1] ?? path;
  const folders = new Map<string, Set<string>>();
  for (const [from, edges] of graph) {
    const edgesOut = folders.get(folder(from)) ?? new Set<string>();
    for (const to of edges) if (folder(to) !== folder(from)) edgesOut.add(folder(to));
    folders.set(folder(from), edgesOut);
  }
  return folders;
}

test('no import circle between modules of src/ (type-only imports count)', { timeout: 60_000 }, async () => {
  const graph = await sourceGraph();
  assert.ok(graph.size > 150, `the graph was read (${graph.size} modules)`);
  assert.ok((graph.get('src/roles/node.ts')?.size ?? 0) > 0, 'imports were resolved');
  assert.deepEqual(circles(graph), []);
});

test('no import circle between the concern folders of src/', { timeout: 60_000 }, async () => {
  const folders = folderGraph(await sourceGraph());
  assert.ok(folders.has('config') && folders.has('ethstats'));
  assert.deepEqual(circles(folders), []);
});

test('the circle finder finds a two-module circle, a longer one and a self-import', () => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['a', 'c'])],
    ['c', new Set(['d'])],
    ['d', new Set(['e'])],
    ['e', new Set(['c'])],
    ['f', new Set(['f'])],
    ['g', new Set(['a'])],
  ]);
  assert.deepEqual(circles(graph), [['a', 'b'], ['c', 'd', 'e'], ['f']]);
});
