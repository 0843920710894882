import type { AnswerValue } from '../assessment/model.js';
import type { Scale } from '../rubric/model.js';
import { answerPoints, NO_NOT_APPLICABLE } from '../score/answer-points.js';
import type { LocalizedText } from '../text/localized.js';
import { DIRECTION_MARKS } from '../text/marks.js';
import { type NumberFormat, readNumber } from './numbers.js';
import { isSpreadsheetError } from './table.js';

// direction marks and embeddings (LRM, RLM, ALM, LRE…PDF, LRI…PDI), Hebrew points and cantillation, Arabic harakat
const INVISIBLE = new RegExp(
  `${DIRECTION_MARKS.source}|[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]|[\u064b-\u065f\u0670]`,
  'g',
);

/** A label in the form compared: NFC, no direction marks or vowel points, case and surrounding space ignored. */
export function normalizeLabel(label: string): string {
  return label.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');
}

/** Words that mean yes or no in the locales mahvan ships, beside a scale's own labels. */
const YES = ['yes', 'y', 'true', '1', 'כן', 'نعم'];
const NO = ['no', 'n', 'false', '0', 'לא', 'لا'];
export const YES_NO = { yes: YES, no: NO } as const;

const texts = (text: LocalizedText | undefined): string[] =>
  text === undefined ? [] : typeof text === 'string' ? [text] : Object.values(text);

/** Every label that names a value of a scale, normalized, with the value it stands for. */
export function scaleLabels(scale: Scale, extra: Readonly<Record<string, AnswerValue>> = {}): Map<string, AnswerValue> {
  const labels = new Map<string, AnswerValue>();
  const add = (label: string, value: AnswerValue) => {
    const key = normalizeLabel(label);
    if (key && !labels.has(key)) labels.set(key, value);
  };
  for (const [label, value] of Object.entries(extra)) add(label, value);
  switch (scale.type) {
    case 'ordinal':
      for (const level of scale.levels) {
        add(level.key, level.points);
        for (const t of texts(level.label)) add(t, level.points);
      }
      break;
    case 'boolean':
      for (const level of scale.levels) for (const t of texts(level.label)) add(t, level.key === 'yes');
      for (const y of YES) add(y, true);
      for (const n of NO) add(n, false);
      break;
    case 'checklist':
      for (const option of scale.levels) {
        add(option.key, option.key);
        for (const t of texts(option.label)) add(t, option.key);
      }
      break;
    case 'numeric':
      break;
  }
  return labels;
}

/** What a cell says: a value, not applicable, nothing, or something that is not a value of the scale (why, and what to do). */
export type CellReading = { value: AnswerValue } | { na: true } | { missing: true } | { invalid: string; hint?: string };

/**
 * Reads a cell as an answer on a scale: labels in any of the rubric's locales (or the mapping's), numbers for
 * numeric scales ("85", "85%", "85,5"; read by readNumber in the export's `numbers` format, undeclared when
 * omitted), and lists of options for checklists, split by `separator`. A reading
 * the scorer would not count (a number outside the scale, "not applicable" where the scale has no such
 * answer) is invalid here already, so that the cell is named and the export's `invalid` policy applies.
 */
export function readCell(
  cell: string,
  scale: Scale,
  labels: ReadonlyMap<string, AnswerValue>,
  notApplicable: ReadonlySet<string>,
  separator: RegExp,
  numbers?: NumberFormat,
): CellReading {
  const key = normalizeLabel(cell);
  if (key === '') return { missing: true };
  if (notApplicable.has(key)) return scale.notApplicable ? { na: true } : { invalid: NO_NOT_APPLICABLE };
  if (isSpreadsheetError(cell.trim())) return { invalid: 'a spreadsheet error (a formula that failed), not an answer' };
  // no answer spans lines: a quote opened in this cell and closed rows later joined those rows into it
  if (/[\r\n]/.test(cell.trim()) && scale.type !== 'checklist')
    return { invalid: 'text over several lines, not an answer (a stray quote may have joined the rows after it into this cell)' };
  const reading = readValue(cell, key, scale, labels, separator, numbers);
  if (!('value' in reading)) return reading;
  const points = answerPoints(scale, reading.value);
  return 'invalid' in points ? { invalid: points.invalid } : reading;
}

function readValue(
  cell: string,
  key: string,
  scale: Scale,
  labels: ReadonlyMap<string, AnswerValue>,
  separator: RegExp,
  numbers: NumberFormat | undefined,
): CellReading {
  switch (scale.type) {
    case 'numeric': {
      const n = readNumber(key, numbers);
      // a text that reads as two numbers is read as the one the scale's range allows, when only one fits
      const range = scale.numeric;
      const fits = 'readings' in n && range ? n.readings?.filter((v) => v >= range.min && v <= range.max) : undefined;
      return fits?.length === 1 ? { value: fits[0] as number } : n;
    }
    case 'checklist': {
      const whole = labels.get(key);
      if (whole !== undefined) return { value: [whole as string] };
      return splitOptions(cell, separator, labels);
    }
    default: {
      const value = labels.get(key);
      if (value !== undefined) return { value };
      const n = scale.type === 'ordinal' && !key.endsWith('%') ? readNumber(key, numbers) : undefined;
      if (n && 'value' in n && scale.levels.some((l) => l.points === n.value)) return { value: n.value };
      return { invalid: 'not a label or value of the scale' };
    }
  }
}

/**
 * Splits a multiple-choice cell into options. Tools join the chosen labels with a separator that may also
 * occur inside a label (Google Forms joins with ", "), so at each place the longest run of pieces that is a
 * known label wins.
 */
function splitOptions(cell: string, separator: RegExp, labels: ReadonlyMap<string, AnswerValue>): CellReading {
  const capture = new RegExp(`(${separator.source})`, separator.flags.replace('g', ''));
  const pieces = cell.split(capture); // labels at even indices, separators at odd ones
  const ids: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let found: { id: string; next: number } | undefined;
    for (let j = pieces.length - 1; j >= i; j -= 2) {
      const id = labels.get(normalizeLabel(pieces.slice(i, j + 1).join('')));
      if (id !== undefined) {
        found = { id: id as string, next: j + 2 };
        break;
      }
    }
    if (!found) {
      const piece = normalizeLabel(pieces[i] ?? '');
      if (piece === '') {
        i += 2;
        continue;
      }
      return { invalid: `'${piece}' is not an option` };
    }
    ids.push(found.id);
    i = found.next;
  }
  return { value: ids };
}
