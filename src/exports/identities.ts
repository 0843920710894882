import { DIRECTION_MARKS } from '../text/marks.js';

// direction marks and the soft hyphen, which shows only at a line break; vowel points are visible and stay
const INVISIBLE = new RegExp(`${DIRECTION_MARKS.source}|\u00ad`, 'g');
// hyphens and dashes typed or pasted into ids (non-breaking hyphen, figure dash, en dash, minus, maqaf)
const DASHES = /[\u2010-\u2013\u2212\u05be\ufe63\uff0d]/g;
const SPACES = /[\s\u00a0\u202f\u2007]+/g;
const PLAIN = /^[\x21-\x7e]*$/;

/**
 * An id as compared: NFC, without direction marks or soft hyphens, every hyphen or dash as '-',
 * runs of space as one. Plain ASCII without spaces (most ids) is returned as it is, without work.
 */
export function canonicalId(text: string): string {
  if (PLAIN.test(text)) return text;
  return text.normalize('NFC').replace(INVISIBLE, '').replace(DASHES, '-').replace(SPACES, ' ').trim();
}

/** A subject id resolved: the id rows of this subject share, and, the first time another written form joins it, how. */
export interface ResolvedId {
  id: string;
  merged?: { first: string; by: 'case' | 'marks' };
}

/**
 * Subject ids of one export, resolved so that forms differing only in case, direction marks, hyphens or spaces
 * are one subject, shown as first written (without invisible marks). One entry per subject: its first written
 * form and row; a form that merges into it is reported at its first cell only.
 */
export class SubjectIds {
  private readonly subjects = new Map<string, { id: string; written: string; row: number }>();
  private readonly merged = new Set<string>();

  constructor(private readonly cellOf: (row: number) => string) {}

  resolve(text: string, row: number): ResolvedId {
    const id = canonicalId(text);
    const key = id.toLowerCase();
    const first = this.subjects.get(key);
    if (first === undefined) {
      this.subjects.set(key, { id, written: text, row });
      return { id };
    }
    if (text === first.written || this.merged.has(text)) return { id: first.id };
    this.merged.add(text);
    return { id: first.id, merged: { first: this.cellOf(first.row), by: id === first.id ? 'marks' : 'case' } };
  }
}
