import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Encoding } from '../exports/decode.js';

/** How to read a CSV file's records: the encoding, delimiter and line break sniffed from its start. */
export interface CsvFileOptions {
  encoding: Encoding;
  delimiter: string;
  newline: string;
  /** Bytes read at a time. */
  chunkSize: number;
}

/** How reading ended: the text's last character (a cut-off last row has no line break), or where bytes were invalid. */
export type CsvFileEnd = { lastChar: string } | { invalidAt: number };

/** Where a CSV file's records go, in order. */
export interface CsvRecordSink {
  /** Records as arrays of cells (blank lines kept, as `['']`). */
  records(records: string[][]): void;
  /**
   * A record whose line holds no quote character, given uncut: `text` from `start` to `end`, its line break
   * excluded; its cells are what lies between delimiters. Without it, such lines come to `records` split.
   * `bytes`, when given, are the text's bytes, one per character (ASCII, or a single-byte encoding): each
   * character below 128 is the byte at its index.
   */
  line?(text: string, start: number, end: number, bytes?: Uint8Array): void;
}

const QUOTE = '"';

/**
 * Streams a CSV file's records to `sink`: bytes decoded in `encoding` (a leading BOM dropped), then cut into
 * lines and cells a chunk at a time, as papaparse's own streaming does: the lines before the first quote
 * character are cut here at line breaks and delimiters, and papaparse's parser reads from the line of that
 * quote on, which leaves a record it has not seen the end of for the next chunk. Its streaming splits
 * quote-free text the same way (papaparse's "fast mode"), so the records are the same; cutting them here lets a
 * sink code cells where they lie instead of making a string of each. I/O errors and errors that the sink
 * throws reject as they are.
 */
export async function parseCsvFile(path: string, options: CsvFileOptions, sink: CsvRecordSink): Promise<CsvFileEnd> {
  const { delimiter, newline } = options;
  const decoder = new TextDecoder(options.encoding, { fatal: true });
  const line = sink.line ?? ((text, start, end) => sink.records([text.slice(start, end).split(delimiter)]));
  const singleByte = options.encoding.startsWith('windows-');
  let lastChar = '';
  let offset = 0;
  // the text after the last whole record: the start of one that goes on in the next chunk
  let rest = '';

  /**
   * Cuts the records of `rest` and the next chunk's `text`, all but the last (which may go on) unless `last`.
   * `bytes` are the chunk's bytes; lines wholly inside the chunk come with them when there is one per character.
   */
  const take = (text: string, bytes: Uint8Array | undefined, last: boolean) => {
    const all = rest + text;
    const base = rest.length;
    const own = bytes && (singleByte || (options.encoding === 'utf-8' && isAscii(bytes))) ? bytes : undefined;
    const quote = all.indexOf(QUOTE);
    // lines ending before the line of the first quote (or all of them) are cut here
    const before = quote < 0 ? -1 : all.lastIndexOf(newline, quote);
    const quoteLine = quote < 0 ? all.length : before < 0 ? 0 : before + newline.length;
    let from = 0;
    for (let at = all.indexOf(newline); at >= 0 && at < quoteLine; at = all.indexOf(newline, from)) {
      if (own && from >= base) line(text, from - base, at - base, own);
      else line(all, from, at);
      from = at + newline.length;
    }
    rest = all.slice(from);
    if (quote >= 0) {
      // the parser papaparse's streaming runs on each chunk: exported and typed but not documented, so a
      // property test holds these records to what papaparse's public streaming gives
      const parsed = new Papa.Parser({ delimiter, newline: newline as '\r\n' }).parse(rest, 0, !last);
      sink.records(parsed.data);
      rest = rest.slice(parsed.meta.cursor);
    } else if (last && rest !== '') sink.records([rest.split(delimiter)]);
  };

  for await (const bytes of chunksOf(path, options.chunkSize)) {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      return { invalidAt: offset };
    }
    const marked = offset === 0 && text.charCodeAt(0) === 0xfeff;
    if (marked) text = text.slice(1);
    offset += bytes.length;
    if (text) lastChar = text[text.length - 1] as string;
    take(text, marked ? undefined : bytes, false);
  }
  let text: string;
  try {
    text = decoder.decode();
  } catch {
    return { invalidAt: offset };
  }
  // the last record (papaparse gives none for an empty last line)
  take(text, undefined, true);
  return { lastChar };
}

/**
 * The file's bytes, `size` at a time, the next chunk read while this one is parsed (a read stream reads the
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
