import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy, scoreAssessment } from '../src/index.js';
import { allocate } from '../src/policy/allocate.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(`mahvan: 1
id: grants
version: "1"
title: Grants
locales: [en]
tiers: [domain, capability]
scales:
  pct: {type: numeric, min: 0, max: 100}
levels:
  - {id: low, label: Low, from: 0}
nodes:
  - id: D
    title: Performance
    children:
      - {id: S, title: Score, question: Score?, scale: pct}
`);

// A unit of 0.01 or 1; pool, floor and cap in whole units; scores with decimals, some below the threshold.
const pools = fc.record({
  unit: fc.constantFrom(0.01, 1, 5),
  pool: fc.integer({ min: 0, max: 100_000 }),
  floor: fc.integer({ min: 0, max: 5_000 }),
  cap: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
  threshold: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  scores: fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }), { maxLength: 12 }),
});

describe('allocate: properties', () => {
  it('every unit is accounted for: amounts sum to the pool, within floor and cap, or the pool says why not', () => {
    fc.assert(
      fc.property(pools, ({ unit, pool, floor, cap: rawCap, threshold, scores }) => {
        const cap = rawCap === undefined ? undefined : Math.max(rawCap, floor);
        const fields = [
          'id: G',
          `pool: ${pool * unit}`,
          `unit: ${unit}`,
          'by: {score: S}',
          `floor: ${floor * unit}`,
          ...(cap === undefined ? [] : [`cap: ${cap * unit}`]),
          ...(threshold === undefined ? [] : [`threshold: ${threshold}`]),
        ];
        const loaded = loadPolicy(
          `mahvan-policy: 1\nid: p\nversion: "1"\ntitle: t\nrubric: grants\ntracks: [{id: T, title: t}]\nrules: [{id: r, when: true, primary: T}]\nallocations:\n  - {${fields.join(', ')}}\n`,
          rubric,
        );
        if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
        const cohort = scores.map((s, i) => {
          const profile = scoreAssessment(rubric, {
            subject: { id: `s${String(i).padStart(2, '0')}` },
            respondents: [{ id: 'r', answers: s === null ? {} : { S: s } }],
          });
          return { profile, recommendation: { subject: profile.subject, primary: 'T' } };
        });
        const result = allocate(loaded.policy, cohort);
        const summary = result.pools[0];
        if (!summary) throw new Error('no pool');
        const all = [...result.bySubject.values()].map((list) => list[0]);
        const units = (amount: number) => Math.round(amount / unit);
        // each amount a whole number of units, written without binary fractions
        for (const a of all) expect(Math.abs((a?.amount ?? 0) / unit - units(a?.amount ?? 0))).toBeLessThan(1e-6);
        const total = all.reduce((s, a) => s + units(a?.amount ?? 0), 0);
        expect(total).toBe(units(summary.total));
        expect(units(summary.total) + units(summary.undistributed)).toBe(pool);
        expect(summary.considered).toBe(scores.length);
        expect(summary.eligible + summary.ineligible + summary.belowThreshold + summary.unscored).toBe(summary.considered);
        const eligible = all.filter((a) => a?.eligible);
        expect(eligible.length).toBe(summary.eligible);
        for (const a of all) if (!a?.eligible) expect(a?.amount).toBe(0);
        // a higher value never gets less (docs/decisions.md)
        const byValue = cohort.flatMap(({ profile }) => {
          const a = result.bySubject.get(profile.subject.id)?.[0];
          return a?.eligible ? [{ value: profile.nodes.S?.score ?? 0, amount: a.amount }] : [];
        });
        for (const x of byValue)
          for (const y of byValue) if (x.value > y.value) expect(x.amount).toBeGreaterThanOrEqual(y.amount);
        if (summary.status === 'allocated') {
          expect(total).toBe(pool);
          for (const a of eligible) {
            expect(units(a?.amount ?? 0)).toBeGreaterThanOrEqual(floor);
            if (cap !== undefined) expect(units(a?.amount ?? 0)).toBeLessThanOrEqual(cap);
          }
        } else if (summary.status === 'capped') {
          for (const a of eligible) expect(units(a?.amount ?? 0)).toBe(cap);
          expect(eligible.length * (cap ?? 0)).toBeLessThanOrEqual(pool);
        } else {
          expect(total).toBe(0);
          if (summary.status === 'floors-exceed-pool') expect(eligible.length * floor).toBeGreaterThan(pool);
          else expect(eligible.length).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
