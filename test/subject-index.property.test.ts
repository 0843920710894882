import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SubjectIndex } from '../src/exports/subject-index.js';

/** The reference: a Map keyed by id and wave, numbering subjects as first seen. */
function numberedByMap(keys: readonly (readonly [string, string | undefined])[]): number[] {
  const seen = new Map<string, number>();
  return keys.map(([id, wave]) => {
    const key = JSON.stringify([id, wave ?? null, wave === undefined]);
    const known = seen.get(key);
    if (known !== undefined) return known;
    seen.set(key, seen.size);
    return seen.size - 1;
  });
}

describe('SubjectIndex', () => {
  it.each([
    {
      keys: [
        ['A', undefined],
        ['B', undefined],
        ['A', undefined],
      ] as const,
      numbers: [0, 1, 0],
    },
    // the same id in two waves is two subjects; a wave of '' is not the same as no wave
    {
      keys: [
        ['A', '2025'],
        ['A', '2026'],
        ['A', '2025'],
        ['A', ''],
        ['A', undefined],
      ] as const,
      numbers: [0, 1, 0, 2, 3],
    },
    // ids and waves are not joined into one text: 'ab'+'c' is not 'a'+'bc'
    {
      keys: [
        ['ab', 'c'],
        ['a', 'bc'],
        ['ab', 'c'],
      ] as const,
      numbers: [0, 1, 0],
    },
  ])('numbers $keys as $numbers', ({ keys, numbers }) => {
    const index = new SubjectIndex();
    expect(keys.map(([id, wave]) => index.find(id, wave))).toEqual(numbers);
    expect(index.size).toBe(Math.max(...numbers) + 1);
  });

  it('numbers subjects as a Map would, through every growth of its table', () => {
    // few distinct characters make many equal hashes' neighbours; thousands of keys grow the table several times
    const key = fc.tuple(
      fc.string({ unit: fc.constantFrom('a', 'b', 'א', 'ب'), maxLength: 6 }),
      fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
    );
    fc.assert(
      fc.property(fc.array(key, { minLength: 2_000, maxLength: 30_000, size: 'max' }), (keys) => {
        const index = new SubjectIndex();
        const numbers = keys.map(([id, wave]) => index.find(id, wave));
        expect(numbers).toEqual(numberedByMap(keys));
        expect(index.size).toBe(new Set(numbers).size);
        // each number names back its id and wave
        keys.forEach(([id, wave], i) => {
          expect([index.ids[numbers[i] as number], index.waves[numbers[i] as number]]).toEqual([id, wave]);
        });
      }),
      // no shrinking: a failing list of thousands of keys would take minutes to shrink
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('keeps its ids and waves after letting go of its table', () => {
    const index = new SubjectIndex();
    for (let i = 0; i < 10_000; i++) index.find(`S${i}`, i % 2 ? 'w' : undefined);
    index.release();
    expect([index.size, index.ids[9_999], index.waves[9_999]]).toEqual([10_000, 'S9999', 'w']);
  });
});
