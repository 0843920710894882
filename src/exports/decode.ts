/** The text encodings survey exports come in. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1255' | 'windows-1256';

/** The encodings a user can name with the `encoding` option or `--encoding`. */
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1255', 'windows-1256'];

/** Decoded text, the encoding it was read as, and how that was decided. */
export interface Decoded {
  text: string;
  encoding: Encoding;
  /** 'bom', 'option' (given by the user), 'valid-utf-8', or 'byte-statistics' (Hebrew or Arabic code page). */
  basis: 'bom' | 'option' | 'valid-utf-8' | 'byte-statistics';
}

/** Why bytes could not be decoded: the first offending byte's offset, its line (1-based), and the encoding tried. */
export interface DecodeError {
  error: 'invalid-bytes';
  encoding: Encoding;
  offset: number;
  line: number;
}

/**
 * Decodes a survey export's bytes. A byte-order mark decides; else zero bytes (which no text in the other
 * encodings holds) falling on one side of each byte pair are UTF-16 without its mark; else valid UTF-8 is
 * UTF-8; else the bytes are a single-byte code page: windows-1256 (Arabic) when most of their high bytes fall
 * where Arabic letters are, windows-1255 (Hebrew) otherwise. The `encoding` option overrides all of this.
 * Uses the platform's TextDecoder (WHATWG Encoding), so it runs in browsers too.
 */
export function decodeBytes(bytes: Uint8Array, options: { encoding?: Encoding } = {}): Decoded | DecodeError {
  const bom = bomOf(bytes);
  const encoding = options.encoding ?? bom?.encoding;
  if (encoding) {
    const skip = bom && bom.encoding === encoding ? bom.length : 0;
    const text = strictDecode(bytes.subarray(skip), encoding);
    if (typeof text !== 'string') return invalid(bytes, encoding, text.offset + skip);
    return { text, encoding, basis: options.encoding ? 'option' : 'bom' };
  }
  const wide = utf16Without(bytes);
  if (wide) {
    const text = strictDecode(bytes, wide);
    if (typeof text !== 'string') return invalid(bytes, wide, text.offset);
    return { text, encoding: wide, basis: 'byte-statistics' };
  }
  const utf8 = strictDecode(bytes, 'utf-8');
  if (typeof utf8 === 'string') return { text: utf8, encoding: 'utf-8', basis: 'valid-utf-8' };
  // UTF-8 with a few broken bytes (a paste, a bad merge) is reported where it breaks: read as a code page,
  // every Hebrew or Arabic letter of the file would turn into two wrong ones without a word said
  if (mostlyUtf8(bytes)) return invalid(bytes, 'utf-8', utf8.offset);
  const guess = arabicShare(bytes) > 0.3 ? 'windows-1256' : 'windows-1255';
  const text = strictDecode(bytes, guess);
  if (typeof text !== 'string') return invalid(bytes, guess, text.offset);
  return { text, encoding: guess, basis: 'byte-statistics' };
}

/** The error of bytes invalid from `offset` on, with the line that offset is on. */
const invalid = (bytes: Uint8Array, encoding: Encoding, offset: number): DecodeError => ({
  error: 'invalid-bytes',
  encoding,
  offset,
  line: lineAt(bytes, offset, encoding),
});

/** The line (1-based) of the byte at `offset`: one more than the line feeds before it. */
export function lineAt(bytes: Uint8Array, offset: number, encoding: Encoding): number {
  let line = 1;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const [first, second] = encoding === 'utf-16le' ? [0x0a, 0x00] : [0x00, 0x0a];
    for (let i = 0; i + 1 < offset; i += 2) if (bytes[i] === first && bytes[i + 1] === second) line++;
    return line;
  }
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line++;
  return line;
}

/**
 * Whether bytes that are not valid UTF-8 are UTF-8 with a few broken bytes: their well-formed multi-byte
 * sequences outnumber the bytes that break, four to one. Text in a code page forms almost none (a Hebrew or
 * Arabic letter there is one byte at 0xC0 or above, and is seldom followed by a byte from 0x80 to 0xBF).
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let sequences = 0;
  let broken = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let whole = length > 0 && i + length <= bytes.length;
    for (let k = 1; whole && k < length; k++) whole = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (whole) {
      sequences++;
      i += length;
    } else {
      broken++;
      i++;
    }
  }
  return sequences >= 4 * broken;
}

/**
 * UTF-16 without a byte-order mark, told by its zero bytes: the high byte of every ASCII character (digits,
 * commas, line breaks) is zero, so zeros gather on odd offsets in little-endian text and on even ones in
 * big-endian. Hebrew and Arabic letters have no zero byte, and the other encodings none at all in text.
 */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  if (odd > 0 && even * 20 <= odd) return 'utf-16le';
  if (even > 0 && odd * 20 <= even) return 'utf-16be';
  return undefined;
}

/**
 * Where the last whole line of a sample of `bytes` ends (after its line feed), in the encoding the bytes will
 * be read as (given, or by mark, or by `utf16Without`): in UTF-16 a line feed is two bytes, and cutting
 * between them leaves half a character. The sample's length when it holds no line feed.
 */
export function lastLineEnd(bytes: Uint8Array, encoding?: Encoding): number {
  const wide = encoding ?? bomOf(bytes)?.encoding ?? utf16Without(bytes);
  const [first, second] = wide === 'utf-16le' ? [0x0a, 0x00] : wide === 'utf-16be' ? [0x00, 0x0a] : [];
  if (first === undefined) {
    const at = bytes.lastIndexOf(0x0a);
    return at < 0 ? bytes.length : at + 1;
  }
  for (let i = (bytes.length - 2) & ~1; i >= 0; i -= 2) {
    if (bytes[i] === first && bytes[i + 1] === second) return i + 2;
  }
  return bytes.length;
}

/**
 * Decodes a text file as YAML allows it to be written: UTF-16 by its byte-order mark, else UTF-8 (with or
 * without a mark), strictly: no code page is guessed, so a file saved in one fails at its first bad byte.
 */
export function decodeText(bytes: Uint8Array): Decoded | DecodeError {
  const marked = bomOf(bytes)?.encoding;
  return decodeBytes(bytes, { encoding: marked === 'utf-16le' || marked === 'utf-16be' ? marked : 'utf-8' });
}

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * In windows-1256 the Arabic letters ء..ظ sit at 0xC1–0xD8; in windows-1255 that block holds Hebrew vowel
 * points, rare in everyday text, while Hebrew letters sit at 0xE0–0xFA. The share of high bytes in the Arabic
 * block tells the two apart.
 */
function arabicShare(bytes: Uint8Array): number {
  let high = 0;
  let arabic = 0;
  for (const b of bytes) {
    if (b >= 0x80) {
      high++;
      if (b >= 0xc1 && b <= 0xd8) arabic++;
    }
  }
  return high === 0 ? 0 : arabic / high;
}

/** Decodes strictly; on invalid bytes, finds the first bad offset (by decoding growing prefixes). */
function strictDecode(bytes: Uint8Array, encoding: Encoding): string | { offset: number } {
  try {
    // windows-125x are single-byte code pages: strings come back without a BOM to strip
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { offset: firstBadByte(bytes, encoding) };
  }
}

function firstBadByte(bytes: Uint8Array, encoding: Encoding): number {
  let lo = 0;
  let hi = bytes.length;
  // the longest prefix that decodes; streaming mode lets a prefix end mid-character, so validity is monotonic
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // the longest prefix may end inside a character that the next byte does not complete: the bad character
  // starts where that one does (a windows-1255 letter read as UTF-8 starts a sequence the next byte breaks)
  const complete = (end: number) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, end));
      return true;
    } catch {
      return false;
    }
  };
  if (complete(lo)) return lo;
  if (encoding === 'utf-8') {
    let i = lo - 1;
    while (i > 0 && ((bytes[i] as number) & 0xc0) === 0x80) i--;
    return i;
  }
  return lo - (lo % 2 || 2);
}
