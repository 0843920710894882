/**
 * Characters that input must not be allowed to act on a terminal or a document with: control characters (C0
 * but tab and line breaks, DEL, C1, whose CSI starts escape sequences as ESC [ does) and the bidirectional
 * overrides and isolates that reorder a line. Shown as their code instead, never obeyed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being neutralized
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks a terminal or Markdown acts on: CR LF, a bare CR or LF, and the Unicode line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/** A character as its code: [U+001B]. */
const codePoint = (c: string) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;

/** Text from input with its control and direction-override characters shown as codes (line breaks kept). */
export const inert = (text: string): string => text.replace(CONTROLS, codePoint);

/** Text from input for one line of a terminal: controls and line breaks shown as codes, so it stays one line. */
export const visibleLine = (text: string): string => inert(text).replace(LINE_BREAKS, (b) => [...b].map(codePoint).join(''));

/** Text from input on one line of a document: controls shown as codes, line breaks as spaces. */
export const oneLine = (text: string): string => inert(text).replace(LINE_BREAKS, ' ');
