import { isAscii, isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { type ByteRecord, type CsvDialect, CsvTokenizer, DEFAULT_MAX_ROW_BYTES } from '../exports/csv-tokenizer.js';
import type { Encoding } from '../exports/decode.js';

/** How to read a CSV file's records: its encoding and delimiter, and the bytes read at a time. */
export interface CsvFileOptions {
  encoding: Encoding;
  delimiter: string;
  chunkSize: number;
  /** The longest record held, in bytes (default DEFAULT_MAX_ROW_BYTES); a longer one comes with no cells. */
  maxRowBytes?: number;
  /** Told the bytes read so far after each chunk (for a progress bar). */
  onBytes?: (read: number) => void;
}

/**
 * How reading ended: whether the text ended with a line break and the last record in a quote never closed; or,
 * in UTF-16 (turned into UTF-8 as it is read, so its records hold no bad bytes to show), the offset of the chunk
 * where the bytes stopped being valid.
 */
export type CsvFileEnd = { endsWithBreak: boolean; unclosed: boolean } | { invalidAt: number };

/**
 * Streams a CSV file's records, cut from its bytes by the tokenizer (see CsvTokenizer) as they are read, the
 * next chunk read while this one is cut. The bytes are checked in their encoding as they come; UTF-8 and the
 * single-byte code pages are cut as they are, UTF-16 is turned into UTF-8 first. A leading byte-order mark is
 * dropped. From the first chunk with a bad byte (not valid in the encoding, or NUL) on, `onRecord` is told its
 * records may hold some (`suspect`), for it to find the cell: the rows before and after it are read all the same.
 * I/O errors and errors that `onRecord` throws reject as they are.
 */
export async function readCsvRecords(
  path: string,
  options: CsvFileOptions,
  onRecord: (record: ByteRecord, suspect: boolean) => void,
): Promise<CsvFileEnd> {
  const { encoding } = options;
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const dialect: CsvDialect = { delimiter: options.delimiter, utf8: !encoding.startsWith('windows-') };
  let suspect = false;
  const tokenizer = new CsvTokenizer(
    dialect,
    (record) => onRecord(record, suspect),
    options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES,
  );
  const check = checker(encoding);
  const decoder = utf16 ? new TextDecoder(encoding, { fatal: true }) : undefined;
  const encoder = new TextEncoder();
  let offset = 0;
  let lastByte = -1;
  // the first bytes, until they tell whether they are a UTF-8 byte-order mark (the decoder drops UTF-16's)
  let head: Uint8Array | undefined = decoder || encoding !== 'utf-8' ? undefined : new Uint8Array(0);
  for await (const chunk of chunksOf(path, options.chunkSize)) {
    let bytes = chunk;
    if (decoder) {
      try {
        bytes = encoder.encode(decoder.decode(chunk, { stream: true }));
      } catch {
        return { invalidAt: offset };
      }
    } else if (!suspect && !check(chunk)) suspect = true;
    offset += chunk.length;
    options.onBytes?.(offset);
    if (head) {
      head = concat(head, bytes);
      if (head.length < 3 && isBomStart(head)) continue;
      bytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
      head = undefined;
    }
    if (bytes.length > 0) lastByte = bytes[bytes.length - 1] as number;
    tokenizer.push(bytes);
  }
  if (decoder) {
    try {
      decoder.decode();
    } catch {
      return { invalidAt: offset };
    }
  } else if (!suspect && !check(new Uint8Array(0), true)) suspect = true;
  if (head && head.length > 0) {
    lastByte = head[head.length - 1] as number;
    tokenizer.push(head);
  }
  tokenizer.end();
  return { endsWithBreak: lastByte === 0x0a || lastByte === 0x0d, unclosed: tokenizer.unclosed };
}

/**
 * A check of a stream of bytes in an encoding: UTF-8 with the platform's validator, a chunk at a time (the bytes
 * of a character cut by the chunk's end are checked with the next one); a code page by its undefined bytes; and
 * in both, no NUL byte.
 */
function checker(encoding: Encoding): (chunk: Uint8Array, last?: boolean) => boolean {
  if (encoding === 'utf-8') {
    let carry = new Uint8Array(0);
    return (chunk, last = false) => {
      if (chunk.indexOf(0) >= 0) return false;
      const bytes = carry.length ? concat(carry, chunk) : chunk;
      if (isAscii(bytes)) {
        carry = new Uint8Array(0);
        return true;
      }
      const cut = last ? bytes.length : completeLength(bytes);
      carry = bytes.slice(cut);
      return isUtf8(bytes.subarray(0, cut));
    };
  }
  if (encoding.startsWith('windows-')) {
    const bad = badBytesOf(encoding);
    return (chunk) => {
      for (let i = 0; i < chunk.length; i++) if (bad[chunk[i] as number] === 1) return false;
      return true;
    };
  }
  return () => true;
}

/** The bytes no text in a single-byte code page holds, marked 1: NUL, and those the code page leaves undefined. */
export function badBytesOf(encoding: Encoding): Uint8Array {
  const bad = new Uint8Array(256);
  bad[0] = 1;
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let b = 0x80; b < 256; b++) {
    try {
      decoder.decode(Uint8Array.of(b));
    } catch {
      bad[b] = 1;
    }
  }
  return bad;
}

/** How many of `bytes` end with a whole UTF-8 character (a character cut at the end is left out, up to 3 bytes). */
function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Whether the bytes so far could be the start of a UTF-8 byte-order mark. */
const isBomStart = (bytes: Uint8Array) => [0xef, 0xbb, 0xbf].every((b, i) => i >= bytes.length || bytes[i] === b);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The file's bytes, `size` at a time, the next chunk read while this one is handled (a read stream reads the
 * next only after the last was handled, so the thread pool's round trip would be idle time for every chunk).
 */
async function* chunksOf(path: string, size: number): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  let position = 0;
  const read = () => {
    const reading = handle.read(new Uint8Array(size), 0, size, position);
    position += size;
    return reading;
  };
  let next = read();
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      next = read();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}
