import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/locate.js';
import type { Limits } from '../yaml/limits.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { zodDiagnostics } from '../yaml/zod-diagnostics.js';
import { type MappingInput, MappingSchema, type Preset } from './mapping-schema.js';
import type { NumberFormat } from './numbers.js';
import type { TimestampOrder } from './timestamps.js';

/** A mapping with every default applied. */
export interface Mapping {
  rubric?: string;
  preset: Preset;
  headerRows?: number;
  columns: {
    subject?: string;
    subjectName?: string;
    respondent?: string;
    role?: string;
    timestamp?: string;
    wave?: string;
    attributes: Readonly<Record<string, string>>;
  };
  /** How the timestamp column writes dates (undefined: the preset's way). */
  timestamps?: TimestampOrder;
  indicators: Readonly<Record<string, string>>;
  match?: readonly ('id' | 'code' | 'question')[];
  labels: Readonly<Record<string, number | boolean | string>>;
  notApplicable: readonly string[];
  roles: Readonly<Record<string, string>>;
  wave?: string;
  evidence: { suffix?: string; columns: Readonly<Record<string, string>> };
  /** How the export writes numbers; undeclared, the preset's format or only unambiguous texts. */
  numbers?: NumberFormat;
  /** Marks the mapping declares to tick (or leave unticked) a checklist option, beside DEFAULT_CHECKED and DEFAULT_UNCHECKED. */
  checkMarks: { checked: readonly string[]; unchecked: readonly string[] };
  policies: { duplicates: 'latest' | 'first' | 'reject'; invalid: 'reject-row' | 'missing' };
  /** Where the mapping came from, to locate diagnostics about it. */
  source?: YamlSource;
}

/** Labels that mean "not applicable" in the locales mahvan ships, beside the mapping's own. */
export const DEFAULT_NOT_APPLICABLE = ['n/a', 'na', 'not applicable', 'לא רלוונטי', 'לא רלבנטי', 'غير ذي صلة', 'لا ينطبق'];

/** Marks that tick a checklist option in the locales mahvan ships (an option's own label ticks it too). */
export const DEFAULT_CHECKED = [
  'y',
  'yes',
  '1',
  'true',
  'x',
  'v',
  '✓',
  '✔',
  '☑',
  '✅',
  '☒',
  'checked',
  'selected',
  'כן',
  'נבחר',
  'نعم',
];
/** Marks that leave it unticked, beside a blank cell. */
export const DEFAULT_UNCHECKED = [
  'n',
  'no',
  '0',
  'false',
  '-',
  '✗',
  '✘',
  '☐',
  'unchecked',
  'not selected',
  'לא',
  'לא נבחר',
  'لا',
];

/** The mapping used when none is given: a preset's layout and nothing else. */
export function defaultMapping(preset: Preset = 'mahvan'): Mapping {
  return normalizeMapping({ 'mahvan-mapping': 1, preset });
}

/** Applies the mapping's defaults. */
export function normalizeMapping(input: MappingInput, source?: YamlSource): Mapping {
  const c = input.columns ?? {};
  const opt = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    ...opt('rubric', input.rubric),
    preset: input.preset ?? 'mahvan',
    ...opt('headerRows', input.headerRows),
    columns: {
      ...opt('subject', c.subject),
      ...opt('subjectName', c.subjectName),
      ...opt('respondent', c.respondent),
      ...opt('role', c.role),
      ...opt('timestamp', c.timestamp),
      ...opt('wave', c.wave),
      attributes: c.attributes ?? {},
    },
    ...opt('timestamps', input.timestamps),
    indicators: input.indicators ?? {},
    ...opt('match', input.match),
    labels: input.labels ?? {},
    notApplicable: [...DEFAULT_NOT_APPLICABLE, ...(input.notApplicable ?? [])],
    roles: input.roles ?? {},
    ...opt('wave', input.wave),
    evidence: { ...opt('suffix', input.evidence?.suffix), columns: input.evidence?.columns ?? {} },
    ...opt('numbers', input.numbers && { decimal: input.numbers.decimal, thousands: input.numbers.thousands ?? '' }),
    checkMarks: { checked: input.checkMarks?.checked ?? [], unchecked: input.checkMarks?.unchecked ?? [] },
    policies: { duplicates: input.policies?.duplicates ?? 'latest', invalid: input.policies?.invalid ?? 'reject-row' },
    ...opt('source', source),
  };
}

/** A loaded mapping, or why it could not be loaded. */
export type MappingResult =
  | { ok: true; mapping: Mapping; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] };

/** Loads a mapping file from YAML text, with positioned diagnostics like a rubric's. Never throws for content problems. */
export function loadMapping(text: string, options: { file?: string; limits?: Partial<Limits> } = {}): MappingResult {
  const parsed = parseYaml(text, options);
  if (hasErrors(parsed.diagnostics))
    return { ok: false, diagnostics: sortDiagnostics(parsed.diagnostics) as [Diagnostic, ...Diagnostic[]] };
  const validated = MappingSchema.safeParse(parsed.data);
  if (!validated.success) {
    const diagnostics = sortDiagnostics([
      ...parsed.diagnostics,
      ...zodDiagnostics(validated.error.issues, parsed.data, parsed.source),
    ]);
    return { ok: false, diagnostics: diagnostics as [Diagnostic, ...Diagnostic[]] };
  }
  return { ok: true, mapping: normalizeMapping(validated.data, parsed.source), diagnostics: sortDiagnostics(parsed.diagnostics) };
}
