import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Bundles an entry for the browser; esbuild refuses Node built-ins on that platform. */
async function bundleForBrowser(entry: string) {
  return build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('the core entries are browser-safe', () => {
  it.each([
    'src/index.ts',
    'src/engine.ts',
  ])('%s bundles for the browser with no Node built-in anywhere in its import graph', async (entry) => {
    const result = await bundleForBrowser(entry);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((p) => builtins.has(p))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).some((p) => p.startsWith('src/node/') || p.startsWith('src/cli/'))).toBe(false);
  });

  it('the same check fails for the Node entry (it cannot be fooled into passing)', async () => {
    await expect(bundleForBrowser('src/node/index.ts')).rejects.toThrow(/node:fs|fs\/promises/);
  });
});
