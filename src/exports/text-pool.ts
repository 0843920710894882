/**
 * Many short texts (a million respondent ids) kept as bytes in blocks, one per character, instead of one string
 * object each: several times less memory, none of it for the garbage collector to walk. A text with a character
 * past U+00FF (or longer than an entry records) is kept as a string. Texts are added in turn and found again by
 * the index `add` returns.
 */
import { grown } from '../score/grow.js';

const BLOCK_BITS = 20;
const BLOCK = 1 << BLOCK_BITS;
/** Longer texts are kept as strings (a pool entry records its length in 16 bits). */
const LONGEST = 0xffff;
/** The length of an entry kept as a string. */
const AS_STRING = 0xffff;

export class TextPool {
  private readonly blocks: Uint8Array[] = [];
  private used = BLOCK;
  private start = new Int32Array(1024);
  private length = new Uint16Array(1024);
  private readonly strings = new Map<number, string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): number {
    const index = this.count++;
    if (index === this.start.length) {
      this.start = grown(this.start);
      this.length = grown(this.length);
    }
    let narrow = text.length < LONGEST;
    for (let i = 0; i < text.length && narrow; i++) narrow = text.charCodeAt(i) <= 0xff;
    if (!narrow) {
      this.strings.set(index, text);
      this.length[index] = AS_STRING;
      return index;
    }
    if (this.used + text.length > BLOCK) {
      this.blocks.push(new Uint8Array(BLOCK));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1] as Uint8Array;
    for (let i = 0; i < text.length; i++) block[this.used + i] = text.charCodeAt(i);
    this.start[index] = ((this.blocks.length - 1) << BLOCK_BITS) | this.used;
    this.length[index] = text.length;
    this.used += text.length;
    return index;
  }

  /** Whether text `index` is `text`, compared character by character without making a string. */
  equals(index: number, text: string): boolean {
    const length = this.length[index] as number;
    if (length === AS_STRING) return this.strings.get(index) === text;
    if (length !== text.length) return false;
    const at = this.start[index] as number;
    const block = this.blocks[at >>> BLOCK_BITS] as Uint8Array;
    const from = at & (BLOCK - 1);
    for (let i = 0; i < length; i++) if (block[from + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** Texts `a` and `b` in code-unit order (as strings sort), compared without making strings. */
  compare(a: number, b: number): number {
    const [la, lb] = [this.length[a] as number, this.length[b] as number];
    if (la === AS_STRING || lb === AS_STRING) {
      const [x, y] = [this.get(a), this.get(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const [sa, sb] = [this.start[a] as number, this.start[b] as number];
    const ba = this.blocks[sa >>> BLOCK_BITS] as Uint8Array;
    const bb = this.blocks[sb >>> BLOCK_BITS] as Uint8Array;
    const [fa, fb] = [sa & (BLOCK - 1), sb & (BLOCK - 1)];
    for (let i = 0; i < la && i < lb; i++) {
      const d = (ba[fa + i] as number) - (bb[fb + i] as number);
      if (d !== 0) return d;
    }
    return la - lb;
  }

  get(index: number): string {
    const length = this.length[index] as number;
    if (length === AS_STRING) return this.strings.get(index) as string;
    const at = this.start[index] as number;
    const from = at & (BLOCK - 1);
    const bytes = (this.blocks[at >>> BLOCK_BITS] as Uint8Array).subarray(from, from + length);
    let text = '';
    // in slices: String.fromCharCode takes its arguments on the stack
    for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return text;
  }
}
