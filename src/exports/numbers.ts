import { DIRECTION_MARKS } from '../text/marks.js';

/**
 * One grammar for numbers typed into survey cells, the same for answers on numeric scales, ordinal values
 * given as numbers and subject attributes: an optional sign, digits (Western or Arabic-Indic), separators
 * between groups, an optional decimal part and an optional trailing `%`. Nothing else is a number: no
 * exponents, no `0x`/`0b` prefixes, no `Infinity`. A text that two conventions read as two different numbers
 * (`5,500`: five and a half, or five thousand five hundred) is refused with a hint, never guessed.
 */

/** How an export writes numbers, as its mapping declares (`numbers:`). Undeclared, only unambiguous texts are read. */
export interface NumberFormat {
  decimal: '.' | ',';
  /** What groups thousands; '' when nothing does. */
  thousands: ',' | '.' | ' ' | "'" | '';
}

/**
 * A number read, or why the text is not one (with what the user can do); an ambiguous text carries both its
 * readings, so that a scale's range can rule one out.
 */
export type NumberReading = { value: number } | { invalid: string; hint?: string; readings?: readonly [number, number] };

const NOT_A_NUMBER: NumberReading = Object.freeze({ invalid: 'not a number' });
const DECLARE = "Declare how the export writes numbers in the mapping, e.g. numbers: { decimal: '.', thousands: ',' }.";

/** Arabic-Indic digits, the Unicode minus and the spaces and apostrophes that group digits, in the forms parsed below. */
function canonical(text: string): string {
  return (
    text
      .replace(DIRECTION_MARKS, '')
      // ٠–٩ (U+0660…) and ۰–۹ (U+06F0…): the digit is the code's last hex digit
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf))
      .replace(/\u2212/g, '-')
      .replace(/[\u00a0\u202f\u2009]/g, ' ')
      .replace(/\u2019/g, "'")
      .trim()
  );
}

const SHAPE = /^([+-])?\s*([0-9]*(?:[.,' \u066b\u066c][0-9]+)*)\s*(%?)$/;

/**
 * Reads a cell's text as a number, in the export's declared format or, undeclared, in the one reading every
 * convention agrees on. `85%` reads as 85: percentages are points on the scale as written.
 */
export function readNumber(text: string, format?: NumberFormat): NumberReading {
  const m = SHAPE.exec(canonical(text));
  const body = m?.[2];
  if (!m || !body || !/[0-9]/.test(body)) return NOT_A_NUMBER;
  const runs = body.split(/[.,' \u066b\u066c]/);
  const separators = body.match(/[.,' \u066b\u066c]/g) ?? [];
  const decimal = decimalAt(runs, separators, format);
  if (typeof decimal === 'object') {
    const { readings } = decimal as { readings?: readonly [number, number] };
    return readings && m[1] === '-' ? { ...decimal, readings: [-readings[0], -readings[1]] } : decimal;
  }
  // every separator before the decimal one groups thousands, all with one character: a first group of 1–3
  // digits, then groups of 3
  for (let i = 0; i < (decimal < 0 ? separators.length : decimal); i++) {
    const s = separators[i] as string;
    const grouping = format ? s === format.thousands || s === '\u066c' : s !== '\u066b';
    const before = runs[i] as string;
    const after = runs[i + 1] as string;
    if (!grouping || s !== separators[0] || after.length !== 3) return misplaced(format);
    if (i === 0 && (before.length === 0 || before.length > 3 || /^0/.test(before))) return misplaced(format);
  }
  const whole = runs.slice(0, decimal < 0 ? runs.length : decimal + 1).join('');
  const fraction = decimal < 0 ? '' : `.${runs.slice(decimal + 1).join('')}`;
  const value = Number(`${m[1] ?? ''}${whole || '0'}${fraction}`);
  return Number.isFinite(value) ? { value } : NOT_A_NUMBER;
}

/**
 * Which separator (by index) is the decimal one, -1 for none, or why the text is ambiguous or malformed. Only
 * the last separator can be decimal; it is when the format says so, or, undeclared, when it is the Arabic
 * decimal separator, or a point or comma that cannot be grouping (it differs from the separators before it,
 * or it is not followed by exactly three digits, or follows a leading 0). A lone point or comma that could be
 * either (`1.500`, `5,500`) is ambiguous.
 */
function decimalAt(runs: readonly string[], separators: readonly string[], format?: NumberFormat): number | NumberReading {
  const last = separators.length - 1;
  if (last < 0) return -1;
  const s = separators[last] as string;
  const earlier = separators.slice(0, last);
  if (format) {
    const decimals = separators.filter((x) => x === format.decimal || x === '\u066b').length;
    if (decimals > 1 || (decimals === 1 && s !== format.decimal && s !== '\u066b')) return misplaced(format);
    return decimals === 1 ? last : -1;
  }
  if (s === '\u066b') return last;
  if (s !== '.' && s !== ',') return -1;
  if (earlier.length > 0) return earlier.every((x) => x === s) ? -1 : last;
  const [before, after] = runs as [string, string];
  const couldGroup = after.length === 3 && before.length >= 1 && before.length <= 3 && !before.startsWith('0');
  if (!couldGroup) return last;
  const name = s === '.' ? 'point' : 'comma';
  const readings = [Number(`${before}.${after}`), Number(`${before}${after}`)] as const;
  return {
    invalid: `'${before}${s}${after}' reads as ${readings[0]} with a decimal ${name} and as ${readings[1]} with a thousands ${name}`,
    hint: DECLARE,
    readings,
  };
}

function misplaced(format?: NumberFormat): NumberReading {
  if (!format) return { invalid: 'separators in places no number format puts them', hint: DECLARE };
  const thousands = format.thousands === '' ? 'nothing' : `'${format.thousands}'`;
  return {
    invalid: `not a number in this export's format (decimal '${format.decimal}', thousands grouped by ${thousands})`,
    hint: 'Correct the cell, or change numbers: in the mapping if the export writes numbers another way.',
  };
}
