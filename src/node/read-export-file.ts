import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';
import { createDiagnostic } from '../diagnostics/create.js';
import { DELIMITERS } from '../exports/csv.js';
import { type Decoded, decodeBytes, type Encoding } from '../exports/decode.js';
import type { Mapping } from '../exports/mapping.js';
import { PRESET_DEFINITIONS } from '../exports/presets.js';
import { createExportReader, type ExportReader, type ExportReading, type ReadExportOptions } from '../exports/read-export.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { readTableFile } from './read-table.js';

/** Options for reading an export file row by row. */
export interface ReadExportFileOptions extends ReadExportOptions {
  encoding?: Encoding;
  sheet?: string;
  headerRows?: number;
  /** Bytes read at a time (default 64 KiB); small values let tests cut characters and records across chunks. */
  chunkSize?: number;
}

/** An export read from a file, with the encoding its text was read in. */
export type ExportFileReading = ExportReading & { decoded?: Omit<Decoded, 'text'> };

const SAMPLE_BYTES = 64 * 1024;

/**
 * Reads a survey export file into assessments, streaming CSV rows through the reader as they are parsed, so
 * the raw text is never held whole. XLSX files are read through exceljs. I/O errors throw; content problems
 * come back as diagnostics.
 */
export async function readExportFile(
  path: string,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportFileOptions = {},
): Promise<ExportFileReading> {
  const file = options.file ?? path;
  const headerRows = options.headerRows ?? mapping.headerRows ?? PRESET_DEFINITIONS[mapping.preset].headerRows;
  const failed = (d: ReturnType<typeof createDiagnostic>): ExportFileReading => ({
    assessments: [],
    account: { rows: 0, scored: 0, rejected: 0, skipped: 0, rejections: [] },
    diagnostics: [d],
    ok: false,
  });
  if (extname(path).toLowerCase() === '.xlsx') {
    const table = await readTableFile(path, { file, headerRows, ...(options.sheet ? { sheet: options.sheet } : {}) });
    if (!table.ok) return { ...failed(table.diagnostics[0]!), diagnostics: table.diagnostics };
    const reader = createExportReader(table.table.headerRows, compiled, mapping, { ...options, file });
    for (const row of table.table.rows) reader.push(row);
    return reader.finish();
  }

  // sniff the encoding, delimiter and line break from the start of the file, cut at a line end
  const sample = await readSample(path);
  const cut =
    sample.lastIndexOf(0x0a) > 0 && (await stat(path)).size > sample.length
      ? sample.subarray(0, sample.lastIndexOf(0x0a) + 1)
      : sample;
  const sniffed = decodeBytes(cut, options.encoding ? { encoding: options.encoding } : {});
  if ('error' in sniffed)
    return failed(
      createDiagnostic('export-invalid-bytes', { encoding: sniffed.encoding, offset: sniffed.offset }, { path: [], file }),
    );
  const encoding = sniffed.encoding;
  const meta = Papa.parse(sniffed.text.replace(/^\ufeff/, ''), { preview: 10, delimitersToGuess: [...DELIMITERS] }).meta;

  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  let decodeError: number | undefined;
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        let text = decoder.decode(chunk, { stream: true });
        if (offset === 0) text = text.replace(/^\ufeff/, '');
        offset += chunk.length;
        done(null, text);
      } catch {
        decodeError ??= offset;
        done(new Error('invalid bytes'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        decodeError ??= offset;
        done(new Error('invalid bytes'));
      }
    },
  });

  let records = 0;
  const header: string[][] = [];
  let reader: ExportReader | undefined;
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter: meta.delimiter,
    newline: meta.linebreak as '\r\n',
    skipEmptyLines: false,
  });
  const rows = new Transform({
    writableObjectMode: true,
    transform(cells: string[], _enc, done) {
      records++;
      if (records <= headerRows) {
        header.push(cells);
        if (records === headerRows) reader = createExportReader(header, compiled, mapping, { ...options, file });
      } else {
        pendingBlank.push({ row: records, cells });
        // a final empty record after the last line break is not a row; hold blank records until the next one
        if (!(cells.length === 1 && cells[0] === '')) flushPending();
      }
      done();
    },
  });
  const pendingBlank: { row: number; cells: string[] }[] = [];
  const flushPending = () => {
    for (const r of pendingBlank) reader?.push(r);
    pendingBlank.length = 0;
  };
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: options.chunkSize ?? SAMPLE_BYTES }),
      decode,
      parser as unknown as Transform,
      rows,
    );
  } catch {
    if (decodeError !== undefined)
      return failed(createDiagnostic('export-invalid-bytes', { encoding, offset: decodeError }, { path: [], file }));
    throw new Error(`cannot read ${file}`);
  }
  // keep held blank records that were real empty lines, all but a trailing one
  if (pendingBlank.length > 1) {
    pendingBlank.pop();
    flushPending();
  }
  if (!reader) return failed(createDiagnostic('export-empty', {}, { path: [], file }));
  return { ...reader.finish(), decoded: { encoding, basis: sniffed.basis } };
}

async function readSample(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
