// The committed API report (api/*.api.md) is the built public surface: a change to what mahvan exports, or to
// an exported type, fails here until the report is written again (npm run build && npm run api) and reviewed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

describe('the API report', () => {
  it('is the surface the build exports', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'api-report.mjs'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(check.stderr).not.toContain('is not the built API');
    expect(check.status).toBe(0);
  });
});
