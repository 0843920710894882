// Reading a CSV file cuts quote-free lines by hand and hands the rest to papaparse's parser, a chunk at a time.
// It must give exactly the records papaparse's own streaming gives, for any text, line break, delimiter,
// encoding and chunk size, and the bytes it hands over with a line must line up with the line's characters.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Encoding } from '../src/exports/decode.js';
import { parseCsvFile } from '../src/node/csv-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mahvan-csv-'));

/** The records papaparse's streaming gives for the whole text. */
function papaRecords(text: string, delimiter: string, newline: string): Promise<string[][]> {
  const records: string[][] = [];
  return new Promise((resolve, reject) => {
    Papa.parse(Readable.from([text]) as unknown as File, {
      delimiter,
      newline: newline as '\n',
      skipEmptyLines: false,
      chunk: (results: Papa.ParseResult<string[]>) => {
        records.push(...results.data);
      },
      complete: () => resolve(records),
      error: reject,
    });
  });
}

/** windows-1255 bytes of text in ASCII and Hebrew letters. */
const windows1255 = (text: string) =>
  Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 ? code : code - 0x05d0 + 0xe0;
  });

// cells that are plain, empty, non-ASCII (two, three and four bytes in UTF-8), and now and then quoted with
// delimiters, quotes and line breaks inside, a stray quote inside a word, or an unclosed quote
const cell = (hebrewOnly: boolean) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('', '3', 'a', ' x '), weight: 12 },
    { arbitrary: fc.constantFrom('אב', ...(hebrewOnly ? [] : ['😀', 'ع', '€'])), weight: 2 },
    { arbitrary: fc.constantFrom('"q"', '"a,b;c\td"', '"l1\nl2\r\nl3"', '""', 'מנכ"ל', '"open'), weight: 1 },
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
    ['utf-8', false],
    ['windows-1255', true],
  ] as const)('gives the records papaparse streams, in %s, in any chunks', async (encoding: Encoding, hebrewOnly) => {
    let lines = 0;
    let byBytes = 0;
    await fc.assert(
      fc.asyncProperty(csv(hebrewOnly), async ({ rows, delimiter, newline, trailing, chunkSize }) => {
        const text = rows.map((r) => r.join(delimiter)).join(newline) + (trailing ? newline : '');
        const path = join(dir, 'export.csv');
        writeFileSync(path, encoding === 'utf-8' ? Buffer.from(text) : windows1255(text));
        const expected = await papaRecords(text, delimiter, newline);
        const options = { encoding, delimiter, newline, chunkSize };

        // records only: every line comes split
        const plain: string[][] = [];
        const end = await parseCsvFile(path, options, { records: (list) => plain.push(...list) });
        expect(plain).toEqual(expected);
        expect(end).toEqual({ lastChar: text.slice(-1) });

        // lines uncut where they hold no quote, with bytes that line up with their characters
        const mixed: string[][] = [];
        await parseCsvFile(path, options, {
          records: (list) => mixed.push(...list),
          line: (t, start, end, bytes) => {
            const cut = t.slice(start, end);
            expect(cut).not.toContain('"');
            expect(cut).not.toContain(newline);
            lines++;
            if (bytes) {
              byBytes++;
              for (let i = start; i < end; i++) {
                const c = t.charCodeAt(i);
                expect([i, c < 0x80, c < 0x80 ? bytes[i] : 0]).toEqual([i, (bytes[i] as number) < 0x80, c < 0x80 ? c : 0]);
              }
            }
            mixed.push(cut.split(delimiter));
          },
        });
        expect(mixed).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // the runs did cut lines by hand, and with bytes (in UTF-8 only where a chunk is ASCII)
    expect(lines).toBeGreaterThan(500);
    expect(byBytes).toBeGreaterThan(80);
  });

  it('reports the offset of the chunk where bytes stop being valid', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from([0xff]), Buffer.from('\n')]));
    const records: string[][] = [];
    const options = { encoding: 'utf-8' as const, delimiter: ',', newline: '\n', chunkSize: 4 };
    expect(await parseCsvFile(path, options, { records: (list) => records.push(...list) })).toEqual({ invalidAt: 8 });
  });
});
