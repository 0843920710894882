// The README's first command, end to end on the bundled example, run once and checked from several sides. No
// timeout: vitest.config.ts sets none, since how long this takes says how busy the machine is, not whether the
// job works.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
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

const WAVES = ['2026', '2027'] as const;
const GENERATOR_ARGS = { '2026': [], '2027': ['--wave', '2027', '--seed', '2027'] };
const generated = new Map<string, Promise<string>>();

// the generator runs in processes of its own: started first, they work while the main job runs in this one
beforeAll(() => {
  for (const wave of WAVES) {
    const out = join(mkdtempSync(join(tmpdir(), 'mahvan-gen-')), `${wave}.csv`);
    const argv = ['examples/generate-export.mjs', ...GENERATOR_ARGS[wave], '--out', out];
    const run = promisify(execFile)(process.execPath, argv, { cwd: ROOT }).then(() => out);
    run.catch(() => {}); // the test of this wave reports the failure, when it awaits the run
    generated.set(wave, run);
  }
  const subjects = join(mkdtempSync(join(tmpdir(), 'mahvan-gen-')), 'subjects.csv');
  const run = promisify(execFile)(process.execPath, ['examples/generate-subjects.mjs', '--out', subjects], { cwd: ROOT });
  run.catch(() => {});
  generated.set(
    'subjects',
    run.then(() => subjects),
  );
});

describe('the main job on the bundled example (npm start)', () => {
  const out = mkdtempSync(join(tmpdir(), 'mahvan-main-'));
  const statuses: [string, number][] = [];
  let stderr = '';
  const json = (file: string) => JSON.parse(readFileSync(join(out, file), 'utf8'));

  beforeAll(async () => {
    for (const argv of startSteps()) {
      const expanded = argv.map((a) => a.replace(/^out\//, `${out}/`));
      statuses.push([argv[0] as string, await main(expanded, { stdout: () => {}, stderr: (t) => (stderr += t), cwd: ROOT })]);
    }
  });

  it('validates, scores, recommends, reports and checks robustness, each step exiting 0', () => {
    expect(statuses, stderr).toEqual([
      ['validate', 0],
      ['score', 0],
      ['recommend', 0],
      ['report', 0],
      ['robustness', 0],
    ]);
  });

  it('scores every row of the bundled export into one profile per authority', () => {
    expect(stderr).toContain('examples/data/survey-export-2026.csv: 1821 rows: 1821 scored, 0 rejected, 0 skipped (utf-8)');
    const profiles = json('profiles.json');
    expect(profiles).toHaveLength(255);
    expect(profiles[0].subject).toMatchObject({ id: 'LA-001', attributes: { type: 'city' } });
  });

  it("joins the register's facts of the year before the survey, every row of it accounted for", () => {
    expect(stderr).toContain('examples/data/subjects.csv: 510 rows: 255 read (2025), 255 of other years, 0 rejected, 0 skipped');
    const [first] = json('profiles.json');
    // LA-001 drew down 94,000,992 of 102,836,000 approved in 2025 (row 2): 91.4 %, in the band of 4 points
    expect(first.facts['RU.EXEC.2']).toMatchObject({ file: 'examples/data/subjects.csv', row: 2 });
    expect(first.facts['RU.EXEC.2'].answer).toBeCloseTo((94000992 / 102836000) * 100, 9);
    expect(first.nodes['RU.EXEC.2'].score).toBe(4);
  });

  it('recommends for every profile, in the same order, and counts every authority in one track', () => {
    const ids = (items: { subject: { id: string } }[]) => items.map((r) => r.subject.id);
    expect(ids(json('recommendations.json'))).toEqual(ids(json('profiles.json')));
    const cohort = json('cohort.json');
    expect(cohort.subjects).toBe(255);
    expect(cohort.tracks.counts.reduce((s: number, c: { n: number }) => s + c.n, 0)).toBe(255);
    expect(stderr).toMatch(/^255 recommendations \(T0 \d+, T1 \d+, T2 \d+, T3 \d+, T4 \d+, T5 \d+\) written to /m);
  });

  it('rescores every authority under the four alternatives, the stable share on one line', () => {
    const robustness = json('robustness.json');
    expect(robustness.subjects).toBe(255);
    expect(robustness.alternatives).toHaveLength(4);
    expect(stderr).toMatch(/^255 subjects: \d+ with the same track under all 4 alternatives \(\d+%\); written to /m);
  });

  it.each(['index.html', 'summary.md', 'profiles.csv', 'profiles.xlsx', 'subjects/LA-001.html'])('writes report/%s', (f) => {
    expect(existsSync(join(out, 'report', f))).toBe(true);
  });

  it('says in the cohort report how many decisions hold under the alternative methods, in words', () => {
    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    expect(html).toMatch(/\d+ מתוך 255 רשויות \(\d+%\) נשארות באותו מסלול בכל 4 שיטות החישוב החלופיות/);
    expect(html).toContain('משקל שווה לכל תחום ויכולת');
  });

  it.each(['index.html', 'summary.md', 'subjects/LA-001.html'])('says in report/%s that the bundled data are synthetic', (f) => {
    expect(readFileSync(join(out, 'report', f), 'utf8')).toContain('נתונים סינתטיים');
  });
});

describe('the bundled survey exports', () => {
  it.each(WAVES)('%s is what the seeded generator writes (npm run examples:data)', async (wave) => {
    const out = await generated.get(wave);
    expect(readFileSync(out as string)).toEqual(readFileSync(join(ROOT, 'examples', 'data', `survey-export-${wave}.csv`)));
  });

  it('the subjects file is what its seeded generator writes', async () => {
    const out = await generated.get('subjects');
    expect(readFileSync(out as string)).toEqual(readFileSync(join(ROOT, 'examples', 'data', 'subjects.csv')));
  });
});
