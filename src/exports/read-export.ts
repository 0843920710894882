import type { Assessment } from '../assessment/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { StringCells } from './cells.js';
import { type CollectOptions, ExportCollector, type ExportData, type RowAccount } from './collect.js';
import { planColumns } from './layout.js';
import type { Mapping } from './mapping.js';
import { createRowContext } from './read-row.js';
import { subjectOf } from './score-export.js';
import type { Table, TableRow } from './table.js';

/** Options that override the mapping's policies (the CLI's flags). */
export interface ReadExportOptions extends Omit<CollectOptions, 'keepAnswers'> {
  file?: string;
  duplicates?: Mapping['policies']['duplicates'];
  invalid?: Mapping['policies']['invalid'];
}

/** The assessments read from an export, the account of its rows, and every problem found. */
export interface ExportReading {
  assessments: Assessment[];
  account: RowAccount;
  diagnostics: Diagnostic[];
  /** False when the export could not be read at all (see diagnostics). */
  ok: boolean;
}

/**
 * Starts reading an export whose header rows are known: the column plan from the header and the mapping, then a
 * collector its rows go into (readRow each, into the row store). A header that cannot be read with the mapping
 * gives a collector that rejects every row, with the diagnostics that say why.
 */
export function openExport(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions & CollectOptions = {},
): ExportCollector {
  const { plan, diagnostics } = planColumns(headerRows, compiled, mapping, options.file);
  const policies = {
    duplicates: options.duplicates ?? mapping.policies.duplicates,
    invalid: options.invalid ?? mapping.policies.invalid,
  };
  const context = plan
    ? createRowContext(plan, headerRows, compiled, mapping, {
        policies,
        ...(options.file === undefined ? {} : { file: options.file }),
      })
    : undefined;
  return new ExportCollector(compiled, context, diagnostics, options);
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

/** A row-by-row reader of an export whose header rows are known (see `openExport`). */
export function createExportReader(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  options: ReadExportOptions = {},
): ExportReader {
  const collector = openExport(headerRows, compiled, mapping, { ...options, keepAnswers: true });
  return {
    push: (row) => collector.push(new StringCells(row.row, row.cells, row.truncated)),
    finish: () => exportAssessments(collector.finish()),
  };
}

/** An export read as assessments: each subject's respondents in the order of their rows, with their answers. */
export function exportAssessments(data: ExportData): ExportReading {
  const assessments = data.subjects.map((s): Assessment => {
    const rows = [...s.rows].sort((a, b) => a - b);
    return {
      subject: subjectOf(s),
      ...(s.wave === undefined ? {} : { wave: s.wave }),
      respondents: rows.map((row) => {
        const role = data.role(row);
        return { id: data.respondent(row), ...(role === undefined ? {} : { role }), answers: data.answers(row) ?? {} };
      }),
    };
  });
  return { assessments, account: data.account, diagnostics: data.diagnostics, ok: data.ok };
}
