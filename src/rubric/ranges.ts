import { DEFAULT_AGGREGATION } from '../aggregate/builtin.js';
import type { AggregateChild, Aggregation, ScoreRange } from '../aggregate/types.js';
import type { AggregationRef, Scale } from './model.js';
import type { AggregationInput, NodeInput, RubricInput } from './schema.js';

/** The method and options a node's aggregation names (or the rubric's default). */
export function aggregationRef(node: NodeInput, rubric: RubricInput): AggregationRef {
  const input: AggregationInput = node.aggregation ?? rubric.scoring?.aggregation ?? DEFAULT_AGGREGATION;
  if (typeof input === 'string') return { method: input, options: {} };
  const { method, ...options } = input;
  return { method, options };
}

/** The method and options of the overall score over the top-level nodes. */
export function overallAggregationRef(rubric: RubricInput): AggregationRef {
  return aggregationRef({ id: '' }, rubric);
}

/** Why a node has no range: its children's ranges cannot be combined by its method. */
export interface RangeProblem {
  /** The group, or null for the overall score over the top-level nodes. */
  node: NodeInput | null;
  detail: string;
}

/**
 * Every node's score range, bottom-up: an indicator's is its scale's points range; a group's comes from its
 * aggregation. Nodes whose range cannot be known (unknown scale or method, mixed children) are left out.
 */
export function computeRanges(
  rubric: RubricInput,
  scales: ReadonlyMap<string, Scale>,
  aggregations: ReadonlyMap<string, Aggregation<never>>,
): { ranges: Map<NodeInput, ScoreRange>; overall?: ScoreRange; problems: RangeProblem[] } {
  const ranges = new Map<NodeInput, ScoreRange>();
  const problems: RangeProblem[] = [];
  const combine = (node: NodeInput | null, kids: readonly NodeInput[], ref: AggregationRef): ScoreRange | undefined => {
    const childRanges = kids.map(visit);
    if (childRanges.some((r) => r === undefined)) return undefined;
    const method = aggregations.get(ref.method);
    if (!method) return undefined;
    const parsed = method.options.safeParse(ref.options);
    if (!parsed.success) return undefined;
    const children: AggregateChild[] = kids.map((c, i) => ({
      score: null,
      weight: c.weight ?? 1,
      range: childRanges[i] as ScoreRange,
      ...(c.stage === undefined ? {} : { stage: c.stage }),
    }));
    const range = method.range(children, parsed.data as never);
    if ('error' in range) {
      const distinct = [...new Set(childRanges.map((r) => `${r?.[0]}..${r?.[1]}`))];
      problems.push({ node, detail: distinct.join(', ') });
      return undefined;
    }
    return range;
  };
  function visit(node: NodeInput): ScoreRange | undefined {
    const range = node.children
      ? combine(node, node.children, aggregationRef(node, rubric))
      : node.scale === undefined
        ? undefined
        : scales.get(node.scale)?.range;
    if (range) ranges.set(node, range);
    return range;
  }
  const overall = combine(null, rubric.nodes, overallAggregationRef(rubric));
  return { ranges, problems, ...(overall ? { overall } : {}) };
}
