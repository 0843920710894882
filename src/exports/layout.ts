import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorNode } from '../rubric/model.js';
import { locate } from '../source/locate.js';
import type { LocalizedText } from '../text/localized.js';
import { normalizeLabel } from './labels.js';
import type { Mapping } from './mapping.js';
import { PRESET_DEFINITIONS, type PresetDefinition } from './presets.js';
import { columnLetters } from './table.js';

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

/**
 * Works out the column plan of an export: special columns from the mapping or the preset's usual headers,
 * then indicators by the mapping's explicit list, then by id, question code or question text in any locale.
 * Returns the plan, or diagnostics when the export cannot be read with this mapping.
 */
export function planColumns(
  headerRows: readonly (readonly string[])[],
  compiled: CompiledRubric,
  mapping: Mapping,
  file?: string,
): { plan?: ColumnPlan; diagnostics: Diagnostic[] } {
  const preset = PRESET_DEFINITIONS[mapping.preset];
  const diagnostics: Diagnostic[] = [];
  const width = Math.max(0, ...headerRows.map((r) => r.length));
  const headersOf = (i: number) => headerRows.map((r) => r[i] ?? '');
  const header = (i: number) => headerRows[0]?.[i] ?? '';
  const normalized = Array.from({ length: width }, (_, i) => normalizeLabel(header(i)));
  const used = new Set<number>();
  const mappingPlace = (path: (string | number)[], key = false) => {
    const range = mapping.source ? locate(mapping.source, path, { key }) : undefined;
    const f = mapping.source?.file;
    return { path, ...(f === undefined ? {} : { file: f }), ...(range ? { range } : {}) };
  };
  const exportPlace = (column?: number) => ({
    path: column === undefined ? ['header'] : ['header', column],
    ...(file === undefined ? {} : { file }),
    range: { start: { line: 1, column: (column ?? 0) + 1, offset: 0 }, end: { line: 1, column: (column ?? 0) + 1, offset: 0 } },
  });

  if (mapping.rubric !== undefined && mapping.rubric !== compiled.rubric.id) {
    diagnostics.push(
      createDiagnostic(
        'mapping-rubric-mismatch',
        { mapping: mapping.rubric, rubric: compiled.rubric.id },
        mappingPlace(['rubric']),
      ),
    );
  }

  /** The column a mapping names, or a diagnostic at the mapping's line when the export has none. */
  const columnOf = (written: string, path: (string | number)[]): number | undefined => {
    const i = normalized.indexOf(normalizeLabel(written));
    if (i < 0) {
      diagnostics.push(
        createDiagnostic('mapping-unknown-column', { header: written, headers: headerRows[0] ?? [] }, mappingPlace(path)),
      );
      return undefined;
    }
    used.add(i);
    return i;
  };
  const find = (written: string | undefined, candidates: readonly string[], key: string): number | undefined => {
    if (written !== undefined) return columnOf(written, ['columns', key]);
    for (const candidate of candidates) {
      const c = normalizeLabel(candidate);
      const i = normalized.findIndex((h, j) => !used.has(j) && (h === c || h.split('/').pop() === c));
      if (i >= 0) {
        used.add(i);
        return i;
      }
    }
    return undefined;
  };
  const { columns } = mapping;
  const subject = find(columns.subject, preset.columns.subject, 'subject');
  const special = {
    subjectName: find(columns.subjectName, preset.columns.subjectName, 'subjectName'),
    respondent: find(columns.respondent, preset.columns.respondent, 'respondent'),
    role: find(columns.role, preset.columns.role, 'role'),
    timestamp: find(columns.timestamp, preset.columns.timestamp, 'timestamp'),
    wave: find(columns.wave, preset.columns.wave, 'wave'),
  };
  const attributes: { id: string; column: number }[] = [];
  for (const [id, written] of Object.entries(columns.attributes)) {
    const column = columnOf(written, ['columns', 'attributes', id]);
    if (column !== undefined) attributes.push({ id, column });
  }
  if (subject === undefined && columns.subject === undefined) {
    diagnostics.push(
      createDiagnostic(
        'mapping-no-subject-column',
        { candidates: preset.columns.subject },
        mapping.source ? mappingPlace(['columns'], true) : exportPlace(),
      ),
    );
  }

  // indicators: the explicit list first, then each strategy of the preset (or the mapping) in turn
  const byIndicator = new Map<string, number>();
  const answers: { column: number; indicator: IndicatorNode }[] = [];
  const assign = (indicator: IndicatorNode, column: number) => {
    used.add(column);
    byIndicator.set(indicator.id, column);
    answers.push({ column, indicator });
  };
  for (const [id, written] of Object.entries(mapping.indicators)) {
    const indicator = compiled.byId.get(id);
    if (indicator?.kind !== 'indicator') {
      diagnostics.push(createDiagnostic('mapping-unknown-indicator', { id }, mappingPlace(['indicators', id], true)));
      continue;
    }
    const column = columnOf(written, ['indicators', id]);
    if (column !== undefined) assign(indicator, column);
  }
  const lookups = {
    id: new Map<string, IndicatorNode>(),
    code: new Map<string, IndicatorNode>(),
    question: new Map<string, IndicatorNode>(),
  };
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
  for (const strategy of mapping.match ?? preset.match) {
    for (let i = 0; i < width; i++) {
      if (used.has(i)) continue;
      const candidates = strategy === 'question' ? preset.questions(headersOf(i)) : preset.codes(headersOf(i));
      for (const candidate of candidates) {
        const indicator = lookups[strategy].get(normalizeLabel(candidate));
        if (!indicator) continue;
        if (byIndicator.has(indicator.id)) {
          diagnostics.push(
            createDiagnostic(
              'export-duplicate-column',
              { id: indicator.id, header: header(i), first: header(byIndicator.get(indicator.id) as number) },
              exportPlace(i),
            ),
          );
          used.add(i);
        } else assign(indicator, i);
        break;
      }
    }
  }
  // checklist options spread over columns (LimeSurvey's Q1[opt], Kobo's q/opt beside q)
  const options: { column: number; indicator: IndicatorNode; option: string }[] = [];
  if (preset.optionColumn) {
    for (let i = 0; i < width; i++) {
      if (used.has(i)) continue;
      const found = preset.optionColumn(headersOf(i));
      const indicator = found && lookups.code.get(normalizeLabel(found.code));
      if (!found || !indicator) continue;
      used.add(i);
      // beside a column with the whole answer, option columns only repeat it
      if (byIndicator.has(indicator.id)) continue;
      options.push({ column: i, indicator, option: found.option });
    }
  }
  // evidence: explicit columns, then the column named as the answer's plus the suffix
  const evidence: { column: number; indicator: IndicatorNode }[] = [];
  for (const [id, written] of Object.entries(mapping.evidence.columns)) {
    const indicator = compiled.byId.get(id);
    if (indicator?.kind !== 'indicator') {
      diagnostics.push(createDiagnostic('mapping-unknown-indicator', { id }, mappingPlace(['evidence', 'columns', id], true)));
      continue;
    }
    const column = columnOf(written, ['evidence', 'columns', id]);
    if (column !== undefined) evidence.push({ column, indicator });
  }
  const suffix = mapping.evidence.suffix;
  if (suffix !== undefined) {
    const withEvidence = new Set(evidence.map((e) => e.indicator.id));
    for (const { column, indicator } of answers) {
      if (withEvidence.has(indicator.id)) continue;
      const wanted = normalizeLabel(header(column) + suffix);
      const i = normalized.findIndex((h, j) => !used.has(j) && h === wanted);
      if (i < 0) continue;
      used.add(i);
      evidence.push({ column: i, indicator });
    }
  }
  const metadata = new Set(preset.metadata.map(normalizeLabel));
  const unmapped: number[] = [];
  for (let i = 0; i < width; i++) {
    if (!used.has(i) && !metadata.has(normalized[i] as string) && normalized[i] !== '') unmapped.push(i);
  }
  const optionIndicators = new Set(options.map((o) => o.indicator.id));
  const unanswered = compiled.indicators.filter((n) => !byIndicator.has(n.id) && !optionIndicators.has(n.id)).map((n) => n.id);
  if (unmapped.length > 0) {
    diagnostics.push(
      createDiagnostic(
        'export-unmapped-columns',
        { columns: unmapped.map((i) => `${columnLetters(i)} '${header(i)}'`) },
        exportPlace(unmapped[0]),
      ),
    );
  }
  if (unanswered.length > 0) {
    diagnostics.push(
      createDiagnostic('export-unanswered-indicators', { ids: unanswered, total: compiled.indicators.length }, exportPlace()),
    );
  }
  if (subject === undefined || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
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
    diagnostics,
  };
}
