// CSV numbers are rounded in integers where that is exact, and by toFixed elsewhere: the two must never differ.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/report/tables.js';

const byToFixed = (value: number) => (Number.isFinite(value) ? String(Number(value.toFixed(6))) : '');

describe('CSV numbers', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [4, '4'],
    [3.6666666666666665, '3.666667'],
    [0.8697916666666666, '0.869792'],
    [-2.5, '-2.5'],
    [1e-7, '0'],
    [-4e-7, '0'],
    [0.0000005, '0'], // the double is a hair below 5e-7
    [1.0000005, '1.000001'],
    [2147.483647, '2147.483647'],
    [123456789.123, '123456789.123'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('%d is written %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
    expect(byToFixed(value)).toBe(text);
  });

  it('are written as toFixed(6) writes them, without trailing zeros', () => {
    // any double; scores (thirds, sixths: means of a few levels); values a hair from a rounding tie
    const scores = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 97 })).map(([a, b]) => a / b);
    const nearTie = fc
      .tuple(fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }), fc.integer({ min: -40, max: 40 }))
      .map(([n, ulps]) => (n + 0.5) / 1e6 + ulps * Number.EPSILON * Math.max(1, Math.abs(n) / 1e6));
    const value = fc.oneof(fc.double(), fc.double({ min: -3000, max: 3000 }), scores, nearTie);
    fc.assert(
      fc.property(value, (v) => formatNumber(v) === byToFixed(v)),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20_000) },
    );
  });
});
