import type { AnswerInput, AnswerValue } from '../assessment/model.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Scale } from '../rubric/model.js';
import { answerPoints } from '../score/answer-points.js';
import { CODE, codeOfPoints, type ScoringTables, scoringTables } from '../score/tables.js';
import type { LocalizedText } from '../text/localized.js';
import { ownValue } from '../text/own.js';
import {
  type AttributeReading,
  type AttributeShape,
  type AttributeValue,
  OPEN_CATEGORY,
  readAttribute,
} from './attribute-values.js';
import type { BadCell, RowCells } from './cells.js';
import type { RowOversize } from './csv-tokenizer.js';
import { canonicalId, SubjectIds } from './identities.js';
import { type CellReading, normalizeLabel, readCell, scaleLabels } from './labels.js';
import type { ColumnPlan } from './layout.js';
import { DEFAULT_CHECKED, DEFAULT_UNCHECKED, type Mapping } from './mapping.js';
import type { NumberFormat } from './numbers.js';
import { PRESET_DEFINITIONS } from './presets.js';
import { cellAddress, isSpreadsheetError } from './table.js';
import { readTimestamp, type TimestampOrder } from './timestamps.js';

/** Why a row was not scored, named as a spreadsheet shows it. */
export interface Rejection {
  row: number;
  /** The cell, e.g. "F7", and its column header. */
  cell?: string;
  column?: string;
  value?: string;
  reason: string;
  code: DiagnosticCode;
}

/** A row read as one respondent's submission. Its answers went into the codes (and objects) readRow was given. */
export interface Submission {
  kind: 'submission';
  row: number;
  subject: string;
  wave: string | undefined;
  /** The respondent's id, or `row-N` when the export has none. */
  respondent: string;
  role: string | undefined;
  /**
   * The timestamp in milliseconds (see readTimestamp; NaN: none, or unreadable); for a date that reads both ways
   * (01/03/2026), the earlier of its two times, and `latest` the later.
   */
  time: number;
  latest: number;
  /** Why the time is not known for certain (the cell, its text and why), when the cell is not blank. */
  timeNote: string | undefined;
  name: string | undefined;
  /** The attributes' values, in the order of the column plan's attributes (undefined: an empty cell). */
  attributes: readonly (AttributeValue | undefined)[];
  /** Invalid cells read as missing (the `invalid: missing` policy). */
  warnings: readonly Diagnostic[];
}

/** A row that is rejected, with why and every problem found in it. */
export interface RowRejection {
  kind: 'rejected';
  rejection: Rejection;
  diagnostics: readonly Diagnostic[];
}

/** What a row is: a submission, a rejection, or blank (skipped). */
export type RowResult = Submission | RowRejection | { kind: 'skipped' };
export const SKIPPED: RowResult = Object.freeze({ kind: 'skipped' });

/** The export's policies: which of several submissions of a respondent counts, and what an invalid cell does. */
export interface ExportPolicies {
  duplicates: Mapping['policies']['duplicates'];
  invalid: Mapping['policies']['invalid'];
}

/** What a cell of an answer column says, read once per distinct text: its reading and the code it scores as. */
export interface CellEntry {
  reading: CellReading;
  /** The answer code (CODE.missing for blank and invalid cells). */
  code: number;
  /** A direct indicator's points. */
  points: number;
}

/** Distinct cell texts remembered per answer column (free-text numbers can be many). */
const CELL_CACHE_SIZE = 4096;
/** One-character cells are coded by character below this (ASCII: digits, letters, marks). */
const ONE_CHAR = 128;
const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);
const texts = (t: LocalizedText | undefined) => (t === undefined ? [] : typeof t === 'string' ? [t] : Object.values(t));

/**
 * What reading rows of one export needs, worked out once from its header: the column plan, the rubric's tables,
 * labels and roles, and a memory of each answer column's cells read so far (a cell's reading depends on its
 * text alone, so remembering it changes nothing but speed).
 */
export interface RowContext {
  plan: ColumnPlan;
  tables: ScoringTables;
  policies: ExportPolicies;
  /** How the timestamp column writes dates: the mapping's, else the preset's. */
  timestamps: TimestampOrder;
  /**
   * Timestamp cells that are ambiguous or unreadable: how many, and the warning given at the first of each kind
   * (one per export, not one per row: an undeclared day-first export has one in every row).
   */
  timeProblems: { ambiguous: TimeProblem; unreadable: TimeProblem };
  file?: string;
  /** The wave of rows whose wave cell is empty (or that have none): the mapping's. */
  defaultWave?: string;
  /** The header's width: cells past it belong to no column. */
  width: number;
  header: readonly string[];
  /** Each answer column's index in the row, and its indicator's index in the scoring tables. */
  answerColumn: Int32Array;
  answerIndicator: Int32Array;
  labels: ReadonlyMap<string, ReadonlyMap<string, AnswerValue>>;
  notApplicable: ReadonlySet<string>;
  roleLabels: ReadonlyMap<string, string>;
  /** The code of each answer column's one-character cells, at [a * 128 + char] (-1: not read yet). */
  oneChar: Int16Array;
  /** Scratch: a row's answer cells as one character each (RowCells.chars). */
  chars: Int16Array;
  cells: Map<string, CellEntry>[];
  /** How the export writes numbers (the mapping's, else the preset's; undefined: only unambiguous texts). */
  numbers: NumberFormat | undefined;
  /** Marks in checklist option columns: true ticks, false leaves unticked; any other is an invalid answer. */
  ticks: ReadonlyMap<string, boolean>;
  subjectIds: SubjectIds;
  /** Per attribute column of the plan: the rubric's declared values, and each distinct cell's reading. */
  attributes: readonly AttributeColumn[];
}

interface AttributeColumn {
  id: string;
  column: number;
  shape: AttributeShape;
  readings: Map<string, AttributeReading>;
}

/** The reading context of an export whose column plan is known. */
export function createRowContext(
  plan: ColumnPlan,
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: { policies: ExportPolicies; file?: string },
): RowContext {
  const tables = scoringTables(compiled);
  const kOf = new Map(tables.indicators.ids.map((id, k) => [id, k] as const));
  const extra = mapping.labels as Record<string, AnswerValue>;
  const labels = new Map(Object.values(compiled.rubric.scales).map((s) => [s.name, scaleLabels(s, extra)] as const));
  const roleIds = compiled.rubric.roles.map((r) => r.id);
  const roleLabels = new Map<string, string>();
  // a label the mapping sends to a role the rubric does not declare stays unknown: its rows are rejected as
  // row-unknown-role, whose hint names the rubric's roles, instead of scored under a role nothing reads
  for (const [label, id] of Object.entries(mapping.roles)) if (roleIds.includes(id)) roleLabels.set(normalizeLabel(label), id);
  for (const role of compiled.rubric.roles) {
    for (const label of [role.id, ...texts(role.title)])
      if (!roleLabels.has(normalizeLabel(label))) roleLabels.set(normalizeLabel(label), role.id);
  }
  return {
    plan,
    tables,
    policies: options.policies,
    timestamps: mapping.timestamps ?? PRESET_DEFINITIONS[mapping.preset].timestamps ?? 'iso',
    timeProblems: { ambiguous: { count: 0 }, unreadable: { count: 0 } },
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(mapping.wave === undefined ? {} : { defaultWave: mapping.wave }),
    width: Math.max(0, ...headerRows.map((r) => r.length)),
    header: headerRows[0] ?? [],
    answerColumn: Int32Array.from(plan.answers, (a) => a.column),
    answerIndicator: Int32Array.from(plan.answers, (a) => kOf.get(a.indicator.id) as number),
    labels,
    notApplicable: new Set(mapping.notApplicable.map(normalizeLabel)),
    roleLabels,
    oneChar: new Int16Array(plan.answers.length * ONE_CHAR).fill(-1),
    chars: new Int16Array(plan.answers.length),
    cells: plan.answers.map(() => new Map()),
    numbers: mapping.numbers ?? plan.preset.numbers,
    ticks: tickMarks(mapping),
    subjectIds: new SubjectIds((row) => cellAddress(row, plan.subject)),
    attributes: plan.attributes.map(({ id, column }) => ({
      id,
      column,
      shape: compiled.rubric.attributes.find((a) => a.id === id) ?? OPEN_CATEGORY,
      readings: new Map(),
    })),
  };
}

/** The tick marks: the built-in ones, then the mapping's (which win where they disagree). */
function tickMarks(mapping: Mapping): ReadonlyMap<string, boolean> {
  const ticks = new Map<string, boolean>();
  for (const [marks, ticked] of [
    [DEFAULT_UNCHECKED, false],
    [DEFAULT_CHECKED, true],
    [mapping.checkMarks.unchecked, false],
    [mapping.checkMarks.checked, true],
  ] as const)
    for (const mark of marks) ticks.set(normalizeLabel(mark), ticked);
  return ticks;
}

/** Where a cell is, for a diagnostic: its row and column as a spreadsheet shows them. */
export function cellPlace(context: Pick<RowContext, 'file' | 'header'>, row: number, column: number) {
  return {
    path: ['rows', row, context.header[column] ?? ''],
    ...(context.file === undefined ? {} : { file: context.file }),
    range: { start: { line: row, column: column + 1, offset: 0 }, end: { line: row, column: column + 1, offset: 0 } },
  };
}

/**
 * Reads one row: a submission (its answers coded into `codes`, a direct indicator's points into `values`, and,
 * when `objects` is given, each answer as an object there), a rejection with the cell and the reason, or a
 * blank row to skip. `codes`, `values` and `objects` are cleared first.
 *
 * ```
 * cells ──shape────▶ cut off? blank? cells past the header?       → export-truncated, skipped, row-extra-cells
 *       ──who────────▶ subject id, role                             → row-missing-subject, row-unknown-role
 *       ──answers────▶ each answer cell read on its scale (once per distinct text and column); checklists spread
 *                      over columns; evidence                       → row-invalid-answer (the row, or the cell)
 *       ──the rest───▶ respondent, wave, timestamp, name, attributes
 * ```
 */
export function readRow(
  context: RowContext,
  cells: RowCells,
  codes: Uint8Array,
  values: Float64Array,
  objects?: Record<string, AnswerInput>,
): RowResult {
  const shape = shapeOf(context, cells);
  if (shape) return shape;
  const who = whoOf(context, cells);
  if ('kind' in who) return who;
  const { plan } = context;
  codes.fill(CODE.missing);
  let invalid = readAnswers(context, cells, codes, values, objects);
  if (plan.options.length > 0) {
    const marks = readChecklists(context, cells, codes, values, objects);
    if (marks.length > 0) invalid = [...invalid, ...marks];
  }
  if (plan.evidence.length > 0) readEvidence(context, cells, codes, objects);
  if (invalid.length > 0 && context.policies.invalid === 'reject-row') {
    const first = invalid[0] as InvalidCell;
    const diagnostics = invalid.map((c) => c.diagnostic);
    return reject(context, cells.row, 'row-invalid-answer', first.reason, diagnostics, first.column, first.value);
  }
  const attributes = attributesOf(context, cells);
  const time = timeOf(context, cells);
  // most rows have nothing to warn of: no array is made for them
  const warnings =
    invalid.length + who.warnings.length + attributes.warnings.length === 0 && time.warning === undefined
      ? NO_DIAGNOSTICS
      : [...invalid.map((c) => c.diagnostic), ...who.warnings, ...attributes.warnings, ...(time.warning ? [time.warning] : [])];
  // every field present, even when undefined: one shape of object for every row
  return {
    kind: 'submission',
    row: cells.row,
    subject: who.subject,
    wave: trimmed(cells, plan.wave) || context.defaultWave,
    respondent: canonicalId(trimmed(cells, plan.respondent)) || `row-${cells.row}`,
    role: who.role,
    time: time.time,
    latest: time.latest,
    timeNote: time.note,
    name: trimmed(cells, plan.subjectName) || undefined,
    attributes: attributes.values,
    warnings,
  };
}

const NO_TIME = Object.freeze({ time: Number.NaN, latest: Number.NaN, note: undefined, warning: undefined });

/**
 * A row's time: one, two (a date that reads both ways), or none (NaN). An ambiguous or unreadable cell is
 * reported there, and never guessed: the duplicates policy decides only on times it knows.
 */
function timeOf(
  context: RowContext,
  cells: RowCells,
): { time: number; latest: number; note: string | undefined; warning: Diagnostic | undefined } {
  const column = context.plan.timestamp;
  const text = trimmed(cells, column);
  if (text === '') return NO_TIME;
  const reading = readTimestamp(text, context.timestamps);
  if (reading.kind === 'time') return { time: reading.time, latest: reading.time, note: undefined, warning: undefined };
  const cell = cellAddress(cells.row, column as number);
  const ambiguous = reading.kind === 'ambiguous';
  const problem = context.timeProblems[ambiguous ? 'ambiguous' : 'unreadable'];
  if (problem.count++ === 0) problem.first = timeWarning(context, cells.row, column as number, text, reading.why, ambiguous);
  const warning = problem.count === 1 ? problem.first?.diagnostic : undefined;
  const note = `${cell} holds '${text}': ${reading.why}`;
  return ambiguous
    ? {
        time: Math.min(reading.dayFirst, reading.monthFirst),
        latest: Math.max(reading.dayFirst, reading.monthFirst),
        note,
        warning,
      }
    : { time: Number.NaN, latest: Number.NaN, note, warning };
}

export interface TimeProblem {
  count: number;
  first?: { diagnostic: Diagnostic; remake(others: number): Diagnostic };
}

function timeWarning(context: RowContext, row: number, column: number, value: string, why: string, ambiguous: boolean) {
  const params = { cell: cellAddress(row, column), header: context.header[column] ?? '', value, why, ambiguous };
  const place = cellPlace(context, row, column);
  return {
    diagnostic: createDiagnostic('row-unreadable-timestamp', params, place),
    remake: (others: number) => createDiagnostic('row-unreadable-timestamp', { ...params, others }, place),
  };
}

/**
 * The first warning of each kind of timestamp problem, told how many other cells have it: called once the
 * export is read, on its diagnostics.
 */
export function countTimeProblems(context: RowContext, diagnostics: Diagnostic[]): void {
  for (const { count, first } of Object.values(context.timeProblems)) {
    if (!first || count < 2) continue;
    const i = diagnostics.indexOf(first.diagnostic);
    if (i >= 0) diagnostics[i] = first.remake(count - 1);
  }
}

/** A row cut off, blank (skipped), or with cells past the header's last column; undefined for a row to read. */
function shapeOf(context: RowContext, cells: RowCells): RowResult | undefined {
  const { width } = context;
  const { row } = cells;
  if (cells.oversize) return oversized(context, cells.row, cells.oversize);
  if (cells.truncated) return truncated(context, cells);
  if (cells.badBytes) return badBytes(context, cells, cells.badBytes);
  let blank = true;
  for (let i = 0; i < cells.count && blank; i++) blank = cells.blank(i);
  if (blank) return SKIPPED;
  for (let i = width; i < cells.count; i++) {
    if (cells.blank(i)) continue;
    const value = cells.text(i).trim();
    const diagnostic = createDiagnostic(
      'row-extra-cells',
      { cell: cellAddress(row, i), value, columns: width },
      cellPlace(context, row, i),
    );
    return reject(context, row, 'row-extra-cells', `more cells than the header's ${width} columns`, [diagnostic], i, value);
  }
  return undefined;
}

interface Who {
  subject: string;
  role: string | undefined;
  /** A written form of the subject id merged into an earlier one, reported at its first cell. */
  warnings: readonly Diagnostic[];
}

/** Whose row it is: its subject id and role, or the rejection of a row without a subject or with an unknown role. */
function whoOf(context: RowContext, cells: RowCells): Who | RowRejection {
  const { plan } = context;
  const { row } = cells;
  const written = trimmed(cells, plan.subject);
  // a formula's error where the subject id should be names no subject
  const { id: subject, merged } = context.subjectIds.resolve(written, row);
  if (subject === '' || isSpreadsheetError(subject)) {
    const diagnostic = createDiagnostic(
      'row-missing-subject',
      { cell: cellAddress(row, plan.subject), header: context.header[plan.subject] ?? '', value: subject },
      cellPlace(context, row, plan.subject),
    );
    const reason = subject ? `the subject cell holds the spreadsheet error '${subject}'` : 'no subject id';
    return reject(context, row, 'row-missing-subject', reason, [diagnostic], plan.subject, subject);
  }
  const warnings = merged
    ? [
        createDiagnostic(
          'export-subject-ids-merged',
          { cell: cellAddress(row, plan.subject), value: written, subject, first: merged.first, by: merged.by },
          cellPlace(context, row, plan.subject),
        ),
      ]
    : NO_DIAGNOSTICS;
  const roleText = trimmed(cells, plan.role);
  if (roleText === '') return { subject, role: undefined, warnings };
  const role = context.roleLabels.get(normalizeLabel(roleText));
  if (role !== undefined) return { subject, role, warnings };
  const column = plan.role as number;
  const diagnostic = createDiagnostic(
    'row-unknown-role',
    { cell: cellAddress(row, column), value: roleText, roles: context.tables.policy.roles },
    cellPlace(context, row, column),
  );
  return reject(context, row, 'row-unknown-role', `unknown role '${roleText}'`, [diagnostic], column, roleText);
}

/**
 * The row's attributes in the plan's order (readAttribute: declared values as declared, numbers where the cell
 * is one, undefined where it is blank), and a warning at the first cell of each value that is not what it
 * should be.
 */
function attributesOf(
  context: RowContext,
  cells: RowCells,
): { values: readonly (AttributeValue | undefined)[]; warnings: readonly Diagnostic[] } {
  if (context.attributes.length === 0) return NO_ATTRIBUTES;
  let warnings = NO_DIAGNOSTICS as Diagnostic[];
  const values = context.attributes.map(({ id, column, shape, readings }) => {
    const text = cells.text(column);
    const known = readings.get(text);
    if (known) return known.value;
    const reading = readAttribute(text, shape, context.numbers);
    // remembered even past the cache's size when it has a problem, so that each is reported once
    if (readings.size < CELL_CACHE_SIZE || reading.problem) readings.set(text, reading);
    if (reading.problem) {
      if (warnings === NO_DIAGNOSTICS) warnings = [];
      const params = { cell: cellAddress(cells.row, column), attribute: id, value: text.trim(), ...reading.problem };
      warnings.push(
        createDiagnostic(
          'row-invalid-attribute',
          { ...params, ...(shape.values ? { known: shape.values } : {}) },
          cellPlace(context, cells.row, column),
        ),
      );
    }
    return reading.value;
  });
  return { values, warnings };
}

/** Cell i as trimmed text ('' for a column the export does not have). */
const trimmed = (cells: RowCells, i: number | undefined) => (i === undefined ? '' : cells.text(i).trim());
const NO_ATTRIBUTES = Object.freeze({ values: Object.freeze([]), warnings: NO_DIAGNOSTICS });

function reject(
  context: RowContext,
  row: number,
  code: DiagnosticCode,
  reason: string,
  diagnostics: readonly Diagnostic[],
  column?: number,
  value?: string,
): RowRejection {
  const rejection: Rejection = {
    row,
    ...(column === undefined ? {} : { cell: cellAddress(row, column), column: context.header[column] ?? '' }),
    ...(value === undefined ? {} : { value }),
    reason,
    code,
  };
  return { kind: 'rejected', rejection, diagnostics };
}

/** A row the file ends in: a quoted cell that runs to the end of the file holds the lines after it, a quote never closed. */
function truncated(context: RowContext, cells: RowCells): RowRejection {
  const column = Math.max(0, cells.count - 1);
  const lines = cells
    .text(column)
    .split(/\r\n|\r|\n/)
    .slice(1)
    .filter((line) => line !== '').length;
  const cell = cellAddress(cells.row, column);
  const diagnostic = createDiagnostic(
    'export-truncated',
    { row: cells.row, ...(lines ? { cell, lines } : {}) },
    cellPlace(context, cells.row, column),
  );
  const reason = lines
    ? `a quote opened in ${cell} is never closed: the ${lines} line(s) after it were read into that cell`
    : 'the file ends in the middle of this row: it looks cut off';
  return reject(context, cells.row, 'export-truncated', reason, [diagnostic]);
}

/** A row past the row size limit: its bytes were not kept, so it is rejected at the cell the limit names. */
function oversized(context: RowContext, row: number, oversize: RowOversize): RowRejection {
  const diagnostic = oversizeDiagnostic(context, row, oversize);
  const reason = oversize.unclosed
    ? `a quote opened in ${cellAddress(row, oversize.cell)} is never closed, and the rest of the file is past the row size limit`
    : `${oversize.bytes} bytes long, past the row size limit of ${oversize.limit}`;
  return reject(context, row, 'export-row-too-large', reason, [diagnostic], oversize.cell);
}

/** The diagnostic of a row, or a header row, past the row size limit (see RowCells.oversize). */
export function oversizeDiagnostic(context: Pick<RowContext, 'file' | 'header'>, row: number, o: RowOversize): Diagnostic {
  const params = { row, cell: cellAddress(row, o.cell), bytes: o.bytes, limit: o.limit, unclosed: o.unclosed };
  return createDiagnostic(
    'export-row-too-large',
    { ...params, option: 'maxRowBytes (--max-row-bytes)' },
    cellPlace(context, row, o.cell),
  );
}

/** A row with a cell whose bytes are not text in the file's encoding: what it reads as is not what was written. */
function badBytes(context: RowContext, cells: RowCells, bad: BadCell): RowRejection {
  const diagnostic = badBytesDiagnostic(context, cells.row, bad);
  const reason = bad.nul ? 'a NUL (zero) byte in the cell' : `bytes in the cell that are not valid ${bad.encoding}`;
  return reject(context, cells.row, diagnostic.code, reason, [diagnostic], bad.cell, cells.text(bad.cell));
}

/** The diagnostic of a cell with bad bytes (see RowCells.badBytes), of a row or of a header row. */
export function badBytesDiagnostic(
  context: Pick<RowContext, 'file' | 'header'>,
  row: number,
  bad: BadCell,
  header = false,
): Diagnostic {
  const code = bad.nul ? 'export-nul-byte' : 'export-invalid-bytes';
  const params = { encoding: bad.encoding, cell: cellAddress(row, bad.cell), ...(header ? { header } : {}) };
  return createDiagnostic(code, params, cellPlace(context, row, bad.cell));
}

interface InvalidCell {
  column: number;
  value: string;
  reason: string;
  diagnostic: Diagnostic;
}
const NO_INVALID: readonly InvalidCell[] = Object.freeze([]);

/**
 * Reads every answer cell of a row into codes. A one-character cell already seen in its column is coded by one
 * array read, without its text; any other cell is read on its scale once per distinct text. Every invalid cell
 * is reported, each time it occurs.
 */
function readAnswers(
  context: RowContext,
  cells: RowCells,
  codes: Uint8Array,
  values: Float64Array,
  objects?: Record<string, AnswerInput>,
): readonly InvalidCell[] {
  const { answerColumn, answerIndicator, oneChar, chars } = context;
  let invalid = NO_INVALID as InvalidCell[];
  if (objects === undefined) cells.chars(answerColumn, chars);
  for (let a = 0; a < answerColumn.length; a++) {
    const column = answerColumn[a] as number;
    const k = answerIndicator[a] as number;
    if (objects === undefined) {
      const c = chars[a] as number;
      if (c >= 0) {
        const known = oneChar[a * ONE_CHAR + c] as number;
        if (known >= 0) {
          codes[k] = known;
          continue;
        }
      }
    }
    const text = cells.text(column);
    const entry = cellEntry(context, a, text);
    const { reading } = entry;
    if ('invalid' in reading) {
      if (invalid === NO_INVALID) invalid = [];
      invalid.push(invalidCell(context, cells.row, column, text, reading.invalid, reading.hint));
      continue;
    }
    codes[k] = entry.code;
    if (context.tables.indicators.direct[k] === 1) values[context.tables.indicators.directColumn[k] as number] = entry.points;
    if (objects) {
      const id = context.tables.indicators.ids[k] as string;
      if ('value' in reading) objects[id] = reading;
      else if ('na' in reading) objects[id] = NOT_APPLICABLE;
    }
  }
  return invalid;
}
const NOT_APPLICABLE: AnswerInput = Object.freeze({ na: true });

function invalidCell(
  context: RowContext,
  row: number,
  column: number,
  value: string,
  reason: string,
  hint?: string,
): InvalidCell {
  const rejected = context.policies.invalid === 'reject-row';
  const where = { cell: cellAddress(row, column), header: context.header[column] ?? '' };
  const diagnostic = createDiagnostic(
    'row-invalid-answer',
    { ...where, value, reason, rejected, ...(hint === undefined ? {} : { hint }) },
    { ...cellPlace(context, row, column), ...(rejected ? {} : { severity: 'warning' as const }) },
  );
  return { column, value, reason, diagnostic };
}

/** What answer column `a`'s cell `text` says, read once per distinct text (and per character, for one-character cells). */
function cellEntry(context: RowContext, a: number, text: string): CellEntry {
  const cache = context.cells[a] as Map<string, CellEntry>;
  const known = cache.get(text);
  if (known) return known;
  const { plan, tables } = context;
  const { indicator } = plan.answers[a] as ColumnPlan['answers'][number];
  const scale = tables.compiled.rubric.scales[indicator.scale] as Scale;
  // readings are shared by every row with the same cell text: frozen, so an answer is never changed
  const reading = Object.freeze(
    readCell(
      text,
      scale,
      context.labels.get(scale.name) ?? new Map(),
      context.notApplicable,
      plan.preset.separator,
      context.numbers,
    ),
  ) as CellReading;
  if ('value' in reading && Array.isArray(reading.value)) Object.freeze(reading.value);
  const k = context.answerIndicator[a] as number;
  const entry = codeReading(tables, k, scale, reading);
  if (cache.size < CELL_CACHE_SIZE) cache.set(text, entry);
  const c = text.length === 1 ? text.charCodeAt(0) : text.length === 0 ? 0 : -1;
  if (c >= 0 && c < ONE_CHAR && !('invalid' in reading) && tables.indicators.direct[k] === 0)
    context.oneChar[a * ONE_CHAR + c] = entry.code;
  return entry;
}

/** The code a reading scores as on indicator k (and a direct indicator's points). */
function codeReading(tables: ScoringTables, k: number, scale: Scale, reading: CellReading): CellEntry {
  if ('na' in reading) return { reading, code: CODE.notApplicable, points: Number.NaN };
  if (!('value' in reading)) return { reading, code: CODE.missing, points: Number.NaN };
  const read = answerPoints(scale, reading.value);
  // readCell took invalid values out already: this has points
  const points = 'points' in read ? read.points : Number.NaN;
  const code = tables.indicators.direct[k] === 1 ? CODE.value : codeOfPoints(tables, k, points);
  return { reading, code, points };
}

/**
 * Checklist options spread over columns (LimeSurvey's Q1[opt], Kobo's q/opt): a declared tick mark or the
 * option's own label ticks it; blank or a declared unticked mark leaves it; any other mark is an invalid answer.
 */
function readChecklists(
  context: RowContext,
  cells: RowCells,
  codes: Uint8Array,
  values: Float64Array,
  objects?: Record<string, AnswerInput>,
): readonly InvalidCell[] {
  const { plan, tables } = context;
  const checked = new Map<string, string[]>();
  const given = new Set<string>();
  // one unreadable mark leaves the whole answer unknown: the other options alone would undercount it
  const unreadable = new Set<string>();
  let invalid = NO_INVALID as InvalidCell[];
  for (const { column, indicator, option } of plan.options) {
    const text = cells.text(column);
    const value = normalizeLabel(text);
    if (!checked.has(indicator.id)) checked.set(indicator.id, []);
    if (value === '') continue;
    const ticked = context.ticks.get(value) ?? (context.labels.get(indicator.scale)?.get(value) === option || undefined);
    if (ticked === undefined) {
      if (invalid === NO_INVALID) invalid = [];
      const hint =
        "Use a tick mark such as 'Y', '1', 'x', 'V' or '✓' (or leave it blank), or declare it under checkMarks: in the mapping.";
      invalid.push(invalidCell(context, cells.row, column, text.trim(), `not a tick mark for the option '${option}'`, hint));
      unreadable.add(indicator.id);
      continue;
    }
    given.add(indicator.id);
    if (ticked) checked.get(indicator.id)?.push(option);
  }
  for (const [id, options] of checked) {
    if (!given.has(id) || unreadable.has(id)) continue;
    const k = tables.indicators.ids.indexOf(id);
    const scale = tables.indicators.scale[k] as Scale;
    const entry = codeReading(tables, k, scale, { value: options });
    codes[k] = entry.code;
    if (tables.indicators.direct[k] === 1) values[tables.indicators.directColumn[k] as number] = entry.points;
    if (objects) objects[id] = { value: options };
  }
  return invalid;
}

/** Evidence supports an answer: beside an answer (or an N/A) it marks its code; beside none it has nothing to support. */
function readEvidence(context: RowContext, cells: RowCells, codes: Uint8Array, objects?: Record<string, AnswerInput>): void {
  const { tables } = context;
  for (const { column, indicator } of context.plan.evidence) {
    if (cells.blank(column)) continue;
    const references = cells
      .text(column)
      .split(/[\r\n;]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    if (references.length === 0) continue;
    const k = tables.indicators.ids.indexOf(indicator.id);
    const v = codes[k] as number;
    if (v !== CODE.missing) codes[k] = v | CODE.evidence;
    const answer = ownValue(objects, indicator.id);
    if (objects && answer) objects[indicator.id] = { ...answer, evidence: references };
  }
}
