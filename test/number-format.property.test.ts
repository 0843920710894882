// CSV numbers are rounded in integers where that is exact, and by toFixed elsewhere: the two must never differ,
// and the byte writer of the CLI's table stream writes the same text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBytes, formatNumber } from '../src/report/csv-numbers.js';

const byToFixed = (value: number) => (Number.isFinite(value) ? String(Number(value.toFixed(6))) : '');
/** What CsvBytes writes for a value, after a cell of text (so a buffer that grows mid-number shows). */
const asBytes = (value: number, before = '') => {
  const out = new CsvBytes();
  out.text(before);
  out.comma();
  out.number(value);
  return new TextDecoder().decode(out.bytes.subarray(0, out.length)).slice(before.length + 1);
};

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
    [2147.4836475, '2147.483648'],
    [-2147.4836479, '-2147.483648'],
    [123456789.123, '123456789.123'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('%d is written %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
    expect(byToFixed(value)).toBe(text);
    expect(asBytes(value)).toBe(text);
  });

  it('are written whole when the byte buffer grows for them', () => {
    const out = new CsvBytes();
    const start = out.bytes.length - 10;
    while (out.length < start) out.text('אב,');
    out.number(-1234.5678915);
    expect(out.bytes.length).toBeGreaterThan(start + 10);
    expect(new TextDecoder().decode(out.bytes.subarray(out.length - 12, out.length))).toBe('-1234.567892');
  });

  // scores: thirds, sixths, means of a few levels
  const scores = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 97 })).map(([a, b]) => a / b);

  it('are written as toFixed(6) writes them, without trailing zeros', () => {
    // any double; scores; values a hair from a rounding tie
    const nearTie = fc
      .tuple(fc.integer({ min: -3_000_000_000, max: 3_000_000_000 }), fc.integer({ min: -40, max: 40 }))
      .map(([n, ulps]) => (n + 0.5) / 1e6 + ulps * Number.EPSILON * Math.max(1, Math.abs(n) / 1e6));
    const value = fc.oneof(fc.double(), fc.double({ min: -3000, max: 3000 }), scores, nearTie);
    fc.assert(
      fc.property(value, fc.string({ unit: 'grapheme', maxLength: 40 }), (v, before) => {
        const text = byToFixed(v);
        return formatNumber(v) === text && asBytes(v, before) === text;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20_000) },
    );
  });

  it('are written right from the last cache slot, and at the longest', () => {
    // millionths -1 and 16,383 take the last slot (whose copies reach furthest); 12 bytes is the longest text
    const values = [-0.000001, 0.016383, -0.000001, -1234.567891, -1234.567891, 0.016383];
    const out = new CsvBytes();
    out.commaNumbers(Float64Array.from(values), 0, [0, 1, 2, 3, 4, 5]);
    expect(new TextDecoder().decode(out.bytes.subarray(0, out.length))).toBe(
      ',-0.000001,0.016383,-0.000001,-1234.567891,-1234.567891,0.016383',
    );
  });

  it('are written the same in a row of scores, from the byte cache or not', () => {
    // numbers repeat (cache hits) and share cache slots (millionths 16,384 apart); the row may grow the buffer
    const sharingSlots = fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 }))
      .map(([k, j]) => (2_000_000 + j + k * 16_384) / 1e6);
    const value = fc.oneof(sharingSlots, scores, fc.double());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.integer({ min: 0, max: 1 << 16 }), (values, before) => {
        const out = new CsvBytes();
        out.text('x'.repeat(before));
        const order = values.map((_, i) => values.length - 1 - i);
        out.commaNumbers(Float64Array.from(values), 0, order);
        const text = new TextDecoder().decode(out.bytes.subarray(before, out.length));
        return text === order.map((i) => `,${byToFixed(values[i] as number)}`).join('');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20_000) / 10 },
    );
  });
});
