import { describe, expect, it } from 'vitest';
import type { Assessment, Respondent } from '../src/index.js';
import { compareProfiles, explain, scoreAssessment, traceNode } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const text = readRepoFile('test', 'fixtures', 'scoring', 'basic.yaml');
const rubric = mustLoad(text);
const variant = (edit: (t: string) => string) => mustLoad(edit(text));

const one = (answers: Respondent['answers'], extra: Partial<Assessment> = {}): Assessment => ({
  subject: { id: 'A' },
  respondents: [{ id: 'r1', answers }],
  ...extra,
});

// I1=4 I2=2 I3=3 I4=5 I5=1 I6 missing I7=2 (reverse-keyed → 1+5−2 = 4)
const base = { I1: 4, I2: 2, I3: 3, I4: 5, I5: 1, I7: 2 };

describe('scoring by hand', () => {
  const p = scoreAssessment(rubric, one(base));
  const n = p.nodes;

  it.each([
    // id, score, worked out
    ['C1', 2.5, 'weighted mean (1×4 + 3×2) / 4'],
    ['C2', 3, 'min(3, 5)'],
    ['D1', 2.75, 'mean(2.5, 3)'],
    ['I7', 4, 'reverse-keyed 1 + 5 − 2'],
    ['C3', 2.5, 'mean(1, 4); I6 missing, coverage 2/3 ≥ 0.6'],
    ['D2', 2.5, 'only C3'],
  ])('%s = %d: %s', (id, score) => {
    expect(n[id]?.score).toBeCloseTo(score, 12);
  });

  it('overall = (2 × 2.75 + 1 × 2.5) / 3, on 0–100 = (8/3 − 1) / 4 × 100', () => {
    expect(p.overall.score).toBeCloseTo(8 / 3, 12);
    expect(explain(rubric, p, 'overall')?.text.split('\n')[0]).toBe('overall (overall): 2.667 on 1..5 (41.667/100, level basic)');
  });

  it('coverage: C3 2/3, D2 2/3, overall (2×1 + 1×2/3) / 3', () => {
    expect(n.C3?.coverage).toBeCloseTo(2 / 3, 12);
    expect(n.D2?.coverage).toBeCloseTo(2 / 3, 12);
    expect(p.overall.coverage).toBeCloseTo((2 + 2 / 3) / 3, 12);
    expect(n.I6).toMatchObject({ status: 'missing', score: null, reason: 'no answer', coverage: 0 });
  });

  it('levels from the bands, targets from the rubric (solid = 3), and gaps', () => {
    expect(n.C1).toMatchObject({ level: 'basic', target: 3, gap: 0.5 });
    expect(n.C2).toMatchObject({ level: 'solid', target: 3, gap: 0 });
    // (2.5 − 1) / (3 − 1) = 75% of the way to the target
    expect(explain(rubric, p, 'C1')?.text).toContain('target 3; gap 0.5; 75% of the way to target');
    expect(p.overall.level).toBe('basic');
  });

  it('priorities: capabilities below target by weighted gap (gap / range × share × 100)', () => {
    // C1: 0.5/4 × (2/3 × 1/2) × 100 = 4.1667; C3: 0.5/4 × (1/3 × 1) × 100 = 4.1667; ties by id
    expect(p.priorities.map((x) => x.id)).toEqual(['C1', 'C3']);
    expect(p.priorities[0]?.weightedGap).toBeCloseTo(12.5 / 3, 10);
  });
});

describe('coverage and policies', () => {
  it('a node below its minimum coverage has a null score and a reason, never 0', () => {
    const p = scoreAssessment(
      variant((t) => t.replace('minCoverage: 0.6', 'minCoverage: 0.7')),
      one(base),
    );
    expect(p.nodes.C3).toMatchObject({ status: 'insufficient-coverage', score: null, flags: ['insufficient-coverage'] });
    expect(p.nodes.C3?.reason).toBe('coverage 66.7% is below the minimum of 70%');
    // D2 has nothing left to score; overall = D1 alone
    expect(p.nodes.D2).toMatchObject({ status: 'missing', score: null });
    expect(p.overall.score).toBeCloseTo(2.75, 12);
  });

  it('not applicable leaves the denominator by default', () => {
    const p = scoreAssessment(rubric, one({ ...base, I6: { na: true } }));
    // C3 = mean(1, 4) with coverage 2/2
    expect(p.nodes.I6?.status).toBe('not-applicable');
    expect(p.nodes.C3).toMatchObject({ score: 2.5, coverage: 1 });
  });

  it('with notApplicable: zero, N/A counts as the lowest score (1 here)', () => {
    const r = variant((t) => t.replace('scoring:\n', 'scoring:\n  notApplicable: zero\n'));
    const p = scoreAssessment(r, one({ ...base, I6: { na: true } }));
    // C3 = mean(1, 1, 4) = 2
    expect(p.nodes.C3?.score).toBeCloseTo(2, 12);
    expect(traceNode(r, p, 'C3')?.children?.find((c) => c.id === 'I6')?.use).toBe('zero');
  });

  it('with missing: zero, a missing answer counts as the lowest score but not as covered', () => {
    const r = variant((t) => t.replace('scoring:\n', 'scoring:\n  missing: zero\n'));
    const p = scoreAssessment(r, one(base));
    expect(p.nodes.C3?.score).toBeCloseTo(2, 12);
    expect(p.nodes.C3?.coverage).toBeCloseTo(2 / 3, 12);
  });

  it('a group whose every part is not applicable is itself not applicable, and leaves its parent', () => {
    const p = scoreAssessment(rubric, one({ ...base, I5: { na: true }, I6: { na: true }, I7: { na: true } }));
    expect(p.nodes.C3?.status).toBe('not-applicable');
    expect(p.nodes.D2?.status).toBe('not-applicable');
    expect(p.overall.score).toBeCloseTo(2.75, 12);
    expect(p.overall.coverage).toBe(1);
  });
});

describe('several respondents', () => {
  const twoScored = (combine: string, disagreement = 2) => {
    const r = variant((t) =>
      t.replace('scoring:\n', `scoring:\n  respondents: {combine: ${combine}, disagreement: ${disagreement}}\n`),
    );
    const p = scoreAssessment(r, {
      subject: { id: 'A' },
      respondents: [
        { id: 'r1', role: 'ceo', answers: { I2: 2 } },
        { id: 'r2', role: 'treasurer', answers: { I2: 4 } },
      ],
    });
    return { p, r };
  };
  const two = (combine: string, disagreement = 2) => twoScored(combine, disagreement).p.nodes.I2;

  it.each([
    ['mean', 3],
    ['median', 3],
    ['min', 2],
    ['max', 4],
    ['role-weights', 3.5], // (1×2 + 3×4) / 4
  ])('%s of 2 (ceo, weight 1) and 4 (treasurer, weight 3) = %d', (combine, expected) => {
    expect(two(combine)?.score).toBeCloseTo(expected, 12);
  });

  it('flags disagreement when the spread reaches the threshold', () => {
    expect(two('median', 2)?.flags).toContain('disagreement');
    expect(two('median', 3)?.flags).not.toContain('disagreement');
    const { p, r } = twoScored('median');
    expect(traceNode(r, p, 'I2')?.spread).toBe(2);
  });

  it('only the roles assigned to an indicator count', () => {
    const r = variant((t) => t.replace('{id: I1, scale: l5}', '{id: I1, scale: l5, roles: [treasurer]}'));
    const p = scoreAssessment(r, {
      subject: { id: 'A' },
      respondents: [
        { id: 'r1', role: 'ceo', answers: { I1: 1 } },
        { id: 'r2', role: 'treasurer', answers: { I1: 5 } },
      ],
    });
    expect(p.nodes.I1?.score).toBe(5);
    expect(traceNode(r, p, 'I1')?.respondents?.map((a) => a.status)).toEqual(['not-assigned', 'answered']);
  });
});

describe('evidence, critical indicators and targets', () => {
  it('an answer above the evidence threshold without evidence is flagged and capped', () => {
    const r = variant((t) => t.replace('{id: I4, scale: l5}', '{id: I4, scale: l5, evidence: {from: 4, cap: 3}}'));
    const bare = scoreAssessment(r, one({ I4: 5 })).nodes.I4;
    expect(bare).toMatchObject({ score: 3, flags: ['evidence-cap', 'missing-evidence'], confidence: 0.5 });
    const shown = scoreAssessment(r, one({ I4: { value: 5, evidence: ['audit-2025.pdf'] } })).nodes.I4;
    expect(shown).toMatchObject({ score: 5, flags: [], confidence: 1 });
  });

  it('without a cap, missing evidence is only flagged', () => {
    const r = variant((t) => t.replace('{id: I4, scale: l5}', '{id: I4, scale: l5, evidence: {from: 4}}'));
    expect(scoreAssessment(r, one({ I4: 5 })).nodes.I4).toMatchObject({ score: 5, flags: ['missing-evidence'] });
  });

  // I4 forward-keyed and I7 reverse-keyed (1..5), both {from: 4, cap: 3}: the rule reads the keyed points, so
  // keyed 4 or 5 without evidence counts as 3, and withholding evidence never raises a score
  const ruled = variant((t) =>
    t
      .replace('{id: I4, scale: l5}', '{id: I4, scale: l5, evidence: {from: 4, cap: 3}}')
      .replace('{id: I7, scale: l5, reverse: true}', '{id: I7, scale: l5, reverse: true, evidence: {from: 4, cap: 3}}'),
  );
  const capped = ['evidence-cap', 'missing-evidence'];
  it.each([
    // indicator, answer, evidence, score, flags, explanation line: worked out by hand
    ['I4', 5, false, 3, capped, 'r1: 5 → 3 (capped at 3: no evidence for an answer of 4 or more)'],
    ['I4', 5, true, 5, [], 'r1: 5, with evidence'],
    ['I4', 2, false, 2, [], 'r1: 2'],
    ['I7', 1, false, 3, capped, 'r1: 1 → 3 (reverse-keyed: 1 + 5 − 1; capped at 3: no evidence for a keyed score of 4 or more)'],
    ['I7', 1, true, 5, [], 'r1: 1 → 5, with evidence (reverse-keyed: 1 + 5 − 1)'],
    ['I7', 2, false, 3, capped, 'r1: 2 → 3 (reverse-keyed: 1 + 5 − 2; capped at 3: no evidence for a keyed score of 4 or more)'],
    ['I7', 3, false, 3, [], 'r1: 3 (reverse-keyed: 1 + 5 − 3)'],
    ['I7', 5, false, 1, [], 'r1: 5 → 1 (reverse-keyed: 1 + 5 − 5)'],
    ['I7', 5, true, 1, [], 'r1: 5 → 1, with evidence (reverse-keyed: 1 + 5 − 5)'],
  ] as const)('evidence rule on keyed points: %s = %d, evidence %s → %d', (id, value, shown, score, flags, line) => {
    const answer = shown ? { value, evidence: ['audit-2025.pdf'] } : value;
    const p = scoreAssessment(ruled, one({ [id]: answer }));
    expect(p.nodes[id]).toMatchObject({ score, flags, confidence: flags.length ? 0.5 : 1 });
    expect(explain(ruled, p, id)?.text.split('\n')).toContain(`  ${line}`);
  });

  it('a reverse-keyed answer without a cap: keyed 5 is flagged, keyed 1 is not', () => {
    const r = variant((t) =>
      t.replace('{id: I7, scale: l5, reverse: true}', '{id: I7, scale: l5, reverse: true, evidence: {from: 4}}'),
    );
    expect(scoreAssessment(r, one({ I7: 1 })).nodes.I7).toMatchObject({ score: 5, flags: ['missing-evidence'] });
    expect(scoreAssessment(r, one({ I7: 5 })).nodes.I7).toMatchObject({ score: 1, flags: [] });
  });

  it('a critical indicator caps its parent', () => {
    const r = variant((t) => t.replace('{id: I1, scale: l5}', '{id: I1, scale: l5, critical: true}'));
    // C1 would be (1×1 + 3×5)/4 = 4; I1 = 1 caps it at 1
    const p = scoreAssessment(r, one({ I1: 1, I2: 5 }));
    expect(p.nodes.C1).toMatchObject({ score: 1, flags: ['critical-cap'] });
    expect(traceNode(r, p, 'C1')?.caps).toEqual([{ by: 'I1', from: 4, to: 1 }]);
  });

  it('a target set in the assessment overrides the rubric’s, by score or by level', () => {
    const p = scoreAssessment(rubric, one(base, { targets: { C1: 'high', C2: 3.5 } }));
    expect(p.nodes.C1).toMatchObject({ target: 4, gap: 1.5 });
    expect(p.nodes.C2).toMatchObject({ target: 3.5, gap: 0.5 });
  });
});

describe('answers that are not right', () => {
  it('invalid values are flagged, reported and left out; unknown indicators and roles are reported', () => {
    const p = scoreAssessment(rubric, {
      subject: { id: 'A' },
      respondents: [{ id: 'r1', role: 'mayor', answers: { I1: 9, I99: 3, I2: 2 } }],
    });
    expect(p.nodes.I1).toMatchObject({ status: 'missing', reason: 'no valid answer', flags: ['invalid-answer'] });
    expect(p.diagnostics.map((d) => d.code).sort()).toEqual([
      'assessment-invalid-answer',
      'assessment-unknown-indicator',
      'assessment-unknown-role',
    ]);
  });
});

describe('explain', () => {
  const p = scoreAssessment(rubric, {
    subject: { id: 'A' },
    respondents: [
      { id: 'r1', role: 'ceo', answers: { ...base, I2: 2 } },
      { id: 'r2', role: 'treasurer', answers: { I2: { value: 4, evidence: ['plan.pdf'] } } },
    ],
  });

  it('explains a group with its inputs, weights, method, exclusions, target and gap', () => {
    expect(explain(rubric, p, 'C3')?.text).toBe(
      [
        'C3 (capability): 2.5 on 1..5 (37.5/100, level basic)',
        '  I5: 1 × weight 1',
        '  I6: — × weight 1 excluded (no answer)',
        '  I7: 4 × weight 1',
        '  method: weighted-mean; coverage 66.7%',
        '  target 3; gap 0.5; 75% of the way to target',
      ].join('\n'),
    );
  });

  it('explains an indicator with each respondent and how they were combined', () => {
    expect(explain(rubric, p, 'I2')?.text).toBe(
      [
        'I2 (indicator): 3 on 1..5 (50/100, level solid)',
        '  r1 (ceo): 2',
        '  r2 (treasurer): 4, with evidence',
        '  combined by median of 2, 4; spread 2',
        '  flags: disagreement',
      ].join('\n'),
    );
    expect(explain(rubric, p, 'I7')?.text).toContain('r1 (ceo): 2 → 4 (reverse-keyed: 1 + 5 − 2)');
  });

  it('explains the overall score and returns data beside the text', () => {
    const e = explain(rubric, p, 'overall');
    expect(e?.trace.kind).toBe('overall');
    expect(e?.trace.children?.map((c) => [c.id, c.weight])).toEqual([
      ['D1', 2],
      ['D2', 1],
    ]);
    expect(explain(rubric, p, 'nope')).toBeUndefined();
  });
});

describe('waves', () => {
  const first = scoreAssessment(rubric, one(base, { wave: '2025' }));
  const second = scoreAssessment(rubric, one({ ...base, I1: 5, I2: 5, I5: 1, I7: 5 }, { wave: '2026' }));
  const cmp = compareProfiles(rubric, first, second);

  it('gives deltas and improved / declined / stable with a threshold', () => {
    // C1: 2.5 → 5 (improved, +2.5); C2 unchanged (stable); C3: mean(1, 4) = 2.5 → mean(1, 1) = 1 (declined)
    expect(cmp.nodes.C1).toMatchObject({ previous: 2.5, current: 5, delta: 2.5, trend: 'improved' });
    expect(cmp.nodes.C2).toMatchObject({ delta: 0, trend: 'stable' });
    expect(cmp.nodes.C3).toMatchObject({ previous: 2.5, current: 1, trend: 'declined' });
    expect(cmp.from).toBe('2025');
    expect(cmp.to).toBe('2026');
  });

  it('progress since the baseline = (current − baseline) / (target − baseline)', () => {
    const mid = scoreAssessment(rubric, one({ ...base, I1: 3, I2: 2.5 as never }));
    // C1 baseline 2.5, target 3; I2 = 2.5 is invalid so C1 = I1 = 3 → progress (3 − 2.5)/(3 − 2.5) = 1
    expect(compareProfiles(rubric, first, mid).nodes.C1?.progress).toBe(1);
  });

  it('carries renamed, merged and split nodes over through replaces, and warns on the rest', () => {
    const next = mustLoad(
      text
        .replace('version: "1"', 'version: "2"')
        .replace('      - id: C1\n', '      - id: C1-new\n        replaces: [C1]\n')
        .replace('      - id: C3\n', '      - id: C3\n        replaces: [C2, C3]\n')
        .replace('  - id: D2\n', '  - id: D2b\n'),
    );
    const later = scoreAssessment(next, one(base));
    const c = compareProfiles(next, first, later);
    expect(c.nodes['C1-new']).toMatchObject({ from: ['C1'], previous: 2.5, current: 2.5, trend: 'stable' });
    // merged: the mean of C2 (3) and C3 (2.5) = 2.75
    expect(c.nodes.C3).toMatchObject({ from: ['C2', 'C3'], previous: 2.75 });
    expect(c.nodes.D2b?.trend).toBe('new');
    expect(c.diagnostics.map((d) => [d.code, d.path.join('.')])).toEqual([['compare-unmatched', 'nodes.D2b']]);
  });
});
