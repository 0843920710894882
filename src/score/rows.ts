import { grown } from './grow.js';
import type { ScoringTables } from './tables.js';

// rows per block: 65,536 rows of 96 indicators are 6 MiB of codes
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
/** The role byte of a row taken out again (a duplicate submission). */
export const DROPPED = 253;
// per subject: its first row, its last, how many it has left, and a number its reader keeps with it
const HEAD = 0;
const TAIL = 1;
const SIZE = 2;
const KEPT = 3;
const SUBJECT = 4;
/** Values a packed code can name: codes 3..7. */
const NIBBLE_VALUES = 5;

/** A code in four bits: its low three, and its evidence bit as the fourth. */
const nibble = (code: number) => (code & 7) | ((code & 0x80) >> 4);
/** A code from its four bits. */
export const unpacked = (n: number) => (n & 7) | ((n & 8) << 4);

/**
 * Respondents' answers as the scorer reads them: one byte per indicator and row (an answer code, see CODE),
 * and for each direct indicator the points answered, in blocks of rows that are never copied as they grow.
 * Each subject's rows form a linked list in the order added, so rows of one subject may come anywhere in a file.
 * What is read together lies together: a subject's list ends and size in one place, a row's link beside a number
 * its reader keeps with it (the collector: a hash of its respondent), so rows of subjects spread over a file
 * cost few trips to memory.
 */
export class RowStore {
  readonly width: number;
  /**
   * Whether codes are kept two to a byte: when every indicator's codes fit in four bits (at most five values,
   * as most scales have), the low three bits of the code and its evidence bit. Halves the store.
   */
  readonly packed: boolean;
  /** Bytes a row's codes take. */
  readonly stride: number;
  readonly directs: number;
  /** The column of each direct indicator among the direct values, by indicator (-1: coded). */
  readonly directColumn: Int32Array;
  rows = 0;
  /** Subjects with an index, whether or not they have rows. */
  subjects = 0;
  role = new Uint8Array(1024);
  private readonly codeBlocks: Uint8Array[] = [];
  private readonly valueBlocks: Float64Array[] = [];
  /** Per row: the next row of its subject (-1 after the last), and its key. */
  private links = new Int32Array(2048);
  private state = new Int32Array(64 * SUBJECT);

  constructor(tables: ScoringTables) {
    this.width = tables.indicators.count;
    this.packed = tables.indicators.values.every((v) => v.length <= NIBBLE_VALUES);
    this.stride = this.packed ? (this.width + 1) >> 1 : this.width;
    this.directColumn = tables.indicators.directColumn;
    this.directs = tables.indicators.directs;
  }

  /** A new subject's index. */
  addSubject(): number {
    const s = this.subjects++;
    if ((s + 1) * SUBJECT > this.state.length) this.state = grown(this.state);
    const at = s * SUBJECT;
    this.state[at + HEAD] = -1;
    this.state[at + TAIL] = -1;
    this.state[at + SIZE] = 0;
    this.state[at + KEPT] = -1;
    return s;
  }

  /**
   * Adds a row of subject `s`: a code per indicator (`codes`, `width` long), the points of each direct one
   * (`values`, `directs` long), and a key the caller keeps with it; returns its handle.
   */
  add(s: number, role: number, codes: Uint8Array, values?: Float64Array, key = 0): number {
    const r = this.rows++;
    if (r === this.role.length) {
      this.role = grown(this.role);
      this.links = grown(this.links);
    }
    if ((r & BLOCK_MASK) === 0) {
      this.codeBlocks.push(new Uint8Array(BLOCK * this.stride));
      if (this.directs > 0) this.valueBlocks.push(new Float64Array(BLOCK * this.directs));
    }
    const block = this.codeBlocks[r >> BLOCK_BITS] as Uint8Array;
    const from = (r & BLOCK_MASK) * this.stride;
    if (this.packed) {
      // two codes to each byte, written once
      const width = this.width;
      for (let k = 0; k + 1 < width; k += 2)
        block[from + (k >> 1)] = nibble(codes[k] as number) | (nibble(codes[k + 1] as number) << 4);
      if ((width & 1) === 1) block[from + (width >> 1)] = nibble(codes[width - 1] as number);
    }
    // a row's arrays are as long as the store's rows: copied as they are, no view of them made
    else block.set(codes, from);
    if (values && this.directs > 0)
      (this.valueBlocks[r >> BLOCK_BITS] as Float64Array).set(values, (r & BLOCK_MASK) * this.directs);
    this.role[r] = role;
    this.links[2 * r] = -1;
    this.links[2 * r + 1] = key;
    const state = this.state;
    const at = s * SUBJECT;
    const tail = state[at + TAIL] as number;
    if (tail < 0) state[at + HEAD] = r;
    else this.links[2 * tail] = r;
    state[at + TAIL] = r;
    state[at + SIZE] = (state[at + SIZE] as number) + 1;
    return r;
  }

  /** Takes row `r` of subject `s` out again (a duplicate submission resolved later). */
  drop(s: number, r: number): void {
    if (this.role[r] === DROPPED) return;
    this.role[r] = DROPPED;
    this.state[s * SUBJECT + SIZE] = (this.state[s * SUBJECT + SIZE] as number) - 1;
  }

  /** Whether row `r` was taken out. */
  dropped(r: number): boolean {
    return this.role[r] === DROPPED;
  }

  /** The first row of subject `s`; then `next(r)`, -1 after the last. */
  first(s: number): number {
    return this.state[s * SUBJECT + HEAD] as number;
  }
  next(r: number): number {
    return this.links[2 * r] as number;
  }
  /** The key kept with row `r`. */
  key(r: number): number {
    return this.links[2 * r + 1] as number;
  }
  /** How many rows subject `s` has left. */
  size(s: number): number {
    return this.state[s * SUBJECT + SIZE] as number;
  }
  /** A number the reader keeps with subject `s` (-1 until set). */
  kept(s: number): number {
    return this.state[s * SUBJECT + KEPT] as number;
  }
  keep(s: number, value: number): void {
    this.state[s * SUBJECT + KEPT] = value;
  }

  /** The codes of the block holding row `r`; its row starts at `offset(r)` (`stride` bytes, packed or not). */
  codesOf(r: number): Uint8Array {
    return this.codeBlocks[r >> BLOCK_BITS] as Uint8Array;
  }
  offset(r: number): number {
    return (r & BLOCK_MASK) * this.stride;
  }
  /** The code row `r` gave indicator `k`. */
  code(r: number, k: number): number {
    const block = this.codeBlocks[r >> BLOCK_BITS] as Uint8Array;
    if (!this.packed) return block[(r & BLOCK_MASK) * this.width + k] as number;
    return unpacked(((block[(r & BLOCK_MASK) * this.stride + (k >> 1)] as number) >> ((k & 1) << 2)) & 15);
  }
  /** Every code of row `r`, unpacked, into `out` (`width` long). */
  codesInto(r: number, out: Uint8Array): Uint8Array {
    const block = this.codeBlocks[r >> BLOCK_BITS] as Uint8Array;
    const from = (r & BLOCK_MASK) * this.stride;
    if (!this.packed) out.set(block.subarray(from, from + this.width));
    else for (let k = 0; k < this.width; k++) out[k] = unpacked(((block[from + (k >> 1)] as number) >> ((k & 1) << 2)) & 15);
    return out;
  }
  /** The points row `r` gave direct indicator `k`. */
  value(r: number, k: number): number {
    const d = this.directColumn[k] as number;
    return (this.valueBlocks[r >> BLOCK_BITS] as Float64Array)[(r & BLOCK_MASK) * this.directs + d] as number;
  }
}
