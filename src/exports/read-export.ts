import type { AnswerInput, AnswerValue, Assessment, Respondent } from '../assessment/model.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { LocalizedText } from '../text/localized.js';
import { normalizeLabel, readCell, scaleLabels } from './labels.js';
import { planColumns } from './layout.js';
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
  duplicates?: Mapping['policies']['duplicates'];
  invalid?: Mapping['policies']['invalid'];
}

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
  const headerRow = headerRows[0] ?? [];
  const file = options.file;
  const policies = {
    duplicates: options.duplicates ?? mapping.policies.duplicates,
    invalid: options.invalid ?? mapping.policies.invalid,
  };
  const account: RowAccount = { rows: 0, scored: 0, rejected: 0, skipped: 0, rejections: [] };
  const { plan, diagnostics } = planColumns(headerRows, compiled, mapping, file);
  if (!plan) {
    // without a column plan no row can be read: each counts as rejected, and the diagnostics say why
    return {
      push: () => {
        account.rows++;
        account.rejected++;
      },
      finish: () => ({ assessments: [], account, diagnostics: sortDiagnostics(diagnostics), ok: false }),
    };
  }
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

  const submissions: Submission[] = [];

  function readRow({ row, cells }: TableRow): Submission | undefined {
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
    const answers: Record<string, AnswerInput> = {};
    let invalid: { column: number; value: string; reason: string } | undefined;
    for (const { column, indicator } of plan!.answers) {
      const raw = cells[column] ?? '';
      const reading = readCell(
        raw,
        compiled.rubric.scales[indicator.scale] as never,
        labelsFor(indicator.scale),
        notApplicable,
        plan!.preset.separator,
      );
      if ('value' in reading) answers[indicator.id] = { value: reading.value };
      else if ('na' in reading) answers[indicator.id] = { na: true };
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
      if (values.some((v) => v !== '')) answers[id] = { value: options };
    }
    for (const { column, indicator } of plan!.evidence) {
      const answer = answers[indicator.id];
      const references = (cells[column] ?? '')
        .split(/[\r\n;]+/)
        .map((r) => r.trim())
        .filter(Boolean);
      // evidence supports an answer; beside no answer it has nothing to support
      if (answer && typeof answer === 'object' && !Array.isArray(answer) && references.length)
        answers[indicator.id] = { ...answer, evidence: references };
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
