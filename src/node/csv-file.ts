import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/**
 * Streams a CSV file's records (arrays of cells, blank lines kept) to `onRecords`, a parsed chunk at a time:
 * bytes decoded in `encoding` (a leading BOM dropped), then papaparse. I/O errors and errors that
 * `onRecords` throws reject as they are.
 */
export async function parseCsvFile(
  path: string,
  options: CsvFileOptions,
  onRecords: (records: string[][]) => void,
): Promise<CsvFileEnd> {
  const decoder = new TextDecoder(options.encoding, { fatal: true });
  let lastChar = '';
  let offset = 0;
  let invalidAt: number | undefined;
  let thrown: { error: unknown } | undefined;
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        let text = decoder.decode(chunk, { stream: true });
        if (offset === 0) text = text.replace(/^\ufeff/, '');
        offset += chunk.length;
        if (text) lastChar = text[text.length - 1] as string;
        done(null, text);
      } catch {
        invalidAt ??= offset;
        done(new Error('invalid bytes'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        invalidAt ??= offset;
        done(new Error('invalid bytes'));
      }
    },
  });
  // papaparse reads the decoded text as it streams, a chunk of records at a time
  const parsed = new Promise<void>((resolve, reject) => {
    Papa.parse(decode as unknown as File, {
      delimiter: options.delimiter,
      newline: options.newline as '\r\n',
      skipEmptyLines: false,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        if (thrown) return;
        try {
          onRecords(results.data);
        } catch (error) {
          thrown = { error };
          parser.abort();
          decode.destroy();
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  try {
    await Promise.all([pipeline(Readable.from(chunksOf(path, options.chunkSize)), decode), parsed]);
  } catch (error) {
    if (thrown) throw thrown.error;
    if (invalidAt !== undefined) return { invalidAt };
    throw error;
  }
  if (thrown) throw thrown.error;
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
