import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { DataPath, Position, Range } from '../diagnostics/diagnostic.js';

/** A parsed YAML text with what is needed to turn data paths into line and column. */
export interface YamlSource {
  file?: string;
  text: string;
  document: Document;
  lineCounter: LineCounter;
}

/** Converts a 0-based character offset into a 1-based line and column. */
export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col, offset };
}

/** The range between two offsets. */
export function rangeAt(lineCounter: LineCounter, start: number, end: number): Range {
  return { start: positionAt(lineCounter, start), end: positionAt(lineCounter, end) };
}

/**
 * Finds the source range of the node at `path`. With `key`, points at the last segment's key instead of
 * its value (for unknown and duplicate keys). When the path does not exist, falls back to the closest
 * existing ancestor, as editors expect for a missing key.
 */
export function locate(source: YamlSource, path: DataPath, options: { key?: boolean } = {}): Range | undefined {
  const { document, lineCounter } = source;
  let node: unknown = document.contents;
  let range = nodeRange(node);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(document);
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) break;
      const keyRange = nodeRange(pair.key);
      if (last && options.key) return toRange(lineCounter, keyRange);
      node = pair.value;
      // `key:` with no value has no value node: point at the key
      range = nodeRange(node) ?? keyRange ?? range;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      range = nodeRange(node) ?? range;
    } else {
      break;
    }
  }
  return toRange(lineCounter, range);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function nodeRange(node: unknown): [number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function toRange(lineCounter: LineCounter, r: [number, number] | undefined): Range | undefined {
  return r ? rangeAt(lineCounter, r[0], r[1]) : undefined;
}
