import { Buffer } from 'node:buffer';
import type { RowCells } from '../exports/cells.js';
import { type ByteRecord, CELL } from '../exports/csv-tokenizer.js';
import type { Encoding } from '../exports/decode.js';

/**
 * A record cut from a file's bytes as RowCells: a cell's text is decoded only when asked for, and a cell of one
 * ASCII character answers `char` from its byte. Valid while the record is (the tokenizer's callback): `at`
 * points it at the next one.
 */
export class ByteCells implements RowCells {
  row = 0;
  truncated?: boolean;
  private record: ByteRecord | undefined;
  private view: Buffer = Buffer.alloc(0);
  private readonly utf8: boolean;
  private readonly decoder: TextDecoder | undefined;

  constructor(encoding: Encoding) {
    // UTF-16 files are handed over as UTF-8 (see readCsvRecords)
    this.utf8 = !encoding.startsWith('windows-');
    this.decoder = this.utf8 ? undefined : new TextDecoder(encoding);
  }

  /** Points at record `record`, row `row` of the export. */
  at(record: ByteRecord, row: number, truncated?: boolean): this {
    this.record = record;
    this.row = row;
    if (truncated) this.truncated = true;
    else delete this.truncated;
    if (this.view.buffer !== record.bytes.buffer || this.view.length !== record.bytes.length)
      this.view = Buffer.from(record.bytes.buffer, record.bytes.byteOffset, record.bytes.length);
    return this;
  }

  get count(): number {
    return this.record?.count ?? 0;
  }

  text(i: number): string {
    const r = this.record as ByteRecord;
    if (i >= r.count) return '';
    const start = r.start[i] as number;
    const end = r.end[i] as number;
    const text = this.decode(start, end);
    return r.kind[i] === CELL.quoted && text.includes('""') ? text.replaceAll('""', '"') : text;
  }

  private decode(start: number, end: number): string {
    const bytes = this.view;
    let ascii = true;
    for (let j = start; j < end && ascii; j++) ascii = (bytes[j] as number) < 0x80;
    if (ascii) return bytes.toString('latin1', start, end);
    return this.utf8 ? bytes.toString('utf8', start, end) : (this.decoder as TextDecoder).decode(bytes.subarray(start, end));
  }

  char(i: number): number {
    const r = this.record as ByteRecord;
    return i < r.count ? (r.char[i] as number) : 0;
  }

  chars(columns: Int32Array, out: Int16Array): void {
    const { char, count } = this.record as ByteRecord;
    for (let a = 0; a < columns.length; a++) {
      const i = columns[a] as number;
      out[a] = i < count ? (char[i] as number) : 0;
    }
  }

  blank(i: number): boolean {
    const r = this.record as ByteRecord;
    if (i >= r.count) return true;
    const bytes = r.bytes;
    for (let j = r.start[i] as number; j < (r.end[i] as number); j++) {
      const b = bytes[j] as number;
      if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
      // other whitespace is more than one byte in UTF-8, or a code page's no-break space: as `trim` sees it
      return b >= 0x80 ? this.text(i).trim() === '' : false;
    }
    return true;
  }

  /** The record's cells as strings (header rows, rows held back). */
  strings(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }
}
