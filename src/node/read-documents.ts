import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics/diagnostic.js';
import { locate } from '../source/locate.js';
import { readTextFile } from './files.js';

/** The items of a file of documents, and how to point a diagnostic about them at its line and column. */
export interface DocumentItems {
  items: unknown[];
  /** The diagnostic with its range in the file, when its path can be found (`[item index, ...field]`). */
  locate(d: Diagnostic): Diagnostic;
}

/** Files up to this many characters are parsed again, with positions, to locate a diagnostic. */
const LOCATE_LIMIT = 16_000_000;

/**
 * The items of a JSON file mahvan wrote: a list, one object, or one object per line (NDJSON, as `--format
 * ndjson` writes). A line or a file that is not JSON throws a SyntaxError that says where.
 */
export async function readDocumentItems(path: string): Promise<DocumentItems> {
  const text = await readTextFile(path);
  const start = text.search(/\S/);
  if (start < 0) return { items: [], locate: (d) => d };
  if (text[start] === '[') return { items: JSON.parse(text) as unknown[], locate: locator(text, (path) => path) };
  try {
    return { items: [JSON.parse(text)], locate: locator(text, (path) => path.slice(1)) };
  } catch (error) {
    const lines = text.split('\n');
    if (lines.filter((l) => l.trim() !== '').length < 2) throw error;
    const items: unknown[] = [];
    const at: number[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        items.push(JSON.parse(line));
        at.push(i);
      } catch (e) {
        throw new SyntaxError(`line ${i + 1}: ${(e as Error).message}`);
      }
    });
    return { items, locate: lineLocator(lines, at) };
  }
}

/** Locates paths in a JSON text (JSON is YAML, whose parser keeps positions), parsed once when first asked. */
function locator(text: string, within: (path: Diagnostic['path']) => Diagnostic['path']): DocumentItems['locate'] {
  let source: Parameters<typeof locate>[0] | undefined;
  return (d) => {
    if (d.range || text.length > LOCATE_LIMIT) return d;
    if (!source) {
      const lineCounter = new LineCounter();
      source = { text, document: parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter };
    }
    const range = locate(source, within(d.path));
    return range ? { ...d, range } : d;
  };
}

/** Locates paths in NDJSON: item i is on line at[i]; within it, as in JSON. */
function lineLocator(lines: readonly string[], at: readonly number[]): DocumentItems['locate'] {
  return (d) => {
    const index = d.path[0];
    const line = typeof index === 'number' ? at[index] : undefined;
    if (d.range || line === undefined) return d;
    const inLine = locator(lines[line] as string, (path) => path.slice(1))(d).range;
    if (!inLine) return d;
    const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    const shift = (p: Range['start']) => ({ line: p.line + line, column: p.column, offset: p.offset + offset });
    return { ...d, range: { start: shift(inLine.start), end: shift(inLine.end) } };
  };
}
