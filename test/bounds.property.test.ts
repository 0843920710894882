// The CSV tokenizer is linear (issue 21): a cell that spans many chunks is scanned once, not again at every chunk.
// Time is compared between two sizes as a ratio with generous slack (8× the bytes may take up to 24× the time;
// a rescan at every chunk would take 64×), never against a clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../src/exports/csv-tokenizer.js';

/** The fastest of five runs of tokenizing `bytes` in chunks of `chunk` bytes, in milliseconds. */
function tokenizeTime(bytes: Uint8Array, chunk: number, maxRowBytes?: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    let records = 0;
    const tokenizer = new CsvTokenizer({ delimiter: ',', utf8: true }, () => records++, maxRowBytes);
    const start = performance.now();
    for (let i = 0; i < bytes.length; i += chunk) tokenizer.push(bytes.subarray(i, i + chunk));
    tokenizer.end();
    best = Math.min(best, performance.now() - start);
    expect(records).toBeGreaterThan(0);
  }
  return best;
}

const cellOf = (body: string, n: number) => new TextEncoder().encode(`a,"${body.repeat(Math.floor(n / body.length))}",b\n`);

describe('tokenizing a cell that spans many chunks is linear', () => {
  it('for quoted text, doubled quotes and line breaks, held or past the row limit', () => {
    fc.assert(
      fc.property(fc.constantFrom('x', '""', 'ab\n'), fc.constantFrom(undefined, 4096), (body, limit) => {
        const n = 1 << 19;
        const small = cellOf(body, n);
        const large = cellOf(body, 8 * n);
        tokenizeTime(small, 64, limit); // warm up
        const ratio = tokenizeTime(large, 64, limit) / Math.max(tokenizeTime(small, 64, limit), 0.5);
        expect(ratio).toBeLessThan(24);
      }),
      { numRuns: 6 },
    );
  });
});
