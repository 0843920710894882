// Fairness within capability bands, worked by hand: a difference in a track's share counts only between
// subjects at the same overall level; small groups are suppressed; guards and the waves rule are counted apart.
import { describe, expect, it } from 'vitest';
import { blockingOf, type FairnessRecord, fairness } from '../src/cohort/fairness.js';
import type { ProfileLevel } from '../src/rubric/model.js';

const LEVELS: ProfileLevel[] = [
  { id: 'low', label: 'Low', from: 1 },
  { id: 'high', label: 'High', from: 3 },
];
const record = (
  id: string,
  sector: string,
  overall: number,
  primary: string,
  extra: Partial<FairnessRecord> = {},
): FairnessRecord => ({
  subject: { id, attributes: { sector } },
  overall,
  primary,
  qualified: primary,
  unguarded: primary,
  facts: {},
  ...extra,
});

const D1 = JSON.stringify({ '>=': [{ score: 'D1' }, 3.5] });
const D8 = JSON.stringify({ '>=': [{ score: 'D8' }, 3.5] });

describe('fairness within capability bands', () => {
  // high band: 5 arab (1 on T4), 5 jewish (4 on T4); low band: 5 arab and 5 jewish, all on T1
  const records = [
    // the four arab authorities of the high band not on T4: three held back by D8, one by D1
    ...[0, 1, 2, 3, 4].map((i) =>
      record(`a${i}`, 'arab', 3.5, i === 0 ? 'T4' : 'T3', {
        facts: { DRAW: 60 + i },
        ...(i === 0 ? {} : { blocked: { T4: [i === 1 ? D1 : D8] } }),
      }),
    ),
    ...[0, 1, 2, 3, 4].map((i) => record(`j${i}`, 'jewish', 3.5, i === 0 ? 'T3' : 'T4', { facts: { DRAW: 90 } })),
    ...[0, 1, 2, 3, 4].map((i) => record(`b${i}`, 'arab', 1.5, 'T1')),
    ...[0, 1, 2, 3, 4].map((i) => record(`k${i}`, 'jewish', 1.5, 'T1')),
    record('d0', 'druze', 3.5, 'T3', { qualified: 'T4', unguarded: 'T4' }),
  ];
  const result = fairness(records, { attributes: ['sector'], levels: LEVELS });

  it('compares shares within the same level: in the high band arab 1/5 on T4 against 4/6 for the rest', () => {
    const t4 = result.findings.filter((f) => f.track === 'T4' && f.value === 'arab');
    // the rest of the high band: 5 jewish (4 on T4) and 1 druze (T3): 4/6
    expect(t4).toEqual([
      {
        attribute: 'sector',
        value: 'arab',
        band: 'high',
        track: 'T4',
        share: 0.2,
        n: 5,
        restShare: 4 / 6,
        restN: 6,
        // what kept the group from T4 most often: D8 below 3.5, for 3 of the 4
        blocking: { condition: D8, count: 3 },
      },
    ]);
    // the low band: everyone on T1, no difference
    expect(result.findings.some((f) => f.band === 'low')).toBe(false);
  });

  it('works out what blocked a subject from each track from its reasons: the first failing condition per rule', () => {
    const rec = {
      primary: 'T3',
      reasons: [
        {
          kind: 'rule' as const,
          id: 'flex',
          holds: false,
          effect: 'none',
          facts: [{ condition: 'D8', logic: JSON.parse(D8), holds: false, values: {} }],
        },
        { kind: 'rule' as const, id: 'peers', holds: true, effect: 'primary T3', facts: [] },
      ],
    };
    const policy = {
      rules: [
        { id: 'flex', when: true, primary: 'T4', secondary: [], measures: [] },
        { id: 'peers', when: true, primary: 'T3', secondary: [], measures: [] },
      ],
    };
    expect(blockingOf(rec, policy)).toEqual({ T4: [D8] });
  });

  it('suppresses a group below the minimum size, and says how many', () => {
    const druze = result.groups.find((g) => g.value === 'druze');
    expect(druze).toEqual({ attribute: 'sector', value: 'druze', n: 1, suppressed: true });
    expect(result.findings.some((f) => f.value === 'druze')).toBe(false);
  });

  it('counts register facts by group: mean draw-down 62 for arab, 90 for jewish', () => {
    const arab = result.groups.find((g) => g.value === 'arab');
    expect(arab?.facts).toEqual({ DRAW: { mean: 62, n: 5 } });
    expect(result.groups.find((g) => g.value === 'jewish')?.facts).toEqual({ DRAW: { mean: 90, n: 5 } });
  });

  it('counts guard denials and the waves rule apart, never as a finding', () => {
    const held = fairness(
      [
        ...[0, 1, 2, 3, 4].map((i) => record(`x${i}`, 'x', 3.5, 'T3', i < 2 ? { unguarded: 'T4', qualified: 'T3' } : {})),
        ...[0, 1, 2, 3, 4].map((i) => record(`y${i}`, 'y', 3.5, 'T3', i < 3 ? { qualified: 'T4', unguarded: 'T4' } : {})),
      ],
      { attributes: ['sector'], levels: LEVELS },
    );
    expect(held.groups.map((g) => [g.value, g.heldByGuards, g.heldByWaves])).toEqual([
      ['x', 2, 0],
      ['y', 0, 3],
    ]);
    expect(held.findings).toEqual([]);
  });
});
