import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics/diagnostic.js';
import { JsonItemScanner, type JsonItemText, parseItem } from '../source/json-items.js';
import { locate } from '../source/locate.js';
import { type ByteBound, InputTooLargeError, readChunks } from './files.js';

/** How documents are read: `maxBytes`, the largest file accepted (default 1,000,000,000, as for exports). */
export interface ReadDocumentsOptions {
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 1_000_000_000;

/** Items up to this many characters are parsed again, with positions, to locate a diagnostic. */
const LOCATE_LIMIT = 16_000_000;
/** Diagnostics are located in at most this many items: past them, a file of bad items costs no more. */
const LOCATE_ITEMS = 1_000;

const boundOf = (options: ReadDocumentsOptions): ByteBound => {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return { maxBytes, refusal: () => new InputTooLargeError(maxBytes, 'bytes', '--max-bytes (maxBytes)') };
};

/**
 * The items of a JSON file mahvan wrote, parsed one at a time as the file is read, so memory holds one chunk
 * and one item rather than the file: the elements of a list, one object, or one object per line (NDJSON, as
 * `--format ndjson` writes). Text that is not JSON throws a SyntaxError that says at which line and column;
 * bytes that are not UTF-8 (or UTF-16 with its mark) and a file over the size limit throw an Error that says so.
 */
export async function* readDocumentItems(path: string, options: ReadDocumentsOptions = {}): AsyncGenerator<unknown> {
  for await (const item of itemTexts(path, options)) yield parseItem(item);
}

/** The text of each item of a JSON file, with where it starts. */
async function* itemTexts(path: string, options: ReadDocumentsOptions): AsyncGenerator<JsonItemText> {
  const found: JsonItemText[] = [];
  const scanner = new JsonItemScanner((item) => found.push(item));
  let decoder: TextDecoder | undefined;
  let offset = 0;
  for await (const bytes of readChunks(path, boundOf(options))) {
    decoder ??= decoderFor(bytes);
    scanner.push(decodeChunk(decoder, bytes, offset));
    offset += bytes.length;
    yield* found.splice(0);
  }
  if (decoder) scanner.push(decodeChunk(decoder, new Uint8Array(0), offset, true));
  scanner.end();
  yield* found.splice(0);
}

/** UTF-8, or UTF-16 when the file starts with its byte-order mark; the decoder drops the mark. */
function decoderFor(first: Uint8Array): TextDecoder {
  const encoding =
    first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding, { fatal: true });
}

/** A chunk's text; bytes that are not valid throw an error naming the offset of the chunk's first bad one. */
function decodeChunk(decoder: TextDecoder, bytes: Uint8Array, offset: number, last = false): string {
  try {
    return decoder.decode(bytes, { stream: !last });
  } catch (error) {
    // only a decoding error is a bad byte: any other (out of memory) is not the file's fault
    if (!(error instanceof TypeError)) throw error;
    const name = decoder.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    throw new Error(
      `it is not ${name} text (the bytes at offset ${offset + firstBad(bytes, decoder.encoding)} are not valid); save it as UTF-8`,
    );
  }
}

/** Where in a chunk decoding first fails (after up to 3 bytes that may end a character begun before it). */
function firstBad(bytes: Uint8Array, encoding: string): number {
  let skip = 0;
  while (skip < 3 && encoding === 'utf-8' && ((bytes[skip] ?? 0) & 0xc0) === 0x80) skip++;
  let lo = skip;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(skip, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * The diagnostics with their ranges in the file, when their path (`[item index, ...field]`) can be found: the
 * items they name are read again and parsed with positions (JSON is YAML, whose parser keeps them).
 */
export async function locateDocumentDiagnostics(
  path: string,
  diagnostics: readonly Diagnostic[],
  options: ReadDocumentsOptions = {},
): Promise<Diagnostic[]> {
  const wanted = new Set<number>();
  for (const d of diagnostics)
    if (!d.range && typeof d.path[0] === 'number' && (wanted.size < LOCATE_ITEMS || wanted.has(d.path[0]))) wanted.add(d.path[0]);
  if (wanted.size === 0) return [...diagnostics];
  const ranges = new Map<string, Range>();
  let index = 0;
  try {
    for await (const item of itemTexts(path, options)) {
      if (wanted.has(index) && item.text.length <= LOCATE_LIMIT) locateIn(item, index, diagnostics, ranges);
      index++;
    }
  } catch {
    // the file changed since it was read: its diagnostics keep their paths
  }
  return diagnostics.map((d) => {
    const range = d.range ? undefined : ranges.get(keyOf(d));
    return range ? { ...d, range } : d;
  });
}

const keyOf = (d: Diagnostic) => JSON.stringify(d.path);

/** The ranges of item `index`'s diagnostics, in the file. */
function locateIn(item: JsonItemText, index: number, diagnostics: readonly Diagnostic[], ranges: Map<string, Range>) {
  const lineCounter = new LineCounter();
  const source = { text: item.text, document: parseDocument(item.text, { lineCounter, uniqueKeys: false }), lineCounter };
  for (const d of diagnostics) {
    if (d.path[0] !== index || d.range) continue;
    const range = locate(source, d.path.slice(1));
    if (range) ranges.set(keyOf(d), { start: shift(range.start, item.start), end: shift(range.end, item.start) });
  }
}

/** A position within an item, as a position in the file. */
const shift = (p: Range['start'], start: Range['start']): Range['start'] => ({
  line: start.line + p.line - 1,
  column: p.line === 1 ? start.column + p.column - 1 : p.column,
  offset: start.offset + p.offset,
});
