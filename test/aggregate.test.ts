import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AggregateChild,
  builtinAggregations,
  defineAggregation,
  loadRubric,
  scoreAssessment,
  traceNode,
} from '../src/index.js';

const method = (id: string) => builtinAggregations.find((a) => a.id === id)!;
const kids = (scores: number[], weights = scores.map(() => 1), range: [number, number] = [1, 5], stages?: number[]) =>
  scores.map((score, i) => ({ score, weight: weights[i]!, range, ...(stages ? { stage: stages[i] } : {}) }));

describe('built-in aggregations, worked by hand', () => {
  it.each([
    ['mean', kids([1, 2, 4]), {}, 7 / 3, '(1 + 2 + 4) / 3'],
    ['mean', kids([1, 2, 4], [5, 1, 1]), {}, 7 / 3, 'weights ignored'],
    ['weighted-mean', kids([1, 2, 4], [2, 1, 1]), {}, 2, '(2×1 + 1×2 + 1×4) / 4'],
    ['weighted-mean', kids([2, 4], [0, 0]), {}, 3, 'all weights 0 among those counted: the plain mean'],
    ['median', kids([5, 1, 3]), {}, 3, 'middle of 1, 3, 5'],
    ['median', kids([4, 1, 3, 2]), {}, 2.5, 'mean of the middle two (2, 3)'],
    ['min', kids([3, 2, 5]), {}, 2, 'weakest'],
    ['max', kids([3, 2, 5]), {}, 5, 'strongest'],
    ['sum', kids([0.5, 1, 0.25], [1, 1, 1], [0, 1]), {}, 1.75, '0.5 + 1 + 0.25'],
    ['sum', kids([0.5, 1], [2, 1], [0, 1]), {}, 2, '2×0.5 + 1×1'],
    ['staged', kids([3.5, 4.2, 2.9]), {}, 2, 'every child reaches 2; not every child reaches 3'],
    ['staged', kids([3.5, 4.2, 3]), {}, 3, 'every child reaches 3'],
    ['staged', kids([3.5, 4.2, 3.1]), { levels: [1, 2, 3.5, 5] }, 2, 'custom level grid: 3.1 < 3.5'],
    ['staged', kids([1, 1, 0.5], [1, 1, 1], [0, 1], [1, 2, 3]), {}, 2, 'stages 1 and 2 fully achieved, stage 3 not'],
    ['staged', kids([1, 0, 1], [1, 1, 1], [0, 1], [1, 2, 3]), {}, 1, 'stage 2 not achieved stops the count, though stage 3 is'],
    ['staged', kids([1, 0.5, 0.6], [1, 1, 1], [0, 1], [1, 2, 2]), { threshold: 0.5 }, 2, 'threshold 0.5 (largely achieved)'],
    [
      'staged',
      kids([1, 1], [1, 1], [0, 1], [1, 3]),
      { levels: [1, 2, 3, 4, 5] },
      5,
      'declared stages 2, 4, 5 have no child: reached once all below are',
    ],
    [
      'staged',
      kids([1, 0.5], [1, 1], [0, 1], [1, 3]),
      { levels: [1, 2, 3, 4, 5] },
      2,
      'stage 3 not achieved: stage 2 (no child) is the last reached',
    ],
    ['high-water', kids([1, 0, 1], [1, 1, 1], [0, 1], [1, 2, 3]), {}, 3, 'the highest stage with an achieved child'],
    ['high-water', kids([0, 0, 0], [1, 1, 1], [0, 1], [1, 2, 3]), {}, 0, 'nothing achieved'],
    ['high-water', kids([2, 4, 3]), {}, 4, 'without stages: the maximum'],
  ] as [string, AggregateChild[], object, number, string][])('%s of %j with %j = %d (%s)', (id, children, options, expected) => {
    const m = method(id);
    const range = m.range(children as AggregateChild[], options as never);
    expect('error' in range).toBe(false);
    expect(
      m.aggregate(children as (AggregateChild & { score: number })[], options as never, range as [number, number]),
    ).toBeCloseTo(expected, 12);
  });

  it.each([
    ['mean', kids([1], [1], [1, 5]).concat(kids([0], [1], [0, 1])), { error: 'mixed-ranges' }],
    ['sum', kids([0, 0], [1, 2], [0, 1]), [0, 3]],
    ['staged', kids([0, 0, 0], [1, 1, 1], [0, 1], [1, 2, 3]), [0, 3]],
    ['staged', kids([0, 0], [1, 1], [0, 1], [1, 3]), [0, 5], { levels: [1, 2, 3, 4, 5] }],
  ] as [string, AggregateChild[], unknown, object?][])('range of %s over %j = %j', (id, children, expected, options = {}) => {
    expect(method(id).range(children, options as never)).toEqual(expected);
  });
});

describe('custom aggregations', () => {
  const geometric = defineAggregation({
    id: 'geometric-mean',
    description: 'geometric mean: (Π xᵢ)^(1/n)',
    options: z.object({}).strict(),
    weighted: false,
    range: (children) => children[0]!.range,
    aggregate: (children) => children.reduce((p, c) => p * c.score, 1) ** (1 / children.length),
  });
  const rubric = `mahvan: 1
id: g
version: "1"
title: t
locales: [en]
tiers: [group, question]
scales:
  s: {type: ordinal, levels: [{value: 1, label: a}, {value: 2, label: b}, {value: 4, label: c}]}
nodes:
  - id: G
    aggregation: geometric-mean
    children:
      - {id: Q1, scale: s}
      - {id: Q2, scale: s}
`;

  it('is unknown to a loader that was not given it', () => {
    expect(loadRubric(rubric).diagnostics.map((d) => d.code)).toEqual(['unknown-aggregation']);
  });

  it('scores once registered: geometric mean of 1 and 4 = 2', () => {
    const result = loadRubric(rubric, { aggregations: [geometric as never] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = scoreAssessment(result.rubric, { subject: { id: 'x' }, respondents: [{ id: 'r', answers: { Q1: 1, Q2: 4 } }] });
    expect(p.nodes.G?.score).toBeCloseTo(2, 12);
    expect(traceNode(result.rubric, p, 'G')?.method).toBe('geometric-mean');
  });
});
