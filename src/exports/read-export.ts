import type { AnswerInput, AnswerValue, Assessment, Respondent } from '../assessment/model.js';
import { grown } from '../batch/grow.js';
import { type BatchProfiles, CODE, createBatchScorer, type SubjectScores } from '../batch/scorer.js';
import { TextPool } from '../batch/text-pool.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorNode } from '../rubric/model.js';
import type { LocalizedText } from '../text/localized.js';
import { type CellReading, normalizeLabel, readCell, scaleLabels } from './labels.js';
import { type ColumnPlan, planColumns } from './layout.js';
import type { Mapping } from './mapping.js';
import { cellAddress, isBlankRow, isSpreadsheetError, type Table, type TableRow } from './table.js';

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

/** What became of every row of an export: the totals add up to `rows`. */
export interface RowAccount {
  rows: number;
  scored: number;
  rejected: number;
  skipped: number;
  rejections: Rejection[];
}

/** The assessments read from an export, the account of its rows, and every problem found. */
export interface ExportReading {
  assessments: Assessment[];
  account: RowAccount;
  diagnostics: Diagnostic[];
  /** False when the export could not be read at all (see diagnostics). */
  ok: boolean;
}

/** Options that override the mapping's policies (the CLI's flags). */
export interface ReadExportOptions {
  file?: string;
  /** Rows read at most; the rest are rejected with 'export-too-many-rows' (default 10,000,000). */
  maxRows?: number;
  duplicates?: Mapping['policies']['duplicates'];
  invalid?: Mapping['policies']['invalid'];
}

/**
 * Where a row's answers go. `readAnswers` reads the answer columns (each through `RowReader.answerCell`); checklist
 * option columns and evidence come one indicator at a time.
 */
interface AnswerSink {
  readAnswers(cells: readonly string[], row: number): void;
  checklist(indicator: IndicatorNode, options: string[]): void;
  evidence(indicator: IndicatorNode, references: string[]): void;
}
const NO_ANSWERS: Record<string, AnswerInput> = Object.freeze({}) as Record<string, AnswerInput>;
const NOT_APPLICABLE: AnswerInput = Object.freeze({ na: true });

/** The default row limit of an export: far above any survey, low enough to stop a runaway file. */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** Distinct cell texts remembered per column (free-text numbers can be many). */
const CELL_CACHE_SIZE = 4096;
/** One-character cells are coded by character below this (ASCII: digits, letters, marks). */
const ONE_CHAR = 128;
const CHECKED = new Set(['y', 'yes', '1', 'true', 'x', '✓', 'כן', 'نعم']);
/** A cell reading made read-only, so the rows that share it cannot change each other's answers. */
const deepFreeze = (reading: CellReading): CellReading => {
  if ('value' in reading && Array.isArray(reading.value)) Object.freeze(reading.value);
  return Object.freeze(reading);
};
const texts = (t: LocalizedText | undefined) => (t === undefined ? [] : typeof t === 'string' ? [t] : Object.values(t));

interface Submission {
  row: number;
  subject: string;
  wave?: string;
  respondent: Respondent;
  time: number;
  name?: string;
  attributes: Record<string, string | number>;
}

/**
 * Reads a survey export into assessments, one per subject and wave, with an account of every row: scored
 * (part of an assessment), rejected (with the cell, value and reason) or skipped (blank).
 */
export function readExport(
  table: Table,
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions = {},
): ExportReading {
  const reader = createExportReader(table.headerRows, compiled, mapping, options);
  for (const row of table.rows) reader.push(row);
  return reader.finish();
}

/** Reads an export row by row, for streams: push each row as it is parsed, then finish. */
export interface ExportReader {
  push(row: TableRow): void;
  finish(): ExportReading;
}

/**
 * Creates a row-by-row reader of an export whose header rows are known. Rows are read as they arrive; only
 * the answers of rows that may be kept are held until `finish` resolves duplicates and groups subjects.
 */
export function createExportReader(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions = {},
): ExportReader {
  const rows = createRowReader(headerRows, compiled, mapping, options);
  const { account, diagnostics } = rows;
  if (!rows.plan) return failedReader(account, diagnostics);
  const { plan, policies, place, reject, readRow } = rows;
  const submissions: Submission[] = [];

  return {
    push(tableRow) {
      account.rows++;
      const submission = readRow(tableRow);
      if (submission) submissions.push(submission);
    },
    finish() {
      const kept = resolveDuplicates(submissions, policies.duplicates, (group, keep) => {
        const first = group[0] as Submission;
        diagnostics.push(
          createDiagnostic(
            'row-duplicate',
            { respondent: first.respondent.id, subject: first.subject, kept: keep?.row ?? 0, policy: policies.duplicates },
            place(first.row, plan.respondent ?? plan.subject),
          ),
        );
        for (const s of group) {
          if (s !== keep)
            reject(
              s.row,
              'row-duplicate',
              keep ? `duplicate submission; row ${keep.row} is kept` : 'duplicate submission',
              plan.respondent,
              s.respondent.id,
            );
        }
      });

      const groups = new Map<string, Submission[]>();
      for (const s of kept) {
        const key = `${s.subject}\u0000${s.wave ?? ''}`;
        const list = groups.get(key);
        if (list) list.push(s);
        else groups.set(key, [s]);
      }
      const assessments: Assessment[] = [];
      for (const key of [...groups.keys()].sort()) {
        const group = groups.get(key) as Submission[];
        const first = group[0] as Submission;
        const attributes: Record<string, string | number> = {};
        for (const s of group) for (const [k, v] of Object.entries(s.attributes)) if (!(k in attributes)) attributes[k] = v;
        const name = group.find((s) => s.name)?.name;
        assessments.push({
          subject: { id: first.subject, ...(name ? { name } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) },
          ...(first.wave === undefined ? {} : { wave: first.wave }),
          respondents: group.map((s) => s.respondent),
        });
        account.scored += group.length;
      }
      account.rejections.sort((a, b) => a.row - b.row);
      return { assessments, account, diagnostics: sortDiagnostics(diagnostics), ok: true };
    },
  };
}

/** A row of an export that cannot be read with its mapping: rejected, with the reason the diagnostics give. */
function rejectUnreadable(account: RowAccount, diagnostics: readonly Diagnostic[], row: number) {
  account.rows++;
  account.rejected++;
  const cause = diagnostics.find((d) => d.severity === 'error');
  account.rejections.push({
    row,
    reason: 'the export cannot be read with this mapping (see the diagnostics before the rows)',
    code: (cause?.code as DiagnosticCode | undefined) ?? 'export-empty',
  });
}

/** Without a column plan no row can be read: each counts as rejected, and the diagnostics say why. */
function failedReader(account: RowAccount, diagnostics: Diagnostic[]): ExportReader {
  return {
    push: ({ row }) => rejectUnreadable(account, diagnostics, row),
    finish: () => ({ assessments: [], account, diagnostics: sortDiagnostics(diagnostics), ok: false }),
  };
}

/**
 * The reading of single rows that every reader shares: the column plan, labels and roles, and for each row the
 * subject, role, answers, attributes and wave, or its rejection. Cells are read once per distinct text per column.
 */
function createRowReader(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions,
) {
  const headerRow = headerRows[0] ?? [];
  const file = options.file;
  const policies = {
    duplicates: options.duplicates ?? mapping.policies.duplicates,
    invalid: options.invalid ?? mapping.policies.invalid,
  };
  const account: RowAccount = { rows: 0, scored: 0, rejected: 0, skipped: 0, rejections: [] };
  const { plan, diagnostics } = planColumns(headerRows, compiled, mapping, file);
  if (!plan) return { account, diagnostics, policies };
  const header = (i: number) => headerRow[i] ?? '';
  // cells past the header's last column belong to no question: a line break or delimiter in an unquoted cell
  // split or merged rows, and the row cannot be read as written
  const width = Math.max(0, ...headerRows.map((r) => r.length));
  const place = (row: number, column: number) => ({
    path: ['rows', row, header(column)],
    ...(file === undefined ? {} : { file }),
    range: { start: { line: row, column: column + 1, offset: 0 }, end: { line: row, column: column + 1, offset: 0 } },
  });
  const reject = (row: number, code: DiagnosticCode, reason: string, column?: number, value?: string) => {
    account.rejected++;
    account.rejections.push({
      row,
      ...(column === undefined ? {} : { cell: cellAddress(row, column), column: header(column) }),
      ...(value === undefined ? {} : { value }),
      reason,
      code,
    });
  };

  const notApplicable = new Set(mapping.notApplicable.map(normalizeLabel));
  const extra = mapping.labels as Record<string, AnswerValue>;
  const labelCache = new Map<string, Map<string, AnswerValue>>();
  const labelsFor = (scaleName: string) => {
    let labels = labelCache.get(scaleName);
    if (!labels) {
      labels = scaleLabels(compiled.rubric.scales[scaleName] as never, extra);
      labelCache.set(scaleName, labels);
    }
    return labels;
  };
  const roleIds = compiled.rubric.roles.map((r) => r.id);
  const roleLabels = new Map<string, string>();
  // a label the mapping sends to a role the rubric does not declare stays unknown: its rows are rejected as
  // row-unknown-role, whose hint names the rubric's roles, instead of scored under a role nothing reads
  for (const [label, id] of Object.entries(mapping.roles)) if (roleIds.includes(id)) roleLabels.set(normalizeLabel(label), id);
  for (const role of compiled.rubric.roles) {
    for (const label of [role.id, ...texts(role.title)])
      if (!roleLabels.has(normalizeLabel(label))) roleLabels.set(normalizeLabel(label), role.id);
  }

  const cellCache = plan.answers.map(() => new Map<string, CellReading>());

  /** Collects a row's answers as objects (the default), or as anything else a reader needs (the batch's codes). */
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;

  function objectSink(): AnswerSink & { answers: Record<string, AnswerInput> } {
    const answers: Record<string, AnswerInput> = {};
    return {
      answers,
      readAnswers(cells, row) {
        for (let a = 0; a < answerColumns.length; a++) {
          const { column, indicator } = answerColumns[a] as ColumnPlan['answers'][number];
          const reading = answerCell(a, cells[column] ?? '', row);
          // readings are shared by every row with the same cell text: frozen, so an answer is never changed
          if ('value' in reading) answers[indicator.id] = reading;
          else if ('na' in reading) answers[indicator.id] = NOT_APPLICABLE;
        }
      },
      checklist: (indicator, options) => {
        answers[indicator.id] = { value: options };
      },
      evidence: (indicator, references) => {
        const answer = answers[indicator.id];
        if (answer) answers[indicator.id] = { ...answer, evidence: references };
      },
    };
  }

  /**
   * What the answer cell in answer column `a` says. Each distinct text of a column is read once; an invalid
   * cell is reported every time, and the row's first is remembered for the `invalid` policy.
   */
  function answerCell(a: number, raw: string, row: number): CellReading {
    const cache = cellCache[a] as Map<string, CellReading>;
    let reading = cache.get(raw);
    if (reading === undefined) {
      const { indicator } = answerColumns[a] as ColumnPlan['answers'][number];
      reading = deepFreeze(
        readCell(
          raw,
          compiled.rubric.scales[indicator.scale] as never,
          labelsFor(indicator.scale),
          notApplicable,
          plan!.preset.separator,
        ),
      );
      if (cache.size < CELL_CACHE_SIZE) cache.set(raw, reading);
    }
    if ('invalid' in reading) {
      const { column } = answerColumns[a] as ColumnPlan['answers'][number];
      const rejected = policies.invalid === 'reject-row';
      diagnostics.push(
        createDiagnostic(
          'row-invalid-answer',
          { cell: cellAddress(row, column), header: header(column), value: raw, reason: reading.invalid, rejected },
          { ...place(row, column), ...(rejected ? {} : { severity: 'warning' as const }) },
        ),
      );
      rowInvalid ??= { column, value: raw, reason: reading.invalid };
    }
    return reading;
  }
  const answerColumns = plan.answers;
  let rowInvalid: { column: number; value: string; reason: string } | undefined;

  function readRow({ row, cells, truncated }: TableRow, given?: AnswerSink): Submission | undefined {
    if (account.rows > maxRows) {
      if (account.rows === maxRows + 1)
        diagnostics.push(
          createDiagnostic('export-too-many-rows', { limit: maxRows, option: 'maxRows (--max-rows)' }, place(row, 0)),
        );
      account.rejected++;
      account.rejections.push({ row, reason: `beyond the row limit of ${maxRows}`, code: 'export-too-many-rows' });
      return undefined;
    }
    if (truncated) {
      // a quoted cell that runs to the end of the file holds the lines after it: a quote never closed
      const column = Math.max(0, cells.length - 1);
      const lines = (cells[column] ?? '')
        .split(/\r\n|\r|\n/)
        .slice(1)
        .filter((line) => line !== '').length;
      const cell = cellAddress(row, column);
      diagnostics.push(createDiagnostic('export-truncated', { row, ...(lines ? { cell, lines } : {}) }, place(row, column)));
      const reason = lines
        ? `a quote opened in ${cell} is never closed: the ${lines} line(s) after it were read into that cell`
        : 'the file ends in the middle of this row: it looks cut off';
      reject(row, 'export-truncated', reason);
      return undefined;
    }
    if (isBlankRow(cells)) {
      account.skipped++;
      return undefined;
    }
    for (let i = width; i < cells.length; i++) {
      const value = (cells[i] as string).trim();
      if (value === '') continue;
      diagnostics.push(createDiagnostic('row-extra-cells', { cell: cellAddress(row, i), value, columns: width }, place(row, i)));
      reject(row, 'row-extra-cells', `more cells than the header's ${width} columns`, i, value);
      return undefined;
    }
    const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    const subject = cell(plan!.subject);
    // a formula's error where the subject id should be names no subject
    if (subject === '' || isSpreadsheetError(subject)) {
      diagnostics.push(
        createDiagnostic(
          'row-missing-subject',
          { cell: cellAddress(row, plan!.subject), header: header(plan!.subject), value: subject },
          place(row, plan!.subject),
        ),
      );
      const reason = subject ? `the subject cell holds the spreadsheet error '${subject}'` : 'no subject id';
      reject(row, 'row-missing-subject', reason, plan!.subject, subject);
      return undefined;
    }
    let role: string | undefined;
    if (plan!.role !== undefined && cell(plan!.role) !== '') {
      role = roleLabels.get(normalizeLabel(cell(plan!.role)));
      if (role === undefined) {
        const value = cell(plan!.role);
        diagnostics.push(
          createDiagnostic(
            'row-unknown-role',
            { cell: cellAddress(row, plan!.role), value, roles: roleIds },
            place(row, plan!.role),
          ),
        );
        reject(row, 'row-unknown-role', `unknown role '${value}'`, plan!.role, value);
        return undefined;
      }
    }
    const sink = given ?? objectSink();
    const answers = 'answers' in sink ? (sink.answers as Record<string, AnswerInput>) : NO_ANSWERS;
    rowInvalid = undefined;
    sink.readAnswers(cells, row);
    const invalid = rowInvalid as { column: number; value: string; reason: string } | undefined;
    if (plan!.options.length > 0) {
      const checked = new Map<string, string[]>();
      for (const { column, indicator, option } of plan!.options) {
        const value = normalizeLabel(cells[column] ?? '');
        if (!checked.has(indicator.id)) checked.set(indicator.id, []);
        const labels = labelsFor(indicator.scale);
        if (CHECKED.has(value) || labels.get(value) === option) checked.get(indicator.id)!.push(option);
      }
      for (const [id, options] of checked) {
        const values = plan!.options.filter((o) => o.indicator.id === id).map((o) => (cells[o.column] ?? '').trim());
        if (values.some((v) => v !== '')) sink.checklist(compiled.byId.get(id) as IndicatorNode, options);
      }
    }
    for (const { column, indicator } of plan!.evidence) {
      const text = cells[column] ?? '';
      if (text.trim() === '') continue;
      const references = text
        .split(/[\r\n;]+/)
        .map((r) => r.trim())
        .filter(Boolean);
      // evidence supports an answer; beside no answer it has nothing to support (the sink knows)
      if (references.length) sink.evidence(indicator, references);
    }
    if (invalid && policies.invalid === 'reject-row') {
      reject(row, 'row-invalid-answer', invalid.reason, invalid.column, invalid.value);
      return undefined;
    }
    const attributes: Record<string, string | number> = {};
    for (const { id, column } of plan!.attributes) {
      const v = cell(column);
      if (v !== '') attributes[id] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    const wave = plan!.wave !== undefined && cell(plan!.wave) !== '' ? cell(plan!.wave) : mapping.wave;
    const respondentId = plan!.respondent !== undefined && cell(plan!.respondent) !== '' ? cell(plan!.respondent) : `row-${row}`;
    const time = plan!.timestamp === undefined ? Number.NaN : Date.parse(cell(plan!.timestamp));
    const name = cell(plan!.subjectName);
    return {
      row,
      subject,
      ...(wave === undefined ? {} : { wave }),
      respondent: { id: respondentId, ...(role === undefined ? {} : { role }), answers },
      time,
      ...(name ? { name } : {}),
      attributes,
    };
  }

  return { account, diagnostics, policies, plan, place, reject, readRow, answerCell, width };
}

/** Keeps one submission per subject, wave and respondent by the policy; reports each group of duplicates. */
function resolveDuplicates(
  submissions: readonly Submission[],
  policy: Mapping['policies']['duplicates'],
  report: (group: Submission[], keep: Submission | undefined) => void,
): Submission[] {
  const byKey = new Map<string, Submission[]>();
  for (const s of submissions) {
    const key = `${s.subject}\u0000${s.wave ?? ''}\u0000${s.respondent.id}`;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  const kept: Submission[] = [];
  for (const group of byKey.values()) {
    if (group.length === 1) {
      kept.push(group[0] as Submission);
      continue;
    }
    let keep: Submission | undefined;
    if (policy === 'first') keep = group[0];
    else if (policy === 'latest') {
      // latest by timestamp; rows without a readable timestamp count as later the further down they are
      keep = group.reduce((a, b) => (compareTime(b, a) >= 0 ? b : a));
    }
    report(group, keep);
    if (keep) kept.push(keep);
  }
  return kept.sort((a, b) => a.row - b.row);
}

function compareTime(a: Submission, b: Submission): number {
  if (!Number.isNaN(a.time) && !Number.isNaN(b.time) && a.time !== b.time) return a.time - b.time;
  return a.row - b.row;
}

/** What a batch reading gives: scores of every subject on flat arrays, who the subjects are, and the account. */
export interface BatchExportReading {
  profiles: BatchProfiles;
  /** Per subject (in the order of `profiles.subjects`): its id, wave, name and attributes. */
  subjects: { id: string; wave?: string; name?: string; attributes: Record<string, string | number> }[];
  account: RowAccount;
  diagnostics: Diagnostic[];
  ok: boolean;
}

export interface BatchExportReader {
  push(row: TableRow): void;
  /**
   * Pushes row `row` given as a line of delimited text with no quotes: `text` from `start` to `end`, its line
   * break excluded. The same as `push` with the line cut at `delimiter`, but its answer cells are coded where
   * they lie instead of each becoming a string (a million-row export has a hundred million cells). `bytes`, when
   * given, holds each character of `text` below 128 as a byte at the same index (ASCII text in UTF-8, or any
   * text in a single-byte encoding): the line is read from it, which is faster than reading the string.
   */
  pushLine(row: number, text: string, start: number, end: number, delimiter: string, bytes?: Uint8Array): void;
  /**
   * With `each`, each subject's scores are handed over as computed and none are kept: the reading's profiles and
   * subjects are then empty (see BatchScorer.finish).
   */
  finish(options?: BatchFinishOptions): BatchExportReading;
}

/** How a batch reading hands its subjects over: `begin` once before scoring, then `each` as each is scored. */
export interface BatchFinishOptions {
  /**
   * Before scoring: how many subjects `each` will be given, and those of them that have a name or attributes,
   * in order (the rest are known by id and wave alone), enough to lay out a table's columns.
   */
  begin?: (start: { subjects: number; described: readonly SubjectDetail[] }) => void;
  each?: (subject: SubjectDetail, scores: SubjectScores) => void;
}

/** Who a subject of a batch reading is. */
export interface SubjectDetail {
  id: string;
  wave?: string;
  name?: string;
  attributes: Record<string, string | number>;
}

/**
 * Reads an export straight into the batch scorer: the same rows, rules and account as `createExportReader`,
 * but each kept row is stored as one byte per indicator instead of answer objects, so a million rows fit in a
 * few hundred megabytes and score in seconds. Subjects come out in the same order as the assessments would.
 */
export function createBatchExportReader(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions = {},
): BatchExportReader {
  const rows = createRowReader(headerRows, compiled, mapping, options);
  const { account, diagnostics } = rows;
  const scorer = createBatchScorer(compiled);
  const indicatorIndex = new Map(scorer.indicators.map((id, k) => [id, k] as const));
  const kOf = (indicator: IndicatorNode) => indicatorIndex.get(indicator.id) as number;
  const codes = new Uint8Array(scorer.indicators.length);

  // answers straight to codes: each distinct cell text of a column is read and coded once; the code of a cell of
  // one character (most answers: a level's number, or nothing) is an array read, by column and character
  const answerColumns = rows.plan?.answers ?? [];
  const nAnswers = answerColumns.length;
  const columnOf = Int32Array.from(answerColumns, ({ column }) => column);
  const columnK = Int32Array.from(answerColumns, ({ indicator }) => kOf(indicator));
  const oneChar = new Int16Array(nAnswers * ONE_CHAR).fill(-1);
  const columnCodes = answerColumns.map(() => new Map<string, number>());
  const codeCell = (a: number, raw: string, row: number): number => {
    const reading = (rows.answerCell as NonNullable<typeof rows.answerCell>)(a, raw, row);
    // an invalid cell is reported by every row that has it, so it is never remembered
    if ('invalid' in reading) return CODE.missing;
    const code =
      'value' in reading
        ? scorer.codeValue(columnK[a] as number, reading.value)
        : 'na' in reading
          ? CODE.notApplicable
          : CODE.missing;
    const c = raw.length === 1 ? raw.charCodeAt(0) : 0;
    if (raw.length === 0 || (raw.length === 1 && c > 0 && c < ONE_CHAR)) oneChar[a * ONE_CHAR + c] = code;
    else if ((columnCodes[a] as Map<string, number>).size < CELL_CACHE_SIZE)
      (columnCodes[a] as Map<string, number>).set(raw, code);
    return code;
  };
  /** The code of answer column `a`'s cell `raw` when it is known, or -1. */
  const knownCode = (a: number, raw: string): number => {
    if (raw.length === 0) return oneChar[a * ONE_CHAR] as number;
    if (raw.length > 1) return (columnCodes[a] as Map<string, number>).get(raw) ?? -1;
    const c = raw.charCodeAt(0);
    return c > 0 && c < ONE_CHAR ? (oneChar[a * ONE_CHAR + c] as number) : -1;
  };
  const checklist = (indicator: IndicatorNode, options: string[]) => {
    codes[kOf(indicator)] = scorer.codeValue(kOf(indicator), options);
  };
  const evidence = (indicator: IndicatorNode) => {
    const k = kOf(indicator);
    const v = (codes[k] as number) & 0x7f;
    if (v !== CODE.missing && v !== CODE.invalid) codes[k] = (codes[k] as number) | CODE.evidence;
  };
  const sink: AnswerSink = {
    readAnswers(cells, row) {
      for (let a = 0; a < nAnswers; a++) {
        const raw = cells[columnOf[a] as number] ?? '';
        let code = knownCode(a, raw);
        if (code < 0) code = codeCell(a, raw, row);
        if (code !== CODE.missing) codes[columnK[a] as number] = code;
      }
    },
    checklist,
    evidence,
  };

  // a row given as a line of text (pushLine): where each cell starts, and the line's cells other than answers
  // as strings; answers are coded where they lie, their text cut only when it is not a known one-character cell
  // the header's width, as readRow takes it: a line with another number of cells goes the general way
  const width = rows.width ?? 0;
  const starts = new Int32Array(width + 1);
  const lineCells: string[] = Array.from({ length: width }, () => '');
  const answerOnly = new Uint8Array(width);
  for (const { column } of answerColumns) answerOnly[column] = 1;
  const plan = rows.plan;
  if (plan) {
    const { subject, subjectName, respondent, role, timestamp, wave } = plan;
    const read = [subject, subjectName, respondent, role, timestamp, wave];
    for (const { column } of [...plan.attributes, ...plan.options, ...plan.evidence]) read.push(column);
    for (const c of read) if (c !== undefined) answerOnly[c] = 0;
  }
  const otherColumns = Int32Array.from(lineCells.keys()).filter((c) => answerOnly[c] === 0);
  let lineText = '';
  let lineBytes: Uint8Array | undefined;
  const lineSink: AnswerSink = {
    readAnswers(_, row) {
      const text = lineText;
      const bytes = lineBytes;
      for (let a = 0; a < nAnswers; a++) {
        const column = columnOf[a] as number;
        const from = starts[column] as number;
        const length = (starts[column + 1] as number) - 1 - from;
        let code = -1;
        if (length === 0) code = oneChar[a * ONE_CHAR] as number;
        else if (length === 1) {
          const c = bytes ? (bytes[from] as number) : text.charCodeAt(from);
          if (c > 0 && c < ONE_CHAR) code = oneChar[a * ONE_CHAR + c] as number;
        }
        if (code < 0) {
          const raw = text.slice(from, from + length);
          code = knownCode(a, raw);
          if (code < 0) code = codeCell(a, raw, row);
        }
        if (code !== CODE.missing) codes[columnK[a] as number] = code;
      }
    },
    checklist,
    evidence,
  };

  // per kept row, by scorer handle: its spreadsheet row, time, subject details and respondent id (a pool of
  // code units, not a string each: a million rows have a million ids)
  let capacity = 1024;
  let rowOf = new Int32Array(capacity);
  let timeOf = new Float64Array(rows.plan?.timestamp === undefined ? 0 : capacity);
  let detailOf = new Int32Array(capacity);
  const respondents = new TextPool();
  // a subject with many rows looks its respondents up in a Map instead of walking its rows
  const respondentsOfSubject = new Map<number, Map<string, number>>();
  const MANY = 16;
  const grow = () => {
    capacity *= 2;
    rowOf = grown(rowOf);
    detailOf = grown(detailOf);
    if (timeOf.length) timeOf = grown(timeOf);
  };
  const details: SubjectDetail[] = [];
  const detailIndex = new Map<string, number>();
  // duplicate submissions: the handles of each respondent's rows, by the handle of its first
  const duplicates = new Map<number, number[]>();
  // the previous kept row's subject and details: rows of a subject usually come together
  let last: Submission | undefined;
  let lastSubject = -1;
  let lastDetail = -1;

  /** The first earlier row of subject `s` by respondent `id`, or -1; `handle` is the row being added. */
  function earlierRow(s: number, id: string, handle: number): number {
    const map = respondentsOfSubject.get(s);
    if (map) {
      const first = map.get(id);
      if (first === undefined) map.set(id, handle);
      return first ?? -1;
    }
    let count = 0;
    for (let h = scorer.firstRow(s); h >= 0 && h !== handle; h = scorer.nextRow(h)) {
      if (respondents.equals(h, id)) return h;
      count++;
    }
    if (count + 1 >= MANY) {
      const m = new Map<string, number>();
      for (let h = scorer.firstRow(s); h >= 0 && h !== handle; h = scorer.nextRow(h)) {
        const r = respondents.get(h);
        if (!m.has(r)) m.set(r, h);
      }
      m.set(id, handle);
      respondentsOfSubject.set(s, m);
    }
    return -1;
  }

  /** Reads a row through `answers` and adds it to the scorer, unless it is rejected or blank. */
  function add(tableRow: TableRow, answers: AnswerSink) {
    if (!rows.plan) {
      rejectUnreadable(account, diagnostics, tableRow.row);
      return;
    }
    account.rows++;
    codes.fill(0);
    const s = rows.readRow(tableRow, answers);
    if (!s) return;
    const sameSubject = last !== undefined && s.subject === last.subject && s.wave === last.wave;
    const key = sameSubject ? '' : `${s.subject}\u0000${s.wave ?? ''}`;
    const subject = sameSubject ? lastSubject : scorer.subject(key);
    // a row without a name or attributes is described by its subject key alone: no details held for it
    const plain = s.name === undefined && isEmpty(s.attributes) && !s.subject.includes('\u0000');
    // (plain rows keep -1 - their subject's index, which gives the key back)
    let d = plain ? -1 - subject : lastDetail;
    if (
      !plain &&
      (!sameSubject ||
        lastDetail < 0 ||
        s.name !== (last as Submission).name ||
        !sameAttributes(s.attributes, (last as Submission).attributes))
    ) {
      let detail = `${s.subject}\u0000${s.wave ?? ''}\u0000${s.name ?? ''}`;
      for (const k in s.attributes) detail += `\u0001${k}\u0002${s.attributes[k]}`;
      const known = detailIndex.get(detail);
      if (known === undefined) {
        d = details.length;
        detailIndex.set(detail, d);
        details.push({
          id: s.subject,
          ...(s.wave === undefined ? {} : { wave: s.wave }),
          ...(s.name ? { name: s.name } : {}),
          attributes: s.attributes,
        });
      } else d = known;
    }
    last = s;
    lastSubject = subject;
    lastDetail = d;

    const handle = scorer.add(subject, s.respondent.role, codes);
    if (handle === capacity) grow();
    rowOf[handle] = s.row;
    if (timeOf.length) timeOf[handle] = s.time;
    detailOf[handle] = d;
    const id = s.respondent.id;
    const first = earlierRow(subject, id, handle);
    respondents.add(id);
    if (first >= 0) {
      const group = duplicates.get(first);
      if (group) group.push(handle);
      else duplicates.set(first, [first, handle]);
    }
  }

  return {
    push: (tableRow) => add(tableRow, sink),
    pushLine(row, text, start, end, delimiter, bytes) {
      // where each cell starts; a line with more or fewer cells than the header, or a delimiter that is not one
      // ASCII character, or a row without a subject (blank, or to be reported), is cut and read the general way
      const split = () => add({ row, cells: text.slice(start, end).split(delimiter) }, sink);
      const d = delimiter.charCodeAt(0);
      if (delimiter.length !== 1 || d >= ONE_CHAR || !rows.plan) return split();
      let n = 0;
      starts[0] = start;
      if (bytes) {
        for (let i = start; i < end; i++) {
          if (bytes[i] !== d) continue;
          if (++n === width) return split();
          starts[n] = i + 1;
        }
      } else {
        for (let i = start; i < end; i++) {
          if (text.charCodeAt(i) !== d) continue;
          if (++n === width) return split();
          starts[n] = i + 1;
        }
      }
      if (n + 1 !== width) return split();
      starts[width] = end + 1;
      for (const c of otherColumns) lineCells[c] = text.slice(starts[c] as number, (starts[c + 1] as number) - 1);
      if ((lineCells[rows.plan.subject] as string).trim() === '') return split();
      lineText = text;
      lineBytes = bytes;
      add({ row, cells: lineCells }, lineSink);
    },
    finish(options = {}) {
      if (!rows.plan) {
        const empty = createBatchScorer(compiled).finish();
        return { profiles: empty, subjects: [], account, diagnostics: sortDiagnostics(diagnostics), ok: false };
      }
      const { plan, policies, place, reject } = rows;
      const handles = respondents.size;
      const dropped = new Uint8Array(handles);
      const subjectIdOf = (h: number): string => {
        const d = detailOf[h] as number;
        if (d >= 0) return (details[d] as SubjectDetail).id;
        const key = scorer.key(-1 - d);
        return key.slice(0, key.indexOf('\u0000'));
      };
      const rowAt = (h: number) => rowOf[h] as number;
      const later = (a: number, b: number) => {
        const [ta, tb] = timeOf.length ? [timeOf[a] as number, timeOf[b] as number] : [Number.NaN, Number.NaN];
        return !Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb ? ta - tb : rowAt(a) - rowAt(b);
      };
      for (const [first, group] of duplicates) {
        const keep =
          policies.duplicates === 'first'
            ? first
            : policies.duplicates === 'latest'
              ? group.reduce((a, b) => (later(b, a) >= 0 ? b : a))
              : undefined;
        const respondent = respondents.get(first);
        diagnostics.push(
          createDiagnostic(
            'row-duplicate',
            {
              respondent,
              subject: subjectIdOf(first),
              kept: keep === undefined ? 0 : rowAt(keep),
              policy: policies.duplicates,
            },
            place(rowAt(first), plan.respondent ?? plan.subject),
          ),
        );
        for (const h of group) {
          if (h === keep) continue;
          dropped[h] = 1;
          scorer.drop(h);
          reject(
            rowAt(h),
            'row-duplicate',
            keep === undefined ? 'duplicate submission' : `duplicate submission; row ${rowAt(keep)} is kept`,
            plan.respondent,
            respondent,
          );
        }
      }
      // each subject's details from its kept rows, in row order (handles are): the first row that has each
      // attribute wins; a subject whose rows have no name or attributes is described by its key
      const bySubject = new Map<string, SubjectDetail>();
      let previous = -1;
      for (let h = 0; h < handles; h++) {
        if (dropped[h] === 1) continue;
        account.scored++;
        const index = detailOf[h] as number;
        if (index === previous || index < 0) continue;
        previous = index;
        const d = details[index] as SubjectDetail;
        const key = `${d.id}\u0000${d.wave ?? ''}`;
        const seen = bySubject.get(key);
        if (!seen) bySubject.set(key, { ...d, attributes: { ...d.attributes } });
        else {
          if (!seen.name && d.name) seen.name = d.name;
          for (const [k, v] of Object.entries(d.attributes)) if (!(k in seen.attributes)) seen.attributes[k] = v;
        }
      }
      function detailOfKey(key: string): SubjectDetail {
        const known = bySubject.get(key);
        if (known) return known;
        const cut = key.indexOf('\u0000');
        const wave = key.slice(cut + 1);
        return { id: key.slice(0, cut), ...(wave === '' ? {} : { wave }), attributes: {} };
      }
      account.rejections.sort((a, b) => a.row - b.row);
      const { each, begin } = options;
      const profiles = scorer.finish({
        ...(begin
          ? {
              begin: (keys: readonly string[]) =>
                begin({ subjects: keys.length, described: keys.flatMap((key) => bySubject.get(key) ?? []) }),
            }
          : {}),
        ...(each ? { each: (key: string, scores: SubjectScores) => each(detailOfKey(key), scores) } : {}),
      });
      return {
        profiles,
        subjects: profiles.subjects.map(detailOfKey),
        account,
        diagnostics: sortDiagnostics(diagnostics),
        ok: true,
      };
    },
  };
}

const isEmpty = (record: object): boolean => {
  for (const _ in record) return false;
  return true;
};

/** Two rows' attributes are the same (most rows of a subject repeat them). */
function sameAttributes(a: Record<string, string | number>, b: Record<string, string | number>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}
