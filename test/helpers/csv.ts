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
