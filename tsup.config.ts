import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts', // browser-safe core
    node: 'src/node/index.ts', // file helpers
    cli: 'src/cli/bin.ts', // the mahvan command
  },
  format: ['esm', 'cjs'],
  // tsup 8.5 injects `baseUrl` into the d.ts build, which TypeScript 6 rejects unless deprecations are silenced
  dts: { entry: { index: 'src/index.ts', node: 'src/node/index.ts' }, compilerOptions: { ignoreDeprecations: '6.0' } },
  target: 'es2022',
  platform: 'node',
  sourcemap: false,
  clean: true,
  splitting: true,
  treeshake: true,
  shims: false,
  // keep `node:` specifiers so the browser-safety test sees real built-in imports
  removeNodeProtocol: false,
});
