import type { RowOversize } from './csv-tokenizer.js';

/**
 * One row of an export as the row reader sees it, whatever it was read from: strings (a parsed table, a
 * spreadsheet) or bytes (a CSV file, cut where its cells lie and read only where needed).
 */
export interface RowCells {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  readonly row: number;
  readonly count: number;
  /** The file ends inside this row (fewer cells than the header, or an open quote): it was cut off. */
  readonly truncated?: boolean;
  /** The first cell that holds bytes no text in the file's encoding holds: its text is not what was written. */
  readonly badBytes?: BadCell;
  /** Set when the row is longer than the row limit: its cells were not kept (count is 0). */
  readonly oversize?: RowOversize;
  /** Cell i as text, untrimmed ('' past the last cell). */
  text(i: number): string;
  /** Cell i's character code when it is one ASCII character, 0 when it is empty, else -1: most answers are one. */
  char(i: number): number;
  /** Whether cell i is empty or only whitespace. */
  blank(i: number): boolean;
  /** `char` of each of `columns`, into `out`: the answer columns of a row at once. */
  chars(columns: Int32Array, out: Int16Array): void;
}

/** A cell with bad bytes: its index, whether the byte is NUL (else not valid in the encoding), and the encoding. */
export interface BadCell {
  cell: number;
  nul: boolean;
  encoding: string;
}

/** A row of text cells as RowCells. */
export class StringCells implements RowCells {
  constructor(
    readonly row: number,
    private readonly cells: readonly string[],
    readonly truncated?: boolean,
    readonly badBytes?: BadCell,
    readonly oversize?: RowOversize,
  ) {}

  get count(): number {
    return this.cells.length;
  }

  text(i: number): string {
    return this.cells[i] ?? '';
  }

  char(i: number): number {
    const cell = this.cells[i] ?? '';
    if (cell.length === 0) return 0;
    const c = cell.charCodeAt(0);
    return cell.length === 1 && c > 0 && c < 0x80 ? c : -1;
  }

  blank(i: number): boolean {
    return (this.cells[i] ?? '').trim() === '';
  }

  chars(columns: Int32Array, out: Int16Array): void {
    for (let a = 0; a < columns.length; a++) out[a] = this.char(columns[a] as number);
  }
}
