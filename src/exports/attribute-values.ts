import { canonicalId } from './identities.js';
import { normalizeLabel } from './labels.js';
import { type NumberFormat, readNumber } from './numbers.js';

/** An attribute's cell read: its value (undefined: blank), and why it may not be what policies expect. */
export interface AttributeReading {
  value: string | number | undefined;
  problem?: { reason: string; hint?: string };
}

const BLANK: AttributeReading = Object.freeze({ value: undefined });
const NUMERIC = /^[+\-\u2212]?[0-9\u0660-\u0669\u06f0-\u06f9.,]/;

/**
 * Reads a subject attribute's cell. Against declared values it is compared as labels are (case, direction
 * marks and spacing ignored) and given as declared (`Arab` → `arab`); a value not declared is kept as
 * written, with a problem to report. Undeclared, a number in the export's format is a number; a text that
 * reads as two numbers is kept as text, with a problem.
 */
export function readAttribute(
  text: string,
  declared: readonly (string | number)[] | undefined,
  numbers: NumberFormat | undefined,
): AttributeReading {
  const written = canonicalId(text.trim());
  if (written === '') return BLANK;
  const n = NUMERIC.test(written) && !written.endsWith('%') ? readNumber(written, numbers) : undefined;
  if (declared) {
    const key = normalizeLabel(written);
    const found = declared.find((v) =>
      typeof v === 'number' ? n !== undefined && 'value' in n && n.value === v : normalizeLabel(v) === key,
    );
    if (found !== undefined) return { value: found };
    return { value: n && 'value' in n ? n.value : written, problem: { reason: 'not one of the values the rubric declares' } };
  }
  if (n === undefined) return { value: written };
  if ('value' in n) return { value: n.value };
  return n.hint === undefined ? { value: written } : { value: written, problem: { reason: n.invalid, hint: n.hint } };
}
