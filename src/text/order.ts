/** Text in code-unit order, as `Array.prototype.sort` orders strings: the same on every machine and locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A copy sorted by subject id: the order of every table, report and summary. */
export const bySubjectId = <T extends { subject: { id: string } }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => compareText(a.subject.id, b.subject.id));
