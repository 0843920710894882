import type { SubjectScores } from '../batch/scorer.js';
import type { BatchExportReading, SubjectDetail } from '../exports/read-export.js';
import type { Recommendation } from '../policy/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Profile } from '../score/profile.js';
import { bySubjectId, compareText } from '../text/order.js';
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
function profileColumns(compiled: CompiledRubric, subjectAttributes: readonly (Readonly<Record<string, unknown>> | undefined)[]) {
  const attributes = [
    ...new Set([...compiled.rubric.attributes.map((a) => a.id), ...subjectAttributes.flatMap((a) => Object.keys(a ?? {}))]),
  ];
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
  const { attributes, columns } = profileColumns(
    compiled,
    profiles.map((p) => p.subject.attributes),
  );
  const recOf = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const nodes = compiled.nodes.map((n) => n.id);
  const rows = bySubjectId(profiles).map((p) => [
    p.subject.id,
    p.subject.name ?? null,
    p.wave ?? null,
    ...attributes.map((a) => attributeCell(p.subject.attributes?.[a])),
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
 * The columns of a table of batch scores (those of `profileTable`), and how to make one subject's row. `subjects`
 * need only be those with attributes (the columns come from theirs), in order.
 */
export function batchColumns(compiled: CompiledRubric, subjects: readonly SubjectDetail[], nodes: readonly string[]) {
  const { attributes, columns } = profileColumns(
    compiled,
    subjects.map((s) => s.attributes),
  );
  const nodeIndex = new Map(nodes.map((id, n) => [id, n] as const));
  const overall = nodeIndex.get('overall') as number;
  const order = compiled.nodes.map((n) => nodeIndex.get(n.id) as number);
  const nodeOrder = Int32Array.from(order);
  const value = (v: number) => (Number.isNaN(v) ? null : v);
  const head = (subject: SubjectDetail) => [
    subject.id,
    subject.name ?? null,
    subject.wave ?? null,
    ...attributes.map((a) => attributeCell(subject.attributes[a])),
  ];
  type Scores = Pick<SubjectScores, 'score' | 'coverage' | 'confidence' | 'levelOf'>;
  /** One subject's row; `at` is where its node 0 sits in the arrays. */
  const row = (subject: SubjectDetail, scores: Scores, at = 0): (string | number | null)[] => [
    ...head(subject),
    value(scores.score[at + overall] as number),
    scores.levelOf(overall),
    scores.coverage[at + overall] as number,
    scores.confidence[at + overall] as number,
    ...order.map((n) => value(scores.score[at + n] as number)),
  ];
  /** The same row as a CSV line (`csvLine` of `row`), written into bytes: the CLI streams millions. */
  const writeLine = (out: CsvBytes, subject: SubjectDetail, scores: Scores, at = 0): void => {
    const { score } = scores;
    out.text(head(subject).map(csvCell).join(','));
    out.comma();
    out.number(score[at + overall] as number);
    out.comma();
    out.text(csvCell(scores.levelOf(overall)));
    out.comma();
    out.number(scores.coverage[at + overall] as number);
    out.comma();
    out.number(scores.confidence[at + overall] as number);
    out.commaNumbers(score, at, nodeOrder);
    out.text('\r\n');
  };
  return { columns, row, writeLine };
}

/**
 * The same table from a batch reading (large exports): the same columns, rows and numbers as `profileTable` of
 * the profiles scoreAssessment would give.
 */
export function batchTable(compiled: CompiledRubric, reading: Pick<BatchExportReading, 'profiles' | 'subjects'>): Table {
  const { profiles, subjects } = reading;
  const { columns, row } = batchColumns(compiled, subjects, profiles.nodes);
  const width = profiles.nodes.length;
  const order = subjects.map((subject, s) => ({ subject, s })).sort((a, b) => compareText(a.subject.id, b.subject.id));
  return {
    columns,
    rows: order.map(({ subject, s }) => row(subject, { ...profiles, levelOf: (n) => profiles.levelOf(s, n) }, s * width)),
  };
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
