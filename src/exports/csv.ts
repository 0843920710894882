import Papa from 'papaparse';
import type { Table, TableRow } from './table.js';

/** The delimiters a survey export may use; the first that splits the header consistently wins. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Reads CSV text into a table: quoted fields may hold delimiters, quotes and line breaks; CRLF or LF; `,`, `;`,
 * tab or `|` detected from the text. Empty lines are kept as blank rows so row numbers match what a
 * spreadsheet shows. `headerRows` says how many rows form the header (Qualtrics writes three).
 */
export function parseCsv(text: string, options: { delimiter?: string; headerRows?: number } = {}): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const newline = lineBreakOf(body);
  const parsed = Papa.parse<string[]>(body, {
    delimiter: options.delimiter ?? '',
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: false,
    ...(newline ? { newline } : {}),
  });
  const records = parsed.data;
  // a final line break leaves one empty record behind; it is not a row
  if (records.length > 0 && isTrailingEmpty(records[records.length - 1] as string[]) && body.endsWith('\n')) records.pop();
  const headerCount = options.headerRows ?? 1;
  const headerRows = records.slice(0, headerCount);
  const rows: TableRow[] = records.slice(headerCount).map((cells, i) => ({ row: headerCount + i + 1, cells }));
  // a file cut off: it ends inside a quoted field, or its last row is short and has no line break after it
  const last = rows[rows.length - 1];
  const openQuote = parsed.errors.some((e) => e.code === 'MissingQuotes');
  const short = last !== undefined && !/[\r\n]$/.test(body) && last.cells.length < (headerRows[0]?.length ?? 0);
  if (last && (openQuote || short)) rows[rows.length - 1] = { ...last, truncated: true };
  return { header: headerRows[0] ?? [], headerRows, rows, delimiter: parsed.meta.delimiter };
}

const isTrailingEmpty = (cells: readonly string[]) => cells.length === 1 && cells[0] === '';

/**
 * The line break of text whose lines end in CR CR LF (a CRLF file converted to CRLF again), which papaparse
 * takes for CR: each line would read as a row, a blank one, and a row that starts with LF, and the last LF
 * alone as a row cut off. Read as CRLF, the extra CR ends each line's last cell, where cells are trimmed.
 * Undefined (papaparse guesses) for any other text.
 */
export const lineBreakOf = (text: string): '\r\n' | undefined => (text.includes('\r\r\n') ? '\r\n' : undefined);
