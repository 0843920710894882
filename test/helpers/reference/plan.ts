import type { Aggregation, ScoreRange } from '../../../src/aggregate/types.js';
import type { CompiledRubric } from '../../../src/rubric/compile.js';
import type { GroupNode, IndicatorNode, ProfileLevel, RubricNode, Scale } from '../../../src/rubric/model.js';

/** One step of a scoring plan: a node with its children as indices into the plan. */
export interface PlanStep {
  index: number;
  node: RubricNode | null;
  id: string;
  kind: 'group' | 'indicator' | 'overall';
  tier: string;
  weight: number;
  stage?: number;
  range: ScoreRange;
  levels: readonly ProfileLevel[];
  /** Indicators: the scale; groups: nothing. */
  scale?: Scale;
  /** Groups: children indices, the method and its parsed options, minimum coverage and critical children. */
  children: Int32Array;
  method?: Aggregation<never>;
  options?: unknown;
  minCoverage: number;
  critical: Int32Array;
  /** The node's share of the overall score: the product of normalized weights from the top. */
  share: number;
}

/**
 * A rubric flattened for scoring: steps in post-order (children before parents, the overall last), so scoring
 * is one pass over an array instead of a walk over objects.
 */
export interface ScoringPlan {
  compiled: CompiledRubric;
  steps: readonly PlanStep[];
  indexOf: ReadonlyMap<string, number>;
  indicators: readonly (PlanStep & { node: IndicatorNode })[];
  /** The tier whose gaps are listed as priorities: the lowest tier of groups. */
  priorityTier: string;
}

const plans = new WeakMap<CompiledRubric, ScoringPlan>();

/** Builds (once per rubric) the flat plan scoring runs on. */
export function planScoring(compiled: CompiledRubric): ScoringPlan {
  const cached = plans.get(compiled);
  if (cached) return cached;
  const registry = compiled.aggregations;
  const { rubric } = compiled;
  const steps: PlanStep[] = [];
  // the loader checked every method name against this same registry
  const resolve = (method: string) => registry.get(method) as Aggregation<never>;

  const visit = (node: RubricNode): number => {
    const childIdx = node.kind === 'group' ? node.children.map(visit) : [];
    const step: PlanStep = {
      index: steps.length,
      node,
      id: node.id,
      kind: node.kind,
      tier: node.tier,
      weight: node.weight,
      ...(node.stage === undefined ? {} : { stage: node.stage }),
      range: node.range,
      levels: node.levels,
      children: Int32Array.from(childIdx),
      minCoverage: node.kind === 'group' ? node.minCoverage : 0,
      critical: Int32Array.from(
        node.kind === 'group'
          ? node.children.flatMap((c, i) => (c.kind === 'indicator' && c.critical ? [childIdx[i] as number] : []))
          : [],
      ),
      share: 0,
    };
    if (node.kind === 'indicator') step.scale = rubric.scales[node.scale];
    else {
      const method = resolve((node as GroupNode).aggregation.method);
      step.method = method;
      step.options = method.options.parse((node as GroupNode).aggregation.options);
    }
    steps.push(step);
    return step.index;
  };
  const top = rubric.nodes.map(visit);
  const overallMethod = resolve(rubric.overall.aggregation.method);
  steps.push({
    index: steps.length,
    node: null,
    id: 'overall',
    kind: 'overall',
    tier: 'overall',
    weight: 1,
    range: rubric.overall.range,
    levels: rubric.levels,
    children: Int32Array.from(top),
    method: overallMethod,
    options: overallMethod.options.parse(rubric.overall.aggregation.options),
    minCoverage: rubric.overall.minCoverage,
    critical: new Int32Array(0),
    share: 1,
  });
  // shares flow top-down: each child gets its parent's share times its normalized weight
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as PlanStep;
    let total = 0;
    for (const c of step.children) total += (steps[c] as PlanStep).weight;
    for (const c of step.children) {
      const child = steps[c] as PlanStep;
      child.share = step.share * (total > 0 ? child.weight / total : 1 / step.children.length);
    }
  }
  const groupTiers = compiled.nodes.filter((n) => n.kind === 'group').map((n) => n.depth);
  const deepest = groupTiers.length > 0 ? Math.max(...groupTiers) : 0;
  const plan: ScoringPlan = {
    compiled,
    steps,
    indexOf: new Map(steps.map((s) => [s.id, s.index] as const)),
    indicators: steps.filter((s): s is PlanStep & { node: IndicatorNode } => s.kind === 'indicator'),
    priorityTier: rubric.tiers[deepest]?.id ?? 'overall',
  };
  plans.set(compiled, plan);
  return plan;
}
