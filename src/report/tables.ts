import type { ExportData, SubjectDetail } from '../exports/collect.js';
import { scoreExport } from '../exports/score-export.js';
import type { Recommendation } from '../policy/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { levelOf } from '../score/levels.js';
import type { Profile } from '../score/profile.js';
import type { NodeArrays } from '../score/rules.js';
import { scoringTables } from '../score/tables.js';
import { bySubjectId } from '../text/order.js';
import { ownValue } from '../text/own.js';
import { type CsvBytes, formatNumber } from './csv-numbers.js';

/** A table of plain values: what CSV, XLSX and notebooks (as rows of objects) are made from. */
export interface Table {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * The columns every profile table has: the subject, its attributes (the rubric's, then any others seen), the
 * overall score, level, coverage and confidence, then every node in rubric order.
 */
function profileColumns(compiled: CompiledRubric, keys: readonly string[]) {
  const attributes = [...new Set([...compiled.rubric.attributes.map((a) => a.id), ...keys])];
  const columns = [
    'subject',
    'name',
    'wave',
    ...attributes,
    'overall',
    'overall_level',
    'coverage',
    'confidence',
    ...compiled.nodes.map((n) => n.id),
  ];
  return { attributes, columns };
}

/** An attribute as a table cell. */
const attributeCell = (v: string | number | boolean | undefined) =>
  v === undefined ? null : typeof v === 'boolean' ? String(v) : v;

/**
 * One row per subject and one column per node: the subject, its attributes, the overall score and level, every
 * node's score in rubric order, and the primary track when recommendations are given. Sorted by subject id.
 */
export function profileTable(
  compiled: CompiledRubric,
  profiles: readonly Profile[],
  recommendations: readonly Recommendation[] = [],
): Table {
  const { attributes, columns } = profileColumns(compiled, [
    ...new Set(profiles.flatMap((p) => Object.keys(p.subject.attributes ?? {}))),
  ]);
  const recOf = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const nodes = compiled.nodes.map((n) => n.id);
  const rows = bySubjectId(profiles).map((p) => [
    p.subject.id,
    p.subject.name ?? null,
    p.wave ?? null,
    ...attributes.map((a) => attributeCell(ownValue(p.subject.attributes, a))),
    p.overall.score,
    p.overall.level,
    p.overall.coverage,
    p.overall.confidence,
    ...nodes.map((id) => p.nodes[id]?.score ?? null),
    ...(recommendations.length ? [recOf.get(p.subject.id)?.primary ?? null] : []),
  ]);
  return { columns: recommendations.length ? [...columns, 'track'] : columns, rows };
}

/**
 * The columns of a table of an export's subjects (those of `profileTable`), and how to make one subject's row from
 * the engine's arrays. `attributeKeys`: the attributes the subjects have (ExportData.attributeKeys).
 */
export function exportColumns(compiled: CompiledRubric, attributeKeys: readonly string[]) {
  const t = scoringTables(compiled);
  const { attributes, columns } = profileColumns(compiled, attributeKeys);
  const overall = t.ids.length - 1;
  const nodeOrder = Int32Array.from(compiled.nodes, (n) => t.stepOf.get(n.id) as number);
  const value = (v: number) => (Number.isNaN(v) ? null : v);
  const head = (subject: SubjectDetail) => [
    subject.id,
    subject.name ?? null,
    subject.wave ?? null,
    ...attributes.map((a) => attributeCell(ownValue(subject.attributes, a))),
  ];
  const level = (out: NodeArrays, at: number) => levelOf(value(out.score[at + overall] as number), t.levels[overall] ?? []);
  /** One subject's row; its nodes are at [at + step] of `out`. */
  const row = (subject: SubjectDetail, out: NodeArrays, at: number): (string | number | null)[] => [
    ...head(subject),
    value(out.score[at + overall] as number),
    level(out, at),
    out.coverage[at + overall] as number,
    out.confidence[at + overall] as number,
    ...Array.from(nodeOrder, (n) => value(out.score[at + n] as number)),
  ];
  /** The same row as a CSV line (`csvLine` of `row`), written into bytes: the CLI streams millions. */
  const writeLine = (bytes: CsvBytes, subject: SubjectDetail, out: NodeArrays, at: number): void => {
    bytes.text(head(subject).map(csvCell).join(','));
    bytes.comma();
    bytes.number(out.score[at + overall] as number);
    bytes.comma();
    bytes.text(csvCell(level(out, at)));
    bytes.comma();
    bytes.number(out.coverage[at + overall] as number);
    bytes.comma();
    bytes.number(out.confidence[at + overall] as number);
    bytes.commaNumbers(out.score, at, nodeOrder);
    bytes.text('\r\n');
  };
  return { columns, row, writeLine };
}

/** The table of a read export's subjects: the same columns, rows and numbers as `profileTable` of their profiles. */
export function exportTable(data: ExportData): Table {
  const compiled = data.tables.compiled;
  const { columns, row } = exportColumns(compiled, data.attributeKeys);
  const rows: (string | number | null)[][] = [];
  scoreExport(data, (subject, out, at) => rows.push(row(subject, out, at)));
  // by subject id, as profileTable sorts (the subjects come by id, then wave)
  return { columns, rows };
}

/** A CSV line of a table's row (no byte-order mark, CRLF ended); `tableCsv` writes whole tables. */
export const csvLine = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The rows of a table as plain objects keyed by column, for notebooks and data frames. */
export const tableObjects = (table: Table): Record<string, string | number | null>[] =>
  table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i] ?? null])));

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe, as OWASP advises for CSV injection. Numbers are written as numbers and never escaped.
 */
export const neutralizeFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A table as CSV for Excel: UTF-8 with a byte-order mark (so Hebrew and Arabic show), CRLF, formulas neutralized. */
export function tableCsv(table: Table): string {
  return `\ufeff${[table.columns.map(csvCell), ...table.rows.map((r) => r.map(csvCell))].map((r) => r.join(',')).join('\r\n')}\r\n`;
}
