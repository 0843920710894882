import * as z from 'zod';
import { type AggregateChild, type Aggregation, defineAggregation, type ScoreRange } from './types.js';

const none = z.object({}).strict();

/** The children's common range, or an error when they differ. */
function sameRange(children: readonly AggregateChild[]): ScoreRange | { error: 'mixed-ranges' } {
  const first = children[0]?.range ?? ([0, 0] as const);
  for (const c of children) if (c.range[0] !== first[0] || c.range[1] !== first[1]) return { error: 'mixed-ranges' };
  return first;
}

/**
 * A method computed from the children's scores and weights alone: `scores` works on parallel arrays (the batch
 * scorer), and `aggregate` is the same arithmetic on child objects, so both scorers agree to the last bit.
 */
function fromScores(kernel: (scores: ArrayLike<number>, weights: ArrayLike<number>, n: number) => number) {
  return {
    scores: kernel,
    aggregate: (children: readonly (AggregateChild & { score: number })[]) =>
      // typed arrays on both paths keep the kernel's element reads of one kind
      kernel(
        Float64Array.from(children, (c) => c.score),
        Float64Array.from(children, (c) => c.weight),
        children.length,
      ),
  };
}

const sumOf = (xs: ArrayLike<number>, n: number) => {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i] as number;
  return sum;
};

export const mean = defineAggregation({
  id: 'mean',
  description: 'mean: Σ xᵢ / n (weights ignored)',
  options: none,
  weighted: false,
  range: sameRange,
  ...fromScores((scores, _, n) => sumOf(scores, n) / n),
});

export const weightedMean = defineAggregation({
  id: 'weighted-mean',
  description: 'weighted mean: Σ wᵢxᵢ / Σ wᵢ',
  options: none,
  weighted: true,
  range: sameRange,
  ...fromScores((scores, weights, n) => {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      sum += (weights[i] as number) * (scores[i] as number);
      total += weights[i] as number;
    }
    // all-zero weights among the children that count: fall back to the plain mean
    return total > 0 ? sum / total : sumOf(scores, n) / n;
  }),
});

export const median = defineAggregation({
  id: 'median',
  description: 'median of the children (mean of the two middle ones for an even count)',
  options: none,
  weighted: false,
  range: sameRange,
  ...fromScores((scores, _, n) => {
    const s = Float64Array.from({ length: n }, (_, i) => scores[i] as number).sort();
    const mid = n >> 1;
    return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }),
});

export const minimum = defineAggregation({
  id: 'min',
  description: 'minimum: the weakest child decides',
  options: none,
  weighted: false,
  range: sameRange,
  ...fromScores((scores, _, n) => {
    let m = scores[0] as number;
    for (let i = 1; i < n; i++) if ((scores[i] as number) < m) m = scores[i] as number;
    return m;
  }),
});

export const maximum = defineAggregation({
  id: 'max',
  description: 'maximum: the strongest child decides',
  options: none,
  weighted: false,
  range: sameRange,
  ...fromScores((scores, _, n) => {
    let m = scores[0] as number;
    for (let i = 1; i < n; i++) if ((scores[i] as number) > m) m = scores[i] as number;
    return m;
  }),
});

export const sum = defineAggregation({
  id: 'sum',
  description: 'sum: Σ wᵢxᵢ; the range is the weighted sum of the children’s ranges',
  options: none,
  weighted: true,
  range: (children) => [
    children.reduce((s, c) => s + c.weight * c.range[0], 0),
    children.reduce((s, c) => s + c.weight * c.range[1], 0),
  ],
  ...fromScores((scores, weights, n) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += (weights[i] as number) * (scores[i] as number);
    return total;
  }),
});

const stagedOptions = z
  .object({
    threshold: z.number().min(0).max(1).optional(),
    levels: z.array(z.number()).min(1).optional(),
  })
  .strict();

/** True when a child reached `threshold` of its own range (1 = its maximum). */
const achieved = (c: AggregateChild & { score: number }, threshold: number) =>
  c.score >= c.range[0] + threshold * (c.range[1] - c.range[0]) - 1e-9;

const hasStages = (children: readonly AggregateChild[]) => children.some((c) => c.stage !== undefined);

const stageRange = (children: readonly AggregateChild[]): ScoreRange => [0, Math.max(0, ...children.map((c) => c.stage ?? 0))];

/** The level values a staged score is floored to: the option, or each whole number of the range. */
function levelGrid(range: ScoreRange, levels?: readonly number[]): number[] {
  if (levels) return [...levels].sort((a, b) => a - b);
  const grid: number[] = [];
  for (let v = Math.ceil(range[0]); v <= range[1]; v++) grid.push(v);
  return grid;
}

export const staged = defineAggregation({
  id: 'staged',
  description:
    'staged: a level counts as reached only when every child reaches it (with child stages: the highest stage whose children and all below are achieved)',
  options: stagedOptions,
  weighted: false,
  range: (children, options) => {
    if (hasStages(children)) return [0, Math.max(...stageRange(children), ...(options.levels ?? []))];
    const r = sameRange(children);
    if ('error' in r) return r;
    const grid = levelGrid(r, options.levels);
    return [Math.min(r[0], grid[0] ?? r[0]), r[1]];
  },
  aggregate: (children, options, range) => {
    const threshold = options.threshold ?? 1;
    if (hasStages(children)) {
      // The stage grid is the declared levels (a level without children is reached once all below it are:
      // DSOMM's sub-dimensions lack some levels), else the stages the children have.
      const stages = [...new Set([...children.map((c) => c.stage ?? 0), ...(options.levels ?? [])])].sort((a, b) => a - b);
      let reached = 0;
      for (const stage of stages) {
        if (!children.filter((c) => (c.stage ?? 0) === stage).every((c) => achieved(c, threshold))) break;
        reached = stage;
      }
      return reached;
    }
    const lowest = Math.min(...children.map((c) => c.score));
    let reached = range[0];
    for (const level of levelGrid(range, options.levels)) if (lowest >= level - 1e-9) reached = level;
    return reached;
  },
});

export const highWater = defineAggregation({
  id: 'high-water',
  description: 'high-water mark: the highest stage with at least one achieved child (without stages: the maximum)',
  options: stagedOptions.pick({ threshold: true }),
  weighted: false,
  range: (children) => (hasStages(children) ? stageRange(children) : sameRange(children)),
  aggregate: (children, options) => {
    if (!hasStages(children)) return Math.max(...children.map((c) => c.score));
    const threshold = options.threshold ?? 1;
    return Math.max(0, ...children.filter((c) => achieved(c, threshold)).map((c) => c.stage ?? 0));
  },
});

/** The methods every rubric can name. */
export const builtinAggregations: readonly Aggregation<never>[] = [
  mean,
  weightedMean,
  median,
  minimum,
  maximum,
  sum,
  staged,
  highWater,
] as unknown as Aggregation<never>[];

/** The method used when a rubric names none. */
export const DEFAULT_AGGREGATION = 'weighted-mean';
