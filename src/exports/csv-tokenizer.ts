/**
 * CSV records cut from bytes as they arrive, in any encoding where the delimiter, quote and line break are the
 * ASCII bytes (UTF-8, windows-1255, windows-1256): a cell is a range of the bytes, so nothing becomes a string
 * until someone reads it. The cuts are papaparse's (its parser is the reference a property test holds this to):
 * a cell that starts with a quote runs to a quote followed by the delimiter or the line break (whitespace between
 * them dropped), `""` inside it is a quote, and any other quote is text; blank lines are records of one empty cell.
 * Unlike papaparse, which takes one line break for the whole text, every line break outside quotes ends a record:
 * CR LF, LF and a lone CR, mixed as a file edited on several systems mixes them (a row ended by another kind of
 * break would be read into the row before it). CRs before an LF are one break with it: CR CR LF is a CRLF file
 * converted to CRLF again, not a blank line.
 * State is carried from chunk to chunk, so every byte is looked at once and a cell may span any number of chunks.
 * A record is held until it ends, up to `maxRowBytes`: past that its bytes are dropped as they are cut, and it is
 * handed over as an oversized record (see ByteRecord.oversize), so that memory stays bounded on any input.
 */

/** How a cell's bytes read: as they are, quoted (a `""` inside is one quote), or an unclosed quote's raw rest. */
export const CELL = { plain: 0, quoted: 1, unclosed: 2 } as const;

/**
 * One record: cell i is bytes[start[i]..end[i]), read as `kind[i]` says; `char[i]` is its one ASCII character
 * when it is a plain cell of one, 0 when it is empty, else -1 (most answers are one character: told where the
 * cell is cut, while its byte is at hand). Valid only during the callback.
 */
export interface ByteRecord {
  bytes: Uint8Array;
  count: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  char: Int16Array;
  /** Set when the record is longer than the row limit: its bytes were dropped, and it is handed over with no cells. */
  oversize: RowOversize | undefined;
}

/**
 * A record past the row limit: its length in bytes (with its line break), and the cell to name: where it passes
 * the limit, or, when it ends in a quote never closed (`unclosed`), the cell that opens it.
 */
export interface RowOversize {
  cell: number;
  bytes: number;
  limit: number;
  unclosed: boolean;
}

/** The delimiter (one ASCII character) of a CSV text, and how its bytes read. */
export interface CsvDialect {
  delimiter: string;
  /** Whether bytes 0x80 and up are UTF-8 (for spaces after a closing quote); else a single-byte code page. */
  utf8: boolean;
}

/** The default row size limit: far above any survey's row, low enough that a runaway quote cannot fill memory. */
export const DEFAULT_MAX_ROW_BYTES = 16 * 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The length of the line break at `p` (a CR or an LF): LF 1, CRs and the LF after them all, a lone CR 1; -1 when
 * the bytes so far end in CRs and more may come.
 */
function breakLength(buf: Uint8Array, p: number, len: number, eof: boolean): number {
  if (buf[p] === LF) return 1;
  let q = p + 1;
  while (q < len && buf[q] === CR) q++;
  if (q >= len) return eof ? 1 : -1;
  return buf[q] === LF ? q + 1 - p : 1;
}

export class CsvTokenizer {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private pos = 0;
  private recordStart = 0;
  private atFieldStart = true;
  private inQuoted = false;
  private quoteScan = 0;
  private fieldStart = 0;
  // a record past the limit: the cell where it passed it, and the bytes and cells of it dropped so far
  private overCell = -1;
  private droppedBytes = 0;
  private droppedCells = 0;
  private readonly record: ByteRecord;
  private readonly delimiter: number;
  private readonly utf8: boolean;
  /** Whether the last record ended in an unclosed quote. */
  unclosed = false;

  constructor(
    dialect: CsvDialect,
    private readonly onRecord: (record: ByteRecord) => void,
    private readonly maxRowBytes = Number.POSITIVE_INFINITY,
  ) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.utf8 = dialect.utf8;
    this.record = {
      bytes: this.buf,
      count: 0,
      start: new Int32Array(64),
      end: new Int32Array(64),
      kind: new Uint8Array(64),
      char: new Int16Array(64),
      oversize: undefined,
    };
  }

  /** Takes the next bytes, and hands over every record they complete. */
  push(chunk: Uint8Array): void {
    this.room(chunk.length);
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.scan(false);
    // every byte held from recordStart on belongs to the record in progress (scan stops only inside one)
    if (this.len - this.recordStart > this.maxRowBytes) this.drop();
  }

  /**
   * Drops the bytes of the record in progress that scanning is done with: it is past the limit, and only its
   * length and the cell where it passed the limit are kept.
   */
  private drop(): void {
    const r = this.record;
    if (this.overCell < 0) this.overCell = this.cellAt(this.recordStart + this.maxRowBytes);
    const keep = this.inQuoted ? this.quoteScan : this.pos;
    this.droppedBytes += keep - this.recordStart;
    this.droppedCells += r.count;
    r.count = 0;
    this.recordStart = keep;
    // the cell in progress now starts where its kept bytes do (what it holds is not read)
    this.fieldStart = this.inQuoted ? keep - 1 : keep;
  }

  /** The index of the cell of the record in progress that holds byte `offset` (or the delimiter after it). */
  private cellAt(offset: number): number {
    const r = this.record;
    for (let i = 0; i < r.count; i++) if ((r.end[i] as number) >= offset) return this.droppedCells + i;
    return this.droppedCells + r.count;
  }

  /** The input is over: hands over the last record, unless nothing follows the last line break. */
  end(): void {
    this.scan(true);
    if (this.pos < this.len || this.record.count > 0 || !this.atFieldStart || this.inQuoted) {
      if (this.inQuoted) {
        // a quote never closed: its cell is the rest of the text, as written
        this.unclosed = true;
        this.cell(this.fieldStart + 1, this.len, CELL.unclosed);
      } else this.cell(this.atFieldStart ? this.len : this.fieldStart, this.len, CELL.plain);
      this.emit(this.len);
    }
  }

  /**
   * Cuts what the buffer holds from `pos` on. Unquoted cells (most) are cut in one tight loop that writes their
   * ranges straight into the record; a quoted one goes to scanQuoted.
   */
  private scan(eof: boolean): void {
    const buf = this.buf;
    const len = this.len;
    const delimiter = this.delimiter;
    const r = this.record;
    // the record's arrays in locals: read for every cell (they change only when the record grows)
    let starts = r.start;
    let ends = r.end;
    let kinds = r.kind;
    let chars = r.char;
    let p = this.pos;
    let field = this.fieldStart;
    let atStart = this.atFieldStart;
    for (;;) {
      if (this.inQuoted) {
        const next = this.scanQuoted(eof);
        if (next < 0) return;
        p = next;
        atStart = this.atFieldStart;
        starts = r.start;
        ends = r.end;
        kinds = r.kind;
        chars = r.char;
        continue;
      }
      if (atStart) {
        if (p >= len) break;
        field = p;
        atStart = false;
        if (buf[p] === QUOTE) {
          this.fieldStart = p;
          this.atFieldStart = false;
          this.inQuoted = true;
          this.quoteScan = p + 1;
          continue;
        }
      }
      while (p < len) {
        const b = buf[p] as number;
        if (b === delimiter || b === LF || b === CR) break;
        p++;
      }
      if (p >= len) break;
      const breaks = buf[p] === delimiter ? 0 : breakLength(buf, p, len, eof);
      if (breaks < 0) break;
      if (r.count === starts.length) {
        this.growRecord();
        starts = r.start;
        ends = r.end;
        kinds = r.kind;
        chars = r.char;
      }
      const count = r.count;
      starts[count] = field;
      ends[count] = p;
      kinds[count] = CELL.plain;
      chars[count] = oneChar(buf, field, p);
      r.count = count + 1;
      atStart = true;
      if (breaks === 0) p++;
      else {
        p += breaks;
        this.emit(p);
      }
    }
    this.pos = p;
    this.fieldStart = field;
    this.atFieldStart = atStart;
  }

  /**
   * Scans a quoted cell from where its last scan stopped, for the quote that closes it. Returns where reading
   * goes on, or -1 when more bytes are needed.
   */
  private scanQuoted(eof: boolean): number {
    const buf = this.buf;
    const len = this.len;
    for (;;) {
      let q = this.quoteScan;
      while (q < len && buf[q] !== QUOTE) q++;
      if (q >= len) {
        this.quoteScan = len;
        return -1;
      }
      if (q + 1 >= len) {
        this.quoteScan = q;
        if (!eof) return -1;
        // the closing quote is the text's last byte
        this.cell(this.fieldStart + 1, q, CELL.quoted);
        this.emit(len);
        return len;
      }
      if (buf[q + 1] === QUOTE) {
        this.quoteScan = q + 2;
        continue;
      }
      // a closing quote is followed by the delimiter or the line break, with nothing but spaces between
      const j = this.afterSpaces(q + 1, eof);
      if (j < 0) {
        this.quoteScan = q;
        return -1;
      }
      if (j < len && buf[j] === this.delimiter) {
        this.cell(this.fieldStart + 1, q, CELL.quoted);
        this.inQuoted = false;
        this.atFieldStart = true;
        return j + 1;
      }
      if (j < len && (buf[j] === LF || buf[j] === CR)) {
        const breaks = breakLength(buf, j, len, eof);
        if (breaks < 0) {
          this.quoteScan = q;
          return -1;
        }
        this.cell(this.fieldStart + 1, q, CELL.quoted);
        this.inQuoted = false;
        this.emit(j + breaks);
        return j + breaks;
      }
      // any other quote is text
      this.quoteScan = q + 1;
    }
  }

  /**
   * Where the whitespace from `i` ends: at the delimiter, the line break or anything else that is not a space.
   * -1 when the bytes so far cannot tell (they end in spaces, or in part of a line break or of a character).
   */
  private afterSpaces(i: number, eof: boolean): number {
    const buf = this.buf;
    const len = this.len;
    let j = i;
    for (;;) {
      if (j >= len) return eof ? j : -1;
      const b = buf[j] as number;
      if (b === this.delimiter || b === LF || b === CR) return j;
      if (b >= 0x80 && this.utf8 && j + 3 > len && !eof) return -1;
      const space = spaceLength(buf, j, len, this.utf8);
      if (space === 0) return j;
      j += space;
    }
  }

  private growRecord(): void {
    const r = this.record;
    r.start = grow(r.start);
    r.end = grow(r.end);
    r.kind = grow(r.kind);
    r.char = grow(r.char);
  }

  private cell(start: number, end: number, kind: number): void {
    const r = this.record;
    if (r.count === r.start.length) this.growRecord();
    r.start[r.count] = start;
    r.end[r.count] = end;
    r.kind[r.count] = kind;
    r.char[r.count] = start === end ? 0 : kind === CELL.plain ? oneChar(this.buf, start, end) : -1;
    r.count++;
  }

  private emit(next: number): void {
    const r = this.record;
    r.bytes = this.buf;
    const bytes = this.droppedBytes + next - this.recordStart;
    if (bytes > this.maxRowBytes) this.oversized(bytes);
    this.onRecord(r);
    r.count = 0;
    r.oversize = undefined;
    this.overCell = -1;
    this.droppedBytes = 0;
    this.droppedCells = 0;
    this.recordStart = next;
    this.atFieldStart = true;
    this.inQuoted = false;
  }

  /** Makes the record an oversized one, with no cells: the same whatever the chunks were. */
  private oversized(bytes: number): void {
    const r = this.record;
    const unclosed = this.inQuoted && this.unclosed;
    const last = this.droppedCells + r.count - 1;
    const cell = unclosed ? last : this.overCell >= 0 ? this.overCell : this.cellAt(this.recordStart + this.maxRowBytes);
    r.count = 0;
    r.oversize = { cell, bytes, limit: this.maxRowBytes, unclosed };
  }

  /**
   * Room for `more` bytes: the record in progress moves to the front once what lies before it is at least half
   * the buffer, and the buffer doubles when it must; either way each byte is copied a bounded number of times.
   */
  private room(more: number): void {
    const keep = this.recordStart;
    if (keep > 0 && (keep >= this.len >> 1 || this.len + more > this.buf.length)) {
      this.buf.copyWithin(0, keep, this.len);
      this.len -= keep;
      this.pos -= keep;
      this.fieldStart -= keep;
      this.quoteScan -= keep;
      const r = this.record;
      for (let i = 0; i < r.count; i++) {
        r.start[i] = (r.start[i] as number) - keep;
        r.end[i] = (r.end[i] as number) - keep;
      }
      this.recordStart = 0;
    }
    if (this.len + more > this.buf.length) {
      let size = this.buf.length * 2;
      while (this.len + more > size) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
  }
}

/** The `char` of a plain cell's bytes [start, end). */
const oneChar = (bytes: Uint8Array, start: number, end: number): number => {
  const b = bytes[start] as number;
  return end === start ? 0 : end === start + 1 && b > 0 && b < 0x80 ? b : -1;
};

function grow<T extends Int32Array | Uint8Array | Int16Array>(array: T): T {
  const copy = new (array.constructor as new (n: number) => T)(array.length * 2);
  copy.set(array);
  return copy;
}

/**
 * The length of the whitespace character at `i`, as JavaScript's `trim` knows whitespace (papaparse drops it
 * between a closing quote and the delimiter), or 0. In UTF-8, the multi-byte spaces too; in a single-byte code
 * page, its no-break space (0xA0).
 */
export function spaceLength(bytes: Uint8Array, i: number, end: number, utf8: boolean): number {
  const b = bytes[i] as number;
  if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) return 1;
  if (b < 0x80) return 0;
  if (!utf8) return b === 0xa0 ? 1 : 0;
  const b1 = i + 1 < end ? (bytes[i + 1] as number) : -1;
  const b2 = i + 2 < end ? (bytes[i + 2] as number) : -1;
  if (b === 0xc2 && b1 === 0xa0) return 2; // U+00A0
  if (b === 0xe1 && b1 === 0x9a && b2 === 0x80) return 3; // U+1680
  if (b === 0xe2 && b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf)) return 3;
  if (b === 0xe2 && b1 === 0x81 && b2 === 0x9f) return 3; // U+205F
  if (b === 0xe3 && b1 === 0x80 && b2 === 0x80) return 3; // U+3000
  if (b === 0xef && b1 === 0xbb && b2 === 0xbf) return 3; // U+FEFF
  return 0;
}
