import { Buffer, isUtf8 } from 'node:buffer';
import type { BadCell, RowCells } from '../exports/cells.js';
import { type ByteRecord, CELL, type RowOversize } from '../exports/csv-tokenizer.js';
import type { Encoding } from '../exports/decode.js';
import { badBytesOf } from './csv-file.js';

/**
 * A record cut from a file's bytes as RowCells: a cell's text is decoded only when asked for, and a cell of one
 * ASCII character answers `char` from its byte. Valid while the record is (the tokenizer's callback): `at`
 * points it at the next one.
 */
export class ByteCells implements RowCells {
  row = 0;
  badBytes?: BadCell;
  oversize?: RowOversize;
  private record: ByteRecord | undefined;
  private view: Buffer = Buffer.alloc(0);
  private readonly utf8: boolean;
  private readonly decoder: TextDecoder | undefined;
  private readonly bad: Uint8Array | undefined;

  constructor(private readonly encoding: Encoding) {
    // UTF-16 files are handed over as UTF-8 (see readCsvRecords)
    this.utf8 = !encoding.startsWith('windows-');
    this.decoder = this.utf8 ? undefined : new TextDecoder(encoding);
    this.bad = this.utf8 ? undefined : badBytesOf(encoding);
  }

  /**
   * Points at record `record`, row `row` of the export; when the record may hold bad bytes (`suspect`, see
   * readCsvRecords), finds the first cell that does.
   */
  at(record: ByteRecord, row: number, suspect = false): this {
    this.record = record;
    this.row = row;
    if (this.view.buffer !== record.bytes.buffer || this.view.length !== record.bytes.length)
      this.view = Buffer.from(record.bytes.buffer, record.bytes.byteOffset, record.bytes.length);
    const bad = suspect ? this.badCell(record) : undefined;
    if (bad) this.badBytes = bad;
    else delete this.badBytes;
    if (record.oversize) this.oversize = record.oversize;
    else delete this.oversize;
    return this;
  }

  /** The first cell of `record` with a NUL byte or bytes not valid in the encoding. */
  private badCell(record: ByteRecord): BadCell | undefined {
    const bytes = this.view;
    for (let i = 0; i < record.count; i++) {
      const start = record.start[i] as number;
      const end = record.end[i] as number;
      const nul = bytes.subarray(start, end).indexOf(0) >= 0;
      let valid = !nul;
      if (valid && this.bad) for (let j = start; j < end && valid; j++) valid = this.bad[bytes[j] as number] === 0;
      else if (valid) valid = isUtf8(bytes.subarray(start, end));
      if (!valid) return { cell: i, nul, encoding: this.encoding };
    }
    return undefined;
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
