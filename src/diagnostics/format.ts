import type { Diagnostic } from './diagnostic.js';

/** One line per diagnostic, as editors and CI problem matchers read it: `file:line:col severity code message`. */
export function formatDiagnostic(d: Diagnostic, options: { hints?: boolean } = {}): string {
  const where = `${d.file ?? '<input>'}:${d.range?.start.line ?? 1}:${d.range?.start.column ?? 1}`;
  const line = `${where} ${d.severity} ${d.code} ${d.message}`;
  return options.hints && d.hint ? `${line}\n  hint: ${d.hint}` : line;
}

/** Formats many diagnostics, one per line (with hints when asked). */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { hints?: boolean } = {}): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join('\n');
}
