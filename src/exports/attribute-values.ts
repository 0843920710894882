import { suggest } from '../diagnostics/messages.js';
import type { Attribute } from '../rubric/model.js';
import { canonicalId } from './identities.js';
import { normalizeLabel, YES_NO } from './labels.js';
import { type NumberFormat, readNumber } from './numbers.js';

/** An attribute's value as policies read it. */
export type AttributeValue = string | number | boolean;

/** An attribute's cell read: its value (undefined: blank), and why it may not be what policies expect. */
export interface AttributeReading {
  value: AttributeValue | undefined;
  problem?: { reason: string; hint?: string; suggestion?: string };
}

/** What an attribute is read as; an attribute the rubric does not declare is an open category. */
export type AttributeShape = Pick<Attribute, 'type' | 'values' | 'labels' | 'min' | 'max'>;

/** An attribute the rubric does not declare. */
export const OPEN_CATEGORY: AttributeShape = Object.freeze({ type: 'category' });

const BLANK: AttributeReading = Object.freeze({ value: undefined });
const NUMERIC = /^[+\-\u2212]?[0-9\u0660-\u0669\u06f0-\u06f9.,]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z)?$/;

/**
 * Reads a subject attribute's cell by its declared type. A category is compared as labels are (case, direction
 * marks and spacing ignored) with its values and their labels in every locale, and given as declared
 * (`ערבי` → `arab`); numbers in the export's format, within the declared range; a percentage as written in
 * percent (`75` or `75%`); a boolean in words of the shipped locales; a date as YYYY-MM-DD. A value that does
 * not read comes back as written, with the problem: the caller decides whether to keep it.
 */
export function readAttribute(text: string, attribute: AttributeShape, numbers: NumberFormat | undefined): AttributeReading {
  const written = canonicalId(text.trim());
  if (written === '') return BLANK;
  switch (attribute.type) {
    case 'category':
      return attribute.values ? readCategory(written, attribute) : readOpen(written, numbers);
    case 'boolean': {
      const yes = YES_NO.yes.includes(normalizeLabel(written));
      const no = YES_NO.no.includes(normalizeLabel(written));
      return yes || no ? { value: yes } : problem(written, 'not yes or no', 'Write yes or no (כן / لا / true / false).');
    }
    case 'date':
      return readDate(written);
    default:
      return readQuantity(written, attribute, numbers);
  }
}

/** A category with declared values: a value's id, or its label in any locale. */
function readCategory(written: string, attribute: AttributeShape): AttributeReading {
  const declared = attribute.values ?? [];
  const key = normalizeLabel(written);
  const n = NUMERIC.test(written) ? readNumber(written) : undefined;
  const found = declared.find((v) => {
    if (typeof v === 'number') return n !== undefined && 'value' in n && n.value === v;
    if (normalizeLabel(v) === key) return true;
    const label = attribute.labels?.[v];
    return label !== undefined && labelTexts(label).some((t) => normalizeLabel(t) === key);
  });
  if (found !== undefined) return { value: found };
  const names = declared.flatMap((v) => [String(v), ...labelTexts(attribute.labels?.[String(v)])].map((t) => [t, v] as const));
  const near = suggest(
    written,
    names.map(([t]) => t),
  );
  const suggestion = names.find(([t]) => t === near)?.[1];
  return {
    value: n && 'value' in n ? n.value : written,
    problem: {
      reason: 'not one of the values the rubric declares',
      ...(suggestion === undefined ? {} : { suggestion: String(suggestion) }),
    },
  };
}

const labelTexts = (label: string | Readonly<Record<string, string>> | undefined): string[] =>
  label === undefined ? [] : typeof label === 'string' ? [label] : Object.values(label);

/** An undeclared category: a number in the export's format is a number; two readings stay text, with a problem. */
function readOpen(written: string, numbers: NumberFormat | undefined): AttributeReading {
  const n = NUMERIC.test(written) && !written.endsWith('%') ? readNumber(written, numbers) : undefined;
  if (n === undefined) return { value: written };
  if ('value' in n) return { value: n.value };
  return n.hint === undefined ? { value: written } : { value: written, problem: { reason: n.invalid, hint: n.hint } };
}

/** An integer, number or percentage, within its declared range. */
function readQuantity(written: string, attribute: AttributeShape, numbers: NumberFormat | undefined): AttributeReading {
  const percent = attribute.type === 'percentage' && /%$/.test(written);
  const n = readNumber(percent ? written.slice(0, -1).trim() : written, numbers);
  if (!('value' in n)) return problem(written, n.invalid, n.hint);
  if (attribute.type === 'integer' && !Number.isInteger(n.value)) return problem(written, 'not a whole number');
  const { min, max } = attribute;
  if ((min !== undefined && n.value < min) || (max !== undefined && n.value > max))
    return problem(written, `outside the declared range ${min ?? '…'}–${max ?? '…'}`);
  return { value: n.value };
}

/** A calendar date written YYYY-MM-DD (a spreadsheet's date cell reads so too). */
function readDate(written: string): AttributeReading {
  const m = ISO_DATE.exec(written);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1)
    return problem(written, 'not a date written YYYY-MM-DD', 'Write the date as year-month-day, e.g. 2026-03-31.');
  return { value: `${m[1]}-${m[2]}-${m[3]}` };
}

const problem = (written: string, reason: string, hint?: string): AttributeReading => ({
  value: written,
  problem: hint === undefined ? { reason } : { reason, hint },
});
