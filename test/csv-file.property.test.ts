// Reading a CSV file streams its bytes through the tokenizer, checking them in their encoding as they come: it
// must give the records papaparse's streaming gives for the file's text, in UTF-8 (with or without a BOM),
// windows-1255 and UTF-16, for any chunk size; and say where bytes stop being valid.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL } from '../src/engine.js';
import type { Encoding } from '../src/index.js';
import { readCsvRecords } from '../src/node/csv-file.js';
import { papaRecords, windows1255 } from './helpers/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'mahvan-csv-'));

/** The records read from a file, each cell as text. */
async function recordsOf(path: string, encoding: Encoding, delimiter: string, newline: string, chunkSize: number) {
  const decoder = new TextDecoder(encoding.startsWith('windows-') ? encoding : 'utf-8');
  const records: string[][] = [];
  const end = await readCsvRecords(path, { encoding, delimiter, newline: newline as '\n', chunkSize }, (r) => {
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) {
      const text = decoder.decode(r.bytes.subarray(r.start[i], r.end[i]));
      cells.push(r.kind[i] === CELL.quoted ? text.replaceAll('""', '"') : text);
    }
    records.push(cells);
  });
  return { records, end };
}

const cell = (hebrewOnly: boolean) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('', '3', 'a', ' x '), weight: 12 },
    { arbitrary: fc.constantFrom('אב', ...(hebrewOnly ? [] : ['😀', 'ع', '€'])), weight: 2 },
    { arbitrary: fc.constantFrom('"q"', '"a,b;c\td"', '"l1\nl2\r\nl3"', '""', 'מנכ"ל', '"open', '"q" '), weight: 1 },
  );
const csv = (hebrewOnly: boolean) =>
  fc.record({
    rows: fc.array(fc.array(cell(hebrewOnly), { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    trailing: fc.boolean(),
    chunkSize: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.constant(65536)),
  });

describe('reading a CSV file', () => {
  it.each([
    ['utf-8', 'without a BOM', false, false],
    ['utf-8', 'with a BOM', false, true],
    ['windows-1255', '', true, false],
    ['utf-16le', 'with a BOM', false, true],
    ['utf-16be', 'with a BOM', false, true],
  ] as const)('gives the records papaparse streams, in %s %s, in any chunks', async (encoding, _, hebrewOnly, bom) => {
    await fc.assert(
      fc.asyncProperty(csv(hebrewOnly), async ({ rows, delimiter, newline, trailing, chunkSize }) => {
        const text = rows.map((r) => r.join(delimiter)).join(newline) + (trailing ? newline : '');
        const path = join(dir, 'export.csv');
        const wide = Buffer.from(text, 'utf16le');
        const bytes =
          encoding === 'utf-8'
            ? Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)])
            : encoding === 'windows-1255'
              ? windows1255(text)
              : encoding === 'utf-16le'
                ? Buffer.concat([Buffer.from([0xff, 0xfe]), wide])
                : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(wide).swap16()]);
        writeFileSync(path, bytes);
        const { records, end } = await recordsOf(path, encoding, delimiter, newline, chunkSize);
        expect(records).toEqual(await papaRecords(text, delimiter, newline));
        expect(end).toMatchObject({ endsWithBreak: /[\r\n]$/.test(text) });
      }),
      { numRuns: 300 },
    );
  });

  it('reports the offset of the chunk where bytes stop being valid', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0xff]), Buffer.from('\n')]));
    expect((await recordsOf(path, 'utf-8', ',', '\n', 4)).end).toEqual({ invalidAt: 8 });
    // a character cut by a chunk's end is checked with the next chunk, not taken for a broken one
    writeFileSync(path, Buffer.from('a,b\nאב,ג\n'));
    expect((await recordsOf(path, 'utf-8', ',', '\n', 5)).end).toEqual({ endsWithBreak: true, unclosed: false });
  });
});
