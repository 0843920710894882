// Helpers of the CSV tests: papaparse's streaming as the reference, and text as windows-1255 bytes.
import { Readable } from 'node:stream';
import Papa from 'papaparse';

/** The records papaparse's streaming gives for the whole text. */
export function papaRecords(text: string, delimiter: string, newline: string): Promise<string[][]> {
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

/** windows-1255 bytes of text in ASCII and Hebrew letters (and its no-break space). */
export const windows1255 = (text: string) =>
  Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 || code === 0xa0 ? code : code - 0x05d0 + 0xe0;
  });

/**
 * Rows joined by line breaks of every kind, as `breaks` (cycled) gives them, and the same rows joined by LF:
 * the text to cut and the text papaparse reads as the reference. A CR's next break is a CR too when the row
 * between is empty: CR then LF is one CRLF, and CRs before an LF one break with it.
 */
export function mixedLines(rows: readonly string[], breaks: readonly string[], trailing: boolean): { text: string; lf: string } {
  let text = '';
  rows.forEach((row, i) => {
    const last = i === rows.length - 1;
    text += row;
    if (last && !trailing) return;
    const next = breaks[i % breaks.length] ?? '\n';
    text += text.endsWith('\r') ? '\r' : next;
  });
  return { text, lf: rows.join('\n') + (trailing && rows.length > 0 ? '\n' : '') };
}

/**
 * Records with every line break in their cells made LF: a quoted cell that runs over rows (or a quote never
 * closed) holds the breaks between them as written, mixed, where the reference text has LF.
 */
export const lfBreaks = (records: string[][]): string[][] => records.map((r) => r.map((c) => c.replace(/\r\n|\r/g, '\n')));

/** Text as the bytes of a single-byte code page (every character must be in it). */
export function codePageBytes(text: string, encoding: 'windows-1255' | 'windows-1256'): Buffer {
  const decoder = new TextDecoder(encoding);
  const byChar = new Map<string, number>();
  for (let b = 0; b < 256; b++) byChar.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(
    Array.from(text, (c) => {
      const b = byChar.get(c);
      if (b === undefined) throw new Error(`${encoding} has no '${c}'`);
      return b;
    }),
  );
}
