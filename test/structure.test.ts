// The structure of src/: its folders import one another without a cycle, so each can be read, tested and moved
// on its own (a cycle ties them into one). The import graph is the one esbuild resolves when it bundles every
// entry, dynamic imports included.
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const ENTRIES = ['src/index.ts', 'src/engine.ts', 'src/node/index.ts', 'src/cli/bin.ts'];

/** Every import between files of src/, as esbuild resolves them. */
async function importGraph(entries: readonly string[]): Promise<[string, string][]> {
  const result = await build({
    entryPoints: entries.map((e) => join(ROOT, e)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    splitting: true,
    outdir: join(ROOT, '.structure-test'),
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  return Object.entries(inputs).flatMap(([from, input]) =>
    input.imports.filter((i) => i.path.startsWith('src/')).map((i) => [from, i.path] as [string, string]),
  );
}

/** The folder of src/ a file belongs to (a file directly in src/ is its own). */
const folderOf = (file: string) => {
  const parts = file.split('/');
  return parts.length > 2 ? `src/${parts[1]}/` : file;
};

/** A cycle among the folders, as the file imports that make it, or undefined. */
function folderCycle(edges: readonly [string, string][]): string[] | undefined {
  const between = new Map<string, Map<string, string>>();
  for (const [from, to] of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    if (!between.has(a)) between.set(a, new Map());
    (between.get(a) as Map<string, string>).set(b, `${from} → ${to}`);
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (folder: string): string[] | undefined => {
    state.set(folder, 'open');
    path.push(folder);
    for (const [next] of between.get(folder) ?? []) {
      if (state.get(next) === 'open') {
        const loop = [...path.slice(path.indexOf(next)), next];
        return loop.slice(1).map((to, i) => between.get(loop[i] as string)?.get(to) as string);
      }
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(folder, 'done');
    return undefined;
  };
  for (const folder of [...between.keys()].sort()) {
    const found = state.has(folder) ? undefined : visit(folder);
    if (found) return found;
  }
  return undefined;
}

describe('the folders of src/', () => {
  it('import one another without a cycle', async () => {
    const edges = await importGraph(ENTRIES);
    expect(edges.length).toBeGreaterThan(100);
    expect(folderCycle(edges)).toBeUndefined();
  });

  it('the check finds a cycle when there is one (it cannot be fooled into passing)', () => {
    const edges: [string, string][] = [
      ['src/score/a.ts', 'src/exports/b.ts'],
      ['src/exports/b.ts', 'src/report/c.ts'],
      ['src/report/c.ts', 'src/score/d.ts'],
    ];
    expect(folderCycle(edges)?.sort()).toEqual(edges.map(([a, b]) => `${a} → ${b}`).sort());
    expect(folderCycle(edges.slice(0, 2))).toBeUndefined();
  });
});
