import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Assessment, type CompiledRubric, type NodeResult, OVERALL, rescoreProfile, scoreAssessment } from '../src/index.js';
import { anyAnswer, scoringVariants, variantIndicators } from './helpers/scoring-variants.js';

const variants = scoringVariants;
const indicators = variantIndicators;
const answer = anyAnswer;
const respondent = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  role: fc.option(fc.constantFrom('ceo', 'treasurer'), { nil: undefined }),
  answers: fc.dictionary(fc.constantFrom(...indicators), answer),
});
const assessment = fc
  .uniqueArray(respondent, { minLength: 1, maxLength: 5, selector: (r) => r.id })
  .map(
    (respondents) =>
      ({ subject: { id: 'S' }, respondents: respondents.map(({ role, ...r }) => (role ? { ...r, role } : r)) }) as Assessment,
  );
const rubricIndex = fc.integer({ min: 0, max: variants.length - 1 });

const json = (v: unknown) => JSON.stringify(v);
/** Every node of a profile, with its id and its range in the rubric. */
const allNodes = (rubric: CompiledRubric, p: ReturnType<typeof scoreAssessment>) =>
  [
    [OVERALL, p.overall, rubric.rubric.overall.range] as const,
    ...rubric.nodes.map((n) => [n.id, p.nodes[n.id] as NodeResult, n.range] as const),
  ].map(([id, result, range]) => ({ id, ...result, range }));

describe('scoring properties', () => {
  it('permuting respondents, or the order of their answers, never changes a profile', () => {
    fc.assert(
      fc.property(rubricIndex, assessment, fc.infiniteStream(fc.nat()), (i, a, seeds) => {
        const rubric = variants[i]!;
        const shuffled: Assessment = {
          ...a,
          respondents: [...a.respondents]
            .map((r) => ({ r, k: seeds.next().value as number }))
            .sort((x, y) => x.k - y.k)
            .map(({ r }) => ({ ...r, answers: Object.fromEntries(Object.entries(r.answers).reverse()) })),
        };
        expect(json(scoreAssessment(rubric, shuffled))).toBe(json(scoreAssessment(rubric, a)));
      }),
      { numRuns: 500 },
    );
  });

  it('every score stays within its range; coverage and confidence stay within bounds', () => {
    fc.assert(
      fc.property(rubricIndex, assessment, (i, a) => {
        for (const n of allNodes(variants[i]!, scoreAssessment(variants[i]!, a))) {
          if (n.score !== null) {
            expect(n.score).toBeGreaterThanOrEqual(n.range[0] - 1e-9);
            expect(n.score).toBeLessThanOrEqual(n.range[1] + 1e-9);
          } else expect(n.status).not.toBe('scored');
          expect(n.coverage).toBeGreaterThanOrEqual(0);
          expect(n.coverage).toBeLessThanOrEqual(1 + 1e-9);
          expect(n.confidence).toBeLessThanOrEqual(n.coverage + 1e-9);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the same input gives the same bytes, and scoring does not change its input', () => {
    fc.assert(
      fc.property(rubricIndex, assessment, (i, a) => {
        const before = json(a);
        const first = json(scoreAssessment(variants[i]!, a));
        expect(json(a)).toBe(before);
        expect(json(scoreAssessment(variants[i]!, structuredClone(a)))).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

  it('rescoring a profile with a changed answer gives what scoring the changed assessment gives', () => {
    const single = fc.record({ answers: fc.dictionary(fc.constantFrom(...indicators), fc.constantFrom(1, 2, 3, 4, 5)) });
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 3),
        single,
        fc.constantFrom(...indicators),
        fc.constantFrom(1, 2, 3, 4, 5),
        (i, r, id, value) => {
          const rubric = variants[i]!;
          const before: Assessment = { subject: { id: 'S' }, respondents: [{ id: 'r', answers: { ...r.answers } }] };
          const after: Assessment = { subject: { id: 'S' }, respondents: [{ id: 'r', answers: { ...r.answers, [id]: value } }] };
          const expected = scoreAssessment(rubric, after);
          const points = expected.nodes[id]?.score;
          if (typeof points !== 'number') return;
          const rescored = rescoreProfile(rubric, scoreAssessment(rubric, before), { [id]: points });
          const view = (p: ReturnType<typeof scoreAssessment>) =>
            allNodes(rubric, p).map((n) => [n.id, n.score, n.level, n.gap ?? null, n.coverage, n.status]);
          expect(view(rescored)).toEqual(view(expected));
          expect(rescored.priorities).toEqual(expected.priorities);
        },
      ),
      { numRuns: 500 },
    );
  });
});
