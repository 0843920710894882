// The export reader as it was on main before the one-reader rewrite (commit eeddd7b): its in-memory path
// (readExport, createExportReader), frozen but for its import paths and the batch reader cut away, as the
// oracle the readers are held to. Do not edit it to follow the readers; a difference is a finding.
// Changed on purpose since (issue 20): timestamps are read by readTimestamp (day-first, month-first or ISO, never
// Date.parse), ambiguous and unreadable ones are reported at their cell, and duplicates are ordered only by times
// known for certain ('first' too, by time), else every submission of the respondent is rejected.
import type { AnswerInput, AnswerValue, Assessment, Respondent } from '../../../src/assessment/model.js';
import type { DiagnosticCode } from '../../../src/diagnostics/codes.js';
import { createDiagnostic } from '../../../src/diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../../../src/diagnostics/diagnostic.js';
import { type CellReading, normalizeLabel, readCell, scaleLabels } from '../../../src/exports/labels.js';
import { type ColumnPlan, planColumns } from '../../../src/exports/layout.js';
import type { Mapping } from '../../../src/exports/mapping.js';
import { PRESET_DEFINITIONS } from '../../../src/exports/presets.js';
import { cellAddress, isBlankRow, isSpreadsheetError, type Table, type TableRow } from '../../../src/exports/table.js';
import { readTimestamp } from '../../../src/exports/timestamps.js';
import type { CompiledRubric } from '../../../src/rubric/compile.js';
import type { IndicatorNode } from '../../../src/rubric/model.js';
import type { LocalizedText } from '../../../src/text/localized.js';

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
  /** The earliest and the latest its timestamp may be (NaN: unknown), and why it is not certain. */
  low: number;
  high: number;
  note?: string;
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
      rows.countTimeProblems();
      const kept = resolveDuplicates(submissions, policies.duplicates, plan.timestamp !== undefined, (group, keep) => {
        const first = group[0] as Submission;
        const uncertain = keep === null ? group.find((s) => !(s.low === s.high)) : undefined;
        const note = uncertain && (uncertain.note ?? `${cellAddress(uncertain.row, plan.timestamp as number)} is blank`);
        const { duplicates: policy } = policies;
        diagnostics.push(
          uncertain
            ? createDiagnostic(
                'row-duplicate-unordered',
                {
                  respondent: first.respondent.id,
                  subject: first.subject,
                  count: group.length,
                  policy,
                  note: note as string,
                  ambiguous: !Number.isNaN(uncertain.low),
                },
                place(uncertain.row, plan.timestamp as number),
              )
            : createDiagnostic(
                'row-duplicate',
                { respondent: first.respondent.id, subject: first.subject, kept: keep?.row ?? 0, policy },
                place(first.row, plan.respondent ?? plan.subject),
              ),
        );
        for (const s of group) {
          if (s !== keep)
            reject(
              s.row,
              uncertain ? 'row-duplicate-unordered' : 'row-duplicate',
              uncertain
                ? `duplicate submission, and which is the ${policy} is unknown: ${note}`
                : keep
                  ? `duplicate submission; row ${keep.row} is kept`
                  : 'duplicate submission',
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
  type TimeProblem = { count: number; at: number; make: (others: number) => Diagnostic };
  const timeProblem = (): TimeProblem => ({ count: 0, at: -1, make: () => ({}) as Diagnostic });
  const timeProblems = { ambiguous: timeProblem(), unreadable: timeProblem() };
  /** The first warning of each kind, told how many other cells share it (once every row is read). */
  const countTimeProblems = () => {
    for (const p of Object.values(timeProblems)) if (p.count > 1) diagnostics[p.at] = p.make(p.count - 1);
  };
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
  const timestampOrder = mapping.timestamps ?? PRESET_DEFINITIONS[mapping.preset].timestamps ?? 'iso';

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
    const stamp = cell(plan!.timestamp);
    const reading = stamp === '' ? undefined : readTimestamp(stamp, timestampOrder);
    const [low, high] =
      reading?.kind === 'time'
        ? [reading.time, reading.time]
        : reading?.kind === 'ambiguous'
          ? [Math.min(reading.dayFirst, reading.monthFirst), Math.max(reading.dayFirst, reading.monthFirst)]
          : [Number.NaN, Number.NaN];
    let note: string | undefined;
    if (reading && reading.kind !== 'time') {
      const column = plan!.timestamp as number;
      note = `${cellAddress(row, column)} holds '${stamp}': ${reading.why}`;
      // each kind reported at its first cell, told at the end how many other cells share it
      const kind = reading.kind === 'ambiguous' ? 'ambiguous' : 'unreadable';
      const params = {
        cell: cellAddress(row, column),
        header: header(column),
        value: stamp,
        why: reading.why,
        ambiguous: kind === 'ambiguous',
      };
      const problem = timeProblems[kind];
      if (problem.count++ === 0) {
        problem.at = diagnostics.length;
        problem.make = (others) =>
          createDiagnostic('row-unreadable-timestamp', { ...params, ...(others ? { others } : {}) }, place(row, column));
        diagnostics.push(problem.make(0));
      }
    }
    const name = cell(plan!.subjectName);
    return {
      row,
      subject,
      ...(wave === undefined ? {} : { wave }),
      respondent: { id: respondentId, ...(role === undefined ? {} : { role }), answers },
      low,
      high,
      ...(note === undefined ? {} : { note }),
      ...(name ? { name } : {}),
      attributes,
    };
  }

  return { account, diagnostics, policies, plan, place, reject, readRow, answerCell, width, countTimeProblems };
}

/**
 * Keeps one submission per subject, wave and respondent by the policy; reports each group of duplicates (`keep`
 * null: which to keep is unknown, for a time it needs is).
 */
function resolveDuplicates(
  submissions: readonly Submission[],
  policy: Mapping['policies']['duplicates'],
  timed: boolean,
  report: (group: Submission[], keep: Submission | undefined | null) => void,
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
    let keep: Submission | undefined | null;
    if (policy !== 'reject' && !timed) keep = policy === 'first' ? group[0] : group[group.length - 1];
    else if (policy !== 'reject') {
      // the one every other surely came before (latest) or after (first), whatever an ambiguous date means
      const latest = policy === 'latest';
      keep = group.find((s) => group.every((t) => t === s || (latest ? surelyBefore(t, s) : surelyBefore(s, t)))) ?? null;
    }
    report(group, keep);
    if (keep) kept.push(keep);
  }
  return kept.sort((a, b) => a.row - b.row);
}

/** Submission a came before b whatever its and b's times are: every time a may be is before every time b may be. */
function surelyBefore(a: Submission, b: Submission): boolean {
  return a.high < b.low || (a.high === b.low && a.row < b.row);
}
