import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Assessment, loadPolicy, robustness, scoreAssessment } from '../src/index.js';
import { alternativeRubric, replayProfile } from '../src/policy/robustness.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const fixture = (name: string) => readRepoFile('test', 'fixtures', 'robustness', name);
const rubric = mustLoad(fixture('rubric.yaml'));
const loaded = loadPolicy(fixture('policy.yaml'), rubric);
if (!loaded.ok) throw new Error('policy');
const policy = loaded.policy;

/** 1 to 4 respondents, each answering A, B and C with 1–5 or not at all. */
const answer = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
const assessment = fc.array(fc.tuple(answer, answer, answer), { minLength: 1, maxLength: 4 }).map(
  (rows): Assessment => ({
    subject: { id: 's' },
    respondents: rows.map(([A, B, C], i) => ({ id: `r${i}`, answers: { A, B, C } })),
  }),
);

describe('robustness replays scoring faithfully', () => {
  it('a profile replayed from its kept answers under its own rubric has the same nodes', () => {
    fc.assert(
      fc.property(assessment, (a) => {
        const profile = scoreAssessment(rubric, a);
        const again = replayProfile(rubric, profile);
        expect(again.overall).toEqual(profile.overall);
        expect(again.nodes).toEqual(profile.nodes);
      }),
    );
  });

  it('an alternative that repeats a declared choice changes no decision', () => {
    const same = [
      { id: 'exclude', missing: 'exclude' as const },
      { id: 'median', combine: 'median' as const },
      { id: 'weighted-mean', aggregation: 'weighted-mean' },
    ];
    fc.assert(
      fc.property(fc.array(assessment, { minLength: 1, maxLength: 3 }), (list) => {
        const profiles = list.map((a, i) => scoreAssessment(rubric, { ...a, subject: { id: `s${i}` } }));
        const r = robustness(rubric, policy, profiles, same);
        expect([r.stableTrack, r.stableLevel]).toEqual([profiles.length, profiles.length]);
      }),
    );
  });

  it('equal weights give the plain mean of the domains (D1 weighs 3 as declared)', () => {
    const equal = alternativeRubric(rubric, { id: 'equal', weights: 'equal' });
    fc.assert(
      fc.property(assessment, (a) => {
        const again = replayProfile(equal, scoreAssessment(rubric, a));
        const d1 = again.nodes.D1?.score ?? null;
        const d2 = again.nodes.D2?.score ?? null;
        if (d1 !== null && d2 !== null) expect(again.overall.score).toBeCloseTo((d1 + d2) / 2, 12);
      }),
    );
  });
});
