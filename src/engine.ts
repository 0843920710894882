/**
 * mahvan/engine: the building blocks under mahvan's scoring, for data people who work with large exports: the
 * rubric flattened into typed arrays, the row store that holds a byte per answer, the engine that scores a
 * subject's rows into arrays, the export row reader and collector, and the CSV tokenizer that cuts bytes into
 * cells. Browser-safe, like the main entry; `mahvan/node` reads files into them (`readExportData`).
 *
 * ```ts
 * const data = await readExportData('export.csv', rubric, mapping);           // mahvan/node
 * scoreExport(data, (subject, out, at) => console.log(subject.id, out.score[at + data.tables.ids.length - 1]));
 * ```
 */

export { type BadCell, type RowCells, StringCells } from './exports/cells.js';
export { type CollectOptions, DEFAULT_MAX_ROWS, ExportCollector, failedExport } from './exports/collect.js';
export { type ByteRecord, CELL, type CsvDialect, CsvTokenizer } from './exports/csv-tokenizer.js';
export { normalizeLabel, readCell, scaleLabels } from './exports/labels.js';
export { type ColumnPlan, planColumns } from './exports/layout.js';
export { PRESET_DEFINITIONS, type PresetDefinition, qualtricsHeaderRows } from './exports/presets.js';
export {
  type CellEntry,
  createRowContext,
  type RowContext,
  type RowResult,
  readRow,
  type Submission,
} from './exports/read-row.js';
export { cellAddress, columnLetters } from './exports/table.js';
// Every type of 'mahvan', for callers that name what the building blocks above take and give
export type * from './index.js';
export type { ByteBuffer } from './report/byte-buffer.js';
export type { CsvBytes } from './report/csv-numbers.js';
export { exportColumns } from './report/tables.js';
export { buildProfile, nodeResult, type ProfileContext } from './score/build-profile.js';
export { createEngine, type Engine, nodeArrays } from './score/engine.js';
export { respondentPoints } from './score/respondent-points.js';
export { RowStore } from './score/rows.js';
export { flagNames, type NodeArrays, STATUS } from './score/rules.js';
export {
  answerContribution,
  CODE,
  codeOfPoints,
  KIND,
  OVERALL,
  type ScoringTables,
  scalePoints,
  scoringTables,
  type TablePolicy,
} from './score/tables.js';
