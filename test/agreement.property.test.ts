// Properties of the agreement measures over random answers: their ranges, their edge cases, the identities
// that tie them together (rwg(J) of one item is its rwg; ICC(2) is ICC(1) stepped up to k₀ by Spearman-Brown),
// and the streaming variance against the two-pass one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgreementStats, awg, icc, rwg, rwgJ } from '../src/score/agreement.js';

const twoPass = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1);
};

/** A scale of 2–7 options (1..A) and 2–20 answers on it. */
const answers = fc
  .integer({ min: 2, max: 7 })
  .chain((a) => fc.tuple(fc.constant(a), fc.array(fc.integer({ min: 1, max: a }), { minLength: 2, maxLength: 20 })));

describe('agreement measures on random answers', () => {
  it('rwg in [0, 1], 1 exactly when all answers agree; awg in [−1, 1] or undefined at an end', () => {
    fc.assert(
      fc.property(answers, ([a, x]) => {
        const stats = new AgreementStats(1);
        for (const v of x) stats.add(0, v);
        const s2 = stats.variance(0);
        expect(s2).toBeCloseTo(twoPass(x), 9);
        const r = rwg(s2, (a * a - 1) / 12);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(r === 1).toBe(new Set(x).size === 1);
        const w = awg(s2, stats.mean[0] as number, 1, a, x.length);
        const atEnd = x.every((v) => v === 1) || x.every((v) => v === a);
        if (atEnd) expect(w).toBeNaN();
        else {
          expect(w).toBeGreaterThanOrEqual(-1);
          expect(w).toBeLessThanOrEqual(1);
        }
        // one item: rwg(J) = (1 − r)/((1 − r) + r) = rwg
        expect(rwgJ([s2 / ((a * a - 1) / 12)])).toBeCloseTo(r, 12);
      }),
    );
  });

  it('ICC(2) = k₀ ICC(1) / (1 + (k₀ − 1) ICC(1)), and neither depends on the order of subjects or respondents', () => {
    const cohort = fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), {
      minLength: 2,
      maxLength: 8,
    });
    fc.assert(
      fc.property(cohort, (groups) => {
        const found = icc(groups);
        if (!found) return;
        const { icc1, icc2, k0 } = found;
        expect(icc2).toBeCloseTo((k0 * icc1) / (1 + (k0 - 1) * icc1), 9);
        const turned = icc([...groups].reverse().map((g) => [...g].reverse()));
        expect(turned?.icc1).toBeCloseTo(icc1, 9);
        expect(turned?.icc2).toBeCloseTo(icc2, 9);
      }),
    );
  });
});
