// Any condition built from the policy language's parts, over the reference rubric, reads in Hebrew and Arabic
// with no code in it: no Latin letters, no operators, no braces, whatever the values read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCondition } from '../src/index.js';
import { factSentence, rubricNames } from '../src/policy/sentences.js';
import { wordsFor } from '../src/report/text.js';
import { FLAGS } from '../src/score/profile.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
const RUNS = Number(process.env.FC_RUNS ?? 300);
const nodeIds = ['overall', ...rubric.nodes.map((n) => n.id)];
const categories = rubric.rubric.attributes.filter((a) => a.labels && Object.keys(a.labels).length > 0);

const number = fc.double({ min: -5, max: 100, noNaN: true });
const comparison = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
const reading = fc.constantFrom('score', 'percent', 'gap', 'target', 'coverage', 'confidence', 'change');

/** A leaf condition of each kind the templates know. */
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(comparison, reading, fc.constantFrom(...nodeIds), number, fc.boolean()).map(([op, read, id, v, first]) => ({
    [op]: first ? [v, { [read]: id }] : [{ [read]: id }, v],
  })),
  fc.tuple(fc.constantFrom('<=', '<'), fc.constantFrom(...nodeIds), number, number).map(([op, id, a, b]) => ({
    [op]: [a, { score: id }, b],
  })),
  fc
    .tuple(
      fc.constantFrom('==', '!=', 'in'),
      fc.constantFrom(...nodeIds),
      fc.subarray(['low', 'basic', 'solid', 'high'], { minLength: 1 }),
    )
    .map(([op, id, vs]) => (op === 'in' ? { in: [{ level: id }, vs] } : { [op]: [{ level: id }, vs[0]] })),
  fc
    .constantFrom(...categories)
    .chain((a) =>
      fc
        .tuple(fc.constantFrom('==', '!=', 'in'), fc.subarray(Object.keys(a.labels ?? {}), { minLength: 1 }))
        .map(([op, vs]) => (op === 'in' ? { in: [{ attribute: a.id }, vs] } : { [op]: [{ attribute: a.id }, vs[0]] })),
    ),
  fc.constantFrom(...rubric.rubric.attributes.map((a) => a.id)).map((id) => ({ '!!': [{ attribute: id }] })),
  fc
    .tuple(
      fc.constantFrom('domain', 'capability', 'indicator'),
      fc.constantFrom('<', '<=', '>', '>='),
      number,
      comparison,
      fc.nat(200),
    )
    .map(([tier, p, bound, op, n]) => ({
      [op]: [{ length: { filter: [{ nodes: tier }, { [p]: [{ var: 'score' }, bound] }] } }, n],
    })),
  fc.tuple(fc.constantFrom(...FLAGS), fc.option(fc.constantFrom(...nodeIds), { nil: undefined })).map(([flag, id]) => ({
    flag: id === undefined ? flag : [flag, id],
  })),
);
const condition = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ '!': tie('tree') }),
    fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((parts) => ({ and: parts })),
    fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((parts) => ({ or: parts })),
  ),
})).tree;

/** Every operand a condition reads, with a value of the kind it gives (or null). */
function valuesOf(logic: unknown, pick: (key: string) => unknown, into: Record<string, unknown> = {}) {
  if (logic === null || typeof logic !== 'object') return into;
  for (const args of Object.values(logic)) {
    for (const a of Array.isArray(args) ? args : [args]) {
      if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
        const op = Object.keys(a)[0];
        into[renderCondition(a)] = pick(op === 'attribute' ? `attribute:${(a as { attribute: string }).attribute}` : String(op));
        valuesOf(a, pick, into);
      }
    }
  }
  return into;
}

describe('reasons in Hebrew and Arabic carry no code, for any condition', () => {
  it.each(['he', 'ar'])('%s', (locale) => {
    const names = rubricNames(rubric, locale, [], wordsFor(locale).overall);
    fc.assert(
      fc.property(condition, fc.option(number, { nil: null }), fc.nat(300), (logic, value, count) => {
        const pick = (kind: string) => {
          if (kind === 'level') return ['low', 'basic', 'solid', 'high', null][count % 5];
          if (!kind.startsWith('attribute:')) return kind === 'length' ? count : value;
          const labels = rubric.rubric.attributes.find((a) => `attribute:${a.id}` === kind)?.labels;
          return labels ? (Object.keys(labels)[count % Object.keys(labels).length] ?? null) : null;
        };
        const fact = { condition: renderCondition(logic), logic, holds: true, values: valuesOf(logic, pick) };
        const text = factSentence(fact, names);
        expect(text).not.toMatch(/[A-Za-z]|<=|>=|≤|≥|[{}]|\bundefined\b|NaN/);
      }),
      { numRuns: RUNS },
    );
  });
});
