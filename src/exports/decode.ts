import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

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

/**
 * Why bytes could not be decoded: bytes not valid in the encoding, or a NUL byte (no text in UTF-8 or a code page
 * holds one: the file is damaged, or UTF-16 read as something else), at an offset and its line and column
 * (1-based, in characters); or a code page that cannot be told from the bytes (Hebrew or Arabic letters).
 */
export type DecodeError =
  | { error: 'invalid-bytes' | 'nul-byte'; encoding: Encoding; offset: number; line: number; column: number }
  | { error: 'ambiguous-encoding'; encodings: readonly Encoding[] };

/** How a file's bytes are to be read, as decided from them: the encoding, how, and the byte-order mark's length. */
export interface Detected {
  encoding: Encoding;
  basis: Decoded['basis'];
  bom: number;
}

/**
 * The encoding of a survey export's bytes. A byte-order mark decides; else UTF-16 without its mark (see
 * utf16Without); else UTF-8 when the bytes are valid UTF-8, or UTF-8 with a few broken bytes (see mostlyUtf8);
 * else a single-byte code page, windows-1255 (Hebrew) or windows-1256 (Arabic), told by its letters (see
 * codePageOf), or the error that says it cannot be told. The `encoding` option overrides all of this.
 */
export function detectEncoding(
  bytes: Uint8Array,
  options: { encoding?: Encoding } = {},
): Detected | Extract<DecodeError, { error: 'ambiguous-encoding' }> {
  const bom = bomOf(bytes);
  const given = options.encoding ?? bom?.encoding;
  if (given) {
    const skip = bom && bom.encoding === given ? bom.length : 0;
    return { encoding: given, basis: options.encoding ? 'option' : 'bom', bom: skip };
  }
  const wide = utf16Without(bytes);
  if (wide) return { encoding: wide, basis: 'byte-statistics', bom: 0 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', basis: 'valid-utf-8', bom: 0 };
  // UTF-8 with a few broken bytes (a paste, a bad merge, a file cut inside a character) is read as UTF-8 and
  // reported where it breaks: read as a code page, every Hebrew or Arabic letter would turn into two wrong ones
  if (mostlyUtf8(bytes)) return { encoding: 'utf-8', basis: 'byte-statistics', bom: 0 };
  const page = codePageOf(bytes);
  if (page === 'ambiguous') return { error: 'ambiguous-encoding', encodings: CODE_PAGES };
  return { encoding: page, basis: 'byte-statistics', bom: 0 };
}

/**
 * Decodes a survey export's bytes in the encoding detectEncoding finds, strictly: bytes not valid in it, or a
 * NUL byte outside UTF-16, are an error that says where. Uses the platform's TextDecoder (WHATWG Encoding), so it
 * runs in browsers too.
 */
export function decodeBytes(bytes: Uint8Array, options: { encoding?: Encoding } = {}): Decoded | DecodeError {
  const detected = detectEncoding(bytes, options);
  if ('error' in detected) return detected;
  const { encoding, basis } = detected;
  if (!isWide(encoding)) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) return failure('nul-byte', bytes, encoding, nul);
  }
  return decodeAs(bytes, encoding, detected.bom, basis);
}

/** The diagnostic of a file that cannot be decoded, placed at the bad byte's line and column. */
export function decodeDiagnostic(error: DecodeError, file?: string): Diagnostic {
  const at = file === undefined ? {} : { file };
  if (error.error === 'ambiguous-encoding')
    return createDiagnostic('export-ambiguous-encoding', { encodings: error.encodings }, { path: [], ...at });
  const { encoding, offset, line, column } = error;
  const position = { line, column, offset };
  const code = error.error === 'nul-byte' ? 'export-nul-byte' : 'export-invalid-bytes';
  return createDiagnostic(
    code,
    { encoding, offset, line, column },
    { path: [], ...at, range: { start: position, end: position } },
  );
}

/** The text of bytes in `encoding` after a mark of `skip` bytes, or the error at the first invalid byte. */
function decodeAs(bytes: Uint8Array, encoding: Encoding, skip: number, basis: Decoded['basis']): Decoded | DecodeError {
  const text = strictDecode(bytes.subarray(skip), encoding);
  if (typeof text !== 'string') return failure('invalid-bytes', bytes, encoding, text.offset + skip);
  return { text, encoding, basis };
}

const CODE_PAGES: readonly Encoding[] = ['windows-1255', 'windows-1256'];
const isWide = (encoding: Encoding) => encoding === 'utf-16le' || encoding === 'utf-16be';
/** Whether bytes are valid UTF-8. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The error of a bad byte at `offset`, with its line and column. */
const failure = (error: 'invalid-bytes' | 'nul-byte', bytes: Uint8Array, encoding: Encoding, offset: number): DecodeError => ({
  error,
  encoding,
  offset,
  ...positionAt(bytes, offset, encoding),
});

/**
 * The line and column (1-based; the column in characters) of the byte at `offset`. Every CR LF, LF and lone CR
 * ends a line, as they end a CSV record (see CsvTokenizer).
 */
export function positionAt(bytes: Uint8Array, offset: number, encoding: Encoding): { line: number; column: number } {
  const step = isWide(encoding) ? 2 : 1;
  const unit =
    encoding === 'utf-16le'
      ? (i: number) => (bytes[i] as number) | ((bytes[i + 1] as number) << 8)
      : encoding === 'utf-16be'
        ? (i: number) => ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
        : (i: number) => bytes[i] as number;
  let line = 1;
  let start = 0;
  for (let i = 0; i + step <= offset; i += step) {
    const u = unit(i);
    if (u === 0x0a || (u === 0x0d && (i + 2 * step > bytes.length || unit(i + step) !== 0x0a))) {
      line++;
      start = i + step;
    }
  }
  const before = new TextDecoder(encoding).decode(bytes.subarray(start, offset));
  return { line, column: [...before].length + 1 };
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
 * big-endian, in at least one pair of bytes in ten (a line of Hebrew or Arabic has its spaces, delimiters and
 * line break). Hebrew and Arabic letters have no zero byte, and the other encodings none at all in text: a few
 * zeros there are damage, reported where they are (see decodeBytes), not a reason to read the file as UTF-16.
 */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  let even = 0;
  let odd = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) {
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = bytes.length >> 1;
  if (odd * 10 >= pairs && odd > 0 && even * 20 <= odd) return 'utf-16le';
  if (even * 10 >= pairs && even > 0 && odd * 20 <= even) return 'utf-16be';
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
  const bom = bomOf(bytes);
  const encoding = bom && isWide(bom.encoding) ? bom.encoding : 'utf-8';
  return decodeAs(bytes, encoding, bom?.encoding === encoding ? bom.length : 0, 'option');
}

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Bytes looked at to tell the code page: far more than enough words, and a bounded cost on a whole file. */
const CODE_PAGE_SAMPLE = 1 << 20;

/**
 * windows-1255 (Hebrew) or windows-1256 (Arabic), told by the words each reads the bytes as; 'ambiguous' when
 * neither reads three times as much text in well-formed words as the other. Their letters share bytes, and each
 * one's vowel marks sit where the other has letters (Hebrew points at 0xC0–0xD2 are Arabic letters in 1256;
 * Arabic harakat at 0xF0–0xFA are Hebrew letters in 1255), so counting bytes in ranges misreads pointed text:
 * what tells them apart is whether the letters make words (see wordText).
 */
function codePageOf(bytes: Uint8Array): 'windows-1255' | 'windows-1256' | 'ambiguous' {
  const sample = bytes.subarray(0, CODE_PAGE_SAMPLE);
  const hebrew = new TextDecoder('windows-1255').decode(sample);
  const arabic = new TextDecoder('windows-1256').decode(sample);
  const h = wordText(hebrew, HEBREW);
  const a = wordText(arabic, ARABIC);
  if (h > 0 && h >= 3 * a) return 'windows-1255';
  if (a > 0 && a >= 3 * h) return 'windows-1256';
  // no words either way: bytes that read alike in both (dashes, quotes), or nothing to tell them apart by
  return h === 0 && a === 0 && hebrew === arabic ? 'windows-1255' : 'ambiguous';
}

const HEBREW = { letter: /(?=\p{L})\p{Script=Hebrew}/u, inWord: /[\u05be\u05f3\u05f4]/gu, final: /[ךםןףץ]\p{M}*\p{L}/u };
const ARABIC = { letter: /(?=\p{L})\p{Script=Arabic}/u, inWord: /(?!)/gu, final: /(?!)/u };

/**
 * How many characters (letters and their marks) of `text` are in words well formed in a script: a word (between
 * ASCII characters and spaces, its closing punctuation dropped) of the script's letters, each with up to three
 * marks, no Latin letter mixed in; in Hebrew a final form (ך ם ן ף ץ) ends its word, and maqaf, geresh and
 * gershayim (מנכ״ל) are part of it. Marks count as letters do, as their bytes are letters in the other code page:
 * neither side gains by them. Text in the other code page makes few such words: a Hebrew word read as Arabic mixes
 * in Latin letters (א is à, ש is ù); an Arabic word read as Hebrew starts with a point (ا is a patah) or has a
 * final form inside it (a fatha is ף).
 */
function wordText(text: string, script: typeof HEBREW): number {
  let count = 0;
  for (const raw of text.split(/[\0-\x7f\s]+/u)) {
    const word = raw.replace(/\p{P}+$/u, '');
    if (word === '' || !WORD.test(word.replace(script.inWord, 'x'))) continue;
    if (LATIN.test(word) || script.final.test(word) || !script.letter.test(word)) continue;
    count += word.length;
  }
  return count;
}

const WORD = /^(?:\p{L}[\p{M}\p{Cf}]{0,3})+$/u;
const LATIN = /\p{Script=Latin}/u;

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
