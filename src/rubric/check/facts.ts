import { suggest } from '../../diagnostics/messages.js';
import { answerPoints } from '../../score/answer-points.js';
import { normalizeScale } from '../scales.js';
import type { AttributeInput, NodeInput } from '../schema.js';
import type { CheckContext } from './context.js';

const QUANTITIES = new Set(['integer', 'number', 'percentage']);

/** Values only on categories, ranges only on numbers, each value once. */
export function checkAttributes(ctx: CheckContext): void {
  ctx.rubric.attributes?.forEach((a, i) => {
    const path = ['attributes', i];
    const type = a.type ?? 'category';
    if (a.values && type !== 'category')
      ctx.report('invalid-attribute', { id: a.id, reason: `values: lists a category's values, and '${a.id}' is a ${type}` }, [
        ...path,
        'values',
      ]);
    for (const key of ['min', 'max', 'unit'] as const)
      if (a[key] !== undefined && !QUANTITIES.has(type))
        ctx.report('invalid-attribute', { id: a.id, reason: `${key}: applies to numbers, and '${a.id}' is a ${type}` }, [
          ...path,
          key,
        ]);
    if (a.min !== undefined && a.max !== undefined && a.min > a.max)
      ctx.report('invalid-attribute', { id: a.id, reason: `min ${a.min} is above max ${a.max}` }, [...path, 'max']);
    const seen = new Set<string>();
    a.values?.forEach((v, j) => {
      const value = String(typeof v === 'object' ? v.value : v);
      if (seen.has(value)) ctx.report('duplicate-id', { id: value, kind: `value of '${a.id}'` }, [...path, 'values', j]);
      seen.add(value);
    });
  });
}

/**
 * A fact names register attributes of the right kind, and every value it can take is an answer of the
 * indicator's scale: a fact that cannot be scored is found here, not in a ministry's report.
 */
export function checkFacts(ctx: CheckContext): void {
  const attributes = ctx.rubric.attributes ?? [];
  for (const { node, path } of ctx.nodes) {
    const fact = node.fact;
    if (!fact || node.children) continue;
    const at = [...path, 'fact'];
    const named =
      'percent' in fact
        ? fact.percent.map((id, i) => [id, [...at, 'percent', i]] as const)
        : [[fact.attribute, [...at, 'attribute']] as const];
    const found = named.map(([id, where]) => {
      const attribute = attributes.find((a) => a.id === id);
      if (!attribute) {
        const known = attributes.map((a) => a.id);
        const suggestion = suggest(id, known);
        ctx.report('unknown-attribute', { name: id, known, ...(suggestion ? { suggestion } : {}) }, where);
      } else if (attribute.source !== 'register')
        ctx.report(
          'invalid-fact',
          { reason: `'${id}' comes from the survey; a fact comes from the register (source: register)` },
          where,
        );
      return attribute;
    });
    if (found.some((a) => a === undefined)) continue;
    if ('percent' in fact) checkPercent(ctx, node, found as AttributeInput[], at);
    else checkAnswers(ctx, node, found[0] as AttributeInput, fact.answers, at);
  }
}

function checkPercent(
  ctx: CheckContext,
  node: NodeInput,
  [part, whole]: AttributeInput[],
  at: readonly (string | number)[],
): void {
  for (const a of [part, whole])
    if (a && !QUANTITIES.has(a.type ?? 'category'))
      ctx.report('invalid-fact', { reason: `percent: divides numbers, and '${a.id}' is a ${a.type ?? 'category'}` }, [
        ...at,
        'percent',
      ]);
  const scale = node.scale === undefined ? undefined : ctx.rubric.scales[node.scale];
  if (scale && scale.type !== 'numeric')
    ctx.report('invalid-fact', { reason: `percent: gives a number, and the scale '${node.scale}' is ${scale.type}` }, [
      ...at,
      'percent',
    ]);
}

/** Each value the attribute can take (or each written under answers:) is an answer of the scale. */
function checkAnswers(
  ctx: CheckContext,
  node: NodeInput,
  attribute: AttributeInput,
  answers: Readonly<Record<string, string | number>> | undefined,
  at: readonly (string | number)[],
): void {
  const input = node.scale === undefined ? undefined : ctx.rubric.scales[node.scale];
  if (!input) return;
  const scale = normalizeScale(node.scale as string, input);
  const type = attribute.type ?? 'category';
  const values =
    type === 'boolean' ? ['true', 'false'] : (attribute.values ?? []).map((v) => String(typeof v === 'object' ? v.value : v));
  if (answers) {
    for (const value of values)
      if (!(value in answers))
        ctx.report('invalid-fact', { reason: `the value '${value}' of '${attribute.id}' has no answer under answers:` }, [
          ...at,
          'answers',
        ]);
    for (const [value, answer] of Object.entries(answers)) {
      if (values.length > 0 && !values.includes(value))
        ctx.report('invalid-fact', { reason: `'${value}' is not a value of '${attribute.id}'` }, [...at, 'answers', value], {
          key: true,
        });
      else if ('invalid' in answerPoints(scale, answer))
        ctx.report('invalid-fact', { reason: `'${answer}' is not an answer of the scale '${scale.name}'` }, [
          ...at,
          'answers',
          value,
        ]);
    }
    return;
  }
  if (type === 'category' && values.length === 0)
    ctx.report('invalid-fact', { reason: `'${attribute.id}' declares no values: map them to answers under answers:` }, at);
  for (const value of values)
    if ('invalid' in answerPoints(scale, value))
      ctx.report(
        'invalid-fact',
        {
          reason: `the value '${value}' of '${attribute.id}' is not an answer of the scale '${scale.name}'; map it under answers:`,
        },
        at,
      );
  if (type === 'date' || (QUANTITIES.has(type) && scale.type !== 'numeric'))
    ctx.report('invalid-fact', { reason: `a ${type} is no answer of the ${scale.type} scale '${scale.name}'` }, at);
}
