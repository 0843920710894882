// Agreement among respondents (rwg, rwg(J), awg) and across a cohort (ICC(1), ICC(2)): every expectation
// worked out by hand from the formulas in docs/decisions.md, the arithmetic in the comments.
import { describe, expect, it } from 'vitest';
import { loadPolicy, recommend, renderCohortReport, renderSubjectReport, rescoreProfile, summarizeCohort } from '../src/index.js';
import { awg, cohortAgreement, icc, nullVariance, rwg, rwgJ } from '../src/score/agreement.js';
import type { Profile } from '../src/score/profile.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { scoringTables } from '../src/score/tables.js';
import { mustLoad } from './helpers/rubric.js';

/** The sample variance (n − 1), for the vectors below. */
const variance = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1);
};

// σ²_EU for 5 options one point apart: (5² − 1)/12 = 2
const FIVE = 2;

describe('rwg against a uniform null', () => {
  it.each([
    // [3,3,4]: mean 10/3, squares 1/9 + 1/9 + 4/9 = 2/3, s² = (2/3)/2 = 1/3; rwg = 1 − (1/3)/2 = 5/6
    ['[3,3,4] on 5 options', [3, 3, 4], 5 / 6],
    // the anchors' [4,4,5] is the same spread: 5/6 ≈ 0.833
    ['[4,4,5] on 5 options', [4, 4, 5], 5 / 6],
    // [3,3,3]: s² = 0, rwg = 1
    ['all the same', [3, 3, 3], 1],
    // [2,4,5]: mean 11/3, squares 25/9 + 1/9 + 16/9 = 42/9, s² = 21/9 = 7/3 > 2: 1 − 7/6 < 0, truncated to 0
    ['[2,4,5]: more spread than random, truncated', [2, 4, 5], 0],
    // [1,5]: mean 3, s² = (4 + 4)/1 = 8; 1 − 8/2 = −3, truncated to 0
    ['[1,5]: truncated', [1, 5], 0],
  ])('%s', (_, answers, expected) => {
    expect(rwg(variance(answers), FIVE)).toBeCloseTo(expected, 12);
  });
});

describe('rwg(J) over a group', () => {
  it('three items: 21/23', () => {
    // items [3,3,4], [2,2,2], [2,3,4]: s² = 1/3, 0, 1; s̄² = (4/3)/3 = 4/9; r = s̄²/σ² = 2/9
    // J(1 − r) = 3 · 7/9 = 7/3; rwg(J) = (7/3)/(7/3 + 2/9) = 21/23 ≈ 0.913
    const ratios = [
      [3, 3, 4],
      [2, 2, 2],
      [2, 3, 4],
    ].map((x) => variance(x) / FIVE);
    expect(rwgJ(ratios)).toBeCloseTo(21 / 23, 12);
  });
  it('truncated to 0 when the mean variance exceeds the null', () => {
    // items [1,5] (s² = 8) and [3,3] (s² = 0): s̄² = 4 > 2, r = 2 ≥ 1: no agreement, 0
    expect(rwgJ([8 / FIVE, 0])).toBe(0);
  });
});

describe('awg (Brown & Hauenstein 2005)', () => {
  it.each([
    // [3,3,4] on 1..5: M = 10/3; (H + L)M − M² − HL = 20 − 100/9 − 5 = 35/9; × k/(k − 1) = 3/2: 35/6
    // awg = 1 − 2 · (1/3) / (35/6) = 1 − 4/35 = 31/35
    ['[3,3,4]', [3, 3, 4], 31 / 35],
    // [1,5]: M = 3; 18 − 9 − 5 = 4; × 2/1 = 8; awg = 1 − 2 · 8/8 = −1 (the most disagreement at this mean)
    ['[1,5]', [1, 5], -1],
  ])('%s', (_, x, expected) => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    expect(awg(variance(x), m, 1, 5, x.length)).toBeCloseTo(expected, 12);
  });
  it('never below −1, the most spread at a mean: [1,1,5] loses 1.3e-15 to rounding unclamped', () => {
    // [1,1,5]: M = 7/3, s² = (2 · 16/9 + 64/9)/2 = 16/3; (14 − 49/9 − 5) · 3/2 = 16/3; 1 − 2 · (16/3)/(16/3) = −1
    expect(awg(variance([1, 1, 5]), 7 / 3, 1, 5, 3)).toBe(-1);
  });
  it('undefined when the mean is at an end of the scale', () => {
    // [5,5]: M = 5; 30 − 25 − 5 = 0
    expect(awg(0, 5, 1, 5, 2)).toBeNaN();
  });
});

describe('σ²_EU by scale', () => {
  const scale = (type: string, points: number[], numeric?: object) =>
    ({ type, levels: points.map((p) => ({ key: String(p), points: p })), numeric }) as never;
  it.each([
    ['five options 1..5: (25 − 1)/12', scale('ordinal', [1, 2, 3, 4, 5]), 2],
    // 0, 25, 50, 75, 100: 25² · 2 = 1250, the same options 25 points apart
    ['five options 25 points apart', scale('ordinal', [0, 25, 50, 75, 100]), 1250],
    ['yes/no as 0/1: (4 − 1)/12', scale('boolean', [0, 1]), 0.25],
    ['numeric bands use their points', scale('numeric', [1, 2, 3], { min: 0, max: 100, bands: [] }), 2 / 3],
    ['one option: no null', scale('ordinal', [3]), Number.NaN],
    ['a free number: no options', scale('numeric', [], { min: 0, max: 100 }), Number.NaN],
    ['a checklist: excluded', scale('checklist', [1, 1, 1]), Number.NaN],
  ])('%s', (_, s, expected) => {
    if (Number.isNaN(expected)) expect(nullVariance(s)).toBeNaN();
    else expect(nullVariance(s)).toBeCloseTo(expected, 12);
  });
});

describe('ICC(1) and ICC(2), one-way ANOVA of respondents within subjects', () => {
  it('balanced: three subjects of three', () => {
    // [1,2,3], [2,3,4], [3,4,5]: means 2, 3, 4, grand 3; SSB = 3(1 + 0 + 1) = 6, MSB = 6/2 = 3
    // SSW = 2 + 2 + 2 = 6, MSW = 6/(9 − 3) = 1; k = 3
    // ICC(1) = (3 − 1)/(3 + 2 · 1) = 0.4; ICC(2) = (3 − 1)/3 = 2/3
    const r = icc([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    expect(r?.icc1).toBeCloseTo(0.4, 12);
    expect(r?.icc2).toBeCloseTo(2 / 3, 12);
    expect(r?.k0).toBeCloseTo(3, 12);
  });
  it('unbalanced: groups of 2, 3 and 4, with k₀', () => {
    // [1,3], [2,3,4], [4,4,5,5]: N = 9, means 2, 3, 4.5, grand 31/9
    // SSB = 2(13/9)² + 3(4/9)² + 4(19/18)² = (338 + 48 + 361)/81 = 747/81; MSB = 747/162 = 83/18
    // SSW = 2 + 2 + 1 = 5; MSW = 5/6; k₀ = (9 − 29/9)/2 = 26/9
    // ICC(1) = (83/18 − 5/6)/(83/18 + (17/9)(5/6)) = (34/9)/(167/27) = 102/167
    // ICC(2) = (34/9)/(83/18) = 68/83
    const r = icc([
      [1, 3],
      [2, 3, 4],
      [4, 4, 5, 5],
    ]);
    expect(r?.k0).toBeCloseTo(26 / 9, 12);
    expect(r?.icc1).toBeCloseTo(102 / 167, 12);
    expect(r?.icc2).toBeCloseTo(68 / 83, 12);
  });
  it.each([
    ['one subject', [[1, 2, 3]]],
    ['one respondent per subject: no within-subject variance to compare', [[1], [3]]],
    [
      'no variance between subjects',
      [
        [1, 3],
        [2, 2],
      ],
    ],
  ])('undefined: %s', (_, groups) => {
    expect(icc(groups)).toBeNull();
  });
});

// tiny: D1 = mean(FIN, CTRL), D2 = HR, overall = mean(D1, D2), all on 1..5 (σ²_EU = 2); an auditor validates
const tiny = (scoring: string, fin = '') => `mahvan: 1
id: tiny
version: "1"
title: Tiny
locales: [en, he, ar]
tiers: [domain, capability]
roles:
  - {id: staff, title: Staff}
  - {id: auditor, title: Auditor, validator: true}
scales:
  five:
    type: ordinal
    notApplicable: true
    levels: [{value: 1, label: "1"}, {value: 2, label: "2"}, {value: 3, label: "3"}, {value: 4, label: "4"}, {value: 5, label: "5"}]
scoring: {aggregation: mean${scoring}}
nodes:
  - id: D1
    title: Finance
    children:
      - {id: FIN, title: Finance, question: Finance?, scale: five${fin}}
      - {id: CTRL, title: Control, question: Control?, scale: five}
  - id: D2
    title: People
    children:
      - {id: HR, title: People, question: People?, scale: five}
`;

type Answers = Record<string, number | { na: true }>;
const profileOf = (rubricText: string, answers: Answers[], auditor?: Answers): Profile =>
  scoreAssessment(mustLoad(rubricText), {
    subject: { id: 's' },
    respondents: [
      ...answers.map((a, i) => ({ id: `r${i}`, role: 'staff', answers: a })),
      ...(auditor ? [{ id: 'audit', role: 'auditor', answers: auditor }] : []),
    ],
  });

describe('a profile carries its agreement, where it can be computed', () => {
  // FIN [3,4]: mean 3.5, s² = 0.5, rwg = 1 − 0.5/2 = 0.75; awg: 6 · 3.5 − 12.25 − 5 = 3.75, × 2/1 = 7.5,
  // 1 − 2 · 0.5/7.5 = 13/15. CTRL [4,4]: rwg 1, awg 1. HR [2,5]: s² = 4.5 > 2, rwg 0; awg: 6 · 3.5 − 12.25 − 5 =
  // 3.75 × 2 = 7.5, 1 − 9/7.5 = −0.2.
  // D1 = rwg(J) of FIN, CTRL: r = (0.25 + 0)/2 = 0.125, 2 · 0.875 = 1.75, 1.75/(1.75 + 0.125) = 14/15
  // D2 = rwg(J) of HR alone: r = 2.25 ≥ 1: 0. overall: r = (0.25 + 0 + 2.25)/3 = 5/6, 3 · 1/6 = 0.5,
  // 0.5/(0.5 + 5/6) = 3/8
  const two = [
    { FIN: 3, CTRL: 4, HR: 2 },
    { FIN: 4, CTRL: 4, HR: 5 },
  ];
  it('rwg, awg and rwg(J) by hand', () => {
    const a = profileOf(tiny(''), two).agreement?.nodes ?? {};
    expect(a.FIN?.rwg).toBeCloseTo(0.75, 12);
    expect(a.FIN?.awg).toBeCloseTo(13 / 15, 12);
    expect(a.FIN?.n).toBe(2);
    expect(a.CTRL).toEqual({ rwg: 1, awg: 1, n: 2 });
    expect(a.HR?.rwg).toBe(0);
    expect(a.HR?.awg).toBeCloseTo(-0.2, 12);
    expect(a.D1?.rwg).toBeCloseTo(14 / 15, 12);
    expect(a.D1?.items).toBe(2);
    expect(a.D2?.rwg).toBe(0);
    expect(a.overall?.rwg).toBeCloseTo(3 / 8, 12);
  });
  it('a validator is not a respondent here', () => {
    // the auditor's 1 on FIN would make [3,4,1]; without it FIN stays 0.75
    const p = profileOf(tiny(''), two, { FIN: 1, CTRL: 1, HR: 1 });
    expect(p.agreement?.nodes.FIN?.rwg).toBeCloseTo(0.75, 12);
    expect(p.agreement?.nodes.FIN?.n).toBe(2);
  });
  it.each([
    ['one respondent: no agreement to measure', [{ FIN: 3, CTRL: 4, HR: 2 }]],
    [
      'every answer N/A',
      [
        { FIN: { na: true }, CTRL: { na: true }, HR: { na: true } },
        { FIN: { na: true }, CTRL: { na: true }, HR: { na: true } },
      ],
    ],
  ] as [string, Answers[]][])('none where it cannot be computed: %s (and no flag, even at min 1)', (_, answers) => {
    const p = profileOf(tiny(', agreement: {min: 1}'), answers);
    expect(p.agreement).toBeUndefined();
    expect(Object.values(p.nodes).some((n) => n.flags.includes('needs-consensus'))).toBe(false);
  });
});

describe('agreement: {min}: needs-consensus below it, not at it or above', () => {
  const two = [
    { FIN: 3, CTRL: 4, HR: 4 },
    { FIN: 4, CTRL: 4, HR: 4 },
  ];
  // FIN rwg 0.75 (above); CTRL, HR 1; D1 14/15 ≈ 0.933, D2 1; overall: r = 0.25/3, 3 · 11/12 = 2.75,
  // 2.75/(2.75 + 1/12) = 33/34 ≈ 0.971
  it.each([
    ['min 0.76: FIN is below', ', agreement: {min: 0.76}', '', ['FIN']],
    ['min 0.75: FIN is at it, not below', ', agreement: {min: 0.75}', '', []],
    ['min 0.7: every node above', ', agreement: {min: 0.7}', '', []],
    ['min 0.95: FIN and D1 (14/15)', ', agreement: {min: 0.95}', '', ['D1', 'FIN']],
    ['a node sets its own: FIN 0.8 under the rubric 0.7', ', agreement: {min: 0.7}', ', agreement: {min: 0.8}', ['FIN']],
    ['a node sets its own: FIN 0 under the rubric 0.8', ', agreement: {min: 0.8}', ', agreement: {min: 0}', []],
    ['no minimum: never', '', '', []],
  ])('%s', (_, scoring, fin, flagged) => {
    const p = profileOf(tiny(scoring, fin), two);
    const ids = Object.entries({ ...p.nodes, overall: p.overall })
      .filter(([, n]) => n.flags.includes('needs-consensus'))
      .map(([id]) => id)
      .sort();
    expect(ids).toEqual(flagged);
  });
  it('a group inherits its minimum: D1 0.95 applies to FIN, not to HR', () => {
    const text = tiny('').replace(
      '    title: Finance\n    children:',
      '    title: Finance\n    agreement: {min: 0.95}\n    children:',
    );
    const p = profileOf(text, two);
    expect(p.nodes.D1?.flags).toContain('needs-consensus');
    expect(p.nodes.FIN?.flags).toContain('needs-consensus');
    expect(p.nodes.HR?.flags).not.toContain('needs-consensus');
  });
});

describe('ICC across a cohort of profiles', () => {
  it('per indicator and for the overall, from each profile’s answers', () => {
    // FIN: [1,2,3], [2,3,4], [3,4,5]: ICC(1) 0.4, ICC(2) 2/3 (as worked above); CTRL, HR all 3: no variance
    // overall: each respondent's mean share (points − 1)/4 over FIN, CTRL, HR: FIN's share/3 + 1/3, so a linear
    // map of FIN: ICCs are the same, 0.4 and 2/3
    const rubric = mustLoad(tiny(''));
    const profiles = [
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ].map((fins) =>
      profileOf(
        tiny(''),
        fins.map((FIN) => ({ FIN, CTRL: 3, HR: 3 })),
      ),
    );
    const found = cohortAgreement(scoringTables(rubric), profiles);
    expect(found.map((f) => f.id)).toEqual(['overall', 'FIN']);
    for (const f of found) {
      expect(f.icc1).toBeCloseTo(0.4, 12);
      expect(f.icc2).toBeCloseTo(2 / 3, 12);
      expect([f.subjects, f.respondents]).toEqual([3, 9]);
    }
  });
});

describe('policies read the flag', () => {
  it('{flag: needs-consensus} holds on a profile below the minimum only', () => {
    const rubric = mustLoad(tiny(', agreement: {min: 0.8}'));
    const loaded = loadPolicy(
      `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: tiny
tracks: [{id: TALK, title: talk}]
rules:
  - {id: r, when: {flag: [needs-consensus, FIN]}, primary: TALK}
`,
      rubric,
    );
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.code).join());
    const primary = (fin: [number, number]) =>
      recommend(
        scoreAssessment(rubric, {
          subject: { id: 's' },
          respondents: fin.map((FIN, i) => ({ id: `r${i}`, answers: { FIN, CTRL: 4, HR: 4 } })),
        }),
        loaded.policy,
      ).primary;
    // [3,4]: rwg 0.75 < 0.8; [4,4]: rwg 1
    expect(primary([3, 4])).toBe('TALK');
    expect(primary([4, 4])).not.toBe('TALK');
  });
});

describe('the reports say it in words, in he, ar and en', () => {
  const rubric = mustLoad(tiny(', agreement: {min: 0.8}'));
  // FIN [3,4] (rwg 0.75 < 0.8: needs consensus); D1 14/15 ≈ 0.93; D2 [4,4] 1; overall 33/34 ≈ 0.97
  const two = profileOf(tiny(', agreement: {min: 0.8}'), [
    { FIN: 3, CTRL: 4, HR: 4 },
    { FIN: 4, CTRL: 4, HR: 4 },
  ]);
  const one = profileOf(tiny(', agreement: {min: 0.8}'), [{ FIN: 3, CTRL: 4, HR: 4 }]);
  it.each([
    ['en', 'Agreement among respondents', 'respondents agree', 'cannot be measured', 'needs consensus'],
    ['he', 'הסכמה בין המשיבים', 'המשיבים מסכימים', 'לא ניתן למדוד', 'נדרש דיון להשגת הסכמה'],
    ['ar', 'الاتفاق بين المجيبين', 'المجيبون متفقون', 'لا يمكن قياسه', 'يلزم نقاش للتوصل إلى توافق'],
  ])('subject report in %s', (locale, heading, agree, notMeasurable, consensus) => {
    const page = renderSubjectReport({ rubric, profile: two, locale });
    expect(page).toContain(heading);
    // Finance (D1) at 14/15: agree, with its rwg
    expect(page).toContain(`${agree} <span class="ltr">(r<sub>wg</sub> 0.93)</span>`);
    // FIN is flagged: the warnings list it
    expect(page).toContain(consensus);
    expect(renderSubjectReport({ rubric, profile: one, locale })).toContain(notMeasurable);
  });
  it.each([
    ['en', 'Agreement across the cohort', 'subject means are not reliable enough'],
    ['he', 'הסכמה ברמת הקבוצה', 'אינם מהימנים דיים'],
    ['ar', 'الاتفاق على مستوى المجموعة', 'ليست موثوقة بما يكفي'],
  ])('cohort report in %s: ICC(1) 0.40, ICC(2) 0.67 (below 0.7)', (locale, heading, unreliable) => {
    const profiles = [
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ].map((fins, i) => ({
      ...profileOf(
        tiny(''),
        fins.map((FIN) => ({ FIN, CTRL: 3, HR: 3 })),
      ),
      subject: { id: `s${i}` },
    }));
    const summary = summarizeCohort(rubric, profiles);
    expect(summary.agreement.icc.map((a) => a.id)).toEqual(['overall', 'FIN']);
    const page = renderCohortReport({ rubric, profiles, summary, locale });
    expect(page).toContain(heading);
    expect(page).toContain('<td class="num">0.40</td><td class="num">0.67</td><td class="num">3</td>');
    expect(page).toContain(unreliable);
  });
  it('the cohort summary counts the subjects that need a consensus', () => {
    const summary = summarizeCohort(rubric, [two, { ...one, subject: { id: 't' } }]);
    expect(summary.agreement.needsConsensus).toEqual([{ id: 'FIN', subjects: 1 }]);
  });
});

describe('what-if rescoring leaves the answers, and their agreement, as they were', () => {
  it('needs-consensus stays on FIN and its group after FIN is given other points', () => {
    const text = tiny(', agreement: {min: 0.95}');
    const p = profileOf(text, [
      { FIN: 3, CTRL: 4, HR: 4 },
      { FIN: 4, CTRL: 4, HR: 4 },
    ]);
    // FIN 0.75 and D1 14/15 are below 0.95 (worked above)
    const after = rescoreProfile(mustLoad(text), p, { FIN: 5 });
    expect(after.nodes.FIN?.flags).toContain('needs-consensus');
    expect(after.nodes.D1?.flags).toContain('needs-consensus');
    expect(after.nodes.D1?.score).toBe(4.5);
  });
});
