import { ByteBuffer } from './byte-buffer.js';

/**
 * Numbers as CSV writes them: rounded to six decimals as `toFixed(6)` rounds, no trailing zeros, empty when not
 * finite. A million-row table has tens of millions, so scores and shares are rounded in integers (about four
 * times faster than `toFixed`, measured on 4 million scores), and the CLI's table stream writes them as bytes,
 * copied from a cache of recent numbers. A property test holds both writers to `toFixed`.
 */

/**
 * Whether a value in millionths (`value * 1e6`) rounds as `toFixed(6)` rounds when rounded as an integer:
 * |value| < 2,147 and not within 1e-5 of a tie (the product is off the exact one by half an ulp at most,
 * < 5e-7 below 2^31, so further than that from a tie both round to the same integer). Not NaN or infinite.
 * Then `Math.round(scaled) | 0` is the value in millionths. A boolean rather than the number or undefined,
 * which keeps the callers' number writing on numbers only: 5–10% faster on the bench table's scores, 15–20%
 * on scores that take few values.
 */
const roundsExactly = (scaled: number): boolean =>
  Math.abs(scaled) < 2 ** 31 - 1 && Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) >= 1e-5;

const viaToFixed = (value: number) => String(Number(value.toFixed(6)));

// the text of recent numbers by their value in millionths, a slot each (scores repeat: means of a few levels)
const CACHE_SLOTS = 1 << 14;
const cachedMillionths = new Int32Array(CACHE_SLOTS);
const cachedText: (string | undefined)[] = new Array(CACHE_SLOTS).fill(undefined);

/** A number as CSV writes it. */
export function formatNumber(value: number): string {
  const scaled = value * 1e6;
  if (!roundsExactly(scaled)) return Number.isFinite(value) ? viaToFixed(value) : '';
  const millionths = Math.round(scaled) | 0;
  const slot = millionths & (CACHE_SLOTS - 1);
  const cached = cachedText[slot];
  if (cached !== undefined && cachedMillionths[slot] === millionths) return cached;
  const text = textOfMillionths(millionths);
  cachedMillionths[slot] = millionths;
  cachedText[slot] = text;
  return text;
}

/** The text of a value given in millionths (an int32), without trailing zeros. */
function textOfMillionths(millionths: number): string {
  if (millionths === 0) return '0';
  const magnitude = Math.abs(millionths);
  const whole = (magnitude / 1_000_000) | 0;
  const fraction = magnitude - whole * 1_000_000;
  const digits = decimalsOf(fraction);
  return `${millionths < 0 ? '-' : ''}${whole}${digits ? `.${String(fraction / (POW10[6 - digits] as number)).padStart(digits, '0')}` : ''}`;
}

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * How many of its six decimals a fraction in millionths (an integer below 10^6) keeps once trailing zeros are
 * dropped; they are `fraction / POW10[6 - digits]`. Integer arithmetic: a remainder of doubles is a library call.
 */
function decimalsOf(fraction: number): number {
  if (fraction === 0) return 0;
  let digits = 6;
  let rest = fraction;
  for (let tenth = (rest / 10) | 0; rest === tenth * 10; tenth = (rest / 10) | 0) {
    rest = tenth;
    digits--;
  }
  return digits;
}

const COMMA = 0x2c;

/** CSV text as UTF-8 bytes in a growing buffer, numbers copied from a cache of their bytes (no string each). */
export class CsvBytes extends ByteBuffer {
  comma(): void {
    this.byte(COMMA);
  }

  /** A number as `formatNumber` writes it. */
  number(value: number): void {
    this.room(MAX_NUMBER_BYTES);
    this.length = putNumber(this.view, this.length, value);
  }

  /** A comma and a number for each of `order`'s indices into `values` from `at`: a row's scores, in one loop. */
  commaNumbers(values: ArrayLike<number>, at: number, order: ArrayLike<number>): void {
    this.room(order.length * (MAX_NUMBER_BYTES + 1));
    const { bytes, view } = this;
    let end = this.length;
    for (let i = 0; i < order.length; i++) {
      bytes[end++] = COMMA;
      end = putNumber(view, end, values[at + (order[i] as number)] as number);
    }
    this.length = end;
  }
}

/** The longest number `putNumber` writes: `String` of a double rounded by toFixed (-1.2345678901234567e+21). */
const MAX_NUMBER_BYTES = 24;

// the bytes of recent numbers by their value in millionths, as formatNumber's cache holds their text: a slot
// each of a length byte (0: empty) and, from its fourth byte, at most 12 ("-2147.483647"). A number is written
// as three 4-byte copies from its slot (the bytes past its end are overwritten by what follows or lie beyond
// the buffer's length): about half the time of working its digits out, and scores repeat.
const SLOT_BYTES = 16;
const DIGITS_AT = 4;
const cachedByteMillionths = new Int32Array(CACHE_SLOTS);
const cachedBytes = new Uint8Array(CACHE_SLOTS * SLOT_BYTES);
const cached = new DataView(cachedBytes.buffer);

/** Writes a number as `formatNumber` does at `at` (room for MAX_NUMBER_BYTES needed); returns where it ends. */
function putNumber(view: DataView, at: number, value: number): number {
  const scaled = value * 1e6;
  if (!roundsExactly(scaled)) return Number.isFinite(value) ? putAscii(view, at, viaToFixed(value)) : at;
  const millionths = Math.round(scaled) | 0;
  const slot = millionths & (CACHE_SLOTS - 1);
  const from = slot * SLOT_BYTES;
  if (cachedByteMillionths[slot] !== millionths || cachedBytes[from] === 0) cacheBytes(slot, millionths);
  view.setUint32(at, cached.getUint32(from + DIGITS_AT));
  view.setUint32(at + 4, cached.getUint32(from + DIGITS_AT + 4));
  view.setUint32(at + 8, cached.getUint32(from + DIGITS_AT + 8));
  return at + (cachedBytes[from] as number);
}

function putAscii(view: DataView, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  return at + text.length;
}

/**
 * Puts a number's bytes into its cache slot: `textOfMillionths`'s digits, worked out in integers (a
 * weighted mean takes tens of thousands of values in a large table: a string for each missed slot cost a
 * tenth of writing it).
 */
function cacheBytes(slot: number, millionths: number): void {
  const from = slot * SLOT_BYTES;
  let at = from + DIGITS_AT;
  let magnitude = millionths;
  if (magnitude < 0) {
    cachedBytes[at++] = MINUS;
    magnitude = -magnitude;
  }
  const whole = (magnitude / 1_000_000) | 0;
  at = putDigits(at, whole);
  let fraction = magnitude - whole * 1_000_000;
  if (fraction !== 0) {
    cachedBytes[at++] = POINT;
    for (let unit = 100_000; fraction > 0; unit = (unit / 10) | 0) {
      const digit = (fraction / unit) | 0;
      cachedBytes[at++] = ZERO + digit;
      fraction -= digit * unit;
    }
  }
  cachedBytes[from] = at - from - DIGITS_AT;
  cachedByteMillionths[slot] = millionths;
}

/** Writes a non-negative integer's digits into the cache at `at`; returns where they end. */
function putDigits(at: number, n: number): number {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  let rest = n;
  for (let i = digits - 1; i >= 0; i--) {
    const tenth = (rest / 10) | 0;
    cachedBytes[at + i] = ZERO + rest - tenth * 10;
    rest = tenth;
  }
  return at + digits;
}

const ZERO = 0x30;
const MINUS = 0x2d;
const POINT = 0x2e;
