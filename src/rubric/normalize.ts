import { DEFAULT_AGGREGATION } from '../aggregate/builtin.js';
import type { Aggregation } from '../aggregate/types.js';
import type { LocalizedText } from '../text/localized.js';
import { tierIds } from './check/walk.js';
import type { AgreementRule, Attribute, EvidenceRule, IndicatorFact, ProfileLevel, Rubric, RubricNode, Scale } from './model.js';
import { aggregationRef, computeRanges, overallAggregationRef } from './ranges.js';
import { extensionsOf, normalizeScale } from './scales.js';
import type { AttributeInput, NodeInput, ProfileLevelInput, RubricInput } from './schema.js';

/**
 * Applies every default and inheritance rule: weights 1, the rubric's aggregation, minimum coverage, target
 * and evidence rule unless a node sets its own, roles inherited from the nearest ancestor, targets named by
 * level resolved to scores. Total on a rubric that passed the checks; it cannot fail.
 */
export function normalizeRubric(input: RubricInput, aggregations: ReadonlyMap<string, Aggregation<never>>): Rubric {
  const scales: Record<string, Scale> = {};
  for (const [name, scale] of Object.entries(input.scales)) scales[name] = normalizeScale(name, scale);
  const { ranges, overall } = computeRanges(input, new Map(Object.entries(scales)), aggregations);
  const tiers = input.tiers.map((t) =>
    typeof t === 'string' ? { id: t } : { id: t.id, ...(t.title === undefined ? {} : { title: t.title }) },
  );
  const ids = tierIds(input);
  const globalLevels = (input.levels ?? []).map(normalizeLevel);
  const scoring = input.scoring ?? {};

  const resolveTarget = (target: number | string | undefined, levels: readonly ProfileLevel[]) =>
    typeof target === 'string' ? levels.find((l) => l.id === target)?.from : target;

  // Built key by key rather than by spreading optional keys: each spread is a runtime call until the JIT warms,
  // and on a 1,000-node rubric they were most of a fresh process's normalizing. The key order is the same.
  const node = (n: NodeInput, depth: number, inherited: Inherited): RubricNode => {
    const levels = n.levels ? n.levels.map(normalizeLevel) : globalLevels;
    const roles = n.roles ?? inherited.roles;
    const evidence = n.evidence ?? inherited.evidence;
    const agreement = n.agreement ?? inherited.agreement;
    const control = n.control ?? inherited.control ?? 'authority';
    const target = resolveTarget(n.target ?? (n.children ? scoring.target : undefined), levels);
    const out: Record<string, unknown> = {
      id: n.id,
      tier: ids[depth] as string,
      depth,
      weight: n.weight ?? 1,
      roles,
      levels,
      replaces: n.replaces ?? [],
      control,
      range: ranges.get(n) ?? ([0, 0] as const),
      extensions: extensionsOf(n),
    };
    setDefined(out, 'title', n.title);
    setDefined(out, 'description', n.description);
    setDefined(out, 'target', target);
    if (evidence !== undefined) out.evidence = evidenceRule(evidence);
    setDefined(out, 'stage', n.stage);
    if (agreement !== undefined) out.agreement = { min: agreement.min };
    if (n.children) {
      out.kind = 'group';
      out.aggregation = aggregationRef(n, input);
      out.minCoverage = n.minCoverage ?? scoring.minCoverage ?? 0;
      const passed: Inherited = { roles, control };
      if (evidence !== undefined) passed.evidence = evidence;
      if (agreement !== undefined) passed.agreement = agreement;
      out.children = n.children.map((c) => node(c, depth + 1, passed));
    } else {
      out.kind = 'indicator';
      out.scale = n.scale as string;
      out.descriptors = n.descriptors ?? {};
      out.reverse = n.reverse ?? false;
      out.critical = n.critical ?? false;
      setDefined(out, 'code', n.code);
      setDefined(out, 'question', n.question);
      if (n.fact) out.fact = 'percent' in n.fact ? { percent: n.fact.percent } : factOf(n.fact);
    }
    return out as unknown as RubricNode;
  };

  const evidence = scoring.evidence;
  const overallTarget = resolveTarget(scoring.target, globalLevels);
  return {
    id: input.id,
    version: input.version,
    title: input.title,
    ...(input.description === undefined ? {} : { description: input.description }),
    locales: input.locales,
    defaultLocale: input.defaultLocale ?? (input.locales[0] as string),
    fallbacks: input.fallbacks ?? {},
    tiers,
    roles: (input.roles ?? []).map((r) => ({
      id: r.id,
      weight: r.weight ?? 1,
      validator: r.validator ?? false,
      ...(r.title === undefined ? {} : { title: r.title }),
    })),
    attributes: (input.attributes ?? []).map(attributeOf),
    scales,
    levels: globalLevels,
    scoring: {
      notApplicable: scoring.notApplicable ?? 'exclude',
      missing: scoring.missing ?? 'exclude',
      respondents: {
        combine: scoring.respondents?.combine ?? 'median',
        disagreement: scoring.respondents?.disagreement ?? 2,
      },
      ...(scoring.agreement === undefined ? {} : { agreement: { min: scoring.agreement.min } }),
    },
    overall: {
      aggregation: overallAggregationRef(input),
      minCoverage: scoring.minCoverage ?? 0,
      range: overall ?? [0, 0],
      ...(overallTarget === undefined ? {} : { target: overallTarget }),
    },
    nodes: input.nodes.map((n) =>
      node(n, 0, {
        roles: [],
        ...(evidence === undefined ? {} : { evidence }),
        ...(scoring.agreement === undefined ? {} : { agreement: scoring.agreement }),
      }),
    ),
    extensions: extensionsOf(input),
  };
}

/** What a node passes down to its children. */
interface Inherited {
  roles: readonly string[];
  control?: 'authority' | 'government';
  evidence?: EvidenceRule;
  agreement?: AgreementRule;
}

/** Sets `key` only when there is a value, so an absent optional key stays absent (not `undefined`). */
function setDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

const evidenceRule = (e: EvidenceRule): EvidenceRule => (e.cap === undefined ? { from: e.from } : { from: e.from, cap: e.cap });

function normalizeLevel(l: ProfileLevelInput): ProfileLevel {
  return l.description === undefined
    ? { id: l.id, label: l.label, from: l.from }
    : { id: l.id, label: l.label, from: l.from, description: l.description };
}

export { DEFAULT_AGGREGATION };

/** An attribute with its defaults: a category from the survey; values and their labels apart. */
function attributeOf(a: AttributeInput): Attribute {
  const out: Attribute = { id: a.id, type: a.type ?? 'category', source: a.source ?? 'survey' };
  const set = out as unknown as Record<string, unknown>;
  setDefined(set, 'title', a.title);
  if (a.values) {
    out.values = a.values.map((v) => (typeof v === 'object' ? v.value : v));
    const labels: Record<string, LocalizedText> = {};
    for (const v of a.values) if (typeof v === 'object' && v.label) labels[String(v.value)] = v.label;
    if (Object.keys(labels).length > 0) out.labels = labels;
  }
  for (const key of ['ordered', 'min', 'max', 'unit'] as const) setDefined(set, key, a[key]);
  return out;
}

/** A fact read from an attribute, with its answers map kept only when written. */
const factOf = (fact: { attribute: string; answers?: Record<string, string | number> }): IndicatorFact =>
  fact.answers ? { attribute: fact.attribute, answers: fact.answers } : { attribute: fact.attribute };
