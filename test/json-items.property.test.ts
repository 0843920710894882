// Scanning a JSON file for its items is linear (issue 21): an item that spans many chunks is scanned once, not
// again at every chunk. Time is compared between two sizes as a ratio with generous slack, never against a clock:
// 16× the text may take up to 64× the time (garbage collection of long strings on a busy machine), where a
// rescan at every chunk would take 256×.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonItemScanner } from '../src/source/json-items.js';

/** The fastest of five scans of `text` in chunks of `chunk` characters, in milliseconds. */
function scanTime(text: string, chunk: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    let items = 0;
    const scanner = new JsonItemScanner(() => items++);
    const start = performance.now();
    for (let i = 0; i < text.length; i += chunk) scanner.push(text.slice(i, i + chunk));
    scanner.end();
    best = Math.min(best, performance.now() - start);
    expect(items).toBeGreaterThan(0);
  }
  return best;
}

/** One item whose string (or nesting, or escapes) runs to about `n` characters, in a list or as NDJSON. */
const documentOf = (body: string, n: number, list: boolean) => {
  const item = `{"a":"${body.repeat(Math.floor(n / body.length))}","b":[1,2,{"c":null}]}`;
  return list ? `[${item},${item}]` : `${item}\n${item}\n`;
};

describe('scanning JSON items that span many chunks is linear', () => {
  it('for long strings, escapes and nesting, in lists and NDJSON', () => {
    fc.assert(
      fc.property(fc.constantFrom('x', '\\"', 'é\\n'), fc.boolean(), (body, list) => {
        const n = 1 << 17;
        const small = documentOf(body, n, list);
        const large = documentOf(body, 16 * n, list);
        scanTime(small, 4096); // warm up
        const ratio = scanTime(large, 4096) / Math.max(scanTime(small, 4096), 1);
        expect(ratio).toBeLessThan(64);
      }),
      { numRuns: 6 },
    );
  });
});
