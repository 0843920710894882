import fc from 'fast-check';
import type { CompiledRubric } from '../../src/index.js';
import { readRepoFile } from './fixtures.js';
import { mustLoad } from './rubric.js';

const text = readRepoFile('test', 'fixtures', 'scoring', 'basic.yaml');

/** The scoring fixture and variants of it that exercise every scoring policy, for property tests. */
export const scoringVariants: readonly CompiledRubric[] = [
  text,
  text.replace('scoring:\n', 'scoring:\n  notApplicable: zero\n  missing: zero\n  respondents: {combine: role-weights}\n'),
  text
    .replace('scoring:\n', 'scoring:\n  respondents: {combine: mean, disagreement: 1}\n')
    .replace('{id: I4, scale: l5}', '{id: I4, scale: l5, evidence: {from: 3, cap: 2}, critical: true}'),
  text.replace('aggregation: min', 'aggregation: staged').replace('minCoverage: 0.6', 'minCoverage: 0.9'),
  text.replace('scoring:\n', 'scoring:\n  respondents: {combine: max}\n'),
].map(mustLoad);

/** The fixture's indicators. */
export const variantIndicators = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7'];

/** Any answer: a level, nothing, N/A, a value the scale lacks, or a level with evidence. */
export const anyAnswer = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 5),
  fc.constant(null),
  fc.constant({ na: true }),
  fc.constantFrom(0, 7, 'x'),
  fc.record({ value: fc.constantFrom(1, 2, 3, 4, 5), evidence: fc.array(fc.constantFrom('a.pdf', 'b.xlsx'), { maxLength: 2 }) }),
);
