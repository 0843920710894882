// The tokenizer cuts bytes into the records papaparse's streaming gives for the same text: for any cells (quoted,
// with delimiters, quotes, line breaks and spaces after the closing quote, stray quotes, unclosed quotes), any
// delimiter, line break and encoding, and any chunks the bytes come in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ByteRecord, CELL, CsvTokenizer } from '../src/exports/csv-tokenizer.js';
import { papaRecords, windows1255 } from './helpers/csv.js';

/** The records a tokenizer gives for bytes fed in chunks of `size`, each cell read back as text. */
function tokenize(bytes: Uint8Array, delimiter: string, newline: string, utf8: boolean, size: number): string[][] {
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1255');
  const records: string[][] = [];
  const tokenizer = new CsvTokenizer({ delimiter, newline: newline as '\n', utf8 }, (r: ByteRecord) => {
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
    { arbitrary: fc.constantFrom('a\rb', 'x\r', 'a"b'), weight: 1 },
    { arbitrary: fc.constantFrom('אב', ...(hebrewOnly ? [] : ['😀', 'ع', '€'])), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '"q"',
        '"a,b;c\td"',
        '"l1\nl2\r\nl3"',
        '""',
        'מנכ"ל',
        '"open',
        '"q" ',
        '"q"\t',
        '"q"\u00a0',
        '"q" x',
        '"a"b"',
        '"x""y"',
        '"\r"',
        '"q"\r',
        ...(hebrewOnly ? [] : ['"q"\u2003', '"q"\u3000 ']),
      ),
      weight: 3,
    },
  );
const csv = (hebrewOnly: boolean) =>
  fc.record({
    rows: fc.array(fc.array(cell(hebrewOnly), { minLength: 0, maxLength: 5 }), { minLength: 0, maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    trailing: fc.boolean(),
    chunkSize: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.constant(65536)),
  });

describe('the CSV tokenizer', () => {
  it.each([
    ['utf-8', false],
    ['windows-1255', true],
  ] as const)('gives the records papaparse streams, in %s, in any chunks', async (encoding, hebrewOnly) => {
    await fc.assert(
      fc.asyncProperty(csv(hebrewOnly), async ({ rows, delimiter, newline, trailing, chunkSize }) => {
        const text = rows.map((r) => r.join(delimiter)).join(newline) + (trailing ? newline : '');
        const bytes = encoding === 'utf-8' ? new TextEncoder().encode(text) : windows1255(text);
        const expected = await papaRecords(text, delimiter, newline);
        expect(tokenize(bytes, delimiter, newline, encoding === 'utf-8', chunkSize)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a cell of many chunks, and a line of many cells, in time linear in their size', () => {
    // a 4 MB quoted cell and a 4 MB line without a break, in 1 KiB chunks: quadratic work would take minutes
    const big = `"${'x'.repeat(4 << 20)}"\n`;
    const line = `${'a,'.repeat(2 << 20)}z`;
    for (const text of [big, line]) {
      const records = tokenize(new TextEncoder().encode(text), ',', '\n', true, 1024);
      expect(records.length).toBe(1);
    }
  });
});
