// direction marks, embeddings and isolates, the BOM, and the soft hyphen, which shows only at a line break;
// vowel points are visible and stay
const INVISIBLE = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00ad]/g;
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
 * are one subject, shown as first written (without invisible marks). Remembers each written form once (rows
 * of a subject repeat it), so a merge is reported at the first cell of each new form.
 */
export class SubjectIds {
  private readonly written = new Map<string, string>();
  private readonly folded = new Map<string, { id: string; cell: string }>();

  resolve(text: string, cell: () => string): ResolvedId {
    const known = this.written.get(text);
    if (known !== undefined) return { id: known };
    const id = canonicalId(text);
    const key = id.toLocaleLowerCase('en');
    const first = this.folded.get(key);
    if (first === undefined) {
      this.folded.set(key, { id, cell: cell() });
      this.written.set(text, id);
      return { id };
    }
    this.written.set(text, first.id);
    return { id: first.id, merged: { first: first.cell, by: id === first.id ? 'marks' : 'case' } };
  }
}
