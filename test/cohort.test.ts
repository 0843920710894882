import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronbach, percentRank, quantile } from '../src/cohort/stats.js';
import { type Assessment, loadPolicy, recommend, scoreAssessment, summarizeCohort } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const policyText = readRepoFile('test', 'fixtures', 'policy', 'policy.yaml');
const policy = (text = policyText) => {
  const r = loadPolicy(text, rubric);
  if (!r.ok) throw new Error(r.diagnostics[0]?.message);
  return r.policy;
};

const subject = (id: string, sector: string, [FIN, CTRL, HR]: [number, number, number]) =>
  scoreAssessment(rubric, {
    subject: { id, attributes: { sector } },
    respondents: [{ id: 'r', answers: { FIN, CTRL, HR } }],
  } as Assessment);

// overall = mean(D1, D2), D1 = mean(FIN, CTRL), D2 = HR
const cohort = [
  subject('d', 'jewish', [4, 4, 4]), // D1 4, D2 4, overall 4
  subject('a', 'arab', [3, 4, 2]), // D1 3.5, D2 2, overall 2.75
  subject('c', 'arab', [1, 4, 2]), // D1 2.5, D2 2, overall 2.25
  subject('b', 'jewish', [5, 5, 4]), // D1 5, D2 4, overall 4.5
];

describe('statistics, worked by hand', () => {
  it('quantiles interpolate between order statistics (R type 7)', () => {
    expect([0.25, 0.5, 0.75].map((p) => quantile([1, 2, 3, 4], p))).toEqual([1.75, 2.5, 3.25]);
  });

  it.each([
    { values: [1, 2, 2, 3], x: 2, rank: 50 }, // 1 below, 2 equal: (1 + 1) / 4
    { values: [1, 2, 2, 3], x: 0, rank: 0 },
    { values: [1, 2, 2, 3], x: 9, rank: 100 },
    { values: [2, 2, 2], x: 2, rank: 50 },
    { values: [1, 3], x: 2, rank: 50 }, // between: one below, none equal
    { values: [5], x: 5, rank: 50 },
  ])('percentile rank of $x among $values counts half of the ties: $rank', ({ values, x, rank }) => {
    expect(percentRank(values, x)).toBe(rank);
  });

  it('percentile rank by binary search agrees with counting, on any sorted list', () => {
    const value = fc.integer({ min: 0, max: 6 }).map((v) => v / 2);
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), value, (values, x) => {
        const sorted = [...values].sort((a, b) => a - b);
        const below = sorted.filter((v) => v < x).length;
        const equal = sorted.filter((v) => v === x).length;
        expect(percentRank(sorted, x)).toBe(((below + equal / 2) / sorted.length) * 100);
      }),
    );
  });

  it("Cronbach's alpha and corrected item-total correlations", () => {
    // var(item1) = 5/3, var(item2) = 4.75/3, var(total) = 18.75/3 = 6.25 → α = 2 (1 − 3.25 / 6.25) = 0.96;
    // r(item1, item2) = 4.5 / √(5 · 4.75)
    const { alpha, itemTotal } = cronbach([
      [1, 2],
      [2, 3],
      [3, 3],
      [4, 5],
    ]);
    expect(alpha).toBeCloseTo(0.96, 12);
    expect(itemTotal[0]).toBeCloseTo(4.5 / Math.sqrt(5 * 4.75), 12);
  });
});

describe('a cohort summary', () => {
  const summary = summarizeCohort(rubric, cohort);

  it('gives each node its distribution', () => {
    // overall: 2.25, 2.75, 4, 4.5
    expect(summary.distributions[0]).toMatchObject({
      id: 'overall',
      n: 4,
      missing: 0,
      mean: 3.375,
      median: 3.375,
      q1: 2.625,
      q3: 4.125,
      min: 2.25,
      max: 4.5,
    });
  });

  it('compares peer groups', () => {
    const overall = (value: string) => summary.groups.find((g) => g.attribute === 'sector' && g.value === value)?.nodes[0];
    expect([overall('arab'), overall('jewish')]).toEqual([
      { id: 'overall', n: 2, mean: 2.5, median: 2.5 },
      { id: 'overall', n: 2, mean: 4.25, median: 4.25 },
    ]);
    expect(summary.differences.find((d) => d.attribute === 'sector' && d.node === 'overall')).toEqual({
      attribute: 'sector',
      node: 'overall',
      spread: 1.75,
      lowest: 'arab',
      highest: 'jewish',
    });
    // no subject has a cluster: one group with no value
    expect(summary.groups.filter((g) => g.attribute === 'cluster')).toMatchObject([{ value: null, n: 4 }]);
  });

  it('places each subject in the cohort and among its peers', () => {
    const a = summary.percentiles.find((p) => p.subject === 'a');
    // cohort: below 2.75 one of four, equal one → (1 + 0.5) / 4; among arab authorities (2.25, 2.75): (1 + 0.5) / 2
    expect(a?.cohort.overall).toBe(37.5);
    expect(a?.peers.sector).toMatchObject({ value: 'arab', n: 2, nodes: { overall: 75 } });
  });

  it('does not depend on the order of the profiles', () => {
    expect(summarizeCohort(rubric, [...cohort].reverse())).toEqual(summary);
  });

  it('finds indicators nearly everyone answers the same', () => {
    // CTRL: 4, 4, 4, 5 → 75 % give 4
    expect(summarizeCohort(rubric, cohort, { uniformShare: 0.7 }).quality.uniform).toEqual([
      { id: 'CTRL', score: 4, share: 0.75, n: 4 },
    ]);
    expect(summary.quality.uniform).toEqual([]);
  });

  it("reports each group's internal consistency", () => {
    const d1 = summary.quality.reliability.find((r) => r.id === 'D1');
    expect(d1).toMatchObject({ items: 2, n: 4 });
    expect(d1?.alpha).toBeCloseTo(
      cronbach([
        [4, 4],
        [3, 4],
        [1, 4],
        [5, 5],
      ]).alpha as number,
      12,
    );
  });
});

describe('tracks and the equity check', () => {
  it('counts subjects per track', () => {
    const p = policy();
    const recommendations = cohort.map((x) => recommend(x, p));
    // a: default PEERS; b, d: FLEX (overall ≥ 4, D1 high); c: FIN 1 → STABILIZE
    expect(summarizeCohort(rubric, cohort, { recommendations, policy: p }).tracks?.counts).toEqual([
      { track: 'STABILIZE', n: 1 },
      { track: 'INTENSIVE', n: 0 },
      { track: 'PEERS', n: 1 },
      { track: 'FLEX', n: 2 },
    ]);
  });

  it('flags a group denied a track its capabilities qualify it for', () => {
    // a policy that (wrongly) withholds flexibility from one sector
    const biased = policy(
      policyText.replace('guards:\n', 'guards:\n  - {id: biased, when: {"==": [{attribute: sector}, arab]}, deny: [FLEX]}\n'),
    );
    const strongArab = subject('e', 'arab', [5, 5, 4]);
    const all = [...cohort, strongArab];
    const recommendations = all.map((x) => recommend(x, biased));
    const equity = summarizeCohort(rubric, all, { recommendations, policy: biased, minGroupSize: 1 }).equity;
    expect(equity?.find((e) => e.attribute === 'sector' && e.value === 'arab')).toEqual({
      attribute: 'sector',
      value: 'arab',
      track: 'FLEX',
      qualified: 1,
      granted: 0,
      rate: 0,
      restQualified: 2,
      restRate: 1,
      flagged: true,
    });
    const fair = all.map((x) => recommend(x, policy()));
    expect(summarizeCohort(rubric, all, { recommendations: fair, policy: policy(), minGroupSize: 1 }).equity).toEqual([]);
  });
});
