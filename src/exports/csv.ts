import Papa from 'papaparse';
import { CELL, CsvTokenizer } from './csv-tokenizer.js';
import type { Table, TableRow } from './table.js';

/** The delimiters a survey export may use; the first that splits the header consistently wins. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Reads CSV text into a table: quoted fields may hold delimiters, quotes and line breaks; rows end at CR LF, LF
 * or a lone CR, mixed as they come; `,`, `;`, tab or `|` detected from the text. The cells are cut by the
 * tokenizer that cuts a CSV file streamed (see CsvTokenizer), so text and file read alike. Empty lines are kept as
 * blank rows so row numbers match what a spreadsheet shows. `headerRows` says how many rows form the header
 * (Qualtrics writes three).
 */
export function parseCsv(text: string, options: { delimiter?: string; headerRows?: number } = {}): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter || delimiterOf(body);
  const records: string[][] = [];
  const decoder = new TextDecoder();
  const tokenizer = new CsvTokenizer({ delimiter, utf8: true }, (r) => {
    const cells: string[] = [];
    for (let i = 0; i < r.count; i++) {
      const cell = decoder.decode(r.bytes.subarray(r.start[i], r.end[i]));
      cells.push(r.kind[i] === CELL.quoted ? cell.replaceAll('""', '"') : cell);
    }
    records.push(cells);
  });
  tokenizer.push(new TextEncoder().encode(body));
  tokenizer.end();
  const headerCount = options.headerRows ?? 1;
  const headerRows = records.slice(0, headerCount);
  const rows: TableRow[] = records.slice(headerCount).map((cells, i) => ({ row: headerCount + i + 1, cells }));
  // a file cut off: it ends inside a quoted field, or its last row is short and has no line break after it
  const last = rows[rows.length - 1];
  const short = last !== undefined && !/[\r\n]$/.test(body) && last.cells.length < (headerRows[0]?.length ?? 0);
  if (last && (tokenizer.unclosed || short)) rows[rows.length - 1] = { ...last, truncated: true };
  return { header: headerRows[0] ?? [], headerRows, rows, delimiter };
}

/** The delimiter of CSV text, as papaparse guesses it from its first lines (',' when nothing tells). */
export function delimiterOf(text: string): string {
  const newline = lineBreakOf(text);
  const sample = text.slice(0, 1 << 16);
  return Papa.parse(sample, { preview: 10, delimitersToGuess: [...DELIMITERS], ...(newline ? { newline } : {}) }).meta.delimiter;
}

/**
 * The line break of text whose lines end in CR CR LF (a CRLF file converted to CRLF again), which papaparse
 * takes for CR: each line would read as a row, a blank one, and a row that starts with LF, and the last LF
 * alone as a row cut off. Read as CRLF, the extra CR ends each line's last cell, where cells are trimmed.
 * Undefined (papaparse guesses) for any other text.
 */
export const lineBreakOf = (text: string): '\r\n' | undefined => (text.includes('\r\r\n') ? '\r\n' : undefined);
