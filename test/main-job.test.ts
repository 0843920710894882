import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { ROOT, readRepoFile } from './helpers/fixtures.js';

/** The CLI steps of `npm start` (the README's first command), as argument lists. */
function startSteps(): string[][] {
  const start: string = JSON.parse(readRepoFile('package.json')).scripts.start;
  return start
    .split('&&')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('node dist/bin/mahvan.js '))
    .map((s) => s.slice('node dist/bin/mahvan.js '.length).split(/\s+/));
}

describe('the main job on the bundled example (npm start)', () => {
  it('validates the shipped rubrics and scores the bundled export, accounting for every row', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mahvan-main-'));
    let stderr = '';
    for (const argv of startSteps()) {
      const expanded = argv.map((a) => a.replace(/^out\//, `${out}/`));
      const status = await main(expanded, { stdout: () => {}, stderr: (t) => (stderr += t), cwd: ROOT });
      expect(status, stderr).toBe(0);
    }
    expect(stderr).toContain('examples/data/survey-export-2026.csv: 1248 rows: 1248 scored, 0 rejected, 0 skipped (utf-8)');
    const profiles = JSON.parse(readFileSync(join(out, 'profiles.json'), 'utf8'));
    expect(profiles).toHaveLength(255);
    expect(profiles[0].subject).toMatchObject({ id: 'LA-001', attributes: { type: 'city' } });
    const recommendations = JSON.parse(readFileSync(join(out, 'recommendations.json'), 'utf8'));
    expect(recommendations.map((r: { subject: { id: string } }) => r.subject.id)).toEqual(
      profiles.map((p: { subject: { id: string } }) => p.subject.id),
    );
    for (const f of ['index.html', 'summary.md', 'profiles.csv', 'profiles.xlsx', 'subjects/LA-001.html'])
      expect(existsSync(join(out, 'report', f)), f).toBe(true);
    const cohort = JSON.parse(readFileSync(join(out, 'cohort.json'), 'utf8'));
    expect(cohort.subjects).toBe(255);
    expect(cohort.tracks.counts.reduce((s: number, c: { n: number }) => s + c.n, 0)).toBe(255);
    expect(stderr).toMatch(/^255 recommendations \(T0 \d+, T1 \d+, T2 \d+, T3 \d+, T4 \d+\) written to /m);
  });
});

describe('the bundled survey exports', () => {
  it.each([
    ['2026', []],
    ['2027', ['--wave', '2027', '--seed', '2027', '--improve', '0.3']],
  ])('%s is what the seeded generator writes (npm run examples:data)', (wave, args) => {
    const out = join(mkdtempSync(join(tmpdir(), 'mahvan-gen-')), `${wave}.csv`);
    execFileSync(process.execPath, ['examples/generate-export.mjs', ...args, '--out', out], { cwd: ROOT });
    expect(readFileSync(out)).toEqual(readFileSync(join(ROOT, 'examples', 'data', `survey-export-${wave}.csv`)));
  });
});
