// 5. Use the library in a browser page: bundles app.mjs with the browser-safe core into app.bundle.js, then
//    open examples/05-browser/index.html and pick a survey export.
//    node examples/05-browser/build.mjs
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
await build({
  entryPoints: [here('app.mjs')],
  outfile: here('app.bundle.js'),
  bundle: true,
  // a classic script: browsers refuse ES modules from file:// pages, and this page should open by double-click
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  // the package's own core, as users get it from npm (`import … from 'mahvan'`)
  alias: { mahvan: here('../../dist/index.js') },
  loader: { '.yaml': 'text' },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('wrote examples/05-browser/app.bundle.js; open examples/05-browser/index.html');
