// Rubrics generated at random for property tests of scoring, with answers to match: trees two or three tiers deep,
// every aggregation method (a custom one among them) with and without stages, weights (zero included), minimum
// coverage, targets, N/A and missing counted as zero or excluded, every way of combining respondents and role
// weights, evidence rules with and without caps, reverse keying, critical indicators, and every kind of scale:
// ordinal (a wide one with 41 levels among them), numeric with bands and free (its answers kept as points),
// yes/no and checklists.
import fc from 'fast-check';
import * as z from 'zod';
import { defineAggregation } from '../../src/aggregate/types.js';
import type { Answer } from '../../src/assessment/model.js';
import type { CompiledRubric } from '../../src/rubric/compile.js';
import { loadRubric } from '../../src/rubric/load.js';
import type { Scale } from '../../src/rubric/model.js';

/** A custom aggregation, registered when the rubrics are loaded: the geometric mean (all scores are ≥ 1 here). */
export const geometric = defineAggregation({
  id: 'geometric',
  description: 'geometric mean',
  options: z.object({}).strict(),
  weighted: false,
  range: (children) => children[0]?.range ?? [0, 0],
  aggregate: (children) => children.reduce((p, c) => p * Math.max(c.score, 0), 1) ** (1 / children.length),
});

const WIDE = Array.from({ length: 41 }, (_, i) => Math.round((1 + i * 0.1) * 10) / 10);
const SCALES = `scales:
  l5:
    type: ordinal
    notApplicable: true
    levels: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d}, {value: 5, label: e}]
  strict:
    type: ordinal
    levels: [{value: 1, label: a}, {value: 3, label: c}, {value: 5, label: e}]
  odd:
    type: ordinal
    notApplicable: true
    levels: [{value: 1, label: a}, {value: 2.5, label: b}, {value: 5, label: c}]
  wide:
    type: ordinal
    notApplicable: true
    levels: [${WIDE.map((v) => `{value: ${v}, label: "w${v}"}`).join(', ')}]
  pct:
    type: numeric
    notApplicable: true
    min: 0
    max: 100
    bands: [{from: 0, points: 1}, {from: 50, points: 3}, {from: 90, points: 5}]
  free: {type: numeric, min: 1, max: 5, notApplicable: true}
  yn: {type: boolean, notApplicable: true, points: {yes: 5, no: 1}}
  list:
    type: checklist
    notApplicable: true
    points: {min: 1, max: 5}
    options: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}, {id: d, label: D}]
`;
const SCALE_NAMES = ['l5', 'strict', 'odd', 'wide', 'pct', 'free', 'yn', 'list'] as const;
const GROUP_METHODS = ['mean', 'weighted-mean', 'median', 'min', 'max', 'staged', 'high-water', 'geometric'] as const;
const ROLE_SETS = [undefined, '[ceo]', '[treasurer]', '[ceo, treasurer]'] as const;

const indicator = fc.record({
  scale: fc.constantFrom(...SCALE_NAMES),
  weight: fc.constantFrom(undefined, 0, 1, 2, 3),
  reverse: fc.boolean(),
  critical: fc.boolean(),
  roles: fc.constantFrom(...ROLE_SETS),
  evidence: fc.constantFrom(undefined, '{from: 3}', '{from: 4, cap: 2}'),
});
const group = <T>(children: fc.Arbitrary<T[]>) =>
  fc.record({
    method: fc.constantFrom(...GROUP_METHODS),
    weight: fc.constantFrom(undefined, 0, 1, 2, 3),
    minCoverage: fc.constantFrom(undefined, 0, 0.5, 1),
    target: fc.constantFrom(undefined, 2, 'high'),
    roles: fc.constantFrom(undefined, undefined, '[ceo]'),
    children,
  });

/** The shape of a generated rubric, before it is written as YAML. */
const shape = fc.record({
  depth: fc.constantFrom(2, 3),
  staged: fc.boolean(),
  overall: fc.constantFrom('weighted-mean', 'mean', 'median', 'sum'),
  notApplicable: fc.constantFrom('exclude', 'zero'),
  missing: fc.constantFrom('exclude', 'zero'),
  minCoverage: fc.constantFrom(undefined, 0, 0.5, 0.9),
  target: fc.constantFrom(undefined, 'solid', 3.5),
  evidence: fc.constantFrom(undefined, '{from: 4}', '{from: 4, cap: 2}'),
  combine: fc.constantFrom('mean', 'median', 'min', 'max', 'role-weights'),
  disagreement: fc.constantFrom(undefined, 0, 1, 2, 5),
  roleWeights: fc.tuple(fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1, 2)),
  top: fc.array(
    group(
      fc.array(fc.tuple(indicator, group(fc.array(indicator, { minLength: 1, maxLength: 3 }))), { minLength: 1, maxLength: 3 }),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;
type IndicatorShape = Shape['top'][number]['children'][number][0];

/** Siblings whose weights are all 0 cannot be scored (the loader refuses them): the first then weighs 1. */
function someWeight<T extends { weight: number | undefined }>(siblings: readonly T[]): T[] {
  if (!siblings.every((x) => x.weight === 0)) return [...siblings];
  return siblings.map((x, i) => (i === 0 ? { ...x, weight: 1 } : x));
}

/** The rubric a shape describes, as YAML. */
function rubricYaml(shape: Shape): string {
  const s = {
    ...shape,
    top: someWeight(shape.top).map((g) => {
      const children = g.children.map(([ind, sub]) => [ind, { ...sub, children: someWeight(sub.children) }] as const);
      const inds = someWeight(children.map(([ind]) => ind));
      const subs = someWeight(children.map(([, sub]) => sub));
      return { ...g, children: children.map((_, i) => [inds[i] as IndicatorShape, subs[i] as (typeof subs)[number]] as const) };
    }),
  };
  const lines = [
    'mahvan: 1',
    'id: generated',
    'version: "1"',
    'title: Generated',
    'locales: [en]',
    `tiers: [${s.depth === 3 ? 'domain, capability, indicator' : 'domain, indicator'}]`,
    `roles: [{id: ceo, weight: ${s.roleWeights[0]}}, {id: treasurer, weight: ${s.roleWeights[1]}}]`,
    SCALES.trimEnd(),
    'levels: [{id: none, label: None, from: 0}, {id: low, label: Low, from: 1}, {id: basic, label: Basic, from: 2}, {id: solid, label: Solid, from: 3}, {id: high, label: High, from: 4}]',
    'scoring:',
    `  notApplicable: ${s.notApplicable}`,
    `  missing: ${s.missing}`,
    `  aggregation: ${s.overall}`,
    ...(s.minCoverage === undefined ? [] : [`  minCoverage: ${s.minCoverage}`]),
    ...(s.target === undefined || s.overall === 'sum' ? [] : [`  target: ${s.target}`]),
    ...(s.evidence === undefined ? [] : [`  evidence: ${s.evidence}`]),
    `  respondents: {combine: ${s.combine}${s.disagreement === undefined ? '' : `, disagreement: ${s.disagreement}`}}`,
    'nodes:',
  ];
  let n = 0;
  const leaf = (ind: IndicatorShape, indent: string, stage?: number) => {
    const fields = [`id: I${++n}`, `scale: ${ind.scale}`];
    if (ind.weight !== undefined) fields.push(`weight: ${ind.weight}`);
    if (ind.reverse) fields.push('reverse: true');
    if (ind.critical) fields.push('critical: true');
    if (ind.roles) fields.push(`roles: ${ind.roles}`);
    if (ind.evidence) fields.push(`evidence: ${ind.evidence}`);
    if (stage !== undefined) fields.push(`stage: ${stage}`);
    lines.push(`${indent}- {${fields.join(', ')}}`);
  };
  // top-level groups may be staged (children carry stages 1..3, the group's range becomes 0..3): only under a sum,
  // which combines any ranges
  const stagedTop = s.staged && s.overall === 'sum';
  s.top.forEach((g, d) => {
    const method = stagedTop ? (d % 2 === 0 ? 'staged' : 'high-water') : g.method;
    lines.push(`  - id: D${d + 1}`, `    aggregation: ${method}`);
    if (g.weight !== undefined) lines.push(`    weight: ${g.weight}`);
    if (g.minCoverage !== undefined) lines.push(`    minCoverage: ${g.minCoverage}`);
    if (g.target !== undefined && !stagedTop) lines.push(`    target: ${g.target}`);
    if (g.roles) lines.push(`    roles: ${g.roles}`);
    lines.push('    children:');
    g.children.forEach(([ind, sub], c) => {
      const stage = stagedTop ? (c % 3) + 1 : undefined;
      if (s.depth === 2) return leaf(ind, '      ', stage);
      lines.push(`      - id: D${d + 1}C${c + 1}`, `        aggregation: ${sub.method}`);
      if (sub.weight !== undefined) lines.push(`        weight: ${sub.weight}`);
      if (sub.minCoverage !== undefined) lines.push(`        minCoverage: ${sub.minCoverage}`);
      if (sub.target !== undefined) lines.push(`        target: ${sub.target}`);
      if (stage !== undefined) lines.push(`        stage: ${stage}`);
      lines.push('        children:');
      for (const child of sub.children) leaf(child, '          ');
    });
  });
  return `${lines.join('\n')}\n`;
}

/** A generated rubric, loaded (with the custom aggregation registered); a counterexample shows its YAML. */
export const generatedRubric: fc.Arbitrary<{ rubric: CompiledRubric; text: string }> = shape.map((s) => {
  const text = rubricYaml(s);
  const result = loadRubric(text, { aggregations: [geometric as never] });
  if (!result.ok) throw new Error(`${text}\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return {
    rubric: result.rubric,
    text,
    [fc.toStringMethod]: () => text.replace(/ {2}wide:[\s\S]*? {2}pct:/, '  wide: …\n  pct:'),
  };
});

/** Answers a scale takes, and some it does not (invalid ones), as an assessment may give them. */
export function answerFor(scale: Scale): fc.Arbitrary<Answer> {
  const value = valueFor(scale);
  return fc.oneof(
    { weight: 6, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant({ na: true }) },
    { weight: 1, arbitrary: fc.constantFrom<Answer>('x', -1, 1e6, ['nope']) },
    { weight: 2, arbitrary: fc.record({ value, evidence: fc.array(fc.constantFrom('a.pdf', 'b.xlsx'), { maxLength: 2 }) }) },
  ) as fc.Arbitrary<Answer>;
}

function valueFor(scale: Scale): fc.Arbitrary<Answer> {
  switch (scale.type) {
    case 'ordinal':
      return fc.constantFrom(...scale.levels.map((l) => l.points));
    case 'boolean':
      return fc.constantFrom<Answer>(true, false, 'yes', 'no');
    case 'checklist':
      return fc.subarray(scale.levels.map((l) => l.key)) as fc.Arbitrary<Answer>;
    case 'numeric': {
      const { min, max } = scale.numeric ?? { min: 0, max: 1 };
      return fc.oneof(
        fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
        fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
      );
    }
  }
}

/** Assessments of one subject for a rubric: up to six respondents (roles known, unknown or none), any answers. */
export function assessmentFor(rubric: CompiledRubric, maxRespondents = 6) {
  const ids = rubric.indicators.map((i) => i.id);
  const byIndicator = Object.fromEntries(rubric.indicators.map((i) => [i.id, answerFor(rubric.rubric.scales[i.scale] as Scale)]));
  const answers = fc
    .subarray(ids)
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((id) => [id, byIndicator[id] as fc.Arbitrary<Answer>]))));
  const roles = [...rubric.rubric.roles.map((r) => r.id), 'intern'];
  const respondent = fc.record({
    id: fc.string({ minLength: 1, maxLength: 3 }),
    role: fc.option(fc.constantFrom(...roles), { nil: undefined }),
    answers,
  });
  return fc
    .uniqueArray(respondent, { minLength: 0, maxLength: maxRespondents, selector: (r) => r.id })
    .map((rs) => ({ subject: { id: 'S' }, respondents: rs.map(({ role, ...r }) => (role ? { ...r, role } : r)) }));
}
