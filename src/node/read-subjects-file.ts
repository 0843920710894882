import { createDiagnostic } from '../diagnostics/create.js';
import type { Table } from '../exports/table.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { type ReadSubjectsOptions, readSubjects, type SubjectsData } from '../subjects/read.js';
import { readTextFile } from './files.js';
import { type ReadTableOptions, readTableFile } from './read-table.js';

/** Options for reading a subjects file: how to find its columns, which year counts, and the table's limits. */
export type ReadSubjectsFileOptions = Omit<ReadSubjectsOptions, 'file'> &
  Pick<ReadTableOptions, 'encoding' | 'sheet' | 'maxBytes' | 'maxUnpackedBytes'> & { file?: string };

/**
 * Reads a subjects file (CSV in any encoding mahvan reads, XLSX, or JSON: a list of objects, one per subject)
 * against the rubric's attributes. I/O errors (a missing file) throw; content problems come back as diagnostics.
 */
export async function readSubjectsFile(
  path: string,
  compiled: CompiledRubric,
  options: ReadSubjectsFileOptions = {},
): Promise<SubjectsData> {
  const file = options.file ?? path;
  const table = path.toLowerCase().endsWith('.json')
    ? await jsonTable(path, file, options)
    : await readTableFile(path, { ...options, file });
  if (!table.ok) {
    return {
      file,
      records: new Map(),
      account: { rows: 0, read: 0, rejected: 0, skipped: 0, otherYears: 0 },
      diagnostics: table.diagnostics,
      ok: false,
    };
  }
  return readSubjects(table.table, compiled.rubric, { ...options, file });
}

/**
 * A JSON list of objects as a table: the keys (in the order first met) are the columns, item i is row i + 1
 * (as if a header row came first), so a cell is named as in the CSV the list would be.
 */
async function jsonTable(path: string, file: string, options: { maxBytes?: number }) {
  const text = await readTextFile(path, options.maxBytes === undefined ? {} : { maxSize: options.maxBytes });
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false as const, diagnostics: [createDiagnostic('export-unreadable', { detail }, { path: [], file })] };
  }
  if (!Array.isArray(items) || !items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i))) {
    const detail = 'a subjects file in JSON is a list of objects, one per subject';
    return { ok: false as const, diagnostics: [createDiagnostic('export-unreadable', { detail }, { path: [], file })] };
  }
  const header = [...new Set(items.flatMap((i) => Object.keys(i as object)))];
  const text_ = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows = items.map((item, i) => ({ row: i + 2, cells: header.map((h) => text_((item as Record<string, unknown>)[h])) }));
  const table: Table = { header, headerRows: [header], rows };
  return { ok: true as const, table };
}
