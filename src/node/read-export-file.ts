import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type BadCell, StringCells } from '../exports/cells.js';
import { type CollectOptions, ExportCollector, type ExportData, failedExport } from '../exports/collect.js';
import { delimiterOf } from '../exports/csv.js';
import type { RowOversize } from '../exports/csv-tokenizer.js';
import {
  type Decoded,
  type DecodeError,
  decodeBytes,
  decodeDiagnostic,
  detectEncoding,
  type Encoding,
  lastLineEnd,
} from '../exports/decode.js';
import type { Mapping } from '../exports/mapping.js';
import { PRESET_DEFINITIONS, qualtricsHeaderRows, readQualtricsHeader } from '../exports/presets.js';
import { type ExportReading, exportAssessments, openExport, type ReadExportOptions } from '../exports/read-export.js';
import { badBytesDiagnostic, oversizeDiagnostic } from '../exports/read-row.js';
import { exportProfiles } from '../exports/score-export.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Profile } from '../score/profile.js';
import { joinAccount, joinExport } from '../subjects/join.js';
import type { SubjectsData } from '../subjects/read.js';
import { ByteCells } from './byte-cells.js';
import { readCsvRecords } from './csv-file.js';
import { readTableFile } from './read-table.js';

/** Options for reading an export file. */
export interface ReadExportFileOptions extends ReadExportOptions {
  encoding?: Encoding;
  sheet?: string;
  headerRows?: number;
  /** Bytes read at a time (default 1 MiB); small values let tests cut characters and records across chunks. */
  chunkSize?: number;
  /**
   * The longest CSV row read, in bytes with its line break (default 16 MiB): a longer one (a quote never
   * closed, most often) is rejected with 'export-row-too-large' at its cell, its bytes not held.
   */
  maxRowBytes?: number;
  /** Largest size an XLSX may unpack to, in bytes (default 25,000,000): see readTableFile. */
  maxUnpackedBytes?: number;
  /** Told the bytes of a CSV file read so far after each chunk, and its size (for a progress bar). */
  onBytes?: (read: number, size: number) => void;
}

/** How a file's text was read: its encoding, and how that was decided. */
export type Decoding = Omit<Decoded, 'text'>;

/** An export file read: its rows in a store, ready to score (see ExportData), and how its text was decoded. */
export type ExportFileData = ExportData & { decoded?: Decoding };

const SAMPLE_BYTES = 64 * 1024;
/** Bytes read at a time: large enough that waiting for the disk is rare, small enough to stay in cache. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a survey export file, streaming: CSV bytes are cut into records as they are read and each row goes
 * through the row reader into the row store, so the text is never held whole; XLSX files are read through exceljs.
 * I/O errors throw; content problems come back as diagnostics.
 *
 * ```
 * file ──sniff───────▶ encoding, delimiter                        (the first 64 KiB)   → export-ambiguous-encoding
 *      ──records─────▶ cells as byte ranges, a chunk at a time   (CsvTokenizer)      → export-invalid-bytes (UTF-16)
 *      ──header──────▶ column plan                               (planColumns)       → mapping-*, export-*
 *      ──rows────────▶ submissions, rejections, blank rows       (readRow)           → row-*, export-truncated,
 *                                                                                      export-invalid-bytes, export-nul-byte
 *      ──collect─────▶ row store, subjects, duplicates resolved  (ExportCollector)   → row-duplicate
 * ```
 */
export async function readExportData(
  path: string,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportFileOptions & CollectOptions = {},
): Promise<ExportFileData> {
  const file = options.file ?? path;
  const failed = (diagnostics: Diagnostic[]) => failedExport(compiled, diagnostics);
  const explicit = options.headerRows ?? mapping.headerRows;
  const headerRows = explicit ?? PRESET_DEFINITIONS[mapping.preset].headerRows;
  // a Qualtrics export's header rows are told from its first rows, unless given: one cleaned in a spreadsheet
  // often keeps one, and reading three would take its first two responses for headers
  const told = explicit === undefined && mapping.preset === 'qualtrics';
  const headerOf = (first: readonly (readonly string[])[]) => (told ? qualtricsHeaderRows(first) : first.length);
  const openWith = (header: string[][]) => {
    const collector = openExport(header, compiled, mapping, { ...options, file });
    // rows told to be header are no data rows: the diagnostics say which they are, as the account counts none
    if (told) collector.diagnostics.push(headerDiagnostic(header, file));
    return collector;
  };
  const rows = new HeldRows(headerRows, headerOf, openWith, file);

  if (extname(path).toLowerCase() === '.xlsx') {
    const table = await readTableFile(path, {
      file,
      headerRows,
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(options.maxUnpackedBytes ? { maxUnpackedBytes: options.maxUnpackedBytes } : {}),
    });
    if (!table.ok) return failed(table.diagnostics);
    for (const cells of table.table.headerRows) rows.record(new StringCells(0, cells));
    for (const row of table.table.rows) rows.record(new StringCells(row.row, row.cells, row.truncated));
    const collector = rows.settle();
    return collector ? collector.finish() : failed([createDiagnostic('export-empty', {}, { path: [], file })]);
  }

  const sniffed = await sniff(path, options.encoding);
  const { encoding, delimiter } = sniffed;
  // a code page that cannot be told is still cut into rows (its delimiter and line breaks are the same bytes in
  // both), each rejected with the diagnostic that says why: the account holds every row
  const undecided = sniffed.ambiguous && decodeDiagnostic(sniffed.ambiguous, file);
  const held = undecided
    ? new HeldRows(headerRows, headerOf, () => new ExportCollector(compiled, undefined, [undecided], options), file)
    : rows;
  const cells = new ByteCells(encoding);
  const chunkSize = options.chunkSize ?? CHUNK_BYTES;
  let records = 0;
  const size = options.onBytes ? (await stat(path)).size : 0;
  const onBytes = options.onBytes && ((read: number) => options.onBytes?.(read, size));
  const end = await readCsvRecords(
    path,
    {
      encoding,
      delimiter,
      chunkSize,
      ...(onBytes ? { onBytes } : {}),
      ...(options.maxRowBytes ? { maxRowBytes: options.maxRowBytes } : {}),
    },
    (record, suspect) => {
      held.record(cells.at(record, ++records, suspect));
    },
  );
  if ('invalidAt' in end) {
    // UTF-16: the stream knows the chunk that broke; its start read again finds the byte, its line and column
    const found = decodeBytes(await readPrefix(path, end.invalidAt + chunkSize), { encoding });
    const error =
      'error' in found ? found : { error: 'invalid-bytes' as const, encoding, offset: end.invalidAt, line: 0, column: 0 };
    return failed([decodeDiagnostic(error, file)]);
  }
  const collector = held.settle(end);
  if (!collector) return failed([undecided || createDiagnostic('export-empty', {}, { path: [], file })]);
  if (undecided) return collector.finish();
  // the data is an object with methods: the decoding is added to it, not spread into a copy
  return Object.assign(collector.finish(), { decoded: { encoding, basis: sniffed.basis } });
}

/** Which rows of a Qualtrics export were told to be its header, and what each is. */
function headerDiagnostic(header: readonly (readonly string[])[], file: string): Diagnostic {
  const { rows, kinds } = readQualtricsHeader(header);
  const range = { start: { line: 1, column: 1, offset: 0 }, end: { line: rows, column: 1, offset: 0 } };
  return createDiagnostic('export-header-rows', { rows, kinds }, { path: [], file, range });
}

/**
 * The records of an export on their way to the collector: the header rows first (the collector is made from
 * them), then each row, but for a row shorter than the header, which is held (as text) until the next: the last
 * row of the file, if short and not ended by a line break (or ending in an unclosed quote), was cut off.
 */
class HeldRows {
  private readonly header: string[][] = [];
  /** The header records' cells with bad bytes (see RowCells.badBytes), by record. */
  private readonly headerBad: (BadCell | undefined)[] = [];
  /** The header records past the row size limit (see RowCells.oversize), by record. */
  private readonly headerOversize: (RowOversize | undefined)[] = [];
  private collector: ExportCollector | undefined;
  private held: StringCells[] = [];
  private width = 0;

  constructor(
    private readonly headerRows: number,
    private readonly headerOf: (first: readonly (readonly string[])[]) => number,
    private readonly open: (header: string[][]) => ExportCollector,
    private readonly file?: string,
  ) {}

  record(cells: ByteCells | StringCells): void {
    if (!this.collector) {
      this.header.push(
        cells instanceof ByteCells ? cells.strings() : Array.from({ length: cells.count }, (_, i) => cells.text(i)),
      );
      this.headerBad.push(cells.badBytes);
      this.headerOversize.push(cells.oversize);
      if (this.header.length === this.headerRows) this.start();
      return;
    }
    // a row past the size limit has no cells to count: it is no short row to hold
    if (cells.count >= this.width || cells.oversize) {
      this.flush();
      this.collector.push(cells);
    } else
      this.held.push(cells instanceof ByteCells ? new StringCells(cells.row, cells.strings(), undefined, cells.badBytes) : cells);
  }

  /** The header is read: the collector made, and any first records the header turned out not to need read as rows. */
  private start(): void {
    const n = this.headerOf(this.header);
    const rows = this.header.splice(n);
    const bad = this.headerBad.splice(n);
    const oversize = this.headerOversize.splice(n);
    const collector = this.open(this.header);
    this.collector = collector;
    this.width = this.header.reduce((width, r) => Math.max(width, r.length), 0);
    // a header cell with bad bytes names a column that is not what was written: said, before the rows
    const context = { header: this.header[0] ?? [], ...(this.file === undefined ? {} : { file: this.file }) };
    this.headerBad.forEach((cell, i) => {
      if (cell) collector.diagnostics.push(badBytesDiagnostic(context, i + 1, cell, true));
    });
    this.headerOversize.forEach((o, i) => {
      if (o) collector.diagnostics.push(oversizeDiagnostic(context, i + 1, o));
    });
    rows.forEach((cells, i) => {
      const over = oversize[i];
      this.record(new StringCells(n + i + 1, over ? [] : cells, undefined, bad[i], over));
    });
  }

  private flush(): void {
    for (const cells of this.held) this.collector?.push(cells);
    this.held = [];
  }

  /** The file is over: the rows held are settled, and the collector given (undefined when there was no header). */
  settle(
    end: { endsWithBreak: boolean; unclosed: boolean } = { endsWithBreak: true, unclosed: false },
  ): ExportCollector | undefined {
    // a Qualtrics export shorter than three rows may still have a header and responses
    if (!this.collector && this.header.length > 0 && this.headerOf(this.header) < this.header.length) this.start();
    if (!this.collector) return undefined;
    const last = this.held[this.held.length - 1];
    const blank = last?.count === 1 && last.text(0) === '';
    if (last && !blank && (!end.endsWithBreak || end.unclosed))
      this.held[this.held.length - 1] = new StringCells(last.row, cellsOf(last), true, last.badBytes);
    this.flush();
    return this.collector;
  }
}

const cellsOf = (cells: StringCells) => Array.from({ length: cells.count }, (_, i) => cells.text(i));

/**
 * The encoding and delimiter of a CSV file, from its first bytes (cut at a line end). Bytes not valid in the
 * encoding are not an error here: the rows that hold them are rejected as they are read (see readCsvRecords).
 * A code page that cannot be told comes back as windows-1255, with the error that says so.
 */
async function sniff(
  path: string,
  encoding?: Encoding,
): Promise<{ encoding: Encoding; basis: Decoded['basis']; delimiter: string; ambiguous?: DecodeError }> {
  const sample = await readPrefix(path, SAMPLE_BYTES);
  const size = (await stat(path)).size;
  const cut = size > sample.length ? sample.subarray(0, lastLineEnd(sample, encoding)) : sample;
  const detected = detectEncoding(cut, encoding ? { encoding } : {});
  const read = 'error' in detected ? ({ encoding: 'windows-1255', basis: 'byte-statistics' } as const) : detected;
  const delimiter = delimiterOf(new TextDecoder(read.encoding).decode(cut).replace(/^\ufeff/, ''));
  return {
    encoding: read.encoding,
    basis: read.basis,
    delimiter,
    ...('error' in detected ? { ambiguous: detected } : {}),
  };
}

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

/** An export file read into assessments (see readExportData), with the encoding its text was read in. */
export type ExportFileReading = ExportReading & { decoded?: Decoding };

/** Reads a survey export file into assessments, one per subject and wave, with the account of every row. */
export async function readExportFile(
  path: string,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportFileOptions = {},
): Promise<ExportFileReading> {
  const data = await readExportData(path, compiled, mapping, { ...options, keepAnswers: true });
  return { ...exportAssessments(data), ...(data.decoded ? { decoded: data.decoded } : {}) };
}

/** A survey export file scored: a profile per subject and wave, the account of every row, and every problem found. */
export type ScoredExportFile = Omit<ExportReading, 'assessments'> & { profiles: Profile[]; decoded?: Decoding };

/**
 * Reads and scores a survey export file: the everyday path from a file to profiles (readExportData, then the
 * engine). With `subjects` (readSubjectsFile), each subject is joined to its register facts first, and the
 * join's account (joinExport, joinAccount) comes with the diagnostics.
 */
export async function scoreExportFile(
  path: string,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportFileOptions & { subjects?: SubjectsData } = {},
): Promise<ScoredExportFile> {
  const read = await readExportData(path, compiled, mapping, options);
  const joined = options.subjects ? joinExport(read, options.subjects) : undefined;
  const data = joined?.data ?? read;
  const diagnostics = joined
    ? [...read.diagnostics, ...joined.diagnostics, ...joinAccount(options.subjects as SubjectsData, data.subjects)]
    : read.diagnostics;
  const { account, ok } = read;
  return { profiles: exportProfiles(data), account, diagnostics, ok, ...(read.decoded ? { decoded: read.decoded } : {}) };
}
