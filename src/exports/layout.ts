import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorNode } from '../rubric/model.js';
import { locate } from '../source/locate.js';
import type { LocalizedText } from '../text/localized.js';
import { normalizeLabel } from './labels.js';
import type { Mapping } from './mapping.js';
import { PRESET_DEFINITIONS, type PresetDefinition } from './presets.js';
import { cellAddress, columnLetters } from './table.js';

/** Which column of an export holds what. */
export interface ColumnPlan {
  preset: PresetDefinition;
  subject: number;
  subjectName?: number;
  respondent?: number;
  role?: number;
  timestamp?: number;
  wave?: number;
  attributes: readonly { id: string; column: number }[];
  /** Columns that answer one indicator each. */
  answers: readonly { column: number; indicator: IndicatorNode }[];
  /** Columns that each hold one option of a checklist indicator (checked when "Y", "1", "yes" or the option's label). */
  options: readonly { column: number; indicator: IndicatorNode; option: string }[];
  /** Columns that hold an indicator's evidence. */
  evidence: readonly { column: number; indicator: IndicatorNode }[];
  /** Columns used for nothing (metadata columns excepted). */
  unmapped: readonly number[];
  /** Indicators no column answers. */
  unanswered: readonly string[];
}

const texts = (t: LocalizedText | undefined) => (t === undefined ? [] : typeof t === 'string' ? [t] : Object.values(t));

type Answer = { column: number; indicator: IndicatorNode };
type Option = Answer & { option: string };
type Lookups = Record<'id' | 'code' | 'question', Map<string, IndicatorNode>>;

/**
 * Works out the column plan of an export, stage by stage over its header: special columns from the mapping or
 * the preset's usual headers, then indicators by the mapping's explicit list, then by id, question code or
 * question text in any locale; checklist options spread over columns; evidence; what is left. Returns the plan,
 * or diagnostics when the export cannot be read with this mapping.
 */
export function planColumns(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  file?: string,
): { plan?: ColumnPlan; diagnostics: Diagnostic[] } {
  const preset = PRESET_DEFINITIONS[mapping.preset];
  const h = new Header(headerRows, mapping, file);
  if (mapping.rubric !== undefined && mapping.rubric !== compiled.rubric.id)
    h.problem('mapping-rubric-mismatch', { mapping: mapping.rubric, rubric: compiled.rubric.id }, h.mappingPlace(['rubric']));
  const { subject, special, attributes } = specialColumns(h, preset, compiled.rubric.roles.length > 0);
  const lookups = indicatorLookups(compiled);
  const { answers, byIndicator } = indicatorColumns(h, compiled, preset, lookups);
  const options = optionColumns(h, preset, byIndicator, lookups);
  const evidence = evidenceColumns(h, compiled, answers);
  const { unmapped, unanswered } = leftOver(h, compiled, preset, byIndicator, options);
  if (subject === undefined || h.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: h.diagnostics };
  const opt = <K extends string>(key: K, v: number | undefined) => (v === undefined ? {} : ({ [key]: v } as Record<K, number>));
  return {
    plan: {
      preset,
      subject,
      ...opt('subjectName', special.subjectName),
      ...opt('respondent', special.respondent),
      ...opt('role', special.role),
      ...opt('timestamp', special.timestamp),
      ...opt('wave', special.wave),
      attributes,
      answers: answers.sort((a, b) => a.column - b.column),
      options,
      evidence,
      unmapped,
      unanswered,
    },
    diagnostics: h.diagnostics,
  };
}

/** The header being planned: its columns' texts, which of them are taken, and the problems found, in order. */
class Header {
  readonly width: number;
  readonly normalized: string[];
  readonly used = new Set<number>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly rows: readonly (readonly string[])[],
    readonly mapping: Mapping,
    private readonly file: string | undefined,
  ) {
    this.width = Math.max(0, ...rows.map((r) => r.length));
    this.normalized = Array.from({ length: this.width }, (_, i) => normalizeLabel(this.header(i)));
  }

  /** Column i's text in every header row. */
  headersOf(i: number): string[] {
    return this.rows.map((r) => r[i] ?? '');
  }

  header(i: number): string {
    return this.rows[0]?.[i] ?? '';
  }

  problem(...args: Parameters<typeof createDiagnostic>): void {
    this.diagnostics.push(createDiagnostic(...args));
  }

  /** Where a problem with the mapping points: its line, when the mapping was read from a file. */
  mappingPlace(path: (string | number)[], key = false) {
    const { source } = this.mapping;
    const range = source ? locate(source, path, { key }) : undefined;
    const f = source?.file;
    return { path, ...(f === undefined ? {} : { file: f }), ...(range ? { range } : {}) };
  }

  /** Where a problem with the export's header points: the column, or the header's start. */
  exportPlace(column?: number) {
    const at = { line: 1, column: (column ?? 0) + 1, offset: 0 };
    return {
      path: column === undefined ? ['header'] : ['header', column],
      ...(this.file === undefined ? {} : { file: this.file }),
      range: { start: at, end: at },
    };
  }

  /** The column a mapping names, taken, or a diagnostic at the mapping's line when the export has none. */
  columnOf(written: string, path: (string | number)[]): number | undefined {
    const i = this.normalized.indexOf(normalizeLabel(written));
    if (i < 0) {
      this.problem('mapping-unknown-column', { header: written, headers: this.rows[0] ?? [] }, this.mappingPlace(path));
      return undefined;
    }
    this.used.add(i);
    return i;
  }

  /** The column the mapping names for `key`, else the first free one with a candidate header (or its last /-part). */
  find(written: string | undefined, candidates: readonly string[], key: string): number | undefined {
    if (written !== undefined) return this.columnOf(written, ['columns', key]);
    for (const candidate of candidates) {
      const c = normalizeLabel(candidate);
      const i = this.normalized.findIndex((h, j) => !this.used.has(j) && (h === c || h.split('/').pop() === c));
      if (i >= 0) {
        this.used.add(i);
        return i;
      }
    }
    return undefined;
  }
}

/** The subject, name, respondent, role, timestamp and wave columns, and the attributes the mapping names. */
function specialColumns(h: Header, preset: PresetDefinition, hasRoles: boolean) {
  const { columns } = h.mapping;
  const subject = h.find(columns.subject, preset.columns.subject, 'subject');
  const special = {
    subjectName: h.find(columns.subjectName, preset.columns.subjectName, 'subjectName'),
    respondent: h.find(columns.respondent, preset.columns.respondent, 'respondent'),
    // a column headed like a role (תפקיד, role) on a rubric without roles is no respondent's role: read as
    // one, every row would be rejected for a role the rubric cannot have
    role: h.find(columns.role, hasRoles ? preset.columns.role : [], 'role'),
    timestamp: h.find(columns.timestamp, preset.columns.timestamp, 'timestamp'),
    wave: h.find(columns.wave, preset.columns.wave, 'wave'),
  };
  const attributes: { id: string; column: number }[] = [];
  for (const [id, written] of Object.entries(columns.attributes)) {
    const column = h.columnOf(written, ['columns', 'attributes', id]);
    if (column !== undefined) attributes.push({ id, column });
  }
  if (subject === undefined && columns.subject === undefined)
    h.problem(
      'mapping-no-subject-column',
      { candidates: preset.columns.subject },
      h.mapping.source ? h.mappingPlace(['columns'], true) : h.exportPlace(),
    );
  return { subject, special, attributes };
}

/** Indicators by normalized id, question code (or the id with _ for . : -) and question or title in any locale. */
function indicatorLookups(compiled: CompiledRubric): Lookups {
  const lookups: Lookups = { id: new Map(), code: new Map(), question: new Map() };
  for (const indicator of compiled.indicators) {
    lookups.id.set(normalizeLabel(indicator.id), indicator);
    for (const code of [indicator.code, indicator.id.replace(/[.:-]/g, '_')]) {
      if (code && !lookups.code.has(normalizeLabel(code))) lookups.code.set(normalizeLabel(code), indicator);
    }
    for (const t of [...texts(indicator.question), ...texts(indicator.title)]) {
      const key = normalizeLabel(t);
      if (key && !lookups.question.has(key)) lookups.question.set(key, indicator);
    }
  }
  return lookups;
}

/** The answer columns: the mapping's explicit list first, then each strategy of the preset (or the mapping). */
function indicatorColumns(h: Header, compiled: CompiledRubric, preset: PresetDefinition, lookups: Lookups) {
  const { mapping } = h;
  const byIndicator = new Map<string, number>();
  const answers: Answer[] = [];
  const assign = (indicator: IndicatorNode, column: number) => {
    h.used.add(column);
    byIndicator.set(indicator.id, column);
    // a fact's answer is the register's: respondents' answers to it are not read
    if (indicator.fact) {
      const params = { id: indicator.id, header: h.header(column), cell: cellAddress(1, column) };
      h.problem('export-fact-column', params, h.exportPlace(column));
    } else answers.push({ column, indicator });
  };
  for (const [id, written] of Object.entries(mapping.indicators)) {
    const indicator = compiled.byId.get(id);
    if (indicator?.kind !== 'indicator') {
      h.problem('mapping-unknown-indicator', { id }, h.mappingPlace(['indicators', id], true));
      continue;
    }
    const column = h.columnOf(written, ['indicators', id]);
    if (column !== undefined) assign(indicator, column);
  }
  for (const strategy of mapping.match ?? preset.match) {
    for (let i = 0; i < h.width; i++) {
      if (h.used.has(i)) continue;
      const candidates = strategy === 'question' ? preset.questions(h.headersOf(i)) : preset.codes(h.headersOf(i));
      const indicator = candidates.map((c) => lookups[strategy].get(normalizeLabel(c))).find((found) => found !== undefined);
      if (!indicator) continue;
      if (!byIndicator.has(indicator.id)) {
        assign(indicator, i);
        continue;
      }
      const first = h.header(byIndicator.get(indicator.id) as number);
      h.problem('export-duplicate-column', { id: indicator.id, header: h.header(i), first }, h.exportPlace(i));
      h.used.add(i);
    }
  }
  return { answers, byIndicator };
}

/** Checklist options spread over columns (LimeSurvey's Q1[opt], Kobo's q/opt beside q). */
function optionColumns(h: Header, preset: PresetDefinition, byIndicator: ReadonlyMap<string, number>, lookups: Lookups) {
  const options: Option[] = [];
  if (!preset.optionColumn) return options;
  for (let i = 0; i < h.width; i++) {
    if (h.used.has(i)) continue;
    const found = preset.optionColumn(h.headersOf(i));
    const indicator = found && lookups.code.get(normalizeLabel(found.code));
    if (!found || !indicator) continue;
    h.used.add(i);
    // beside a column with the whole answer, option columns only repeat it
    if (byIndicator.has(indicator.id)) continue;
    options.push({ column: i, indicator, option: found.option });
  }
  return options;
}

/** Evidence columns: the mapping's explicit ones, then the column named as the answer's plus the suffix. */
function evidenceColumns(h: Header, compiled: CompiledRubric, answers: readonly Answer[]) {
  const { mapping } = h;
  const evidence: Answer[] = [];
  for (const [id, written] of Object.entries(mapping.evidence.columns)) {
    const indicator = compiled.byId.get(id);
    if (indicator?.kind !== 'indicator') {
      h.problem('mapping-unknown-indicator', { id }, h.mappingPlace(['evidence', 'columns', id], true));
      continue;
    }
    const column = h.columnOf(written, ['evidence', 'columns', id]);
    if (column !== undefined) evidence.push({ column, indicator });
  }
  const suffix = mapping.evidence.suffix;
  if (suffix === undefined) return evidence;
  const withEvidence = new Set(evidence.map((e) => e.indicator.id));
  for (const { column, indicator } of answers) {
    if (withEvidence.has(indicator.id)) continue;
    const wanted = normalizeLabel(h.header(column) + suffix);
    const i = h.normalized.findIndex((n, j) => !h.used.has(j) && n === wanted);
    if (i < 0) continue;
    h.used.add(i);
    evidence.push({ column: i, indicator });
  }
  return evidence;
}

/** Columns used for nothing (metadata and empty headers excepted), and indicators no column answers. */
function leftOver(
  h: Header,
  compiled: CompiledRubric,
  preset: PresetDefinition,
  byIndicator: ReadonlyMap<string, number>,
  options: readonly Option[],
) {
  const metadata = new Set(preset.metadata.map(normalizeLabel));
  const unmapped: number[] = [];
  for (let i = 0; i < h.width; i++) {
    if (!h.used.has(i) && !metadata.has(h.normalized[i] as string) && h.normalized[i] !== '') unmapped.push(i);
  }
  const optionIndicators = new Set(options.map((o) => o.indicator.id));
  // a fact-fed indicator is answered by the subjects file, never by a column
  const unanswered = compiled.indicators
    .filter((n) => !n.fact && !byIndicator.has(n.id) && !optionIndicators.has(n.id))
    .map((n) => n.id);
  if (unmapped.length > 0)
    h.problem(
      'export-unmapped-columns',
      { columns: unmapped.map((i) => `${columnLetters(i)} '${h.header(i)}'`) },
      h.exportPlace(unmapped[0]),
    );
  if (unanswered.length > 0)
    h.problem(
      'export-unanswered-indicators',
      { ids: unanswered, total: compiled.indicators.filter((n) => !n.fact).length },
      h.exportPlace(),
    );
  return { unmapped, unanswered };
}
