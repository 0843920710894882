import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/messages.js';
import { type AttributeValue, readAttribute } from '../exports/attribute-values.js';
import { canonicalId } from '../exports/identities.js';
import { normalizeLabel } from '../exports/labels.js';
import type { NumberFormat } from '../exports/numbers.js';
import { cellAddress, isBlankRow, type Table, type TableRow } from '../exports/table.js';
import type { Attribute, Rubric } from '../rubric/model.js';

/** One subject's row of the subjects file: its register values, and the cell each came from. */
export interface SubjectRecord {
  id: string;
  /** The row as a spreadsheet shows it (the header is row 1). */
  row: number;
  name?: string;
  /** The row's wave or year, when the file has such a column. */
  period?: string;
  values: Readonly<Record<string, AttributeValue>>;
  /** The cell each value came from, e.g. "K5", with its column's header. */
  cells: Readonly<Record<string, { cell: string; column: string }>>;
}

/** What became of every row of the subjects file: the totals add up to `rows`. */
export interface SubjectsAccount {
  rows: number;
  read: number;
  /** Rows without a key, or whose key is repeated. */
  rejected: number;
  /** Blank rows. */
  skipped: number;
  /** Rows of another year than the one chosen. */
  otherYears: number;
}

/** The subjects file read: a record per subject (and wave), with the account of every row. */
export interface SubjectsData {
  file?: string;
  /** The key column's header. */
  key?: string;
  /** `wave`: records per subject and wave; `year`: the chosen year's records. */
  period?: { kind: 'wave' | 'year'; column: string; year?: string };
  /** Records by joinKey(id) (and, per wave, joinKey(id) + NUL + wave). */
  records: ReadonlyMap<string, SubjectRecord>;
  account: SubjectsAccount;
  diagnostics: Diagnostic[];
  /** False when the file cannot be joined at all (no key column, no year chosen). */
  ok: boolean;
}

/** Options for reading a subjects file. */
export interface ReadSubjectsOptions {
  file?: string;
  /** The key column's header; else the first of the usual names (and `keyHeaders`). */
  key?: string;
  /** Headers an export of the same survey uses for the subject's id and name (from its mapping). */
  keyHeaders?: readonly string[];
  nameHeaders?: readonly string[];
  /** The year whose rows count, when the file has a year column with more than one year. */
  year?: string;
  numbers?: NumberFormat;
}

/** How subject ids are compared: as exports compare them (marks, hyphens, spacing), and without case. */
export const joinKey = (id: string, wave?: string) =>
  wave === undefined ? canonicalId(id).toLowerCase() : `${canonicalId(id).toLowerCase()}\u0000${wave}`;

const KEYS = ['subject', 'subject id', 'subject_id', 'id', 'code', 'סמל רשות', 'קוד רשות', 'رمز السلطة', 'كود السلطة'];
const NAMES = ['name', 'subject name', 'שם', 'שם הרשות', 'اسم السلطة'];
const WAVES = ['wave', 'גל', 'موجة', 'الموجة'];
const YEARS = ['year', 'שנה', 'سنة', 'السنة'];

/**
 * Reads a subjects file's table against the rubric's attributes. Columns are found by header: the key, a name,
 * a wave or year, and each attribute by its id or its title in any locale; any other column is reported and
 * left. Each cell is read by its attribute's type; a cell that does not read is reported at its cell and left
 * out, so the subject is assessed with that fact missing, never with a guess.
 *
 * ```
 * table ──columns──▶ key, name, period, attributes   → subjects-no-key, subjects-unknown-column
 *       ──period───▶ the year that counts            → subjects-year-needed
 *       ──rows─────▶ a record per subject            → subjects-missing-key, subjects-invalid-value
 *       ──keys─────▶ each subject once               → subjects-duplicate-key (both rows left out)
 * ```
 */
export function readSubjects(table: Table, rubric: Rubric, options: ReadSubjectsOptions = {}): SubjectsData {
  const diagnostics: Diagnostic[] = [];
  const place = placeOf(options.file);
  const columns = findColumns(table.header, rubric, options, diagnostics, place);
  const account: SubjectsAccount = { rows: table.rows.length, read: 0, rejected: 0, skipped: 0, otherYears: 0 };
  const failed = (d?: Diagnostic): SubjectsData => ({
    ...(options.file === undefined ? {} : { file: options.file }),
    records: new Map(),
    account: { ...account, rejected: account.rows },
    diagnostics: d ? [...diagnostics, d] : diagnostics,
    ok: false,
  });
  if (columns.key === undefined) return failed();
  const year = chooseYear(table, columns, options, place);
  if (typeof year === 'object') return failed(year);
  const context: RowContext = { header: table.header, columns, numbers: options.numbers, diagnostics, place };
  const records = new Map<string, SubjectRecord>();
  const repeated = new Set<string>();
  for (const row of table.rows) {
    if (isBlankRow(row.cells)) {
      account.skipped++;
      continue;
    }
    const period = columns.period === undefined ? undefined : cellOf(row, columns.period.index);
    if (year !== undefined && period !== year) {
      account.otherYears++;
      continue;
    }
    const record = readRecord(row, context);
    if (!record) {
      account.rejected++;
      continue;
    }
    const key = joinKey(record.id, columns.period?.kind === 'wave' ? period : undefined);
    const first = records.get(key);
    if (first || repeated.has(key)) {
      if (first) diagnostics.push(duplicate(record, first, table.header[columns.key] ?? '', columns.key, place));
      // neither row is taken: which one the register means is not for mahvan to guess
      account.rejected += first ? 2 : 1;
      account.read -= first ? 1 : 0;
      records.delete(key);
      repeated.add(key);
      continue;
    }
    records.set(key, record);
    account.read++;
  }
  return {
    ...(options.file === undefined ? {} : { file: options.file }),
    key: table.header[columns.key] ?? '',
    ...(columns.period
      ? { period: { kind: columns.period.kind, column: columns.period.header, ...(year ? { year } : {}) } }
      : {}),
    records,
    account,
    diagnostics,
    ok: true,
  };
}

interface Columns {
  key?: number;
  name?: number;
  period?: { kind: 'wave' | 'year'; index: number; header: string };
  attributes: { index: number; attribute: Attribute }[];
}

type Place = (
  row: number,
  column: number,
  header: string,
) => { path: (string | number)[]; file?: string; range?: Diagnostic['range'] };

const placeOf =
  (file: string | undefined): Place =>
  (row, column, header) => ({
    path: row === 1 ? ['header', header] : ['rows', row, header],
    ...(file === undefined ? {} : { file }),
    range: { start: { line: row, column: column + 1, offset: 0 }, end: { line: row, column: column + 1, offset: 0 } },
  });

/** Which column is what, by its header; the columns nobody reads are reported once each. */
function findColumns(
  header: readonly string[],
  rubric: Rubric,
  options: ReadSubjectsOptions,
  diagnostics: Diagnostic[],
  place: Place,
): Columns {
  const norm = header.map((h) => normalizeLabel(h));
  const first = (names: readonly string[]) => {
    const wanted = names.map(normalizeLabel);
    for (const name of wanted) {
      const i = norm.indexOf(name);
      if (i >= 0) return i;
    }
    return undefined;
  };
  const key = first(options.key !== undefined ? [options.key] : [...(options.keyHeaders ?? []), ...KEYS]);
  if (key === undefined) {
    const params = { headers: header.slice(0, 12), ...(options.key === undefined ? {} : { key: options.key }) };
    diagnostics.push(createDiagnostic('subjects-no-key', params, place(1, 0, header[0] ?? '')));
    return { attributes: [] };
  }
  const name = first([...(options.nameHeaders ?? []), ...NAMES]);
  const wave = first(WAVES);
  const year = first(YEARS);
  const periodAt = wave ?? year;
  const period =
    periodAt === undefined
      ? undefined
      : { kind: wave !== undefined ? ('wave' as const) : ('year' as const), index: periodAt, header: header[periodAt] ?? '' };
  const attributes: Columns['attributes'] = [];
  const names = rubric.attributes.map((a) => ({ attribute: a, names: [a.id, ...titles(a)].map(normalizeLabel) }));
  header.forEach((h, index) => {
    if (index === key || index === name || index === periodAt || h.trim() === '') return;
    const found = names.find((n) => n.names.includes(norm[index] as string));
    if (found && !attributes.some((a) => a.attribute.id === found.attribute.id))
      attributes.push({ index, attribute: found.attribute });
    else {
      const known = names.flatMap((n) => [n.attribute.id, ...titles(n.attribute)]);
      const suggestion = suggest(h, known);
      diagnostics.push(
        createDiagnostic(
          'subjects-unknown-column',
          { header: h, cell: cellAddress(1, index), ...(suggestion ? { suggestion } : {}) },
          place(1, index, h),
        ),
      );
    }
  });
  return { key, ...(name === undefined ? {} : { name }), ...(period ? { period } : {}), attributes };
}

const titles = (a: Attribute): string[] =>
  a.title === undefined ? [] : typeof a.title === 'string' ? [a.title] : Object.values(a.title);

/** The year whose rows count: the one asked for, or the only one; several and none asked for is an error. */
function chooseYear(table: Table, columns: Columns, options: ReadSubjectsOptions, place: Place): string | undefined | Diagnostic {
  if (columns.period?.kind !== 'year') {
    if (options.year === undefined) return undefined;
    return createDiagnostic('subjects-year-needed', { years: [], year: options.year }, place(1, 0, table.header[0] ?? ''));
  }
  const years = [...new Set(table.rows.map((r) => cellOf(r, columns.period?.index as number)).filter((y) => y !== ''))].sort();
  if (options.year !== undefined && years.includes(options.year)) return options.year;
  if (options.year === undefined && years.length <= 1) return years[0];
  const params = { years, ...(options.year === undefined ? {} : { year: options.year }) };
  return createDiagnostic('subjects-year-needed', params, place(1, columns.period.index, columns.period.header));
}

const cellOf = (row: TableRow, i: number) => canonicalId((row.cells[i] ?? '').trim());

/** What reading a row needs: the columns found, how numbers are written, where to report. */
interface RowContext {
  header: readonly string[];
  columns: Columns;
  numbers: NumberFormat | undefined;
  diagnostics: Diagnostic[];
  place: Place;
}

/** One row as a record; undefined (reported) when it has no key. A cell that does not read is left out. */
function readRecord(row: TableRow, { header, columns, numbers, diagnostics, place }: RowContext): SubjectRecord | undefined {
  const key = columns.key as number;
  const id = cellOf(row, key);
  if (id === '') {
    const cell = cellAddress(row.row, key);
    diagnostics.push(
      createDiagnostic('subjects-missing-key', { cell, column: header[key] ?? '' }, place(row.row, key, header[key] ?? '')),
    );
    return undefined;
  }
  const values: Record<string, AttributeValue> = {};
  const cells: Record<string, { cell: string; column: string }> = {};
  for (const { index, attribute } of columns.attributes) {
    const text = row.cells[index] ?? '';
    const reading = readAttribute(text, attribute, numbers);
    const cell = cellAddress(row.row, index);
    const column = header[index] ?? '';
    if (reading.problem) {
      const params = { cell, column, attribute: attribute.id, value: text.trim(), type: attribute.type, ...reading.problem };
      diagnostics.push(
        createDiagnostic(
          'subjects-invalid-value',
          { ...params, ...(attribute.values ? { known: attribute.values } : {}) },
          place(row.row, index, column),
        ),
      );
    } else if (reading.value !== undefined) {
      values[attribute.id] = reading.value;
      cells[attribute.id] = { cell, column };
    }
  }
  const name = columns.name === undefined ? '' : cellOf(row, columns.name);
  const period = columns.period === undefined ? '' : cellOf(row, columns.period.index);
  return { id, row: row.row, ...(name ? { name } : {}), ...(period ? { period } : {}), values, cells };
}

function duplicate(record: SubjectRecord, first: SubjectRecord, column: string, key: number, place: Place): Diagnostic {
  const cell = cellAddress(record.row, key);
  const params = { cell, id: record.id, first: cellAddress(first.row, key) };
  return createDiagnostic('subjects-duplicate-key', params, place(record.row, key, column));
}
