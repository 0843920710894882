import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { createBatchScorer } from '../batch/scorer.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DELIMITERS, lineBreakOf } from '../exports/csv.js';
import { type Decoded, decodeBytes, type Encoding, lastLineEnd } from '../exports/decode.js';
import type { Mapping } from '../exports/mapping.js';
import { PRESET_DEFINITIONS, qualtricsHeaderRows } from '../exports/presets.js';
import {
  type BatchExportReading,
  type BatchFinishOptions,
  createBatchExportReader,
  createExportReader,
  type ExportReading,
  type ReadExportOptions,
} from '../exports/read-export.js';
import type { TableRow } from '../exports/table.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { parseCsvFile } from './csv-file.js';
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
  return streamExport(
    path,
    mapping,
    options,
    (header, file) => createExportReader(header, compiled, mapping, { ...options, file }),
    (diagnostics) => ({
      assessments: [],
      account: emptyAccount(),
      diagnostics,
      ok: false,
    }),
  );
}

/** An export read from a file straight into the batch scorer (see createBatchExportReader). */
export type BatchExportFileReading = BatchExportReading & { decoded?: Omit<Decoded, 'text'> };

/**
 * Reads a survey export file into scores on flat arrays, for large exports: the same rows, rules and account
 * as `readExportFile`, a few bytes per row held, no assessment objects.
 */
export async function readExportFileBatch(
  path: string,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportFileOptions & BatchFinishOptions = {},
): Promise<BatchExportFileReading> {
  const { each, begin, ...readOptions } = options;
  const make = (header: string[][], file: string) => {
    const reader = createBatchExportReader(header, compiled, mapping, { ...readOptions, file });
    return {
      push: reader.push,
      pushLine: reader.pushLine,
      finish: () => reader.finish({ ...(each ? { each } : {}), ...(begin ? { begin } : {}) }),
    };
  };
  return streamExport(path, mapping, readOptions, make, (diagnostics) => ({
    profiles: createBatchScorer(compiled).finish(),
    subjects: [],
    account: emptyAccount(),
    diagnostics,
    ok: false,
  }));
}

/** Where an export's rows go: `pushLine`, when a reader has it, takes a row as a line of text not yet cut. */
interface RowSink<R> {
  push(row: TableRow): void;
  pushLine?(row: number, text: string, start: number, end: number, delimiter: string, bytes?: Uint8Array): void;
  finish(): R;
}

const emptyAccount = () => ({ rows: 0, scored: 0, rejected: 0, skipped: 0, rejections: [] });

/** Streams the rows of a CSV (or XLSX) export through a reader that its header rows make. */
async function streamExport<R extends object>(
  path: string,
  mapping: Mapping,
  options: ReadExportFileOptions,
  makeReader: (headerRows: string[][], file: string) => RowSink<R>,
  failure: (diagnostics: [Diagnostic, ...Diagnostic[]]) => R,
): Promise<R & { decoded?: Omit<Decoded, 'text'> }> {
  const file = options.file ?? path;
  const explicit = options.headerRows ?? mapping.headerRows;
  const headerRows = explicit ?? PRESET_DEFINITIONS[mapping.preset].headerRows;
  // a Qualtrics export's header rows are told from its first rows, unless given: one cleaned in a spreadsheet
  // often keeps one, and reading three would take its first two responses for headers
  const headerOf = (first: string[][]) =>
    explicit === undefined && mapping.preset === 'qualtrics' ? qualtricsHeaderRows(first) : first.length;
  const failed = (d: Diagnostic) => failure([d]);
  if (extname(path).toLowerCase() === '.xlsx') {
    const table = await readTableFile(path, { file, headerRows, ...(options.sheet ? { sheet: options.sheet } : {}) });
    if (!table.ok) return failure(table.diagnostics as [Diagnostic, ...Diagnostic[]]);
    const first = table.table.headerRows.map((r) => [...r]);
    const n = headerOf(first);
    const reader = makeReader(first.slice(0, n), file);
    first.slice(n).forEach((cells, i) => {
      reader.push({ row: n + i + 1, cells });
    });
    for (const row of table.table.rows) reader.push(row);
    return reader.finish();
  }

  // sniff the encoding, delimiter and line break from the start of the file, cut at a line end
  const sample = await readSample(path);
  const size = (await stat(path)).size;
  const cut = size > sample.length ? sample.subarray(0, lastLineEnd(sample, options.encoding)) : sample;
  const sniffed = decodeBytes(cut, options.encoding ? { encoding: options.encoding } : {});
  if ('error' in sniffed)
    return failed(
      createDiagnostic(
        'export-invalid-bytes',
        { encoding: sniffed.encoding, offset: sniffed.offset, line: sniffed.line },
        { path: [], file },
      ),
    );
  const encoding = sniffed.encoding;
  const start = sniffed.text.replace(/^\ufeff/, '');
  const newline = lineBreakOf(start);
  const meta = Papa.parse(start, { preview: 10, delimitersToGuess: [...DELIMITERS], ...(newline ? { newline } : {}) }).meta;

  let records = 0;
  const header: string[][] = [];
  let reader: ReturnType<typeof makeReader> | undefined;
  const pendingBlank: TableRow[] = [];
  const flushPending = () => {
    for (const r of pendingBlank) reader?.push(r);
    pendingBlank.length = 0;
  };
  // hold the last row and the blank records after it: a final empty record after the last line break is not a
  // row, and a last row cut short by the end of the file is reported as truncated
  const dataRecord = (row: number, cells: string[]) => {
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank) flushPending();
    pendingBlank.push({ row, cells });
  };
  // the header read: the reader made, and first records the header turned out not to need read as rows
  const settleHeader = () => {
    const n = headerOf(header);
    const rows = header.splice(n);
    reader = makeReader(header, file);
    rows.forEach((cells, i) => {
      dataRecord(n + i + 1, cells);
    });
  };
  const record = (cells: string[]) => {
    records++;
    if (reader) return dataRecord(records, cells);
    header.push(cells);
    if (records === headerRows) settleHeader();
  };
  const csvOptions = {
    encoding,
    delimiter: meta.delimiter,
    newline: meta.linebreak,
    chunkSize: options.chunkSize ?? SAMPLE_BYTES,
  };
  // a line not yet cut into cells goes whole to a reader that codes cells where they lie; a line with a line
  // break after it is never the file's last row, so it need not be held
  const line = (text: string, start: number, end: number, bytes?: Uint8Array) => {
    if (!reader?.pushLine || start === end) return record(text.slice(start, end).split(meta.delimiter));
    records++;
    flushPending();
    reader.pushLine(records, text, start, end, meta.delimiter, bytes);
  };
  const end = await parseCsvFile(path, csvOptions, {
    records: (list) => {
      for (const cells of list) record(cells);
    },
    line,
  });
  if ('invalidAt' in end) {
    // the stream knows the chunk that broke; its start read again finds the byte and the line
    const prefix = await readPrefix(path, end.invalidAt + csvOptions.chunkSize);
    const found = decodeBytes(prefix, { encoding });
    const at = 'error' in found ? { offset: found.offset, line: found.line } : { offset: end.invalidAt };
    return failed(createDiagnostic('export-invalid-bytes', { encoding, ...at }, { path: [], file }));
  }
  const { lastChar } = end;
  // a Qualtrics export shorter than three rows may still have a header and responses
  if (!reader && header.length > 0 && headerOf(header) < header.length) settleHeader();
  // keep held blank records that were real empty lines, all but a trailing one; a last row with fewer cells
  // than the header and no line break after it was cut off
  const last = pendingBlank[pendingBlank.length - 1];
  if (last && !(last.cells.length === 1 && last.cells[0] === '')) {
    const width = header[0]?.length ?? 0;
    // short, and either no line break after it or a line break inside its last cell (an open quote ran to the end)
    const openQuote = /[\r\n]/.test(last.cells[last.cells.length - 1] ?? '');
    const cut = (lastChar !== '\n' && lastChar !== '\r') || openQuote;
    if (cut && last.cells.length < width) pendingBlank[pendingBlank.length - 1] = { ...last, truncated: true };
    flushPending();
  } else if (pendingBlank.length > 1) {
    pendingBlank.pop();
    flushPending();
  }
  if (!reader) return failed(createDiagnostic('export-empty', {}, { path: [], file }));
  return { ...reader.finish(), decoded: { encoding, basis: sniffed.basis } };
}

const readSample = (path: string) => readPrefix(path, SAMPLE_BYTES);

/** The first `length` bytes of a file (fewer when it is shorter). */
async function readPrefix(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
