import { visibleLine } from '../text/visible.js';
import type { Diagnostic } from './diagnostic.js';

/**
 * One line per diagnostic, as editors and CI problem matchers read it: `file:line:col severity code message`
 * (or `file severity code message (at data.path)` when the source has no positions). What came from the input
 * (a cell's text in a message) cannot act on the terminal: control characters and line breaks show as codes.
 */
export function formatDiagnostic(d: Diagnostic, options: { hints?: boolean } = {}): string {
  // without a source position (JSON payloads), the data path says where instead
  const where = d.range ? `${d.file ?? '<input>'}:${d.range.start.line}:${d.range.start.column}` : `${d.file ?? '<input>'}`;
  const at = !d.range && d.path.length ? ` (at ${d.path.join('.')})` : '';
  const line = visibleLine(`${where} ${d.severity} ${d.code} ${d.message}${at}`);
  return options.hints && d.hint ? `${line}\n  hint: ${visibleLine(d.hint)}` : line;
}

/** Formats many diagnostics, one per line (with hints when asked). */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { hints?: boolean } = {}): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join('\n');
}
