/**
 * Numbers as CSV writes them: rounded to six decimals as `toFixed(6)` rounds, no trailing zeros, empty when not
 * finite. A million-row table has tens of millions, so scores and shares are rounded in integers (about four
 * times faster than `toFixed`, measured on 4 million scores), and the CLI's table stream writes their digits
 * straight into bytes. A property test holds both writers to `toFixed`.
 */

/**
 * The value in millionths, rounded as `toFixed(6)` rounds, when integers give that exactly: |value| < 2,147
 * and not within 1e-5 of a tie (the product `value * 1e6` is off the exact one by half an ulp at most,
 * < 5e-7 below 2^31, so further than that from a tie both round to the same integer). Else undefined.
 */
function millionthsOf(value: number): number | undefined {
  const scaled = value * 1e6;
  if (!(Math.abs(scaled) < 2 ** 31 - 1) || Math.abs(Math.abs(scaled - Math.trunc(scaled)) - 0.5) < 1e-5) return undefined;
  return Math.round(scaled) | 0;
}

const viaToFixed = (value: number) => String(Number(value.toFixed(6)));

// the text of recent numbers by their value in millionths, a slot each (scores repeat: means of a few levels)
const CACHE_SLOTS = 1 << 14;
const cachedMillionths = new Int32Array(CACHE_SLOTS);
const cachedText: (string | undefined)[] = new Array(CACHE_SLOTS).fill(undefined);

/** A number as CSV writes it. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const millionths = millionthsOf(value);
  if (millionths === undefined) return viaToFixed(value);
  const slot = millionths & (CACHE_SLOTS - 1);
  const cached = cachedText[slot];
  if (cached !== undefined && cachedMillionths[slot] === millionths) return cached;
  let text = '0';
  if (millionths !== 0) {
    const magnitude = Math.abs(millionths);
    const whole = (magnitude / 1_000_000) | 0;
    const fraction = magnitude - whole * 1_000_000;
    const digits = decimalsOf(fraction);
    text = `${millionths < 0 ? '-' : ''}${whole}${digits ? `.${String(fraction / (POW10[6 - digits] as number)).padStart(digits, '0')}` : ''}`;
  }
  cachedMillionths[slot] = millionths;
  cachedText[slot] = text;
  return text;
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

const encoder = new TextEncoder();
const COMMA = 0x2c;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;

/** CSV text as UTF-8 bytes in a growing buffer, numbers written digit by digit (no string each). */
export class CsvBytes {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  /** Text as it is (a cell already quoted, a comma, a line end). */
  text(text: string): void {
    this.room(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  comma(): void {
    this.room(1);
    this.bytes[this.length++] = COMMA;
  }

  /** A number as `formatNumber` writes it. */
  number(value: number): void {
    if (!Number.isFinite(value)) return;
    const millionths = millionthsOf(value);
    if (millionths === undefined) {
      this.text(viaToFixed(value));
      return;
    }
    this.room(16);
    const { bytes } = this;
    let at = this.length;
    let magnitude = millionths;
    if (magnitude < 0) {
      bytes[at++] = MINUS;
      magnitude = -magnitude;
    }
    const whole = (magnitude / 1_000_000) | 0;
    at = writeDigits(bytes, at, whole, whole < 10 ? 1 : whole < 100 ? 2 : whole < 1000 ? 3 : 4);
    const fraction = magnitude - whole * 1_000_000;
    const digits = decimalsOf(fraction);
    if (digits > 0) {
      bytes[at++] = POINT;
      at = writeDigits(bytes, at, fraction / (POW10[6 - digits] as number), digits);
    }
    this.length = at;
  }

  /** Empties the buffer for the next lines. */
  clear(): void {
    this.length = 0;
  }

  private room(needed: number): void {
    if (this.length + needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + needed));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** `count` decimal digits of the integer `n` at `at` (zeros first if it has fewer); returns where they end. */
function writeDigits(bytes: Uint8Array, at: number, n: number, count: number): number {
  let rest = n;
  for (let i = at + count - 1; i >= at; i--) {
    const tenth = (rest / 10) | 0;
    bytes[i] = ZERO + rest - tenth * 10;
    rest = tenth;
  }
  return at + count;
}
