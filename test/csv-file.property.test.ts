// Reading a CSV file streams its bytes through the tokenizer, checking them in their encoding as they come: it
// must give the records papaparse's streaming gives for the file's rows joined by LF (the file mixes CR LF, LF and
// CR), in UTF-8 (with or without a BOM), windows-1255 and UTF-16, for any chunk size; and tell which records may
// hold bad bytes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL } from '../src/engine.js';
import type { Encoding } from '../src/index.js';
import { readCsvRecords } from '../src/node/csv-file.js';
import { lfBreaks, mixedLines, papaRecords, windows1255 } from './helpers/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'mahvan-csv-'));

/** The records read from a file, each cell as text. */
async function recordsOf(path: string, encoding: Encoding, delimiter: string, chunkSize: number) {
  const decoder = new TextDecoder(encoding.startsWith('windows-') ? encoding : 'utf-8');
  const records: string[][] = [];
  const suspects: boolean[] = [];
  const end = await readCsvRecords(path, { encoding, delimiter, chunkSize }, (r, suspect) => {
    suspects.push(suspect);
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) {
      const text = decoder.decode(r.bytes.subarray(r.start[i], r.end[i]));
      cells.push(r.kind[i] === CELL.quoted ? text.replaceAll('""', '"') : text);
    }
    records.push(cells);
  });
  return { records, end, suspects };
}

const cell = (hebrewOnly: boolean) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('', '3', 'a', ' x '), weight: 12 },
    { arbitrary: fc.constantFrom('אב', ...(hebrewOnly ? [] : ['😀', 'ع', '€'])), weight: 2 },
    { arbitrary: fc.constantFrom('"q"', '"a,b;c\td"', '"l1\nl2\r\nl3"', '""', 'מנכ"ל', '"q" '), weight: 1 },
  );
const csv = (hebrewOnly: boolean) =>
  fc.record({
    rows: fc.array(fc.array(cell(hebrewOnly), { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 12 }),
    // a quote never closed, last: a CR or LF in it is text, so the breaks after it cannot be told apart
    open: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
    breaks: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 4 }),
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
      fc.asyncProperty(csv(hebrewOnly), async ({ rows, open, delimiter, breaks, trailing, chunkSize }) => {
        const lines = rows.map((r, i) => (open && i === rows.length - 1 ? [...r, '"open'] : r).join(delimiter));
        const { text, lf } = mixedLines(lines, breaks, trailing);
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
        const { records, end, suspects } = await recordsOf(path, encoding, delimiter, chunkSize);
        expect(lfBreaks(records)).toEqual(lfBreaks(await papaRecords(lf, delimiter, '\n')));
        expect(suspects.every((s) => !s)).toBe(true);
        expect(end).toMatchObject({ endsWithBreak: /[\r\n]$/.test(text) });
      }),
      { numRuns: 300 },
    );
  });

  it('reads on past bad bytes, telling the records from the chunk that holds them on that they may hold some', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0xff]), Buffer.from('\n3,4\n')]));
    const read = await recordsOf(path, 'utf-8', ',', 4);
    expect(read.records.length).toBe(4);
    expect(read.suspects).toEqual([false, false, true, true]);
    // a character cut by a chunk's end is checked with the next chunk, not taken for a broken one
    writeFileSync(path, Buffer.from('a,b\nאב,ג\n'));
    const whole = await recordsOf(path, 'utf-8', ',', 5);
    expect([whole.end, whole.suspects]).toEqual([{ endsWithBreak: true, unclosed: false }, [false, false]]);
    // UTF-16 is turned into UTF-8 as it is read: where it breaks is the chunk's offset
    writeFileSync(path, Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00, 0x00, 0xd8, 0x0a, 0x00]));
    expect((await recordsOf(path, 'utf-16le', ',', 2)).end).toEqual({ invalidAt: 8 });
  });
});
