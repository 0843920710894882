/** One data row of an export, with its row number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  row: number;
  cells: readonly string[];
  /** The file ends inside this row (fewer cells than the header, or an open quote): it was cut off. */
  truncated?: boolean;
}

/** A survey export read into header and rows, all cells as text. */
export interface Table {
  /** The column headers (the first header row; see `headerRows` for tools that write several). */
  header: readonly string[];
  /** Every header row as read; Qualtrics writes three. */
  headerRows: readonly (readonly string[])[];
  rows: readonly TableRow[];
  /** The delimiter found (CSV only). */
  delimiter?: string;
}

/** A column's letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A cell's address as a spreadsheet shows it, e.g. C7. */
export const cellAddress = (row: number, column: number) => `${columnLetters(column)}${row}`;

/** True when every cell of a row is empty or whitespace. */
export const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * A spreadsheet's error value, as Excel shows it in a cell and writes it to CSV (`#N/A`, `#DIV/0!`, ...): the
 * result of a formula that failed, not a value anyone entered.
 */
export const isSpreadsheetError = (text: string) =>
  // the first character first: every row's subject id is asked
  text.charCodeAt(0) === 0x23 && /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/.test(text);
