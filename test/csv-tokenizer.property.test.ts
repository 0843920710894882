// The tokenizer cuts bytes into the records papaparse's streaming gives for the same rows joined by LF: for any
// cells (quoted, with delimiters, quotes, line breaks and spaces after the closing quote, stray quotes, unclosed
// quotes), any delimiter, any mix of CR LF, LF and CR between rows, any encoding, and any chunks the bytes come in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ByteRecord, CELL, CsvTokenizer } from '../src/exports/csv-tokenizer.js';
import { lfBreaks, mixedLines, papaRecords, windows1255 } from './helpers/csv.js';

/** The records a tokenizer gives for bytes fed in chunks of `size`, each cell read back as text . */
function tokenize(bytes: Uint8Array, delimiter: string, utf8: boolean, size: number): string[][] {
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1255');
  const records: string[][] = [];
  const tokenizer = new CsvTokenizer({ delimiter, utf8 }, (r: ByteRecord) => {
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) {
      const raw = r.bytes.subarray(r.start[i], r.end[i]);
      const text = decoder.decode(raw);
      cells.push(r.kind[i] === CELL.quoted ? text.replaceAll('""', '"') : text);
      // a plain cell of one ASCII character has it as its char; an empty cell 0; any other -1
      const char =
        raw.length === 0
          ? 0
          : raw.length === 1 && r.kind[i] === CELL.plain && (raw[0] as number) > 0 && (raw[0] as number) < 0x80
            ? raw[0]
            : -1;
      if (r.char[i] !== char) throw new Error(`char of cell ${i} of '${text}' is ${r.char[i]}, not ${char}`);
    }
    records.push(cells);
  });
  for (let at = 0; at < bytes.length; at += size) tokenizer.push(bytes.subarray(at, at + size));
  tokenizer.end();
  return records;
}

const cell = (hebrewOnly: boolean) =>
  fc.oneof(
    { arbitrary: fc.constantFrom('', '3', 'a', ' x '), weight: 12 },
    { arbitrary: fc.constantFrom('a"b', 'a\vb'), weight: 1 },
    { arbitrary: fc.constantFrom('אב', ...(hebrewOnly ? [] : ['😀', 'ع', '€'])), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '"q"',
        '"a,b;c\td"',
        '"l1\nl2\r\nl3"',
        '""',
        'מנכ"ל',
        '"q" ',
        '"q"\t',
        '"q"\u00a0',
        '"a"b"',
        '"x""y"',
        '"\r"',
        ...(hebrewOnly ? [] : ['"q"\u2003', '"q"\u3000 ']),
      ),
      weight: 3,
    },
  );
const csv = (hebrewOnly: boolean) =>
  fc.record({
    rows: fc.array(fc.array(cell(hebrewOnly), { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 12 }),
    // a quote never closed, last: a CR or LF in it is text, so the breaks after it cannot be told apart
    open: fc.constantFrom('', '"open', '"q" x'),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    breaks: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 4 }),
    trailing: fc.boolean(),
    chunkSize: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.constant(65536)),
  });

/** The rows' text, the last ending in `open` (a quote never closed) when there is one. */
const withOpen = (rows: string[][], open: string, delimiter: string) =>
  rows.map((r, i) => (i === rows.length - 1 && open ? [...r, open] : r).join(delimiter));

describe('the CSV tokenizer', () => {
  it.each([
    ['utf-8', false],
    ['windows-1255', true],
  ] as const)('gives the records papaparse streams, in %s, in any chunks', async (encoding, hebrewOnly) => {
    await fc.assert(
      fc.asyncProperty(csv(hebrewOnly), async ({ rows, open, delimiter, breaks, trailing, chunkSize }) => {
        const { text, lf } = mixedLines(withOpen(rows, open, delimiter), breaks, trailing);
        const bytes = encoding === 'utf-8' ? new TextEncoder().encode(text) : windows1255(text);
        const expected = await papaRecords(lf, delimiter, '\n');
        expect(lfBreaks(tokenize(bytes, delimiter, encoding === 'utf-8', chunkSize))).toEqual(lfBreaks(expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a cell of many chunks, and a line of many cells, in time linear in their size', () => {
    // a 4 MB quoted cell and a 4 MB line without a break, in 1 KiB chunks: quadratic work would take minutes
    const big = `"${'x'.repeat(4 << 20)}"\n`;
    const line = `${'a,'.repeat(2 << 20)}z`;
    for (const text of [big, line]) {
      const records = tokenize(new TextEncoder().encode(text), ',', true, 1024);
      expect(records.length).toBe(1);
    }
  });
});
