import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/messages.js';
import { parseCsv } from '../exports/csv.js';
import { type Decoded, decodeBytes, decodeDiagnostic, type Encoding } from '../exports/decode.js';
import type { Table, TableRow } from '../exports/table.js';
import { unpackedSize } from './zip-size.js';

/** Options for reading an export file. */
export interface ReadTableOptions {
  /** The text encoding of a CSV file; detected when absent. */
  encoding?: Encoding;
  /** The worksheet of an XLSX file, by name; the first when absent. */
  sheet?: string;
  /** How many header rows the export has (Qualtrics: 3). */
  headerRows?: number;
  /** Largest accepted file, in bytes. */
  maxBytes?: number;
  /**
   * Largest size an XLSX may unpack to, in bytes (default 25,000,000, about 800,000 cells): a workbook is read
   * whole into memory, at about 17 times its unpacked size.
   */
  maxUnpackedBytes?: number;
}

/** A table read from a file, with how its text was decoded; or why it could not be read. */
export type TableResult = { ok: true; table: Table; decoded?: Omit<Decoded, 'text'> } | { ok: false; diagnostics: Diagnostic[] };

const DEFAULT_MAX_BYTES = 1_000_000_000;
export const DEFAULT_MAX_UNPACKED_BYTES = 25_000_000;

/**
 * Reads a survey export file (CSV in any supported encoding, or XLSX) into a table. I/O errors (a missing
 * file) throw; content problems come back as diagnostics.
 */
export async function readTableFile(path: string, options: ReadTableOptions & { file?: string } = {}): Promise<TableResult> {
  const file = options.file ?? path;
  const { size } = await stat(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > maxBytes) {
    return {
      ok: false,
      diagnostics: [
        createDiagnostic('input-too-large', { size, limit: maxBytes, option: 'maxBytes (--max-size)' }, { path: [], file }),
      ],
    };
  }
  if (extname(path).toLowerCase() === '.xlsx') return readXlsx(path, file, options);
  const decoded = decodeBytes(await readFile(path), options.encoding ? { encoding: options.encoding } : {});
  if ('error' in decoded) return { ok: false, diagnostics: [decodeDiagnostic(decoded, file)] };
  const table = parseCsv(decoded.text, options.headerRows ? { headerRows: options.headerRows } : {});
  if (table.header.length === 0 || table.header.every((h) => h.trim() === '')) {
    return { ok: false, diagnostics: [createDiagnostic('export-empty', {}, { path: [], file })] };
  }
  return { ok: true, table, decoded: { encoding: decoded.encoding, basis: decoded.basis } };
}

async function readXlsx(path: string, file: string, options: ReadTableOptions): Promise<TableResult> {
  // refused from the zip's directory before a byte is unpacked: a 24 MB file can unpack to gigabytes
  const limit = options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES;
  const unpacked = await unpackedSize(path);
  if (unpacked !== undefined && unpacked > limit) {
    const option = 'maxUnpackedBytes (--max-xlsx-bytes)';
    return {
      ok: false,
      diagnostics: [createDiagnostic('export-xlsx-too-large', { unpacked, limit, option }, { path: [], file })],
    };
  }
  // loaded on first use: it takes half a second to load, and most runs read CSV
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 120) : String(error);
    return {
      ok: false,
      diagnostics: [createDiagnostic('export-unreadable', { detail: detail ?? 'unknown error' }, { path: [], file })],
    };
  }
  const sheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!sheet && options.sheet) {
    const sheets = workbook.worksheets.map((s) => s.name);
    const suggestion = suggest(options.sheet, sheets);
    const params = { sheet: options.sheet, sheets, ...(suggestion ? { suggestion } : {}) };
    return { ok: false, diagnostics: [createDiagnostic('export-no-sheet', params, { path: [], file })] };
  }
  if (!sheet) return { ok: false, diagnostics: [createDiagnostic('export-empty', {}, { path: [], file })] };
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = shownText(cell);
    });
    records[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  const headerCount = options.headerRows ?? 1;
  const filled = Array.from(records, (r) => r ?? []);
  const headerRows = filled.slice(0, headerCount);
  const rows: TableRow[] = filled.slice(headerCount).map((cells, i) => ({ row: headerCount + i + 1, cells }));
  if (!headerRows[0]?.length) return { ok: false, diagnostics: [createDiagnostic('export-empty', {}, { path: [], file })] };
  return { ok: true, table: { header: headerRows[0], headerRows, rows } };
}

/**
 * A cell as the spreadsheet shows it: a percentage (typed, or a formula's result) is stored as a fraction and
 * shown with '%', so it reads as the percentage.
 */
function shownText(cell: ExcelJS.Cell): string {
  const { value } = cell;
  const result = value !== null && typeof value === 'object' && 'result' in value ? value.result : value;
  if (typeof result === 'number' && /%/.test(cell.numFmt ?? '')) return `${Math.round(result * 1e10) / 1e8}%`;
  return cellText(value);
}

/**
 * The text a spreadsheet cell shows: dates as ISO text, formulas by their result (an error as its text, such
 * as '#N/A'), rich text joined. A formula
 * saved without its result (the file was never opened in a spreadsheet) reads as the formula, so a report
 * names it rather than '[object Object]'.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('result' in value && value.result !== undefined) return cellText(value.result as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) {
      const { formula, sharedFormula } = value as { formula?: string; sharedFormula?: string };
      return `=${formula ?? sharedFormula ?? ''}`;
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    // an error value reads as Excel shows it (and writes it to CSV): '#N/A' is reported, not taken as blank
    if ('error' in value) return String(value.error);
  }
  return String(value);
}
