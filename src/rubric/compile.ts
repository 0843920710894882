import type { Aggregation } from '../aggregate/types.js';
import type { IndicatorNode, Rubric, RubricNode } from './model.js';

/** A rubric ready for scoring: nodes indexed in pre-order, parents known, everything frozen. */
export interface CompiledRubric {
  readonly rubric: Rubric;
  /** Every node in pre-order (document order). */
  readonly nodes: readonly RubricNode[];
  /** The indicators in document order. */
  readonly indicators: readonly IndicatorNode[];
  /** Node by id. */
  readonly byId: ReadonlyMap<string, RubricNode>;
  /** The parent id of each node; top-level nodes have none. */
  readonly parentOf: ReadonlyMap<string, string>;
  /** The aggregation methods the rubric may name: the built-in ones and any registered when it was loaded. */
  readonly aggregations: ReadonlyMap<string, Aggregation<never>>;
}

/** Indexes a normalized rubric and freezes it, so scoring can share it safely. Cannot fail. */
export function compileRubric(rubric: Rubric, aggregations: ReadonlyMap<string, Aggregation<never>>): CompiledRubric {
  const nodes: RubricNode[] = [];
  const parentOf = new Map<string, string>();
  const visit = (node: RubricNode, parent?: string) => {
    nodes.push(node);
    if (parent !== undefined) parentOf.set(node.id, parent);
    if (node.kind === 'group') for (const child of node.children) visit(child, node.id);
  };
  for (const node of rubric.nodes) visit(node);
  return Object.freeze({
    rubric: deepFreeze(rubric),
    nodes: Object.freeze(nodes),
    indicators: Object.freeze(nodes.filter((n): n is IndicatorNode => n.kind === 'indicator')),
    byId: new Map(nodes.map((n) => [n.id, n] as const)),
    parentOf,
    aggregations,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
