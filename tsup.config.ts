import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  target: 'es2022',
  platform: 'node',
  sourcemap: false,
  splitting: true,
  treeshake: true,
  shims: false,
  // keep `node:` specifiers so the browser-safety test sees real built-in imports
  removeNodeProtocol: false,
};

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts', // browser-safe core
      engine: 'src/engine.ts', // the engine's building blocks, browser-safe
      node: 'src/node/index.ts', // file helpers
    },
    format: ['esm', 'cjs'],
    // tsup 8.5 injects `baseUrl` into the d.ts build, which TypeScript 6 rejects unless deprecations are silenced
    dts: {
      entry: { index: 'src/index.ts', engine: 'src/engine.ts', node: 'src/node/index.ts' },
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
  },
  {
    ...shared,
    // The mahvan command, with its dependencies bundled in: resolving and loading some 300 module files of
    // yaml, zod and commander was a third of `mahvan validate`'s time. Each command's code is a chunk loaded
    // when the command runs; exceljs (large, needed only for .xlsx) stays a dependency loaded on demand.
    entry: { mahvan: 'src/cli/bin.ts' },
    format: ['esm'],
    outDir: 'dist/bin',
    noExternal: [/^(?!exceljs$)/],
    // bundled CommonJS modules (commander, papaparse) call require() for Node's built-ins
    banner: {
      js: "import { createRequire as __mahvanRequire } from 'node:module'; const require = __mahvanRequire(import.meta.url);",
    },
  },
]);
