import type { Position } from '../diagnostics/diagnostic.js';

/** One item of a JSON file, as text, and where it starts. */
export interface JsonItemText {
  text: string;
  start: Position;
  /** The item parsed, when the scanner has parsed it already. */
  value?: unknown;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const isSpace = (c: number) => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
/** The next quote or backslash: what ends a run of string characters. */
const STRING_END = /["\\]/g;
/** The next character that matters inside an item's brackets. */
const INSIDE_END = /["[\]{}\n]/g;

/**
 * Finds the items of a JSON text given in chunks, so a file is never held whole: the elements of a top-level
 * list, or the top-level values one after another (one object, or one per line as NDJSON writes them). It
 * tracks only strings, escapes and brackets; each item's own syntax is JSON.parse's to check. Broken structure
 * (an unclosed list, a stray or mismatched bracket) throws a SyntaxError that says at which line and column.
 */
export class JsonItemScanner {
  /** 'list' once a top-level '[' is seen, 'values' once anything else is; undefined while only spaces came. */
  kind: 'list' | 'values' | undefined;
  private readonly at: Position = { offset: 0, line: 1, column: 1 };
  /** The closing bracket of each open list and object, the top-level list's included. */
  private readonly open: number[] = [];
  private inString = false;
  private escaped = false;
  /** In a list: whether a ',' came last (an item must follow), and whether its ']' came. */
  private afterComma = false;
  private closed = false;
  /** The item being read: its text from earlier chunks, where it starts, and where it starts in this chunk. */
  private item: { pieces: string[]; start: Position; from: number } | undefined;

  constructor(private readonly onItem: (item: JsonItemText) => void) {}

  /** Scans the next chunk of text, calling onItem for each item that ends in it. */
  push(chunk: string): void {
    if (this.item) this.item.from = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      if (this.item === undefined && this.open.length === 0 && this.kind !== 'list') {
        i = this.wholeLine(chunk, i);
        if (i === chunk.length) break;
      }
      if (this.item && this.open.length > (this.kind === 'list' ? 1 : 0)) {
        i = this.skipInside(chunk, i);
        if (i === chunk.length) break;
      }
      const c = chunk.charCodeAt(i);
      if (this.item) this.inItem(c, chunk, i);
      else if (!isSpace(c)) this.between(c, chunk, i);
      this.advance(c);
    }
    if (this.item) this.item.pieces.push(chunk.slice(this.item.from));
  }

  /** Ends the text: throws when a string, an item or the list is left open. */
  end(): void {
    if (this.inString) throw this.error('the text ends inside a string');
    if (this.kind === 'list' && !this.closed) throw this.error("the list is not closed with ']'");
    if (this.open.length > 0) throw this.error('the text ends inside an item');
    // a scalar among values ends with the text
    if (this.item) this.finish(this.item.pieces.join(''));
  }

  /** Characters of a string from `i`, up to its closing quote; returns the index of the last one looked at. */
  private skipString(chunk: string, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      this.advance(chunk.charCodeAt(i));
      return i;
    }
    STRING_END.lastIndex = i;
    const found = STRING_END.exec(chunk);
    // JSON strings hold no raw line breaks: the run moves the column only
    const end = found ? found.index : chunk.length - 1;
    this.at.offset += end - i;
    this.at.column += end - i;
    if (!found) {
      this.advance(chunk.charCodeAt(end));
      return end;
    }
    if (chunk.charCodeAt(end) === BACKSLASH) this.escaped = true;
    else this.inString = false;
    this.advance(chunk.charCodeAt(end));
    return end;
  }

  /**
   * Between values, a line that is one JSON value (a line of NDJSON) is an item, parsed here at once: scanning it
   * character by character would cost more than parsing it. Returns the index of the line's end, or `i` when the
   * line is not that (the characters are then scanned as usual, to find the items and say where one is broken).
   */
  private wholeLine(chunk: string, i: number): number {
    const c = chunk.charCodeAt(i);
    if (isSpace(c) || (this.kind === undefined && c === OPEN_LIST)) return i;
    const end = chunk.indexOf('\n', i);
    if (end < 0) return i;
    const line = chunk.slice(i, end);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return i;
    }
    // JSON's own spaces only: trimEnd would also take spaces JSON.parse refuses (the pattern only when there
    // are some: on a long line it is tried at every character)
    const last = line.charCodeAt(line.length - 1);
    const text = last === 0x20 || last === 0x09 || last === 0x0d ? line.replace(/[ \t\r]+$/, '') : line;
    this.kind = 'values';
    this.onItem({ text, start: { ...this.at }, value });
    this.at.offset += end - i;
    this.at.column += end - i;
    return end;
  }

  /**
   * Inside an item's brackets only quotes, brackets and line breaks matter (a ',' or a space ends no item there):
   * moves over the characters before the next of them; returns its index, or the chunk's length when none is left.
   */
  private skipInside(chunk: string, i: number): number {
    INSIDE_END.lastIndex = i;
    const found = INSIDE_END.exec(chunk);
    const end = found ? found.index : chunk.length;
    this.at.offset += end - i;
    this.at.column += end - i;
    return end;
  }

  /** A character that is not a space, between items: where the list starts or ends, or an item starts. */
  private between(c: number, chunk: string, i: number): void {
    const char = chunk[i];
    if (this.closed) throw this.error(`unexpected '${char}' after the end of the list`);
    if (this.kind === undefined && c === OPEN_LIST) {
      this.kind = 'list';
      this.open.push(CLOSE_LIST);
      return;
    }
    this.kind ??= 'values';
    if (this.kind === 'list' && c === CLOSE_LIST) {
      if (this.afterComma) throw this.error("unexpected ']' after ','");
      this.open.pop();
      this.closed = true;
      return;
    }
    if (this.kind === 'list' && c === COMMA) throw this.error("unexpected ',' where an item should be");
    this.item = { pieces: [], start: { ...this.at }, from: i };
    this.afterComma = false;
    this.bracket(c, char);
  }

  /** A character inside an item: in a list the item ends at a ',' or ']' of the list; among values, as it closes. */
  private inItem(c: number, chunk: string, i: number): void {
    if (this.kind === 'list' && this.open.length === 1 && (c === COMMA || c === CLOSE_LIST)) {
      this.finish(chunk.slice((this.item as { from: number }).from, i));
      if (c === CLOSE_LIST) {
        this.open.pop();
        this.closed = true;
      } else this.afterComma = true;
      return;
    }
    if (this.kind === 'values' && this.open.length === 0 && isSpace(c)) {
      this.finish(chunk.slice((this.item as { from: number }).from, i));
      return;
    }
    this.bracket(c, chunk[i]);
    if (this.kind === 'values' && this.open.length === 0 && (c === CLOSE_OBJECT || c === CLOSE_LIST))
      this.finish(chunk.slice((this.item as { from: number }).from, i + 1));
  }

  private bracket(c: number, char: string | undefined): void {
    if (c === QUOTE) this.inString = true;
    else if (c === OPEN_LIST) this.open.push(CLOSE_LIST);
    else if (c === OPEN_OBJECT) this.open.push(CLOSE_OBJECT);
    else if (c === CLOSE_LIST || c === CLOSE_OBJECT) {
      const expected = this.open.pop();
      if (expected !== c)
        throw this.error(expected ? `expected '${String.fromCharCode(expected)}' but found '${char}'` : `unexpected '${char}'`);
    }
  }

  private finish(last: string): void {
    const { pieces, start } = this.item as { pieces: string[]; start: Position };
    this.item = undefined;
    this.onItem({ text: pieces.length ? pieces.join('') + last : last, start });
  }

  private advance(c: number): void {
    this.at.offset++;
    if (c === NEWLINE) {
      this.at.line++;
      this.at.column = 1;
    } else this.at.column++;
  }

  private error(what: string): SyntaxError {
    return new SyntaxError(`line ${this.at.line}, column ${this.at.column}: ${what}`);
  }
}

/**
 * Parses one item found by JsonItemScanner. A syntax error throws a SyntaxError at the item's line and column
 * in the file (JSON.parse's own position is within the item).
 */
export function parseItem(item: JsonItemText): unknown {
  if ('value' in item) return item.value;
  const { text, start } = item;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const at = position ? positionIn(text, start, Number(position[1])) : start;
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new SyntaxError(`line ${at.line}, column ${at.column}: ${reason}`);
  }
}

/** The position of character `index` of an item that starts at `start`. */
export function positionIn(text: string, start: Position, index: number): Position {
  let { line, column } = start;
  for (let k = 0; k < index && k < text.length; k++) {
    if (text.charCodeAt(k) === NEWLINE) {
      line++;
      column = 1;
    } else column++;
  }
  return { offset: start.offset + index, line, column };
}
