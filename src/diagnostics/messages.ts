import type { DiagnosticCode } from './codes.js';

/** The words of one diagnostic. */
export interface Message {
  message: string;
  hint?: string;
}

const list = (items: readonly (string | number)[]) => items.map((i) => `'${i}'`).join(', ');
const didYouMean = (suggestion: string | undefined) => (suggestion ? `Did you mean '${suggestion}'?` : undefined);

/** Describes the text formats that schemas check, for schema-invalid-format. */
const FORMATS: Record<string, string> = {
  id: "an id: ASCII letters and digits, then also '.', '_', ':' or '-'",
};

/** What to do about a date that reads both ways. */
const ORDER_HINT =
  'Declare how the export writes dates in the mapping: timestamps: day-first (01/03/2026 is 1 March, as Israeli and European spreadsheets write) or timestamps: month-first (US).';
/** Where bad bytes of an export are: a cell of a row, or (the whole text decoded) an offset and its line and column. */
interface BadBytes {
  encoding: string;
  cell?: string;
  /** The cell is a header's: its column's name is not what was written (no row is rejected for it). */
  header?: boolean;
  offset?: number;
  line?: number;
  column?: number;
}
const lost = (p: BadBytes) => (p.header ? "the column's name is not what was written" : 'the row is rejected');
const where = (p: BadBytes) =>
  p.line === undefined ? `offset ${p.offset}` : `line ${p.line}, column ${p.column} (offset ${p.offset})`;
/** What became of an invalid answer in an assessment: its document rejected, counted as missing, or left out (scoring). */
const OUTCOME = { rejected: '; the document is rejected', missing: '; counted as missing', 'left-out': '' } as const;

/** Every message, one function per code. Parameters are what the reporting stage knows. */
export const messages = {
  'input-too-large': (p: { size?: number; limit: number; option: string }) => ({
    // a pipe or a device is refused while read: its size is not known
    message:
      p.size === undefined
        ? `The text is longer than the limit of ${p.limit} characters.`
        : `The text has ${p.size} characters, more than the limit of ${p.limit}.`,
    hint: `Raise the limit with ${p.option} if the file is genuine.`,
  }),
  'input-too-deep': (p: { limit: number; option: string }) => ({
    message: `The document nests deeper than ${p.limit} levels.`,
    hint: `Flatten the structure, or raise the limit with ${p.option}.`,
  }),
  'yaml-syntax': (p: { detail: string; hint?: string }) => ({
    message: `YAML syntax error: ${p.detail}`,
    hint: p.hint ?? 'Check indentation, quotes and colons near this place.',
  }),
  'yaml-duplicate-key': (p: { key: string }) => ({
    message: `The key '${p.key}' appears twice in the same mapping.`,
    hint: 'Remove or rename one of them.',
  }),
  'yaml-alias-limit': (p: { limit: number; unit: 'aliases' | 'nodes'; option: string }) => ({
    message:
      p.unit === 'aliases'
        ? `The YAML uses more than ${p.limit} aliases; this is the first one over the limit.`
        : `The YAML's aliases expand to more than ${p.limit} nodes (values, lists and mappings); this one crosses the limit.`,
    hint: `This looks like an alias bomb; if the file is genuine, raise the limit with ${p.option}.`,
  }),
  'yaml-alias-cycle': (p: { alias: string }) => ({
    message: `The alias '*${p.alias}' is inside the node it refers to, so the data would never end.`,
    hint: `Refer to a node outside the one that holds the alias, or write the part you need out in full.`,
  }),
  'yaml-unknown-alias': (p: { alias: string }) => ({
    message: `The alias '*${p.alias}' names no anchor before it.`,
    hint: `Mark the node it stands for with '&${p.alias}' earlier in the file, or correct the alias's name.`,
  }),
  'yaml-collection-key': (p: { key: string }) => ({
    message: `The key ${p.key} is a list or mapping; keys are texts.`,
    hint: `Quote the key if it is meant as text (${JSON.stringify(p.key)}: …), or drop the '?' that starts a complex key.`,
  }),
  'yaml-unknown-tag': (p: { tag: string }) => ({
    message: `The tag ${p.tag} is not one mahvan reads, so the value after it is read as written.`,
    hint: 'Remove the tag: rubric, policy and mapping data are texts, numbers, true/false, lists and mappings.',
  }),
  'forbidden-key': (p: { key: string }) => ({
    message: `The key '${p.key}' is not allowed.`,
    hint: "Keys named '__proto__', 'constructor' or 'prototype' could alter objects; rename it.",
  }),
  'schema-missing-key': (p: { key: string; where: string }) => ({
    message: `${p.where} is missing the required key '${p.key}'.`,
    hint: `Add '${p.key}:'.`,
  }),
  'schema-unknown-key': (p: { key: string; suggestion?: string; known: readonly string[] }) => ({
    message: `Unknown key '${p.key}'.`,
    hint:
      didYouMean(p.suggestion) ?? `Allowed keys here: ${list(p.known)}. Keys starting with 'x-' are kept as your own metadata.`,
  }),
  'schema-invalid-type': (p: { expected: string; actual: string; hint?: string }) => ({
    message: `Expected ${p.expected}, found ${p.actual}.`,
    ...(p.hint ? { hint: p.hint } : {}),
  }),
  'schema-invalid-value': (p: { expected: readonly (string | number)[]; actual: string; suggestion?: string }) => ({
    message: `'${p.actual}' is not allowed here; expected ${p.expected.length === 1 ? list(p.expected) : `one of ${list(p.expected)}`}.`,
    ...(didYouMean(p.suggestion) ? { hint: didYouMean(p.suggestion) } : {}),
  }),
  'schema-invalid-format': (p: { format: string; actual: string }) => ({
    message: `'${p.actual}' is not ${FORMATS[p.format] ?? p.format}.`,
    hint: 'Use only the characters the format allows.',
  }),
  'schema-out-of-range': (p: { bound: 'min' | 'max'; limit: number; actual: string }) => ({
    message: `${p.actual} is ${p.bound === 'min' ? 'below the minimum' : 'above the maximum'} of ${p.limit}.`,
  }),
  'schema-too-few': (p: { what: 'list' | 'text'; minimum: number }) => ({
    message: p.what === 'list' ? `The list needs at least ${p.minimum} item(s).` : 'The text is empty.',
  }),
  'invalid-locale': (p: { tag: string }) => ({
    message: `'${p.tag}' is not a valid BCP 47 language tag.`,
    hint: "Use a tag such as 'he', 'ar', 'en' or 'en-GB'.",
  }),
  'unknown-locale': (p: { tag: string; declared: readonly string[] }) => ({
    message: `The locale '${p.tag}' is not declared in locales.`,
    hint: `Declared locales: ${list(p.declared)}. Add '${p.tag}' to locales or use one of them.`,
  }),
  'undeclared-locale-text': (p: { tag: string }) => ({
    message: `This text has a translation in '${p.tag}', which the rubric does not declare.`,
    hint: `Add '${p.tag}' to locales, or remove the translation.`,
  }),
  'missing-translation': (p: { missing: readonly string[] }) => ({
    message: `This text has no translation in ${list(p.missing)}.`,
    hint: 'Add the translation, or declare a fallback locale under fallbacks.',
  }),
  'duplicate-id': (p: { id: string; kind: string }) => ({
    message: `The ${p.kind} id '${p.id}' is already used.`,
    hint: 'Ids must be unique; rename one of them.',
  }),
  'unknown-scale': (p: { name: string; suggestion?: string; known: readonly string[] }) => ({
    message: `No scale is named '${p.name}'.`,
    hint: didYouMean(p.suggestion) ?? `Defined scales: ${list(p.known)}.`,
  }),
  'unknown-level': (p: { name: string; where: string; suggestion?: string; known: readonly (string | number)[] }) => ({
    message: `'${p.name}' is not a level of ${p.where}.`,
    hint: didYouMean(p.suggestion) ?? `Levels: ${list(p.known)}.`,
  }),
  'unknown-role': (p: { name: string; suggestion?: string; known: readonly string[] }) => ({
    message: `No respondent role is named '${p.name}'.`,
    hint: didYouMean(p.suggestion) ?? (p.known.length ? `Declared roles: ${list(p.known)}.` : 'Declare it under roles.'),
  }),
  'unknown-attribute': (p: { name: string; suggestion?: string; known: readonly string[] }) => ({
    message: `No attribute is named '${p.name}'.`,
    hint:
      didYouMean(p.suggestion) ?? (p.known.length ? `Declared attributes: ${list(p.known)}.` : 'Declare it under attributes.'),
  }),
  'invalid-attribute': (p: { id: string; reason: string }) => ({
    message: `The attribute '${p.id}' is not valid: ${p.reason}.`,
    hint: 'See attributes in docs/rubric-format.md.',
  }),
  'invalid-fact': (p: { reason: string }) => ({
    message: `This fact cannot answer its indicator: ${p.reason}.`,
    hint: 'See facts in docs/subjects.md.',
  }),
  'unknown-aggregation': (p: { name: string; suggestion?: string; known: readonly string[] }) => ({
    message: `No aggregation method is named '${p.name}'.`,
    hint: didYouMean(p.suggestion) ?? `Methods: ${list(p.known)}, or register your own.`,
  }),
  'invalid-aggregation-options': (p: { method: string; detail: string }) => ({
    message: `The options of '${p.method}' are not valid: ${p.detail}`,
    hint: 'See the aggregation methods in docs/rubric-format.md.',
  }),
  'negative-weight': (p: { weight: number }) => ({
    message: `The weight ${p.weight} is negative.`,
    hint: 'Weights are relative shares; use 0 to keep an item without counting it.',
  }),
  'weight-too-large': (p: { weight: number; max: number }) => ({
    message: `The weight ${p.weight} is above ${p.max.toLocaleString('en')}: sums of such weights lose their precision or overflow.`,
    hint: 'Weights are relative shares: divide the weights of this group by a common factor.',
  }),
  'zero-weights': (p: { group: string }) => ({
    message: `Every child of '${p.group}' has weight 0, so it cannot be scored.`,
    hint: 'Give at least one child a positive weight.',
  }),
  'bands-not-increasing': (p: { what: string; previous: number; actual: number }) => ({
    message: `${p.what} must increase: ${p.actual} follows ${p.previous}.`,
    hint: 'List them from lowest to highest, each above the one before.',
  }),
  'bands-not-covering': (p: { what: string; detail: string }) => ({
    message: `${p.what} do not cover the scale: ${p.detail}`,
    hint: 'Start the first band at the lowest value of the scale.',
  }),
  'tier-mismatch': (p: { detail: string; tiers: readonly string[] }) => ({
    message: p.detail,
    hint: `The declared tiers are ${p.tiers.join(' → ')}; groups (with children) sit above the last tier and indicators (with a scale) on it.`,
  }),
  'misplaced-key': (p: { key: string; kind: 'group' | 'indicator' }) => ({
    message: `'${p.key}' has no meaning on ${p.kind === 'group' ? 'a group' : 'an indicator'}.`,
    hint:
      p.kind === 'group'
        ? `Move '${p.key}' to the indicators under this group.`
        : `'${p.key}' belongs on groups (nodes with children).`,
  }),
  'mixed-ranges': (p: { group: string; ranges: string }) => ({
    message: `The parts of ${p.group.startsWith('the ') ? p.group : `'${p.group}'`} have different score ranges (${p.ranges}).`,
    hint: "Give their scales the same points range, or use the 'sum' method.",
  }),
  'target-out-of-range': (p: { target: number; min: number; max: number; what?: string; node?: string }) => ({
    message: `The ${p.what ?? 'target'} ${p.target} lies outside the score range ${p.min}..${p.max}${p.node ? ` of '${p.node}', which takes it` : ''}.`,
  }),
  'assessment-unknown-indicator': (p: { id: string; respondent: string }) => ({
    message: `Respondent '${p.respondent}' answers '${p.id}', which is not an indicator of this rubric; the answer is left out.`,
    hint: 'Check the indicator id, or the rubric version the assessment was made for.',
  }),
  'assessment-unknown-role': (p: { role: string; respondent: string }) => ({
    message: `Respondent '${p.respondent}' has the role '${p.role}', which the rubric does not declare.`,
    hint: 'Use one of the rubric’s roles; until then the respondent counts only for indicators open to every role.',
  }),
  'assessment-invalid-answer': (p: { id: string; respondent: string; reason: string; outcome?: 'rejected' | 'missing' }) => ({
    message: `The answer of '${p.respondent}' to '${p.id}' is not valid: ${p.reason}${OUTCOME[p.outcome ?? 'left-out']}.`,
    hint:
      p.outcome === 'rejected'
        ? "Correct it in the source, or count such answers as missing (mahvan score --invalid missing; invalid: 'missing')."
        : 'The answer is left out of the score; correct it in the source.',
  }),
  'assessment-shape': (p: { where: string; reason: string }) => ({
    message: `In ${p.where}: ${p.reason}.`,
    hint: 'mahvan schema --rubric R prints the schema assessments for rubric R must follow.',
  }),
  'mapping-rubric-mismatch': (p: { mapping: string; rubric: string }) => ({
    message: `The mapping is for the rubric '${p.mapping}', not '${p.rubric}'.`,
    hint: 'Use the mapping written for this rubric, or correct its rubric: line.',
  }),
  'mapping-unknown-column': (p: { header: string; headers: readonly string[] }) => ({
    message: `The export has no column '${p.header}'.`,
    hint: (() => {
      const s = suggest(p.header, p.headers);
      return s ? `Did you mean '${s}'?` : `Its columns start: ${list(p.headers.slice(0, 6))}.`;
    })(),
  }),
  'mapping-unknown-indicator': (p: { id: string }) => ({
    message: `The rubric has no indicator '${p.id}'.`,
    hint: 'Use the indicator ids of the rubric (mahvan template --rubric R lists them).',
  }),
  'mapping-no-subject-column': (p: { candidates: readonly string[] }) => ({
    message: 'No column says which subject (authority) each row is about.',
    hint: `Name it in the mapping under columns: subject:, or call the column one of ${list(p.candidates.slice(0, 3))}.`,
  }),
  'export-invalid-bytes': (p: BadBytes) => ({
    message: p.cell
      ? `Cell ${p.cell} holds bytes that are not valid ${p.encoding}; ${lost(p)}.`
      : `The bytes at ${where(p)} are not valid ${p.encoding}.`,
    hint: 'Name the right encoding with --encoding (utf-8, utf-16le, utf-16be, windows-1255, windows-1256), or re-export as UTF-8.',
  }),
  'export-nul-byte': (p: BadBytes) => ({
    message: p.cell
      ? `Cell ${p.cell} holds a NUL (zero) byte, which no ${p.encoding} text holds; ${lost(p)}.`
      : `The byte at ${where(p)} is a NUL (zero) byte, which no ${p.encoding} text holds.`,
    hint: 'The file is damaged, or it is UTF-16: name that with --encoding utf-16le or utf-16be, or remove the byte and export again.',
  }),
  'export-ambiguous-encoding': (p: { encodings: readonly string[] }) => ({
    message: `The export's letters read as well in ${p.encodings.join(' as in ')}: which one it is cannot be told from its bytes.`,
    hint: `Name it with --encoding (${p.encodings.join(' or ')}; the encoding option of readExportFile), or re-export as UTF-8.`,
  }),
  'export-empty': (_: Record<string, never>) => ({
    message: 'The export has no header row.',
    hint: 'Export again with the column headers included.',
  }),
  'export-header-rows': (p: { rows: number; kinds: readonly string[] }) => ({
    message:
      p.rows === 1
        ? `Row 1 is read as the header (export tags); responses start at row 2: no row of question texts or ImportIds follows it.`
        : `Rows 1–${p.rows} are read as the header (${['export tags', ...p.kinds].join(', ')}); responses start at row ${p.rows + 1}.`,
    hint: 'Set headerRows: in the mapping (or --header-rows) if that is not so.',
  }),
  'export-xlsx-too-large': (p: { unpacked: number; limit: number; option: string }) => ({
    message: `The workbook unpacks to ${p.unpacked} bytes, more than the limit of ${p.limit}: a workbook is read whole into memory, at many times that size.`,
    hint: `Save the sheet as CSV (read as a stream, bounded by the row limit only), or raise the limit with ${p.option} if this machine has the memory.`,
  }),
  'export-no-sheet': (p: { sheet: string; sheets: readonly string[]; suggestion?: string }) => ({
    message: `The workbook has no sheet '${p.sheet}'; its sheets are ${list(p.sheets)}.`,
    hint: didYouMean(p.suggestion) ?? 'Name one of its sheets with --sheet, or leave --sheet out to read the first.',
  }),
  'export-duplicate-column': (p: { id: string; header: string; first: string }) => ({
    message: `The column '${p.header}' answers '${p.id}', which '${p.first}' already answers; it is ignored.`,
    hint: 'Name the right column for this indicator under indicators: in the mapping.',
  }),
  'export-unmapped-columns': (p: { columns: readonly string[] }) => ({
    message: `${p.columns.length} column(s) answer no indicator: ${p.columns.slice(0, 5).join(', ')}${p.columns.length > 5 ? ', …' : ''}.`,
    hint: 'Map them under indicators: in the mapping if they should count.',
  }),
  'export-unanswered-indicators': (p: { ids: readonly string[]; total: number }) => ({
    message: `${p.ids.length} of ${p.total} indicators have no column: ${p.ids.slice(0, 5).join(', ')}${p.ids.length > 5 ? ', …' : ''}.`,
    hint: 'Their answers count as missing; map their columns under indicators: if the export has them.',
  }),
  'row-extra-cells': (p: { cell: string; value: string; columns: number }) => ({
    message: `Cell ${p.cell} holds '${p.value.length > 40 ? `${p.value.slice(0, 40)}…` : p.value}' past the header's ${p.columns} columns; the row is rejected.`,
    hint: 'A line break or delimiter inside an unquoted cell splits or joins rows: put that cell in quotes, or export the file again.',
  }),
  'row-missing-subject': (p: { cell: string; header: string; value?: string }) =>
    p.value
      ? {
          message: `Cell ${p.cell} (column '${p.header}') holds the spreadsheet error '${p.value}', not a subject id; the row is rejected.`,
          hint: 'Fix the formula that gives the subject id, or type the id in.',
        }
      : {
          message: `Row has no subject id (cell ${p.cell}, column '${p.header}'); it is rejected.`,
          hint: 'Fill in the subject id, or remove the row.',
        },
  'row-invalid-answer': (p: {
    cell: string;
    header: string;
    value: string;
    reason: string;
    rejected: boolean;
    hint?: string;
  }) => ({
    message: `Cell ${p.cell} (column '${p.header}') holds '${p.value}': ${p.reason}${p.rejected ? '; the row is rejected' : '; counted as missing'}.`,
    hint: p.hint ?? 'Correct the cell, or add the label under labels: in the mapping.',
  }),
  'row-invalid-attribute': (p: {
    cell: string;
    attribute: string;
    value: string;
    reason: string;
    hint?: string;
    suggestion?: string;
    known?: readonly (string | number)[];
  }) => ({
    message: `Cell ${p.cell} gives the attribute '${p.attribute}' the value '${p.value}': ${p.reason}; it is kept as written, so policies and peer groups may not recognise it.`,
    hint:
      p.hint ??
      didYouMean(p.suggestion ?? (p.known && suggest(p.value, p.known.map(String)))) ??
      `Use one of ${list(p.known ?? [])}, or add the value to the attribute's values: in the rubric.`,
  }),
  'subjects-no-key': (p: { headers: readonly string[]; key?: string }) => ({
    message:
      p.key === undefined
        ? `The subjects file has no column of subject ids (its columns: ${list(p.headers)}).`
        : `The subjects file has no column '${p.key}' (its columns: ${list(p.headers)}).`,
    hint: 'Name the key column with --subjects-key (subjectsKey), or call it subject.',
  }),
  'subjects-year-needed': (p: { years: readonly string[]; year?: string }) => ({
    message:
      p.years.length === 0
        ? `The subjects file has no year column, so the year ${p.year} cannot be chosen.`
        : p.year === undefined
          ? `The subjects file has rows for ${list(p.years)}, and no year was chosen.`
          : `The subjects file has no rows for ${p.year}; it has ${list(p.years)}.`,
    hint:
      p.years.length === 0 ? 'Leave out --subjects-year.' : 'Choose the year of the facts with --subjects-year (subjectsYear).',
  }),
  'subjects-unknown-column': (p: { header: string; cell: string; suggestion?: string }) => ({
    message: `Column ${p.cell} '${p.header}' of the subjects file is no attribute of the rubric; it is not read.`,
    hint:
      didYouMean(p.suggestion) ??
      "Declare the attribute under attributes: in the rubric (its id or title as the column's header), or remove the column.",
  }),
  'subjects-missing-key': (p: { cell: string; column: string }) => ({
    message: `Cell ${p.cell} (column '${p.column}') has no subject id; the row is rejected.`,
    hint: 'Fill in the subject id, or remove the row.',
  }),
  'subjects-duplicate-key': (p: { cell: string; id: string; first: string }) => ({
    message: `Cell ${p.cell} repeats the subject '${p.id}' of ${p.first}; neither row is used, so its facts are missing.`,
    hint: 'Keep one row per subject (and year or wave).',
  }),
  'subjects-invalid-value': (p: {
    cell: string;
    column: string;
    attribute: string;
    value: string;
    type: string;
    reason: string;
    hint?: string;
    suggestion?: string;
    known?: readonly (string | number)[];
  }) => ({
    message: `Cell ${p.cell} (column '${p.column}') gives the ${p.type} '${p.attribute}' the value '${p.value}': ${p.reason}; the fact is missing for this subject.`,
    hint: p.hint ?? didYouMean(p.suggestion) ?? (p.known ? `Use one of ${list(p.known)}.` : 'Correct the cell.'),
  }),
  'subjects-not-in-file': (p: { count: number; ids: readonly string[] }) => ({
    message: `${p.count} assessed subject${p.count === 1 ? ' has' : 's have'} no row in the subjects file (${idList(p.ids, p.count)}); their facts are missing.`,
    hint: 'Add their rows to the subjects file, or check that their ids are written the same in both files.',
  }),
  'subjects-not-assessed': (p: { count: number; ids: readonly string[] }) => ({
    message: `${p.count} subject${p.count === 1 ? '' : 's'} of the subjects file ${p.count === 1 ? 'was' : 'were'} never assessed: ${idList(p.ids, p.count)}.`,
    hint: 'Who did not answer is information too: follow them up.',
  }),
  'subjects-conflict': (p: { subject: string; attribute: string; survey: string; register: string; cell: string }) => ({
    message: `Respondents give '${p.subject}' the ${p.attribute} '${p.survey}', the subjects file (${p.cell}) '${p.register}'; the register's value is used.`,
    hint: 'Check the register, or stop asking respondents what the register knows.',
  }),
  'fact-missing': (p: { indicator: string; subject: string; reason: string }) => ({
    message: `'${p.subject}' has no fact for '${p.indicator}': ${p.reason}; it is missing, not zero.`,
    hint: 'Complete the subjects file.',
  }),
  'assessment-fact-answered': (p: { id: string; respondent: string }) => ({
    message: `Respondent '${p.respondent}' answered '${p.id}', which takes its answer from the subjects file; the answer is not counted.`,
    hint: 'Leave the indicator out of the answers; give the fact in the subjects file (--subjects).',
  }),
  'export-fact-column': (p: { id: string; header: string; cell: string }) => ({
    message: `Column ${p.cell} '${p.header}' answers '${p.id}', which takes its answer from the subjects file; it is not read.`,
    hint: 'Remove the question from the survey; give the fact in the subjects file (--subjects).',
  }),
  'export-subject-ids-merged': (p: { cell: string; value: string; subject: string; first: string; by: 'case' | 'marks' }) => ({
    message: `Cell ${p.cell} holds the subject id '${p.value}', which differs from '${p.subject}' (in ${p.first}) only in ${p.by === 'case' ? 'case' : 'invisible direction marks, the kind of hyphen or spacing'}: both are read as '${p.subject}'.`,
    hint: 'If they are different subjects, give them ids that differ in letters or digits.',
  }),
  'row-unknown-role': (p: { cell: string; value: string; roles: readonly string[] }) => ({
    message: `Cell ${p.cell} holds the role '${p.value}', which is not a role of the rubric; the row is rejected.`,
    hint: `Map the label to one of ${list(p.roles)} under roles: in the mapping.`,
  }),
  'row-duplicate': (p: { respondent: string; subject: string; kept: number; policy: string }) => ({
    message: `Respondent '${p.respondent}' of '${p.subject}' submitted more than once; ${p.policy === 'reject' ? 'every submission is rejected' : `row ${p.kept} is kept`}.`,
    hint: 'Set policies: duplicates: latest, first or reject in the mapping (or --duplicates).',
  }),
  'row-duplicate-unordered': (p: {
    respondent: string;
    subject: string;
    count: number;
    policy: string;
    note: string;
    ambiguous: boolean;
  }) => ({
    message: `Respondent '${p.respondent}' of '${p.subject}' submitted ${p.count} times, and which is the ${p.policy === 'first' ? 'first' : 'latest'} is unknown: ${p.note}; every submission is rejected.`,
    hint: p.ambiguous ? ORDER_HINT : 'Fill in or correct the timestamp, or set policies: duplicates: reject in the mapping.',
  }),
  'row-unreadable-timestamp': (p: {
    cell: string;
    header: string;
    value: string;
    why: string;
    ambiguous: boolean;
    others?: number;
  }) => ({
    message: `Cell ${p.cell} (column '${p.header}') holds '${p.value}': ${p.why}; its time is unknown${p.others ? `, as is the time of ${p.others} other cell(s) of this column that ${p.ambiguous ? 'read both ways' : 'are not a date and time'}` : ''}.`,
    hint: p.ambiguous
      ? ORDER_HINT
      : `Write it as 2026-03-01 14:05 (always read), or declare the order of the dates under timestamps: in the mapping.`,
  }),
  'document-shape': (p: { what: string; item: string; where: string; reason: string; earlier?: boolean }) => ({
    message: `${p.item}: ${p.where ? `${p.where} ` : ''}${p.reason}.`,
    hint: p.earlier
      ? `It was written by an earlier version of mahvan: write it again with mahvan ${p.what === 'profile' ? 'score' : 'recommend'}.`
      : `Give the ${p.what}s as mahvan ${p.what === 'profile' ? 'score' : 'recommend'} writes them (schema/${p.what}.schema.json describes them).`,
  }),
  'document-rubric-mismatch': (p: { item: string; kind: string; found: string; expected: string; more?: number }) => ({
    message: `${p.item}${p.more ? ` and ${p.more} more like it` : ''} ${p.more ? 'were' : 'was'} made with the ${p.kind} ${p.found}, not ${p.expected}.`,
    hint: `Give the ${p.kind} ${p.found}, or make ${p.more ? 'them' : 'it'} again with ${p.expected}.`,
  }),
  'document-rubric-unnamed': (p: { item: string; expected: string; more?: number }) => ({
    message: `${p.item}${p.more ? ` and ${p.more} more like it` : ''} ${p.more ? 'do' : 'does'} not name the rubric ${p.more ? 'they were' : 'it was'} scored with; read as scored with ${p.expected}, whose nodes ${p.more ? 'they have' : 'it has'}.`,
    hint: 'Score the answers again with mahvan score, which names the rubric in every profile.',
  }),
  'document-nodes-mismatch': (p: { item: string; version?: string; detail: string }) => ({
    message: `${p.item} does not fit the rubric's nodes: ${p.detail}.`,
    hint:
      p.version === undefined
        ? 'It does not name the rubric it was scored with: give that rubric, or score the answers again with this one.'
        : `It was scored with version ${p.version} of the rubric: give that version, or score the answers again with this one.`,
  }),
  'compare-unmatched': (p: { id: string; version: string }) => ({
    message: `'${p.id}' has no counterpart in the earlier wave (rubric version ${p.version}); it is not compared.`,
    hint: `If it continues an earlier node, say so with replaces: [old-id] on '${p.id}'.`,
  }),
  'export-unreadable': (p: { detail: string }) => ({
    message: `The file cannot be read as XLSX (${p.detail}).`,
    hint: 'It may be cut off or not a spreadsheet: export it again, or save it as CSV.',
  }),
  'export-truncated': (p: { row: number; cell?: string; lines?: number }) =>
    p.cell && p.lines
      ? {
          message: `Cell ${p.cell} opens a quote that is never closed: the ${p.lines} line(s) after it were read into that cell, to the end of the file. Row ${p.row} is rejected.`,
          hint: 'A quote inside a cell is written twice (""); close or double the quote. If the file was cut off, export it again.',
        }
      : {
          message: `The export ends in the middle of row ${p.row}: the file looks cut off. That row is rejected.`,
          hint: 'Download or copy the export again; the rows before it were read.',
        },
  'export-row-too-large': (p: { row: number; cell: string; bytes: number; limit: number; option: string; unclosed: boolean }) =>
    p.unclosed
      ? {
          message: `Cell ${p.cell} opens a quote that is never closed: the rest of the file (${p.bytes} bytes) was read into row ${p.row}, past the limit of ${p.limit} bytes a row. Row ${p.row} is rejected.`,
          hint: `A quote inside a cell is written twice (""); close or double the quote. If the file was cut off, export it again. The limit is raised with ${p.option}.`,
        }
      : {
          message: `Row ${p.row} is ${p.bytes} bytes long, past the limit of ${p.limit} bytes a row (reached in cell ${p.cell}); it is rejected unread.`,
          hint: `A quote opened in a cell and closed rows later reads the lines between into that cell: check the quotes around ${p.cell}. If the row is genuine, raise the limit with ${p.option}.`,
        },
  'export-too-many-rows': (p: { limit: number; option: string }) => ({
    message: `The export has more than ${p.limit} rows; the rows after that are not read.`,
    hint: `Raise the limit with ${p.option} if the export is genuine.`,
  }),
  'policy-rubric-mismatch': (p: { policy: string; rubric: string }) => ({
    message: `The policy is for the rubric '${p.policy}', not '${p.rubric}'.`,
    hint: 'Use the policy written for this rubric, or correct its rubric: line.',
  }),
  'policy-unknown-operator': (p: { operator: string; suggestion?: string }) => ({
    message: `'${p.operator}' is not an operator of the condition language.`,
    hint:
      didYouMean(p.suggestion) ??
      'Conditions are JSON Logic (and, or, !, <, <=, ==, in, …) plus score, level, gap, coverage, confidence, change, flag, attribute, nodes; see docs/policy-format.md.',
  }),
  'policy-invalid-operands': (p: { operator: string; expected: string }) => ({
    message: `'${p.operator}' takes ${p.expected}.`,
    hint: 'Write the operands as a list: {"<=": [{score: MG.FIN}, 1.5]}.',
  }),
  'policy-unknown-node': (p: { id: string; suggestion?: string }) => ({
    message: `The rubric has no node '${p.id}'.`,
    hint: didYouMean(p.suggestion) ?? "Use a node id of the rubric, or 'overall'.",
  }),
  'policy-unknown-level': (p: { level: string; node: string; known: readonly string[]; suggestion?: string }) => ({
    message: `'${p.node}' has no level '${p.level}'.`,
    hint: didYouMean(p.suggestion) ?? `Its levels: ${list(p.known)}.`,
  }),
  'policy-unknown-attribute': (p: { name: string; known: readonly string[]; suggestion?: string }) => ({
    message: `The rubric declares no subject attribute '${p.name}'.`,
    hint:
      didYouMean(p.suggestion) ??
      (p.known.length ? `Declared attributes: ${list(p.known)}.` : "Declare it under the rubric's attributes: list."),
  }),
  'policy-unknown-attribute-value': (p: {
    name: string;
    value: string;
    known: readonly (string | number)[];
    suggestion?: string;
  }) => ({
    message: `The attribute '${p.name}' never takes the value '${p.value}'.`,
    hint: didYouMean(p.suggestion) ?? `Its values: ${list(p.known)}.`,
  }),
  'policy-unknown-flag': (p: { flag: string; known: readonly string[]; suggestion?: string }) => ({
    message: `Scoring never sets the flag '${p.flag}'.`,
    hint: didYouMean(p.suggestion) ?? `Flags: ${list(p.known)}.`,
  }),
  'policy-unknown-track': (p: { id: string; suggestion?: string }) => ({
    message: `The policy defines no track '${p.id}'.`,
    hint: didYouMean(p.suggestion) ?? 'Define it under tracks:, or correct the id.',
  }),
  'policy-unknown-measure': (p: { id: string; suggestion?: string }) => ({
    message: `The policy defines no measure '${p.id}'.`,
    hint: didYouMean(p.suggestion) ?? 'Define it under measures:, or correct the id.',
  }),
  'policy-allocation-unit': (p: { what: string; amount: number; unit: number }) => ({
    message: `The ${p.what} ${p.amount} is not a whole number of the unit ${p.unit}, so no payment could be exactly it.`,
    hint: `Round it to a multiple of ${p.unit}, or declare a smaller unit (0.01 for agorot).`,
  }),
  'policy-allocation-bounds': (p: { floor: number; cap: number }) => ({
    message: `The floor ${p.floor} is above the cap ${p.cap}: no amount could respect both.`,
    hint: 'Lower the floor or raise the cap.',
  }),
  'alternatives-duplicate-id': (p: { id: string }) => ({
    message: `Two alternatives have the id '${p.id}'.`,
    hint: 'Give each alternative its own id: the results name the alternative that changes a decision by it.',
  }),
} satisfies Record<DiagnosticCode, (params: never) => Message>;

/** The parameters the message of `code` needs. */
export type MessageParams<C extends DiagnosticCode> = Parameters<(typeof messages)[C]>[0];

/** Ids as a plain list, the first of `count` (ids are data: no quotes), and how many more there are. */
const idList = (ids: readonly string[], count: number) =>
  `${ids.join(', ')}${count > ids.length ? ` and ${count - ids.length} more` : ''}`;

/** Closest candidate by edit distance, when close enough to be a likely typo. */
export function suggest(actual: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(actual.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(actual.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}
