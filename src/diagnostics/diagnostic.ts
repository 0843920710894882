import type { DiagnosticCode } from './codes.js';

/** A place in a text. `line` and `column` are 1-based, as editors show them; `offset` is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of a text, from `start` to `end` (exclusive). */
export interface Range {
  start: Position;
  end: Position;
}

/** How bad a problem is: errors stop loading, warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A data path inside a document: object keys and array indices. */
export type DataPath = readonly (string | number)[];

/** One problem in a rubric, policy, mapping or survey export. One mistake gives one diagnostic. */
export interface Diagnostic {
  /** Stable kebab-case id; switch on it, never on `message`. */
  code: DiagnosticCode;
  severity: Severity;
  /** One sentence, without location text. */
  message: string;
  /** Where in the document's data the problem is. */
  path: DataPath;
  /** The file the problem is in, when known. */
  file?: string;
  /** The exact source span, when the text is known. */
  range?: Range;
  /** How to fix it. */
  hint?: string;
  /** Values that would have been accepted. */
  expected?: readonly string[];
  /** The value that was found. */
  actual?: string;
  /** Other places that explain this one (e.g. the first of two duplicate ids). */
  related?: readonly { message: string; file?: string; range?: Range }[];
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by file, position, then code, and drops exact repeats, so output is deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file ?? ''}\u0000${d.code}\u0000${d.path.join('\u0001')}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file ?? '', b.file ?? '') ||
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.path.join('.'), b.path.join('.')) ||
    compareStrings(a.message, b.message)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
