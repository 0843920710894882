// The API report: every name each public entry (mahvan, mahvan/engine, mahvan/node) exports, with its type, as
// api-extractor reads the built declarations. `npm run api` writes api/*.api.md; `npm run api:check` (and the
// test suite) fails when the built surface differs from the committed report, so each change to the public API
// shows in review. Run after `npm run build`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = [
  ['index', 'mahvan'],
  ['engine', 'mahvan-engine'],
  ['node', 'mahvan-node'],
];
const check = process.argv.includes('--check');

let failed = false;
for (const [entry, name] of ENTRIES) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: `<projectFolder>/dist/${entry}.d.ts`,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'es2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            lib: ['es2023', 'dom'],
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: name,
        reportFolder: '<projectFolder>/api/',
        reportTempFolder: '<projectFolder>/out/api/',
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        // a name reached from the surface but not exported is written into the report, where review sees it
        extractorMessageReporting: {
          default: { logLevel: 'none', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          // undocumented members are many, and listed by the built chunk's hashed name, which moves on every build
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(ROOT, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false, messageCallback: quiet });
  if (check && result.apiReportChanged) {
    console.error(`api/${name}.api.md is not the built API: run npm run build && npm run api, and review the change`);
    failed = true;
  } else if (!result.succeeded && !result.apiReportChanged) failed = true;
}
if (failed) process.exitCode = 1;

/** api-extractor's progress lines are dropped; its warnings and errors are kept. */
function quiet(message) {
  if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true;
}
