import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  type CompiledRubric,
  loadAlternatives,
  loadPolicy,
  type Policy,
  type Profile,
  profileDocument,
  robustness,
  scoreAssessment,
} from '../src/index.js';
import { replayProfile } from '../src/policy/robustness.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const fixture = (name: string) => readRepoFile('test', 'fixtures', 'robustness', name);
const rubric: CompiledRubric = mustLoad(fixture('rubric.yaml'));
const policy = ((): Policy => {
  const r = loadPolicy(fixture('policy.yaml'), rubric);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.policy;
})();
const alternatives = (() => {
  const r = loadAlternatives(fixture('alternatives.yaml'), { aggregations: rubric.aggregations });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.alternatives;
})();

/** One respondent per list entry, answering A, B and C (null: no answer). */
function profileOf(id: string, answers: (number | null)[][]): Profile {
  const assessment: Assessment = {
    subject: { id },
    respondents: answers.map(([A, B, C], i) => ({ id: `r${i}`, answers: { A: A ?? null, B: B ?? null, C: C ?? null } })),
  };
  return scoreAssessment(rubric, assessment);
}

// Declared: weighted mean (D1 weighs 3), missing left out, respondents' median; SUPPORT below 3, else GROW.
// steady: A 3, B 3, C 3 → every node 3 under every alternative: solid, GROW.
const steady = profileOf('steady', [[3, 3, 3]]);
// shaky: A 5, 5, 2 (median 5, mean 4); B unanswered; C 2. D1 = 5, D2 = 2, overall (3·5 + 2) / 4 = 4.25: high, GROW.
//   equal weights:   (5 + 2) / 2 = 3.5              solid, GROW  (level flips)
//   min:             min(5, 2) = 2                  basic, SUPPORT
//   missing as zero: D1 = (5 + 1) / 2 = 3, (9 + 2) / 4 = 2.75   basic, SUPPORT
//   mean:            D1 = 4, (12 + 2) / 4 = 3.5     solid, GROW  (level flips)
const shaky = profileOf('shaky', [
  [5, null, 2],
  [5, null, 2],
  [2, null, 2],
]);

describe('robustness: each alternative rescored and re-decided', () => {
  const result = robustness(rubric, policy, [steady, shaky], alternatives);

  it('replaying a profile under its own rubric gives the same nodes', () => {
    const again = replayProfile(rubric, shaky);
    expect(again.overall).toEqual(shaky.overall);
    expect(again.nodes).toEqual(shaky.nodes);
  });

  it.each([
    ['steady', 'GROW', 'solid', 4, 4, []],
    [
      'shaky',
      'GROW',
      'high',
      2,
      0,
      [
        { alternative: 'equal-weights', track: 'GROW', level: 'solid' },
        { alternative: 'weakest-child', track: 'SUPPORT', level: 'basic' },
        { alternative: 'missing-as-zero', track: 'SUPPORT', level: 'basic' },
        { alternative: 'mean-of-respondents', track: 'GROW', level: 'solid' },
      ],
    ],
  ])('%s: declared %s / %s, same track under %i of 4, same level under %i', (id, track, level, sameTrack, sameLevel, flips) => {
    expect(result.bySubject.find((s) => s.subject === id)).toEqual({ subject: id, track, level, sameTrack, sameLevel, flips });
  });

  it('the cohort: 1 of 2 subjects keeps its track and its level under every alternative', () => {
    expect(result).toMatchObject({ subjects: 2, stableTrack: 1, stableLevel: 1, trackShare: 0.5, levelShare: 0.5 });
    expect(result.alternatives).toEqual(['equal-weights', 'weakest-child', 'missing-as-zero', 'mean-of-respondents']);
  });
});

describe('mahvan robustness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahvan-robust-'));
  const profiles = join(dir, 'profiles.json');
  writeFileSync(profiles, JSON.stringify([steady, shaky].map(profileDocument)));
  const args = (...more: string[]) => [
    'robustness',
    '--rubric',
    'test/fixtures/robustness/rubric.yaml',
    '--policy',
    'test/fixtures/robustness/policy.yaml',
    '--alternatives',
    'test/fixtures/robustness/alternatives.yaml',
    profiles,
    ...more,
  ];

  it('writes the JSON and prints the share of stable tracks on one line', async () => {
    const out = join(dir, 'robustness.json');
    const { status, stderr } = await runCli(args('-o', out));
    expect(status).toBe(0);
    expect(stderr).toBe(`2 subjects: 1 with the same track under all 4 alternatives (50%); written to ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ subjects: 2, stableTrack: 1, trackShare: 0.5 });
  });

  it('as text: each flip with the alternative that makes it', async () => {
    const { status, stdout } = await runCli(args('--format', 'text'));
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        '2 subjects: 1 with the same track under all 4 alternatives (50%)',
        'shaky: GROW / high → GROW / solid under equal-weights',
        'shaky: GROW / high → SUPPORT / basic under weakest-child',
        'shaky: GROW / high → SUPPORT / basic under missing-as-zero',
        'shaky: GROW / high → GROW / solid under mean-of-respondents',
        '',
      ].join('\n'),
    );
  });

  it('refuses an unknown aggregation and a repeated id, each at its line and column', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'mahvan-alternatives: 1\nalternatives:\n  - {id: odd, aggregation: medain}\n  - {id: odd, weights: equal}\n',
    );
    const { status, stdout, stderr } = await runCli([...args().slice(0, 5), '--alternatives', bad, profiles]);
    expect([status, stdout]).toEqual([1, '']);
    expect(stderr).toBe(
      [
        `${bad}:3:28 error unknown-aggregation No aggregation method is named 'medain'.`,
        "  hint: Did you mean 'median'?",
        `${bad}:4:10 error alternatives-duplicate-id Two alternatives have the id 'odd'.`,
        '  hint: Give each alternative its own id: the results name the alternative that changes a decision by it.',
        '',
      ].join('\n'),
    );
  });

  it('validate knows an alternatives file (the one shipped beside the reference policy)', async () => {
    const { status, stdout } = await runCli(['validate', 'policies/il-engagement.alternatives.yaml']);
    expect([status, stdout]).toEqual([0, '1 file checked: 1 valid, 0 errors, 0 warnings\n']);
  });
});
