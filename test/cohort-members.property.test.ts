// A cohort summary keeps of each profile only what it reads (cohortMember); what it reads of the answers must be
// what traceNode says of them, for any respondents, roles and validators.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../src/assessment/model.js';
import { cohortMember, summarizeCohort, summarizeMembers } from '../src/cohort/summarize.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { answeredSpread, traceNode } from '../src/score/trace.js';
import { jsonPieces } from '../src/text/json-pieces.js';
import { mustLoad } from './helpers/rubric.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const rubric = mustLoad(`mahvan: 1
id: members
version: "1"
title: {en: Members}
locales: [en]
tiers: [domain, indicator]
attributes:
  - {id: sector, values: [a, b]}
roles:
  - {id: ceo, title: CEO}
  - {id: treasurer, title: Treasurer}
  - {id: auditor, title: Auditor, validator: true}
scales:
  level5:
    type: ordinal
    levels: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d}, {value: 5, label: e}]
  na5:
    type: ordinal
    notApplicable: true
    levels: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d}, {value: 5, label: e}]
scoring:
  respondents: {combine: mean}
nodes:
  - id: D1
    title: Domain
    children:
      - {id: I1, question: One, scale: na5}
      - {id: I2, question: Two, scale: level5, roles: [treasurer]}
  - id: D2
    title: Other
    children:
      - {id: I3, question: Three, scale: level5}
`);

const answer = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('na', 'x', undefined));
const respondent = fc.record({
  role: fc.constantFrom('ceo', 'treasurer', 'auditor', undefined),
  I1: answer,
  I2: answer,
  I3: answer,
});
const profile = fc
  .tuple(fc.array(respondent, { minLength: 1, maxLength: 4 }), fc.constantFrom('a', 'b', undefined), fc.nat(50))
  .map(([people, sector, n]) => {
    const assessment: Assessment = {
      subject: { id: `s${n}`, attributes: sector ? { sector } : {} },
      respondents: people.map(({ role, ...answers }, i) => ({
        id: `r${i}`,
        ...(role ? { role } : {}),
        answers: Object.fromEntries(Object.entries(answers).filter((e) => e[1] !== undefined)) as Record<string, number | string>,
      })),
    };
    return scoreAssessment(rubric, assessment);
  });

describe('what a cohort summary keeps of each profile', () => {
  it('counts the answered respondents and their spread as traceNode does', () => {
    fc.assert(
      fc.property(profile, (p) => {
        for (const id of ['I1', 'I2', 'I3']) {
          const trace = traceNode(rubric, p, id);
          const answered = trace?.respondents?.filter((r) => r.status === 'answered').length ?? 0;
          expect(answeredSpread(rubric, p, id)).toEqual({ answered, spread: trace?.spread ?? 0 });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('summarizes members gathered in any order as it summarizes the profiles', () => {
    fc.assert(
      fc.property(fc.uniqueArray(profile, { maxLength: 8, selector: (p) => p.subject.id }), (profiles) => {
        const members = profiles.map((p) => cohortMember(rubric, p)).reverse();
        expect(summarizeMembers(rubric, members)).toEqual(summarizeCohort(rubric, profiles));
      }),
      { numRuns: RUNS / 4 },
    );
  });
});

describe('a document written in pieces', () => {
  it('is JSON.stringify(value, null, 2) joined, at any depth', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant([]), fc.constant({}))),
      fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))),
    );
    fc.assert(
      fc.property(value, fc.nat(4), (v, depth) => {
        expect([...jsonPieces(v, depth)].join('')).toBe(JSON.stringify(v, null, 2) ?? 'null');
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
