import type { z } from 'zod';

/** A score range [min, max] in a node's own units. */
export type ScoreRange = readonly [number, number];

/** What an aggregation knows about one child when it computes a range or a score. */
export interface AggregateChild {
  /** The child's score, or null when it could not be scored. */
  score: number | null;
  /** The child's weight among its siblings. */
  weight: number;
  /** The child's score range. */
  range: ScoreRange;
  /** The level (stage) the child belongs to, for staged and high-water methods. */
  stage?: number;
}

/**
 * An aggregation method, defined as data: its options schema, the range of the scores it produces, and the
 * score itself. `aggregate` only ever sees children that count (scored, or counted as zero by policy).
 */
export interface Aggregation<O = Record<string, unknown>> {
  id: string;
  /** One line for docs and explanations, e.g. "weighted mean: Σ wᵢxᵢ / Σ wᵢ". */
  description: string;
  options: z.ZodType<O>;
  /** The node's score range from its children's, or an error text when they cannot be combined. */
  range(children: readonly AggregateChild[], options: O): ScoreRange | { error: 'mixed-ranges' | string };
  /** The score from the children that count; each has a non-null score. */
  aggregate(children: readonly (AggregateChild & { score: number })[], options: O, range: ScoreRange): number;
  /** True when weights change the result, so explanations can show them. */
  weighted: boolean;
  /**
   * The same score from parallel arrays (the first `n` scores and weights of the children that count), for
   * methods that need no options, ranges or stages. The batch scorer uses it to avoid an object per child.
   */
  scores?(scores: ArrayLike<number>, weights: ArrayLike<number>, n: number): number;
}

/** Defines an aggregation with typed options. */
export function defineAggregation<O>(definition: Aggregation<O>): Aggregation<O> {
  return definition;
}
