import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes.js';
import type { DataPath, Diagnostic, Range, Severity } from './diagnostic.js';
import { type MessageParams, messages } from './messages.js';

/** Where a diagnostic points, and extras beyond its message. */
export interface DiagnosticPlace {
  path: DataPath;
  file?: string;
  range?: Range;
  severity?: Severity;
  expected?: readonly string[];
  actual?: string;
  related?: Diagnostic['related'];
}

/** Creates a diagnostic whose words come from the catalog; the only way diagnostics are made. */
export function createDiagnostic<C extends DiagnosticCode>(
  code: C,
  params: MessageParams<C>,
  place: DiagnosticPlace,
): Diagnostic {
  const { message, hint } = (messages[code] as (p: MessageParams<C>) => { message: string; hint?: string })(params);
  const d: Diagnostic = { code, severity: place.severity ?? DIAGNOSTIC_CODES[code].severity, message, path: place.path };
  if (place.file !== undefined) d.file = place.file;
  if (place.range) d.range = place.range;
  if (hint) d.hint = hint;
  if (place.expected) d.expected = place.expected;
  if (place.actual !== undefined) d.actual = place.actual;
  if (place.related?.length) d.related = place.related;
  return d;
}
