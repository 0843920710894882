// The public maturity models of the corpus, expressed as mahvan rubrics and scored by their published rules.
// Each generated rubric must equal a fresh run of its converter; each scoring rule is checked on cases worked
// out by hand from the model's own documentation (see rubrics/<model>/NOTICE.md).
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES module scripts without types
import * as dsomm from '../scripts/corpus/dsomm.mjs';
// @ts-expect-error: plain ES module scripts without types
import * as samm from '../scripts/corpus/samm.mjs';
// @ts-expect-error: plain ES module scripts without types
import * as scorecard from '../scripts/corpus/scorecard.mjs';
import { type Assessment, type CompiledRubric, scoreAssessment } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

type Answers = Assessment['respondents'][number]['answers'];
const load = (model: string) => mustLoad(readRepoFile('rubrics', model, `${model}.yaml`));
const one = (answers: Answers): Assessment => ({ subject: { id: 's' }, respondents: [{ id: 'r', answers }] });
const tierCounts = (rubric: CompiledRubric, tiers: string[]) => tiers.map((t) => rubric.nodes.filter((n) => n.tier === t).length);

describe.each([
  ['samm', samm],
  ['scorecard', scorecard],
  ['dsomm', dsomm],
])('rubrics/%s is up to date with scripts/corpus/%s.mjs', (model, converter) => {
  it.each(Object.entries(converter.convert() as Record<string, string>))('%s', (name, content) => {
    expect(readRepoFile('rubrics', model, name)).toBe(content);
  });
});

describe('OWASP SAMM v2', () => {
  const rubric = load('samm');

  it('has the model’s shape: 5 functions, 15 practices, 30 streams, 90 questions', () => {
    expect(tierCounts(rubric, ['business-function', 'practice', 'stream', 'question'])).toEqual([5, 15, 30, 90]);
  });

  it.each([
    // stream A: 1 + 0.5 + 0 = 1.5; stream B: 1 + 1 + 0.25 = 2.25; practice = (1.5 + 2.25) / 2 = 1.875
    [{ 'G-SM-A-1': 1, 'G-SM-A-2': 0.5, 'G-SM-A-3': 0, 'G-SM-B-1': 1, 'G-SM-B-2': 1, 'G-SM-B-3': 0.25 }, 'G-SM', 1.875],
    // levels are not gated: a level-3 "yes" counts even when level 1 is "no": (0 + 0 + 1 + 0) / 2 = 0.5
    [{ 'G-SM-A-3': 1 }, 'G-SM', 0.5],
    // unanswered and N/A questions count 0: stream A = 1 + 0 + 0
    [{ 'G-SM-A-1': 1, 'G-SM-A-2': { na: true } }, 'G-SM-A', 1],
  ] as [Answers, string, number][])('%j → %s = %d', (answers, id, expected) => {
    expect(scoreAssessment(rubric, one(answers)).nodes[id]?.score).toBeCloseTo(expected, 12);
  });

  it('a business function is the mean of its practices, the overall score the mean of the functions', () => {
    // Governance: SM = (3 + 0) / 2 = 1.5 (stream A all yes), PC = 0, EG = 0 → 1.5 / 3 = 0.5; overall = 0.5 / 5 = 0.1
    const p = scoreAssessment(rubric, one({ 'G-SM-A-1': 1, 'G-SM-A-2': 1, 'G-SM-A-3': 1 }));
    expect(p.nodes['G-SM']?.score).toBeCloseTo(1.5, 12);
    expect(p.nodes.G?.score).toBeCloseTo(0.5, 12);
    expect(p.overall.score).toBeCloseTo(0.1, 12);
    expect(rubric.rubric.overall.range).toEqual([0, 3]);
  });
});

describe('OpenSSF Scorecard', () => {
  const rubric = load('scorecard');

  it('weighs each of its 20 checks by its risk', () => {
    const weight = (id: string) => rubric.byId.get(id)?.weight;
    expect(tierCounts(rubric, ['check'])).toEqual([20]);
    expect([weight('Dangerous-Workflow'), weight('Code-Review'), weight('Fuzzing'), weight('CI-Tests')]).toEqual([
      10, 7.5, 5, 2.5,
    ]);
  });

  it('aggregate = Σ w·score / Σ w over conclusive checks; inconclusive (-1, answered N/A) are skipped', () => {
    // Dangerous-Workflow (Critical, 10) = 10; Code-Review (High, 7.5) = 4; Fuzzing (Medium, 5) = 0;
    // CI-Tests (Low, 2.5) = 8; Maintained inconclusive. (10·10 + 7.5·4 + 5·0 + 2.5·8) / (10 + 7.5 + 5 + 2.5) = 150 / 25 = 6
    const p = scoreAssessment(
      rubric,
      one({ 'Dangerous-Workflow': 10, 'Code-Review': 4, Fuzzing: 0, 'CI-Tests': 8, Maintained: { na: true } }),
    );
    expect(p.overall.score).toBeCloseTo(6, 12);
    expect(p.nodes.Maintained?.status).toBe('not-applicable');
  });

  it('with no conclusive check the aggregate is null (Scorecard prints "?")', () => {
    expect(scoreAssessment(rubric, one({ Maintained: { na: true } })).overall.score).toBeNull();
  });
});

describe('OWASP DSOMM 4.3.1', () => {
  const rubric = load('dsomm');
  const teams = (a: Answers, b: Answers): Assessment => ({
    subject: { id: 'org' },
    respondents: [
      { id: 'team-a', answers: a },
      { id: 'team-b', answers: b },
    ],
  });
  // BD.build: level 1 defined-build-process; level 2 building-and-testing-of-artifacts-in-virtual-environments,
  // pinning-of-artifacts, sbom-of-components; level 3 signing-of-code; no level 4; level 5 signing-of-artifacts.
  const full = {
    'defined-build-process': 100,
    'building-and-testing-of-artifacts-in-virtual-environments': 100,
    'sbom-of-components': 100,
  };

  it('has the model’s shape: 5 dimensions, 19 sub-dimensions, 194 activities', () => {
    expect(tierCounts(rubric, ['dimension', 'sub-dimension', 'activity'])).toEqual([5, 19, 194]);
  });

  it('a cell is the mean over its activities of the mean over teams; the level stops below an unfinished cell', () => {
    // pinning: (100 + 50) / 2 = 75; cell L2 = (100 + 75 + 100) / 3 = 91.67 < 100, so Build stays at level 1.
    // Deployment and Patch Management unanswered count 0 → BD = (1 + 0 + 0) / 3. Five sub-dimensions have no
    // level-1 activity, so they reach level 1 with nothing answered: Test KPI (IG = (0 + 0 + 1) / 3) and four of
    // Test and Verification's seven (TV = 4 / 7). Overall = (1/3 + 0 + 0 + 1/3 + 4/7) / 5 = 26 / 105.
    const p = scoreAssessment(rubric, teams({ ...full, 'pinning-of-artifacts': 100 }, { ...full, 'pinning-of-artifacts': 50 }));
    expect(p.nodes['pinning-of-artifacts']?.score).toBe(75);
    expect(p.nodes['BD.build.L2']?.score).toBeCloseTo(275 / 3, 12);
    expect(p.nodes['BD.build']?.score).toBe(1);
    expect(p.nodes.BD?.score).toBeCloseTo(1 / 3, 12);
    expect(p.nodes['IG.test-kpi']?.score).toBe(1);
    expect(p.nodes.TV?.score).toBeCloseTo(4 / 7, 12);
    expect(p.overall.score).toBeCloseTo(26 / 105, 12);
  });

  it('a level without activities is reached once all below it are (Build has none at level 4)', () => {
    // L1..L3 fully implemented by both teams; L5 signing-of-artifacts only started (20) → level 4.
    const answers = { ...full, 'pinning-of-artifacts': 100, 'signing-of-code': 100, 'signing-of-artifacts': 20 };
    const p = scoreAssessment(rubric, teams(answers, answers));
    expect(p.nodes['BD.build']?.score).toBe(4);
    expect(p.nodes['BD.build']?.level).toBe('L4');
  });
});

describe('CAF 2020 (hand-written)', () => {
  const rubric = load('caf');

  it('has 9 criteria and 28 sub-criteria', () => {
    expect(tierCounts(rubric, ['criterion', 'sub-criterion'])).toEqual([9, 28]);
  });

  it('a criterion is the mean of its sub-criteria; the band names the PDCA phase or the results trend', () => {
    // Leadership: (40 + 60 + 75 + 25) / 4 = 50 → 31..50 "do"; results 6: (55 + 95) / 2 = 75 → "substantial".
    const p = scoreAssessment(rubric, one({ '1.1': 40, '1.2': 60, '1.3': 75, '1.4': 25, '6.1': 55, '6.2': 95 }));
    expect(p.nodes['1']?.score).toBe(50);
    expect(p.nodes['1']?.level).toBe('do');
    expect(p.nodes['1.3']?.level).toBe('act');
    expect(p.nodes['6']?.score).toBe(75);
    expect(p.nodes['6']?.level).toBe('substantial');
    expect(p.nodes['6.2']?.level).toBe('excellent');
    // overall: the mean of the criteria that have a score: (50 + 75) / 2
    expect(p.overall.score).toBe(62.5);
  });

  it('a panel score outside 0..100 is an invalid answer', () => {
    const p = scoreAssessment(rubric, one({ '1.1': 120 }));
    expect(p.nodes['1.1']?.score).toBeNull();
  });
});
