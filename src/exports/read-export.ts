import type { AnswerInput, AnswerValue, Assessment, Respondent } from '../assessment/model.js';
import { type BatchProfiles, CODE, createBatchScorer, type SubjectScores } from '../batch/scorer.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorNode } from '../rubric/model.js';
import type { LocalizedText } from '../text/localized.js';
import { type CellReading, normalizeLabel, readCell, scaleLabels } from './labels.js';
import { type ColumnPlan, planColumns } from './layout.js';
import type { Mapping } from './mapping.js';
import { cellAddress, isBlankRow, type Table, type TableRow } from './table.js';

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

/** Where a row's answers go: `a` is the answer column's place in the plan (-1 for checklist option columns). */
interface AnswerSink {
  answer(indicator: IndicatorNode, answer: AnswerInput, a: number, raw: string): void;
  evidence(indicator: IndicatorNode, references: string[]): void;
}
const NO_ANSWERS: Record<string, AnswerInput> = Object.freeze({}) as Record<string, AnswerInput>;
const NOT_APPLICABLE: AnswerInput = Object.freeze({ na: true });

/** The default row limit of an export: far above any survey, low enough to stop a runaway file. */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** Distinct cell texts remembered per column (free-text numbers can be many). */
const CELL_CACHE_SIZE = 4096;
const CHECKED = new Set(['y', 'yes', '1', 'true', 'x', '✓', 'כן', 'نعم']);
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
  for (const [label, id] of Object.entries(mapping.roles)) roleLabels.set(normalizeLabel(label), id);
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
      answer: (indicator, answer) => {
        answers[indicator.id] = answer;
      },
      evidence: (indicator, references) => {
        const answer = answers[indicator.id];
        if (answer) answers[indicator.id] = { ...answer, evidence: references };
      },
    };
  }

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
      diagnostics.push(createDiagnostic('export-truncated', { row }, place(row, Math.max(0, cells.length - 1))));
      reject(row, 'export-truncated', 'the file ends in the middle of this row: it looks cut off');
      return undefined;
    }
    if (isBlankRow(cells)) {
      account.skipped++;
      return undefined;
    }
    const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    const subject = cell(plan!.subject);
    if (subject === '') {
      diagnostics.push(
        createDiagnostic(
          'row-missing-subject',
          { cell: cellAddress(row, plan!.subject), header: header(plan!.subject) },
          place(row, plan!.subject),
        ),
      );
      reject(row, 'row-missing-subject', 'no subject id', plan!.subject, '');
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
    let invalid: { column: number; value: string; reason: string } | undefined;
    for (let a = 0; a < plan!.answers.length; a++) {
      const { column, indicator } = plan!.answers[a] as ColumnPlan['answers'][number];
      const raw = cells[column] ?? '';
      // exports repeat a few labels in every row: read each distinct cell text of a column once
      const cache = cellCache[a] as Map<string, CellReading>;
      let reading = cache.get(raw);
      if (reading === undefined) {
        reading = readCell(
          raw,
          compiled.rubric.scales[indicator.scale] as never,
          labelsFor(indicator.scale),
          notApplicable,
          plan!.preset.separator,
        );
        if (cache.size < CELL_CACHE_SIZE) cache.set(raw, reading);
      }
      if ('value' in reading) sink.answer(indicator, { value: reading.value }, a, raw);
      else if ('na' in reading) sink.answer(indicator, NOT_APPLICABLE, a, raw);
      else if ('invalid' in reading) {
        const rejected = policies.invalid === 'reject-row';
        diagnostics.push(
          createDiagnostic(
            'row-invalid-answer',
            { cell: cellAddress(row, column), header: header(column), value: raw, reason: reading.invalid, rejected },
            { ...place(row, column), ...(rejected ? {} : { severity: 'warning' as const }) },
          ),
        );
        invalid ??= { column, value: raw, reason: reading.invalid };
      }
    }
    const checked = new Map<string, string[]>();
    for (const { column, indicator, option } of plan!.options) {
      const value = normalizeLabel(cells[column] ?? '');
      if (!checked.has(indicator.id)) checked.set(indicator.id, []);
      const labels = labelsFor(indicator.scale);
      if (CHECKED.has(value) || labels.get(value) === option) checked.get(indicator.id)!.push(option);
    }
    for (const [id, options] of checked) {
      const values = plan!.options.filter((o) => o.indicator.id === id).map((o) => (cells[o.column] ?? '').trim());
      if (values.some((v) => v !== '')) sink.answer(compiled.byId.get(id) as IndicatorNode, { value: options }, -1, '');
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

  return { account, diagnostics, policies, plan, place, reject, readRow };
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
  /** With `each`, each subject's scores are handed over as computed and not kept (see BatchScorer.finish). */
  finish(options?: BatchFinishOptions): BatchExportReading;
}

/** How a batch reading hands its subjects over: `begin` with them all, then `each` as it is scored. */
export interface BatchFinishOptions {
  begin?: (subjects: readonly SubjectDetail[]) => void;
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
  const codes = new Uint8Array(scorer.indicators.length);
  // per kept row (by scorer handle): its spreadsheet row, time, and interned subject details
  const handles: { row: number[]; time: number[]; subject: number[] } = { row: [], time: [], subject: [] };
  const details: { id: string; wave?: string; name?: string; attributes: Record<string, string | number> }[] = [];
  const detailIndex = new Map<string, number>();
  const firstOf = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  const respondentOf = new Map<number, string>();
  // answers straight to codes: each distinct cell text of a column is coded once
  const columnCodes = (rows.plan?.answers ?? []).map(() => new Map<string, number>());
  const kOf = (indicator: IndicatorNode) => indicatorIndex.get(indicator.id) as number;
  // the indicator of each answer column, looked up once instead of once per cell
  const columnK = Int32Array.from(rows.plan?.answers ?? [], ({ indicator }) => kOf(indicator));
  const sink: AnswerSink = {
    answer(indicator, answer, a, raw) {
      const k = a >= 0 ? (columnK[a] as number) : kOf(indicator);
      const cache = a >= 0 ? columnCodes[a] : undefined;
      let code = cache?.get(raw);
      if (code === undefined) {
        code = scorer.code(k, answer.na ? { na: true } : { value: answer.value as AnswerValue });
        if (cache && cache.size < CELL_CACHE_SIZE) cache.set(raw, code);
      }
      codes[k] = code;
    },
    evidence(indicator) {
      const k = kOf(indicator);
      const v = (codes[k] as number) & 0x7f;
      if (v !== CODE.missing && v !== CODE.invalid) codes[k] = (codes[k] as number) | CODE.evidence;
    },
  };

  return {
    push(tableRow) {
      if (!rows.plan) {
        rejectUnreadable(account, diagnostics, tableRow.row);
        return;
      }
      account.rows++;
      codes.fill(0);
      const s = rows.readRow(tableRow, sink);
      if (!s) return;
      const key = `${s.subject}\u0000${s.wave ?? ''}`;
      let detail = `${key}\u0000${s.name ?? ''}`;
      for (const k in s.attributes) detail += `\u0001${k}\u0002${s.attributes[k]}`;
      let d = detailIndex.get(detail);
      if (d === undefined) {
        d = details.length;
        detailIndex.set(detail, d);
        details.push({
          id: s.subject,
          ...(s.wave === undefined ? {} : { wave: s.wave }),
          ...(s.name ? { name: s.name } : {}),
          attributes: s.attributes,
        });
      }
      const handle = scorer.add(key, s.respondent.role, codes);
      handles.row[handle] = s.row;
      handles.time[handle] = s.time;
      handles.subject[handle] = d;
      const respondentKey = `${key}\u0000${s.respondent.id}`;
      const first = firstOf.get(respondentKey);
      if (first === undefined) firstOf.set(respondentKey, handle);
      else {
        const group = duplicates.get(respondentKey) ?? [first];
        group.push(handle);
        duplicates.set(respondentKey, group);
        respondentOf.set(first, s.respondent.id);
      }
    },
    finish(options = {}) {
      if (!rows.plan) {
        const empty = createBatchScorer(compiled).finish();
        return { profiles: empty, subjects: [], account, diagnostics: sortDiagnostics(diagnostics), ok: false };
      }
      const { plan, policies, place, reject } = rows;
      const dropped = new Set<number>();
      for (const group of duplicates.values()) {
        const rowOf = (h: number) => handles.row[h] as number;
        const later = (a: number, b: number) => {
          const [ta, tb] = [handles.time[a] as number, handles.time[b] as number];
          return !Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb ? ta - tb : rowOf(a) - rowOf(b);
        };
        const keep =
          policies.duplicates === 'first'
            ? group[0]
            : policies.duplicates === 'latest'
              ? group.reduce((a, b) => (later(b, a) >= 0 ? b : a))
              : undefined;
        const first = group[0] as number;
        const respondent = respondentOf.get(first) as string;
        const subject = details[handles.subject[first] as number]?.id as string;
        diagnostics.push(
          createDiagnostic(
            'row-duplicate',
            { respondent, subject, kept: keep === undefined ? 0 : rowOf(keep), policy: policies.duplicates },
            place(rowOf(first), plan.respondent ?? plan.subject),
          ),
        );
        for (const h of group) {
          if (h === keep) continue;
          dropped.add(h);
          scorer.drop(h);
          reject(
            rowOf(h),
            'row-duplicate',
            keep === undefined ? 'duplicate submission' : `duplicate submission; row ${rowOf(keep)} is kept`,
            plan.respondent,
            respondent,
          );
        }
      }
      // each subject's details from its kept rows, in row order: the first row that has each attribute wins
      const bySubject = new Map<
        string,
        { id: string; wave?: string; name?: string; attributes: Record<string, string | number> }
      >();
      const order = handles.row.map((row, h) => ({ row, h })).sort((a, b) => a.row - b.row);
      for (const { h } of order) {
        if (dropped.has(h)) continue;
        account.scored++;
        const d = details[handles.subject[h] as number] as (typeof details)[number];
        const key = `${d.id}\u0000${d.wave ?? ''}`;
        const seen = bySubject.get(key);
        if (!seen) bySubject.set(key, { ...d, attributes: { ...d.attributes } });
        else {
          if (!seen.name && d.name) seen.name = d.name;
          for (const [k, v] of Object.entries(d.attributes)) if (!(k in seen.attributes)) seen.attributes[k] = v;
        }
      }
      account.rejections.sort((a, b) => a.row - b.row);
      const each = options.each;
      options.begin?.([...bySubject.keys()].sort().map((key) => bySubject.get(key) as SubjectDetail));
      const profiles = scorer.finish(each ? { each: (key, scores) => each(bySubject.get(key) as SubjectDetail, scores) } : {});
      return {
        profiles,
        subjects: profiles.subjects.map((key) => bySubject.get(key) as (typeof details)[number]),
        account,
        diagnostics: sortDiagnostics(diagnostics),
        ok: true,
      };
    },
  };
}
