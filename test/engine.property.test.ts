// The engine gives the scores the object scorer on main gave before it became the only scorer (the frozen
// reference in test/helpers/reference): every node's status, score, coverage, confidence, level, flags,
// reason, target and gap, the priorities and the diagnostics, to 1e-9.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerValue, Assessment } from '../src/assessment/model.js';
import type { CompiledRubric } from '../src/rubric/compile.js';
import type { Scale } from '../src/rubric/model.js';
import type { Profile } from '../src/score/profile.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { readRepoFile, yamlFiles } from './helpers/fixtures.js';
import { assessmentFor, generatedRubric } from './helpers/generated-rubrics.js';
import { type ReferenceNodeResult, type ReferenceProfile, referenceScore } from './helpers/reference/index.js';
import { mustLoad } from './helpers/rubric.js';
import { anyAnswer, scoringVariants, variantIndicators } from './helpers/scoring-variants.js';

const respondent = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  role: fc.option(fc.constantFrom('ceo', 'treasurer', 'intern'), { nil: undefined }),
  answers: fc.dictionary(fc.constantFrom(...variantIndicators, 'nope'), anyAnswer),
});
const assessment = fc
  .uniqueArray(respondent, { minLength: 0, maxLength: 6, selector: (r) => r.id })
  .map((rs) => ({ subject: { id: 'S' }, respondents: rs.map(({ role, ...r }) => (role ? { ...r, role } : r)) }) as Assessment);

/** A valid answer of a scale, as a register gives it: a level, a number in range, yes or no. */
function factAnswerFor(scale: Scale): fc.Arbitrary<AnswerValue> {
  if (scale.type === 'numeric' && scale.numeric)
    return fc.double({ min: scale.numeric.min, max: scale.numeric.max, noNaN: true });
  if (scale.type === 'boolean') return fc.constantFrom('yes', 'no');
  return fc.constantFrom(...scale.levels.map((l) => l.key));
}

/** The two profiles agree on everything scoring decides. */
function expectSame(rubric: CompiledRubric, profile: Profile, reference: ReferenceProfile): void {
  const close = (a: number | null | undefined, b: number | null | undefined, what: string) => {
    if (a === null || a === undefined || b === null || b === undefined) expect([what, a ?? null]).toEqual([what, b ?? null]);
    else expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9);
  };
  const same = (id: string, a: Profile['overall'] | undefined, b: ReferenceNodeResult | undefined) => {
    expect(a, id).toBeDefined();
    if (!a || !b) return;
    expect([id, a.status, a.level, a.flags, a.reason]).toEqual([id, b.status, b.level, b.flags, b.reason]);
    close(a.score, b.score, `${id} score`);
    close(a.coverage, b.coverage, `${id} coverage`);
    close(a.confidence, b.confidence, `${id} confidence`);
    close(a.target, b.target, `${id} target`);
    close(a.gap, b.gap, `${id} gap`);
  };
  same('overall', profile.overall, reference.overall);
  for (const node of rubric.nodes) same(node.id, profile.nodes[node.id], reference.nodes[node.id]);
  expect(Object.keys(profile.nodes)).toEqual(Object.keys(reference.nodes));
  expect(profile.priorities.map((p) => p.id)).toEqual(reference.priorities.map((p) => p.id));
  profile.priorities.forEach((p, i) => close(p.weightedGap, reference.priorities[i]?.weightedGap, `priority ${p.id}`));
  expect(profile.diagnostics).toEqual(reference.diagnostics);
  expect(profile.respondents).toBe(reference.respondents);
}

describe('the engine against the reference scorer', () => {
  it('on every scoring variant, any answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scoringVariants.length - 1 }), assessment, (v, a) => {
        const rubric = scoringVariants[v]!;
        expectSame(rubric, scoreAssessment(rubric, a), referenceScore(rubric, a));
      }),
      { numRuns: 2000 },
    );
  });

  it('on generated rubrics: every aggregation and policy, every kind of scale', () => {
    fc.assert(
      fc.property(
        generatedRubric.chain((g) => fc.tuple(fc.constant(g), assessmentFor(g.rubric))),
        ([{ rubric }, a]) => {
          expectSame(rubric, scoreAssessment(rubric, a), referenceScore(rubric, a));
        },
      ),
      { numRuns: 3000 },
    );
  });

  const shipped = yamlFiles('rubrics').map(([name]) => [name, mustLoad(readRepoFile('rubrics', name))] as const);
  it.each(shipped)('on the shipped rubric %s', (_, rubric) => {
    // the register answers its fact-fed indicators (a valid answer, or none); respondents' answers to them do not count
    const facts = rubric.indicators.filter((i) => i.fact);
    const register = fc.record(
      Object.fromEntries(facts.map((i) => [i.id, factAnswerFor(rubric.rubric.scales[i.scale] as Scale)])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(assessmentFor(rubric, 4), register, (a, answers) => {
        const facts = { answers: answers as Record<string, AnswerValue>, facts: {}, missing: [] };
        expectSame(rubric, scoreAssessment(rubric, a, { register: facts }), referenceScore(rubric, a, { register: facts }));
      }),
      { numRuns: 150 },
    );
  });
});
